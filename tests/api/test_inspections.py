"""双随机一公开 (issue 17), end to end on one plan: two departments' items,
a target register and an inspector register with recusal declarations; a
joint plan committed (seed and registers hashed before the public value is
known), drawn, revealed and recomputed offline with `onestop
inspection-verify` and with a second implementation of the published
algorithm (drawkit.py); findings recorded by the drawn inspectors only;
results published without personal data. Bad input from the issue: a redraw
after the reveal, recording on a target not drawn for you, too few
inspectors after recusal — each a clear 4xx that changes nothing."""
import json
import subprocess

import pytest

from conftest import BIN, STAFF_PASSWORD, uniq, problem
import drawkit


def plan_state(server, sup, pid):
    return sup.get_json(f"/api/v1/inspection-plans/{pid}").json()


@pytest.fixture(scope="module")
def world(server):
    sup = server.as_user("supervisor")
    industry = uniq("餐饮")[:30]
    tag = uniq("x")
    items, heads = {}, {}
    # two departments of the demo whose registers nothing else fills (the demo's joint plan is amr's and
    # health's), so the draw below sees exactly the inspectors declared here
    for dept, title, basis in (
            ("eco", "排污许可事项检查", "《排污许可管理条例》第三十一条"),
            ("fire", "消防安全检查", "《中华人民共和国消防法》第五十三条")):
        heads[dept] = server.new_staff(dept, "dept_head")
        code = f"{dept}-{tag}"[:32]
        r = server.as_user(heads[dept], STAFF_PASSWORD).post_json("/api/v1/inspection-items",
                                           {"code": code, "title": title, "legal_basis": basis})
        assert r.status_code == 201, r.text
        assert r.json()["department"] == dept
        items[dept] = code
    firms = []
    for i in range(6):
        _, acc = server.new_enterprise()
        risk = "high" if i < 4 else "low"
        r = sup.put_json(f"/api/v1/enterprise-profiles/{acc['id']}",
                         {"industry": industry, "district": "310101", "street": f"3101010{i:02d}",
                          "risk": risk, "size": "small", "founded": "2019-05-01", "tax_credit": "B",
                          "employees": 20 + i})
        assert r.status_code == 200, r.text
        firms.append(acc)
    inspectors = {"eco": [], "fire": []}
    for dept in inspectors:
        head = server.as_user(heads[dept], STAFF_PASSWORD)
        for k in range(3):
            name = server.new_staff(dept, "reviewer", name=f"检查员 {dept}{k}")
            acc = server.as_user(name, STAFF_PASSWORD).account
            decl = {"qualifications": ["行政执法证"], "street": f"3101019{k:02d}"}
            if dept == "eco" and k == 0:
                decl["relations"] = [firms[0]["id"]]        # declared a relation to firm 0
            if dept == "fire" and k == 0:
                decl["street"] = "310101001"               # lives on firm 1's street
            if dept == "fire" and k == 1:
                decl["employers"] = [firms[2]["id"]]        # worked for firm 2
            r = head.put_json(f"/api/v1/inspectors/{acc['id']}", decl)
            assert r.status_code == 200, r.text
            inspectors[dept].append((name, acc))
    return {"sup": sup, "industry": industry, "items": items, "firms": firms, "inspectors": inspectors}


def new_plan(world, **over):
    body = {"title": "2026年餐饮业联合抽查", "items": list(world["items"].values()),
            "filter": {"industries": [world["industry"]]}, "ratios": {"high": 1000, "low": 500},
            "inspectors_per_target": 2, "period_start": "2026-12-01", "period_end": "2026-12-31"}
    body.update(over)
    r = world["sup"].post_json("/api/v1/inspection-plans", body)
    assert r.status_code == 201, r.text
    return r.json()


def act(world, pid, action, body=None):
    return world["sup"].post_json(f"/api/v1/inspection-plans/{pid}/actions/{action}", body or {})


def test_a_joint_plan_drawn_verified_inspected_published(server, world, tmp_path):
    p = new_plan(world)
    assert p["state"] == "draft" and sorted(p["rules"]["departments"]) == ["eco", "fire"]
    pid = p["id"]
    # no draw before the commitment
    problem(act(world, pid, "draw", {"public_value": "x"}), 409)

    r = act(world, pid, "commit")
    assert r.status_code == 200, r.text
    committed = r.json()
    assert committed["state"] == "committed" and len(committed["seed_sha256"]) == 64
    assert "seed" not in committed
    # nothing to verify before the seed is revealed
    assert server.get(f"/api/v1/public/inspections/{pid}/draw").status_code == 404

    r = act(world, pid, "draw", {"public_value": "2026-12-01 福彩3D 4 0 7"})
    assert r.status_code == 200, r.text
    drawn = r.json()
    assert drawn["state"] == "drawn" and "seed" not in drawn
    assert drawn["seed_sha256"] == committed["seed_sha256"]           # the commitment held
    # all 4 high-risk firms (1000 ‰) and 1 of the 2 low-risk ones (ceil(2 × 500 ‰))
    assert len(drawn["drawn"]) == 5
    for team in drawn["drawn"]:
        who = [i["name"] for i in team["inspectors"]]
        # two per target, one from each department involved
        assert sorted(n.split()[1][:-1] for n in who) == ["eco", "fire"], who

    r = act(world, pid, "reveal")
    assert r.status_code == 200 and len(r.json()["seed"]) == 64
    rec = server.get(f"/api/v1/public/inspections/{pid}/draw").json()
    assert drawkit.sha256_hex(rec["seed"]) == committed["seed_sha256"]
    assert rec["registers_sha256"] == committed["registers_sha256"]
    assert drawkit.check(rec)                                   # a second implementation agrees
    f = tmp_path / "plan.json"
    f.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    v = subprocess.run([str(BIN), "inspection-verify", str(f)], capture_output=True, text=True, timeout=60)
    assert v.returncode == 0 and v.stdout.startswith("match:"), v.stdout + v.stderr
    # the published registers carry pseudonyms, never account ids or streets
    text = json.dumps(rec, ensure_ascii=False)
    for firm in world["firms"]:
        assert firm["id"] not in text
    assert "310101" not in text

    # recusal: firm 0 never gets eco0 (a declared relation), firm 1 never fire0 (same street),
    # firm 2 never fire1 (a past employer) — read from the register the draw published
    recused = {i["id"]: set(i["recused"]) for i in rec["inspectors"]}
    assert sum(len(v) for v in recused.values()) == 3
    for team in rec["drawn"]:
        for i in team["inspectors"]:
            assert team["target"] not in recused[i]

    # a redraw after the reveal is refused: a new plan is needed
    r = act(world, pid, "draw", {"public_value": "another"})
    body = problem(r, 409)
    assert "new plan" in body["detail"] or "新建计划" in body["detail"]
    assert plan_state(server, world["sup"], pid)["drawn"] == drawn["drawn"]

    assert act(world, pid, "start").status_code == 200
    team = drawn["drawn"][0]
    mine = team["inspectors"][0]["name"]
    drawn_names = {i["name"] for i in team["inspectors"]}
    ins = [(n, a) for d in world["inspectors"].values() for n, a in d]
    by_name = {f"检查员 {d}{k}": n for d in world["inspectors"] for k, (n, _) in
               enumerate(world["inspectors"][d])}
    on_team = [by_name[n] for n in drawn_names]
    off_team = [n for n, _ in ins if n not in on_team]
    item = world["items"]["eco"]
    finding = {"target": team["target"], "item": item, "result": "non_compliant",
               "note": "后厨防蝇设施缺失", "correction_deadline": "2026-12-20"}
    # an inspector not drawn for this target may not record on it
    r = server.as_user(off_team[0], STAFF_PASSWORD).post_json(f"/api/v1/inspection-plans/{pid}/findings",
                                                              finding)
    problem(r, 403)
    r = server.as_user(on_team[0], STAFF_PASSWORD).post_json(f"/api/v1/inspection-plans/{pid}/findings",
                                                             finding)
    assert r.status_code == 201, r.text
    # an item outside the plan, a deadline on a compliant finding: 422 naming the field
    bad = dict(finding, item="no-such-item")
    r = server.as_user(on_team[1], STAFF_PASSWORD).post_json(f"/api/v1/inspection-plans/{pid}/findings", bad)
    assert problem(r, 422)["errors"][0]["field"] == "item"
    bad = dict(finding, item=world["items"]["fire"], result="compliant")
    r = server.as_user(on_team[1], STAFF_PASSWORD).post_json(f"/api/v1/inspection-plans/{pid}/findings", bad)
    assert problem(r, 422)["errors"][0]["field"] == "correction_deadline"
    viewed = plan_state(server, world["sup"], pid)
    assert len(viewed["findings"]) == 1

    assert act(world, pid, "publish").status_code == 200
    pub = server.get("/api/v1/public/inspections").json()["items"]
    mine = [x for x in pub if x["id"] == pid]
    assert len(mine) == 1
    res = {x["target"]: x for x in mine[0]["results"]}
    assert res[team["target"]]["findings"] == [
        {"item": item, "result": "non_compliant", "correction_deadline": "2026-12-20"}]
    text = json.dumps(mine, ensure_ascii=False)
    # no personal data: no inspector's name or account, no note, no street
    for n, a in ins:
        assert a["id"] not in text and "检查员" not in text
    assert "后厨" not in text and "3101019" not in text
    # and nothing is recorded after publication
    r = server.as_user(on_team[1], STAFF_PASSWORD).post_json(
        f"/api/v1/inspection-plans/{pid}/findings", dict(finding, item=world["items"]["fire"]))
    problem(r, 409)


def test_too_few_inspectors_after_recusal_is_refused_at_draw_time(server, world):
    # five inspectors per target over two departments: 3 from eco (the first by code), 2 from fire;
    # firms 1 and 2 each leave fire 2 — enough; firm 0's declared relation leaves eco 2 — short
    p = new_plan(world, inspectors_per_target=5)
    pid = p["id"]
    assert act(world, pid, "commit").status_code == 200
    before = plan_state(server, world["sup"], pid)
    r = act(world, pid, "draw", {"public_value": "2026-12-02 体彩 1 2 3"})
    body = problem(r, 422)
    err = body["errors"][0]
    assert err["field"] == "inspectors" and err["code"] == "too_few_after_recusal"
    assert "部门 eco 回避后仅有 2 名检查人员可抽，需要 3 名" in err["message"]
    assert err["message"].startswith("目标 T-")               # the target named by its pseudonym
    after = plan_state(server, world["sup"], pid)
    assert after["state"] == "committed" and after["version"] == before["version"]
    assert "public_value" not in after


def test_plan_bad_input(server, world):
    sup = world["sup"]
    r = sup.post_json("/api/v1/inspection-plans", {
        "title": "x", "items": ["no-such"], "ratios": {"extreme": 5}, "period_start": "2026-12-31",
        "period_end": "2026-12-01"})
    fields = {e["field"] for e in problem(r, 422)["errors"]}
    assert {"ratios", "period_end"} <= fields
    # only a supervisor plans; only a department head registers inspectors
    r = server.as_user("amr_head").post_json("/api/v1/inspection-plans", {})
    problem(r, 403)
    firm = world["firms"][0]["id"]
    r = sup.put_json(f"/api/v1/enterprise-profiles/{firm}", {"industry": "餐饮", "district": "310101",
                                                             "risk": "extreme"})
    assert problem(r, 422)["errors"][0]["field"] == "risk"


def test_the_demo_joint_plan_draws_and_verifies(server):
    """The demo's joint plan (市场监管 + 卫生健康, data/demo/inspections.json) over its 餐饮 enterprises:
    two high-risk, one medium, one low at 500 ‰ each — one of each level drawn, one inspector of each
    department per target, recusals from the demo's declarations respected."""
    sup = server.as_user("supervisor")
    pid = "5f0c1a8e2b7d4c6a9e3f1b2d4c6a8e01"
    plan = sup.get_json(f"/api/v1/inspection-plans/{pid}").json()
    assert plan["state"] == "draft" and sorted(plan["rules"]["departments"]) == ["amr", "health"]
    for action, body in (("commit", {}), ("draw", {"public_value": "2026-12-01 福彩3D 0 1 7"}), ("reveal", {})):
        r = sup.post_json(f"/api/v1/inspection-plans/{pid}/actions/{action}", body)
        assert r.status_code == 200, r.text
    rec = server.get(f"/api/v1/public/inspections/{pid}/draw").json()
    assert drawkit.check(rec)
    assert len(rec["targets"]) == 4 and len(rec["drawn"]) == 3
    # two streets, a relation, an employer (the other declared employer is no 餐饮 firm)
    assert sum(len(i["recused"]) for i in rec["inspectors"]) == 4


def test_the_target_register_counts_complaints_against_a_firm_and_its_past_findings(server, world):
    """The register a supervisor plans from: per firm, the 12345 complaints and reports that name it
    (被投诉对象) — by credit code, or by name when no code was given and the name is no other firm's —
    filed in the last 365 days (enquiries and suggestions are not complaints against it), and its
    non-compliant findings."""
    firms = world["firms"]
    (code0, name0), = server.query("SELECT credit_code, display_name FROM accounts WHERE id = ?", firms[0]["id"])
    assert server.query("SELECT COUNT(*) FROM accounts WHERE display_name = ?", name0)[0][0] > 1
    name1 = uniq("上海独家小吃店")
    _, one = server.new_enterprise(name=name1)
    r = world["sup"].put_json(f"/api/v1/enterprise-profiles/{one['id']}",
                              {"industry": uniq("百货")[:30], "district": "310101", "street": "310101002", "risk": "low",
                               "size": "small", "founded": "2020-01-01", "tax_credit": "B", "employees": 3})
    assert r.status_code == 200, r.text
    base = {"category": "food_safety", "channel": "web", "district": "310101", "street": "310101002"}
    zs = server.as_user("zhangsan")
    for kind, subject in (("complaint", {"credit_code": code0}), ("report", {"credit_code": code0}),
                          ("enquiry", {"credit_code": code0}), ("complaint", {"name": name1}),
                          ("suggestion", {"name": name1}), ("complaint", {"name": name0})):
        r = zs.post_json("/api/v1/complaints", {**base, "kind": kind, "subject": subject,
                                                "text": "后厨卫生差 Dirty kitchen"})
        assert r.status_code == 201, r.text
    r = world["sup"].get_json("/api/v1/inspection-targets")
    assert r.status_code == 200, r.text
    got = {i["account"]: i for i in r.json()["items"]}
    # firm 0 by its code (its name is shared: the last complaint is nobody's); the new firm by its name
    assert got[firms[0]["id"]]["complaints"] == 2 and got[one["id"]]["complaints"] == 1
    assert got[firms[0]["id"]]["name"] == name0 and got[firms[0]["id"]]["credit_code"] == code0
    assert all(got[f["id"]]["complaints"] == 0 for f in firms[1:])
    found = dict(server.query("SELECT target_account, COUNT(*) FROM inspection_findings "
                              "WHERE result = 'non_compliant' GROUP BY target_account"))
    for f in firms:
        assert got[f["id"]]["findings"] == found.get(f["id"], 0)
    # the most complained about first
    counts = [i["complaints"] for i in r.json()["items"]]
    assert counts == sorted(counts, reverse=True)
    problem(server.as_user("amr_head").get_json("/api/v1/inspection-targets"), 403)
