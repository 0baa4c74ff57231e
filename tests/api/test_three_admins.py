"""三员分立 (MLPS 2.0 level 3): administration is split between three roles,
none of which may do another's work, and no account holds two of them.

- the system administrator (系统管理员, demo `admin`): the catalogue, working
  calendars, appointment slots, system configuration;
- the security administrator (安全管理员, demo `secadmin`): staff accounts,
  roles, second-factor enrolment and reset;
- the audit administrator (审计管理员, demo `auditadmin`): reads the audit
  log and its checkpoints, and changes nothing.

Every refusal below is a 403 that changes nothing. The authorisation matrix
(authz_matrix.py) covers every route for the three callers; this file states
the separation itself, as the issue's acceptance names it."""
import pytest

from conftest import STAFF_PASSWORD, problem, uniq


def staff_body(roles, **over):
    b = {"username": uniq("st"), "password": "Staff2026x", "name": "测试 管理员", "department": "gso",
         "roles": roles}
    b.update(over)
    return b


def matter_body():
    return {"code": uniq("m").upper(), "name": {"zh": "测试事项", "en": "Test"}}


def fingerprint(server):
    return server.query(
        "SELECT (SELECT COUNT(*) FROM accounts), (SELECT COUNT(*) FROM staff_totp), "
        "(SELECT COALESCE(SUM(enrolled_at), 0) FROM staff_totp), (SELECT COUNT(*) FROM matter_versions), "
        "(SELECT COUNT(*) FROM slots), (SELECT COUNT(*) FROM calendar_years), "
        "(SELECT COUNT(*) FROM calendar_days)")[0]


def target_id(server):
    return server.as_user("amr_clerk").account["id"]


# (who, method, path, body): another administrator's work, each refused
def others_work(server):
    clerk = target_id(server)
    system = [("POST", "/api/v1/matters", matter_body()),
              ("PUT", "/api/v1/calendar/000000/2031", {"year": 2031, "holidays": []}),
              ("POST", "/api/v1/departments/amr/slots",
               {"date": "2031-03-03", "start": "09:00", "end": "09:30", "capacity": 3})]
    security = [("POST", "/api/v1/staff", staff_body("reviewer", department="amr")),
                ("POST", f"/api/v1/staff/{clerk}/totp", {"username": "amr_clerk"})]
    audit = [("GET", "/api/v1/audit", None)]
    return {"admin": security + audit, "secadmin": system + audit, "auditadmin": system + security}


@pytest.mark.parametrize("who", ["admin", "secadmin", "auditadmin"])
def test_each_administrator_is_refused_the_others_work(server, who):
    s = server.as_user(who)
    for method, path, body in others_work(server)[who]:
        before = fingerprint(server)
        r = s.request(method, server.url(path), json=body, timeout=30)
        problem(r, 403, "forbidden")
        assert fingerprint(server) == before, f"{who} {method} {path} changed something"


def test_the_audit_administrator_changes_nothing_anywhere(server):
    """Beyond the other administrators' work: no case, task, file or slot either."""
    s = server.as_user("auditadmin")
    for method, path in [("POST", "/api/v1/cases"), ("GET", "/api/v1/tasks"), ("POST", "/api/v1/tasks/bulk"),
                         ("POST", "/api/v1/appointments")]:
        problem(s.request(method, server.url(path), json={}, timeout=30), 403, "forbidden")
    r = s.post(server.url("/api/v1/files"), files={"file": ("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
               timeout=30)
    problem(r, 403, "forbidden")


def test_each_administrator_does_its_own_work(server):
    # the security administrator creates a staff account and enrols its second factor
    r = server.as_user("secadmin").post_json("/api/v1/staff", staff_body("reviewer", department="amr"))
    assert r.status_code == 201, r.text
    # the audit administrator reads that in the audit log, by the security administrator
    items = server.as_user("auditadmin").get_json(
        "/api/v1/audit", params={"entity": "account", "id": r.json()["id"]}).json()["items"]
    assert [(e["action"], e["role"]) for e in items] == [("account.create", "security_admin")]
    # the system administrator loads a calendar year
    r = server.as_user("admin").put_json("/api/v1/calendar/000000/2031", {"year": 2031, "holidays": []})
    assert r.status_code != 403, r.text


@pytest.mark.parametrize("roles", [
    "admin,security_admin", "admin,audit_admin", "security_admin,audit_admin",
    "admin,security_admin,audit_admin", "audit_admin,reviewer,admin",
])
def test_no_account_holds_two_of_the_three(server, roles):
    before = fingerprint(server)
    r = server.as_user("secadmin").post_json("/api/v1/staff", staff_body(roles))
    p = problem(r, 422, "validation")
    assert ("roles", "separation_of_duties") in {(e["field"], e["code"]) for e in p["errors"]}
    assert fingerprint(server) == before


@pytest.mark.parametrize("roles", ["admin", "security_admin", "audit_admin"])
def test_one_of_the_three_is_fine(server, roles):
    r = server.as_user("secadmin").post_json("/api/v1/staff", staff_body(roles))
    assert r.status_code == 201, r.text
    assert r.json()["roles"] == [roles]


def test_the_demo_has_the_three(server):
    for who, role in (("admin", "admin"), ("secadmin", "security_admin"), ("auditadmin", "audit_admin")):
        me = server.as_user(who).get_json("/api/v1/me").json()
        assert me["roles"] == [role], me


@pytest.mark.parametrize("role", ["security_admin", "audit_admin"])
def test_the_security_and_audit_administrators_see_no_case_of_their_department(server, role):
    """Their work is accounts and the audit log, not cases: placed in the
    department that handles a case, neither lists it, reads it, nor opens its
    files — while a window clerk of that department does."""
    import casekit
    case = casekit.file_case(server, server.as_user("xiaochi"))
    assert case["department"]["code"] == "amr"
    file_id = [m["file"]["id"] for m in case["materials"] if m["file"]][0]
    clerk = server.as_user("amr_clerk")
    assert clerk.get_json(f"/api/v1/cases/{case['id']}").status_code == 200
    admin = server.login(server.new_staff("amr", role), STAFF_PASSWORD)
    listed = admin.get_json("/api/v1/cases", params={"limit": 100}).json()["items"]
    assert case["id"] not in [c["id"] for c in listed]
    assert admin.get_json(f"/api/v1/cases/{case['id']}").status_code in (403, 404)
    assert admin.get_json(f"/api/v1/files/{file_id}").status_code == 404
