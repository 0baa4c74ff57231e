"""A dependant step whose submission is refused (its sub-case's own checks),
on 开办餐饮店 (YJS-CANYIN).

The rule: when a department's decision makes a later step ready and that
step's sub-case cannot be submitted — here the applicant emptied a required
answer of the still-waiting draft — the decision stands (the registration is
completed, the credit code issued), the step is `blocked` with the reason
(the field and what is wrong with it) on the bundle case, the other ready
steps start, and the bundle does not end while a step is blocked.
Withdrawing the bundle then cancels the blocked step too."""
from casekit import get_case
from test_bundles_apply import FIRE, FOOD, REG, SEAL, TAX, apply, bundle, complete_with_result, handle_now, steps


def put_draft(s, case_id, version, body):
    return s.put(s.url(f"/api/v1/cases/{case_id}"), json=body, headers={"If-Match": f'"{version}"'}, timeout=30)


def required_field(server, case):
    """A required field of the case's matter that the bundle does not fill by itself."""
    doc = server.get(f"/api/v1/matters/{case['matter']['code']}").json()
    keys = [f["key"] for f in doc["form"]["fields"] if f.get("required") and f["key"] != "credit_code"
            and f["key"] in case["form"]]
    assert keys, "the step's matter asks a required field the applicant gave"
    return keys[0]


def test_a_refused_submission_blocks_the_step_and_the_decision_stands(server):
    me = server.as_user("zhangsan")
    b = apply(server, me)
    seal = get_case(me, steps(b)[SEAL]["case_id"])
    assert seal["status"] == "draft"
    key = required_field(server, seal)
    form = {k: v for k, v in seal["form"].items() if k != key}
    r = put_draft(me, seal["id"], seal["version"], {"form": form})
    assert r.status_code == 200, r.text     # a draft may be incomplete; submitting it may not

    reg = complete_with_result(server, "amr", steps(b)[REG]["case_id"])
    assert reg["status"] == "completed", reg
    b = bundle(me, b["id"])
    st = steps(b)
    assert st[REG]["state"] == "approved" and len(b.get("credit_code", "")) == 18
    assert st[SEAL]["state"] == "blocked" and st[SEAL]["case_status"] == "draft"
    assert key in st[SEAL]["reason"], st[SEAL]
    for m in (FOOD, FIRE, TAX):
        assert st[m]["state"] == "running" and st[m]["case_status"] == "submitted", (m, st[m])
    assert "reason" not in st[TAX]
    # staff of the blocked step's department see why, too
    seen = steps(bundle(server.as_user("psb_clerk"), b["id"]))
    assert seen[SEAL]["state"] == "blocked" and key in seen[SEAL]["reason"]

    # a blocked step keeps the bundle open
    handle_now(server, "tax", st[TAX]["case_id"])
    for dept, m in (("fire", FIRE), ("amr", FOOD)):
        complete_with_result(server, dept, st[m]["case_id"])
    b = bundle(me, b["id"])
    assert b["status"] == "in_progress" and steps(b)[SEAL]["state"] == "blocked"

    r = me.post_json(f"/api/v1/bundle-cases/{b['id']}/withdraw", {"reason": "改变经营计划"},
                     headers={"If-Match": f'"{b["version"]}"'})
    assert r.status_code == 200, r.text
    st = steps(r.json())
    assert st[SEAL]["state"] == "cancelled" and st[SEAL]["case_status"] == "withdrawn"
    assert st[REG]["state"] == st[FOOD]["state"] == "approved"


def test_the_applicant_puts_a_blocked_step_right_and_it_starts(server):
    """A blocked step is not a dead end: the applicant corrects the draft and asks again;
    a still-wrong draft stays blocked with the new reason; nothing else moves."""
    me = server.as_user("zhangsan")
    b = apply(server, me)
    seal = get_case(me, steps(b)[SEAL]["case_id"])
    key = required_field(server, seal)
    given = seal["form"][key]
    assert put_draft(me, seal["id"], seal["version"],
                     {"form": {k: v for k, v in seal["form"].items() if k != key}}).status_code == 200
    complete_with_result(server, "amr", steps(b)[REG]["case_id"])
    b = bundle(me, b["id"])
    assert steps(b)[SEAL]["state"] == "blocked"

    def retry(bc, status):
        r = me.post_json(f"/api/v1/bundle-cases/{bc['id']}/retry", {}, headers={"If-Match": f'"{bc["version"]}"'})
        assert r.status_code == status, r.text
        return r.json()

    # someone else's bundle does not exist for them; a stale version is refused
    r = server.as_user("lisi").post_json(f"/api/v1/bundle-cases/{b['id']}/retry", {},
                                         headers={"If-Match": f'"{b["version"]}"'})
    assert r.status_code == 404
    retry(dict(b, version=b["version"] + 5), 409)
    # asked again unchanged: still blocked, still saying why
    b = retry(b, 200)
    assert steps(b)[SEAL]["state"] == "blocked" and key in steps(b)[SEAL]["reason"]
    # put right, asked again: it starts, in its department's queue
    seal = get_case(me, seal["id"])
    form = dict(seal["form"], **{key: given})
    assert put_draft(me, seal["id"], seal["version"], {"form": form}).status_code == 200
    b = retry(bundle(me, b["id"]), 200)
    st = steps(b)
    assert st[SEAL]["state"] == "running" and st[SEAL]["case_status"] == "submitted", st[SEAL]
    assert get_case(me, seal["id"])["form"]["credit_code"] == b["credit_code"]
    # nothing blocked any more: nothing to retry
    retry(b, 409)
