"""督办 (issue 13, item 3): a supervisor issues a supervision order with a
deadline to a department — about a case, a 12345 request, a rectification,
or free-standing with a title and text — and that department's head must
answer it with what was done; a supervisor then closes it or sends it back.
An order still unanswered after its deadline is escalated by the background
jobs, telling the supervisors and the department's heads. The system's own
orders about overdue work live in the same table and follow the same rules.

Supervisors read across departments and change no case. Each bad input is a
4xx problem+json naming the field in Chinese and English, and changes nothing."""
import datetime

from conftest import STAFF_PASSWORD, field_errors, invalid, problem

from casekit import act, file_case, get_case
from test_ratings import completed_online, psb_staff, rate, rect_of

ORDERS = "/api/v1/supervision/orders"


def cn_today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def issue(s, body, status=201):
    r = s.post(s.url(ORDERS), json=body, timeout=30)
    assert r.status_code == status, r.text
    return r.json()


def order_act(s, order, action, body, status, version=None):
    v = order["version"] if version is None else version
    r = s.post(s.url(f"{ORDERS}/{order['id']}/{action}"), json=body, headers={"If-Match": f'"{v}"'}, timeout=30)
    assert r.status_code == status, f"{action}: {r.status_code} {r.text}"
    return r.json()


def listed(s, **query):
    r = s.get(s.url(ORDERS), params={"limit": 100, **query}, timeout=30)      # newest first: a page is enough
    assert r.status_code == 200, r.text
    return {o["id"]: o for o in r.json()["items"]}


def count_orders(ts):
    return ts.scalar("SELECT COUNT(*) FROM supervisions")


def messages_about(ts, order_id, kind):
    return sorted(r[0] for r in ts.query("SELECT a.username FROM messages m JOIN accounts a ON a.id = m.account_id "
                                         "WHERE m.entity_id = ? AND m.kind = ?", order_id, kind))


def active(ts, role, department=None):
    rows = ts.query("SELECT username, department FROM accounts WHERE roles LIKE ? AND status = 'active'",
                    f"%{role}%")
    return sorted(u for u, d in rows if department is None or d == department)


def test_an_order_issued_answered_and_closed(ts):
    sup, head, other_head = ts.as_user("supervisor"), ts.as_user("amr_head"), ts.as_user("health_head")
    case = file_case(ts)
    assert case["department"]["code"] == "amr"
    order = issue(sup, {"department": "amr", "subject": {"type": "case", "id": case["id"]},
                        "text": "该办件临近超期，请说明原因并加快办理。", "deadline_days": 3})
    assert order["state"] == "open" and order["kind"] == "issued" and order["department"] == "amr"
    assert order["subject"] == {"type": "case", "id": case["id"], "label": case["number"]}
    assert order["answer"] is None and order["overdue"] is False and order["escalated"] is False
    # three working days from today by amr's region's calendar
    region = [d for d in ts.get("/api/v1/departments").json()["items"] if d["code"] == "amr"][0]["region"]
    want = ts.get(f"/api/v1/calendar/{region}/workdays?from={cn_today().isoformat()}&add=3").json()["date"]
    assert order["deadline"] == want
    # the department's heads are told, nobody else
    assert messages_about(ts, order["id"], "supervision") == active(ts, "dept_head", "amr")
    # who sees it: supervisors and amr's head; health's head neither lists nor reads it
    assert order["id"] in listed(sup) and order["id"] in listed(head)
    assert order["id"] not in listed(other_head)
    problem(other_head.get(other_head.url(f"{ORDERS}/{order['id']}")), 403)
    problem(other_head.get(other_head.url(ORDERS), params={"department": "amr"}), 403)
    got = head.get(head.url(f"{ORDERS}/{order['id']}"))
    assert got.status_code == 200 and got.headers["ETag"] == f'"{order["version"]}"'
    assert got.json()["allowed_actions"] == ["answer"]
    assert listed(sup, department="amr", state="open")[order["id"]]["allowed_actions"] == []
    # answering another department's order: 403, nothing changed
    before = ts.query("SELECT state, version, answer FROM supervisions WHERE id = ?", order["id"])
    p = problem(other_head.post(other_head.url(f"{ORDERS}/{order['id']}/answer"), json={"answer": "已处理"},
                                headers={"If-Match": f'"{order["version"]}"'}), 403)
    assert p["detail"]
    # the precondition, a stale version, and an empty answer
    problem(head.post(head.url(f"{ORDERS}/{order['id']}/answer"), json={"answer": "已处理"}), 428)
    order_act(head, order, "answer", {"answer": "已处理"}, 409, version=order["version"] + 3)
    invalid(head.post(head.url(f"{ORDERS}/{order['id']}/answer"), json={"answer": "  \u3000 "},
                      headers={"If-Match": f'"{order["version"]}"'}), ("answer", "empty"))
    # a supervisor cannot close what is not answered
    p = order_act(sup, order, "close", {}, 409)
    assert p["errors"] == []
    assert ts.query("SELECT state, version, answer FROM supervisions WHERE id = ?", order["id"]) == before
    order = order_act(head, order, "answer", {"answer": "已加派人员，明日办结。"}, 200)
    assert order["state"] == "answered" and order["answer"] == "已加派人员，明日办结。"
    assert order["answered_by"]["name"] and order["allowed_actions"] == []
    # answering twice: 409, the first answer stands
    p = order_act(head, order, "answer", {"answer": "再答一次"}, 409)
    assert ts.scalar("SELECT answer FROM supervisions WHERE id = ?", order["id"]) == "已加派人员，明日办结。"
    # whoever issued it hears of the answer; a supervisor closes it
    assert messages_about(ts, order["id"], "supervision.answered") == ["supervisor"]
    assert sup.get(sup.url(f"{ORDERS}/{order['id']}")).json()["allowed_actions"] == ["close", "send_back"]
    order = order_act(sup, order, "close", {"note": "情况属实"}, 200)
    assert order["state"] == "closed" and order["review_note"] == "情况属实" and order["closed_at"]
    assert messages_about(ts, order["id"], "supervision.closed") == active(ts, "dept_head", "amr")
    audit = sup.get(sup.url("/api/v1/audit"), params={"entity": "supervision", "id": order["id"]}).json()["items"]
    assert sorted(a["action"] for a in audit) == ["supervision.act", "supervision.act", "supervision.issue"]


def test_an_answer_sent_back_is_answered_again(ts):
    sup, head = ts.as_user("supervisor"), ts.as_user("amr_head")
    order = issue(sup, {"department": "amr", "title": "窗口排队时间过长", "text": "请核查并报告整改措施。",
                        "deadline": (cn_today() + datetime.timedelta(days=5)).isoformat()})
    assert order["subject"] is None and order["title"] == "窗口排队时间过长"
    order = order_act(head, order, "answer", {"answer": "已核查。"}, 200)
    invalid(sup.post(sup.url(f"{ORDERS}/{order['id']}/send-back"), json={},
                     headers={"If-Match": f'"{order["version"]}"'}), ("note", "required"))
    later = (cn_today() + datetime.timedelta(days=9)).isoformat()
    order = order_act(sup, order, "send-back", {"note": "未说明整改措施", "deadline": later}, 200)
    assert order["state"] == "open" and order["answer"] is None and order["deadline"] == later
    assert order["review_note"] == "未说明整改措施"
    assert messages_about(ts, order["id"], "supervision.sent_back") == active(ts, "dept_head", "amr")
    order = order_act(head, order, "answer", {"answer": "增开两个窗口，并公示等候时间。"}, 200)
    assert order_act(sup, order, "close", {}, 200)["state"] == "closed"


def test_bad_orders_are_refused_and_change_nothing(ts):
    sup = ts.as_user("supervisor")
    case = file_case(ts)
    today = cn_today()
    good = {"department": "amr", "subject": {"type": "case", "id": case["id"]}, "text": "请说明",
            "deadline_days": 2}
    bad = [
        ({**good, "department": "nosuch"}, ("department", "unknown")),
        ({**good, "deadline_days": None, "deadline": (today - datetime.timedelta(days=1)).isoformat()},
         ("deadline", "past")),
        ({**good, "deadline_days": None, "deadline": "2026-13-40"}, ("deadline", "date")),
        ({**good, "deadline": today.isoformat()}, ("deadline", "both")),
        ({k: v for k, v in good.items() if k != "deadline_days"}, ("deadline", "required")),
        ({**good, "deadline_days": 0}, ("deadline_days", "range")),
        ({**good, "text": ""}, ("text", "length")),
        ({**good, "text": " \n "}, ("text", "empty")),
        ({k: v for k, v in good.items() if k != "text"}, ("text", "required")),
        ({**good, "subject": {"type": "case", "id": "nosuchcase"}}, ("subject.id", "unknown")),
        ({**good, "subject": {"type": "payment", "id": case["id"]}}, ("subject.type", "unknown")),
        ({k: v for k, v in good.items() if k != "subject"}, ("title", "required")),
    ]
    before = count_orders(ts)
    for body, pair in bad:
        body = {k: v for k, v in body.items() if v is not None}
        r = sup.post(sup.url(ORDERS), json=body, timeout=30)
        got = field_errors(problem(r, 422 if r.status_code == 422 else 400))
        assert r.status_code in (400, 422) and pair[0] in {f for f, _ in got}, (body, got)
    # the field and the reason in both languages
    r = sup.post(sup.url(ORDERS), json={**good, "department": "nosuch"}, headers={"Accept-Language": "en"})
    zh = sup.post(sup.url(ORDERS), json={**good, "department": "nosuch"}, headers={"Accept-Language": "zh-CN"})
    en_msg, zh_msg = r.json()["errors"][0]["message"], zh.json()["errors"][0]["message"]
    assert en_msg == "no such department" and zh_msg == "没有这个部门"
    # nobody but a supervisor issues one
    for who in ("amr_head", "amr_reviewer", "xiaochi", "admin"):
        problem(ts.as_user(who).post(ts.url(ORDERS), json=good), 403)
    problem(ts.session().post(ts.url(ORDERS), json=good), 401)
    assert count_orders(ts) == before
    # filters are checked too
    invalid(sup.get(sup.url(ORDERS), params={"state": "nope"}), ("state", "unknown"))
    invalid(sup.get(sup.url(ORDERS), params={"department": "nosuch"}), ("department", "unknown"))


def test_a_supervisor_changes_no_case(ts):
    sup = ts.as_user("supervisor")
    case = file_case(ts)
    for action in ("accept", "refuse", "request_correction"):
        act(sup, case, action, {"reason": "x"}, status=403)
    after = get_case(ts.as_user("amr_clerk"), case["id"])
    assert after["status"] == "submitted" and after["version"] == case["version"]


def test_an_unanswered_order_escalates_after_its_deadline(ts):
    sup = ts.as_user("supervisor")
    head_name = ts.new_staff("amr", "dept_head")
    order = issue(sup, {"department": "amr", "title": "专项督查", "text": "请报告本月超期办件的原因。",
                        "deadline": cn_today().isoformat()})
    answered = issue(sup, {"department": "amr", "title": "已答复的督办", "text": "请说明。",
                           "deadline": cn_today().isoformat()})
    answered = order_act(ts.login(head_name, STAFF_PASSWORD), answered, "answer", {"answer": "已说明"}, 200)
    try:
        ts.run_jobs()                       # the deadline day itself is still in time
        assert ts.scalar("SELECT state FROM supervisions WHERE id = ?", order["id"]) == "open"
        got = sup.get(sup.url(f"{ORDERS}/{order['id']}")).json()
        assert got["overdue"] is False and got["escalated"] is False
        ts.set_clock(days=2)
        ts.run_jobs()
        ts.run_jobs()                       # a second run tells nobody again
        sup = ts.as_user("supervisor")
        got = sup.get(sup.url(f"{ORDERS}/{order['id']}")).json()
        assert got["state"] == "escalated" and got["escalated"] is True and got["overdue"] is True
        assert messages_about(ts, order["id"], "supervision.escalated") == sorted(
            active(ts, "supervisor") + active(ts, "dept_head", "amr"))
        # an answered order is not escalated
        assert ts.scalar("SELECT state FROM supervisions WHERE id = ?", answered["id"]) == "answered"
        assert messages_about(ts, answered["id"], "supervision.escalated") == []
        assert order["id"] in listed(sup, state="escalated")
        # the head still answers it, late
        head = ts.login(head_name, STAFF_PASSWORD)
        got = order_act(head, got, "answer", {"answer": "迟复：原因已查明。"}, 200)
        assert got["state"] == "answered" and got["escalated"] is True
        audit = sup.get(sup.url("/api/v1/audit"), params={"entity": "supervision", "id": order["id"]}).json()
        assert "supervision.escalate" in [a["action"] for a in audit["items"]]
    finally:
        ts.set_clock(days=0)


def test_the_systems_overdue_orders_are_answered_the_same_way(ts):
    """A rectification past its deadline gets the system's order (kind overdue): the same list, the same
    answer by the department's head, closed by a supervisor; no deadline of its own, so never escalated."""
    owner = ts.as_user("xiaochi")
    clerk, _ = psb_staff(ts, "window_clerk")
    head_name = ts.new_staff("psb", "dept_head")
    case = completed_online(ts, clerk)
    rate(owner, case["id"], {"level": 1}, 201)
    rect = rect_of(ts.login(head_name, STAFF_PASSWORD), case["id"])
    try:
        ts.set_clock(days=40)
        ts.run_jobs()
        sup = ts.as_user("supervisor")
        mine = [o for o in listed(sup, kind="overdue").values() if o["subject"]["id"] == rect["id"]]
        assert len(mine) == 1 and mine[0]["deadline"] is None and mine[0]["state"] == "open"
        assert mine[0]["subject"]["type"] == "rectification" and mine[0]["department"] == "psb"
        head = ts.login(head_name, STAFF_PASSWORD)
        order = order_act(head, mine[0], "answer", {"answer": "已回访并整改。"}, 200)
        assert order_act(ts.as_user("supervisor"), order, "close", {}, 200)["state"] == "closed"
        ts.run_jobs()
        assert ts.scalar("SELECT COUNT(*) FROM supervisions WHERE subject_id = ?", rect["id"]) == 1
    finally:
        ts.set_clock(days=0)
