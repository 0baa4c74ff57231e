"""企业信息变更 (YJS-QIYEBIANGENG): 变更登记 (amr) first; once the new business
licence is issued, the tax registration (tax) and the social insurance
registration (hrss) change in parallel. From the issues: the enterprise
applies once; the licence it holds is not uploaded; the change issues a new
version of the licence that supersedes the old; the later steps take the new
one, not the superseded one."""
import uuid

from conftest import all_items
from casekit import get_case, upload
from test_bundles_apply import bundle, complete_with_result, handle_now, queue, steps, value_for

CODE = "YJS-QIYEBIANGENG"
CHANGE, TAX, SOCIAL = "XK00101002", "QT00203000", "GG00101002"


def test_a_change_runs_on_to_tax_and_social_insurance_with_the_new_licence(server):
    me = server.as_user("xiaochi")
    acct = me.get_json("/api/v1/me").json()
    old = [w for w in all_items(me, "/api/v1/me/certificates")
           if w["type"] == "business_licence" and w["status"] == "valid" and "held_by" not in w][0]
    g = server.get(f"/api/v1/bundles/{CODE}").json()
    assert [s["matter"] for s in g["steps"]] == [CHANGE, TAX, SOCIAL]
    form = {f["key"]: acct["credit_code"] if f["type"] == "credit_code" else value_for(f) for f in g["form"]["fields"]}
    form["enterprise_name"] = acct["name"]
    mats = [{"key": m["key"], "file": upload(me)} for m in g["materials"]
            if m["required"] and m["key"] != "business_licence"]
    r = me.post_json(f"/api/v1/bundles/{CODE}/cases", {"form": form, "materials": mats, "channel": "online"},
                     headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.text
    b = r.json()
    st = steps(b)
    assert st[CHANGE]["state"] == "running" and st[TAX]["state"] == st[SOCIAL]["state"] == "pending"

    # the change is granted and the new licence issued under the same number: it supersedes the old
    number = old["signed"]["certificate"].get("number") or old.get("number")
    clerk, reviewer = server.as_user("amr_clerk"), server.as_user("amr_reviewer")
    from casekit import act
    c = act(clerk, get_case(clerk, st[CHANGE]["case_id"]), "accept")
    c = act(reviewer, c, "review")
    c = act(reviewer, c, "approve", {"opinion": "准予变更登记"})
    act(reviewer, c, "issue", {"number": number, "title": "营业执照"})
    assert server.get(f"/api/v1/certificates/{old['id']}/verify").json()["status"] == "superseded"

    b = bundle(me, b["id"])
    st = steps(b)
    for m, dept in ((TAX, "tax"), (SOCIAL, "hrss")):
        assert st[m]["state"] == "running" and st[m]["case_id"] in queue(server, f"{dept}_clerk"), m
        lic = {x["key"]: x for x in get_case(me, st[m]["case_id"])["materials"]}["business_licence"]
        assert lic["auto"] is True and lic["certificate"]["id"] != old["id"], m
    for m, dept in ((TAX, "tax"), (SOCIAL, "hrss")):
        handle_now(server, dept, st[m]["case_id"])
    assert bundle(me, b["id"])["status"] == "completed"
