"""惠企政策 (issue 17): a policy's eligibility is a decision table, checked when
it is defined (unknown attribute, overlapping rows under `unique`); publishing
matches the enterprise profiles, tells each enterprise why ("row 1 matched:
…"), and grants a 免申即享 policy without an application; an enterprise sees
its policies ranked by benefit, applies in one step to one that needs it, and
is refused (409, nothing changed) when applying to one already granted."""
import pytest

from conftest import uniq, problem


@pytest.fixture(scope="module")
def world(server):
    sup = server.as_user("supervisor")
    industry = uniq("餐饮")[:30]
    firms = []
    for employees, founded, tax in ((20, "2024-03-01", "A"), (45, "2015-06-01", "B"), (200, "2024-01-01", "M")):
        body, acc = server.new_enterprise()
        acc = dict(acc, username=body["username"], password=body["password"])
        r = sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}",
                         {"industry": industry, "district": "310101", "risk": "low", "size": "small",
                          "founded": founded, "tax_credit": tax, "employees": employees})
        assert r.status_code == 200, r.text
        firms.append(acc)
    return {"industry": industry, "firms": firms}


def policy(world, **over):
    body = {"title": "小微企业稳岗补贴", "text": "对符合条件的小微企业给予稳岗补贴。", "period_start": "2026-01-01",
            "period_end": "2026-12-31", "benefit": "每户5000元", "auto_grant": True,
            "eligibility": {"hit_policy": "first", "rules": [
                {"when": {"industry": {"in": [world["industry"]]}, "employees": {"max": 50}}, "benefit": 500000}]}}
    body.update(over)
    return body


def test_tables_are_checked_when_defined(server, world):
    head = server.as_user("amr_head")
    bad = policy(world, eligibility={"hit_policy": "first", "rules": [
        {"when": {"revenue": {"min": 1}}, "benefit": 1}]})
    r = head.post_json("/api/v1/policies", bad)
    errs = problem(r, 422)["errors"]
    assert [(e["field"], e["code"]) for e in errs] == [("eligibility.rules[0].when.revenue", "unknown_attribute")]
    bad = policy(world, eligibility={"hit_policy": "unique", "rules": [
        {"when": {"employees": {"max": 50}}, "benefit": 1},
        {"when": {"employees": {"min": 50}}, "benefit": 2}]})
    errs = problem(head.post_json("/api/v1/policies", bad), 422)["errors"]
    assert [(e["field"], e["code"]) for e in errs] == [("eligibility.rules[1]", "overlapping_rows")]
    # only a department head defines policies
    problem(server.as_user("amr_reviewer").post_json("/api/v1/policies", policy(world)), 403)


def test_published_matched_explained_granted_and_applied(server, world):
    head = server.as_user("amr_head")
    r = head.post_json("/api/v1/policies", policy(world))
    assert r.status_code == 201, r.text
    auto = r.json()
    assert auto["state"] == "draft" and auto["issuer"] == "amr"
    # a draft is not public
    assert server.get(f"/api/v1/policies/{auto['id']}").status_code == 404
    r = head.post_json("/api/v1/policies", policy(
        world, title="首次创业补贴", benefit="最高1万元", auto_grant=False,
        eligibility={"hit_policy": "collect", "rules": [
            {"when": {"industry": {"in": [world["industry"]]}, "founded": {"min": "2023-01-01"}},
             "benefit": 1000000},
            {"when": {"industry": {"in": [world["industry"]]}, "tax_credit": {"in": ["A"]}}, "benefit": 200000}]}))
    assert r.status_code == 201, r.text
    apply_for = r.json()
    # another department's head may not publish amr's policy
    problem(server.as_user("health_head").post_json(f"/api/v1/policies/{auto['id']}/publish"), 403)

    r = head.post_json(f"/api/v1/policies/{auto['id']}/publish")
    assert r.status_code == 200, r.text
    assert r.json()["matched"] == 2 and r.json()["granted"] == 2          # firms 0 and 1 (≤ 50 employees)
    r = head.post_json(f"/api/v1/policies/{apply_for['id']}/publish")
    assert r.status_code == 200 and r.json()["matched"] == 2 and r.json()["granted"] == 0   # firms 0 and 2
    problem(head.post_json(f"/api/v1/policies/{auto['id']}/publish"), 409)    # once
    listed = [p["id"] for p in server.get("/api/v1/policies").json()["items"]]
    assert auto["id"] in listed and apply_for["id"] in listed

    f0, f1, f2 = world["firms"]
    s0 = server.login(f0["username"], f0["password"])
    mine = s0.get_json("/api/v1/me/policies").json()["items"]
    # ranked by benefit: 1,200,000 fen (two rows collected) before 500,000
    assert [p["id"] for p in mine] == [apply_for["id"], auto["id"]]
    assert mine[0]["amount"] == 1200000 and mine[1]["amount"] == 500000
    assert [m["explanation"] for m in mine[0]["matched_rows"]] == [
        "row 1 matched: industry = " + world["industry"] + ", founded ≥ 2023-01-01",
        "row 2 matched: industry = " + world["industry"] + ", tax_credit = A"]
    assert mine[1]["matched_rows"][0]["explanation"] == \
        "row 1 matched: industry = " + world["industry"] + ", employees ≤ 50"
    assert mine[1]["granted"] == "auto" and mine[0]["granted"] is None
    # told in the in-app messages, with the explanation
    msgs = s0.get_json("/api/v1/me/messages").json()
    text = str(msgs)
    assert "免申即享" in text and "employees ≤ 50" in text

    # applying to the granted one is refused and changes nothing
    before = server.scalar("SELECT COUNT(*) FROM policy_applications")
    body = problem(s0.post_json(f"/api/v1/policies/{auto['id']}/applications"), 409)
    assert body["errors"][0]["code"] == "granted_already"
    assert server.scalar("SELECT COUNT(*) FROM policy_applications") == before
    # the other is applied for in one step, once
    r = s0.post_json(f"/api/v1/policies/{apply_for['id']}/applications")
    assert r.status_code == 201, r.text
    problem(s0.post_json(f"/api/v1/policies/{apply_for['id']}/applications"), 409)
    assert s0.get_json("/api/v1/me/policies").json()["items"][0]["applied"] is True
    # firm 1 (founded 2015, credit B) does not meet the second policy
    s1 = server.login(f1["username"], f1["password"])
    body = problem(s1.post_json(f"/api/v1/policies/{apply_for['id']}/applications"), 422)
    assert body["errors"][0]["code"] == "not_eligible"
    assert [p["id"] for p in s1.get_json("/api/v1/me/policies").json()["items"]] == [auto["id"]]
    # firm 2 (200 employees) was not granted the 免申即享 one
    s2 = server.login(f2["username"], f2["password"])
    assert [p["id"] for p in s2.get_json("/api/v1/me/policies").json()["items"]] == [apply_for["id"]]
    # the policies for an enterprise are an enterprise's page
    problem(server.as_user("amr_head").get_json("/api/v1/me/policies"), 403)
