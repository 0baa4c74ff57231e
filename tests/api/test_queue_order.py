"""A department's task queue is in the order of its deadlines (工作台待办, issue 15 item 4).

What a reviewer needs first is what is due first: the queue lists open and claimed tasks by the term
that binds them — the case's decision deadline (办结期限) once accepted, the intake term (受理期限, five
working days, Administrative Licensing Law Art. 32) before — with tasks that have neither last, and
equal deadlines by the order the tasks arrived. The queue is read from an index in that order and
stopped at the page (test_queue_bounded.py), so the order must follow every change of a deadline: an
extension (延期) moves a case behind others due earlier. Checked on the answers alone."""
from casekit import act, file_case

NONE = "9999-12-31"


def queue(s, **params):
    r = s.get(s.url("/api/v1/tasks"), params={"limit": 200, **params}, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()["items"]


def keys(items):
    return [it["deadline"] or NONE for it in items]


def test_the_queue_is_in_deadline_order_and_follows_an_extension(ts):
    clerk, approver = ts.as_user("amr_clerk"), ts.as_user("amr_approver")
    first = act(clerk, file_case(ts), "accept")       # decided within 10 working days
    second = act(clerk, file_case(ts), "accept")      # the same deadline, arrived later
    waiting = file_case(ts)                           # not accepted yet: its intake term binds
    assert first["clock"]["deadline"] == second["clock"]["deadline"]

    items = queue(clerk)
    assert keys(items) == sorted(keys(items))
    pos = {it["case_id"]: i for i, it in enumerate(items)}
    assert pos[waiting["id"]] < pos[first["id"]] < pos[second["id"]]
    assert items[pos[waiting["id"]]]["deadline_kind"] == "intake"

    # one page of one task is the first of the whole queue
    assert queue(clerk, limit=1)[0]["id"] == items[0]["id"]

    extended = act(approver, first, "extend", {"days": 10, "reason": "需现场核查，情况复杂"})
    assert extended["clock"]["deadline"] > second["clock"]["deadline"]
    items = queue(clerk)
    assert keys(items) == sorted(keys(items))
    pos = {it["case_id"]: i for i, it in enumerate(items)}
    assert pos[second["id"]] < pos[first["id"]]
    assert items[pos[first["id"]]]["deadline"] == extended["clock"]["deadline"]

    # accepting the waiting case gives its next task the decision deadline, in its place
    act(clerk, waiting, "accept")
    items = queue(clerk)
    assert keys(items) == sorted(keys(items))


def test_done_tasks_are_listed_newest_first(ts):
    clerk = ts.as_user("amr_clerk")
    older = act(clerk, file_case(ts), "accept")
    newer = act(clerk, file_case(ts), "accept")
    done = queue(clerk, status="done")
    assert {it["status"] for it in done} == {"done"}
    order = [it["case_id"] for it in done]
    assert order.index(newer["id"]) < order.index(older["id"])


def pages(s, **params):
    """Every page of the queue, following next_cursor; the pages as lists of items."""
    out, cursor = [], None
    for _ in range(500):
        q = dict(params, **({"cursor": cursor} if cursor else {}))
        r = s.get(s.url("/api/v1/tasks"), params=q, timeout=30)
        assert r.status_code == 200, r.text
        body = r.json()
        out.append(body["items"])
        cursor = body["next_cursor"]
        if not cursor:
            return out
    raise AssertionError("the pages never end")


def test_the_queue_pages_by_cursor_in_its_order(ts):
    clerk = ts.as_user("amr_clerk")
    for _ in range(3):
        act(clerk, file_case(ts), "accept")
        file_case(ts)
    whole = queue(clerk)
    assert len(whole) >= 6
    paged = pages(clerk, limit=2)
    assert all(len(p) == 2 for p in paged[:-1]) and 1 <= len(paged[-1]) <= 2
    assert [it["id"] for p in paged for it in p] == [it["id"] for it in whole]
    # the default page is 20, with a cursor when more follow
    first = clerk.get_json("/api/v1/tasks").json()
    assert len(first["items"]) == min(20, len(whole))
    assert (first["next_cursor"] is not None) == (len(whole) > 20)
    done_whole = queue(clerk, status="done")
    done_paged = pages(clerk, status="done", limit=3)
    assert [it["id"] for p in done_paged for it in p] == [it["id"] for it in done_whole]


def test_a_bad_cursor_is_refused_naming_it(ts):
    clerk = ts.as_user("amr_clerk")
    act(clerk, file_case(ts), "accept")
    file_case(ts)
    open_cursor = clerk.get_json("/api/v1/tasks?limit=1").json()["next_cursor"]
    assert open_cursor
    bad = [{"cursor": "x"}, {"cursor": "2026-13-45.1.ab"}, {"cursor": "2026-12-01.1.AB"},
           {"cursor": "2026-12-01..ab"}, {"cursor": "2026-12-01.1."}, {"cursor": "d.1.zz"},
           {"cursor": open_cursor, "status": "done"}, {"cursor": "d.5.ab"}, {"limit": "0"}, {"limit": "201"}]
    for params in bad:
        r = clerk.get(clerk.url("/api/v1/tasks"), params=params, timeout=30)
        assert r.status_code == 422, (params, r.text)
        names = {e.get("field") for e in r.json().get("errors", [])}
        assert names & {"cursor", "limit"}, (params, r.json())
