"""The service catalogue, write side (admin only):
  POST /api/v1/matters                 create      -> 201, version 1, ETag "1"
  PUT  /api/v1/matters/{code}          new version -> If-Match required (428), stale (409)
  POST /api/v1/matters/{code}/retire   retire      -> If-Match; twice is 409

Only `admin` may write: reviewers and applicants get 403, the anonymous 401,
and a refused request changes nothing (rows in matters, matter_versions and
audit_log are counted, and the full listing compared). Schema errors are 422
naming every bad path at once (`form.fields[1].type`, `promised_days`,
`materials[0].source`, ...).

Every matter created here is new (random QT9... code, department gso, names
that no search test looks for), so the demo catalogue is left as it was."""
import copy
import random

import pytest

from conftest import field_errors, invalid, problem

# the version is the ETag of the answer as it is; a gzip-coded one has "-gz" inside the quotes
IDENTITY = {"Accept-Encoding": "identity"}

_codes = set()


def new_code():
    while True:
        c = "QT9" + "".join(random.choice("0123456789") for _ in range(7))
        if c not in _codes:
            _codes.add(c)
            return c


def matter_doc(**over):
    code = over.pop("code", None) or new_code()
    d = {
        "code": code,
        "name": {"zh": f"接口测试备案{code[-4:]}", "en": f"API test filing {code[-4:]}"},
        "department": "gso",
        "type": "other",
        "legal_basis": "《接口测试条例》第一条；《接口测试办法》第二条",
        "legal_days": 20,
        "promised_days": 5,
        "immediate": False,
        "visits": 0,
        "online_depth": 4,
        "fee_fen": 0,
        "service_hours": "周一至周五 9:00-17:00",
        "service_places": ["上海市政务服务中心（测试窗口）"],
        "keywords": ["接口测试", f"测试{code[-4:]}"],
        "materials": [
            {"key": "business_licence", "name": {"zh": "营业执照", "en": "Business licence"}, "required": True,
             "formats": ["pdf", "ofd"], "max_size": 10485760, "copies": 1, "source": "certificate:business_licence"},
            {"key": "test_plan", "name": {"zh": "测试方案", "en": "Test plan"}, "required": True,
             "formats": ["pdf", "jpeg", "png"], "max_size": 5242880, "copies": 1, "source": "upload"},
        ],
        "form": {"fields": [
            {"key": "enterprise_name", "label": {"zh": "企业名称", "en": "Enterprise name"}, "type": "string",
             "required": True, "min_len": 2, "max_len": 100, "de": "DE.enterprise.name"},
            {"key": "credit_code", "label": {"zh": "统一社会信用代码", "en": "Unified social credit code"},
             "type": "credit_code", "required": True, "de": "DE.enterprise.credit_code"},
            {"key": "test_kind", "label": {"zh": "测试类别", "en": "Test kind"}, "type": "enum", "required": True,
             "options": [{"value": "a", "label": {"zh": "甲类", "en": "Class A"}},
                         {"value": "b", "label": {"zh": "乙类", "en": "Class B"}}]},
        ]},
        "result": {"kind": "document", "name": {"zh": "备案回执", "en": "Filing receipt"}},
        "delivery": ["electronic", "window"],
    }
    d.update(over)
    return d


def state(server):
    """What a refused request must leave unchanged."""
    counts = {t: server.scalar(f"SELECT COUNT(*) FROM {t}") for t in ("matters", "matter_versions", "audit_log")}
    listing = server.get("/api/v1/matters", params={"include_retired": "true", "limit": 100})
    assert listing.status_code == 200
    rows = server.query("SELECT code, current_version, status, version, name_zh FROM matters ORDER BY code")
    return counts, rows, listing.json()


@pytest.fixture
def admin(server):
    return server.as_user("admin")


@pytest.fixture
def created(server, admin):
    """A fresh matter (version 1) and its creation response."""
    doc = matter_doc()
    r = admin.post_json("/api/v1/matters", doc)
    assert r.status_code == 201, r.text
    return doc, r


def put(session, code, doc, if_match):
    headers = {} if if_match is None else {"If-Match": if_match}
    return session.put_json(f"/api/v1/matters/{code}", doc, headers=headers)


def retire(session, code, if_match):
    headers = {} if if_match is None else {"If-Match": if_match}
    return session.post_json(f"/api/v1/matters/{code}/retire", None, headers=headers)


def list_codes(server, **params):
    out, cursor = [], None
    while True:
        p = dict(params, limit=100)
        if cursor:
            p["cursor"] = cursor
        body = server.get("/api/v1/matters", params=p).json()
        out += [i["code"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            return out


# ------------------------------------------------------------------ create


def test_admin_creates_a_matter(server, admin, created):
    doc, r = created
    code = doc["code"]
    assert r.headers["Location"] == f"/api/v1/matters/{code}"
    assert r.headers["ETag"] == '"1"'
    m = r.json()
    assert m["code"] == code and m["version"] == 1 and m["current_version"] == 1 and m["status"] == "active"
    for k, v in doc.items():
        assert m[k] == v, k
    assert m["type_label"] == "其他行政权力"
    assert m["department_name"]["zh"] == "上海市政务服务办公室" or m["department_name"]["zh"]
    # readable, listed, searchable
    g = server.get(f"/api/v1/matters/{code}", headers=IDENTITY)
    assert g.status_code == 200 and g.json() == m and g.headers["ETag"] == '"1"'
    assert code in list_codes(server, department="gso")
    found = server.get("/api/v1/matters", params={"q": doc["name"]["zh"]}).json()["items"]
    assert found and found[0]["code"] == code
    found = server.get("/api/v1/matters", params={"q": doc["name"]["en"].upper()}).json()["items"]
    assert found and found[0]["code"] == code
    # stored once, audited once, by the admin
    assert server.query("SELECT current_version, status, version FROM matters WHERE code = ?", code) == [(1, "active", 1)]
    assert server.query("SELECT version FROM matter_versions WHERE code = ?", code) == [(1,)]
    assert server.query("SELECT action, actor_id FROM audit_log WHERE entity = 'matter' AND entity_id = ?", code) == \
        [("matter.create", admin.account["id"])]


def test_hours_and_places_in_both_languages(server, admin):
    """Hours and places take an English form beside the Chinese (issue 16, bug 9), and a plain
    string (Chinese only, as older documents have it) is still taken; both are served as given."""
    doc = matter_doc(service_hours={"zh": "周一至周五 9:00-17:00", "en": "Mon–Fri 9:00–17:00"},
                     service_places=[{"zh": "上海市政务服务中心（测试窗口）", "en": "Shanghai service centre (test window)"},
                                     "各区行政服务中心"])
    r = admin.post_json("/api/v1/matters", doc)
    assert r.status_code == 201, r.text
    m = server.get(f"/api/v1/matters/{doc['code']}").json()
    assert m["service_hours"] == doc["service_hours"] and m["service_places"] == doc["service_places"]


def test_defaults_are_filled(server, admin):
    doc = matter_doc()
    del doc["service_places"], doc["keywords"], doc["service_hours"]
    r = admin.post_json("/api/v1/matters", doc)
    assert r.status_code == 201, r.text
    m = r.json()
    assert m["service_places"] == [] and m["keywords"] == [] and "service_hours" not in m


def test_creating_an_existing_code_is_a_conflict(server, admin, created):
    doc, _ = created
    before = state(server)
    p = problem(admin.post_json("/api/v1/matters", doc), 409, "conflict")
    assert ("code", "taken") in field_errors(p)
    # a demo code too
    p = problem(admin.post_json("/api/v1/matters", matter_doc(code="XK00103000")), 409, "conflict")
    assert ("code", "taken") in field_errors(p)
    assert state(server) == before


@pytest.mark.parametrize("body,status", [
    (None, 400),          # no body
    ([], 422),            # not an object
    ("matter", 400),      # a bare JSON string is not a document
    ({}, 422),
])
def test_create_without_a_document(server, admin, body, status):
    before = state(server)
    if body is None:
        r = admin.post(admin.url("/api/v1/matters"), timeout=30)
    else:
        r = admin.post_json("/api/v1/matters", body)
    problem(r, status)
    assert state(server) == before


def test_create_with_malformed_json(server, admin):
    before = state(server)
    r = admin.post(admin.url("/api/v1/matters"), data=b'{"code": "QT90000001",',
                   headers={"Content-Type": "application/json"}, timeout=30)
    problem(r, 400)
    assert state(server) == before


# ------------------------------------------------------------------ authorisation


WRITES = ["create", "update", "retire"]


@pytest.mark.parametrize("who,status,code", [
    ("amr_reviewer", 403, "forbidden"),
    ("amr_head", 403, "forbidden"),
    ("supervisor", 403, "forbidden"),
    ("zhangsan", 403, "forbidden"),
    ("xiaochi", 403, "forbidden"),
    (None, 401, "unauthorized"),
])
@pytest.mark.parametrize("what", WRITES)
def test_only_admin_writes(server, created, who, status, code, what):
    doc, _ = created
    target = doc["code"]
    s = server.as_user(who) if who else None
    before = state(server)
    if what == "create":
        body = matter_doc()
        r = s.post_json("/api/v1/matters", body) if s else server.post("/api/v1/matters", body)
    elif what == "update":
        body = dict(doc, name={"zh": "越权修改", "en": "Unauthorised change"})
        r = s.put_json(f"/api/v1/matters/{target}", body, headers={"If-Match": '"1"'}) if s else \
            server.put(f"/api/v1/matters/{target}", body, headers={"If-Match": '"1"'})
    else:
        r = s.post_json(f"/api/v1/matters/{target}/retire", None, headers={"If-Match": '"1"'}) if s else \
            server.post(f"/api/v1/matters/{target}/retire", None, headers={"If-Match": '"1"'})
    problem(r, status, code)
    assert state(server) == before
    m = server.get(f"/api/v1/matters/{target}").json()
    assert m["status"] == "active" and m["version"] == 1 and m["name"] == doc["name"]


def test_role_is_checked_before_the_body(server):
    # a reviewer sending an invalid document learns nothing about the schema: 403 first
    reviewer = server.as_user("amr_reviewer")  # logged in first: the login is audited, the refusal is not
    before = state(server)
    r = reviewer.post_json("/api/v1/matters", {"code": "nonsense"})
    problem(r, 403, "forbidden")
    r = server.post("/api/v1/matters", {"code": "nonsense"})
    problem(r, 401, "unauthorized")
    assert state(server) == before


def test_a_bad_token_is_401(server):
    before = state(server)
    r = server.post("/api/v1/matters", matter_doc(), headers={"Authorization": "Bearer " + "0" * 64})
    problem(r, 401)
    assert state(server) == before


# ------------------------------------------------------------------ update and versions


def test_update_makes_version_two_and_keeps_version_one(server, admin, created):
    doc, r1 = created
    code = doc["code"]
    v1_body = r1.json()
    new = copy.deepcopy(doc)
    new["name"] = {"zh": doc["name"]["zh"] + "（修订）", "en": doc["name"]["en"] + " (revised)"}
    new["promised_days"] = 3
    new["form"]["fields"].append({"key": "contact_phone", "label": {"zh": "联系电话", "en": "Phone"}, "type": "phone"})
    r = put(admin, code, new, '"1"')
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    m = r.json()
    assert m["version"] == 2 and m["current_version"] == 2 and m["name"] == new["name"]
    assert len(m["form"]["fields"]) == 4
    # current is 2
    cur = server.get(f"/api/v1/matters/{code}")
    assert cur.json()["version"] == 2 and cur.json()["promised_days"] == 3
    # version 1 is still readable, unchanged except for the live status/current_version
    old = server.get(f"/api/v1/matters/{code}", params={"version": 1})
    assert old.status_code == 200
    o = old.json()
    assert o["version"] == 1 and o["current_version"] == 2 and o["status"] == "active"
    assert {k: v for k, v in o.items() if k != "current_version"} == \
        {k: v for k, v in v1_body.items() if k != "current_version"}
    assert server.get(f"/api/v1/matters/{code}", params={"version": 2}).json()["name"] == new["name"]
    problem(server.get(f"/api/v1/matters/{code}", params={"version": 3}), 404, "not-found")
    # the list shows the new version; the search text follows the name
    item = [i for i in server.get("/api/v1/matters", params={"department": "gso", "limit": 100}).json()["items"]
            if i["code"] == code][0]
    assert item["version"] == 2 and item["name"] == new["name"] and item["promised_days"] == 3
    assert code in [i["code"] for i in server.get("/api/v1/matters", params={"q": "revised"}).json()["items"]]
    # rows: two versions, one row, audited
    assert server.query("SELECT version FROM matter_versions WHERE code = ? ORDER BY version", code) == [(1,), (2,)]
    assert [a for (a,) in server.query("SELECT action FROM audit_log WHERE entity = 'matter' AND entity_id = ? "
                                       "ORDER BY seq", code)] == ["matter.create", "matter.update"]


def test_etags_follow_the_versions(server, admin, created):
    doc, _ = created
    code = doc["code"]
    e1 = server.get(f"/api/v1/matters/{code}").headers["ETag"]
    assert server.get(f"/api/v1/matters/{code}", headers={"If-None-Match": e1}).status_code == 304
    r = put(admin, code, dict(doc, fee_fen=100), e1)
    assert r.status_code == 200, r.text
    e2 = r.headers["ETag"]
    assert e2 != e1
    # the old ETag no longer matches the current document; the new one does
    stale = server.get(f"/api/v1/matters/{code}", headers={"If-None-Match": e1})
    assert stale.status_code == 200 and stale.json()["fee_fen"] == 100
    fresh = server.get(f"/api/v1/matters/{code}", headers={"If-None-Match": e2, **IDENTITY})
    assert fresh.status_code == 304 and fresh.content == b"" and fresh.headers["ETag"] == e2
    # a pinned version has its own ETag, which also changes when the matter does (status lives in it)
    p1 = server.get(f"/api/v1/matters/{code}", params={"version": 1})
    ev1 = p1.headers["ETag"]
    assert ev1 not in (e1, e2)
    assert server.get(f"/api/v1/matters/{code}", params={"version": 1},
                      headers={"If-None-Match": ev1}).status_code == 304
    assert retire(admin, code, e2).status_code == 200
    after = server.get(f"/api/v1/matters/{code}", params={"version": 1}, headers={"If-None-Match": ev1})
    assert after.status_code == 200 and after.json()["status"] == "retired"


def test_update_needs_if_match(server, admin, created):
    doc, _ = created
    before = state(server)
    problem(put(admin, doc["code"], dict(doc, fee_fen=5), None), 428, "precondition-required")
    assert state(server) == before


@pytest.mark.parametrize("if_match", ['"2"', '"0"', "7", '"999"'])
def test_stale_update_is_a_conflict(server, admin, created, if_match):
    doc, _ = created
    before = state(server)
    if if_match == '"0"':
        problem(put(admin, doc["code"], dict(doc, fee_fen=5), if_match), 400)   # not a version at all
    else:
        problem(put(admin, doc["code"], dict(doc, fee_fen=5), if_match), 409, "stale-version")
    assert state(server) == before


@pytest.mark.parametrize("if_match", ["abc", '"1', "1.0", "-1", '"1", "2"', "*"])
def test_malformed_if_match(server, admin, created, if_match):
    doc, _ = created
    before = state(server)
    r = put(admin, doc["code"], dict(doc, fee_fen=5), if_match)
    assert 400 <= r.status_code < 500 and r.status_code != 404, r.text
    assert r.status_code != 200
    assert state(server) == before


def test_weak_if_match_is_accepted(server, admin, created):
    doc, _ = created
    r = put(admin, doc["code"], dict(doc, fee_fen=7), 'W/"1"')
    assert r.status_code == 200, r.text


def test_two_admins_racing(server, admin, created):
    """Both read version 1; the first write wins, the second is told to reload."""
    doc, _ = created
    other = server.login("admin")
    assert put(admin, doc["code"], dict(doc, fee_fen=1), '"1"').status_code == 200
    before = state(server)
    problem(put(other, doc["code"], dict(doc, fee_fen=2), '"1"'), 409, "stale-version")
    assert state(server) == before
    assert server.get(f"/api/v1/matters/{doc['code']}").json()["fee_fen"] == 1


def test_update_code_must_match_the_url(server, admin, created):
    doc, _ = created
    before = state(server)
    invalid(put(admin, doc["code"], dict(doc, code=new_code()), '"1"'), ("code", "mismatch"))
    assert state(server) == before


def test_update_of_an_unknown_matter(server, admin):
    before = state(server)
    doc = matter_doc()
    problem(put(admin, doc["code"], doc, '"1"'), 404, "not-found")
    problem(put(admin, "XK99999999", dict(doc, code="XK99999999"), '"1"'), 404, "not-found")
    assert state(server) == before


def test_update_with_schema_errors_changes_nothing(server, admin, created):
    doc, _ = created
    before = state(server)
    bad = copy.deepcopy(doc)
    bad["form"]["fields"][1]["type"] = "colour"
    bad["promised_days"] = 99
    invalid(put(admin, doc["code"], bad, '"1"'), ("form.fields[1].type", "unknown_type"),
            ("promised_days", "exceeds_legal"))
    assert state(server) == before


def test_a_served_document_cannot_be_sent_back_as_is(server, admin, created):
    """GET adds code-level members (status, version, type_label, ...) that are not input."""
    doc, r = created
    served = r.json()
    p = invalid(put(admin, doc["code"], served, '"1"'), ("status", "unknown_field"), ("type_label", "unknown_field"))
    assert {f for f, c in field_errors(p) if c == "unknown_field"} == \
        {"status", "current_version", "version", "type_label", "type_label_en", "department_name", "region"}


# ------------------------------------------------------------------ retire


def test_retire(server, admin, created):
    doc, _ = created
    code = doc["code"]
    problem(retire(admin, code, None), 428, "precondition-required")
    problem(retire(admin, code, '"9"'), 409, "stale-version")
    r = retire(admin, code, '"1"')
    assert r.status_code == 200, r.text
    assert r.headers["ETag"] == '"2"'
    m = r.json()
    assert m["status"] == "retired" and m["version"] == 1 and m["current_version"] == 1
    # absent from the default list and from searches
    assert code not in list_codes(server)
    assert code not in list_codes(server, department="gso")
    assert code not in [i["code"] for i in server.get("/api/v1/matters", params={"q": doc["name"]["zh"]}).json()["items"]]
    # present with include_retired, as retired
    items = [i for i in server.get("/api/v1/matters", params={"include_retired": "true", "department": "gso",
                                                              "limit": 100}).json()["items"] if i["code"] == code]
    assert len(items) == 1 and items[0]["status"] == "retired"
    assert code in [i["code"] for i in server.get("/api/v1/matters", params={
        "q": doc["name"]["zh"], "include_retired": "true"}).json()["items"]]
    # still fetchable, current and by version
    g = server.get(f"/api/v1/matters/{code}", headers=IDENTITY)
    assert g.status_code == 200 and g.json()["status"] == "retired" and g.headers["ETag"] == '"2"'
    assert server.get(f"/api/v1/matters/{code}", params={"version": 1}).json()["status"] == "retired"
    assert server.query("SELECT status, version FROM matters WHERE code = ?", code) == [("retired", 2)]
    assert server.query("SELECT action FROM audit_log WHERE entity = 'matter' AND entity_id = ? ORDER BY seq",
                        code) == [("matter.create",), ("matter.retire",)]
    # retiring twice: 409 whether with the current or an old version
    before = state(server)
    problem(retire(admin, code, '"2"'), 409, "invalid-state")
    problem(retire(admin, code, '"1"'), 409)
    assert state(server) == before
    # and its code stays taken
    problem(admin.post_json("/api/v1/matters", doc), 409, "conflict")
    assert state(server) == before


def test_retire_unknown_matter(server, admin):
    before = state(server)
    problem(retire(admin, "XK99999999", '"1"'), 404, "not-found")
    problem(retire(admin, "nonsense", '"1"'), 404, "not-found")
    assert state(server) == before


def test_include_retired_lists_everything(server, admin, created):
    doc, _ = created
    assert retire(admin, doc["code"], '"1"').status_code == 200
    active = set(list_codes(server))
    everything = set(list_codes(server, include_retired="true"))
    retired = {c for (c,) in server.query("SELECT code FROM matters WHERE status = 'retired'")}
    assert doc["code"] in retired
    assert everything == active | retired and not (active & retired)
    assert set(list_codes(server, include_retired="false")) == active


# ------------------------------------------------------------------ schema errors


def mutate(path_value_pairs):
    doc = matter_doc()
    for path, value in path_value_pairs:
        cur = doc
        parts = path.replace("]", "").replace("[", ".").split(".")
        for p in parts[:-1]:
            cur = cur[int(p)] if isinstance(cur, list) else cur[p]
        last = parts[-1]
        if isinstance(cur, list):
            if value is DELETE:
                del cur[int(last)]
            else:
                cur[int(last)] = value
        elif value is DELETE:
            del cur[last]
        else:
            cur[last] = value
    return doc


DELETE = object()

ENUM_WITHOUT_OPTIONS = {"key": "choice", "label": {"zh": "选择", "en": "Choice"}, "type": "enum"}

SCHEMA_ERRORS = [
    ("unknown field type", [("form.fields[1].type", "colour")], [("form.fields[1].type", "unknown_type")]),
    ("promised more than legal", [("promised_days", 21)], [("promised_days", "exceeds_legal")]),
    ("duplicate field keys", [("form.fields[2].key", "enterprise_name")], [("form.fields[2].key", "duplicate_key")]),
    ("enum without options", [("form.fields[2].options", DELETE)], [("form.fields[2].options", "missing_options")]),
    ("enum with no options", [("form.fields[2].options", [])], [("form.fields[2].options", "missing_options")]),
    ("material with an unknown source", [("materials[0].source", "fax")], [("materials[0].source", "unknown_source")]),
    ("material certificate without type", [("materials[1].source", "certificate:")],
     [("materials[1].source", "unknown_source")]),
    ("duplicate material keys", [("materials[1].key", "business_licence")], [("materials[1].key", "duplicate_key")]),
    ("unknown material format", [("materials[0].formats", ["pdf", "docx"])],
     [("materials[0].formats[1]", "not_an_option")]),
    ("immediate with promised days", [("immediate", True)], [("promised_days", "immediate")]),
    ("promised-time matter with 0 days", [("promised_days", 0)], [("promised_days", "too_small")]),
    ("unknown department", [("department", "nope")], [("department", "unknown")]),
    ("unknown type", [("type", "licence")], [("type", "not_an_option")]),
    ("bad code", [("code", "qt90000001")], [("code", "invalid_code")]),
    ("visits 2", [("visits", 2)], [("visits", "too_large")]),
    ("online depth 9", [("online_depth", 9)], [("online_depth", "too_large")]),
    ("negative fee", [("fee_fen", -100)], [("fee_fen", "too_small")]),
    ("legal days over a year", [("legal_days", 366)], [("legal_days", "too_large")]),
    ("unknown delivery", [("delivery", ["email"])], [("delivery[0]", "not_an_option")]),
    ("no delivery", [("delivery", [])], [("delivery", "too_short")]),
    ("certificate result without type", [("result", {"kind": "certificate", "name": {"zh": "证", "en": "C"}})],
     [("result.certificate_type", "required")]),
    ("unknown member", [("colour", "red")], [("colour", "unknown_field")]),
    ("name without English", [("name", {"zh": "测试"})], [("name.en", "required")]),
    ("empty keyword", [("keywords", [""])], [("keywords[0]", "type")]),
    ("English keyword too long", [("keywords_en", ["ok", "x" * 61])], [("keywords_en[1]", "type")]),
    ("English keywords not a list", [("keywords_en", "restaurant")], [("keywords_en", "type")]),
    ("description without English", [("description", {"zh": "说明"})], [("description.en", "required")]),
    ("description too long", [("description", {"zh": "说" * 1001, "en": "x"})], [("description.zh", "too_long")]),
    ("condition without English", [("conditions", [{"zh": "条件一"}])], [("conditions[0].en", "required")]),
    ("too many conditions", [("conditions", [{"zh": "条件", "en": "A condition"}] * 21)],
     [("conditions", "too_long")]),
    ("question without English", [("faq", [{"q": {"zh": "问"}, "a": {"zh": "答", "en": "Answer"}}])],
     [("faq[0].q.en", "required")]),
    ("question without an answer", [("faq", [{"q": {"zh": "问", "en": "Question"}}])], [("faq[0].a", "required")]),
    ("answer too long", [("faq", [{"q": {"zh": "问", "en": "Q"}, "a": {"zh": "答" * 1001, "en": "A"}}])],
     [("faq[0].a.zh", "too_long")]),
    ("unknown member in a question", [("faq", [{"q": {"zh": "问", "en": "Q"}, "a": {"zh": "答", "en": "A"}, "x": 1}])],
     [("faq[0].x", "unknown_field")]),
    ("too many questions", [("faq", [{"q": {"zh": "问", "en": "Q"}, "a": {"zh": "答", "en": "A"}}] * 21)],
     [("faq", "too_long")]),
    ("missing form", [("form", DELETE)], [("form", "required")]),
    ("field without label", [("form.fields[0].label", DELETE)], [("form.fields[0].label", "missing_label")]),
    ("bad pattern", [("form.fields[0].pattern", "([a-z")], [("form.fields[0].pattern", "invalid_pattern")]),
    ("hours without English", [("service_hours", {"zh": "周一至周五 9:00-17:00"})], [("service_hours.en", "required")]),
    ("hours as a number", [("service_hours", 9)], [("service_hours", "type")]),
    ("empty hours", [("service_hours", "")], [("service_hours", "type")]),
    ("place without English", [("service_places", [{"zh": "测试窗口"}])], [("service_places[0].en", "required")]),
    ("empty place", [("service_places", [""])], [("service_places[0]", "type")]),
    ("place as a list", [("service_places", [["测试窗口"]])], [("service_places[0]", "type")]),
]


@pytest.mark.parametrize("name,changes,want", SCHEMA_ERRORS, ids=[s[0] for s in SCHEMA_ERRORS])
def test_schema_errors(server, admin, name, changes, want):
    doc = mutate(changes)
    before = state(server)
    p = invalid(admin.post_json("/api/v1/matters", doc), *want)
    got = field_errors(p)
    assert got == set(want), f"exactly {want}, got {sorted(got)}"
    for e in p["errors"]:
        assert e["message"], e
    assert state(server) == before
    assert server.scalar("SELECT COUNT(*) FROM matters WHERE code = ?", doc["code"]) == 0


def test_several_schema_errors_at_once(server, admin):
    doc = mutate([
        ("form.fields[1].type", "colour"),
        ("promised_days", 99),
        ("materials[0].source", "fax"),
        ("form.fields[2].key", "enterprise_name"),
        ("department", "nope"),
        ("delivery", ["email", "window"]),
    ])
    doc["form"]["fields"].append(ENUM_WITHOUT_OPTIONS)
    before = state(server)
    p = invalid(admin.post_json("/api/v1/matters", doc))
    want = {("form.fields[1].type", "unknown_type"), ("promised_days", "exceeds_legal"),
            ("materials[0].source", "unknown_source"), ("form.fields[2].key", "duplicate_key"),
            ("form.fields[3].options", "missing_options"), ("department", "unknown"),
            ("delivery[0]", "not_an_option")}
    assert field_errors(p) == want
    assert p["code"] == "validation" and p["detail"]
    assert state(server) == before


def test_errors_in_english(server, admin):
    doc = mutate([("materials[0].source", "fax")])
    p = invalid(admin.post_json("/api/v1/matters", doc, headers={"Accept-Language": "en"}),
                ("materials[0].source", "unknown_source"))
    msg = [e["message"] for e in p["errors"] if e["field"] == "materials[0].source"][0]
    assert "upload" in msg and msg.isascii(), msg


def test_oversized_document(server, admin):
    doc = matter_doc()
    doc["keywords"] = [f"词{i}" for i in range(51)]
    doc["materials"] = [dict(doc["materials"][1], key=f"m{i}") for i in range(51)]
    before = state(server)
    p = invalid(admin.post_json("/api/v1/matters", doc), ("keywords", "too_long"), ("materials", "too_long"))
    assert state(server) == before
    assert p["errors"]
