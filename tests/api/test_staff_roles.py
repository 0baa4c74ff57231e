"""Staff accounts and roles, the security administrator's (安全管理员, 三员分立):
GET /api/v1/staff lists the active staff accounts with their roles (all, or
of one department); PUT /api/v1/staff/{id}/roles changes an account's roles
and department. The rules, from staff.h and DOMAIN.md:
  - roles are known staff roles, at least one (`roles` / not_an_option);
  - no account holds two of admin, security_admin, audit_admin (separation_of_duties);
  - the department is a known one (`department` / unknown);
  - no one removes an administrator role from their own account (own_admin_role);
  - every change is audited (staff.roles, before and after) and applies to
    the account's session at once;
  - each refusal is a 4xx problem naming the field, nothing changed."""
from conftest import STAFF_PASSWORD, invalid, problem


def staff_id(ts, username):
    return ts.scalar("SELECT id FROM accounts WHERE username = ?", username)


def roles_of(ts, username):
    return ts.scalar("SELECT roles FROM accounts WHERE username = ?", username)


def put_roles(ts, who, target_id, body):
    return ts.as_user(who).put_json(f"/api/v1/staff/{target_id}/roles", body)


def test_list(ts):
    sec = ts.as_user("secadmin")
    r = sec.get_json("/api/v1/staff")
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    by_name = {i["username"]: i for i in items}
    assert by_name["amr_reviewer"]["roles"] == ["reviewer"]
    assert by_name["amr_reviewer"]["department"]["code"] == "amr" and by_name["amr_reviewer"]["department"]["zh"]
    assert "xiaochi" not in by_name          # applicants are not staff
    assert {"admin", "secadmin", "auditadmin", "supervisor"} <= set(by_name)
    amr = sec.get_json("/api/v1/staff", params={"department": "amr"}).json()["items"]
    assert amr and {i["department"]["code"] for i in amr} == {"amr"}
    assert {i["username"] for i in amr} == {i["username"] for i in items if i["department"]["code"] == "amr"}
    invalid(sec.get_json("/api/v1/staff", params={"dept": "amr"}), ("dept", "unknown_parameter"))


def test_change_roles_applies_and_is_audited(ts):
    name = ts.new_staff("amr", "reviewer")
    sid = staff_id(ts, name)
    s = ts.as_user(name, STAFF_PASSWORD)
    assert s.get_json("/api/v1/tasks").status_code == 200
    r = put_roles(ts, "secadmin", sid, {"roles": "approver,reviewer", "department": "health"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == sid and sorted(body["roles"]) == ["approver", "reviewer"]
    assert body["department"]["code"] == "health"
    assert ts.scalar("SELECT department FROM accounts WHERE id = ?", sid) == "health"
    # the open session sees its new department at once
    me = s.get_json("/api/v1/me").json()
    assert me["department"]["code"] == "health" and sorted(me["roles"]) == ["approver", "reviewer"]
    # department kept when not given
    r = put_roles(ts, "secadmin", sid, {"roles": "supervisor"})
    assert r.status_code == 200, r.text
    assert r.json()["roles"] == ["supervisor"] and r.json()["department"]["code"] == "health"
    assert s.get_json("/api/v1/oversight/cases").status_code == 200
    entries = ts.as_user("auditadmin").get_json("/api/v1/audit", params={"entity": "account", "id": sid}).json()
    changes = [e for e in entries["items"] if e["action"] == "staff.roles"]
    assert len(changes) == 2
    assert ts.query("SELECT actor_id FROM audit_log WHERE action = 'staff.roles' AND entity_id = ?", sid) == \
        [(staff_id(ts, "secadmin"),)] * 2


def refused(ts, who, target, body, field, code, status=422):
    before = (ts.counts(), ts.query("SELECT id, roles, department, version FROM accounts ORDER BY id"))
    invalid(put_roles(ts, who, target, body), (field, code), status=status)
    assert (ts.counts(), ts.query("SELECT id, roles, department, version FROM accounts ORDER BY id")) == before


def test_bad_roles(ts):
    sid = staff_id(ts, ts.new_staff("amr", "window_clerk"))
    for bad in ("", "boss", "reviewer,boss", "person", "enterprise", "system"):
        refused(ts, "secadmin", sid, {"roles": bad}, "roles", "required" if bad == "" else "not_an_option")
    for two in ("admin,security_admin", "admin,audit_admin", "security_admin,audit_admin"):
        refused(ts, "secadmin", sid, {"roles": two}, "roles", "separation_of_duties")
    refused(ts, "secadmin", sid, {"roles": "reviewer", "department": "nowhere"}, "department", "unknown")
    before = ts.counts()
    invalid(put_roles(ts, "secadmin", sid, {}), ("roles", "required"))
    problem(put_roles(ts, "secadmin", "0" * 32, {"roles": "reviewer"}), 404)
    xiaochi, xiaochi_roles = staff_id(ts, "xiaochi"), roles_of(ts, "xiaochi")
    problem(put_roles(ts, "secadmin", xiaochi, {"roles": "reviewer"}), 404)   # not a staff account
    assert ts.counts() == before
    assert roles_of(ts, "xiaochi") == xiaochi_roles


def test_own_admin_role_stays(ts):
    me = staff_id(ts, "secadmin")
    refused(ts, "secadmin", me, {"roles": "supervisor"}, "roles", "own_admin_role")
    refused(ts, "secadmin", me, {"roles": "reviewer"}, "roles", "own_admin_role")
    # keeping it is fine (the department may change)
    r = put_roles(ts, "secadmin", me, {"roles": "security_admin", "department": "gso"})
    assert r.status_code == 200, r.text
    # another security administrator may take the role from someone else
    other = ts.new_staff("gso", "security_admin")
    r = put_roles(ts, "secadmin", staff_id(ts, other), {"roles": "supervisor"})
    assert r.status_code == 200, r.text
    assert roles_of(ts, other) == "supervisor"
    assert ts.as_user(other, STAFF_PASSWORD).get_json("/api/v1/staff").status_code == 403
