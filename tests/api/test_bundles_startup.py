"""企业开办 (YJS-QIYEKAIBAN), the demo bundle that starts a business: 设立登记
(amr) first; then 公章刻制备案 (psb), 新办纳税人涉税事项 (tax) and 社会保险登记
(hrss) in parallel, each done on the spot (即办); promised within 1 working
day. From the issue: one application; the later steps start together once
the registration completes, each in its own department's queue, with the new
统一社会信用代码 in its form; the enterprise exists and its licence serves the
later steps; the bundle completes with what it saved."""
from casekit import file_bundle_case, get_case
from test_bundles_apply import bundle, complete_with_result, handle_now, queue, steps

CODE = "YJS-QIYEKAIBAN"
REG, SEAL, TAX, SOCIAL = "XK00101001", "QT00101000", "QT00201000", "GG00101001"


def test_starting_a_business_runs_three_departments_at_once(server):
    g = server.get(f"/api/v1/bundles/{CODE}").json()
    assert g["promised_days"] == 1 and "business_licence" not in {m["key"] for m in g["materials"]}
    me = server.as_user("zhangsan")
    b = file_bundle_case(server, "zhangsan", CODE)
    st = steps(b)
    assert st[REG]["state"] == "running" and all(st[m]["state"] == "pending" for m in (SEAL, TAX, SOCIAL))

    complete_with_result(server, "amr", st[REG]["case_id"])
    b = bundle(me, b["id"])
    st = steps(b)
    code = b["credit_code"]
    for m, dept in ((SEAL, "psb"), (TAX, "tax"), (SOCIAL, "hrss")):
        assert st[m]["state"] == "running" and st[m]["case_status"] == "submitted", (m, st[m])
        assert st[m]["case_id"] in queue(server, f"{dept}_clerk"), m
        case = get_case(me, st[m]["case_id"])
        assert case["form"]["credit_code"] == code
        assert case["principal"]["kind"] == "enterprise"
        lic = {x["key"]: x for x in case["materials"]}["business_licence"]
        assert lic["auto"] is True and lic["certificate"]["type"] == "business_licence"

    for m, dept in ((SEAL, "psb"), (TAX, "tax"), (SOCIAL, "hrss")):
        handle_now(server, dept, st[m]["case_id"])
    b = bundle(me, b["id"])
    assert b["status"] == "completed", b
    s = b["savings"]
    assert s["promised_days"] == 1 and s["promised_days_sum"] >= 1
    assert s["uploads_avoided"] >= 3 and s["fields"] < s["fields_sum"]
    assert s["days_taken"] <= s["promised_days"]          # the one-day promise held
