"""Search relevance: what a person types and the matter that must come first.

The rule (docs/catalog-data.md, "Search"): a word is looked for in the name
(the whole name, its start, inside it), then the keywords (Chinese and
English), then the guide (department, type, description, 受理条件), then the
material names, and the first of these that holds it decides; a matter named
for the words comes before one that merely needs them as a material.
Colloquial words stand for the catalogue's own (data/search/synonyms.json),
繁體 finds 简体, and English names and keywords are searched like Chinese ones.

The table is the demo catalogue read by a person, not by the code: each row
is a query someone would type and the matter they are looking for. Some rows
hold a rule on their own (marked), because the matter that must win is not the
one the codes' order would put first:
  - name before keyword: 社保 (灵活就业人员社保登记, named so, before 社会保险登记);
  - keyword before guide: 落户 (户口迁移's keyword, before 居住证办理 whose
    description mentions it);
  - guide before material: 劳动合同 / labour contract (a 受理条件 of 失业保险金申领,
    before 就业登记 which asks for the contract as a material);
  - a word standing for another: 开饭店, 身分證, 生孩子 find nothing literally.

Then the filters (for whom, department, 全程网办) and their bad values, and
"did you mean" when nothing is found."""
import json
from pathlib import Path

import pytest

from conftest import invalid

REPO = Path(__file__).resolve().parents[2]
DEMO = {m["code"]: m for m in json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))}

# (query, the matter that must come first)
TABLE = [
    # 简体: names and keywords
    ("营业执照", "XK00101001"),          # 企业设立登记: its keyword; 24 others only need the licence
    ("企业设立登记", "XK00101001"),
    ("食品经营许可", "XK00103000"),
    ("餐饮", "XK00103000"),
    ("身份证", "QR00101002"),
    ("换身份证", "QR00101002"),
    ("结婚", "QR00401000"),
    ("户口迁移", "XK00601000"),
    ("社保", "GG00103000"),              # rule: name before keyword (社会保险登记 has 社保 as a keyword)
    ("落户", "XK00601000"),              # rule: keyword before guide (居住证办理's description)
    ("劳动合同", "JF00101000"),          # rule: guide before material (就业登记 asks for the contract)
    ("健康证明", "XK00103000"),          # a 受理条件 (and no matter names it)
    ("失业金", "JF00101000"),
    ("刻章", "QT00101000"),
    ("发票", "QT00202000"),
    ("清税", "QR00201000"),
    ("药店", "XK00104000"),
    ("异地就医", "GG00302000"),
    ("居住证", "GG00201000"),
    ("环评", "XK00501000"),
    ("施工许可", "XK00302000"),
    ("预售", "XK00304000"),
    ("演唱会", "XK00602000"),
    ("个体户", "XK00102000"),
    ("民非", "XK00901000"),
    ("企业 注销", "XK00101003"),
    ("食品 经营 许可 餐饮", "XK00103000"),
    # 繁體
    ("營業執照", "XK00101001"),
    ("結婚登記", "QR00401000"),
    ("戶口遷移", "XK00601000"),
    ("餐飲", "XK00103000"),
    ("註銷登記", "XK00101003"),
    ("醫保轉移", "GG00301000"),
    # colloquial: the words stand for the catalogue's
    ("开饭店", "XK00103000"),            # rule: 开饭店 is nowhere in the catalogue
    ("開飯店", "XK00103000"),
    ("我想开饭店", "XK00103000"),
    ("开公司", "XK00101001"),
    ("身分證", "QR00101002"),            # rule: 身分证 is nowhere in the catalogue
    ("生孩子", "QR00301000"),
    ("生小孩", "QR00301000"),
    ("领证", "QR00401000"),
    ("丢了工作", "JF00101000"),
    ("关公司", "XK00101003"),
    ("外地看病", "GG00302000"),
    ("迁户口", "XK00601000"),
    ("开药店", "XK00104000"),
    ("养老院", "QT00301000"),
    # English: names, English keywords and synonyms
    ("Food business licence", "XK00103000"),
    ("marriage registration", "QR00401000"),
    ("ID card", "QR00101002"),
    ("restaurant", "XK00103000"),
    ("start a company", "XK00101001"),
    ("close a company", "XK00101003"),
    ("wedding", "QR00401000"),
    ("baby", "QR00301000"),
    ("unemployed", "JF00101000"),
    ("pharmacy", "XK00104000"),
    ("hukou", "XK00601000"),
    ("residence permit", "GG00201000"),
    ("invoice", "QT00202000"),
    ("nursing home", "QT00301000"),
    ("building permit", "XK00302000"),
    ("doctor", "XK00202000"),            # stands for physician (异地就医备案 has "see a doctor" as a keyword)
    ("labour contract", "JF00101000"),   # rule: guide before material, in English
    ("sole trader", "XK00102000"),
    ("NGO", "XK00901000"),
    ("maternity benefit", "JF00201000"),
]


def search(server, q, **params):
    r = server.get("/api/v1/matters", params=dict(q=q, limit=100, **params))
    assert r.status_code == 200, f"q={q!r}: {r.status_code} {r.text[:300]}"
    return r.json()


def codes(body):
    """The demo matters found, in their order: the server is shared, and other tests publish matters of
    their own (copies of demo documents under new codes), which say nothing about the demo's ranking."""
    return [i["code"] for i in body["items"] if i["code"] in DEMO]


def raw_codes(body):
    return [i["code"] for i in body["items"]]


def listing(server, **params):
    """Every demo matter a filter lets through, over all pages."""
    out, cursor = set(), None
    while True:
        r = server.get("/api/v1/matters", params=dict(params, limit=100, **({"cursor": cursor} if cursor else {})))
        assert r.status_code == 200, r.text
        body = r.json()
        out |= {i["code"] for i in body["items"] if i["code"] in DEMO}
        cursor = body.get("next_cursor")
        if not cursor:
            return out, body


def test_the_table_is_big_and_varied():
    assert len(TABLE) >= 40
    assert all(code in DEMO for _, code in TABLE)
    english = [q for q, _ in TABLE if q.isascii()]
    assert len(english) >= 10


@pytest.mark.parametrize("q,first", TABLE, ids=[q for q, _ in TABLE])
def test_the_matter_looked_for_comes_first(server, q, first):
    got = codes(search(server, q))
    assert got and got[0] == first, f"{q!r}: first {got[:3]}, want {first} ({DEMO[first]['name']['zh']})"


def test_a_licence_needed_as_a_material_ranks_below_the_matters_about_it(server):
    """营业执照 is a material of 24 matters; the two whose keywords say it come first."""
    got = codes(search(server, "营业执照"))
    assert set(got[:2]) == {"XK00101001", "XK00102000"}, got[:5]
    by_material = [c for c in got if "营业执照" in "".join(m["name"]["zh"] for m in DEMO[c]["materials"])
                   and "营业执照" not in DEMO[c]["keywords"]]
    assert by_material and got.index(by_material[0]) >= 2


def test_english_keywords_are_searched(server):
    # every demo matter has English keywords, and its first one finds it
    for code, m in DEMO.items():
        assert m.get("keywords_en"), code
        assert code in codes(search(server, m["keywords_en"][0])), (code, m["keywords_en"][0])


# ------------------------------------------------------------------ filters


def test_filter_for_whom(server):
    person = codes(search(server, "登记", applicant="person"))
    enterprise = codes(search(server, "登记", applicant="enterprise"))
    assert person and enterprise
    assert all("person" in DEMO[c]["applicants"] for c in person if c in DEMO)
    assert all("enterprise" in DEMO[c]["applicants"] for c in enterprise if c in DEMO)
    assert "QR00401000" in person and "QR00401000" not in enterprise            # 结婚登记
    assert "GG00101001" in enterprise and "GG00101001" not in person            # 社会保险登记
    assert "XK00101001" in person and "XK00101001" in enterprise                # both may set up a company
    # without a query, the whole catalogue is filtered
    found, _ = listing(server, applicant="person")
    assert found == {c for c, m in DEMO.items() if "person" in m["applicants"]}


def test_filter_fully_online(server):
    full, last = listing(server, fully_online="true")
    assert full == {c for c, m in DEMO.items() if m["online_depth"] == 4}
    assert all(i["online_depth"] == 4 for i in last["items"])
    rest, _ = listing(server, fully_online="false")
    assert rest == {c for c, m in DEMO.items() if m["online_depth"] < 4}
    # with a search: 身份证换领 needs a visit, so it is not among the fully online ones
    assert "QR00101002" not in codes(search(server, "身份证", fully_online="true"))
    assert codes(search(server, "身份证", fully_online="false"))[0] == "QR00101002"


def test_filter_by_department_with_a_search(server):
    got = codes(search(server, "注销", department="hrss"))
    assert got == ["GG00101003"]
    tax = codes(search(server, "开公司", department="tax"))
    assert tax and all(DEMO[c]["department"] == "tax" for c in tax if c in DEMO)
    assert codes(search(server, "开公司", department="amr"))[0] == "XK00101001"


@pytest.mark.parametrize("params,field,code", [
    ({"applicant": "citizen"}, "applicant", "not_an_option"),
    ({"applicant": ""}, "applicant", "not_an_option"),
    ({"applicant": "Person"}, "applicant", "not_an_option"),
    ({"applicant": "person,enterprise"}, "applicant", "not_an_option"),
    ({"fully_online": "yes"}, "fully_online", "type"),
    ({"fully_online": "1"}, "fully_online", "type"),
    ({"fully_online": ""}, "fully_online", "type"),
    ({"department": "no-such-dept"}, "department", "unknown"),
    ({"department": "no-such-dept", "q": "餐饮"}, "department", "unknown"),
    ({"department": "AMR"}, "department", "unknown"),
])
def test_bad_filters_are_refused_naming_the_parameter(server, params, field, code):
    before = server.scalar("SELECT COUNT(*) FROM audit_log")
    p = invalid(server.get("/api/v1/matters", params=params), (field, code))
    zh = next(e["message"] for e in p["errors"] if e["field"] == field)
    en_p = invalid(server.get("/api/v1/matters", params=params, headers={"Accept-Language": "en"}), (field, code))
    en = next(e["message"] for e in en_p["errors"] if e["field"] == field)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) and en.isascii() and en, (zh, en)
    assert server.scalar("SELECT COUNT(*) FROM audit_log") == before


# ------------------------------------------------------------------ did you mean


def test_results_carry_no_suggestions(server):
    assert "suggestions" not in search(server, "餐饮")
    assert "suggestions" not in server.get("/api/v1/matters").json()


@pytest.mark.parametrize("q,want", [
    ("营业职照", "营业执照"),        # one character wrong: the keyword
    ("營業職照", "营业执照"),
    ("marrige", "marriage"),        # one letter missing
    ("开饭官", "开饭馆"),            # near a colloquial word the synonyms know
])
def test_a_near_word_is_suggested(server, q, want):
    body = search(server, q)
    assert body["items"] == []
    assert want in [s["q"] for s in body["suggestions"]], body["suggestions"]


def test_a_near_name_is_suggested_as_a_matter(server):
    body = search(server, "结婚登计")
    assert body["items"] == []
    s = next(s for s in body["suggestions"] if s.get("code") == "QR00401000")
    assert s["name"] == DEMO["QR00401000"]["name"] and s["q"] == "结婚登记"


def test_words_that_find_something_alone_are_suggested_in_the_order_typed(server):
    body = search(server, "餐饮 注销")
    assert body["items"] == []
    assert [s["q"] for s in body["suggestions"]][:2] == ["餐饮", "注销"]


def test_a_matter_left_out_by_a_filter_is_suggested(server):
    body = search(server, "结婚登记", applicant="enterprise")
    assert body["items"] == []
    assert body["suggestions"][0]["code"] == "QR00401000"


def test_nothing_near_suggests_nothing(server):
    body = search(server, "完全不存在的事项xyz")
    assert body == {"items": [], "next_cursor": None, "suggestions": []}
    assert len(search(server, "zzzzzzzz")["suggestions"]) == 0


def test_at_most_five_suggestions(server):
    assert len(search(server, "登计")["suggestions"]) <= 5


# ------------------------------------------------------------------ a matter an admin adds


def test_an_added_matters_english_keywords_description_and_conditions_are_searched(server):
    """Words no demo matter holds: found in the new matter at the tier of the member holding them."""
    from test_catalog_admin import matter_doc
    doc = matter_doc(keywords_en=["zephyrine permit"],
                     description={"zh": "适用于翠鸟湾码头的停泊", "en": "For mooring at Kingfisher Bay"},
                     conditions=[{"zh": "船舶已在琥珀港登记", "en": "The vessel is registered at Amberport"}],
                     applicants=["enterprise"])
    r = server.as_user("admin").post_json("/api/v1/matters", doc)
    assert r.status_code == 201, r.text
    for q in ("zephyrine", "Zephyrine Permit", "翠鸟湾", "kingfisher", "琥珀港", "amberport"):
        assert raw_codes(search(server, q)) == [doc["code"]], q
    assert raw_codes(search(server, "翠鸟湾", applicant="person")) == []
    assert raw_codes(search(server, "翠鸟湾", applicant="enterprise")) == [doc["code"]]
    served = server.get(f"/api/v1/matters/{doc['code']}").json()
    assert served["conditions"] == doc["conditions"] and served["keywords_en"] == doc["keywords_en"]


# ------------------------------------------------------------------ older databases


def test_search_text_of_an_older_database_is_rebuilt_at_start(server, tmp_path):
    """A database whose matters were stored before the ranking (migration 0028
    leaves them empty, search_rev 0) gets their search text rebuilt from the
    documents when the server or `onestop seed` starts."""
    copy = server.snapshot_db(tmp_path / "old.db")
    db = server.db(copy)
    with db:
        db.execute("UPDATE matters SET search_guide = '', search_materials = '', search_rev = 0, "
                   "applicants = '|person|enterprise|'")
    db.close()
    r = server.cli("seed", db=copy)
    assert r.returncode == 0, r.stderr
    cols = "code, search_guide, search_materials, applicants, search_rev"
    db = server.db(copy)
    rebuilt = sorted(tuple(x) for x in db.execute(f"SELECT {cols} FROM matters").fetchall())
    db.close()
    live = sorted(server.query(f"SELECT {cols} FROM matters"))
    assert rebuilt == live
    assert all(row[4] >= 2 and row[1] != "" for row in rebuilt)
