"""The HTTP layer: problem+json for every error, 404/405 from the route table,
request limits enforced before parsing (body, headers, JSON depth and size,
content type, UTF-8), languages, request ids, health and metrics, and
personal data kept out of the log."""
import json
import re
import socket

import pytest
import requests

from conftest import METRICS_TOKEN, enterprise_body, invalid, new_id_number, person_body, problem

JSON = {"Content-Type": "application/json"}


def raw_post(server, path, data, headers=JSON, **kw):
    return requests.post(server.url(path), data=data, headers=headers, timeout=30, **kw)


def test_unknown_route_is_404_problem(server):
    r = server.get("/api/v1/no/such/thing")
    p = problem(r, 404, "no-route")
    assert p["title"] == "没有这个地址" and p["errors"] == [] and p["instance"] == "/api/v1/no/such/thing"
    problem(server.post("/api/v1/accountsx", {}), 404, "no-route")
    problem(server.get("/api/v1/calendar/310000/2026/extra"), 404, "no-route")


@pytest.mark.parametrize("method,path,allow", [
    ("PATCH", "/api/v1/session", {"GET", "HEAD", "POST", "DELETE"}),
    ("PUT", "/api/v1/session", {"GET", "HEAD", "POST", "DELETE"}),
    ("GET", "/api/v1/accounts", {"POST"}),
    ("DELETE", "/api/v1/me", {"GET", "HEAD"}),                    # a GET route answers HEAD too
    ("POST", "/api/v1/calendar/310000/2026", {"GET", "HEAD", "PUT"}),
])
def test_wrong_method_is_405_with_allow(server, method, path, allow):
    r = requests.request(method, server.url(path), timeout=30)
    problem(r, 405, "method-not-allowed")
    assert {m.strip() for m in r.headers["Allow"].split(",")} == allow


def test_401_names_the_scheme_to_use(server):
    for r in (server.get("/api/v1/me"),
              requests.get(server.url("/api/v1/me"), headers={"Authorization": "Bearer " + "0" * 64}, timeout=30)):
        problem(r, 401)
        assert r.headers["WWW-Authenticate"] == 'Bearer realm="onestop"'
    assert "WWW-Authenticate" not in server.get("/api/v1/regions").headers


def test_an_unknown_case_action_is_404_whatever_the_if_match(server):
    import casekit
    owner = server.as_user("xiaochi")
    case = casekit.file_case(server, owner)
    for headers in ({}, {"If-Match": "soon"}, {"If-Match": '"1"'}, {"If-Match": '"999"'}):
        r = owner.post(owner.url(f"/api/v1/cases/{case['id']}/actions/fly"), json={}, headers=headers, timeout=30)
        problem(r, 404, "not-found")


def test_head_is_answered_like_get(server):
    r = requests.head(server.url("/healthz"), timeout=30)
    assert r.status_code == 200 and r.headers["X-Request-Id"]


@pytest.mark.parametrize("data,code,what", [
    (b'{"username": "a",', "malformed-json", "truncated"),
    (b"{'username': 'a'}", "malformed-json", "single quotes"),
    (b'{"kind": "person"} trailing', "malformed-json", "trailing garbage"),
    (b'{"a": 1, "a": 2}', "malformed-json", "duplicate member"),
    (b'{"name": "\xff\xfe\xfd"}', "malformed-json", "invalid UTF-8"),
    (b'{"name": "\xc0\xaf"}', "malformed-json", "overlong UTF-8"),
    (b'{"name": "\xed\xa0\x80"}', "malformed-json", "UTF-8 surrogate"),
    (b'{"a":' * 17 + b"1" + b"}" * 17, "json-too-deep", "17 levels"),
    (b"[" * 1000 + b"]" * 1000, "json-too-deep", "1000 levels"),
    (b"[" + b",".join([b"0"] * 10001) + b"]", "json-too-many-fields", "10001 elements"),
    (b"{" + b",".join(b'"k%d":0' % i for i in range(10001)) + b"}", "json-too-many-fields", "10001 members"),
])
def test_bad_json_bodies_are_400(server, data, code, what):
    before = server.counts()
    p = problem(raw_post(server, "/api/v1/accounts", data), 400, code)
    assert p["errors"] == []
    assert server.counts() == before


def test_limits_count_what_they_say(server):
    # 16 levels and 10000 elements are allowed (the body then fails validation, 422, not 400)
    problem(raw_post(server, "/api/v1/accounts", b"[" * 16 + b"]" * 16), 422, "validation")
    problem(raw_post(server, "/api/v1/accounts", b"[" + b",".join([b"0"] * 10000) + b"]"), 422, "validation")
    # brackets, colons and commas inside strings are text, not structure
    body = person_body(name="{[" * 40 + ",:" * 10)
    r = server.post("/api/v1/accounts", body)
    assert r.status_code == 201, r.text
    assert r.json()["name"] == body["name"]


def test_body_over_1_mib_is_413(server):
    before = server.counts()
    big = b'{"name": "' + b"a" * (1024 * 1024) + b'"}'
    p = problem(raw_post(server, "/api/v1/accounts", big), 413, "body-too-large")
    assert "1048576" in p["detail"]
    # a body without Content-Length (chunked) is counted as it arrives
    def chunks():
        for _ in range(17):
            yield b"a" * 65536
    problem(raw_post(server, "/api/v1/accounts", chunks()), 413, "body-too-large")
    assert server.counts() == before
    # exactly the limit is read (and then judged as JSON)
    exact = b'{"x":"' + b"a" * (1024 * 1024 - 8) + b'"}'
    assert len(exact) == 1024 * 1024
    problem(raw_post(server, "/api/v1/accounts", exact), 422, "validation")


def test_small_max_body_server(make_server):
    srv = make_server("--max-body", "2048", "--max-json-depth", "4", "--max-json-fields", "12",
                      env={"ONESTOP_MAX_HEADER": "2048"})
    before = srv.counts()
    p = problem(raw_post(srv, "/api/v1/accounts", json.dumps(person_body(name="王" * 2, phone="1" * 2500)).encode()),
                413, "body-too-large")
    assert "2048" in p["detail"]
    problem(raw_post(srv, "/api/v1/accounts", b'{"a":{"b":{"c":{"d":{}}}}}'), 400, "json-too-deep")
    problem(raw_post(srv, "/api/v1/accounts", b"[" + b",".join([b"1"] * 13) + b"]"), 400, "json-too-many-fields")
    problem(srv.get("/healthz", headers={"X-Filler": "x" * 2100}), 431, "headers-too-large")
    assert srv.counts() == before
    # a normal registration still fits every limit
    r = srv.post("/api/v1/accounts", person_body())
    assert r.status_code == 201, r.text


def test_oversized_headers_are_431(server):
    before = server.counts()
    p = problem(server.get("/api/v1/regions", headers={"X-Filler": "x" * 17000}), 431, "headers-too-large")
    assert p["title"] == "请求头过大"
    problem(server.post("/api/v1/accounts", person_body(), headers={"X-Filler": "x" * 17000}), 431, "headers-too-large")
    problem(server.get("/healthz", headers={f"X-F{i}": "x" * 110 for i in range(150)}), 431, "headers-too-large")
    assert server.counts() == before
    assert server.get("/api/v1/regions", headers={"X-Filler": "x" * 8000}).status_code == 200


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                                   None, "application/jsonp"])
def test_non_json_content_type_is_415(server, ctype):
    before = server.counts()
    headers = {"Content-Type": ctype} if ctype else {}
    data = json.dumps(person_body()).encode()
    r = requests.post(server.url("/api/v1/accounts"), data=data, headers=headers, timeout=30)
    if ctype is None:
        assert "Content-Type" not in r.request.headers
    problem(r, 415, "unsupported-media-type")
    assert server.counts() == before


@pytest.mark.parametrize("ctype", ["application/json; charset=utf-8", "Application/JSON"])
def test_json_content_type_with_parameters_or_case_is_fine(server, ctype):
    r = raw_post(server, "/api/v1/accounts", json.dumps(person_body()).encode(), headers={"Content-Type": ctype})
    assert r.status_code == 201, r.text


def test_missing_body_is_400(server):
    p = problem(requests.post(server.url("/api/v1/accounts"), timeout=30), 400, "bad-request")
    assert p["errors"][0]["code"] == "required"


def test_body_must_be_an_object(server):
    invalid(raw_post(server, "/api/v1/accounts", b"[]"), ("", "type"))
    # a bare scalar is not even accepted by the parser
    problem(raw_post(server, "/api/v1/accounts", b'"text"'), 400, "malformed-json")


def test_languages(server):
    body = {"kind": "person"}
    zh = problem(server.post("/api/v1/accounts", body), 422, "validation")
    assert zh["title"] == "提交的内容有误" and zh["errors"][0]["message"] == "必填"
    en = problem(server.post("/api/v1/accounts", body, headers={"Accept-Language": "en-US,en;q=0.9"}), 422)
    assert en["title"] == "The request has invalid fields" and en["errors"][0]["message"] == "is required"
    assert en["detail"] == f"{len(en['errors'])} problems; see errors"
    explicit_zh = problem(server.post("/api/v1/accounts", body, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}), 422)
    assert explicit_zh["title"] == "提交的内容有误"
    assert problem(server.get("/nope", headers={"Accept-Language": "EN"}), 404)["title"] == "No such resource"


def test_every_response_has_a_request_id(server):
    responses = [
        server.get("/healthz"), server.get("/readyz"), server.get("/metrics"), server.get("/nope"),
        requests.patch(server.url("/api/v1/me"), timeout=30), server.get("/api/v1/me"),
        server.post("/api/v1/accounts", {}), raw_post(server, "/api/v1/accounts", b"{"),
        server.get("/api/v1/regions"), server.get("/api/v1/calendar/310000/2026"),
        server.get("/api/v1/regions", headers={"X-Filler": "x" * 17000}),
    ]
    ids = [r.headers.get("X-Request-Id") for r in responses]
    assert all(i and re.fullmatch(r"[0-9a-f]{24}", i) for i in ids), ids
    assert len(set(ids)) == len(ids)


def test_client_request_id_is_echoed_only_when_well_formed(server):
    assert server.get("/healthz", headers={"X-Request-Id": "abc-DEF-12345"}).headers["X-Request-Id"] == "abc-DEF-12345"
    for bad in ("short", "has space in it", "x" * 60, "semi;colon;here", "a\u00e9bcdefgh"):
        try:
            got = server.get("/healthz", headers={"X-Request-Id": bad}).headers["X-Request-Id"]
        except (ValueError, UnicodeEncodeError):
            continue
        assert got != bad and re.fullmatch(r"[0-9a-f]{24}", got)


def test_health_and_readiness(server):
    r = server.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}
    r = server.get("/readyz")
    body = r.json()
    assert r.status_code == 200 and body == {"status": "ready", "database": "ok", "job_rounds": body["job_rounds"]}
    assert isinstance(body["job_rounds"], int) and body["job_rounds"] >= 1   # the fixture waits for the first
    assert r.headers["Cache-Control"] == "no-store"


def test_metrics(server):
    server.get("/api/v1/calendar/310000/2026")
    server.get("/api/v1/no-such-route")
    server.post("/api/v1/accounts", {})
    r = server.get("/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN})
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    t = r.text
    assert "# TYPE onestop_http_requests_total counter" in t
    assert re.search(r'onestop_http_requests_total\{method="GET",route="/api/v1/calendar/\{region\}/\{year\}",'
                     r'status="200"\} [1-9]\d*', t)
    assert re.search(r'onestop_http_requests_total\{method="POST",route="/api/v1/accounts",status="422"\} [1-9]', t)
    assert re.search(r'onestop_http_requests_total\{method="",route="unmatched",status="404"\} [1-9]', t)
    assert "# TYPE onestop_http_request_duration_seconds histogram" in t
    assert re.search(r'onestop_http_request_duration_seconds_bucket\{method="GET",route="/readyz",le="\+Inf"\} \d+', t)
    assert re.search(r'onestop_http_request_duration_seconds_count\{method="GET",route="/readyz"\} \d+', t)
    assert re.search(r"^onestop_db_seconds_total \d+\.\d+$", t, re.M)
    assert re.search(r"^onestop_db_commits_total \d+$", t, re.M)
    # buckets are cumulative
    b = [int(v) for v in re.findall(r'duration_seconds_bucket\{method="GET",route="/readyz",le="[^"]+"\} (\d+)', t)]
    assert b == sorted(b)


def test_counters_move(server):
    def count(t):
        m = re.search(r'onestop_http_requests_total\{method="GET",route="/healthz",status="200"\} (\d+)', t)
        return int(m.group(1)) if m else 0
    n0 = count(server.metrics())
    for _ in range(3):
        server.get("/healthz")
    assert count(server.metrics()) == n0 + 3


def test_personal_data_is_masked_in_the_log(server):
    body = person_body()
    idn, phone = body["id_number"], body["phone"]
    server.register(body)
    # paths carrying an ID number and a phone number are logged too (404 here)
    server.get(f"/api/v1/accounts/{idn}/{phone}")
    legacy = idn[:6] + idn[8:17]                                # the 15-digit form
    server.get(f"/api/v1/lookup/{legacy}")
    bad = person_body(id_number=idn[:17] + ("0" if idn[17] != "0" else "1"))
    server.post("/api/v1/accounts", bad)                        # refused: the number is in the request
    log = server.log_text()
    assert f"/api/v1/accounts/{idn[:4]}{'*' * 10}{idn[-4:]}/{phone[:3]}****{phone[-4:]}" in log
    for secret in (idn, phone, legacy, bad["id_number"], body["password"]):
        assert secret not in log
    # every line is one JSON object
    for line in log.splitlines():
        if line.startswith("{"):
            json.loads(line)


def test_request_line_is_logged_with_route_status_and_actor(server):
    s = server.as_user("supervisor")
    r = s.get_json("/api/v1/audit", params={"entity": "region"})
    rid = r.headers["X-Request-Id"]
    lines = [json.loads(l) for l in server.log_text().splitlines() if rid in l]
    assert len(lines) == 1
    line = lines[0]
    assert line["status"] == 200 and line["route"] == "/api/v1/audit" and line["actor"] == s.account["id"]
    assert line["method"] == "GET" and line["level"] == "info" and line["client"] == "127.0.0.1"


def test_raw_http_garbage_does_not_hurt(server):
    # a request line the server cannot parse (libmicrohttpd may just hold the
    # connection until its timeout), then an ordinary request still works
    with socket.create_connection(("127.0.0.1", server.port), timeout=0.3) as s:
        s.sendall(b"\x00\x01GARBAGE / HTTP/9.9\r\n\r\n")
        try:
            s.recv(4096)
        except OSError:
            pass
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n")
        assert s.recv(4096).startswith(b"HTTP/1.1 505")
    assert server.get("/healthz").status_code == 200


def test_keep_alive_is_kept(server):
    with requests.Session() as s:
        r1 = s.get(server.url("/healthz"))
        r2 = s.get(server.url("/api/v1/calendar/310000/2026"))
        assert r1.status_code == r2.status_code == 200
        assert r1.headers.get("Connection", "").lower() != "close"
