"""Security review findings: secrets and personal data must not leak into the
log or into answers about someone else's account."""
from conftest import PASSWORD, uniq


def test_demo_password_tokens_and_personal_data_never_logged(server):
    zs = server.login("zhangsan")
    me = zs.get_json("/api/v1/me").json()
    server.as_user("amr_clerk").get_json("/api/v1/tasks")
    # a cookie session too: the CSRF token must not be logged either
    raw = server.login_raw("lisi")
    assert raw.status_code == 201
    body = raw.json()
    log = server.log_text()
    assert PASSWORD == "Demo2026!"
    for secret in (PASSWORD, zs.token, zs.csrf, body["token"], body["csrf_token"],
                   me["id_number"], me["phone"], "310104195206080023", "13900139000"):
        assert secret not in log, f"{secret!r} is in the log"


def test_staff_created_by_an_admin_is_answered_with_the_phone_masked(server):
    admin = server.as_user("secadmin")
    phone = "13912345678"
    r = admin.post_json("/api/v1/staff", {"username": uniq("sr"), "password": "Staff2026x", "name": "市场监管审查 新同事",
                                          "department": "amr", "roles": "reviewer", "phone": phone})
    assert r.status_code == 201, r.text
    assert r.json()["phone"] == "139****5678"
    assert phone not in r.text
    # stored in full, and the new colleague sees their own number in clear
    assert server.scalar("SELECT phone FROM accounts WHERE id = ?", r.json()["id"]) == phone


def test_a_draft_is_its_owners_alone(server):
    """Until it is submitted, a draft and its files are private to the applicant:
    the department's staff and supervisors do not see it."""
    from casekit import case_body, upload
    applicant = server.as_user("xiaochi")
    body = case_body(server, applicant, submit=False)
    r = applicant.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["status"] == "draft"
    file_id = body["materials"][0]["file"]
    for who in ("amr_clerk", "amr_reviewer", "supervisor"):
        s = server.as_user(who)
        assert s.get_json(f"/api/v1/cases/{draft['id']}").status_code == 404, who
        assert draft["id"] not in [c["id"] for c in s.get_json("/api/v1/cases?limit=100").json()["items"]], who
        assert s.get_json(f"/api/v1/files/{file_id}").status_code == 404, who
    assert applicant.get_json(f"/api/v1/cases/{draft['id']}").status_code == 200
    # once submitted, the department and the supervisors see the case and its files
    from casekit import act
    act(applicant, draft, "submit")
    for who in ("amr_clerk", "supervisor"):
        s = server.as_user(who)
        assert s.get_json(f"/api/v1/cases/{draft['id']}").status_code == 200, who
        assert s.get_json(f"/api/v1/files/{file_id}").status_code == 200, who
    assert server.as_user("health_clerk").get_json(f"/api/v1/files/{file_id}").status_code == 404


def test_a_supervisor_cannot_upload(server):
    s = server.as_user("supervisor")
    r = s.post(s.url("/api/v1/files"), files={"file": ("a.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")}, timeout=30)
    assert r.status_code == 403, r.text
