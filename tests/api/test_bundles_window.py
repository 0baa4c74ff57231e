"""A bundle filed at a window (一窗受理), as POST /api/v1/cases does with
channel window: a window clerk of a department with a step in the bundle files
the whole bundle — every department's sub-case — for a registered person who
comes in person, named by ID number. The bundle case and its sub-cases are
that person's (they follow and may withdraw it online); the sub-cases say they
came through the window. A clerk of a department without a step, an applicant
claiming the window channel, a clerk claiming the online one, a missing or
unregistered applicant are refused, and nothing is created."""
import uuid

from casekit import get_case
from conftest import invalid
from test_bundles_apply import CODE, PERSON_ID, REG, SEAL, application, bundle, queue, steps


def window_application(server, clerk, **over):
    body = application(server, clerk)      # the clerk uploads the materials the walk-in brought
    body.update({"channel": "window", "applicant": {"id_number": PERSON_ID}})
    body.update(over)
    return body


def post(s, body):
    return s.post_json(f"/api/v1/bundles/{CODE}/cases", body, headers={"Idempotency-Key": uuid.uuid4().hex})


def counts(server):
    return server.query("SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM bundle_cases)")[0]


def test_a_window_clerk_files_a_bundle_for_a_walk_in(server):
    clerk = server.as_user("psb_clerk")    # the seal office's window: its department has a step
    r = post(clerk, window_application(server, clerk))
    assert r.status_code == 201, r.text
    b = r.json()
    me = server.as_user("zhangsan")
    mine = bundle(me, b["id"])             # the walk-in's bundle case: they see all of it
    st = steps(mine)
    assert mine["status"] == "in_progress" and st[REG]["state"] == "running"
    assert st[REG]["case_id"] in queue(server, "amr_clerk")   # another department's step, in its queue
    reg = get_case(me, st[REG]["case_id"])
    assert reg["channel"] == "window" and reg["applicant"]["id"] == me.account["id"]
    assert get_case(me, st[SEAL]["case_id"])["status"] == "draft"
    # the walk-in may withdraw it online
    r = me.post_json(f"/api/v1/bundle-cases/{b['id']}/withdraw", {}, headers={"If-Match": f'"{mine["version"]}"'})
    assert r.status_code == 200, r.text


def test_who_may_file_at_a_window_and_for_whom(server):
    before = counts(server)
    clerk = server.as_user("psb_clerk")
    # a clerk of a department with no step in the bundle
    other = server.as_user("health_clerk")
    r = post(other, window_application(server, other))
    assert r.status_code == 403, r.text
    # an applicant may not claim the window, nor a clerk apply online
    me = server.as_user("zhangsan")
    assert post(me, window_application(server, me)).status_code == 403
    online = window_application(server, clerk, channel="online")
    del online["applicant"]
    assert post(clerk, online).status_code == 403
    # the walk-in must be named, validly, and registered
    body = window_application(server, clerk)
    del body["applicant"]
    invalid(post(clerk, body), ("applicant", "required"))
    invalid(post(clerk, window_application(server, clerk, applicant={"id_number": "310101198503120031"})),
            ("applicant.id_number", "id_number"))
    invalid(post(clerk, window_application(server, clerk, applicant={"id_number": "11010519900307451X"})),
            ("applicant.id_number", "not_registered"))
    # online, the applicant is the account itself
    invalid(post(me, application(server, me, applicant={"id_number": PERSON_ID})), ("applicant", "not_allowed"))
    assert counts(server) == before


def test_an_agent_files_a_bundle_for_the_person_assisted(server):
    """帮办代办: the person's agent comes to the window; the clerk files the whole bundle
    for the person, and every step records the agent and the authorisation."""
    from casekit import upload
    from conftest import new_id_number
    clerk = server.as_user("psb_clerk")
    auth = upload(clerk)
    agent = {"name": "李小明", "id_number": new_id_number("310104"), "relation": "经办人", "authorization_file": auth}
    before = counts(server)
    # assisted without the agent, or an agent on a plain window filing: refused, nothing created
    invalid(post(clerk, window_application(server, clerk, channel="assisted")), ("agent", "required"))
    invalid(post(clerk, window_application(server, clerk, agent=agent)), ("agent", "not_allowed"))
    assert counts(server) == before
    r = post(clerk, window_application(server, clerk, channel="assisted", agent=agent))
    assert r.status_code == 201, r.text
    me = server.as_user("zhangsan")
    b = bundle(me, r.json()["id"])
    for s in b["steps"]:
        c = get_case(me, s["case_id"])
        assert c["channel"] == "assisted" and c["agent"]["name"] == "李小明", (s["matter"], c["channel"])
        assert c["applicant"]["id"] == me.account["id"]
