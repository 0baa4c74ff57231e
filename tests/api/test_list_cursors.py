"""Lists that grow with use page by a cursor, as the case list does (issue 15, item 4):
a department's certificates, a holder's wallet and the share links of a certificate, the
data-use log a person reads and the objections to it, rectifications and supervision orders,
the inspection plans (staff) and the published inspection results (the public).

The contract, stated here and not read from the code:
  - `limit` is 1 to 100 (20 when left out); the answer is {items, next_cursor}, and
    next_cursor is null exactly when no row follows;
  - following next_cursor as `cursor` gives every row the caller may see exactly once,
    newest first by the list's time with the id (descending) breaking ties, even when
    several rows share a time and when rows are added between two page fetches;
  - a bad `limit` or `cursor` is 422 naming that field, in Chinese and in English, and
    changes nothing;
  - a page never holds another department's (or another holder's) rows.
"""
import math

from conftest import STAFF_PASSWORD, cn_today, invalid, problem

from casekit import file_case
from test_certs import issue_food_licence
from test_ratings import completed_online, psb_staff, rate
from test_inspections_after import act as plan_act, plan as new_plan

ORDERS = "/api/v1/supervision/orders"
BAD_LIMITS = ["0", "101", "-1", "abc", "", "2.5", "1e1"]
BAD_CURSORS = ["abc", "12", "12.", ".abc", "12.XYZ", "-5.ab", "0.ab", "12.ab.cd", "12.ab cd", "x" * 300]


def walk(s, path, limit, params=None, between=None):
    """Every id the list gives, following next_cursor; `between` runs after the first page."""
    ids, cursor, pages = [], None, 0
    while True:
        q = dict(params or {}, limit=limit)
        if cursor:
            q["cursor"] = cursor
        r = s.get(s.url(path), params=q, timeout=30)
        assert r.status_code == 200, r.text
        body = r.json()
        assert set(body) >= {"items", "next_cursor"}
        assert len(body["items"]) <= limit
        ids += [x["id"] for x in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is not None:
            assert len(body["items"]) == limit, "a page short of the limit is the last"
        if between and pages == 1:
            between()
        if cursor is None:
            return ids, pages
        assert pages < 200, "the cursor does not move"


def tie_up(ts, table, time_col, ids):
    """Gives the rows times in groups of three equal ones (ties the id must break), all
    before now, so that rows added later are newer."""
    base = max(r[0] for r in ts.query(f"SELECT {time_col} FROM {table}") if r[0] is not None)
    for i, row_id in enumerate(sorted(ids)):
        ts.execute(f"UPDATE {table} SET {time_col} = ? WHERE id = ?", base - 1000 * (i // 3), row_id)


def newest_first(ts, table, time_col, where, *args):
    return [r[0] for r in ts.query(f"SELECT id FROM {table} WHERE {where} ORDER BY {time_col} DESC, id DESC",
                                   *args)]


def check_walk(ts, s, path, table, time_col, where, args, add, limit=2, params=None):
    want = newest_first(ts, table, time_col, where, *args)
    assert len(want) > 2 * limit, "the test needs rows for more than two pages"
    got, pages = walk(s, path, limit, params)
    assert got == want
    assert pages == math.ceil(len(want) / limit)        # no empty page at the end
    # a row added after the first page: neither repeats nor hides one of the rows listed
    got, _ = walk(s, path, limit, params, between=add)
    assert got == want
    # and it leads the next walk
    now = newest_first(ts, table, time_col, where, *args)
    assert len(now) == len(want) + 1
    got, _ = walk(s, path, 100, params)
    assert got == now and got[1:] == want
    # the default page is 20, the largest 100
    r = s.get(s.url(path), params=params, timeout=30).json()
    assert len(r["items"]) == min(20, len(now)) and (r["next_cursor"] is None) == (len(now) <= 20)
    return want


def check_bad_input(ts, s, path, table, params=None):
    before = ts.scalar(f"SELECT COUNT(*) FROM {table}")
    for bad in BAD_LIMITS:
        invalid(s.get(s.url(path), params=dict(params or {}, limit=bad), timeout=30), ("limit", "type"))
    for bad in BAD_CURSORS:
        invalid(s.get(s.url(path), params=dict(params or {}, cursor=bad), timeout=30), ("cursor", "invalid"))
    # named in both languages
    for field, value in (("limit", "0"), ("cursor", "abc")):
        q = dict(params or {}, **{field: value})
        en = s.get(s.url(path), params=q, headers={"Accept-Language": "en"}, timeout=30).json()
        zh = s.get(s.url(path), params=q, headers={"Accept-Language": "zh-CN"}, timeout=30).json()
        en_msg = [e["message"] for e in en["errors"] if e["field"] == field]
        zh_msg = [e["message"] for e in zh["errors"] if e["field"] == field]
        assert en_msg and zh_msg and en_msg != zh_msg
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh_msg[0]) and en_msg[0].isascii()
    assert ts.scalar(f"SELECT COUNT(*) FROM {table}") == before


def account_id(ts, username):
    return ts.scalar("SELECT id FROM accounts WHERE username = ?", username)


def test_supervision_orders(ts):
    sup = ts.as_user("supervisor")
    head, _ = psb_staff(ts, "dept_head")

    def order(dept, n):
        r = sup.post(sup.url(ORDERS), json={"department": dept, "title": f"督办 {n}", "text": "请说明。",
                                            "deadline_days": 5}, timeout=30)
        assert r.status_code == 201, r.text
        return r.json()["id"]

    for i in range(7):
        order("psb", i)
    for i in range(3):
        order("amr", i)
    tie_up(ts, "supervisions", "created_at", [r[0] for r in ts.query("SELECT id FROM supervisions")])
    # a department head: the department's, never another's
    psb = check_walk(ts, head, ORDERS, "supervisions", "created_at", "department = ?", ("psb",),
                     lambda: order("psb", "new"))
    amr = set(newest_first(ts, "supervisions", "created_at", "department = ?", "amr"))
    assert amr and not amr & set(psb)
    # a supervisor: every department's, and one department's with the filter
    check_walk(ts, sup, ORDERS, "supervisions", "created_at", "1 = 1", (), lambda: order("amr", "new2"), limit=3)
    got, _ = walk(sup, ORDERS, 2, {"department": "amr"})
    assert got == newest_first(ts, "supervisions", "created_at", "department = ?", "amr")
    # a filter with the cursor: the open orders of psb, each once
    got, _ = walk(head, ORDERS, 2, {"state": "open"})
    assert got == newest_first(ts, "supervisions", "created_at", "department = ? AND state = 'open'", "psb")
    check_bad_input(ts, head, ORDERS, "supervisions")
    check_bad_input(ts, sup, ORDERS, "supervisions", {"department": "psb"})


def test_rectifications(ts):
    owner = ts.as_user("xiaochi")
    clerk, _ = psb_staff(ts, "window_clerk")
    head, _ = psb_staff(ts, "dept_head")

    def bad_rating():
        case = completed_online(ts, clerk)
        rate(owner, case["id"], {"level": 1, "comment": "太慢"}, 201)

    for _ in range(5):
        bad_rating()
    # one of another department: amr's, from a licence it issued
    case, _ = issue_food_licence(ts, "JY13101010000501")
    rate(owner, case["id"], {"level": 2, "comment": "等了很久"}, 201)
    tie_up(ts, "rectifications", "created_at", [r[0] for r in ts.query("SELECT id FROM rectifications")])
    path = "/api/v1/rectifications"
    psb = check_walk(ts, head, path, "rectifications", "created_at", "department = ?", ("psb",), bad_rating)
    amr = set(newest_first(ts, "rectifications", "created_at", "department = ?", "amr"))
    assert amr and not amr & set(psb)
    got, _ = walk(ts.as_user("amr_head"), path, 2)
    assert set(got) == amr
    check_walk(ts, ts.as_user("supervisor"), path, "rectifications", "created_at", "1 = 1", (), bad_rating)
    got, _ = walk(head, path, 2, {"status": "open"})
    assert got == newest_first(ts, "rectifications", "created_at", "department = ? AND status = 'open'", "psb")
    check_bad_input(ts, head, path, "rectifications", {"status": "open"})


def test_certificates_of_a_department_and_of_a_holder(ts):
    for i in range(6):
        issue_food_licence(ts, f"JY1310101000060{i}")
    tie_up(ts, "certificates", "issued_at", [r[0] for r in ts.query("SELECT id FROM certificates")])
    serial = iter(range(700, 800))

    def another():
        issue_food_licence(ts, f"JY13101010000{next(serial)}")

    head = ts.as_user("amr_head")
    amr = check_walk(ts, head, "/api/v1/certificates", "certificates", "issued_at", "department = ?", ("amr",),
                     another)
    others = set(newest_first(ts, "certificates", "issued_at", "department <> ?", "amr"))
    assert others and not others & set(amr)
    # searched: the cursor keeps the search
    got, _ = walk(head, "/api/v1/certificates", 2, {"q": "JY131"})
    want = newest_first(ts, "certificates", "issued_at", "department = ? AND (UPPER(identifier) LIKE '%JY131%' "
                        "OR COALESCE(number, '') LIKE '%JY131%')", "amr")
    assert got == want and len(want) > 4
    check_bad_input(ts, head, "/api/v1/certificates", "certificates", {"q": "JY"})
    # the holder's wallet: xiaochi's own certificates (it acts for no one), never another's
    me = ts.as_user("xiaochi")
    holder = account_id(ts, "xiaochi")
    mine = check_walk(ts, me, "/api/v1/me/certificates", "certificates", "issued_at", "holder_account = ?",
                      (holder,), another, limit=3)
    theirs = set(newest_first(ts, "certificates", "issued_at", "holder_account <> ?", holder))
    assert theirs and not theirs & set(mine)
    got, _ = walk(me, "/api/v1/me/certificates", 2, {"qr": "svg"})
    assert got == newest_first(ts, "certificates", "issued_at", "holder_account = ?", holder)
    check_bad_input(ts, me, "/api/v1/me/certificates", "certificates")


def test_data_use_log(ts):
    owner, other = ts.as_user("xiaochi"), ts.as_user("zhangsan")

    def opener(s):
        cert = s.get_json("/api/v1/me/certificates", params={"limit": 100}).json()["items"][0]
        r = s.post_json(f"/api/v1/me/certificates/{cert['id']}/shares", {})
        assert r.status_code == 201, r.text
        token = r.json()["token"]

        def open_once():
            assert ts.session().get(ts.url(f"/api/v1/shared/{token}"), timeout=30).status_code == 200
        return open_once

    open_mine, open_theirs = opener(owner), opener(other)
    for _ in range(7):
        open_mine()
    for _ in range(2):
        open_theirs()
    tie_up(ts, "data_uses", "at", [r[0] for r in ts.query("SELECT id FROM data_uses")])
    holder = account_id(ts, "xiaochi")
    path = "/api/v1/me/data-use"
    mine = check_walk(ts, owner, path, "data_uses", "at", "subject_account = ?", (holder,), open_mine)
    theirs = set(newest_first(ts, "data_uses", "at", "subject_account <> ?", holder))
    assert theirs and not theirs & set(mine)
    got, _ = walk(other, path, 1)
    assert got == newest_first(ts, "data_uses", "at", "subject_account = ?", account_id(ts, "zhangsan"))
    check_bad_input(ts, owner, path, "data_uses")
    # the supervisors' list of objections to those uses pages the same way
    unobjected = iter(newest_first(ts, "data_uses", "at", "subject_account = ?", holder))

    def object_once(s=owner):
        use = next(unobjected) if s is owner else got[0]
        r = s.post_json(f"/api/v1/me/data-use/{use}/objection", {"reason": "我没有同意这次使用"})
        assert r.status_code == 201, r.text

    for _ in range(5):
        object_once()
    object_once(other)
    tie_up(ts, "data_use_objections", "at", [r[0] for r in ts.query("SELECT id FROM data_use_objections")])
    sup = ts.as_user("supervisor")
    check_walk(ts, sup, "/api/v1/data-use-objections", "data_use_objections", "at", "1 = 1", (), object_once)
    check_bad_input(ts, sup, "/api/v1/data-use-objections", "data_use_objections")


def test_share_links_of_a_certificate(ts):
    owner, other = ts.as_user("xiaochi"), ts.as_user("zhangsan")

    def first_cert(s):
        return s.get_json("/api/v1/me/certificates", params={"limit": 100}).json()["items"][0]["id"]

    mine, theirs = first_cert(owner), first_cert(other)

    def share(s=owner, cert=mine):
        r = s.post_json(f"/api/v1/me/certificates/{cert}/shares", {"days": 7})
        assert r.status_code == 201, r.text

    for _ in range(6):
        share()
    share(other, theirs)
    tie_up(ts, "certificate_shares", "created_at", [r[0] for r in ts.query("SELECT id FROM certificate_shares")])
    path = f"/api/v1/me/certificates/{mine}/shares"
    got = check_walk(ts, owner, path, "certificate_shares", "created_at", "certificate_id = ?", (mine,), share)
    assert not set(got) & set(newest_first(ts, "certificate_shares", "created_at", "certificate_id = ?", theirs))
    # another holder's certificate stays unknown, whatever the page asked
    assert owner.get(owner.url(f"/api/v1/me/certificates/{theirs}/shares"), params={"limit": 2}).status_code == 404
    check_bad_input(ts, owner, path, "certificate_shares")


def test_the_case_list_keeps_its_contract(ts):
    """The case list now reads its page through the same helper: the same names and answers."""
    me = ts.as_user("xiaochi")
    for _ in range(5):
        file_case(ts)
    got, _ = walk(me, "/api/v1/cases", 2)
    assert got == newest_first(ts, "cases", "created_at", "applicant_id = ?", account_id(ts, "xiaochi"))
    check_bad_input(ts, me, "/api/v1/cases", "cases")


def test_staff_without_the_role_get_no_page(ts):
    """Access stays the route table's: a cursor opens no list to anyone it was closed to."""
    reviewer = ts.login(ts.new_staff("amr", "reviewer"), STAFF_PASSWORD)
    for path in ("/api/v1/certificates", "/api/v1/rectifications", ORDERS, "/api/v1/me/data-use"):
        assert reviewer.get(reviewer.url(path), params={"limit": 1, "cursor": "1.ab"}, timeout=30).status_code == 403
    assert ts.session().get(ts.url("/api/v1/me/certificates"), params={"limit": 1}).status_code == 401


def test_complaints_of_a_caller_a_body_and_the_hotline(ts):
    """12345 lists (issue 15, item 4): the caller's own, a department's (as lead or co-handler) and
    the hotline's, each newest first in pages. This list's own contract, kept from before the
    cursor: `limit` 1 to 200, 50 when left out."""
    path = "/api/v1/complaints"

    def file(who, street):
        s = ts.as_user(who)
        r = s.post(s.url(path), json={"kind": "complaint", "category": "noise", "text": "夜间施工噪音 Noise at night",
                                      "channel": "web", "district": "310101", "street": street}, timeout=30)
        assert r.status_code == 201, r.text
        return r.json()["id"]

    for _ in range(7):
        file("zhangsan", "310101002")      # 南京东路街道: hp-njdl's
    for _ in range(3):
        file("lisi", "310101013")          # another street: not hp-njdl's
    # requests filed in groups of three at one time: the id breaks the ties
    tie_up(ts, "complaints", "created_at", [r[0] for r in ts.query("SELECT id FROM complaints")])
    ts.execute("UPDATE complaint_bodies SET created_at = "
               "(SELECT created_at FROM complaints WHERE id = complaint_bodies.complaint_id)")
    caller = account_id(ts, "zhangsan")
    mine = newest_first(ts, "complaints", "created_at", "caller_id = ?", caller)
    me = ts.as_user("zhangsan")
    got, pages = walk(me, path, 2)
    assert got == mine and pages == math.ceil(len(mine) / 2)
    # a request filed between two pages neither repeats nor hides one
    got, _ = walk(me, path, 2, between=lambda: file("zhangsan", "310101002"))
    assert got == mine
    mine = newest_first(ts, "complaints", "created_at", "caller_id = ?", caller)
    # the street office's queue: its own requests, never another body's
    handler = ts.as_user("njdl_handler")
    body = newest_first(ts, "complaints", "created_at",
                        "id IN (SELECT complaint_id FROM complaint_bodies WHERE body = ?)", "hp-njdl")
    got, _ = walk(handler, path, 3)
    assert got == body and set(mine) <= set(body)
    theirs = set(newest_first(ts, "complaints", "created_at", "caller_id = ?", account_id(ts, "lisi")))
    assert theirs and not theirs & set(got)
    # with a state: the cursor keeps the filter
    got, _ = walk(handler, path, 2, {"status": "dispatched"})
    assert got == newest_first(ts, "complaints", "created_at", "status = 'dispatched' AND id IN "
                               "(SELECT complaint_id FROM complaint_bodies WHERE body = ?)", "hp-njdl")
    # the hotline: every request
    got, _ = walk(ts.as_user("dispatcher"), path, 5)
    assert got == newest_first(ts, "complaints", "created_at", "1 = 1")
    # the page sizes of this list: 50 by default, up to 200
    everything = newest_first(ts, "complaints", "created_at", "1 = 1")
    r = ts.as_user("dispatcher").get_json(path).json()
    assert [x["id"] for x in r["items"]] == everything[:50]
    assert (r["next_cursor"] is None) == (len(everything) <= 50)
    assert len(ts.as_user("dispatcher").get_json(path + "?limit=200").json()["items"]) == min(200, len(everything))
    before = ts.scalar("SELECT COUNT(*) FROM complaints")
    for bad in ["0", "201", "-1", "abc", "", "2.5", "1e1"]:
        invalid(me.get(me.url(path), params={"limit": bad}, timeout=30), ("limit", "type"))
    for bad in BAD_CURSORS:
        invalid(me.get(me.url(path), params={"cursor": bad}, timeout=30), ("cursor", "invalid"))
    assert ts.scalar("SELECT COUNT(*) FROM complaints") == before


def test_matches_of_a_policy(ts):
    """A policy's matches page the same way, the largest benefit first, the account (descending)
    breaking ties; `total` counts every match whatever the page; another department's staff 403."""
    head = ts.as_user("amr_head")
    pid = ts.scalar("SELECT id FROM policies WHERE issuer = 'amr' AND state = 'published' LIMIT 1")
    assert pid, "the demo has a published policy of 市场监管"
    path = f"/api/v1/policies/{pid}/matches"
    # matches as the matcher writes them, for many accounts: benefits in groups of three (ties), one of 0
    ts.execute("DELETE FROM policy_matches WHERE policy_id = ? AND account_id NOT IN "
               "(SELECT account_id FROM policy_grants WHERE policy_id = ?) AND account_id NOT IN "
               "(SELECT account_id FROM policy_applications WHERE policy_id = ?)", pid, pid, pid)
    have = {r[0] for r in ts.query("SELECT account_id FROM policy_matches WHERE policy_id = ?", pid)}
    accounts = [r[0] for r in ts.query("SELECT id FROM accounts ORDER BY id") if r[0] not in have][:13]
    for i, acc in enumerate(accounts):
        ts.execute("INSERT INTO policy_matches (policy_id, account_id, benefit, explanation, matched_at) "
                   "VALUES (?, ?, ?, '[]', 1)", pid, acc, 1000 * (i // 3))
    want = [r[0] for r in ts.query("SELECT account_id FROM policy_matches WHERE policy_id = ? "
                                   "ORDER BY benefit DESC, account_id DESC", pid)]
    assert len(want) >= 13

    def walk_accounts(limit):
        got, cursor, pages = [], None, 0
        while True:
            q = {"limit": limit} if cursor is None else {"limit": limit, "cursor": cursor}
            r = head.get(head.url(path), params=q, timeout=30)
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["total"] == len(want) and len(body["items"]) <= limit
            got += [m["account"] for m in body["items"]]
            pages += 1
            cursor = body["next_cursor"]
            if cursor is None:
                return got, pages
            assert len(body["items"]) == limit and pages < 100

    for limit in (2, 3, 100):
        got, pages = walk_accounts(limit)
        assert got == want and pages == math.ceil(len(want) / limit)
    first = head.get_json(path).json()
    assert len(first["items"]) == min(20, len(want))
    ts.execute("DELETE FROM policy_matches WHERE policy_id = ? AND account_id = ?", pid, accounts[0])
    before = ts.scalar("SELECT COUNT(*) FROM policy_matches")
    for bad in BAD_LIMITS:
        invalid(head.get(head.url(path), params={"limit": bad}, timeout=30), ("limit", "type"))
    for bad in BAD_CURSORS:
        invalid(head.get(head.url(path), params={"cursor": bad}, timeout=30), ("cursor", "invalid"))
    problem(ts.as_user("health_head").get_json(path), 403)
    assert ts.scalar("SELECT COUNT(*) FROM policy_matches") == before


def test_inspection_plans_and_the_published_results(ts):
    day = cn_today()
    made = [new_plan(ts, f"分页抽查 {i}", day, upto="draft") for i in range(4)]
    published = []
    for i in range(5):
        pid = new_plan(ts, f"已公示抽查 {i}", day)
        plan_act(ts, pid, "publish")
        published.append(pid)
    ids = [r[0] for r in ts.query("SELECT id FROM inspection_plans")]
    assert set(made + published) <= set(ids)
    tie_up(ts, "inspection_plans", "created_at", ids)
    # staff: every plan, by its creation
    check_walk(ts, ts.as_user("amr_head"), "/api/v1/inspection-plans", "inspection_plans", "created_at", "1 = 1",
               (), lambda: new_plan(ts, "分页时新建的计划", day, upto="draft"))
    check_bad_input(ts, ts.as_user("amr_head"), "/api/v1/inspection-plans", "inspection_plans")

    # the public: the published ones, by their publication; a draft or a plan in progress never
    tie_up(ts, "inspection_plans", "published_at",
           [r[0] for r in ts.query("SELECT id FROM inspection_plans WHERE state = 'published'")])
    anon = ts.session()
    anon.url = ts.url

    def publish_one():
        pid = new_plan(ts, "分页时公示的抽查", day)
        plan_act(ts, pid, "publish")

    got = check_walk(ts, anon, "/api/v1/public/inspections", "inspection_plans", "published_at",
                     "state = 'published'", (), publish_one)
    assert not set(made) & set(got)
    check_bad_input(ts, anon, "/api/v1/public/inspections", "inspection_plans")
