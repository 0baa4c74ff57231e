"""Staff sign in with a second factor (RFC 6238 TOTP: HMAC-SHA1, 30-second
steps, 6 digits, one step of drift either way), and without one not at all.

The rules, as the issue states them (14, item 8) and docs/security.md V6:
- every staff account needs an enrolled secret; one without is refused with a
  problem telling them to ask the security administrator;
- the code goes with the password in POST /api/v1/session as `otp`; a missing,
  wrong or reused code is a 401 problem naming the field `otp` (zh and en), and
  counts as a failed login for the throttle; nothing is written;
- a code is accepted once per account (RFC 6238 §5.2), the current step's and
  its neighbours' only;
- the secret is shown once, at enrolment by the security administrator, as
  base32 and an otpauth:// URI, and is stored sealed, never in clear.

`oathtool` (liboath, Debian package oathtool) computes the codes where the
test needs an oracle independent of both the server and conftest's totp()."""
import re
import shutil
import subprocess
import time

import pytest

from conftest import PASSWORD, STAFF_PASSWORD, STEP_S, problem, totp

needs_oathtool = pytest.mark.skipif(shutil.which("oathtool") is None,
                                    reason="oathtool is not installed (scripts/deps.sh installs it)")


def oathtool(secret, step=None):
    """The code oathtool gives for now (or for a step), from the base32 secret."""
    at = f"@{int(time.time()) if step is None else step * STEP_S}"
    out = subprocess.run(["oathtool", "--totp", "-b", "-N", at, secret], capture_output=True, text=True,
                         timeout=10, check=True).stdout.strip()
    assert re.fullmatch(r"\d{6}", out), out
    return out


def safe_point():
    """Waits, if need be, until at least 8 s remain of the current 30-second
    step, so that a code computed now for step ±k is still ±k when the server
    looks at it (the assertions are about steps, never about speed)."""
    left = STEP_S - time.time() % STEP_S
    if left < 8:
        time.sleep(left + 0.2)


def sessions_of(server, username):
    return server.scalar("SELECT COUNT(*) FROM sessions s JOIN accounts a ON a.id = s.account_id "
                         "WHERE a.username = ?", username)


def post_login(server, username, otp, password=STAFF_PASSWORD, source=None, lang=None):
    body = {"username": username, "password": password, **({"otp": otp} if otp is not None else {})}
    headers = {"Accept-Language": lang} if lang else {}
    return server.session(source or server.source()).post(server.url("/api/v1/session"), json=body,
                                                          headers=headers, timeout=30)


@needs_oathtool
def test_enrolment_shows_the_secret_once_and_oathtool_codes_sign_in(server):
    user = server.new_staff("amr", "reviewer", enrol=False)
    acc_id = server.scalar("SELECT id FROM accounts WHERE username = ?", user)
    # 1. the security administrator enrols the second factor: the secret, once
    e = server.enrol_totp(acc_id, user)
    secret = e["secret"]
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)           # 20 random bytes in base32
    assert e["otpauth_uri"] == f"otpauth://totp/onestop:{user}?secret={secret}&issuer=onestop"
    assert (e["digits"], e["period"], e["algorithm"]) == (6, 30, "SHA1")
    # 2. stored sealed: neither the base32 nor the raw bytes (hex) in the row
    box = server.scalar("SELECT secret_box FROM staff_totp WHERE account_id = ?", acc_id)
    raw_hex = __import__("base64").b32decode(secret).hex()
    assert box and secret not in box and raw_hex not in box.lower()
    # 3. the code an independent implementation gives signs in
    safe_point()
    code = oathtool(secret)
    assert code == totp(secret, int(time.time()) // STEP_S)     # conftest's helper agrees with it
    r = post_login(server, user, code)
    assert r.status_code == 201, r.text
    # 4. the secret is in no log line and in no audit entry
    assert secret not in server.log_text()
    entry = server.query("SELECT action, detail FROM audit_log WHERE entity_id = ? AND action = ?",
                         acc_id, "account.totp_enrol")
    assert len(entry) == 1 and secret not in str(entry[0][1]) and user in str(entry[0][1])


@needs_oathtool
def test_the_demo_staff_sign_in_with_the_published_secret(server):
    """data/demo/accounts.json lists each demo staff member's secret (demo only)."""
    from conftest import DEMO_TOTP
    assert {"admin", "secadmin", "auditadmin", "amr_clerk", "supervisor"} <= set(DEMO_TOTP)
    safe_point()
    # the step no other test used for this account yet (replay is refused, test_a_code_is_accepted_once)
    step = server.otp_step("auditadmin")
    r = post_login(server, "auditadmin", oathtool(DEMO_TOTP["auditadmin"], step), password=PASSWORD)
    assert r.status_code == 201, r.text
    assert r.json()["account"]["roles"] == ["audit_admin"]


@pytest.mark.parametrize("lang,title,detail_part", [
    (None, "尚未设置动态验证码", "安全管理员"),
    ("en", "No second factor is set up", "security administrator"),
])
def test_staff_without_a_second_factor_cannot_sign_in(server, lang, title, detail_part):
    user = server.new_staff("health", "window_clerk", enrol=False)
    before = server.counts()
    for otp in (None, "123456"):
        p = problem(post_login(server, user, otp, lang=lang), 403, "otp-not-enrolled")
        assert p["title"] == title and detail_part in p["detail"]
    assert server.counts() == before and sessions_of(server, user) == 0


@pytest.mark.parametrize("otp,code,field_code", [
    (None, "otp-required", "required"),
    ("", "otp-required", "required"),
    ("12345", "otp-invalid", "invalid"),
    ("abcdef", "otp-invalid", "invalid"),
    ("wrong", "otp-invalid", "invalid"),
])
def test_missing_or_malformed_code(server, otp, code, field_code):
    user = server.new_staff("amr", "approver")
    before = server.counts()
    p = problem(post_login(server, user, otp), 401, code)
    assert ("otp", field_code) in {(e["field"], e["code"]) for e in p["errors"]}
    assert server.counts() == before and sessions_of(server, user) == 0


def test_wrong_code_in_english(server):
    user = server.new_staff("amr", "approver")
    secret = server.totp_secret(user)
    safe_point()
    now = int(time.time()) // STEP_S
    wrong = next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in {totp(secret, now + d) for d in (-1, 0, 1)})
    p = problem(post_login(server, user, wrong, lang="en"), 401, "otp-invalid")
    assert p["title"] == "Wrong one-time code"
    assert sessions_of(server, user) == 0


def test_a_wrong_password_says_nothing_of_the_code(server):
    """The code is looked at only once the password is right."""
    user = server.new_staff("amr", "approver", enrol=False)
    problem(post_login(server, user, None, password="Wrong2026x"), 401, "bad-credentials")


def test_a_code_is_accepted_once(server):
    user = server.new_staff("amr", "reviewer")
    secret = server.totp_secret(user)
    safe_point()
    code = totp(secret, int(time.time()) // STEP_S)
    assert post_login(server, user, code).status_code == 201
    before = server.counts()
    # the same code again, from the same or another client, within its step: refused
    for _ in range(2):
        p = problem(post_login(server, user, code), 401, "otp-reused")
        assert ("otp", "reused") in {(e["field"], e["code"]) for e in p["errors"]}
    assert server.counts() == before
    assert sessions_of(server, user) == 1
    # the previous step's code, valid a moment ago, is no good after a later one was used
    p = problem(post_login(server, user, totp(secret, int(time.time()) // STEP_S - 1)), 401, "otp-reused")


def test_reused_code_in_english(server):
    user = server.new_staff("amr", "reviewer")
    secret = server.totp_secret(user)
    safe_point()
    code = totp(secret, int(time.time()) // STEP_S)
    assert post_login(server, user, code).status_code == 201
    p = problem(post_login(server, user, code, lang="en"), 401, "otp-reused")
    assert p["title"] == "This one-time code was already used"


def test_one_step_of_drift_either_way_and_no_more(server):
    user = server.new_staff("amr", "reviewer")
    secret = server.totp_secret(user)
    safe_point()
    now = int(time.time()) // STEP_S
    # two steps away on either side: refused (a step-late code first, so the later ones stay usable)
    for d in (-2, 2, -3, 3, 10):
        problem(post_login(server, user, totp(secret, now + d)), 401, "otp-invalid")
    # one step behind (a slow phone) and one ahead (a fast one): accepted, in that order
    assert post_login(server, user, totp(secret, now - 1)).status_code == 201
    assert post_login(server, user, totp(secret, now + 1)).status_code == 201
    assert sessions_of(server, user) == 2


def test_reset_replaces_the_secret(server):
    user = server.new_staff("health", "reviewer")
    acc_id = server.scalar("SELECT id FROM accounts WHERE username = ?", user)
    old = server.totp_secret(user)
    new = server.enrol_totp(acc_id, user)["secret"]
    assert new != old
    safe_point()
    now = int(time.time()) // STEP_S
    if totp(old, now) != totp(new, now):
        problem(post_login(server, user, totp(old, now)), 401, "otp-invalid")
    assert post_login(server, user, totp(new, now)).status_code == 201


@pytest.mark.parametrize("target,body,status,pair", [
    ("amr_clerk", {"username": "amr_reviewer"}, 422, ("username", "mismatch")),
    ("amr_clerk", {}, 422, ("username", "required")),
    ("zhangsan", {"username": "zhangsan"}, 404, None),        # an applicant has no second factor
    ("nosuch", {"username": "nosuch"}, 404, None),
])
def test_enrolment_bad_input(server, target, body, status, pair):
    acc_id = server.scalar("SELECT id FROM accounts WHERE username = ?", target) or "0" * 32
    before = server.query("SELECT account_id, secret_box FROM staff_totp ORDER BY account_id")
    r = server.as_user("secadmin").post_json(f"/api/v1/staff/{acc_id}/totp", body)
    p = problem(r, status)
    if pair:
        assert pair in {(e["field"], e["code"]) for e in p["errors"]}
    assert server.query("SELECT account_id, secret_box FROM staff_totp ORDER BY account_id") == before


def test_applicants_sign_in_with_the_password_alone(server):
    body, _ = server.new_person()
    r = server.session().post(server.url("/api/v1/session"),
                              json={"username": body["username"], "password": body["password"]}, timeout=30)
    assert r.status_code == 201, r.text


# The throttle counts failed codes like failed passwords: three free per
# (address, account), then a back-off. As in test_foundation_session.py, the
# test build's clock goes back HOLD_MS after the failures so the back-off
# surely lasts while the test looks (no sleeping, no reliance on speed).
HOLD_MS = 10 * 60 * 1000


@pytest.fixture
def clock_ts(ts):
    yield ts
    ts.set_clock(0)


def test_failed_codes_count_in_the_login_throttle(clock_ts):
    ts = clock_ts
    user = ts.new_staff("amr", "reviewer")
    secret = ts.totp_secret(user)
    a = ts.source()
    for bad in ("000000", "", None):       # wrong, empty, missing: all failures of the pair
        code = bad if bad != "000000" else next(
            f"{n:06d}" for n in range(10**6)
            if f"{n:06d}" not in {totp(secret, ts.server_step() + d) for d in (-1, 0, 1, 2)})
        assert post_login(ts, user, code, source=a).status_code == 401
    ts.set_clock(ms=-HOLD_MS)
    # the right password and code from that address: held back, with Retry-After
    r = post_login(ts, user, ts.otp(user), source=a)
    problem(r, 429, "throttled")
    assert int(r.headers["Retry-After"]) >= 1
    assert sessions_of(ts, user) == 0
