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
        world, title="首次创业补贴", benefit="最高1万元", auto_grant=False, matter="JF00110000",
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
    ours = (auto["id"], apply_for["id"])

    def theirs(s):  # the firm's policies among this test's two (the demo's match the firms too)
        return [p for p in s.get_json("/api/v1/me/policies").json()["items"] if p["id"] in ours]

    mine = theirs(s0)
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
    assert theirs(s0)[0]["applied"] is True
    # firm 1 (founded 2015, credit B) does not meet the second policy
    s1 = server.login(f1["username"], f1["password"])
    body = problem(s1.post_json(f"/api/v1/policies/{apply_for['id']}/applications"), 422)
    assert body["errors"][0]["code"] == "not_eligible"
    assert [p["id"] for p in theirs(s1)] == [auto["id"]]
    # firm 2 (200 employees) was not granted the 免申即享 one
    s2 = server.login(f2["username"], f2["password"])
    assert [p["id"] for p in theirs(s2)] == [apply_for["id"]]
    # the policies for an enterprise are an enterprise's page
    problem(server.as_user("amr_head").get_json("/api/v1/me/policies"), 403)


def profile(industry, employees, tax="B"):
    return {"industry": industry, "district": "310101", "risk": "low", "size": "small",
            "founded": "2016-05-01", "tax_credit": tax, "employees": employees}


def policy_messages(server, account, *ids):
    """The account's messages about policies (about the policies `ids` when given)."""
    rows = server.query("SELECT entity_id FROM messages WHERE account_id = ? AND kind LIKE 'policy.%'", account)
    return len([r for r in rows if not ids or r[0] in ids])


def test_a_changed_profile_is_matched_again_and_told_once(server, world):
    """Item 6: when an enterprise's data changes, the published policies are evaluated on it again in
    the same write; a new match is recorded with its explanation, told once, and granted where 免申即享;
    the same data again tells nothing new; a match that no longer holds leaves the firm's list unless
    it was granted."""
    sup, head = server.as_user("supervisor"), server.as_user("amr_head")
    industry = uniq("烘焙")[:30]
    auto = head.post_json("/api/v1/policies", policy(world, title="烘焙业稳岗补贴", eligibility={
        "hit_policy": "first", "rules": [
            {"when": {"industry": {"in": [industry]}, "employees": {"max": 30}}, "benefit": 300000}]})).json()
    apply = head.post_json("/api/v1/policies", policy(world, title="烘焙业纳税信用奖励", auto_grant=False, matter="JF00110000",
                                                      eligibility={"hit_policy": "first", "rules": [
        {"when": {"industry": {"in": [industry]}, "tax_credit": {"in": ["A"]}}, "benefit": 100000}]})).json()
    for p in (auto, apply):
        r = head.post_json(f"/api/v1/policies/{p['id']}/publish")
        assert r.status_code == 200 and r.json()["matched"] == 0, r.text

    ours = (auto["id"], apply["id"])

    def mine():  # the firm's policies among the two of this test (the demo's may match it too)
        return [p for p in s.get_json("/api/v1/me/policies").json()["items"] if p["id"] in ours]

    body, acc = server.new_enterprise()
    s = server.login(body["username"], body["password"])
    assert sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}", profile("五金", 10)).status_code == 200
    assert mine() == []
    assert policy_messages(server, acc["id"], *ours) == 0

    # the firm becomes a bakery of 12: the 免申即享 policy matches, is granted and told, with its reason
    r = sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}", profile(industry, 12))
    assert r.status_code == 200, r.text
    got = mine()
    assert [p["id"] for p in got] == [auto["id"]]
    assert got[0]["granted"] == "auto" and got[0]["amount"] == 300000
    assert got[0]["matched_rows"][0]["explanation"] == f"row 1 matched: industry = {industry}, employees ≤ 30"
    assert policy_messages(server, acc["id"], *ours) == 1
    msgs = str(s.get_json("/api/v1/me/messages").json())
    assert "免申即享" in msgs and f"industry = {industry}, employees ≤ 30" in msgs
    assert server.scalar("SELECT COUNT(*) FROM policy_grants WHERE account_id = ? AND policy_id = ?",
                         acc["id"], auto["id"]) == 1

    # the same profile again (and a change no policy reads) tells nothing new and grants nothing more
    for _ in range(2):
        assert sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}", profile(industry, 12)).status_code == 200
    other = dict(profile(industry, 12), risk="high")
    assert sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}", other).status_code == 200
    assert policy_messages(server, acc["id"], *ours) == 1
    assert server.scalar("SELECT COUNT(*) FROM policy_grants WHERE account_id = ? AND policy_id = ?",
                         acc["id"], auto["id"]) == 1

    # credit A: the second policy matches too and asks for an application; told once
    assert sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}", profile(industry, 12, "A")).status_code == 200
    got = mine()
    assert [p["id"] for p in got] == [auto["id"], apply["id"]]
    assert got[1]["granted"] is None and got[1]["matched_rows"][0]["explanation"] == \
        f"row 1 matched: industry = {industry}, tax_credit = A"
    assert policy_messages(server, acc["id"], *ours) == 2
    assert f"apply in one step (row 1 matched: industry = {industry}, tax_credit = A)" in \
        str(s.get_json("/api/v1/me/messages").json())
    # the department sees the new matches of its policy
    items = head.get_json(f"/api/v1/policies/{apply['id']}/matches").json()["items"]
    assert [(m["account"], m["amount"], m["applied"]) for m in items] == [(acc["id"], 100000, False)]
    problem(server.as_user("health_head").get_json(f"/api/v1/policies/{apply['id']}/matches"), 403)

    # 40 employees and credit B: neither holds now; the granted one stays (a record), the other leaves
    assert sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}", profile(industry, 40)).status_code == 200
    assert [p["id"] for p in mine()] == [auto["id"]]
    problem(s.post_json(f"/api/v1/policies/{apply['id']}/applications"), 422)
    # back to credit A: a new match again, told again
    assert sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}", profile(industry, 40, "A")).status_code == 200
    assert policy_messages(server, acc["id"], *ours) == 3
    assert s.post_json(f"/api/v1/policies/{apply['id']}/applications").status_code == 201


def test_a_refused_profile_changes_no_match(server, world):
    sup = server.as_user("supervisor")
    body, acc = server.new_enterprise()
    before = server.scalar("SELECT COUNT(*) FROM policy_matches WHERE account_id = ?", acc["id"])
    bad = dict(profile(world["industry"], 10), tax_credit="Z")
    errs = problem(sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}", bad), 422)["errors"]
    assert [e["field"] for e in errs] == ["tax_credit"]
    assert server.scalar("SELECT COUNT(*) FROM policy_matches WHERE account_id = ?", acc["id"]) == before == 0
    assert policy_messages(server, acc["id"]) == 0
