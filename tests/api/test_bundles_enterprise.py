"""The enterprise a bundle creates (企业开办, 开办餐饮店), from the issue: a person
applies because the enterprise does not exist yet; when the registration is
approved the enterprise account is created with that person authorised to
act for it, and the later steps continue in the enterprise's name. And what
the bundle itself produces is not asked of the applicant: the 营业执照 the
registration issues serves the later steps' business_licence material
(免提交), so the person is never asked to upload a licence they cannot have.

Rules stated here, independently of the code:
- the guide asks no material that a step of the bundle issues before every
  matter needing it (it lists it as produced, with the step it comes from);
- approving the registration creates one enterprise account: its credit code
  is the bundle's, its name the one applied for, its legal representative
  the applicant, who alone sees it under 我的企业 and may give it a password;
- the licence issued next is held by the enterprise (its holder is the
  credit code), is in the legal representative's wallet, and is what the
  food licence's business_licence material takes;
- every step is filed for the enterprise (principal) and still followed by
  the person who applied."""
import uuid

from conftest import all_items
from casekit import act, file_case, get_case, upload
from test_bundles_apply import FIRE, FOOD, REG, SEAL, TAX, application, steps

CODE = "YJS-CANYIN"
NAME = "上海弄堂小馆餐饮有限公司"


def test_the_guide_asks_no_licence_the_bundle_issues(server):
    g = server.get(f"/api/v1/bundles/{CODE}").json()
    asked = {m["key"] for m in g["materials"]}
    assert "business_licence" not in asked
    assert g["produced_materials"]["business_licence"] == {"matter": REG, "certificate_type": "business_licence"}
    # the registration's own materials are still asked
    assert {"articles_of_association", "premises_proof"} <= asked
    assert g["guide"]["materials_asked"] == len(g["materials"])


def test_the_registration_creates_the_enterprise_its_person_acts_for(server):
    me = server.as_user("zhangsan")
    body = application(server, me)
    body["form"]["enterprise_name"] = NAME
    assert all(m["key"] != "business_licence" for m in body["materials"])
    r = me.post_json(f"/api/v1/bundles/{CODE}/cases", body, headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.text
    b = r.json()
    reg = steps(b)[REG]["case_id"]
    before = {e["credit_code"] for e in me.get_json("/api/v1/me/enterprises").json()["items"]}

    clerk, reviewer = server.as_user("amr_clerk"), server.as_user("amr_reviewer")
    # the department sees that its case is a bundle's step, and which steps wait on it
    seen = get_case(clerk, reg)["bundle"]
    assert seen["id"] == b["id"] and seen["bundle"] == CODE and seen["state"] == "running"
    assert {w["matter"] for w in seen["waiting"]} == {FOOD, FIRE, SEAL, TAX}
    assert get_case(clerk, reg)["status"] == "submitted"
    c = act(clerk, get_case(clerk, reg), "accept")
    c = act(reviewer, c, "review")
    c = act(reviewer, c, "approve", {"opinion": "准予设立登记"})

    # approved: the credit code is the bundle's and the enterprise exists, represented by the applicant
    b = me.get_json(f"/api/v1/bundle-cases/{b['id']}").json()
    code = b["credit_code"]
    mine = [e for e in me.get_json("/api/v1/me/enterprises").json()["items"] if e["credit_code"] not in before]
    assert len(mine) == 1, mine
    ent = mine[0]
    assert ent["credit_code"] == code and ent["name"] == NAME
    assert ent["relation"] == "legal_rep" and ent["has_password"] is False
    # every step is filed for it, and still the person's to follow
    for s in b["steps"]:
        case = get_case(me, s["case_id"])
        assert case["principal"] == {"id": ent["id"], "name": NAME, "kind": "enterprise"}, s["matter"]
        assert case["applicant"]["id"] == me.account["id"]
    # nobody else sees it
    assert ent["id"] not in {e["id"] for e in server.as_user("lisi").get_json(
        "/api/v1/me/enterprises").json()["items"]}

    # the licence is issued to the enterprise: held by its credit code, in the representative's wallet
    act(reviewer, c, "issue", {"number": code, "title": "营业执照"})
    wallet = all_items(me, "/api/v1/me/certificates")
    lic = [w for w in wallet if w["type"] == "business_licence" and (w.get("held_by") or {}).get("id") == ent["id"]]
    assert len(lic) == 1, wallet
    holder = lic[0]["signed"]["certificate"]["holder"]
    assert holder["id"] == code and holder["kind"] == "enterprise"
    pdf = me.get_json(f"/api/v1/me/certificates/{lic[0]['id']}/pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert server.as_user("lisi").get_json(f"/api/v1/me/certificates/{lic[0]['id']}/pdf").status_code == 404

    # the food licence took that licence for its business_licence material, without an upload
    b = me.get_json(f"/api/v1/bundle-cases/{b['id']}").json()
    food = get_case(me, steps(b)[FOOD]["case_id"])
    assert food["status"] == "submitted", food["status"]
    m = {x["key"]: x for x in food["materials"]}["business_licence"]
    assert m["certificate"]["id"] == lic[0]["id"] and m["auto"] is True
    # nothing waits on the registration any more; a case outside any bundle has none
    assert get_case(me, reg)["bundle"]["waiting"] == [] and get_case(me, reg)["bundle"]["state"] == "approved"
    assert file_case(server)["bundle"] is None and "principal" not in file_case(server)


def test_only_the_legal_representative_gives_the_enterprise_a_password(server):
    me = server.as_user("zhangsan")
    ents = me.get_json("/api/v1/me/enterprises").json()["items"]
    assert ents, "the test above made one"
    ent = ents[-1]
    # before a password the enterprise cannot sign in
    assert server.login_raw(ent["credit_code"], "Canyin-2026-safe").status_code == 401
    # another person: it does not exist for them; nothing changes
    other = server.as_user("lisi")
    r = other.post_json(f"/api/v1/me/enterprises/{ent['id']}/password", {"password": "Canyin-2026-safe"})
    assert r.status_code == 404, r.text
    # a weak password is refused with the field named; nothing changes
    r = me.post_json(f"/api/v1/me/enterprises/{ent['id']}/password", {"password": "123"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "password", r.text
    assert [e for e in me.get_json("/api/v1/me/enterprises").json()["items"]
            if e["id"] == ent["id"]][0]["has_password"] is False
    # an unknown field is refused
    r = me.post_json(f"/api/v1/me/enterprises/{ent['id']}/password", {"password": "x", "username": "y"})
    assert r.status_code in (400, 422)
    r = me.post_json(f"/api/v1/me/enterprises/{ent['id']}/password", {"password": "Canyin-2026-safe"})
    assert r.status_code == 200, r.text
    assert [e for e in r.json()["items"] if e["id"] == ent["id"]][0]["has_password"] is True
    # the enterprise signs in by its credit code and holds its licence itself
    s = server.login(ent["credit_code"], "Canyin-2026-safe")
    assert s.account["kind"] == "enterprise"
    own = all_items(s, "/api/v1/me/certificates")
    assert any(w["type"] == "business_licence" and "held_by" not in w for w in own)
