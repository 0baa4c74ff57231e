"""Headers and HTTP conformance (issue 14, the rest of items 7 and 10):

* every answer carries `Referrer-Policy: no-referrer` (API, page, error);
* the session cookie is Secure when `--public-url` is https, or when a trusted
  proxy says the client came over TLS (`X-Forwarded-Proto: https`), and not
  otherwise; a --public-url that is not an absolute http(s) URL stops the start;
* /metrics is not public: only the operator's token is served, sessions are
  401, and without a configured token the route is 404;
* a 304 carries no Content-Length (RFC 9110 §15.4.5) and no body;
* a 413 and a 405 count in /metrics under their route and the request's method;
* every problem type of the registry has its page at /problems/<slug>, in
  Chinese and English, and the `type` of a real problem answer resolves to it.
"""
import http.client
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from conftest import BIN, METRICS_TOKEN, PASSWORD, problem

REPO = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")


def registry():
    """{slug: status} of src/api/problem.c, read from the source (not from the server)."""
    text = (REPO / "src" / "api" / "problem.c").read_text()
    rows = re.findall(r'\[E_\w+\]\s*=\s*\{\s*E_\w+,\s*"([a-z-]+)",\s*(\d+)', text)
    assert len(rows) >= 25, rows
    return {slug: int(status) for slug, status in rows}


def counter(text, method, route, status):
    m = re.search(r'onestop_http_requests_total\{method="%s",route="%s",status="%d"\} (\d+)'
                  % (re.escape(method), re.escape(route), status), text)
    return int(m.group(1)) if m else 0


def set_cookie(server, headers=None, **kw):
    r = requests.post(server.url("/api/v1/session"), json={"username": "zhangsan", "password": PASSWORD},
                      headers=headers or {}, timeout=30, **kw)
    assert r.status_code == 201, r.text
    return r.headers["Set-Cookie"]


def secure(cookie):
    return any(a.strip().lower() == "secure" for a in cookie.split(";"))

# ---------------------------------------------------------------- Referrer-Policy


def test_referrer_policy_on_every_kind_of_answer(server):
    answers = {
        "api": server.get("/api/v1/regions"),
        "page": server.get("/"),
        "asset": server.get("/assets/shared/icon.svg"),
        "error": server.get("/no-such-page"),
        "refused": server.get("/api/v1/me"),
        "problem page": server.get("/problems/not-found"),
    }
    for kind, r in answers.items():
        assert r.headers.get("Referrer-Policy") == "no-referrer", (kind, r.status_code, dict(r.headers))

# ---------------------------------------------------------------- Secure cookie


def test_cookie_is_not_secure_on_plain_http_without_a_public_url(server):
    assert not secure(set_cookie(server))
    # an X-Forwarded-Proto from a peer that is not a trusted proxy counts for nothing
    assert not secure(set_cookie(server, {"X-Forwarded-Proto": "https"}))


def test_cookie_is_secure_when_the_public_url_is_https(make_server):
    s = make_server("--public-url", "https://zwfw.example.gov.cn")
    cookie = set_cookie(s)
    assert secure(cookie) and "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie
    # logging out clears the cookie with the same flags
    token = requests.post(s.url("/api/v1/session"), json={"username": "zhangsan", "password": PASSWORD},
                          timeout=30).json()["token"]
    r = requests.delete(s.url("/api/v1/session"), headers={"Authorization": "Bearer " + token}, timeout=30)
    assert r.status_code == 204 and secure(r.headers["Set-Cookie"]), r.headers


def test_cookie_is_secure_behind_a_trusted_tls_proxy_and_metrics_404_without_a_token(make_server):
    s = make_server("--trusted-proxy", "127.0.0.1", "--public-url", "http://127.0.0.1:8080/",
                    env={"ONESTOP_METRICS_TOKEN": ""})
    assert secure(set_cookie(s, {"X-Forwarded-Proto": "https"}))
    assert not secure(set_cookie(s, {"X-Forwarded-Proto": "http"}))
    assert not secure(set_cookie(s))
    # no token configured: /metrics does not exist on this port, token or not
    problem(s.get("/metrics"), 404, "no-route")
    problem(s.get("/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN}), 404, "no-route")


@pytest.mark.parametrize("url", ["ftp://zwfw.example.gov.cn", "zwfw.example.gov.cn", "https://",
                                 "https://zwfw.example.gov.cn?x=1", "https://bad host/", "/relative",
                                 "https://user@zwfw.example.gov.cn", "https://zwfw.example.gov.cn:99999x"])
def test_a_bad_public_url_is_refused_at_start(url):
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run([str(BIN), "serve", "--listen", "127.0.0.1:1", "--db", f"sqlite:{d}/x.db",
                            "--public-url", url], capture_output=True, text=True, timeout=30, cwd=d)
        assert p.returncode == 2, (p.returncode, p.stderr)
        assert "--public-url" in p.stderr and "http(s)" in p.stderr, p.stderr
        assert not Path(d, "x.db").exists(), "refused before the database is touched"
        p = subprocess.run([str(BIN), "serve", "--listen", "127.0.0.1:1", "--db", f"sqlite:{d}/x.db"],
                           capture_output=True, text=True, timeout=30, cwd=d,
                           env={"ONESTOP_PUBLIC_URL": url, "PATH": "/usr/bin:/bin"})
        assert p.returncode == 2 and "--public-url" in p.stderr, (url, p.stderr)

# ---------------------------------------------------------------- /metrics


def test_metrics_wants_the_operators_token(server):
    p = problem(server.get("/metrics"), 401, "unauthorized")
    assert "onestop_http" not in str(p)
    r = server.get("/metrics")
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    problem(server.get("/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN[:-1] + "x"}), 401)
    problem(server.get("/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN + "x"}), 401)
    problem(server.get("/metrics", headers={"Authorization": "Basic " + METRICS_TOKEN}), 401)
    # a session, even the administrator's, is not the operator's token
    problem(server.as_user("admin").get_json("/metrics"), 401)
    r = server.get("/metrics", headers={"Authorization": "Bearer " + METRICS_TOKEN})
    assert r.status_code == 200 and "# TYPE onestop_http_requests_total counter" in r.text


def test_a_short_metrics_token_is_refused_at_start():
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run([str(BIN), "serve", "--listen", "127.0.0.1:1", "--db", f"sqlite:{d}/x.db",
                            "--metrics-token", "short"], capture_output=True, text=True, timeout=30, cwd=d)
        assert p.returncode == 2 and "--metrics-token" in p.stderr, p.stderr

# ---------------------------------------------------------------- 304


def raw_get(server, path, headers):
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        c.request("GET", path, headers=headers)
        r = c.getresponse()
        return r.status, r.getheaders(), r.read()
    finally:
        c.close()


def test_304_has_no_content_length(server):
    path = "/api/v1/matters/XK00103000"
    status, headers, body = raw_get(server, path, {})
    assert status == 200 and body
    etag = dict((k.lower(), v) for k, v in headers)["etag"]
    status, headers, body = raw_get(server, path, {"If-None-Match": etag})
    names = [k.lower() for k, _ in headers]
    assert status == 304, status
    assert "content-length" not in names, headers
    assert "transfer-encoding" not in names, headers
    assert body == b""
    # the headers a 200 would have that matter to a cache
    h = dict((k.lower(), v) for k, v in headers)
    assert h["etag"] == etag and "cache-control" in h and h["referrer-policy"] == "no-referrer"

# ---------------------------------------------------------------- 413 and 405 in metrics


def test_413_and_405_count_under_their_route_and_method(server):
    before = server.metrics()
    r = server.post("/api/v1/accounts", {"filler": "x" * (1024 * 1024 + 100)})
    problem(r, 413, "body-too-large")
    r = requests.patch(server.url("/api/v1/me"), json={}, timeout=30)
    problem(r, 405, "method-not-allowed")
    r = requests.put(server.url("/api/v1/regions"), json={"filler": "y" * (1024 * 1024 + 100)}, timeout=30)
    assert r.status_code == 413
    after = server.metrics()
    for method, route, status in (("POST", "/api/v1/accounts", 413), ("PATCH", "/api/v1/me", 405),
                                  ("PUT", "/api/v1/regions", 413)):
        assert counter(after, method, route, status) == counter(before, method, route, status) + 1, \
            (method, route, status)
    # nothing of these went to "unmatched"
    for status in (405, 413):
        assert counter(after, "", "unmatched", status) == counter(before, "", "unmatched", status)

# ---------------------------------------------------------------- /problems/<slug>


def test_every_problem_type_has_a_page_in_zh_and_en(server):
    for slug, status in registry().items():
        r = server.get(f"/problems/{slug}")
        if status < 400:        # "ok" is no problem: it has no page
            problem(r, 404, "not-found")
            continue
        assert r.status_code == 200, (slug, r.status_code, r.text[:300])
        assert r.headers["Content-Type"] == "text/html; charset=utf-8"
        html = r.text
        assert f"HTTP {status}" in html and slug in html, slug
        zh = re.search(r"<h2>含义与处理</h2>\s*<p>(.*?)</p>", html, re.S)
        en = re.search(r'<h2 lang="en">What it means and what to do</h2>\s*<p lang="en">(.*?)</p>', html, re.S)
        assert zh and len(CJK.findall(zh.group(1))) >= 8, (slug, html)
        assert en and re.search(r"[A-Za-z]{3,}( [A-Za-z]+){4,}", en.group(1)), (slug, html)
        assert not CJK.search(en.group(1)), slug
        title = re.search(r"<h1>(.*?)</h1>", html).group(1)
        assert CJK.search(title) and re.search(r'<span lang="en">[A-Za-z]', title), (slug, title)


def test_unknown_problem_type_is_404(server):
    problem(server.get("/problems/no-such-problem"), 404, "not-found")
    problem(server.get("/problems/ok"), 404, "not-found")


def test_the_type_of_a_real_problem_resolves_to_its_page(server):
    for r in (server.get("/api/v1/no-such-route"), server.post("/api/v1/accounts", {}),
              server.get("/api/v1/me"), requests.patch(server.url("/api/v1/me"), timeout=30)):
        p = r.json()
        page = requests.get(urljoin(r.url, p["type"]), timeout=30)
        assert page.status_code == 200, (p["type"], page.status_code)
        assert page.headers["Content-Type"].startswith("text/html")
        assert f"<code>{p['code']}</code>" in page.text and f"HTTP {p['status']}" in page.text
