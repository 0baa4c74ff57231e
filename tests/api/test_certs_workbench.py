"""The department head's certificates in the workbench (issue 11 item 10):
GET /api/v1/certificates lists what the head's own department issued,
searched by identifier or number, and a found certificate is revoked with a
reason through POST /api/v1/certificates/{id}/revoke, as the workbench does.

The rules stated here, not read from the code:
  - a head sees their own department's certificates only; other staff, the
    public and applicants do not get the list;
  - the list names the holder by kind and masked name, never by ID number;
  - the search matches a part of the identifier or the licence number, in any
    letter case, and takes % and _ as themselves;
  - once revoked from the list, the list and the public verify address say
    revoked, with the reason."""
import test_certs as tc
from conftest import PASSWORD, problem, field_errors


def listed(s, q=None):
    r = s.get_json("/api/v1/certificates", params={"q": q} if q is not None else None)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def test_the_head_finds_and_revokes_a_certificate_of_their_department(ts):
    _, held = tc.issue_food_licence(ts, "JY13101010000077")
    head = ts.as_user("amr_head")
    items = listed(head)
    assert held["id"] in [c["id"] for c in items]
    assert all(c["type"] != "id_card" for c in items)          # 公安's, not amr's
    assert "上海小吃餐饮管理有限公司" not in head.get_json("/api/v1/certificates").text
    # found by a part of its identifier (any case) or its number
    part = held["identifier"][-10:].lower()
    assert [c["id"] for c in listed(head, part)] == [held["id"]]
    assert [c["id"] for c in listed(head, "0000077")] == [held["id"]]
    assert listed(head, "%") == [] and listed(head, "_") == []
    found = listed(head, "JY13101010000077")[0]
    assert found["status"] == "valid" and found["holder"]["kind"] == "enterprise"
    assert found["holder"]["name"].startswith("上") and "*" in found["holder"]["name"]
    # another department's head does not find it; its revocation there is refused
    assert held["id"] not in [c["id"] for c in listed(ts.as_user("health_head"))]
    # revoked with a reason, as the workbench's confirm dialog sends it
    r = head.post_json(f"/api/v1/certificates/{held['id']}/revoke", {"reason": "经营者申请注销"},
                       headers={"If-Match": f'"{found["version"]}"'})
    assert r.status_code == 200, r.text
    after = listed(head, "JY13101010000077")[0]
    assert after["status"] == "revoked" and after["revoke_reason"] == "经营者申请注销"
    v = ts.session().get(ts.url(f"/api/v1/certificates/{held['id']}/verify")).json()
    assert v["status"] == "revoked"
    # a stale version from a list read before: refused, still revoked once
    problem(head.post_json(f"/api/v1/certificates/{held['id']}/revoke", {"reason": "again"},
                           headers={"If-Match": f'"{found["version"]}"'}), 409)


def test_a_persons_id_number_is_never_listed(ts):
    psb_head = ts.as_user(ts.new_staff("psb", "dept_head", password=PASSWORD))
    r = psb_head.get_json("/api/v1/certificates")
    assert r.status_code == 200, r.text
    cards = [c for c in r.json()["items"] if c["type"] == "id_card"]
    assert cards and "310101198503120030" not in r.text and "张三" not in r.text
    assert listed(psb_head, "310101198503120030") == []     # not searchable by it either


def test_bad_input_and_who_may_list(ts):
    head = ts.as_user("amr_head")
    p = problem(head.get_json("/api/v1/certificates", params={"q": "x" * 65}), 422)
    assert ("q", "too_long") in field_errors(p)
    problem(head.get_json("/api/v1/certificates", params={"status": "valid"}), 422)
    for who in ("amr_reviewer", "amr_clerk", "xiaochi", "supervisor"):
        assert ts.as_user(who).get_json("/api/v1/certificates").status_code == 403, who
    assert ts.session().get(ts.url("/api/v1/certificates")).status_code == 401
