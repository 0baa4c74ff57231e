"""One correction notice across a bundle's departments (一次性告知), answered
once; and what a bundle case saved. From the issue: if several departments
request corrections, the applicant sees one combined notice listing every
problem, grouped by department, and answers once; each department's sub-case
resumes with what concerns it. Per bundle case: visits needed against the
sum of its matters' visits, uploads avoided by merging, data fields not
re-entered, working days taken against the sum of the promised days.

On 开办餐饮店: after the registration, 市场监管 (food licence) and 消防 (fire
check) both ask again for the venue's floor plan — one material serving both
— and 市场监管 also for one answer of the form, 消防 for its fire rules."""
import uuid

from casekit import act, get_case, upload
from test_bundles_apply import FIRE, FOOD, REG, SEAL, TAX, apply, bundle, complete_with_result, handle_now, steps


def ask(server, dept, case_id, items):
    clerk = server.as_user(f"{dept}_clerk")
    return act(clerk, get_case(clerk, case_id), "request_correction", {"items": items})


def food_field(server):
    """A merged key whose answer goes to the food licence (and its key there)."""
    g = server.get("/api/v1/bundles/YJS-CANYIN").json()
    types = {f["key"]: f["type"] for f in g["form"]["fields"]}
    for mk, srcs in g["field_sources"].items():
        for s in srcs:
            if s["matter"] == FOOD and types.get(mk) == "phone":
                return mk, s["key"]
    raise AssertionError("the food licence asks no phone number")


def answer(me, b, body, status):
    r = me.post_json(f"/api/v1/bundle-cases/{b['id']}/correction", body, headers={"If-Match": f'"{b["version"]}"'})
    assert r.status_code == status, r.text
    return r


def test_two_departments_corrections_answered_once(server):
    me = server.as_user("zhangsan")
    b = apply(server, me)
    complete_with_result(server, "amr", steps(b)[REG]["case_id"])
    b = bundle(me, b["id"])
    st = steps(b)
    assert b["correction"] is None
    mk, food_key = food_field(server)
    ask(server, "amr", st[FOOD]["case_id"], [
        {"kind": "material", "key": "venue_floor_plan", "reason": "平面图未标注操作间面积"},
        {"kind": "field", "key": food_key, "reason": "联系电话无法接通"}])
    ask(server, "fire", st[FIRE]["case_id"], [
        {"kind": "material", "key": "venue_floor_plan", "reason": "平面图未标注安全出口"},
        {"kind": "material", "key": "fire_safety_rules", "reason": "消防安全制度缺少签章"}])

    # one notice, grouped by department, each item under the key the applicant answers
    b = bundle(me, b["id"])
    corr = b["correction"]
    groups = {g["matter"]: g for g in corr["departments"]}
    assert set(groups) == {FOOD, FIRE}
    assert groups[FOOD]["department"] == "amr" and groups[FIRE]["department"] == "fire"
    assert {(i["kind"], i["key"]) for i in groups[FOOD]["items"]} == {("material", "venue_floor_plan"),
                                                                      ("field", mk)}
    assert all(i["reason"] for g in corr["departments"] for i in g["items"])
    assert sorted(corr["answer"]["materials"]) == ["fire_safety_rules", "venue_floor_plan"]
    assert corr["answer"]["form"] == [mk]

    plan, rules = upload(me), upload(me)
    good = {"form": {mk: "13900139000"},
            "materials": [{"key": "venue_floor_plan", "file": plan}, {"key": "fire_safety_rules", "file": rules}]}

    # bad answers change nothing: someone else's bundle, a stale version, an answer nobody asked for,
    # an empty answer, a value a department's form refuses
    lisi = server.as_user("lisi")
    assert lisi.post_json(f"/api/v1/bundle-cases/{b['id']}/correction", good,
                          headers={"If-Match": f'"{b["version"]}"'}).status_code == 404
    stale = dict(b, version=b["version"] + 7)
    answer(me, stale, good, 409)
    extra = dict(good, materials=good["materials"] + [{"key": "food_safety_rules", "file": upload(me)}])
    r = answer(me, b, extra, 422)
    assert ("materials[2].key", "not_flagged") in {(e["field"], e["code"]) for e in r.json()["errors"]}
    unasked = next(f["key"] for f in server.get("/api/v1/bundles/YJS-CANYIN").json()["form"]["fields"]
                   if f["key"] != mk)
    r = answer(me, b, dict(good, form={mk: "13900139000", unasked: "不该改的"}), 422)
    assert (f"form.{unasked}", "not_flagged") in {(e["field"], e["code"]) for e in r.json()["errors"]}
    r = answer(me, b, {"form": {}, "materials": []}, 422)
    assert r.json()["errors"][0]["field"] == "form"
    r = answer(me, b, dict(good, form={mk: "不是电话"}), 422)
    assert any(e["field"].startswith(FOOD + ".") for e in r.json()["errors"]), r.text
    for m in (FOOD, FIRE):
        assert get_case(me, st[m]["case_id"])["status"] == "correction"

    # once: both departments' sub-cases resume, each with what it asked for
    b = answer(me, b, good, 200).json()
    assert b["correction"] is None
    food, fire = get_case(me, st[FOOD]["case_id"]), get_case(me, st[FIRE]["case_id"])
    assert food["status"] == "submitted" and fire["status"] == "submitted"
    assert food["form"][food_key] == "13900139000"
    fm = {m["key"]: m for m in food["materials"]}
    fi = {m["key"]: m for m in fire["materials"]}
    assert fm["venue_floor_plan"]["file"]["id"] == plan and fi["venue_floor_plan"]["file"]["id"] == plan
    assert fi["fire_safety_rules"]["file"]["id"] == rules
    # nothing left to answer
    answer(me, b, good, 409)

    # completed: what it saved, each beside the one-by-one figure
    for dept, m in (("amr", FOOD), ("fire", FIRE)):
        complete_with_result(server, dept, st[m]["case_id"])
    handle_now(server, "psb", st[SEAL]["case_id"])
    handle_now(server, "tax", st[TAX]["case_id"])
    b = bundle(me, b["id"])
    assert b["status"] == "completed", b
    s = b["savings"]
    assert s["visits"] <= s["visits_sum"] and s["fields"] < s["fields_sum"]
    # the floor plan served two matters and the licence three: uploads avoided
    assert s["uploads_avoided"] == s["uploads_sum"] - s["uploads"] and s["uploads_avoided"] >= 4
    assert isinstance(s["days_taken"], int) and 0 <= s["days_taken"] <= s["promised_days_sum"]
