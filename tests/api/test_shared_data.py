"""Shared data (数据共享), issue 11 item 8: datasets held by departments,
grants saying which matter may read which fields for which purpose, form
fields filled from a dataset's record about the applicant, and the data-use
log its subject reads and objects to.

The rules stated here, not read from the code:
  - a form field whose source is registry:DATASET.FIELD is filled when the
    case is submitted, from the record about the applicant, when the matter
    has a grant for that field (户口迁移 reads 户籍地址 from 公安's 户籍信息;
    医保关系转移接续 reads 累计缴费月数 from 人社's 社保参保记录; 发票领用 reads
    the enterprise's 纳税信用等级 from 税务);
  - every read, done or refused, is in the subject's data-use log with the
    department, the case, the purpose (the matter) and the fields — and in no
    one else's; staff have no data-use log of their own;
  - a read without a grant, of a field outside the grant, or for a purpose
    that is not the case's matter is refused (403) and recorded;
  - the subject may object to a use once (a reason of 5 to 1000 characters);
    the supervisors are told through their messages and list the objections;
    another's record is not found;
  - staff read the catalogue of datasets; applicants do not."""
from conftest import all_items
from casekit import upload

HUKOU = "XK00601000"        # 户口迁移 (公安): its form has registered_address from registry:household
MEDINS = "GG00301000"       # 医保关系转移接续: insured_months from registry:social_insurance
INVOICE = "QT00202000"      # 发票领用 (税务): tax_credit_grade from registry:tax_credit
ZHANGSAN_ID = "310101198503120030"


def valid_form(server, s, code):
    """A valid form of a matter for session s, from its schema: each field the
    applicant fills gets a value of its type; fields the platform fills are left out."""
    doc = server.get(f"/api/v1/matters/{code}").json()
    acct = s.account
    values = {"int": 3, "decimal": 85.5, "bool": True, "phone": "13800138000", "region": "310101",
              "id_number": acct.get("id_number") or ZHANGSAN_ID, "email": "a@example.cn",
              "date": "2026-01-05", "string": "张三", "text": "说明文字", "address": "上海市黄浦区南京东路100号",
              "credit_code": acct.get("credit_code") or "91310101MA1FPX0Q1Y", "month": "2026-01"}
    form = {}
    for f in doc["form"]["fields"]:
        if f.get("source"):
            continue
        if f["type"] in ("enum", "multi_enum"):
            v = f["options"][0]["value"]
            form[f["key"]] = [v] if f["type"] == "multi_enum" else v
        elif f["type"] in values:
            form[f["key"]] = values[f["type"]]
        if f["type"] == "string" and f["key"].endswith("name") and acct.get("kind") == "enterprise":
            form[f["key"]] = acct.get("name") if "enterprise" in f["key"] else "王五"
    mats = [{"key": m["key"], "file": upload(s)} for m in doc["materials"] if m["required"]]
    return form, mats


def file(server, who, code):
    s = server.as_user(who)
    form, mats = valid_form(server, s, code)
    method = server.get(f"/api/v1/matters/{code}").json()["delivery"][0]
    r = s.post_json("/api/v1/cases", {"matter": code, "form": form, "materials": mats, "channel": "online",
                                      "delivery": {"method": method, "recipient": "张三", "phone": "13800138000",
                                                   "address": "上海市黄浦区南京东路100号"}})
    assert r.status_code == 201, r.text
    return r.json()


def uses(s, case_id):
    return [u for u in all_items(s, "/api/v1/me/data-use") if u["kind"] == "registry" and u["case"]["id"] == case_id]


def test_a_field_is_filled_under_its_grant_and_the_read_is_logged_for_the_subject_alone(server):
    case = file(server, "zhangsan", MEDINS)
    assert case["form"]["insured_months"] == 86
    mine = uses(server.as_user("zhangsan"), case["id"])
    assert len(mine) == 1, mine
    u = mine[0]
    assert u["outcome"] == "read" and u["dataset"]["code"] == "social_insurance"
    assert u["fields"] == ["paid_months"] and u["purpose"]["matter"] == MEDINS
    assert u["department"]["code"] == "medins" and u["case"]["number"] == case["number"]
    assert u["by"] == "platform"
    # nobody else sees it
    assert uses(server.as_user("lisi"), case["id"]) == []
    assert server.as_user("psb_reviewer").get_json("/api/v1/me/data-use").status_code == 403
    # the enterprise's tax credit grade, the household address
    inv = file(server, "xiaochi", INVOICE)
    assert inv["form"]["tax_credit_grade"] == "A"
    assert [u["outcome"] for u in uses(server.as_user("xiaochi"), inv["id"])] == ["read"]
    hk = file(server, "zhangsan", HUKOU)
    assert hk["form"]["registered_address"] == "上海市黄浦区南京东路街道福州路100弄5号"


def test_reads_without_a_grant_or_for_another_purpose_are_refused_and_recorded(server):
    case = file(server, "zhangsan", HUKOU)
    staff = server.as_user("psb_reviewer")
    url = f"/api/v1/cases/{case['id']}/registry-reads"
    r = staff.post_json(url, {"dataset": "household", "fields": ["household_head"], "purpose": HUKOU})
    assert r.status_code == 200, r.text
    assert r.json()["values"] == {"household_head": "张三"}
    refused = [({"dataset": "social_insurance", "fields": ["paid_months"], "purpose": HUKOU}, "no_grant"),
               ({"dataset": "household", "fields": ["relation"], "purpose": HUKOU}, "field_not_granted"),
               ({"dataset": "social_insurance", "fields": ["paid_months"], "purpose": MEDINS}, "other_purpose")]
    for body, why in refused:
        r = staff.post_json(url, body)
        assert r.status_code == 403, (body, r.text)
        assert r.json()["errors"][0]["code"] == why
        assert "values" not in r.json()
    log = uses(server.as_user("zhangsan"), case["id"])
    outcomes = sorted((u["outcome"], u.get("refusal") or "", u["dataset"]["code"]) for u in log)
    assert outcomes == sorted([("read", "", "household"), ("read", "", "household"),
                               ("refused", "no_grant", "social_insurance"),
                               ("refused", "field_not_granted", "household"),
                               ("refused", "other_purpose", "social_insurance")]), outcomes
    assert all(u["department"]["code"] == "psb" for u in log)
    # another department's staff may not read for this case; nor may an applicant
    assert server.as_user("tax_reviewer").post_json(url, refused[0][0]).status_code == 403
    assert server.as_user("lisi").post_json(url, refused[0][0]).status_code == 403


def test_an_objection_reaches_the_supervisors(server):
    case = file(server, "zhangsan", MEDINS)
    me = server.as_user("zhangsan")
    use = uses(me, case["id"])[0]
    url = f"/api/v1/me/data-use/{use['id']}/objection"
    assert me.post_json(url, {"reason": "太短"}).status_code == 422
    assert server.as_user("lisi").post_json(url, {"reason": "这不是我的办件但我反对"}).status_code == 404
    r = me.post_json(url, {"reason": "我没有同意读取我的缴费记录"})
    assert r.status_code == 201, r.text
    assert me.post_json(url, {"reason": "我没有同意读取我的缴费记录"}).status_code == 409
    assert uses(me, case["id"])[0]["objection"]["reason"] == "我没有同意读取我的缴费记录"
    sup = server.as_user("supervisor")
    items = sup.get_json("/api/v1/data-use-objections").json()["items"]
    mine = [o for o in items if o["data_use"]["id"] == use["id"]]
    assert len(mine) == 1 and mine[0]["reason"] == "我没有同意读取我的缴费记录"
    assert mine[0]["subject"]["name"] == "张三"
    msgs = sup.get_json("/api/v1/me/messages").json()["items"]
    assert any(m.get("kind") == "data_use_objection" and case["number"] in (m.get("body", {}).get("zh", "")
               if isinstance(m.get("body"), dict) else str(m)) for m in msgs), msgs[:3]
    assert server.as_user("psb_reviewer").get_json("/api/v1/data-use-objections").status_code == 403


def test_the_catalogue_is_for_staff(server):
    r = server.as_user("psb_reviewer").get_json("/api/v1/datasets")
    assert r.status_code == 200
    cat = {d["code"]: d for d in r.json()["items"]}
    assert {"household", "social_insurance", "tax_credit"} <= set(cat)
    assert cat["household"]["department"]["code"] == "psb"
    assert cat["social_insurance"]["department"]["code"] == "hrss"
    assert cat["tax_credit"]["subject"] == "enterprise"
    assert {"matter": HUKOU, "fields": ["registered_address", "household_head"]}.items() <= \
        cat["household"]["grants"][0].items()
    assert server.as_user("zhangsan").get_json("/api/v1/datasets").status_code == 403
