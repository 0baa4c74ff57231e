"""Abuse limits (domain/core/ratelimit.h): per-account limits on case
creation (drafts too) and uploads, a per-address limit on self-registration,
a window clerk's own higher case limit, each set by `--limit NAME=N/PERIOD`
and answered 429 too-many-requests with Retry-After, nothing written. And the
login throttle keyed on the (address, account) pair first.

The limits here are small on a server of this module's own; the windows are
a day, so no test races a window's edge."""
import pytest

from casekit import FOOD, PDF, XIAOCHI_CODE, food_form
from conftest import PASSWORD, new_phone, problem, person_body, uniq

LIMITS = ("--limit", "cases=5/day", "--limit", "cases.clerk=8/day", "--limit", "uploads=3/day",
          "--limit", "registrations=4/day", "--limit", "complaints=2/day", "--limit", "complaints.operator=4/day",
          "--limit", "complaints.anonymous=3/day", "--limit", "progress=3/day")


@pytest.fixture(scope="module")
def limited():
    from conftest import Server, _used_servers
    s = Server(LIMITS).start()
    _used_servers.append(s)
    yield s
    _used_servers.remove(s)
    assert s.stop() == 0
    s.tmp.cleanup()


def draft(s, **over):
    body = {"matter": FOOD, "form": food_form(credit_code=s.account.get("credit_code") or XIAOCHI_CODE),
            "channel": "online", "delivery": {"method": "electronic"}, "submit": False}
    body.update(over)
    return s.post_json("/api/v1/cases", body)


def cases_of(srv, account_id):
    return srv.scalar("SELECT COUNT(*) FROM cases WHERE applicant_id = ?", account_id)


def assert_limited(r, name):
    p = problem(r, 429, "too-many-requests")
    assert 1 <= int(r.headers["Retry-After"]) <= 86400
    assert name in p["detail"]
    return p


def test_the_sixth_draft_is_429_and_writes_nothing(limited):
    a = limited.login(*_enterprise(limited))
    for _ in range(5):
        r = draft(a)
        assert r.status_code == 201, r.text
    before = limited.counts()
    r = draft(a)
    p = assert_limited(r, "cases")
    assert "创建办件" in p["detail"]
    assert limited.counts() == before
    assert cases_of(limited, a.account["id"]) == 5
    # in English too
    r = a.post(limited.url("/api/v1/cases"), json={"matter": FOOD, "form": {}, "channel": "online",
                                                   "delivery": {"method": "electronic"}, "submit": False},
               headers={"Accept-Language": "en"})
    p = assert_limited(r, "cases")
    assert p["detail"].startswith("The limit of 5 case creations per day")
    # another account is not affected
    b = limited.login(*_enterprise(limited))
    assert draft(b).status_code == 201


def _enterprise(srv):
    body, _ = srv.new_enterprise()
    return body["username"], body["password"]


def test_uploads_are_limited_per_account(limited):
    a = limited.login(*_enterprise(limited))
    for _ in range(3):
        r = a.post(limited.url("/api/v1/files"), files={"file": ("m.pdf", PDF, "application/pdf")})
        assert r.status_code == 201, r.text
    before = limited.counts()
    r = a.post(limited.url("/api/v1/files"), files={"file": ("m.pdf", PDF, "application/pdf")})
    assert_limited(r, "uploads")
    assert limited.counts() == before
    assert limited.scalar("SELECT COUNT(*) FROM files WHERE owner_account = ?", a.account["id"]) == 3
    b = limited.login(*_enterprise(limited))
    assert b.post(limited.url("/api/v1/files"), files={"file": ("m.pdf", PDF, "application/pdf")}).status_code == 201


def test_registration_is_limited_per_address(limited):
    src, other = limited.source(), limited.source()
    for _ in range(4):
        r = limited.session(src).post(limited.url("/api/v1/accounts"), json=person_body(), timeout=30)
        assert r.status_code == 201, r.text
    body = person_body()
    r = limited.session(src).post(limited.url("/api/v1/accounts"), json=body, timeout=30)
    assert_limited(r, "registrations")
    assert limited.scalar("SELECT COUNT(*) FROM accounts WHERE username = ?", body["username"]) == 0
    assert limited.session(other).post(limited.url("/api/v1/accounts"), json=person_body(),
                                       timeout=30).status_code == 201


def test_a_window_clerk_has_a_higher_limit(limited):
    clerk = limited.as_user("amr_clerk")
    body = {"matter": FOOD, "form": food_form(), "channel": "window", "delivery": {"method": "electronic"},
            "submit": False, "applicant": {"credit_code": XIAOCHI_CODE}}
    for i in range(8):
        r = clerk.post_json("/api/v1/cases", body)
        assert r.status_code == 201, (i, r.text)
    assert_limited(clerk.post_json("/api/v1/cases", body), "cases.clerk")


# ---- 12345 intake: per caller account, a hotline operator's own higher limit, per address without an account
def complain(s, srv, **over):
    body = dict(kind="complaint", category="noise", text="夜间施工噪音扰民 Night-time construction noise",
                channel="web", district="310101", street="310101002")
    body.update(over)
    return s.post(srv.url("/api/v1/complaints"), json=body, timeout=30)


def complaints(srv):
    return srv.scalar("SELECT COUNT(*) FROM complaints") + srv.scalar("SELECT COUNT(*) FROM complaint_events")


def test_a_caller_files_two_requests_a_day_and_the_third_is_429(limited):
    # registered from addresses of their own: the other tests use up the default address's registrations
    body, other = person_body(), person_body()
    for b in (body, other):
        r = limited.session(limited.source()).post(limited.url("/api/v1/accounts"), json=b, timeout=30)
        assert r.status_code == 201, r.text
    a = limited.login(body["username"], body["password"])
    for _ in range(2):
        assert complain(a, limited).status_code == 201
    before = complaints(limited), limited.counts()
    r = complain(a, limited)
    p = assert_limited(r, "complaints")
    assert "提交诉求" in p["detail"]
    assert (complaints(limited), limited.counts()) == before, "a refused request writes nothing"
    assert complain(limited.login(other["username"], other["password"]), limited).status_code == 201


def test_a_hotline_operator_has_a_higher_limit(limited):
    op = limited.as_user("operator")
    for i in range(4):  # past the callers' 2
        r = complain(op, limited, channel="hotline", phone=new_phone())
        assert r.status_code == 201, (i, r.text)
    assert_limited(complain(op, limited, channel="hotline", phone=new_phone()), "complaints.operator")


def test_requests_without_an_account_are_limited_per_address(limited):
    src, other = limited.source(), limited.source()
    for _ in range(3):
        assert complain(limited.session(src), limited, phone=new_phone()).status_code == 201
    before = complaints(limited)
    r = complain(limited.session(src), limited, phone=new_phone(), text="第四次 the fourth")
    assert_limited(r, "complaints.anonymous")
    assert complaints(limited) == before
    assert complain(limited.session(other), limited, phone=new_phone()).status_code == 201


def test_open311_filings_share_the_per_address_limit_and_say_so_the_open311_way(limited):
    import test_open311 as o311
    key = o311.issue_key(limited)["key"]
    src = limited.source()

    def post(fmt="json"):
        return limited.session(src).post(limited.url(f"{o311.BASE}/requests.{fmt}"), data=o311.form(key),
                                         headers={"Content-Type": o311.FORM}, timeout=30)
    for _ in range(3):
        assert post().status_code == 201
    before = complaints(limited)
    r = post()
    (err,) = o311.errors(r, 429)
    assert "complaints.anonymous" in err["description"] and int(r.headers["Retry-After"]) >= 1
    o311.errors(post("xml"), 429, "xml")
    assert complaints(limited) == before


def test_progress_questions_are_limited_per_address_right_or_wrong(limited):
    src, other = limited.source(), limited.source()
    ask = {"number": "310101-20261202-000001", "proof": "13800138000"}
    for _ in range(3):
        assert limited.session(src).post(limited.url("/api/v1/progress"), json=ask, timeout=30).status_code == 404
    r = limited.session(src).post(limited.url("/api/v1/progress"), json=ask, timeout=30)
    p = assert_limited(r, "progress")
    assert "进度查询" in p["detail"]
    assert limited.session(other).post(limited.url("/api/v1/progress"), json=ask, timeout=30).status_code == 404


def test_a_bad_limit_flag_is_refused():
    import subprocess
    from conftest import BIN
    for bad in ("cases=five/day", "cases=5/week", "complaint=5/day", "cases", "cases=+5/day", "cases=-0/day",
                "cases=\t5/day", "cases= 5/day"):
        out = subprocess.run([str(BIN), "serve", "--limit", bad], capture_output=True, text=True, timeout=60)
        assert out.returncode == 2 and "--limit" in out.stderr, (bad, out.stderr)


# ---- the login throttle, pair first (see test_foundation_session.py for the clock)
HOLD_MS = 10 * 60 * 1000


@pytest.fixture
def clock_ts(ts):
    yield ts
    ts.set_clock(0)


def test_a_guesser_behind_a_shared_address_locks_out_nobody_else(clock_ts):
    ts = clock_ts
    victim, _ = ts.new_person()
    colleague, _ = ts.new_person()
    a, b = ts.source(), ts.source()
    statuses = [ts.login_raw(victim["username"], "Wrong2026x", source=a).status_code for _ in range(10)]
    assert statuses[:3] == [401, 401, 401] and set(statuses) <= {401, 429}
    ts.set_clock(ms=-HOLD_MS)
    # the pair (A, victim) is throttled ...
    problem(ts.login_raw(victim["username"], victim["password"], source=a), 429, "throttled")
    # ... another account behind the same address logs in ...
    assert ts.login_raw(colleague["username"], colleague["password"], source=a).status_code == 201
    # ... and the victim from another address is not delayed by A's failures
    assert ts.login_raw(victim["username"], victim["password"], source=b).status_code == 201
