#!/usr/bin/env python3
"""Interoperability of `gatewayd token mint/verify` with an independent JWT
implementation (PyJWT + cryptography, Debian packages python3-jwt and
python3-cryptography), for one algorithm per run.

Checks, in order:
  1. PyJWT's tokens verify in gatewayd, and the printed claims equal the minted ones;
  2. tampered, expired, not-yet-valid, `alg: none`, algorithm-confused and
     wrong-key-type tokens are refused with a reason and a non-zero exit;
  3. tokens from `gatewayd token mint` verify in PyJWT.
Exit status 0 when all hold; otherwise the failures are printed.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_key(alg):
    """Returns (private key object or secret bytes, private file bytes, public file bytes)."""
    if alg.startswith("HS"):
        secret = os.urandom(64)
        return secret, secret, secret
    if alg.startswith(("RS", "PS")):
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    elif alg == "ES256":
        key = ec.generate_private_key(ec.SECP256R1())
    elif alg == "ES384":
        key = ec.generate_private_key(ec.SECP384R1())
    elif alg == "EdDSA":
        key = ed25519.Ed25519PrivateKey.generate()
    else:
        raise SystemExit(f"unknown algorithm {alg}")
    priv = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    pub = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    return key, priv, pub


def other_type_key(alg):
    """A public key of another type than the algorithm needs."""
    if alg.startswith("ES") or alg == "EdDSA":
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    else:
        key = ec.generate_private_key(ec.SECP256R1())
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def write(dirname, name, data):
    path = os.path.join(dirname, name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def run(gatewayd, *args):
    return subprocess.run([gatewayd, *args], capture_output=True, text=True, timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gatewayd", required=True)
    ap.add_argument("--alg", required=True)
    a = ap.parse_args()
    alg, gw = a.alg, a.gatewayd

    with tempfile.TemporaryDirectory() as d:
        key, priv, pub = make_key(alg)
        priv_file = write(d, "priv.key", priv)
        pub_file = write(d, "pub.key", pub)
        now = int(time.time())
        claims = {"exp": now + 300, "iat": now, "nbf": now - 5, "ip": "10.1.2.3",
                  "upstream": "gw1.example.com", "platform": "idrac9", "port": 443,
                  "sub": "tech@example.com", "jti": "t-" + alg}

        # 1. PyJWT's token verifies in gatewayd with the claims intact.
        token = jwt.encode(claims, key, algorithm=alg)
        r = run(gw, "token", "verify", "--key", pub_file, token)
        check(r.returncode == 0, f"{alg}: PyJWT token verifies (exit {r.returncode}: {r.stderr.strip()})")
        if r.returncode == 0:
            printed = json.loads(r.stdout)
            check(all(printed.get(k) == v for k, v in claims.items()),
                  f"{alg}: printed claims equal the minted ones")

        # 2. Refusals, each with a reason on stderr and a non-zero exit.
        def refused(tok, what, expect_code=None, key_file=pub_file, reason=None):
            res = run(gw, "token", "verify", "--key", key_file, tok)
            ok = res.returncode != 0 and res.stderr.strip() != ""
            if expect_code is not None:
                ok = ok and res.returncode == expect_code
            if reason is not None:
                ok = ok and reason in res.stderr
            check(ok, f"{alg}: {what} refused (exit {res.returncode}: {res.stderr.strip()})")

        h, p, s = token.split(".")
        tampered_claims = dict(claims, ip="10.9.9.9")
        refused(f"{h}.{b64url(json.dumps(tampered_claims).encode())}.{s}", "tampered payload",
                reason="signature")
        sig = bytearray(base64.urlsafe_b64decode(s + "=" * (-len(s) % 4)))
        sig[len(sig) // 2] ^= 0x01
        refused(f"{h}.{p}.{b64url(bytes(sig))}", "tampered signature", reason="signature")
        refused(jwt.encode(dict(claims, exp=now - 3600, iat=now - 7200, nbf=now - 7200), key,
                           algorithm=alg), "expired", expect_code=3, reason="expired")
        refused(jwt.encode(dict(claims, nbf=now + 3600), key, algorithm=alg), "not yet valid",
                reason="not yet valid")
        none_hdr = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        refused(f"{none_hdr}.{p}.", "alg none", reason="none")
        none_hdr2 = b64url(json.dumps({"alg": "NoNe"}).encode())
        refused(f"{none_hdr2}.{p}.", "alg NoNe")
        if not alg.startswith("HS"):
            # Algorithm confusion: HMAC with the public key's PEM bytes as the secret.
            hs_hdr = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
            mac = hmac.new(pub, f"{hs_hdr}.{p}".encode(), hashlib.sha256).digest()
            refused(f"{hs_hdr}.{p}.{b64url(mac)}", "HS256 signed with the public key (confusion)")
            # Wrong key type: the right algorithm, verified against a key of another type.
            other = write(d, "other.pub", other_type_key(alg))
            refused(token, "token checked against a key of another type", key_file=other)
        else:
            # An HS token whose secret file holds a public key PEM is refused.
            rsa_pub = other_type_key("ES256")
            pem_file = write(d, "pem.secret", rsa_pub)
            hs_hdr = b64url(json.dumps({"alg": alg, "typ": "JWT"}).encode())
            digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384, "HS512": hashlib.sha512}[alg]
            mac = hmac.new(rsa_pub, f"{hs_hdr}.{p}".encode(), digest).digest()
            refused(f"{hs_hdr}.{p}.{b64url(mac)}", "HMAC secret that is a public key PEM",
                    key_file=pem_file)

        # 3. gatewayd's tokens verify in PyJWT.
        r = run(gw, "token", "mint", "--key", priv_file, "--alg", alg, "--kid", "k-" + alg,
                "--ip", "10.1.2.3", "--upstream", "gw1.example.com:8443", "--port", "8443",
                "--platform", "ilo5", "--agent", "site-a", "--ttl", "120", "--sub", "tech")
        check(r.returncode == 0, f"{alg}: gatewayd mints (exit {r.returncode}: {r.stderr.strip()})")
        if r.returncode == 0:
            minted = r.stdout.strip()
            verify_key = key if alg.startswith("HS") else serialization.load_pem_public_key(pub)
            try:
                got = jwt.decode(minted, verify_key, algorithms=[alg])
                hdr = jwt.get_unverified_header(minted)
                check(hdr.get("alg") == alg and hdr.get("kid") == "k-" + alg,
                      f"{alg}: minted header names alg and kid")
                check(got["ip"] == "10.1.2.3" and got["upstream"] == "gw1.example.com:8443"
                      and got["port"] == 8443 and got["platform"] == "ilo5"
                      and got["agent"] == "site-a" and got["sub"] == "tech",
                      f"{alg}: minted claims read back in PyJWT")
                check(abs(got["exp"] - got["iat"] - 120) <= 1 and abs(got["iat"] - now) <= 60,
                      f"{alg}: minted exp = iat + ttl")
            except jwt.PyJWTError as e:
                check(False, f"{alg}: PyJWT verifies gatewayd's token ({e})")

    print(f"{alg}: {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
