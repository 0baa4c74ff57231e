"""企业注销 (YJS-QIYEZHUXIAO), the demo bundle that closes a business: 清税证明
(tax) first, then 单位参保注销 (hrss), then 企业注销登记 (amr). From the issues:
the enterprise applies once; what it already holds electronically is not
uploaded (its business licence, 免提交, also in a bundle); the tax clearance
the first step issues serves the last step without being asked for; each
later step starts when the one before it completes; and 企业注销 revokes the
business licence (verification then says revoked).

Closing xiaochi's enterprise revokes the licence other modules rely on, so this
module has a server of its own (from the demo template) instead of the shared one."""
import uuid

import pytest

from conftest import Server, _used_servers, all_items
from casekit import act, get_case, upload
from test_bundles_apply import bundle, complete_with_result, handle_now, steps, value_for

CODE = "YJS-QIYEZHUXIAO"
TAX_CLEAR, SI_CLOSE, DEREG = "QR00201000", "GG00101003", "XK00101003"


@pytest.fixture(scope="module")
def server():
    s = Server().start()
    _used_servers.append(s)
    yield s
    s.stop()
    _used_servers.remove(s)
    s.tmp.cleanup()


def licence_of(s):
    held = [w for w in all_items(s, "/api/v1/me/certificates")
            if w["type"] == "business_licence" and w["status"] == "valid" and "held_by" not in w]
    assert held, "the demo enterprise holds no valid business licence"
    return held[0]


def test_the_guide_asks_neither_the_clearance_it_issues_nor_twice(server):
    g = server.get(f"/api/v1/bundles/{CODE}").json()
    asked = {m["key"]: m for m in g["materials"]}
    assert "tax_clearance" not in asked
    assert g["produced_materials"]["tax_clearance"]["matter"] == TAX_CLEAR
    assert asked["business_licence"]["required"] and g["applicants"] == ["enterprise"]
    assert [s["matter"] for s in g["steps"]] == [TAX_CLEAR, SI_CLOSE, DEREG]


def test_an_enterprise_closes_once_and_its_licence_is_revoked(server):
    me = server.as_user("xiaochi")
    lic = licence_of(me)
    g = server.get(f"/api/v1/bundles/{CODE}").json()
    acct = me.get_json("/api/v1/me").json()
    form = {f["key"]: acct["credit_code"] if f["type"] == "credit_code" else value_for(f)
            for f in g["form"]["fields"]}
    form["credit_code"] = acct["credit_code"]
    form["enterprise_name"] = acct["name"]
    # the licence it holds is not uploaded; everything else required is, once
    mats = [{"key": m["key"], "file": upload(me)} for m in g["materials"]
            if m["required"] and m["key"] != "business_licence"]
    r = me.post_json(f"/api/v1/bundles/{CODE}/cases", {"form": form, "materials": mats, "channel": "online"},
                     headers={"Idempotency-Key": uuid.uuid4().hex})
    assert r.status_code == 201, r.text
    b = r.json()
    st = steps(b)
    assert st[TAX_CLEAR]["state"] == "running"
    assert st[SI_CLOSE]["state"] == "pending" and st[DEREG]["state"] == "pending"
    # the licence it holds was taken for the first steps that need it
    si = get_case(me, st[SI_CLOSE]["case_id"])
    assert {m["key"]: m for m in si["materials"]}["business_licence"]["file"] is None

    # 清税证明 is done on the spot (即办), its certificate issued at once
    handle_now(server, "tax", st[TAX_CLEAR]["case_id"])
    st = steps(bundle(me, b["id"]))
    assert st[SI_CLOSE]["state"] == "running" and st[DEREG]["state"] == "pending"
    complete_with_result(server, "hrss", st[SI_CLOSE]["case_id"])
    st = steps(bundle(me, b["id"]))
    assert st[DEREG]["state"] == "running", st
    # the clearance the tax office issued is what the deregistration took, without an upload
    dereg = get_case(me, st[DEREG]["case_id"])
    m = {x["key"]: x for x in dereg["materials"]}
    assert m["tax_clearance"]["certificate"]["type"] == "tax_clearance" and m["tax_clearance"]["auto"] is True
    assert m["business_licence"]["certificate"]["id"] == lic["id"]
    # still valid until the deregistration is granted
    assert server.get(f"/api/v1/certificates/{lic['id']}/verify").json()["status"] == "valid"

    complete_with_result(server, "amr", st[DEREG]["case_id"])
    b = bundle(me, b["id"])
    assert b["status"] == "completed", b
    v = server.get(f"/api/v1/certificates/{lic['id']}/verify").json()
    assert v["status"] == "revoked", v
    # and it no longer serves a material
    assert all(not (w["type"] == "business_licence" and w["status"] == "valid")
               for w in all_items(me, "/api/v1/me/certificates") if "held_by" not in w)


def test_the_deregistration_says_which_certificate_it_ends(server):
    """The catalogue states it: completing 企业注销登记 granted ends the business licence."""
    g = server.get(f"/api/v1/matters/{DEREG}").json()
    assert g["result"]["revokes"] == "business_licence"
