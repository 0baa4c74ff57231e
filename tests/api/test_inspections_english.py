"""双随机一公开 in English beside Chinese (issue 17, items 1–2 and 9): an
inspection item carries optional English forms of its name and legal basis,
a plan an optional English title; the registers' items are listed for
planning (GET /api/v1/inspection-items); every view that shows a title gives
its English form too ("" when none was given). Bad English forms are refused
naming the field, and nothing changes. The demo seeds a published plan with
an objection and a plan whose results are overdue."""
from conftest import STAFF_PASSWORD, invalid, uniq


def items_by_code(s):
    r = s.get_json("/api/v1/inspection-items")
    assert r.status_code == 200, r.text
    return {i["code"]: i for i in r.json()["items"]}


def test_an_item_in_two_languages(server):
    head = server.as_user(server.new_staff("eco", "dept_head"), STAFF_PASSWORD)
    code = uniq("ECO-EN-")[:32]
    body = {"code": code, "title": "排污许可事项检查", "legal_basis": "《排污许可管理条例》第三十一条",
            "title_en": "Inspection of pollutant discharge permits",
            "legal_basis_en": "Regulations on the Administration of Pollutant Discharge Permits, Article 31"}
    r = head.post_json("/api/v1/inspection-items", body)
    assert r.status_code == 201, r.text
    assert {k: r.json()[k] for k in body} == body and r.json()["department"] == "eco"
    # listed for planning, by any staff member, with its department and both languages
    listed = items_by_code(server.as_user("amr_clerk"))[code]
    assert listed == dict(body, department="eco")
    # an item without English forms lists them empty; the page then shows the Chinese
    plain = uniq("ECO-ZH-")[:32]
    r = head.post_json("/api/v1/inspection-items", {"code": plain, "title": "环境影响评价检查",
                                                    "legal_basis": "《环境影响评价法》第二十五条"})
    assert r.status_code == 201, r.text
    got = items_by_code(head)[plain]
    assert (got["title_en"], got["legal_basis_en"]) == ("", "")
    # putting the item again replaces its English forms too
    r = head.post_json("/api/v1/inspection-items", dict(body, title_en="Discharge permit inspection"))
    assert r.status_code == 201, r.text
    assert items_by_code(head)[code]["title_en"] == "Discharge permit inspection"


def test_bad_english_forms_change_nothing(server):
    head = server.as_user(server.new_staff("eco", "dept_head"), STAFF_PASSWORD)
    code = uniq("ECO-BAD-")[:32]
    base = {"code": code, "title": "排污许可事项检查", "legal_basis": "《排污许可管理条例》第三十一条"}
    sup = server.as_user("supervisor")
    before = server.counts()
    for bad, field in (({"title_en": "x" * 161}, "title_en"), ({"title_en": 7}, "title_en"),
                       ({"legal_basis_en": ["Article 31"]}, "legal_basis_en"),
                       ({"legal_basis_en": "y" * 2001}, "legal_basis_en")):
        p = invalid(head.post_json("/api/v1/inspection-items", dict(base, **bad)), status=422)
        assert field in {e["field"] for e in p["errors"]}, p
    assert code not in items_by_code(head) and server.counts() == before
    plan = {"title": "英文标题过长的计划", "items": ["AMR-SP-01"], "ratios": {"high": 100},
            "period_start": "2027-03-01", "period_end": "2027-03-31"}
    n = server.scalar("SELECT COUNT(*) FROM inspection_plans")
    for bad in ("z" * 161, {"en": "Plan"}):
        p = invalid(sup.post_json("/api/v1/inspection-plans", dict(plan, title_en=bad)), status=422)
        assert "title_en" in {e["field"] for e in p["errors"]}, p
    assert server.scalar("SELECT COUNT(*) FROM inspection_plans") == n and server.counts() == before
    # the list takes no query parameters
    invalid(sup.get_json("/api/v1/inspection-items", params={"department": "amr"}),
            ("department", "unknown_parameter"))


def test_a_plan_title_in_english_everywhere_it_is_shown(server):
    sup = server.as_user("supervisor")
    body = {"title": "2027年一季度餐饮业抽查", "title_en": "Q1 2027 random inspection of catering",
            "items": ["AMR-SP-01", "WJ-GG-01"], "filter": {"industries": ["餐饮"]}, "ratios": {"high": 1000},
            "inspectors_per_target": 2, "period_start": "2027-01-04", "period_end": "2027-03-31"}
    r = sup.post_json("/api/v1/inspection-plans", body)
    assert r.status_code == 201, r.text
    view = r.json()
    assert (view["title"], view["title_en"]) == (body["title"], body["title_en"])
    assert (view["state"], view["state_zh"], view["state_en"]) == ("draft", "草稿", "Draft")
    # the plan's items come with their English forms (the demo's have them)
    got = {i["code"]: (i["title_en"], i["legal_basis_en"]) for i in view["items"]}
    assert got["AMR-SP-01"] == ("Inspection of food business licences",
                                "Food Safety Law of the People's Republic of China, Article 110")
    assert all(t and b for t, b in got.values())
    listed = {p["id"]: p for p in server.as_user("amr_head").get_json("/api/v1/inspection-plans").json()["items"]}
    assert (listed[view["id"]]["title_en"], listed[view["id"]]["state_en"]) == (body["title_en"], "Draft")
    # without an English title the views say so with ""
    del body["title_en"]
    r = sup.post_json("/api/v1/inspection-plans", dict(body, title="只有中文标题的计划"))
    assert r.status_code == 201, r.text
    assert r.json()["title_en"] == ""


def test_the_demo_has_a_published_plan_under_objection_and_an_overdue_one(ts):
    published = "5f0c1a8e2b7d4c6a9e3f1b2d4c6a8e02"
    overdue = "5f0c1a8e2b7d4c6a9e3f1b2d4c6a8e03"
    shown = {p["id"]: p for p in ts.get("/api/v1/public/inspections").json()["items"]}
    p = shown[published]
    assert p["title_en"].startswith("November 2026") and all(i["title_en"] for i in p["items"])
    assert "pending" in {r["objection"] for r in p["results"]}
    # the firm that objected reads its finding, its correction order and its objection in English too
    mine = [x for x in ts.as_user("hp_hotpot").get_json("/api/v1/me/inspections").json()["items"]
            if x["plan"] == published]
    assert len(mine) == 1 and mine[0]["objection"]["status"] == "pending"
    assert mine[0]["title_en"] == p["title_en"]
    assert [o["title_en"] for o in mine[0]["correction_orders"]] == ["Inspection of food business licences"]
    objs = [o for o in ts.as_user("amr_head").get_json("/api/v1/inspection-objections").json()["items"]
            if o["plan_id"] == published]
    assert len(objs) == 1 and objs[0]["plan_title_en"] == p["title_en"] and objs[0]["can_answer"] is True
    # the other demo plan is still being inspected long after its period: the job marks it overdue
    ts.run_jobs()
    v = ts.as_user("supervisor").get_json(f"/api/v1/inspection-plans/{overdue}").json()
    assert (v["state"], v["overdue"]) == ("inspecting", True) and v["title_en"]
    assert ts.query("SELECT kind FROM supervisions WHERE subject_id = ?", overdue) == [("overdue",)]
