"""Searching the catalogue: GET /api/v1/matters?q=...

Every whitespace-separated term must be a substring of the matter's
normalised text (names, department, keywords, material names, type), so
two-character words match, 繁體 finds 简体 and English works in any case and
width. Results rank exact names first, then names starting with / containing
the query, then keywords, then the rest.

Hostile queries (SQL and FTS operators, LIKE wildcards, quotes, backslashes,
huge or blank input) must give a clear 4xx or an ordinary result: never a
500, never a change to the database, and wildcards are literal."""
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import invalid, problem

REPO = Path(__file__).resolve().parents[2]
DEMO = {m["code"]: m for m in json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))}


def search(server, q, **params):
    r = server.get("/api/v1/matters", params=dict(q=q, limit=100, **params))
    assert r.status_code == 200, f"q={q!r}: {r.status_code} {r.text[:300]}"
    body = r.json()
    assert body["next_cursor"] is None, "fewer than 100 results expected"
    return body["items"]


def codes(items):
    return [i["code"] for i in items]


def state(server):
    """What no search may change: row counts and the full listing."""
    counts = {t: server.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("matters", "matter_versions", "audit_log",
                                                                       "departments", "regions", "accounts")}
    listing = server.get("/api/v1/matters", params={"include_retired": "true", "limit": 100}).json()
    return counts, listing


def text_of(m):
    """The demo matter's searchable text, roughly as the server builds it."""
    parts = [m["name"]["zh"], m["name"]["en"], *m.get("keywords", [])]
    for mat in m["materials"]:
        parts += [mat["name"]["zh"], mat["name"]["en"]]
    return "|".join(parts).lower()


# ------------------------------------------------------------------ ordinary searches


def test_canyin_finds_the_food_business_licence_first(server):
    items = search(server, "餐饮")
    assert "XK00103000" in codes(items)[:3], f"食品经营许可 is not among the first three: {codes(items)[:5]}"
    assert items[0]["name"]["zh"] == "食品经营许可"


def test_zhuxiao_finds_deregistrations(server):
    items = search(server, "注销")
    got = codes(items)
    for code in ("XK00101003", "GG00101003"):   # 企业注销登记, 单位参保注销
        assert code in got
    # names containing the word come before matters that only mention it elsewhere
    in_name = [("注销" in i["name"]["zh"]) for i in items]
    assert in_name == sorted(in_name, reverse=True), [(i["code"], i["name"]["zh"]) for i in items]
    assert in_name[0]


def test_shebao_finds_social_insurance(server):
    got = codes(search(server, "社保"))
    assert got[0] == "GG00103000"            # 灵活就业人员社保登记: the word is in the name
    assert "GG00101001" in got               # 社会保险登记, by its keyword
    assert all(DEMO[c]["department"] in ("hrss", "medins", "tax", "amr") for c in got if c in DEMO)


def test_traditional_query_finds_simplified_text(server):
    trad = search(server, "營業執照")
    simp = search(server, "营业执照")
    assert codes(trad) == codes(simp), "繁體 and 简体 give the same results"
    assert trad[0]["code"] == "XK00101001", "企业设立登记 (keyword 营业执照) comes first"
    for c in codes(trad):
        if c in DEMO:
            assert "营业执照" in text_of(DEMO[c]) or "营业执照" in DEMO[c]["legal_basis"] or c == "XK00101001"
    # other traditional words
    assert "XK00103000" in codes(search(server, "餐飲"))[:3]
    assert set(codes(search(server, "註銷"))) == set(codes(search(server, "注销")))
    assert codes(search(server, "戶口遷移"))[0] == "XK00601000"


@pytest.mark.parametrize("q", ["Food business licence", "food business licence", "FOOD BUSINESS",
                               "Food business", "ＦＯＯＤ　ｂｕｓｉｎｅｓｓ", "food   business", "食品经营许可"])
def test_english_and_exact_names(server, q):
    items = search(server, q)
    assert items and items[0]["code"] == "XK00103000", codes(items)[:5]


def test_exact_name_ranks_first(server):
    assert codes(search(server, "企业设立登记"))[0] == "XK00101001"
    assert codes(search(server, "结婚登记"))[0] == "QR00401000"
    assert codes(search(server, "Marriage registration"))[0] == "QR00401000"


def test_name_prefix_ranks_before_name_contains(server):
    items = search(server, "企业")
    names = [i["name"]["zh"] for i in items]
    starts = [n.startswith("企业") for n in names]
    assert starts[0]
    # once a name no longer starts with the word, none later does
    first_not = starts.index(False) if False in starts else len(starts)
    assert not any(starts[first_not:]), names


def test_every_term_must_match(server):
    both = codes(search(server, "餐饮 许可"))
    assert "XK00103000" in both
    assert set(both) <= set(codes(search(server, "餐饮"))) & set(codes(search(server, "许可")))
    assert search(server, "餐饮 注销") == []
    assert set(codes(search(server, "企业 注销"))) <= set(codes(search(server, "注销")))


def test_four_terms_are_all_honoured(server):
    assert "XK00103000" in codes(search(server, "食品 经营 许可 餐饮"))
    assert search(server, "食品 经营 许可 注销") == []


def test_more_terms_than_supported_are_refused_not_dropped(server):
    # a fifth term must not be silently ignored (that would list 食品经营许可 for "… 注销")
    invalid(server.get("/api/v1/matters", params={"q": "餐饮 餐饮 餐饮 餐饮 注销"}), ("q", "too_many_terms"))


def test_search_by_material_and_department(server):
    # material names and the department's name are searchable too
    with_charter = {c for c, m in DEMO.items() if any("公司章程" in x["name"]["zh"] for x in m["materials"])}
    assert "XK00101001" in with_charter
    assert with_charter <= set(codes(search(server, "公司章程")))
    assert with_charter <= set(codes(search(server, "articles of association")))
    amr = search(server, "市场监督管理局")
    assert amr and {DEMO[c]["department"] for c in codes(amr) if c in DEMO} == {"amr"}
    assert {i["type"] for i in search(server, "行政确认")} == {"confirmation"}


def test_nothing_found_is_an_empty_page(server):
    # nothing near it either: no suggestion (test_search_relevance.py has the ones that are)
    r = server.get("/api/v1/matters", params={"q": "完全不存在的事项xyz"})
    assert r.status_code == 200 and r.json() == {"items": [], "next_cursor": None, "suggestions": []}


def test_search_results_are_summaries_with_pagination(server):
    full = search(server, "登记")
    assert len(full) > 5
    page1 = server.get("/api/v1/matters", params={"q": "登记", "limit": 5}).json()
    assert codes(page1["items"]) == codes(full)[:5] and page1["next_cursor"]
    page2 = server.get("/api/v1/matters", params={"q": "登记", "limit": 5, "cursor": page1["next_cursor"]}).json()
    assert codes(page2["items"]) == codes(full)[5:10]


# ------------------------------------------------------------------ bad and hostile queries


@pytest.mark.parametrize("q,code", [
    ("", "required"),
    (" ", "required"),
    ("   ", "required"),
    ("\t", "required"),
    ("\u3000", "required"),              # ideographic space only: blank once normalised
    (" \u3000 \u3000", "required"),
    ("a" * 51, "too_long"),
    ("社" * 51, "too_long"),
    ("餐" * 1000, "too_long"),
    ("\n", "control_chars"),
    ("餐饮\n注销", "control_chars"),
    ("餐\x07饮", "control_chars"),
    ("a b c d e", "too_many_terms"),
])
def test_bad_queries(server, q, code):
    before = state(server)
    invalid(server.get("/api/v1/matters", params={"q": q}), ("q", code))
    assert state(server) == before


def test_fifty_characters_is_the_limit(server):
    r = server.get("/api/v1/matters", params={"q": "社" * 50})
    assert r.status_code == 200 and r.json()["items"] == []


def test_huge_query_string(server):
    before = state(server)
    r = server.get("/api/v1/matters?q=" + quote("餐饮" * 3000))
    assert 400 <= r.status_code < 500, r.status_code
    assert state(server) == before


HOSTILE = [
    '"', '""', '"餐饮"', '*', '餐*', '*饮', 'NEAR', 'NEAR(餐饮 许可)', '餐饮 NEAR 许可', 'OR', '餐饮 OR 注销',
    'AND', 'NOT 餐饮', '餐饮 -许可', '^餐饮', 'name:餐饮', "'--", "' OR '1'='1", "'; DROP TABLE matters; --",
    '"); DELETE FROM matters; --', '%', '%%', '%餐饮%', '_', '__', '餐_', '\\', '\\%', '餐饮\\', "\\'", '[', ']',
    '(', ')', '{}', '|', '||', '|餐饮|', 'MATCH', '%00', '%25', '&', '+', '#', '?', ';',
    '1=1', 'ESCAPE', '\'"\\%_*', 'select * from matters', 'null', 'NULL', 'undefined', '<script>',
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_are_harmless(server, q):
    before = state(server)
    r = server.get("/api/v1/matters", params={"q": q, "limit": 100})
    assert r.status_code != 500 and r.status_code < 500, r.text
    if r.status_code == 200:
        body = r.json()
        # "did you mean" only when nothing was found
        assert set(body) == ({"items", "next_cursor"} if body["items"] else {"items", "next_cursor", "suggestions"})
        for it in body["items"]:
            assert it["status"] == "active"
    else:
        assert 400 <= r.status_code < 500
        problem(r, r.status_code)
    assert state(server) == before


@pytest.mark.parametrize("q", ["%", "_", "%%", "__", "\\", "\\%", "%_%", "*", '"'])
def test_wildcards_are_literal(server, q):
    """LIKE wildcards and backslashes match only themselves: no demo text contains
    them, so none of these finds a demo matter (a '%' that worked as a wildcard
    would list everything)."""
    found = [c for c in codes(search(server, q)) if c in DEMO]
    expect = [c for c, m in DEMO.items() if q.lower() in text_of(m)]
    assert sorted(found) == sorted(expect), (q, found)


def test_apostrophe_in_text_is_found_literally(server):
    # "Shareholders' identity documents" is a material of 企业设立登记
    assert "XK00101001" in codes(search(server, "shareholders'"))


def test_invalid_utf8_and_nul_are_harmless(server):
    before = state(server)
    for raw in ("%FF%FE", "%E9%A4", "%C0%AF", "a%00b", "%00", "%ED%A0%80"):
        r = server.get("/api/v1/matters?q=" + raw)
        assert r.status_code < 500, (raw, r.status_code)
        if r.status_code == 200:
            assert set(r.json()) <= {"items", "next_cursor", "suggestions"}
    assert state(server) == before


def test_retired_and_filters_still_apply_to_search(server):
    for it in search(server, "登记", department="civil"):
        assert it["department"] == "civil"
    for it in search(server, "登记", immediate="true"):
        assert it["immediate"] is True
