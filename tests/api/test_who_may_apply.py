"""Who may apply for what (issue 14, item 5): a matter declares its
applicants (person, enterprise or both); a credit code in a form must be the
applicant's own unless an authorised agent files; names hiding bidirectional
overrides or zero-width characters are refused with the field named. A
refused request writes nothing."""
import pytest

from casekit import FOOD, PDF, case_body, food_form, upload
from conftest import credit_check_char, enterprise_body, invalid, new_credit_code, new_id_number, person_body

XIAOCHI_CODE = "91310101MA1FPX0Q1Y"
ID_CARD = "QR00101002"        # 居民身份证换领: persons only


def other_company_code():
    code = new_credit_code()
    assert code != XIAOCHI_CODE
    return code


def case_counts(server):
    tables = ("cases", "case_files", "case_events", "tasks", "audit_log", "messages", "accounts")
    row = server.query("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables))[0]
    return dict(zip(tables, row))


def test_matters_declare_their_applicants(server):
    assert server.get(f"/api/v1/matters/{FOOD}").json()["applicants"] == ["enterprise"]
    assert server.get(f"/api/v1/matters/{ID_CARD}").json()["applicants"] == ["person"]
    assert server.get("/api/v1/matters/XK00101001").json()["applicants"] == ["person", "enterprise"]
    field = {f["key"]: f for f in server.get(f"/api/v1/matters/{FOOD}").json()["form"]["fields"]}["credit_code"]
    assert field["binds"] == "applicant.credit_code"


def test_a_person_may_not_file_an_enterprise_matter(server):
    s = server.as_user("zhangsan")
    body = case_body(server, s, FOOD)
    before = case_counts(server)
    p = invalid(s.post_json("/api/v1/cases", body), ("matter", "applicant_kind"))
    # the applicant may not apply at all: whose code the form carries is not also reported
    assert "form.credit_code" not in {e["field"] for e in p["errors"]}
    assert any("企业" in e["message"] for e in p["errors"] if e["field"] == "matter")
    # a draft names its applicant too
    invalid(s.post_json("/api/v1/cases", dict(body, submit=False)), ("matter", "applicant_kind"))
    assert case_counts(server) == before


def test_an_enterprise_may_not_file_a_person_matter(server):
    s = server.as_user("xiaochi")
    body = {"matter": ID_CARD, "form": {}, "channel": "online", "submit": False}
    invalid(s.post_json("/api/v1/cases", body), ("matter", "applicant_kind"))


def test_another_companys_credit_code_is_refused(server):
    s = server.as_user("xiaochi")
    body = case_body(server, s, FOOD, form=food_form(credit_code=other_company_code()))
    before = case_counts(server)
    invalid(s.post_json("/api/v1/cases", body), ("form.credit_code", "not_yours"))
    assert case_counts(server) == before


def test_a_draft_with_another_companys_code_cannot_be_submitted(server):
    s = server.as_user("xiaochi")
    body = case_body(server, s, FOOD, form=food_form(credit_code=other_company_code()), submit=False)
    r = s.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    draft = r.json()
    before = case_counts(server)
    r = s.post(s.url(f"/api/v1/cases/{draft['id']}/actions/submit"), json={},
               headers={"If-Match": f'"{draft["version"]}"'}, timeout=30)
    invalid(r, ("form.credit_code", "not_yours"))
    assert case_counts(server) == before


def test_its_own_code_is_accepted(server):
    s = server.as_user("xiaochi")
    r = s.post_json("/api/v1/cases", case_body(server, s, FOOD, form=food_form(credit_code=XIAOCHI_CODE)))
    assert r.status_code == 201, r.text


def test_a_new_enterprise_files_with_its_own_code(server):
    body = enterprise_body()
    server.register(body)
    s = server.login(body["username"], body["password"])
    r = s.post_json("/api/v1/cases", case_body(server, s, FOOD, form=food_form(credit_code=XIAOCHI_CODE)))
    invalid(r, ("form.credit_code", "not_yours"))
    r = s.post_json("/api/v1/cases", case_body(server, s, FOOD, form=food_form(credit_code=body["credit_code"])))
    assert r.status_code == 201, r.text


def test_window_clerk_files_for_xiaochi_with_an_authorised_agent(server):
    clerk = server.as_user("amr_clerk")
    auth = upload(clerk, PDF, "授权委托书.pdf")
    agent = {"name": "李小明", "id_number": new_id_number("310104"), "relation": "经办人", "authorization_file": auth}
    body = case_body(server, clerk, FOOD, channel="assisted", applicant={"credit_code": XIAOCHI_CODE}, agent=agent)
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    assert r.json()["applicant"]["name"] == "上海小吃餐饮管理有限公司"


def test_window_clerk_may_not_file_a_person_for_an_enterprise_matter(server):
    clerk = server.as_user("amr_clerk")
    lisi = server.as_user("lisi")
    body = case_body(server, clerk, FOOD, channel="window", applicant={"id_number": lisi.account["id_number"]})
    before = case_counts(server)
    invalid(clerk.post_json("/api/v1/cases", body), ("applicant", "applicant_kind"))
    assert case_counts(server) == before


def test_window_without_agent_binds_the_code(server):
    """In person (channel window) the enterprise files for itself: its own code only."""
    clerk = server.as_user("amr_clerk")
    body = case_body(server, clerk, FOOD, channel="window", applicant={"credit_code": XIAOCHI_CODE},
                     form=food_form(credit_code=other_company_code()))
    invalid(clerk.post_json("/api/v1/cases", body), ("form.credit_code", "not_yours"))


INVISIBLE = {
    "bidi embedding/override": ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"],
    "bidi isolate": ["\u2066", "\u2067", "\u2068", "\u2069"],
    "zero-width": ["\u200b", "\u200c", "\u200d"],
    "byte order mark": ["\ufeff"],
}
ALL_INVISIBLE = [(cls, ch) for cls, chars in INVISIBLE.items() for ch in chars]


@pytest.mark.parametrize("cls,ch", ALL_INVISIBLE, ids=[f"U+{ord(c):04X}" for _, c in ALL_INVISIBLE])
def test_names_with_invisible_characters_are_refused_on_registration(server, cls, ch):
    before = server.counts()
    invalid(server.post("/api/v1/accounts", person_body(name=f"王{ch}小明")), ("name", "invisible_chars"))
    invalid(server.post("/api/v1/accounts", enterprise_body(name=f"{ch}上海测试餐饮有限公司")),
            ("name", "invisible_chars"))
    invalid(server.post("/api/v1/accounts", enterprise_body(legal_rep=f"赵六{ch}")), ("legal_rep", "invisible_chars"))
    assert server.counts() == before


def test_neighbouring_characters_still_register(server):
    # U+200E (LRM) and U+2060 (word joiner) sit beside the ranges and are not in them;
    # the middle dot of minority names (·) must of course pass
    for name in ("阿卜杜·热合曼", "王\u200e小明", "王\u2060小明"):
        server.register(person_body(name=name))


def test_staff_names_and_agent_names_are_checked(server):
    admin = server.as_user("secadmin")
    before = server.counts()
    r = admin.post_json("/api/v1/staff", {"username": "staff_rlo", "password": "Staff2026!x",
                                          "name": "测试\u202e员", "department": "amr", "roles": "reviewer"})
    invalid(r, ("name", "invisible_chars"))
    assert server.counts() == before
    clerk = server.as_user("amr_clerk")
    auth = upload(clerk, PDF, "授权委托书.pdf")
    agent = {"name": "李\u200b小明", "id_number": new_id_number("310104"), "relation": "经办人",
             "authorization_file": auth}
    body = case_body(server, clerk, FOOD, channel="assisted", applicant={"credit_code": XIAOCHI_CODE}, agent=agent)
    before = case_counts(server)
    invalid(clerk.post_json("/api/v1/cases", body), ("agent.name", "invisible_chars"))
    assert case_counts(server) == before


@pytest.mark.parametrize("key", ["shop_name", "enterprise_name"])
def test_name_fields_of_a_form_refuse_invisible_characters(server, key):
    """Form fields whose data element is a name (de …name) are names too."""
    s = server.as_user("xiaochi")
    body = case_body(server, s, FOOD, form=food_form(**{key: "弄堂\u202e馆小"}))
    before = case_counts(server)
    invalid(s.post_json("/api/v1/cases", body), (f"form.{key}", "invisible_chars"))
    assert case_counts(server) == before
