"""Case scenarios (不见面审批), each a list of steps with expected statuses:
happy path online with a certificate result; immediate matter at the window;
correction then acceptance; refusal at intake; denial; suspend/resume;
extension; deemed acceptance after 5 working days; withdrawal; assisted
application by an agent."""
from conftest import STAFF_PASSWORD, new_id_number, cn_day

from casekit import FOOD, PDF, PNG, SEAL, act, case_body, file_case, food_form, get_case, upload


def test_happy_path_online_with_certificate(ts):
    applicant, clerk, reviewer = ts.as_user("xiaochi"), ts.as_user("amr_clerk"), ts.as_user("amr_reviewer")
    case = file_case(ts)
    assert case["status"] == "submitted"
    assert case["number"].startswith("310000-")
    assert case["matter"]["version"] == 1
    assert case["clock"]["started"] is False
    assert "withdraw" in case["allowed_actions"]
    case = act(clerk, case, "accept")
    assert case["status"] == "accepted"
    assert case["clock"]["started"] and case["clock"]["total_days"] == 10 and case["clock"]["colour"] == "green"
    case = act(reviewer, case, "review")
    case = act(reviewer, case, "approve", {"opinion": "材料齐全，符合条件"})
    assert case["status"] == "approved" and "issue" in case["allowed_actions"]
    before = len(applicant.get_json("/api/v1/me/messages").json()["items"])
    # electronic delivery is the platform's: issuing the result delivers it into the applicant's
    # account and completes the case in the same step, with no click by the window
    case = act(reviewer, case, "issue", {"number": "JY13101010000001", "title": "食品经营许可证", "fields": {"主体业态": "餐饮服务经营者"}})
    assert case["status"] == "completed", case["status"]
    act(clerk, case, "deliver", {"method": "electronic"}, status=409)
    mine = get_case(applicant, case["id"])
    assert mine["status"] == "completed"
    assert [e["action"] for e in mine["timeline"]] == ["submit", "accept", "review", "approve", "issue", "deliver", "complete"]
    assert [e["role"] for e in mine["timeline"][-2:]] == ["system", "system"], mine["timeline"][-2:]
    assert mine["delivery_record"]["method"] == "electronic"
    # the applicant hears once, at completion, and is told where the result is
    after = applicant.get_json("/api/v1/me/messages").json()["items"]
    new = [m for m in after[: len(after) - before]]
    assert len(new) == 1, [m["title"] for m in new]
    assert "我的证照" in new[0]["body"]["zh"] or "我的办件" in new[0]["body"]["zh"], new[0]
    for e in mine["timeline"]:
        assert set(e) >= {"at", "action", "department", "role"}
        assert "amr_reviewer" not in str(e) and "刘洋" not in str(e)   # no staff personal data
    assert mine["result"]["number"] == "JY13101010000001"
    msgs = applicant.get_json("/api/v1/me/messages").json()["items"]
    assert any(m["entity"]["id"] == case["id"] for m in msgs if m.get("entity"))
    audit = ts.as_user("supervisor").get_json(f"/api/v1/audit?entity=case&id={case['id']}").json()["items"]
    assert len(audit) == 7


def test_a_result_collected_at_the_window_waits_for_the_clerk(ts):
    """Only electronic delivery is the platform's: a result to collect at the
    window stays issued until the clerk hands it over (a visit), and the
    platform may not mark it delivered."""
    clerk, reviewer = ts.as_user("amr_clerk"), ts.as_user("amr_reviewer")
    case = act(clerk, file_case(ts, delivery={"method": "window"}), "accept")
    case = act(reviewer, act(reviewer, case, "review"), "approve", {"opinion": "符合条件"})
    case = act(reviewer, case, "issue", {"number": "JY13101010000002", "title": "食品经营许可证", "fields": {}})
    assert case["status"] == "issued" and "deliver" in get_case(clerk, case["id"])["allowed_actions"]
    case = act(clerk, get_case(clerk, case["id"]), "deliver", {"method": "window"})
    assert case["status"] == "delivered"
    assert "pickup" in [v["kind"] for v in case["visits"]]
    case = act(clerk, case, "complete")
    assert case["status"] == "completed"
    roles = [e["role"] for e in get_case(ts.as_user("xiaochi"), case["id"])["timeline"]]
    assert "system" not in roles, roles


def test_immediate_matter_at_the_window(ts):
    clerk = ts.as_user("amr_clerk")
    ts.as_user("xiaochi")
    body = case_body(ts, clerk, SEAL, channel="window", applicant={"credit_code": "91310101MA1FPX0Q1Y"})
    # 公章刻制备案 belongs to the police (psb): an amr clerk may not take it in
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 403, r.text
    psb = ts.login(ts.new_staff("psb", "window_clerk", name="公安窗口 测试"), STAFF_PASSWORD)
    body = case_body(ts, psb, SEAL, channel="window", applicant={"credit_code": "91310101MA1FPX0Q1Y"})
    r = psb.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["channel"] == "window" and case["applicant"]["name"] == "上海小吃餐饮管理有限公司"
    assert "handle_now" in case["allowed_actions"] and "accept" not in case["allowed_actions"]
    assert [v["kind"] for v in case["visits"]] == ["window_intake"]
    act(psb, case, "accept", status=409)
    case = act(psb, case, "handle_now")
    assert case["status"] == "completed"
    mine = get_case(ts.as_user("xiaochi"), case["id"])
    assert mine["status"] == "completed"


def test_correction_then_acceptance(ts):
    applicant, clerk = ts.as_user("xiaochi"), ts.as_user("amr_clerk")
    case = file_case(ts)
    items = [{"kind": "field", "key": "shop_area", "reason": "面积与平面图不一致"},
             {"kind": "material", "key": "venue_floor_plan", "reason": "平面图不清晰"}]
    act(clerk, case, "request_correction", {"items": [{"kind": "field", "key": "no_such", "reason": "x x"}]}, status=422)
    case = act(clerk, case, "request_correction", {"items": items})
    assert case["status"] == "correction" and case["clock"]["started"] is False
    mine = get_case(applicant, case["id"])
    assert mine["correction"]["items"] == items
    assert mine["allowed_actions"] == ["resubmit", "withdraw"]
    # an unflagged field may not change
    act(applicant, mine, "resubmit", {"form": {"shop_name": "新名字"}}, status=422)
    unchanged = get_case(applicant, case["id"])
    assert unchanged["form"]["shop_name"] == "弄堂小馆" and unchanged["version"] == mine["version"]
    new_plan = upload(applicant, PNG, "plan.png", "image/png")
    case = act(applicant, mine, "resubmit", {"form": {"shop_area": 90}, "materials": [{"key": "venue_floor_plan", "file": new_plan}]})
    assert case["status"] == "submitted" and case["form"]["shop_area"] == 90
    plan = [m for m in case["materials"] if m["key"] == "venue_floor_plan"][0]
    assert plan["file"]["id"] == new_plan
    # what this round changed, for the one who asked: the field before and after, the material replaced
    answered = [e for e in case["timeline"] if e["action"] == "resubmit"][-1]["note"]["changed"]
    assert answered == {"fields": {"shop_area": {"from": food_form()["shop_area"], "to": 90}},
                        "materials": ["venue_floor_plan"]}, answered
    # the answered case goes back to the clerk who asked (issue 16, item 7): their task, claimed for them
    asked = ts.query("SELECT kind, status, claimed_by FROM tasks WHERE case_id = ? AND status <> 'done'", case["id"])
    assert asked == [("intake", "claimed", clerk.account["id"])], asked
    case = act(clerk, get_case(clerk, case["id"]), "accept")
    assert case["status"] == "accepted" and case["correction_rounds"] == 1


def test_refusal_at_intake(ts):
    clerk = ts.as_user("amr_clerk")
    case = file_case(ts)
    act(clerk, case, "refuse", {"reason": "go_online", "detail": "请到网上办", "legal_basis": "无"}, status=422)
    act(clerk, case, "refuse", {"reason": "not_in_remit", "detail": "不属于本机关职权", "legal_basis": "《行政许可法》第三十二条"}, status=422)
    case = act(clerk, case, "refuse", {"reason": "not_in_remit", "detail": "属于区级市场监管部门职权",
                                       "legal_basis": "《行政许可法》第三十二条第一款第（二）项", "apply_to": "黄浦区市场监督管理局"})
    assert case["status"] == "refused" and case["decision"]["apply_to"] == "黄浦区市场监督管理局"
    assert case["allowed_actions"] == []


def test_denial_with_remedies(ts):
    clerk, reviewer = ts.as_user("amr_clerk"), ts.as_user("amr_reviewer")
    case = act(clerk, file_case(ts), "accept")
    case = act(reviewer, case, "review")
    act(reviewer, case, "deny", {"reason": "x"}, status=422)
    case = act(reviewer, case, "deny", {"reason": "经营场所与污染源距离不足", "legal_basis": "《食品经营许可和备案管理办法》第十二条"})
    assert case["status"] == "denied"
    assert "行政复议" in case["decision"]["remedies"] and "行政诉讼" in case["decision"]["remedies"]


def test_suspend_resume_moves_the_deadline(ts):
    clerk, reviewer = ts.as_user("amr_clerk"), ts.as_user("amr_reviewer")
    try:
        case = act(clerk, file_case(ts), "accept")
        deadline = case["clock"]["deadline"]
        case = act(reviewer, case, "suspend", {"kind": "expert_review", "reason": "需组织专家评审", "expected_days": 5})
        assert case["status"] == "suspended" and case["clock"]["paused"]
        ts.set_clock(7)   # a week later: 5 working days (no holidays in the way in late November)
        reviewer = ts.as_user("amr_reviewer")
        case = act(reviewer, get_case(reviewer, case["id"]), "resume")
        assert case["status"] == "accepted"
        resumed = case["timeline"][-1]["note"]["paused_workdays"]
        assert resumed >= 4
        r = ts.get(f"/api/v1/calendar/{case['region']}/workdays?from={deadline}&to={case['clock']['deadline']}")
        assert r.json()["workdays"] == resumed
    finally:
        ts.set_clock(0)


def test_extension_once_by_an_approver(ts):
    clerk, reviewer, approver = ts.as_user("amr_clerk"), ts.as_user("amr_reviewer"), ts.as_user("amr_approver")
    case = act(clerk, file_case(ts), "accept")
    act(reviewer, case, "extend", {"days": 5, "reason": "情况复杂"}, status=403)
    act(approver, case, "extend", {"days": 11, "reason": "情况复杂"}, status=422)
    before = case["clock"]["deadline"]
    case = act(approver, case, "extend", {"days": 10, "reason": "需现场核查，情况复杂"})
    assert case["clock"]["total_days"] == 20 and case["clock"]["extended"] and case["clock"]["deadline"] > before
    assert case["extension"]["reason"] == "需现场核查，情况复杂"
    act(approver, case, "extend", {"days": 1, "reason": "再次延长"}, status=409)
    msgs = ts.as_user("xiaochi").get_json("/api/v1/me/messages").json()["items"]
    assert any("延长" in m["body"]["zh"] for m in msgs)


def test_deemed_acceptance_after_five_working_days(ts):
    case = file_case(ts)
    try:
        ts.run_jobs()
        assert get_case(ts.as_user("xiaochi"), case["id"])["status"] == "submitted"
        ts.set_clock(10)   # two weeks: more than 5 working days
        ts.run_jobs()
        now = get_case(ts.as_user("xiaochi"), case["id"])
        assert now["status"] == "accepted"
        assert now["clock"]["accepted_on"] == cn_day(case["submitted_at"]).isoformat()   # as of the submission day
        assert now["timeline"][-1]["action"] == "deem_accept" and now["timeline"][-1]["note"]["deemed"] is True
        audit = ts.as_user("supervisor").get_json(f"/api/v1/audit?entity=case&id={case['id']}").json()["items"]
        assert audit[0]["action"] == "case.deem_accept" and audit[0]["actor"] == "system"
    finally:
        ts.set_clock(0)


def test_withdrawal_before_decision(ts):
    applicant = ts.as_user("xiaochi")
    case = file_case(ts)
    other = ts.as_user("zhangsan")
    act(other, case, "withdraw", status=404)        # someone else's case does not exist for them
    case = act(applicant, case, "withdraw", {"reason": "暂不开店"})
    assert case["status"] == "withdrawn"
    act(applicant, case, "withdraw", status=409)


def test_assisted_application_by_an_agent(ts):
    clerk = ts.as_user("amr_clerk")
    principal = ts.as_user("xiaochi")     # the food permit is an enterprise matter: its 经办人 files it
    auth = upload(clerk, PDF, "授权委托书.pdf")
    body = case_body(ts, clerk, FOOD, channel="assisted", applicant={"credit_code": principal.account["credit_code"]},
                     agent={"name": "李小明", "id_number": new_id_number("310104"), "relation": "经办人", "authorization_file": auth})
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["channel"] == "assisted" and case["agent"]["name"] == "李小明"
    assert case["agent"]["id_number"] == body["agent"]["id_number"]   # the clerk handles the case
    mine = principal.get_json("/api/v1/cases").json()["items"]
    assert case["id"] in [c["id"] for c in mine]
    seen = get_case(principal, case["id"])
    assert seen["applicant"]["name"] == "上海小吃餐饮管理有限公司" and [v["kind"] for v in seen["visits"]] == ["window_intake"]
