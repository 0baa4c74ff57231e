"""Logging in and out: POST/DELETE /api/v1/session, GET /api/v1/me, tokens
(Bearer) and cookies (HttpOnly, SameSite=Strict, with a CSRF token for
writes), throttling of failed logins per account and per client address.

Every test that fails a login on purpose does so from a loopback address of
its own (server.source()), so the shared 127.0.0.1 is never throttled. The
throttle tests move the test build's clock instead of waiting (see HOLD_MS)."""
import secrets
import time

import pytest

from conftest import PASSWORD, invalid, person_body, problem, token_hash, uniq


def cookie_headers(token, csrf=None):
    h = {"Cookie": f"onestop_session={token}"}
    if csrf is not None:
        h["X-CSRF-Token"] = csrf
    return h


def test_login_gives_token_cookie_and_csrf(server):
    body, acc = server.new_person()
    r = server.login_raw(body["username"], body["password"])
    assert r.status_code == 201, r.text
    s = r.json()
    assert len(s["token"]) == 64 and s["token_type"] == "Bearer" and len(s["csrf_token"]) == 64
    assert s["account"]["id"] == acc["id"] and s["expires_at"].endswith("Z")
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith(f"onestop_session={s['token']};")
    for attr in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"):
        assert attr in cookie
    # only the token's hash is stored, with the CSRF token
    rows = server.query("SELECT token_hash, csrf_token FROM sessions WHERE account_id = ?", acc["id"])
    assert rows == [(token_hash(s["token"]), s["csrf_token"])]
    assert server.scalar("SELECT COUNT(*) FROM sessions WHERE token_hash = ?", s["token"]) == 0
    # the login is audited under the account
    assert server.query("SELECT actor_id, actor_role, request_id FROM audit_log WHERE action = 'session.create' "
                        "AND entity_id = ?", acc["id"]) == [(acc["id"], "person", r.headers["X-Request-Id"])]


def test_me_shows_own_id_number_in_clear(server):
    body, acc = server.new_person()
    s = server.login(body["username"], body["password"])
    r = s.get_json("/api/v1/me")
    assert r.status_code == 200
    me = r.json()
    assert me["id"] == acc["id"] and me["id_number"] == body["id_number"] and me["phone"] == body["phone"]
    assert "csrf_token" not in me            # Bearer clients need none
    assert "warnings" not in me              # only administrators get warnings


def test_me_for_admin_has_warnings_list(server):
    me = server.as_user("admin").get_json("/api/v1/me").json()
    assert me["roles"] == ["admin"] and me["department"]["code"] == "gso"
    assert isinstance(me["warnings"], list)


def test_wrong_password_is_401_and_says_nothing_more(server):
    body, _ = server.new_person()
    src = server.source()
    before = server.counts()
    p1 = problem(server.login_raw(body["username"], "Wrong2026x", source=src), 401, "bad-credentials")
    p2 = problem(server.login_raw(uniq("nobody"), "Wrong2026x", source=src), 401, "bad-credentials")
    assert p1["detail"] == p2["detail"]      # unknown user and wrong password look the same
    assert server.counts() == before         # no session, no audit entry


def test_login_bad_bodies(server):
    src = server.source()
    invalid(server.session(src).post(server.url("/api/v1/session"), json={"username": "admin"}), ("password", "required"))
    invalid(server.session(src).post(server.url("/api/v1/session"),
                                     json={"username": "admin", "password": PASSWORD, "otp": 123456}),
            ("otp", "type"))                 # the code is a string: "012345" keeps its zero
    invalid(server.session(src).post(server.url("/api/v1/session"),
                                     json={"username": "admin", "password": PASSWORD, "totp": "1"}),
            ("totp", "unknown_field"))
    invalid(server.session(src).post(server.url("/api/v1/session"), json={"username": 1, "password": PASSWORD}),
            ("username", "type"))


# The throttle allows three failed logins per (client address, account) pair,
# then refuses that pair for 1 s (doubling with each further failure); the
# address alone and the account alone allow ADDRESS_FREE failures (spraying
# from one address, guessing one account from many), so that one guesser
# behind an office's shared address locks out neither colleagues nor the
# account's owner elsewhere (test_rate_limits.py checks that). Counted on the
# platform clock from when the failed request arrived. A failed login costs an
# argon2id verification, which on a loaded machine can take longer than that
# second, so these tests never rely on how fast the server answers and never
# sleep: on the test build (`ts`, a server of this module's own) the clock goes
# back HOLD_MS right after the failures, so the back-off is sure to last while
# the test looks at it, and then forward by Retry-After to see it end.
HOLD_MS = 10 * 60 * 1000
ADDRESS_FREE = 30      # THROTTLE_ADDRESS_FREE and THROTTLE_ACCOUNT_FREE (domain/core/throttle.h)


@pytest.fixture
def clock_ts(ts):
    """The module's test-build server; its clock is set right again afterwards."""
    yield ts
    ts.set_clock(0)


def test_throttle_per_address_and_account(clock_ts):
    ts = clock_ts
    body, _ = ts.new_person()
    a = ts.source()
    # 1-3. three wrong passwords from client A
    for _ in range(3):
        problem(ts.login_raw(body["username"], "Wrong2026x", source=a), 401, "bad-credentials")
    ts.set_clock(ms=-HOLD_MS)
    # 4. the right password from A is now refused too, with Retry-After (the first back-off is 1 s)
    r = ts.login_raw(body["username"], body["password"], source=a)
    problem(r, 429, "throttled")
    assert 1 <= int(r.headers["Retry-After"]) <= HOLD_MS // 1000 + 1
    assert ts.scalar("SELECT COUNT(*) FROM sessions s JOIN accounts a ON a.id = s.account_id "
                     "WHERE a.username = ?", body["username"]) == 0
    # 5. after the wait (Retry-After seconds on the platform clock) the right password works again
    ts.set_clock(ms=-HOLD_MS + int(r.headers["Retry-After"]) * 1000)
    assert ts.login_raw(body["username"], body["password"], source=a).status_code == 201


def test_throttle_per_account_across_addresses(clock_ts):
    ts = clock_ts
    body, _ = ts.new_person()
    # one wrong password from each of ADDRESS_FREE addresses: no pair is throttled, the account is
    for _ in range(ADDRESS_FREE):
        problem(ts.login_raw(body["username"], "Wrong2026x", source=ts.source()), 401, "bad-credentials")
    ts.set_clock(ms=-HOLD_MS)
    r = ts.login_raw(body["username"], body["password"], source=ts.source())
    problem(r, 429, "throttled")
    assert 1 <= int(r.headers["Retry-After"]) <= HOLD_MS // 1000 + 1


def test_throttle_per_client_address(clock_ts):
    ts = clock_ts
    body, _ = ts.new_person()
    c, d = ts.source(), ts.source()
    # failures from client C, each for a different (unknown) account: spraying
    for _ in range(ADDRESS_FREE):
        problem(ts.login_raw(uniq("ghost"), "Wrong2026x", source=c), 401, "bad-credentials")
    ts.set_clock(ms=-HOLD_MS)
    # C is throttled even for an account it never failed on ...
    r = ts.login_raw(body["username"], body["password"], source=c)
    problem(r, 429, "throttled")
    assert 1 <= int(r.headers["Retry-After"]) <= HOLD_MS // 1000 + 1
    # ... while the same account from client D logs in
    assert ts.login_raw(body["username"], body["password"], source=d).status_code == 201


def test_throttle_message_is_localised(clock_ts):
    ts = clock_ts
    src = ts.source()
    for _ in range(3):
        # a wrong password fails whatever the code; a code of its own spends none of the helpers'
        ts.login_raw("admin", "Wrong2026x", source=src, otp="000000")
    ts.set_clock(ms=-HOLD_MS)
    r = ts.session(src).post(ts.url("/api/v1/session"), json={"username": "admin", "password": PASSWORD},
                             headers={"Accept-Language": "en-GB,en;q=0.8"})
    p = problem(r, 429, "throttled")
    assert p["detail"].startswith("Too many failed logins") and p["title"].startswith("Too many")


def test_logout_with_bearer(server):
    body, acc = server.new_person()
    s = server.login(body["username"], body["password"])
    assert s.get_json("/api/v1/me").status_code == 200
    r = s.delete(server.url("/api/v1/session"))
    assert r.status_code == 204 and r.text == ""
    assert "Max-Age=0" in r.headers["Set-Cookie"]
    assert server.scalar("SELECT COUNT(*) FROM sessions WHERE account_id = ?", acc["id"]) == 0
    assert server.query("SELECT actor_id FROM audit_log WHERE action = 'session.delete' AND entity_id = ?",
                        acc["id"]) == [(acc["id"],)]
    # the token is dead
    problem(s.get_json("/api/v1/me"), 401, "unauthorized")
    problem(s.delete(server.url("/api/v1/session")), 401, "unauthorized")


def test_logout_ends_only_that_session(server):
    body, _ = server.new_person()
    s1 = server.login(body["username"], body["password"])
    s2 = server.login(body["username"], body["password"])
    assert s1.delete(server.url("/api/v1/session")).status_code == 204
    assert s2.get_json("/api/v1/me").status_code == 200


def test_expired_token_is_401(server):
    body, acc = server.new_person()
    s = server.login(body["username"], body["password"])
    # expired a second ago: inside the seven days the forgetting job keeps, so the
    # row stays and the shared server's row counts (Server.counts) stay still
    gone = int(time.time() * 1000) - 1000
    assert server.execute("UPDATE sessions SET expires_at = ? WHERE token_hash = ?", gone,
                          token_hash(s.token)) == 1
    p = problem(s.get_json("/api/v1/me"), 401, "unauthorized")
    assert p["detail"] == "登录凭证无效或已过期，请重新登录"


def test_forged_and_malformed_credentials_are_401(server):
    forged = secrets.token_hex(32)
    for headers in ({"Authorization": "Bearer " + forged},
                    {"Authorization": "Bearer short"},
                    {"Authorization": "Basic YWRtaW46RGVtbzIwMjYh"},
                    {"Cookie": "onestop_session=" + forged},
                    {}):
        problem(server.get("/api/v1/me", headers=headers), 401, "unauthorized")
    # a public route still tells a client that its Bearer token is no good
    problem(server.get("/api/v1/regions", headers={"Authorization": "Bearer " + forged}), 401, "unauthorized")
    assert server.get("/api/v1/regions").status_code == 200


def test_cookie_session_needs_csrf_token_for_writes(server):
    body, acc = server.new_person()
    r = server.login_raw(body["username"], body["password"])
    token, csrf = r.json()["token"], r.json()["csrf_token"]

    # reads by cookie need no CSRF token; /me hands it to the page
    me = server.get("/api/v1/me", headers=cookie_headers(token))
    assert me.status_code == 200 and me.json()["csrf_token"] == csrf

    # a write by cookie without the token, or with a wrong one: 403 csrf, and the session lives on
    problem(server.delete("/api/v1/session", headers=cookie_headers(token)), 403, "csrf")
    problem(server.delete("/api/v1/session", headers=cookie_headers(token, "0" * 64)), 403, "csrf")
    problem(server.delete("/api/v1/session", headers=cookie_headers(token, "")), 403, "csrf")
    assert server.scalar("SELECT COUNT(*) FROM sessions WHERE account_id = ?", acc["id"]) == 1

    # with the right token the write goes through
    r = server.delete("/api/v1/session", headers=cookie_headers(token, csrf))
    assert r.status_code == 204
    assert server.scalar("SELECT COUNT(*) FROM sessions WHERE account_id = ?", acc["id"]) == 0
    problem(server.get("/api/v1/me", headers=cookie_headers(token)), 401, "unauthorized")


def test_bearer_writes_need_no_csrf_token(server):
    body, _ = server.new_person()
    s = server.login(body["username"], body["password"])
    assert s.delete(server.url("/api/v1/session")).status_code == 204


def test_cookie_write_by_admin_without_csrf_creates_nothing(server):
    admin = server.as_user("secadmin")
    before = server.counts()
    r = server.post("/api/v1/staff", {"username": uniq("st"), "password": "Staff2026x", "name": "新同事",
                                      "department": "amr", "roles": "reviewer"},
                    headers=cookie_headers(admin.token))
    problem(r, 403, "csrf")
    assert server.counts() == before


def test_session_of_another_account_kind(server):
    # an enterprise logs in like a person; /me shows its credit code
    s = server.as_user("xiaochi")
    me = s.get_json("/api/v1/me").json()
    assert me["kind"] == "enterprise" and me["credit_code"] == "91310101MA1FPX0Q1Y"


def test_new_registration_does_not_log_in(server):
    body = person_body()
    r = server.register(body)
    assert "Set-Cookie" not in r.headers
