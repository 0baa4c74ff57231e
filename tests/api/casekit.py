"""Helpers of the case scenarios: valid forms, uploads, filing a case, and
a small step runner so each scenario reads as a list of steps with the
expected HTTP status. The test-build server (adjustable clock) is the `ts`
fixture of conftest.py."""
import datetime

from conftest import cn_today

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4e80000000049454e44ae426082")

FOOD = "XK00103000"       # 食品经营许可, promised 10 working days, certificate result
SEAL = "QT00101000"       # 公章刻制备案, immediate (即办件)
XIAOCHI_CODE = "91310101MA1FPX0Q1Y"   # the demo enterprise xiaochi's 统一社会信用代码


def upload(s, content=PDF, name="material.pdf", mime="application/pdf"):
    r = s.post(s.url("/api/v1/files"), files={"file": (name, content, mime)}, timeout=30)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def food_form(**over):
    form = {
        "enterprise_name": "上海小吃餐饮管理有限公司",
        "credit_code": XIAOCHI_CODE,
        "shop_name": "弄堂小馆",
        "shop_address": "上海市黄浦区南京东路100号",
        "shop_area": 85.5,
        "food_business_form": "catering",
        "food_items": "热食类食品制售",
        "online_sales": False,
        "food_safety_manager": "王五",
        "applicant_phone": "13800138000",
    }
    form.update(over)
    return form


def seal_form():
    return {"credit_code": XIAOCHI_CODE, "enterprise_name": "上海小吃餐饮管理有限公司", "legal_rep_name": "王五",
            "seal_set": "basic_set", "engraving_company": "黄浦刻章社", "applicant_name": "王五",
            "applicant_phone": "13800138000"}


def materials_for(server, s, code, skip=()):
    doc = server.get(f"/api/v1/matters/{code}").json()
    out = []
    for m in doc["materials"]:
        if m["required"] and m["key"] not in skip:
            out.append({"key": m["key"], "file": upload(s)})
    return out


def own_code(s):
    """The credit code a session's forms carry: its own when it is an enterprise
    (the form's credit code must be the applicant's), else xiaochi's (a clerk
    filing for xiaochi)."""
    return (getattr(s, "account", None) or {}).get("credit_code") or XIAOCHI_CODE


def case_body(server, s, code=FOOD, form=None, **over):
    if form is None:
        form = food_form(credit_code=own_code(s)) if code == FOOD else dict(seal_form(), credit_code=own_code(s))
    body = {"matter": code, "form": form,
            "materials": materials_for(server, s, code), "channel": "online", "delivery": {"method": "electronic"}}
    body.update(over)
    return body


def file_case(server, who="xiaochi", **over):
    """Submits a case (a valid body, see case_body) as `who` (a demo username
    or a logged-in session); asserts 201 and returns the case."""
    s = server.as_user(who) if isinstance(who, str) else who
    r = s.post_json("/api/v1/cases", case_body(server, s, **over))
    assert r.status_code == 201, r.text
    return r.json()


def act(s, case, action, body=None, status=200, version=None):
    """POST an action with If-Match; asserts the status; returns the new case (or the problem)."""
    v = version if version is not None else case["version"]
    r = s.post(s.url(f"/api/v1/cases/{case['id']}/actions/{action}"), json=body or {},
               headers={"If-Match": f'"{v}"'}, timeout=30)
    assert r.status_code == status, f"{action}: expected {status}, got {r.status_code} {r.text}"
    return r.json()


def get_case(s, case_id, status=200):
    r = s.get(s.url(f"/api/v1/cases/{case_id}"), timeout=30)
    assert r.status_code == status, r.text
    return r.json()


def today():
    return cn_today()


def file_bundle_case(server, who="zhangsan", code="YJS-CANYIN"):
    """Applies for a demo bundle as `who` (a person), answering its merged form
    with valid values and uploading each required material once; returns the
    bundle case."""
    s = server.as_user(who)
    guide = server.get(f"/api/v1/bundles/{code}").json()
    values = {"int": 10, "decimal": 85.5, "bool": True, "phone": "13800138000", "region": "310101",
              "id_number": s.account.get("id_number") or "310101198503120030", "email": "a@example.cn",
              "date": "2026-01-05", "string": "张三", "text": "热食类食品制售", "address": "上海市黄浦区南京东路100号"}
    form = {f["key"]: (f["options"][0]["value"] if f["type"] == "enum" else values[f["type"]])
            for f in guide["form"]["fields"]}
    form["enterprise_name"] = "上海弄堂小馆餐饮有限公司"
    if "bank_account" in form:                       # 社会保险登记's account for contributions
        form["bank_account"] = "6222020200112233445"
    mats = [{"key": m["key"], "file": upload(s)} for m in guide["materials"] if m["required"]]
    r = s.post_json(f"/api/v1/bundles/{code}/cases", {"form": form, "materials": mats, "channel": "online"})
    assert r.status_code == 201, r.text
    return r.json()
