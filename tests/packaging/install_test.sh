#!/usr/bin/env bash
# The packages installed on this machine as an operator would (README "Packages"):
# apt-get installs both .deb, the installed programs run, the units verify against the
# installed files, and gatewayd started as the package's user with the unit's command line
# saves a POST /api/v1/apply to /etc/gatewayd and keeps its database in /var/lib/gatewayd.
# Everything is purged afterwards, also on failure. Root only (CI runs as root).
# Usage: install_test.sh PACKAGES_DIR VERSION
set -euo pipefail
debs="$1" version="$2"
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || skip "installing packages needs root (CI runs ./run test as root)"
# One install test at a time on this machine, whichever checkout runs it.
exec 9>/tmp/pmproxy-packaging-install.lock
flock 9

marker=/var/tmp/pmproxy-packaging-test.state
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
if [ ! -f "$marker" ]; then
  for p in gatewayd pmproxy; do
    installed "$p" && skip "package $p is installed on this machine and not by this test: not touching it"
  done
  [ -e /etc/gatewayd ] && skip "/etc/gatewayd exists and not by this test: not touching it"
  if getent passwd gatewayd >/dev/null; then echo user_created=0 >"$marker"; else echo user_created=1 >"$marker"; fi
fi
# A run killed before its clean-up left the marker: this run cleans up after it too.

gw_pid=""
cleanup() {
  set +e
  [ -n "$gw_pid" ] && kill "$gw_pid" 2>/dev/null && wait "$gw_pid" 2>/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=300 gatewayd pmproxy >/dev/null 2>&1
  rm -rf /etc/gatewayd /var/lib/gatewayd
  if grep -q user_created=1 "$marker" 2>/dev/null; then
    userdel gatewayd 2>/dev/null
    groupdel gatewayd 2>/dev/null
  fi
  rm -f "$marker"
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends -o DPkg::Lock::Timeout=300 \
  "$(realpath "$debs"/gatewayd_"$version"_*.deb)" "$(realpath "$debs"/pmproxy_"$version"_*.deb)" >/dev/null ||
  fail "apt-get install of the packages failed"

# The installed programs.
[ "$(/usr/bin/gatewayd --version)" = "gatewayd $version" ] || fail "gatewayd --version: $(/usr/bin/gatewayd --version)"
QT_QPA_PLATFORM=offscreen /usr/bin/pmproxy --version | grep -qF "$version" || fail "pmproxy --version"
work="$(mktemp -d)"
head -c 32 /dev/urandom | base64 >"$work/jwt.secret"
token="$(/usr/bin/gatewayd token mint --key "$work/jwt.secret" --ip 10.0.0.5 --upstream gw.test --ttl 60)" ||
  fail "gatewayd token mint"
/usr/bin/gatewayd token verify --key "$work/jwt.secret" "$token" | grep -q '"10.0.0.5"' || fail "token verify"
rm -rf "$work"

# The user and the directories, set up without systemd running.
getent passwd gatewayd >/dev/null || fail "no user gatewayd"
[ "$(stat -c '%U:%G %a' /etc/gatewayd)" = "root:gatewayd 2770" ] || fail "/etc/gatewayd: $(stat -c '%U:%G %a' /etc/gatewayd)"
[ "$(stat -c '%U:%G %a' /var/lib/gatewayd)" = "gatewayd:gatewayd 750" ] || fail "/var/lib/gatewayd: $(stat -c '%U:%G %a' /var/lib/gatewayd)"

# The units against the installed files (programs, man pages).
for unit in gatewayd.service gatewayd-agent@site-a.service; do
  out="$(systemd-analyze verify "$unit" 2>&1)" || fail "$unit: $out"
  [ -z "$out" ] || fail "systemd-analyze verify $unit: $out"
done

# The example configuration, on loopback port 0, with the files it names.
cd /etc/gatewayd
umask 0027
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=gw.test \
  -keyout key.pem -out cert.pem 2>/dev/null
chmod 0640 key.pem
head -c 32 /dev/urandom | base64 >jwt.secret
head -c 32 /dev/urandom | base64 >api.token
python3 - /usr/share/doc/gatewayd/examples/gatewayd.json >gatewayd.json <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["name"] = "gw.test"
config["listen"] = {"public": "127.0.0.1:0", "api": "127.0.0.1:0"}
json.dump(config, sys.stdout, indent=2)
PY
# The service rewrites its configuration file (README "Packages": mode 0660).
chmod 0660 gatewayd.json
[ "$(stat -c %G key.pem)" = gatewayd ] || fail "a file made in /etc/gatewayd does not get the group gatewayd"

# gatewayd as the unit starts it: its user, its umask, its command line.
exec_start="$(sed -n 's/^ExecStart=//p' /lib/systemd/system/gatewayd.service)"
read -r -a command <<<"$exec_start"
out="$(mktemp)"
setpriv --reuid=gatewayd --regid=gatewayd --init-groups --inh-caps=-all "${command[@]}" >"$out" 2>&1 &
gw_pid=$!
api=""
for _ in $(seq 1 100); do
  api="$(sed -n 's/^gatewayd listening on api //p' "$out")"
  [ -n "$api" ] && break
  kill -0 "$gw_pid" 2>/dev/null || fail "gatewayd exited: $(cat "$out")"
  sleep 0.1
done
[ -n "$api" ] || fail "gatewayd did not listen within 10 s: $(cat "$out")"
[ -f /var/lib/gatewayd/traffic.db ] || fail "no database in /var/lib/gatewayd"
[ "$(stat -c %U /var/lib/gatewayd/traffic.db)" = gatewayd ] || fail "the database is not gatewayd's"

before="$(sha256sum gatewayd.json)"
python3 - gatewayd.json >new.json <<'PY'
import json, sys
config = json.load(open(sys.argv[1]))
config["targets"]["allow"].append("192.0.2.0/24")
json.dump(config, sys.stdout)
PY
answer="$(curl -sS --max-time 10 -H "Authorization: Bearer $(cat api.token)" \
  --data-binary @new.json "http://$api/api/v1/apply")" || fail "apply: curl failed"
echo "$answer" | grep -q '"applied":true' || fail "apply answered: $answer; gatewayd: $(cat "$out")"
[ "$(sha256sum gatewayd.json)" != "$before" ] || fail "the configuration file did not change"
grep -q '192.0.2.0/24' gatewayd.json || fail "the saved configuration lacks the applied change"
[ "$(stat -c %U gatewayd.json)" = gatewayd ] || fail "the saved configuration is not gatewayd's"
kill "$gw_pid"
wait "$gw_pid" || fail "gatewayd did not exit cleanly on SIGTERM: $(cat "$out")"
gw_pid=""
rm -f "$out"

DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=300 gatewayd pmproxy >/dev/null ||
  fail "apt-get purge failed"
[ ! -e /usr/bin/gatewayd ] && [ ! -e /usr/bin/pmproxy ] || fail "purge left the programs"
[ ! -e /var/lib/gatewayd ] || fail "purge left /var/lib/gatewayd"
echo "installed, ran gatewayd as its user (apply saved), purged: ok"
