"""Who may do what on the foundation routes: staff accounts are created by
the security administrator only (POST /api/v1/staff); the route table's role rules
answer 401 to the anonymous and 403 to the wrong role, before anything is
parsed or written."""
import pytest

from conftest import invalid, person_body, problem, uniq


def staff_body(**over):
    b = {"username": uniq("st"), "password": "Staff2026x", "name": "市场监管审查 新同事", "department": "amr",
         "roles": "reviewer", "phone": "021-63001234"}
    b.update(over)
    return {k: v for k, v in b.items() if v is not None}


def test_security_admin_creates_staff(server):
    admin = server.as_user("secadmin")
    body = staff_body(roles="reviewer,approver")
    # 1. the security administrator -> 201
    r = admin.post_json("/api/v1/staff", body)
    assert r.status_code == 201, r.text
    acc = r.json()
    assert acc["kind"] == "staff" and sorted(acc["roles"]) == ["approver", "reviewer"]
    assert acc["department"] == {"code": "amr", "zh": acc["department"]["zh"], "en": acc["department"]["en"]}
    assert acc["department"]["zh"] and r.headers["Location"] == f"/api/v1/accounts/{acc['id']}"
    # 2. the row and its audit entry, by the admin, with this request's id
    assert server.query("SELECT kind, department, roles FROM accounts WHERE id = ?", acc["id"]) == \
        [("staff", "amr", "reviewer,approver")]
    assert server.query("SELECT action, actor_id, actor_role, actor_dept, request_id FROM audit_log "
                        "WHERE entity = 'account' AND entity_id = ?", acc["id"]) == \
        [("account.create", admin.account["id"], "security_admin", "gso", r.headers["X-Request-Id"])]
    # 3. the new colleague logs in (once a second factor is enrolled) and is a reviewer of amr
    problem(server.login_raw(body["username"], body["password"], source=server.source()), 403, "otp-not-enrolled")
    server.enrol_totp(acc["id"], body["username"])
    s = server.login(body["username"], body["password"])
    me = s.get_json("/api/v1/me").json()
    assert me["department"]["code"] == "amr" and "reviewer" in me["roles"]


@pytest.mark.parametrize("who,status,code", [
    ("amr_reviewer", 403, "forbidden"),
    ("supervisor", 403, "forbidden"),
    ("admin", 403, "forbidden"),          # the system administrator: not staff accounts (三员分立)
    ("auditadmin", 403, "forbidden"),
    ("amr_head", 403, "forbidden"),
    ("zhangsan", 403, "forbidden"),
    ("xiaochi", 403, "forbidden"),
    (None, 401, "unauthorized"),
])
def test_only_security_admin_creates_staff(server, who, status, code):
    client = server.as_user(who) if who else server.session()
    body = staff_body()
    before = server.counts()
    r = client.post(server.url("/api/v1/staff"), json=body)
    problem(r, status, code)
    assert server.counts() == before
    assert server.scalar("SELECT COUNT(*) FROM accounts WHERE username = ?", body["username"]) == 0


def test_role_is_checked_before_the_body(server):
    # a reviewer sending garbage learns nothing about the body rules: 403 first
    r = server.as_user("amr_reviewer").post(server.url("/api/v1/staff"), data=b"{not json",
                                            headers={"Content-Type": "application/json"})
    problem(r, 403, "forbidden")


@pytest.mark.parametrize("over,pair", [
    ({"department": "nosuch"}, ("department", "unknown")),
    ({"roles": "wizard"}, ("roles", "not_an_option")),
    ({"roles": "reviewer,wizard"}, ("roles", "not_an_option")),
    ({"roles": "person"}, ("roles", "not_an_option")),          # an applicant role is not a staff role
    ({"roles": ""}, ("roles", "required")),
    ({"department": None}, ("department", "required")),
    ({"roles": None}, ("roles", "required")),
    ({"kind": "person"}, ("kind", "not_an_option")),
    ({"password": "password"}, ("password", "weak")),
    ({"superuser": True}, ("superuser", "unknown_field")),
    ({"phone": "12345"}, ("phone", "phone")),
    # staff accounts have no ID number, credit code or legal representative:
    # refused, never silently dropped
    ({"id_number": "310101198503120030"}, ("id_number", "not_allowed")),
    ({"credit_code": "91310101MA1FPX0Q1Y"}, ("credit_code", "not_allowed")),
    ({"legal_rep": "王五"}, ("legal_rep", "not_allowed")),
])
def test_staff_bad_input(server, over, pair):
    admin = server.as_user("secadmin")
    before = server.counts()
    invalid(admin.post_json("/api/v1/staff", staff_body(**over)), pair)
    assert server.counts() == before


def test_staff_username_taken(server):
    admin = server.as_user("secadmin")
    before = server.counts()
    invalid(admin.post_json("/api/v1/staff", staff_body(username="amr_reviewer")), ("username", "taken"), status=409)
    assert server.counts() == before


def test_applicant_cannot_read_audit_or_write_calendar(server):
    s = server.as_user("zhangsan")
    problem(s.get_json("/api/v1/audit?entity=account"), 403, "forbidden")
    problem(s.put_json("/api/v1/calendar/000000/2027", {"year": 2027, "holidays": []}), 403, "forbidden")


def test_reviewer_and_clerk_cannot_read_audit(server):
    for who in ("amr_reviewer", "amr_clerk", "dispatcher"):
        problem(server.as_user(who).get_json("/api/v1/audit"), 403, "forbidden")


def test_english_forbidden_message(server):
    r = server.as_user("amr_reviewer").post_json("/api/v1/staff", staff_body(), headers={"Accept-Language": "en"})
    p = problem(r, 403, "forbidden")
    assert p["title"] == "You may not do this" and p["detail"] == "Your role may not do this"


def test_registered_person_has_no_staff_powers(server):
    body, _ = server.new_person()
    s = server.login(body["username"], body["password"])
    problem(s.post_json("/api/v1/staff", staff_body()), 403, "forbidden")
    problem(s.get_json("/api/v1/audit"), 403, "forbidden")
