"""Applying for a bundle (一件事): POST /api/v1/bundles/{code}/cases, on the
demo bundle 开办餐饮店 (YJS-CANYIN): 设立登记 (amr) first; then 食品经营许可
(amr), 消防安全检查 (fire), 公章刻制备案 (psb) and 涉税事项 (tax); the food
licence also needs the fire check, on commitment (告知承诺).

The rules, from the issue: one application files the bundle case and one
sub-case per matter in one transaction; steps without unmet prerequisites go
to their departments at once; a later step is submitted when its
prerequisites complete approved, with the registration's new 统一社会信用代码
(GB 32100 check character correct) in its form; a denied step cancels its
dependants with the reason, independent ones continue, and the bundle ends
partially_completed; withdrawing withdraws every undecided sub-case; a
person applies, since the enterprise does not exist yet; a bad application
names every problem at once and creates nothing."""
import uuid

from casekit import PDF, act, get_case, upload
from conftest import CREDIT_CHARS, credit_check_char, invalid

CODE = "YJS-CANYIN"
REG, FOOD, FIRE, SEAL, TAX = "XK00101001", "XK00103000", "XK00401000", "QT00101000", "QT00201000"
PERSON_ID = "310101198503120030"          # zhangsan's


def value_for(f):
    """A valid answer for a merged field, by its type and rules."""
    t = f["type"]
    if t == "enum":
        return f["options"][0]["value"]
    if t in ("string", "text", "address"):
        v = "上海市黄浦区南京东路100号" if t == "address" else "测试内容餐饮"
        if f["key"].endswith("_name") or "name" in f["key"]:
            v = "张三"
        if f["key"] == "enterprise_name":
            v = "上海弄堂小馆餐饮有限公司"
        return v[: f.get("max_len", 200)]
    return {"int": 10, "decimal": 85.5, "bool": True, "phone": "13800138000", "region": "310101",
            "id_number": PERSON_ID, "email": "a@example.cn", "date": "2026-01-05"}[t]


def application(server, s, **over):
    guide = server.get(f"/api/v1/bundles/{CODE}").json()
    form = {f["key"]: value_for(f) for f in guide["form"]["fields"]}
    mats = [{"key": m["key"], "file": upload(s)} for m in guide["materials"] if m["required"]]
    body = {"form": form, "materials": mats, "channel": "online"}
    body.update(over)
    return body


def apply(server, s, **over):
    r = s.post_json(f"/api/v1/bundles/{CODE}/cases", application(server, s, **over),
                    headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.text
    return r.json()


def steps(b):
    return {s["matter"]: s for s in b["steps"]}


def queue(server, who):
    s = server.as_user(who)
    return {t["case_id"] for t in s.get_json("/api/v1/tasks", params={"limit": 100}).json()["items"]}


def complete_with_result(server, dept, case_id):
    clerk, reviewer = server.as_user(f"{dept}_clerk"), server.as_user(f"{dept}_reviewer")
    c = act(clerk, get_case(clerk, case_id), "accept")
    c = act(reviewer, c, "review")
    c = act(reviewer, c, "approve", {"opinion": "材料齐全，符合条件"})
    # delivered electronically by the platform, which completes the step
    return act(reviewer, c, "issue", {"number": "T" + uuid.uuid4().hex[:12].upper(), "title": "许可证"})


def handle_now(server, dept, case_id):
    clerk = server.as_user(f"{dept}_clerk")
    return act(clerk, get_case(clerk, case_id), "handle_now")


def bundle(s, bid):
    r = s.get_json(f"/api/v1/bundle-cases/{bid}")
    assert r.status_code == 200, r.text
    return r.json()


def test_a_person_applies_steps_run_in_parallel_and_the_credit_code_flows(server):
    me = server.as_user("zhangsan")
    b = apply(server, me)
    st = steps(b)
    assert b["status"] == "in_progress"
    assert st[REG]["state"] == "running" and st[REG]["case_status"] == "submitted"
    for m in (FOOD, FIRE, SEAL, TAX):
        assert st[m]["state"] == "pending" and st[m]["case_status"] == "draft"
    assert st[REG]["case_id"] in queue(server, "amr_clerk")
    assert not {st[m]["case_id"] for m in (FIRE, SEAL, TAX)} & (queue(server, "psb_clerk") | queue(server, "tax_clerk"))

    complete_with_result(server, "amr", st[REG]["case_id"])
    b = bundle(me, b["id"])
    st = steps(b)
    code = b["credit_code"]
    assert len(code) == 18 and code[:2] == "91" and code[2:8] == "310000"[:6] or code[2:8].isdigit()
    assert all(c in CREDIT_CHARS for c in code) and code[17] == credit_check_char(code[:17])
    # every dependant started at once — the food licence on its commitment while the fire check runs —
    # each in its own department's queue, with the new code in its form
    for m in (FOOD, FIRE, SEAL, TAX):
        assert st[m]["state"] == "running" and st[m]["case_status"] == "submitted", (m, st[m])
        assert get_case(me, st[m]["case_id"])["form"]["credit_code"] == code
    assert st[SEAL]["case_id"] in queue(server, "psb_clerk")
    assert st[TAX]["case_id"] in queue(server, "tax_clerk")
    assert st[FIRE]["case_id"] in queue(server, "fire_clerk")

    # staff of one department: the bundle and their own steps, nothing of the others'
    seen = bundle(server.as_user("psb_clerk"), b["id"])
    assert [s["matter"] for s in seen["steps"] if s["yours"]] == [SEAL]
    assert all("case_id" not in s for s in seen["steps"] if not s["yours"]) and "credit_code" not in seen
    assert server.as_user("psb_clerk").get_json(f"/api/v1/cases/{st[TAX]['case_id']}").status_code in (403, 404)
    assert server.as_user("xiaochi").get_json(f"/api/v1/bundle-cases/{b['id']}").status_code == 404

    handle_now(server, "psb", st[SEAL]["case_id"])
    handle_now(server, "tax", st[TAX]["case_id"])
    complete_with_result(server, "fire", st[FIRE]["case_id"])
    assert bundle(me, b["id"])["status"] == "in_progress"
    complete_with_result(server, "amr", st[FOOD]["case_id"])
    b = bundle(me, b["id"])
    assert b["status"] == "completed" and {s["state"] for s in b["steps"]} == {"approved"}


def test_a_denied_fire_check_cancels_the_food_licence_others_continue(server):
    me = server.as_user("zhangsan")
    b = apply(server, me)
    complete_with_result(server, "amr", steps(b)[REG]["case_id"])
    st = steps(bundle(me, b["id"]))
    fire_clerk, fire_rev = server.as_user("fire_clerk"), server.as_user("fire_reviewer")
    c = act(fire_clerk, get_case(fire_clerk, st[FIRE]["case_id"]), "accept")
    c = act(fire_rev, c, "review")
    act(fire_rev, c, "deny", {"reason": "疏散通道不符合要求", "legal_basis": "《消防法》第十五条",
                              "remedies": "可申请行政复议或提起行政诉讼"})
    st = steps(bundle(me, b["id"]))
    assert st[FIRE]["state"] == "failed"
    assert st[FOOD]["state"] == "cancelled" and st[FOOD]["case_status"] == "withdrawn"
    food = get_case(me, st[FOOD]["case_id"])
    assert any(FIRE in str(e.get("note") or "") or "reason" in (e.get("note") or {})
               for e in food["timeline"] if e["action"] == "withdraw")
    assert st[SEAL]["state"] == st[TAX]["state"] == "running"
    handle_now(server, "psb", st[SEAL]["case_id"])
    handle_now(server, "tax", st[TAX]["case_id"])
    b = bundle(me, b["id"])
    assert b["status"] == "partially_completed"
    assert steps(b)[SEAL]["state"] == steps(b)[TAX]["state"] == steps(b)[REG]["state"] == "approved"


def test_a_refused_registration_cancels_every_other_step(server):
    me = server.as_user("zhangsan")
    b = apply(server, me)
    clerk = server.as_user("amr_clerk")
    act(clerk, get_case(clerk, steps(b)[REG]["case_id"]), "refuse",
        {"reason": "not_eligible", "detail": "名称与已登记企业相同", "legal_basis": "《市场主体登记管理条例》第十条"})
    b = bundle(me, b["id"])
    st = steps(b)
    assert st[REG]["state"] == "failed"
    assert all(st[m]["state"] == "cancelled" and st[m]["case_status"] == "withdrawn" for m in (FOOD, FIRE, SEAL, TAX))
    assert b["status"] == "partially_completed" and "credit_code" not in b


def test_withdrawing_withdraws_every_undecided_sub_case(server):
    me = server.as_user("zhangsan")
    b = apply(server, me)
    url = f"/api/v1/bundle-cases/{b['id']}/withdraw"
    assert me.post_json(url, {"reason": "改变经营计划"}).status_code == 428
    assert me.post_json(url, {}, headers={"If-Match": '"99"'}).status_code == 409
    r = me.post_json(url, {"reason": "改变经营计划"}, headers={"If-Match": f'"{b["version"]}"'})
    assert r.status_code == 200, r.text
    b = r.json()
    assert b["status"] == "withdrawn"
    assert {s["case_status"] for s in b["steps"]} == {"withdrawn"}
    assert {s["state"] for s in b["steps"]} == {"cancelled"}
    assert me.post_json(url, {}, headers={"If-Match": f'"{b["version"]}"'}).status_code == 409
    assert server.as_user("lisi").post_json(url, {}, headers={"If-Match": '"1"'}).status_code == 404


def test_a_bad_application_names_every_problem_and_creates_nothing(server):
    me = server.as_user("zhangsan")
    before = server.query("SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM bundle_cases)")[0]
    body = application(server, me)
    guide = server.get(f"/api/v1/bundles/{CODE}").json()
    required = [f["key"] for f in guide["form"]["fields"] if f.get("required")][:3]
    for k in required:
        del body["form"][k]
    body["materials"] = body["materials"][1:]
    missing = [m["key"] for m in guide["materials"] if m["required"]][0]
    body["materials"].append(dict(body["materials"][0]))     # one material twice
    r = me.post_json(f"/api/v1/bundles/{CODE}/cases", body)
    invalid(r, *[(f"form.{k}", "required") for k in required], (f"materials.{missing}", "required"),
            (f"materials[{len(body['materials']) - 1}].key", "duplicate_key"))
    # an enterprise may not apply: the enterprise does not exist yet
    ent = server.as_user("xiaochi")
    invalid(ent.post_json(f"/api/v1/bundles/{CODE}/cases", application(server, ent)), ("bundle", "applicant_kind"))
    assert server.query("SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM bundle_cases)")[0] == before


def test_a_retry_with_the_same_key_returns_the_first_bundle_case(server):
    me = server.as_user("zhangsan")
    body = application(server, me)
    key = uuid.uuid4().hex
    r1 = me.post_json(f"/api/v1/bundles/{CODE}/cases", body, headers={"Idempotency-Key": key})
    r2 = me.post_json(f"/api/v1/bundles/{CODE}/cases", body, headers={"Idempotency-Key": key})
    assert r1.status_code == r2.status_code == 201
    assert r1.json()["id"] == r2.json()["id"] and r2.headers.get("Idempotent-Replayed") == "true"
    assert server.query("SELECT COUNT(*) FROM bundle_steps WHERE bundle_case_id = ?", r1.json()["id"])[0][0] == 5
