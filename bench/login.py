#!/usr/bin/env python3
"""bench/login.py URL USER [PASSWORD] — prints a bearer token for USER at URL.

A demo account (data/demo/accounts.json) logs in with its own password and,
for staff, the current TOTP code from its secret; any other account (the
synthetic applicants of `onestop seed --synthetic`) with PASSWORD. Prints
nothing and exits 1 when the login is refused."""
import base64
import hmac
import json
import os
import sys
import time
import urllib.error
import urllib.request


def totp(secret):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, (int(time.time()) // 30).to_bytes(8, "big"), "sha1").digest()
    off = mac[-1] & 15
    return f"{(int.from_bytes(mac[off:off + 4], 'big') & 0x7FFFFFFF) % 10**6:06d}"


def main():
    url, user = sys.argv[1], sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    demo = json.load(open(os.path.join(here, "..", "data", "demo", "accounts.json"), encoding="utf-8"))
    known = next((a for a in demo if a["username"] == user), None)
    body = {"username": user, "password": sys.argv[3] if len(sys.argv) > 3 else known["password"]}
    if known and known.get("totp_secret"):
        body["otp"] = totp(known["totp_secret"])
    req = urllib.request.Request(url + "/api/v1/session", json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
    try:
        token = json.load(urllib.request.urlopen(req, timeout=30)).get("token")
    except urllib.error.HTTPError as e:
        print(f"bench/login.py: {user}: {e.code} {e.read()[:300].decode('utf-8', 'replace')}", file=sys.stderr)
        token = None
    if not token:
        sys.exit(1)
    print(token)


if __name__ == "__main__":
    main()
