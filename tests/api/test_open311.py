"""The Open311 GeoReport v2 façade (issue 12, item 7), checked against the
specification (open311.org GeoReport_v2) rather than the code: every method in
both formats, the field names and their types, the XML element names, the
status mapping to open/closed, the filters of GET requests, the 90-day window
and the 1000-result limit, and every error the issue lists — each in the
specification's error format with its HTTP status, the database unchanged.

Facts of the demo data used (data/demo/): noise (噪音扰民) at 南京东路街道
(310101002, in 黄浦区 310101) is the street office hp-njdl's by the
responsibility list; its handler is njdl_handler; the hotline operator is
`operator`; the administrator who issues keys is `admin`."""
import datetime
import re
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import CST, cn_today, new_phone

HP, NJDL, WT, XH = "310101", "310101002", "310101013", "310104"
BASE = "/open311/v2"
FORM = "application/x-www-form-urlencoded; charset=utf-8"
W3C = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$")
REQUEST_FIELDS = ["service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"]


# ---------------------------------------------------------------- helpers


def w3c(dt):
    return dt.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def get(ts, path, fmt="json", **params):
    return ts.session().get(ts.url(f"{BASE}/{path}.{fmt}"), params=params, timeout=30)


def post(ts, fields, fmt="json", body=None, content_type=FORM):
    data = body if body is not None else fields
    return ts.session().post(ts.url(f"{BASE}/requests.{fmt}"), data=data, headers={"Content-Type": content_type},
                             timeout=30)


def errors(r, status, fmt="json"):
    """The Open311 error list of an answer, checked for its shape: [{code, description}]."""
    assert r.status_code == status, r.text
    if fmt == "xml":
        assert r.headers["Content-Type"].startswith("text/xml")
        root = ET.fromstring(r.content)
        assert root.tag == "errors" and len(root) >= 1
        out = []
        for e in root:
            assert e.tag == "error" and [c.tag for c in e] == ["code", "description"]
            out.append({"code": int(e.find("code").text), "description": e.find("description").text})
        return out
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert isinstance(body, list) and body, body
    for e in body:
        assert set(e) == {"code", "description"} and isinstance(e["code"], int), e
        assert isinstance(e["description"], str) and e["description"]
    return body


def xml_items(r, root, item, status=200):
    assert r.status_code == status, r.text
    assert r.headers["Content-Type"].startswith("text/xml")
    assert r.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    doc = ET.fromstring(r.content)
    assert doc.tag == root
    assert all(child.tag == item for child in doc)
    return list(doc)


def rows(ts):
    """What a refused request must leave as it was."""
    return ts.query("SELECT (SELECT COUNT(*) FROM complaints), (SELECT COUNT(*) FROM complaint_events), "
                    "(SELECT COUNT(*) FROM open311_requests), (SELECT COUNT(*) FROM audit_log), "
                    "(SELECT COUNT(*) FROM complaint_stats), (SELECT COUNT(*) FROM open311_keys)")[0]


def issue_key(ts, name="随手拍 App"):
    r = ts.as_user("admin").post_json("/api/v1/open311/keys", {"name": name})
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture(scope="module")
def key(ts):
    return issue_key(ts)["key"]


def form(key, **over):
    f = {"api_key": key, "service_code": "noise", "lat": "31.235", "long": "121.4845",
         "address_string": "南京东路100号", "phone": new_phone(), "first_name": "三", "last_name": "张",
         "email": "zhang@example.com", "description": "夜间施工噪音扰民 Night-time construction noise",
         "attribute[district]": HP, "attribute[street]": NJDL}
    f.update(over)
    return {k: v for k, v in f.items() if v is not None}


def filed(ts, key, fmt="json", **over):
    f = form(key, **over)
    r = post(ts, f, fmt)
    assert r.status_code == 201, r.text
    if fmt == "xml":
        (req,) = xml_items(r, "service_requests", "request", 201)
        return req.find("service_request_id").text, f
    (out,) = r.json()
    return out["service_request_id"], f


def one(ts, sid, fmt="json"):
    r = get(ts, f"requests/{sid}", fmt)
    if fmt == "xml":
        (req,) = xml_items(r, "service_requests", "request")
        return req
    assert r.status_code == 200, r.text
    (out,) = r.json()
    return out


# ---------------------------------------------------------------- discovery and services


def test_discovery_in_both_formats(ts):
    r = get(ts, "discovery")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("application/json")
    d = r.json()
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(d)
    (ep,) = d["endpoints"]
    assert ep["specification"] == "http://wiki.open311.org/GeoReport_v2" and ep["type"] == "production"
    assert ep["url"].endswith("/open311/v2") and W3C.match(ep["changeset"])
    assert set(ep["formats"]) == {"text/xml", "application/json"}
    r = get(ts, "discovery", "xml")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/xml")
    doc = ET.fromstring(r.content)
    assert doc.tag == "discovery"
    formats = doc.find("endpoints/endpoint/formats")
    assert [f.tag for f in formats] == ["format", "format"]
    assert {f.text for f in formats} == {"text/xml", "application/json"}


def test_services_are_the_complaint_categories(ts):
    tree = ts.get("/api/v1/complaint-categories").json()["items"]
    codes, stack = set(), list(tree)
    while stack:
        k = stack.pop()
        codes.add(k["code"])
        stack.extend(k["children"])
    r = get(ts, "services")
    assert r.status_code == 200
    services = r.json()
    assert {s["service_code"] for s in services} == codes and len(codes) >= 30
    for s in services:
        assert list(s) == ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
        assert all(isinstance(s[f], str) and s[f] for f in ("service_code", "service_name", "description",
                                                              "keywords", "group"))
        assert s["metadata"] is True and s["type"] == "realtime"
    noise = [s for s in services if s["service_code"] == "noise"][0]
    assert noise["service_name"] == "噪音扰民" and noise["group"] == "城市管理"
    assert "Noise nuisance" in noise["keywords"] and "7个工作日" in noise["description"]
    en = ts.session().get(ts.url(f"{BASE}/services.json"), headers={"Accept-Language": "en"}, timeout=30).json()
    assert [s for s in en if s["service_code"] == "noise"][0]["service_name"] == "Noise nuisance"
    items = xml_items(get(ts, "services", "xml"), "services", "service")
    assert len(items) == len(services)
    x = [i for i in items if i.find("service_code").text == "noise"][0]
    assert [c.tag for c in x] == list(noise) and x.find("metadata").text == "true"


def test_service_definition(ts):
    r = get(ts, "services/noise")
    assert r.status_code == 200
    d = r.json()
    assert list(d) == ["service_code", "attributes"] and d["service_code"] == "noise"
    attrs = {a["code"]: a for a in d["attributes"]}
    assert [a["code"] for a in d["attributes"]] == ["district", "street", "kind"]
    for a in d["attributes"]:
        assert list(a) == ["variable", "code", "datatype", "required", "datatype_description", "order",
                           "description", "values"]
        assert a["variable"] is True and a["datatype"] == "singlevaluelist" and isinstance(a["order"], int)
        assert all(set(v) == {"key", "name"} for v in a["values"])
    assert attrs["district"]["required"] is True and attrs["street"]["required"] is False
    assert attrs["kind"]["required"] is False
    assert sorted(a["order"] for a in d["attributes"]) == [1, 2, 3]
    assert {"key": HP, "name": "黄浦区"} in attrs["district"]["values"]
    assert {v["key"] for v in attrs["kind"]["values"]} == {"enquiry", "help", "complaint", "report", "suggestion"}
    assert NJDL in {v["key"] for v in attrs["street"]["values"]}
    r = get(ts, "services/noise", "xml")
    doc = ET.fromstring(r.content)
    assert doc.tag == "service_definition" and doc.find("service_code").text == "noise"
    assert [a.tag for a in doc.find("attributes")] == ["attribute"] * 3
    assert doc.find("attributes/attribute/values/value/key") is not None
    assert doc.find("attributes/attribute/required").text == "true"
    # an unknown service: 404 in the requested format
    (e,) = errors(get(ts, "services/no_such"), 404)
    assert e["code"] == 404 and "service_code" in e["description"]
    errors(get(ts, "services/no_such", "xml"), 404, "xml")


def test_unknown_format_extension(ts):
    for path in ("services.yaml", "discovery.html", "services/noise.csv", "requests.txt", "tokens/abc.jsonp"):
        (e,) = errors(ts.session().get(ts.url(f"{BASE}/{path}"), timeout=30), 404)
        assert ".json" in e["description"] and ".xml" in e["description"]


# ---------------------------------------------------------------- filing


def test_post_files_through_the_intake_and_dispatches_at_once(ts, key):
    before = rows(ts)
    sid, f = filed(ts, key)
    assert re.fullmatch(r"12345-\d{8}-\d{6}", sid)
    after = rows(ts)
    assert after[0] == before[0] + 1 and after[2] == before[2] + 1
    row = ts.query("SELECT id, status, body, channel, caller_phone, caller_id, address FROM complaints "
                   "WHERE number = ?", sid)[0]
    cid, status, body, channel, phone, caller, address = row
    assert status == "dispatched" and body == "hp-njdl", "dispatched by the responsibility list at once"
    assert channel == "mobile" and caller is None and address == "南京东路100号"
    assert phone.startswith("s1:") and f["phone"] not in phone, "the phone is sealed at rest"
    assert ts.query("SELECT lat_e6, long_e6 FROM open311_requests WHERE complaint_id = ?", cid) == \
        [(31235000, 121484500)]
    steps = [a for (a,) in ts.query("SELECT action FROM complaint_events WHERE complaint_id = ? ORDER BY seq", cid)]
    assert steps == ["receive", "dispatch"]
    # the answer: service_request_id, service_notice, account_id (no token beside an id)
    r = post(ts, form(key))
    (out,) = r.json()
    assert r.status_code == 201 and list(out) == ["service_request_id", "service_notice", "account_id"]
    assert "token" not in out and out["account_id"] is None
    assert "南京东路街道" in out["service_notice"]
    # and in XML
    sid_xml, _ = filed(ts, key, "xml")
    assert re.fullmatch(r"12345-\d{8}-\d{6}", sid_xml)
    # what the caller's names and email were is not kept anywhere
    dump = repr(ts.query("SELECT * FROM complaints WHERE number = ?", sid)) + \
        repr(ts.query("SELECT * FROM open311_requests WHERE complaint_id = ?", cid))
    assert "zhang@example.com" not in dump and "张" not in dump.replace("张江", "")


def test_description_of_4000_characters_and_no_more(ts, key):
    sid, _ = filed(ts, key, description="噪" * 4000)
    assert len(one(ts, sid)["description"]) == 4000
    before = rows(ts)
    (e,) = errors(post(ts, form(key, description="噪" * 4001)), 400)
    assert e["description"].startswith("description:") and "4000" in e["description"]
    assert rows(ts) == before


def test_the_kind_attribute_and_a_street_in_another_district(ts, key):
    sid, _ = filed(ts, key, **{"attribute[kind]": "suggestion", "attribute[street]": None})
    assert ts.scalar("SELECT kind FROM complaints WHERE number = ?", sid) == "suggestion"
    before = rows(ts)
    errs = errors(post(ts, form(key, **{"attribute[district]": XH})), 400)
    assert any(e["description"].startswith("attribute[street]:") for e in errs), errs
    assert rows(ts) == before


# ---------------------------------------------------------------- reading


def test_a_request_in_both_formats_with_the_specifications_fields(ts, key):
    phone = new_phone()
    sid, f = filed(ts, key, phone=phone, description=f"噪音扰民，请回电 {phone}",
                   media_url="https://img.example.com/a.jpg", address_id="NJDL-100")
    o = one(ts, sid)
    assert list(o) == REQUEST_FIELDS
    assert o["service_request_id"] == sid and o["status"] == "open"
    assert o["service_code"] == "noise" and o["service_name"] == "噪音扰民"
    assert isinstance(o["status_notes"], str) and "待签收" in o["status_notes"]
    assert "南京东路" in o["agency_responsible"]
    for k in ("requested_datetime", "updated_datetime", "expected_datetime"):
        assert W3C.match(o[k]), (k, o[k])
    assert o["requested_datetime"].endswith("+08:00")
    assert isinstance(o["lat"], float) and isinstance(o["long"], float)
    assert o["lat"] == 31.235 and o["long"] == 121.4845
    assert o["address"] == "南京东路100号, 南京东路街道, 黄浦区"
    assert o["address_id"] == "NJDL-100" and o["media_url"] == "https://img.example.com/a.jpg"
    assert o["zipcode"] is None
    # privacy: the phone only masked, never whole; no name, no email, no caller anywhere
    assert phone not in o["description"] and phone[:3] + "****" + phone[-4:] in o["description"]
    text = get(ts, f"requests/{sid}").text
    for secret in (phone, "zhang@example.com", "first_name", "caller"):
        assert secret not in text
    x = one(ts, sid, "xml")
    assert [c.tag for c in x] == REQUEST_FIELDS
    assert x.find("status").text == "open" and x.find("lat").text == "31.235"
    assert x.find("long").text == "121.4845" and x.find("zipcode").text is None
    assert phone not in get(ts, f"requests/{sid}", "xml").text
    # unknown: 404 in the format asked for
    errors(get(ts, "requests/12345-19990101-000001"), 404)
    errors(get(ts, "requests/12345-19990101-000001", "xml"), 404, "xml")


def test_a_portal_request_is_public_without_its_caller(ts):
    phone = new_phone()
    r = ts.as_user("zhangsan").post_json("/api/v1/complaints", {
        "kind": "complaint", "category": "noise", "channel": "web", "district": HP, "street": WT,
        "text": f"楼下酒吧噪音 请联系 {phone}", "phone": phone})
    assert r.status_code == 201, r.text
    c = r.json()
    o = one(ts, c["number"])
    assert o["lat"] is None and o["long"] is None and o["media_url"] is None and o["address_id"] is None
    text = get(ts, f"requests/{c['number']}").text + get(ts, f"requests/{c['number']}", "xml").text
    for secret in (phone, "张三", "13800138000", c["caller_id"] or "-"):
        assert secret not in text
    # a report (举报): its text is not published
    r = ts.as_user("zhangsan").post_json("/api/v1/complaints", {
        "kind": "report", "category": "noise", "channel": "web", "district": HP,
        "text": "我是隔壁502的住户，举报楼上违规经营"})
    assert r.status_code == 201, r.text
    assert one(ts, r.json()["number"])["description"] is None


def test_tokens_give_the_service_request_id(ts):
    r = ts.session().post(ts.url("/api/v1/complaints"), json={
        "kind": "complaint", "category": "noise", "channel": "web", "district": HP, "text": "噪音", "phone": new_phone()},
        timeout=30)
    assert r.status_code == 201, r.text
    token, number = r.json()["id"], r.json()["number"]
    (t,) = get(ts, f"tokens/{token}").json()
    assert t == {"service_request_id": number, "token": token}
    (x,) = xml_items(get(ts, f"tokens/{token}", "xml"), "service_requests", "request")
    assert x.find("service_request_id").text == number and x.find("token").text == token
    errors(get(ts, "tokens/0123456789abcdef"), 404)


def test_status_mapping_through_the_life_cycle(ts, key):
    sid, _ = filed(ts, key)
    cid = ts.scalar("SELECT id FROM complaints WHERE number = ?", sid)
    seen = {}

    def step(who, action, body=None):
        s = ts.as_user(who)
        v = s.get_json(f"/api/v1/complaints/{cid}").json()["version"]
        r = s.post_json(f"/api/v1/complaints/{cid}/actions/{action}", body or {}, headers={"If-Match": str(v)})
        assert r.status_code == 200, r.text
        o = one(ts, sid)
        seen[r.json()["status"]] = (o["status"], o["status_notes"])
        return o

    seen["dispatched"] = (one(ts, sid)["status"], one(ts, sid)["status_notes"])
    step("njdl_handler", "sign")
    step("njdl_handler", "start")
    step("njdl_handler", "reply", {"answer": "已责令停工 Works stopped"})
    o = step("operator", "callback", {"resolved": True, "satisfied": True})
    assert {k: v[0] for k, v in seen.items()} == {"dispatched": "open", "signed": "open", "handling": "open",
                                                   "replied": "open", "closed": "closed"}
    assert len({v[1] for v in seen.values()}) == 5, "each state has notes of its own"
    assert "已解决" in o["status_notes"]
    closed_at = ts.scalar("SELECT closed_at FROM complaints WHERE id = ?", cid)
    shown = datetime.datetime.fromisoformat(o["updated_datetime"]).timestamp()
    assert int(shown) == closed_at // 1000, "a closed request's updated_datetime is when it closed"
    # the status filter follows the same mapping
    closed = {x["service_request_id"] for x in get(ts, "requests", status="closed").json()}
    opened = {x["service_request_id"] for x in get(ts, "requests", status="open").json()}
    assert sid in closed and sid not in opened
    both = {x["service_request_id"] for x in get(ts, "requests", status="open,closed").json()}
    assert both == closed | opened


# ---------------------------------------------------------------- GET requests: filters, window, limit


def test_filters(ts, key):
    a, _ = filed(ts, key)
    b, _ = filed(ts, key, service_code="garbage")
    c, _ = filed(ts, key, service_code="road_damage")
    # service_request_id: a comma list, in the order given, overriding every other argument
    r = get(ts, "requests", service_request_id=f"{b},{a}, {c}", status="nonsense", start_date="yesterday")
    assert [x["service_request_id"] for x in r.json()] == [b, a, c]
    x = xml_items(get(ts, "requests", "xml", service_request_id=f"{a},{b}"), "service_requests", "request")
    assert [i.find("service_request_id").text for i in x] == [a, b]
    # service_code: one or a comma list
    got = get(ts, "requests", service_code="garbage").json()
    assert b in {x["service_request_id"] for x in got} and {x["service_code"] for x in got} == {"garbage"}
    got = get(ts, "requests", service_code="garbage,road_damage").json()
    assert {b, c} <= {x["service_request_id"] for x in got}
    assert {x["service_code"] for x in got} == {"garbage", "road_damage"}
    # newest first
    times = [x["requested_datetime"] for x in get(ts, "requests").json()]
    assert times == sorted(times, reverse=True)
    # start_date and end_date bound requested_datetime, in any zone
    now = datetime.datetime.now(datetime.timezone.utc)
    around = get(ts, "requests", start_date=w3c(now - datetime.timedelta(minutes=10)),
                 end_date=(now + datetime.timedelta(minutes=10)).astimezone(CST).isoformat(timespec="seconds")).json()
    assert {a, b, c} <= {x["service_request_id"] for x in around}
    before = get(ts, "requests", end_date=w3c(now - datetime.timedelta(days=1))).json()
    assert not {a, b, c} & {x["service_request_id"] for x in before}
    # empty arguments are as if not given (the specification's "optional")
    assert len(get(ts, "requests", service_code="", status="").json()) == len(get(ts, "requests").json())


def test_the_default_window_is_90_days(ts, key):
    ts.set_clock(days=-100)
    try:
        old, _ = filed(ts, key)
    finally:
        ts.set_clock(days=0)
    recent, _ = filed(ts, key)
    ids = {x["service_request_id"] for x in get(ts, "requests").json()}
    assert recent in ids and old not in ids, "by default the last 90 days"
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=101)
    ids = {x["service_request_id"] for x in get(ts, "requests", start_date=w3c(start)).json()}
    assert old in ids and recent not in ids, "a start_date alone covers the 90 days from it"
    ids = {x["service_request_id"] for x in get(ts, "requests", service_request_id=old).json()}
    assert ids == {old}, "an id is found whatever its age"
    end = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=95)
    ids = {x["service_request_id"] for x in get(ts, "requests", end_date=w3c(end)).json()}
    assert old in ids and recent not in ids, "an end_date alone covers the 90 days up to it"


def test_at_most_1000_results_newest_first(ts):
    """1,100 requests in the window: the answer holds the newest 1,000."""
    template = ts.query("SELECT kind, category, time_class, channel, district, street, address, text, status "
                        "FROM complaints WHERE status = 'dispatched' ORDER BY created_at LIMIT 1")[0]
    base = int(time.time() * 1000) - 30 * 86400 * 1000
    c = ts.db()
    with c:
        for i in range(1100):
            c.execute("INSERT INTO complaints (id, number, kind, category, time_class, channel, district, street, "
                      "address, text, status, created_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                      (f"bulk{i:06d}", f"12345-19700101-{i:06d}", *template, base + i * 1000))
    c.close()
    got = get(ts, "requests", service_code=template[1]).json()
    assert len(got) == 1000
    times = [x["requested_datetime"] for x in got]
    assert times == sorted(times, reverse=True)
    xml = xml_items(get(ts, "requests", "xml"), "service_requests", "request")
    assert len(xml) == 1000


# ---------------------------------------------------------------- bad input: nothing changes


BAD_DATES = ["2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
             "2026-01-01T24:00:00Z", "2026-01-01 00:00:00Z", "yesterday", "2026-01-01T00:00:00+8:00",
             "1e9", "2026-01-01T00:00:60Z"]


@pytest.mark.parametrize("bad", BAD_DATES)
def test_malformed_dates(ts, bad):
    for arg in ("start_date", "end_date"):
        errs = errors(get(ts, "requests", **{arg: bad}), 400)
        assert any(e["description"].startswith(arg) for e in errs), errs
    errors(get(ts, "requests", "xml", start_date=bad), 400, "xml")


def test_ranges_over_the_limit_and_reversed(ts):
    now = datetime.datetime.now(datetime.timezone.utc)
    (e,) = errors(get(ts, "requests", start_date=w3c(now - datetime.timedelta(days=91)), end_date=w3c(now)), 400)
    assert "90" in e["description"]
    ok = get(ts, "requests", start_date=w3c(now - datetime.timedelta(days=90)), end_date=w3c(now))
    assert ok.status_code == 200, "exactly 90 days is allowed"
    errors(get(ts, "requests", start_date=w3c(now), end_date=w3c(now - datetime.timedelta(hours=1))), 400)
    errors(get(ts, "requests", "xml", start_date=w3c(now - datetime.timedelta(days=200)), end_date=w3c(now)), 400,
           "xml")


def test_bad_query_arguments(ts):
    errors(get(ts, "requests", status="pending"), 400)
    (e,) = errors(get(ts, "requests", service_code="noise,no_such"), 400)
    assert "no_such" in e["description"]
    errors(get(ts, "requests", service_request_id=",".join(["1"] * 1001)), 400)


def test_api_key_missing_wrong_or_revoked(ts):
    issued = issue_key(ts, "to be revoked")
    sid, _ = filed(ts, issued["key"])
    assert ts.scalar("SELECT COUNT(*) FROM open311_keys WHERE key_hash = ?", issued["key"]) == 0, \
        "only a keyed hash of the key is stored"
    r = ts.as_user("admin").delete(ts.url(f"/api/v1/open311/keys/{issued['id']}"), timeout=30)
    assert r.status_code == 204, r.text
    assert ts.as_user("admin").delete(ts.url("/api/v1/open311/keys/nosuchkey"), timeout=30).status_code == 404
    before = rows(ts)
    for fields in (form(None), form(issued["key"]), form("o311_" + "0" * 64), form(issued["key"][:-1])):
        (e,) = errors(post(ts, fields), 403)
        assert e["code"] == 403 and "api_key" in e["description"]
    (e,) = errors(post(ts, form(issued["key"]), "xml"), 403, "xml")
    assert e["code"] == 403
    twice = list(form(issued["key"]).items()) + [("api_key", issued["key"])]
    errors(post(ts, twice), 403)
    assert rows(ts) == before
    assert one(ts, sid)["service_request_id"] == sid, "requests filed before the revocation stay"


def test_service_code_missing_or_unknown(ts, key):
    before = rows(ts)
    (e,) = errors(post(ts, form(key, service_code="no_such")), 404)
    assert "service_code" in e["description"]
    errors(post(ts, form(key, service_code="no_such"), "xml"), 404, "xml")
    (e,) = errors(post(ts, form(key, service_code=None)), 400)
    assert e["description"].startswith("service_code")
    assert rows(ts) == before


@pytest.mark.parametrize("over,field", [
    ({"attribute[district]": None}, "attribute[district]"),                 # a required attribute missing
    ({"attribute[district]": "110101"}, "attribute[district]"),             # a district outside the region
    ({"attribute[street]": "310104003"}, "attribute[street]"),              # a street of another district
    ({"attribute[kind]": "praise"}, "attribute[kind]"),
    ({"attribute[colour]": "red"}, "attribute[colour]"),                    # no such attribute
    ({"lat": "91", "long": "121.5"}, "lat"),
    ({"lat": "31.2", "long": "181"}, "long"),
    ({"lat": "abc"}, "lat"),
    ({"lat": "31.2e0"}, "lat"),
    ({"lat": "31.2", "long": None}, "long"),                               # lat without long
    ({"lat": None, "long": None, "address_string": None}, "location"),     # no location at all
    ({"description": None}, "description"),
    ({"description": "   "}, "description"),
    ({"phone": None}, "phone"),
    ({"phone": "12"}, "phone"),
    ({"media_url": "javascript:alert(1)"}, "media_url"),
    ({"address_string": "地" * 201}, "address_string"),
])
def test_bad_fields_are_refused_and_nothing_changes(ts, key, over, field):
    before = rows(ts)
    errs = errors(post(ts, form(key, **over)), 400)
    assert any(e["description"].startswith(field + ":") for e in errs), errs
    assert all(e["code"] == 400 for e in errs)
    assert rows(ts) == before


def test_malformed_bodies(ts, key):
    before = rows(ts)
    good = "&".join(f"{k}={v}" for k, v in form(key).items() if k != "description")
    bodies = [
        good + "&description=%E5%99%AA%FF",          # not UTF-8
        good + "&description=a%00b",                 # a NUL
        good + "&description=%E5%9",                 # a broken escape
        good + "&attribute[district]]=x",            # a malformed key
        good + "&description=" + "x" * 70000,        # too large
        "&".join([good] + [f"f{i}=1" for i in range(70)]),   # too many fields
    ]
    for body in bodies:
        r = post(ts, None, body=body.encode())
        assert r.status_code in (400, 413), r.text
        errors(r, r.status_code)
    errors(post(ts, None, body=b'{"service_code": "noise"}', content_type="application/json"), 400)
    twice = list(form(key).items()) + [("description", "again")]
    (e,) = errors(post(ts, twice), 400)
    assert e["description"].startswith("description:")
    assert rows(ts) == before


def test_form_decoding_on_the_wire(ts, key):
    """'+' is a space, escapes are bytes of UTF-8, keys may be escaped too."""
    body = "&".join([f"api_key={key}", "service_code=noise", "lat=31.2", "long=121.4", f"phone={new_phone()}",
                     "attribute%5Bdistrict%5D=310101", "description=%E5%A4%9C%E9%97%B4+noise+%26+more"])
    r = post(ts, None, body=body.encode())
    assert r.status_code == 201, r.text
    assert one(ts, r.json()[0]["service_request_id"])["description"] == "夜间 noise & more"


def test_keys_are_the_administrators(ts):
    sessions = {who: ts.as_user(who) for who in ("zhangsan", "operator", "secadmin", "admin")}
    before = rows(ts)
    for who in ("zhangsan", "operator", "secadmin"):
        assert sessions[who].post_json("/api/v1/open311/keys", {"name": "x"}).status_code == 403
    assert sessions["admin"].post_json("/api/v1/open311/keys", {"name": ""}).status_code == 422
    assert rows(ts) == before
    k = issue_key(ts, "市民通")
    assert k["key"].startswith("o311_") and len(k["key"]) == 69 and k["name"] == "市民通"
    assert ts.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'open311.key.issue' AND entity_id = ?",
                     k["id"]) == 1
