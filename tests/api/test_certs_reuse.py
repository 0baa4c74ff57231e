"""Reuse instead of re-upload (免提交), issue 11 item 7, with the data-use log
of item 8 for the certificates a case takes.

The rules stated here, not read from the code:
  - a material whose source is certificate:TYPE takes the applicant's valid
    certificate of that type when no file is sent for it: the case shows it
    as {certificate: {id, type, name, issuer, issued}, auto: true} with no
    file, and counts it in materials_reused; an uploaded file stands;
  - the applicant may name one of their certificates instead of a file
    ({"key", "certificate": id}): another holder's, a revoked one or one of
    another type is a 422 naming the entry, and nothing is written;
  - with neither file nor held certificate a required material is the usual
    "required" error;
  - the window clerk filing for a walk-in takes the walk-in's certificates;
  - every certificate a submitted case took is a record the holder alone reads
    at GET /api/v1/me/data-use: who filed (self / window_clerk), department,
    case, certificate, purpose (the matter), newest first;
  - staff handling the case see the certificate's holder and fields and
    where to verify it; the verify address answers valid.
The demo person 张三 holds an ID card (id_card), the demo enterprise xiaochi
a business licence (business_licence). The module's own server (`ts`) is
used, since the last test revokes xiaochi's licence."""
import pytest

from conftest import all_items, invalid
from casekit import FOOD, case_body, get_case, upload

GETIHU = "XK00102000"   # 个体工商户设立登记: persons; id_card from certificate:id_card
ZHANGSAN_ID = "310101198503120030"
TABLES = ("cases", "case_files", "case_certificates", "data_uses", "case_events", "audit_log")


def counts(ts):
    return {t: ts.scalar(f"SELECT COUNT(*) FROM {t}") for t in TABLES}


def getihu_body(ts, s, skip=("id_card",), **over):
    guide = ts.get(f"/api/v1/matters/{GETIHU}").json()
    values = {"decimal": 10, "region": "310101", "phone": "13800138000", "id_number": ZHANGSAN_ID,
              "string": "张三", "text": "小吃店经营", "address": "上海市黄浦区南京东路100号"}
    form = {f["key"]: (f["options"][0]["value"] if f["type"] == "enum" else values[f["type"]])
            for f in guide["form"]["fields"]}
    form["enterprise_name"] = "黄浦区张三小吃店"
    mats = [{"key": m["key"], "file": upload(s)} for m in guide["materials"]
            if m["required"] and m["key"] not in skip]
    body = {"matter": GETIHU, "form": form, "materials": mats, "channel": "online",
            "delivery": {"method": "electronic"}}
    body.update(over)
    return body


def food_body(ts, s, skip=("business_licence",)):
    body = case_body(ts, s)
    body["materials"] = [m for m in body["materials"] if m["key"] not in skip]
    return body


def material(case, key):
    return [m for m in case["materials"] if m["key"] == key][0]


def held(s, type_):
    return [c for c in all_items(s, "/api/v1/me/certificates") if c["type"] == type_][0]


def uses(s):
    return all_items(s, "/api/v1/me/data-use")


def test_a_held_certificate_is_taken_when_no_file_is_sent(ts):
    xiaochi = ts.as_user("xiaochi")
    licence = held(xiaochi, "business_licence")
    before = len(uses(xiaochi))
    r = xiaochi.post_json("/api/v1/cases", food_body(ts, xiaochi))
    assert r.status_code == 201, r.text
    case = r.json()
    m = material(case, "business_licence")
    assert m["file"] is None and m["auto"] is True
    c = m["certificate"]
    assert c["id"] == licence["id"] and c["type"] == "business_licence"
    assert c["name"]["zh"] == "营业执照" and c["issuer"]["department"] == "amr" and c["issued"]
    assert c["verify"] == f"/api/v1/certificates/{licence['id']}/verify"
    assert case["materials_reused"] == 1
    # the owner sees what was taken, as a scan would show it
    assert c["holder"]["name"] == "上海小吃餐饮管理有限公司" and c["fields"]["法定代表人"] == "王五"
    # uploaded materials are unchanged
    assert material(case, "venue_floor_plan")["file"] and material(case, "venue_floor_plan")["certificate"] is None
    # the data-use log: one record, readable by the holder
    mine = uses(xiaochi)
    assert len(mine) == before + 1
    u = mine[0]
    assert u["kind"] == "certificate" and u["by"] == "self" and u["department"]["code"] == "amr"
    assert u["case"] == {"id": case["id"], "number": case["number"]}
    assert u["certificate"] == {"id": licence["id"], "material": "business_licence"}
    assert u["purpose"]["matter"] == FOOD and u["purpose"]["name"]["zh"] == "食品经营许可"
    assert "法定代表人" in u["fields"]
    # ... and by nobody else
    assert case["id"] not in str(uses(ts.as_user("zhangsan")))
    assert ts.as_user("amr_reviewer").get_json("/api/v1/me/data-use").status_code == 403
    assert ts.session().get(ts.url("/api/v1/me/data-use"), timeout=30).status_code == 401
    # staff handling the case see the certificate's fields and verify it
    staff = get_case(ts.as_user("amr_reviewer"), case["id"])
    sc = material(staff, "business_licence")["certificate"]
    assert sc["fields"]["注册资本"] == "50万元" and sc["identifier"].startswith("YYZZ")
    assert staff["materials_reused"] == 1
    v = ts.session().get(ts.url(sc["verify"]), timeout=30).json()
    assert v["status"] == "valid" and v["certificate"]["type"] == "business_licence"
    # one row links the material; no file row for it
    assert ts.scalar("SELECT COUNT(*) FROM case_certificates WHERE case_id = ? AND automatic = 1", case["id"]) == 1
    assert ts.scalar("SELECT COUNT(*) FROM case_files WHERE case_id = ? AND material_key = 'business_licence'",
                     case["id"]) == 0


def test_an_uploaded_file_stands(ts):
    xiaochi = ts.as_user("xiaochi")
    before = len(uses(xiaochi))
    r = xiaochi.post_json("/api/v1/cases", food_body(ts, xiaochi, skip=()))
    assert r.status_code == 201, r.text
    case = r.json()
    m = material(case, "business_licence")
    assert m["file"] and m["certificate"] is None and m["auto"] is False
    assert case["materials_reused"] == 0
    assert len(uses(xiaochi)) == before


def test_a_certificate_named_by_the_applicant(ts):
    xiaochi = ts.as_user("xiaochi")
    licence = held(xiaochi, "business_licence")
    body = food_body(ts, xiaochi)
    body["materials"].append({"key": "business_licence", "certificate": licence["id"]})
    r = xiaochi.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    m = material(r.json(), "business_licence")
    assert m["certificate"]["id"] == licence["id"] and m["auto"] is False and m["file"] is None
    assert r.json()["materials_reused"] == 1


def test_a_draft_takes_the_certificate_when_submitted(ts):
    zhangsan = ts.as_user("zhangsan")
    body = getihu_body(ts, zhangsan, submit=False)
    r = zhangsan.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["materials_reused"] == 0 and material(draft, "id_card")["certificate"] is None
    r = zhangsan.post(zhangsan.url(f"/api/v1/cases/{draft['id']}/actions/submit"), json={},
                      headers={"If-Match": f'"{draft["version"]}"'}, timeout=30)
    assert r.status_code == 200, r.text
    case = get_case(zhangsan, draft["id"])
    assert material(case, "id_card")["auto"] is True and case["materials_reused"] == 1
    assert uses(zhangsan)[0]["case"]["id"] == draft["id"]


def test_without_the_certificate_the_material_is_required(ts):
    body, _ = ts.new_enterprise()
    s = ts.login(body["username"], body["password"])
    body = food_body(ts, s)
    before = counts(ts)
    invalid(s.post_json("/api/v1/cases", body), ("materials.business_licence", "required"))
    assert counts(ts) == before


def test_another_holders_certificate_is_refused_and_nothing_written(ts):
    xiaochi, zhangsan = ts.as_user("xiaochi"), ts.as_user("zhangsan")
    card = held(zhangsan, "id_card")
    body = food_body(ts, xiaochi, skip=("business_licence", "id_card"))
    body["materials"].append({"key": "id_card", "certificate": card["id"]})
    n = len(body["materials"]) - 1
    other = food_body(ts, xiaochi, skip=("venue_floor_plan",))
    own = held(xiaochi, "business_licence")["id"]
    before = counts(ts)
    p = invalid(xiaochi.post_json("/api/v1/cases", body), (f"materials[{n}].certificate", "unknown_certificate"))
    assert "居民身份证" in str(p["errors"]) or "身份证" in str(p["errors"])
    assert counts(ts) == before
    # an unknown id answers the same
    body["materials"][n]["certificate"] = "0" * 32
    invalid(xiaochi.post_json("/api/v1/cases", body), (f"materials[{n}].certificate", "unknown_certificate"))
    # the applicant's own certificate of another type
    body["materials"][n]["certificate"] = own
    invalid(xiaochi.post_json("/api/v1/cases", body), (f"materials[{n}].certificate", "wrong_certificate_type"))
    # a certificate for a material that takes uploads only
    body = other
    body["materials"].append({"key": "venue_floor_plan", "certificate": own})
    invalid(xiaochi.post_json("/api/v1/cases", body),
            (f"materials[{len(body['materials']) - 1}].certificate", "not_from_certificate"))
    assert counts(ts) == before


def test_a_window_clerk_filing_for_a_walk_in(ts):
    clerk, zhangsan = ts.as_user("amr_clerk"), ts.as_user("zhangsan")
    body = getihu_body(ts, clerk, channel="window", applicant={"id_number": ZHANGSAN_ID})
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = r.json()
    m = material(case, "id_card")
    assert m["auto"] is True and m["file"] is None and m["certificate"]["type"] == "id_card"
    assert m["certificate"]["holder"]["id"] == ZHANGSAN_ID   # the clerk handles the case: shown as a scan would
    assert case["materials_reused"] == 1
    u = uses(zhangsan)[0]
    assert u["case"]["id"] == case["id"] and u["by"] == "window_clerk" and u["department"]["code"] == "amr"
    assert u["purpose"]["matter"] == GETIHU
    # the person reading the case sees it taken too
    assert material(get_case(zhangsan, case["id"]), "id_card")["auto"] is True


def test_a_matter_may_only_name_a_known_certificate_type(ts):
    admin = ts.as_user("admin")
    got = ts.get(f"/api/v1/matters/{GETIHU}")
    doc = got.json()
    for k in ("status", "current_version", "version", "type_label", "type_label_en", "department_name", "region"):
        doc.pop(k, None)
    doc["materials"][0]["source"] = "certificate:no_such_licence"
    r = admin.put(admin.url(f"/api/v1/matters/{GETIHU}"), json=doc, headers={"If-Match": got.headers["ETag"]},
                  timeout=30)
    invalid(r, ("materials[0].source", "unknown_certificate_type"))
    doc["materials"][0]["source"] = "certificate:id_card"   # a known type is fine
    r = admin.put(admin.url(f"/api/v1/matters/{GETIHU}"), json=doc, headers={"If-Match": got.headers["ETag"]},
                  timeout=30)
    assert r.status_code == 200, r.text


def test_a_revoked_certificate_is_not_taken(ts):
    xiaochi = ts.as_user("xiaochi")
    licence = held(xiaochi, "business_licence")
    r = ts.as_user("amr_head").post_json(f"/api/v1/certificates/{licence['id']}/revoke", {"reason": "企业注销"})
    assert r.status_code == 200, r.text
    plain, body = food_body(ts, xiaochi), food_body(ts, xiaochi)
    body["materials"].append({"key": "business_licence", "certificate": licence["id"]})
    before = counts(ts)
    invalid(xiaochi.post_json("/api/v1/cases", plain), ("materials.business_licence", "required"))
    p = invalid(xiaochi.post_json("/api/v1/cases", body),
                (f"materials[{len(body['materials']) - 1}].certificate", "certificate_not_valid"))
    assert "营业执照" in str(p["errors"])
    assert counts(ts) == before
