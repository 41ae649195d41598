#!/usr/bin/env bash
# The demo behind `./run demo`: mint a gpsession token with a freshly generated key,
# verify it with gatewayd, and print both.
set -euo pipefail
BUILD="$1"
GATEWAYD="$BUILD/gatewayd/gatewayd"
DEMO="$BUILD/demo"
mkdir -p "$DEMO"
chmod 700 "$DEMO"

# A new 256-bit HMAC secret for every demo run (HS256, as the original pmproxy used).
secret="$DEMO/jwt.secret"
( umask 077; head -c 32 /dev/urandom | base64 | tr -d '\n' > "$secret" )

token=$("$GATEWAYD" token mint --key "$secret" --kid demo --ip 127.0.0.1 \
  --upstream localhost:8443 --platform idrac9 --ttl 600 --sub demo@example.com)

echo "gpsession link:"
echo "  pmproxy://gpsession?token=$token"
echo
echo "verified claims (gatewayd token verify):"
"$GATEWAYD" token verify --key "$secret" "$token"
