"""The service catalogue, read side: GET /api/v1/matters (list, filters,
cursor pagination, limit bounds, unknown parameters), GET
/api/v1/matters/{code} (current and ?version=N, ETag / If-None-Match, unknown
codes), GET /api/v1/departments and GET /api/v1/regions, and the size of the
demo catalogue (data/demo/matters.json), asserted through the list filters.

Tests here only read; matters other tests create (test_catalog_admin.py) may
appear in the lists, so assertions about the demo data are "contains" and
"every item satisfies the filter", not exact counts."""
import json
from pathlib import Path

import re

import pytest

from conftest import invalid, problem

REPO = Path(__file__).resolve().parents[2]
DEMO = json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))
DEMO_BY_CODE = {m["code"]: m for m in DEMO}
SUMMARY_KEYS = {"code", "version", "status", "department", "type", "name", "immediate", "visits",
                "online_depth", "promised_days"}


def get_list(server, **params):
    r = server.get("/api/v1/matters", params=params)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    return r.json()


def walk(server, **params):
    """Every page of a listing: returns (items in order, number of pages)."""
    items, pages, cursor = [], 0, None
    while True:
        p = dict(params)
        if cursor:
            p["cursor"] = cursor
        body = get_list(server, **p)
        assert set(body) == {"items", "next_cursor"}
        pages += 1
        items += body["items"]
        cursor = body["next_cursor"]
        if "limit" in params:
            assert len(body["items"]) <= int(params["limit"])
            if cursor:
                assert len(body["items"]) == int(params["limit"]), "only the last page may be short"
        if not cursor:
            return items, pages
        assert pages < 200, "pagination does not end"


def codes(items):
    return [i["code"] for i in items]


# ------------------------------------------------------------------ listing


def test_list_default_page(server):
    body = get_list(server)
    items = body["items"]
    assert len(items) == 20, "the default page has 20 items"
    assert body["next_cursor"], "the demo has more than one page"
    for it in items:
        assert set(it) == SUMMARY_KEYS, it
        assert it["status"] == "active"
        assert set(it["name"]) == {"zh", "en"} and it["name"]["zh"] and it["name"]["en"]
        assert isinstance(it["immediate"], bool) and it["visits"] in (0, 1)
        assert 1 <= it["online_depth"] <= 4
    assert codes(items) == sorted(codes(items)), "a listing without q is ordered by code"


def test_summaries_match_the_demo_data(server):
    items, _ = walk(server, limit=100)
    got = {i["code"]: i for i in items}
    for code, m in DEMO_BY_CODE.items():
        assert code in got, f"demo matter {code} is missing from the list"
        it = got[code]
        assert it["name"] == m["name"]
        for k in ("department", "type", "immediate", "visits", "online_depth", "promised_days"):
            assert it[k] == m[k], (code, k)


def test_demo_catalogue_size(server):
    everything, _ = walk(server, limit=100)
    demo = [i for i in everything if i["code"] in DEMO_BY_CODE]
    assert len(demo) == len(DEMO) >= 30
    assert len({i["department"] for i in demo}) >= 8
    immediate, _ = walk(server, immediate="true", limit=100)
    assert len([i for i in immediate if i["code"] in DEMO_BY_CODE]) >= 5
    no_visit, _ = walk(server, visits=0, limit=100)
    assert len([i for i in no_visit if i["code"] in DEMO_BY_CODE]) >= 5
    # and the filters partition the list
    not_immediate, _ = walk(server, immediate="false", limit=100)
    one_visit, _ = walk(server, visits=1, limit=100)
    assert sorted(codes(immediate) + codes(not_immediate)) == sorted(codes(everything))
    assert sorted(codes(no_visit) + codes(one_visit)) == sorted(codes(everything))


@pytest.mark.parametrize("department", ["amr", "psb", "tax", "hrss", "health", "eco", "housing", "fire",
                                        "civil", "medins"])
def test_filter_by_department(server, department):
    items, _ = walk(server, department=department, limit=100)
    assert items, department
    assert all(i["department"] == department for i in items)
    want = {c for c, m in DEMO_BY_CODE.items() if m["department"] == department}
    assert want <= set(codes(items))


def test_filter_by_department_without_matters(server):
    # hp-amr exists but holds no matters in the demo; an unknown code is refused, naming the
    # parameter (a mistyped filter must not look like "no matters here")
    assert get_list(server, department="hp-amr")["items"] == []
    invalid(server.get("/api/v1/matters", params={"department": "no-such-dept"}), ("department", "unknown"))


@pytest.mark.parametrize("mtype", ["licensing", "confirmation", "payment", "levy", "public_service", "other"])
def test_filter_by_type(server, mtype):
    items, _ = walk(server, type=mtype, limit=100)
    assert all(i["type"] == mtype for i in items)
    want = {c for c, m in DEMO_BY_CODE.items() if m["type"] == mtype}
    assert want and want <= set(codes(items))


def test_filter_by_unknown_type_is_empty(server):
    assert get_list(server, type="licence")["items"] == []


@pytest.mark.parametrize("value,flag", [("true", True), ("false", False)])
def test_filter_immediate(server, value, flag):
    items, _ = walk(server, immediate=value, limit=100)
    assert all(i["immediate"] is flag for i in items)
    if flag:
        assert all(i["promised_days"] == 0 for i in items), "immediate <=> promised_days 0"
    else:
        assert all(i["promised_days"] >= 1 for i in items)
    want = {c for c, m in DEMO_BY_CODE.items() if m["immediate"] is flag}
    assert want <= set(codes(items))


@pytest.mark.parametrize("visits", [0, 1])
def test_filter_visits(server, visits):
    items, _ = walk(server, visits=visits, limit=100)
    assert items and all(i["visits"] == visits for i in items)
    want = {c for c, m in DEMO_BY_CODE.items() if m["visits"] == visits}
    assert want <= set(codes(items))
    if visits == 0:
        assert all(i["online_depth"] >= 3 for i in items if i["code"] in DEMO_BY_CODE)


def test_filters_combine(server):
    items, _ = walk(server, department="hrss", immediate="true", visits=0, limit=100)
    assert items
    assert all(i["department"] == "hrss" and i["immediate"] and i["visits"] == 0 for i in items)
    want = {c for c, m in DEMO_BY_CODE.items()
            if m["department"] == "hrss" and m["immediate"] and m["visits"] == 0}
    assert want <= set(codes(items))
    both, _ = walk(server, department="psb", type="licensing", limit=100)
    assert both and all(i["department"] == "psb" and i["type"] == "licensing" for i in both)
    # a filter and a search together
    found = get_list(server, department="amr", q="注销", limit=100)["items"]
    assert "XK00101003" in codes(found) and all(i["department"] == "amr" for i in found)


# ------------------------------------------------------------------ pagination


@pytest.mark.parametrize("limit", [1, 3, 7, 20, 39, 100])
def test_pages_do_not_overlap_and_cover_everything(server, limit):
    full = get_list(server, limit=100)
    assert full["next_cursor"] is None or len(full["items"]) == 100
    reference, _ = walk(server, limit=100)
    items, pages = walk(server, limit=limit)
    got = codes(items)
    assert len(got) == len(set(got)), "a matter appears on two pages"
    assert got == codes(reference), "paging in steps of %d differs from one big page" % limit
    assert pages == max(1, -(-len(got) // limit)), "no empty trailing page"


@pytest.mark.parametrize("params", [
    {"department": "amr"},
    {"immediate": "true"},
    {"q": "营业执照"},          # many results over several ranks: the cursor carries the rank
    {"q": "登记"},
    {"q": "licence"},
    {"include_retired": "true"},
])
def test_pagination_with_filters_and_search(server, params):
    one, _ = walk(server, limit=100, **params)
    assert one
    for limit in (1, 2, 5):
        items, _ = walk(server, limit=limit, **params)
        assert codes(items) == codes(one), (params, limit)


def test_last_page_has_no_cursor(server):
    total = len(walk(server, limit=100)[0])
    body = get_list(server, limit=100)
    assert len(body["items"]) == min(total, 100)
    assert body["next_cursor"] is None if total <= 100 else body["next_cursor"]
    # an exact fit: limit = total gives one page and no cursor
    if total <= 100:
        assert get_list(server, limit=total)["next_cursor"] is None


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "1.5", "", "1e2", "99999999999999999999"])
def test_limit_bounds(server, limit):
    invalid(server.get("/api/v1/matters", params={"limit": limit}), ("limit", "type"))


@pytest.mark.parametrize("cursor", ["garbage", "", "1200.XK00101001", "-1.XK00101001", "0.xk00101001",
                                    "0.XK00101001' OR 1=1 --", "0.XK00101001;DROP TABLE matters",
                                    "0." + "X" * 300, "0", "0.", ".XK00101001", "0.XK0010100%",
                                    "0.XK00101001\\", "0.XK00101001\"*"])
def test_bad_cursor(server, cursor):
    invalid(server.get("/api/v1/matters", params={"cursor": cursor}), ("cursor", "invalid"))


def test_cursor_past_the_end_is_empty(server):
    assert get_list(server, cursor="0.ZZ99999999") == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("params,field", [
    ({"colour": "red"}, "colour"),
    ({"page": "2"}, "page"),
    ({"offset": "20"}, "offset"),
    ({"sort": "name"}, "sort"),
    ({"Limit": "5"}, "Limit"),
    ({"q": "社保", "qq": "x"}, "qq"),
])
def test_unknown_query_parameters(server, params, field):
    p = invalid(server.get("/api/v1/matters", params=params), (field, "unknown_parameter"))
    assert p["code"] == "validation"


@pytest.mark.parametrize("params,field", [
    ({"immediate": "yes"}, "immediate"),
    ({"immediate": "1"}, "immediate"),
    ({"immediate": ""}, "immediate"),
    ({"include_retired": "1"}, "include_retired"),
    ({"include_retired": "TRUE"}, "include_retired"),
    ({"visits": "2"}, "visits"),
    ({"visits": "-1"}, "visits"),
    ({"visits": "one"}, "visits"),
    ({"department": "d" * 33}, "department"),
    ({"type": "t" * 33}, "type"),
])
def test_bad_filter_values(server, params, field):
    p = problem(server.get("/api/v1/matters", params=params), 422, "validation")
    assert field in {e["field"] for e in p["errors"]}, p


def test_several_bad_parameters_at_once(server):
    p = problem(server.get("/api/v1/matters", params={"immediate": "x", "visits": "7", "limit": "0"}), 422)
    assert {"immediate", "visits", "limit"} <= {e["field"] for e in p["errors"]}


# ------------------------------------------------------------------ one matter


def test_get_matter_by_code(server):
    r = server.get("/api/v1/matters/XK00103000")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    m = r.json()
    demo = DEMO_BY_CODE["XK00103000"]
    assert m["code"] == "XK00103000" and m["status"] == "active"
    assert m["version"] >= 1 and m["current_version"] == m["version"]
    for k in ("name", "department", "type", "legal_basis", "legal_days", "promised_days", "immediate", "visits",
              "online_depth", "fee_fen", "materials", "form", "result", "delivery", "keywords", "service_places"):
        assert m[k] == demo[k], k
    assert (m["type_label"], m["type_label_en"]) == ("行政许可", "Administrative licensing")
    assert m["department_name"]["zh"] == "上海市市场监督管理局"
    etag = r.headers["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    assert r.headers.get("Cache-Control") == "no-cache"


def test_every_demo_matter_is_readable(server):
    for code, demo in DEMO_BY_CODE.items():
        r = server.get(f"/api/v1/matters/{code}")
        assert r.status_code == 200, code
        m = r.json()
        assert m["code"] == code and m["name"] == demo["name"] and m["form"] == demo["form"]


def test_etag_and_if_none_match(server):
    r = server.get("/api/v1/matters/QT00101000")
    etag = r.headers["ETag"]
    same = server.get("/api/v1/matters/QT00101000", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    assert same.headers["ETag"] == etag
    for other in ('"999"', "*x", '"0"', etag.strip('"')):
        r2 = server.get("/api/v1/matters/QT00101000", headers={"If-None-Match": other})
        assert r2.status_code == 200 and r2.json()["code"] == "QT00101000", other


def test_if_none_match_lists_weak_tags_and_star(server):
    """RFC 9110: If-None-Match is "*" or a list of tags, compared weakly."""
    etag = server.get("/api/v1/matters/QT00101000").headers["ETag"]
    for inm in ("W/" + etag, f'"abc", {etag}', f'W/"x",W/{etag}', f"{etag}, \"zzz\"", "*"):
        r = server.get("/api/v1/matters/QT00101000", headers={"If-None-Match": inm})
        assert r.status_code == 304, inm
    for inm in ('"abc", "def"', "W/", etag[:-1], '"' + etag, "**", f"*, {etag[:-1]}"):
        r = server.get("/api/v1/matters/QT00101000", headers={"If-None-Match": inm})
        assert r.status_code == 200, inm
    problem(server.get("/api/v1/matters/XK99999999", headers={"If-None-Match": "*"}), 404, "not-found")


def test_get_version_one_of_a_demo_matter(server):
    m = server.get("/api/v1/matters/XK00101001?version=1")
    assert m.status_code == 200 and m.json()["version"] == 1
    assert m.json()["name"] == DEMO_BY_CODE["XK00101001"]["name"]
    again = server.get("/api/v1/matters/XK00101001?version=1", headers={"If-None-Match": m.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("code", ["XK99999999", "ZZ00000000", "xk00103000", "XK0010300", "XK001030000",
                                  "nonsense", "XK00103000'--", "XK%25", "%2A", "1%20OR%201=1"])
def test_unknown_matter_code(server, code):
    p = problem(server.get(f"/api/v1/matters/{code}"), 404, "not-found")
    assert p["detail"]


@pytest.mark.parametrize("version", ["0", "-1", "abc", "", "1.0", "1000001"])
def test_bad_version(server, version):
    invalid(server.get("/api/v1/matters/XK00103000", params={"version": version}), ("version", "type"))


def test_version_that_does_not_exist(server):
    problem(server.get("/api/v1/matters/XK00103000", params={"version": "999"}), 404, "not-found")
    problem(server.get("/api/v1/matters/XK99999999", params={"version": "1"}), 404, "not-found")


def test_unknown_parameter_on_one_matter(server):
    invalid(server.get("/api/v1/matters/XK00103000", params={"lang": "en"}), ("lang", "unknown_parameter"))


# ------------------------------------------------------------------ departments and regions


def test_departments(server):
    r = server.get("/api/v1/departments")
    assert r.status_code == 200, r.text
    deps = r.json()["items"]
    by_code = {d["code"]: d for d in deps}
    assert len(by_code) == len(deps), "department codes are unique"
    for d in deps:
        assert d["name"]["zh"] and d["name"]["en"] and d["region"] and d["kind"] in (
            "agency", "hotline", "office", "street_office", "district_government")
    used = {m["department"] for m in DEMO}
    assert len(used) >= 8
    assert used <= set(by_code), f"matters name departments that do not exist: {used - set(by_code)}"
    assert all(by_code[c]["kind"] == "agency" for c in used)
    # the district AMRs exist (complaints are dispatched by district)
    assert {"hp-amr", "xh-amr"} <= set(by_code)
    assert by_code["hp-amr"]["region"] != by_code["xh-amr"]["region"]


HAN = re.compile(r"[\u3400-\u9fff]")


def english(text):
    """An English form: present, and free of Chinese characters."""
    return isinstance(text, str) and text.strip() != "" and not HAN.search(text)


def test_every_catalogue_text_has_an_english_form(server):
    """English mode shows every catalogue text in English (issue 16, bug 9): names, hours, places,
    materials, form labels and options, results, 受理条件 and 常见问题; departments' names, addresses and
    hours. Only the
    legal basis is cited as enacted, in Chinese."""
    missing = []
    for code in DEMO_BY_CODE:
        m = server.get(f"/api/v1/matters/{code}").json()
        texts = [("name", m["name"]), ("service_hours", m.get("service_hours")), ("result", m["result"].get("name"))]
        texts += [(f"service_places[{i}]", p) for i, p in enumerate(m["service_places"])]
        texts += [(f"materials.{x['key']}", x["name"]) for x in m["materials"]]
        texts += [(f"conditions[{i}]", c) for i, c in enumerate(m.get("conditions", []))]
        texts += [(f"faq[{i}].{part}", qa[part])
                  for i, qa in enumerate(m.get("faq", [])) for part in ("q", "a")]
        if m.get("description") is not None:
            texts.append(("description", m["description"]))
        if not all(english(k) for k in m.get("keywords_en", [])):
            missing.append(f"{code} keywords_en: {m.get('keywords_en')!r}")
        for f in m["form"]["fields"]:
            texts.append((f"form.{f['key']}", f["label"]))
            texts += [(f"form.{f['key']}.{o['value']}", o["label"]) for o in f.get("options", [])]
        for where, t in texts:
            if t is not None and not (isinstance(t, dict) and english(t.get("en"))):
                missing.append(f"{code} {where}: {t!r}")
        assert english(m["type_label_en"]), code
    for d in server.get("/api/v1/departments").json()["items"]:
        for k in ("address_en", "hours_en"):
            if not english(d[k]):
                missing.append(f"department {d['code']} {k}: {d[k]!r}")
        assert english(d["name"]["en"]), d["code"]
    assert not missing, "\n".join(missing)


def test_department_names_match_the_matters(server):
    deps = {d["code"]: d for d in server.get("/api/v1/departments").json()["items"]}
    for code in ("XK00101001", "QT00101000", "GG00302000"):
        m = server.get(f"/api/v1/matters/{code}").json()
        assert m["department_name"] == deps[m["department"]]["name"]
        assert m["region"] == deps[m["department"]]["region"]


def test_regions(server):
    r = server.get("/api/v1/regions")
    assert r.status_code == 200, r.text
    regions = r.json()["items"]
    by_code = {x["code"]: x for x in regions}
    cities = [x for x in regions if x["level"] == "city"]
    assert len(cities) == 1 and cities[0]["code"] == "310000" and cities[0]["name"]["zh"] == "上海市"
    districts = [x for x in regions if x["level"] == "district"]
    assert len(districts) >= 4
    assert all(d["parent"] == "310000" for d in districts)
    assert by_code["310000"]["parent"] in by_code
    # every department's region is listed
    deps = server.get("/api/v1/departments").json()["items"]
    assert {d["region"] for d in deps} <= set(by_code)


def test_regions_in_the_database(server):
    """The listing agrees with the table it comes from."""
    rows = server.query("SELECT code, level, parent FROM regions")
    assert len([r for r in rows if r[1] == "city"]) == 1
    assert len([r for r in rows if r[1] == "district" and r[2] == "310000"]) >= 4
    listed = server.get("/api/v1/regions").json()["items"]
    assert sorted((x["code"], x["level"], x["parent"]) for x in listed) == sorted(rows)
