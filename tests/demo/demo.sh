#!/usr/bin/env bash
# The demo behind `./run demo`: an emulated iDRAC9 (bmcsim) behind a local gatewayd, a
# gpsession link that opens it in any browser, and the pmproxy app on the same link: its
# window where there is a display; otherwise a screenshot of the app's window saved to
# the demo folder and the app running headless, printing its local URL for any browser.
# Runs until Ctrl-C.
set -euo pipefail
BUILD="$1"
GATEWAYD="$BUILD/gatewayd/gatewayd"
PMPROXY="$BUILD/app/pmproxy"
BMCSIM="$BUILD/tests/bmcsim/bmcsim"
DEMO="$BUILD/demo"
rm -rf "$DEMO"
mkdir -p "$DEMO"
chmod 700 "$DEMO"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
trap 'exit 0' INT TERM

# Waits (bounded) for a process's first stdout line in FILE.
first_line() {
  local file="$1" pid="$2"
  for _ in $(seq 1 100); do
    [ -s "$file" ] && { head -n1 "$file"; return 0; }
    kill -0 "$pid" 2>/dev/null || { echo "demo: process exited early" >&2; return 1; }
    sleep 0.1
  done
  echo "demo: no answer from the process" >&2
  return 1
}

# The gateway's TLS certificate and a fresh HS256 secret for this run.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$DEMO/gateway.key" -out "$DEMO/gateway.pem" 2>/dev/null
( umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' > "$DEMO/jwt.secret" )

"$BMCSIM" --platform idrac9 --listen 127.0.0.1:0 > "$DEMO/bmcsim.out" 2> "$DEMO/bmcsim.log" &
pids+=($!)
bmc=$(first_line "$DEMO/bmcsim.out" $!)
bmc_port=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["port"])' "$bmc")

cat > "$DEMO/gatewayd.json" <<JSON
{
  "name": "localhost",
  "listen": { "public": "127.0.0.1:${PMPROXY_DEMO_PORT:-0}" },
  "tls": { "cert": "gateway.pem", "key": "gateway.key" },
  "auth": { "keys": [ { "kid": "demo", "alg": "HS256", "secretFile": "jwt.secret" } ] },
  "targets": { "allow": [ "127.0.0.0/8" ], "verifyTls": false }
}
JSON
"$GATEWAYD" --config "$DEMO/gatewayd.json" > "$DEMO/gatewayd.out" 2> "$DEMO/gatewayd.log" &
pids+=($!)
gw=$(first_line "$DEMO/gatewayd.out" $!)
gw_port=${gw##*:}

token=$("$GATEWAYD" token mint --key "$DEMO/jwt.secret" --kid demo --ip 127.0.0.1 \
  --port "$bmc_port" --upstream "localhost:$gw_port" --platform idrac9 --ttl 3600 \
  --sub demo@example.com)

echo "Emulated iDRAC9 (bmcsim) on 127.0.0.1:$bmc_port, gatewayd on https://localhost:$gw_port"
echo
echo "Open in any browser (self-signed certificate; log in as root / calvin):"
echo "  https://localhost:$gw_port/gpsession?token=$token"
echo
echo "The same session as a pmproxy link:"
echo "  pmproxy://gpsession?token=$token"
echo
echo "Verified claims:"
"$GATEWAYD" token verify --key "$DEMO/jwt.secret" "$token"
echo
link="pmproxy://gpsession?token=$token"
if [ ! -x "$PMPROXY" ]; then
  echo "(the app is not built here: PMPROXY_BUILD_APP=OFF)"
elif [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Opening the pmproxy window on the link."
  "$PMPROXY" --gateway-ca "$DEMO/gateway.pem" "$link" 2> "$DEMO/pmproxy.log" &
  pids+=($!)
else
  export QT_QPA_PLATFORM=offscreen
  [ "$(id -u)" -eq 0 ] && export QTWEBENGINE_DISABLE_SANDBOX=1
  if "$PMPROXY" --screenshot "$DEMO/pmproxy.png" --gateway-ca "$DEMO/gateway.pem" "$link" \
       2> "$DEMO/pmproxy-screenshot.log"; then
    echo "No display: the app's window (through its tunnel) saved to $DEMO/pmproxy.png"
  else
    echo "demo: the app's screenshot failed (see $DEMO/pmproxy-screenshot.log)" >&2
  fi
  "$PMPROXY" --headless --gateway-ca "$DEMO/gateway.pem" "$link" > "$DEMO/pmproxy.out" \
    2> "$DEMO/pmproxy.log" &
  pids+=($!)
  url=$(first_line "$DEMO/pmproxy.out" $!)
  echo "The app, headless, through its tunnel to gatewayd: open in any browser on this machine"
  echo "  $url"
fi
echo
echo "Logs: $DEMO/gatewayd.log, $DEMO/bmcsim.log, $DEMO/pmproxy.log. Ctrl-C ends the demo."
wait
