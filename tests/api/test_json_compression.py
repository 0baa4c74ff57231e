"""Large JSON answers gzip-coded when the client asks (issue 15, item 5).

The rule, read from the wire with a client that never decodes (http.client):
a 200 JSON answer to GET (or HEAD) larger than 1 KiB goes with
`Content-Encoding: gzip` when Accept-Encoding gives gzip (or `*`) a q-value
above 0 (RFC 9110 12.5.3: q=0 refuses, a coding's own entry beats `*`), and
its bytes inflate to exactly the answer sent without a coding. Without
Accept-Encoding, with gzip refused, for a small answer (/healthz) and for
errors the bytes go as they are. Every such answer says Vary:
Accept-Encoding, coded or not. The gzip representation has an entity tag of
its own, and If-None-Match gives 304 only for the representation the client
would get; a version tag of a coded answer still serves as If-Match.
"""
import gzip
import http.client
import json

import pytest

import casekit

# public reads: two from the read cache (a list and a matter), one list built per request
PUBLIC = ["/api/v1/departments", "/api/v1/matters/QT00101000", "/api/v1/matters"]


def raw(server, path, accept=None, method="GET", **headers):
    """(status, headers with lower-case names, body as sent). accept=None sends no Accept-Encoding."""
    c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        c.putrequest(method, path, skip_accept_encoding=True)
        if accept is not None:
            c.putheader("Accept-Encoding", accept)
        for k, v in headers.items():
            c.putheader(k.replace("_", "-"), v)
        c.endheaders()
        r = c.getresponse()
        body = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body
    finally:
        c.close()


def varies(h):
    return "accept-encoding" in [v.strip().lower() for v in h.get("vary", "").split(",")]


@pytest.mark.parametrize("path", PUBLIC)
def test_large_answer_is_gzip_of_the_identity_bytes(server, path):
    st, plain_h, plain = raw(server, path)
    assert st == 200 and "content-encoding" not in plain_h and varies(plain_h)
    assert len(plain) > 1024, f"{path} is too small to show the rule ({len(plain)} bytes)"
    json.loads(plain)
    st, h, wire = raw(server, path, "gzip")
    assert st == 200 and h["content-encoding"] == "gzip" and varies(h)
    assert int(h["content-length"]) == len(wire) < len(plain)
    assert gzip.decompress(wire) == plain
    assert h["content-type"] == plain_h["content-type"]
    # a second time (a read-cache hit for the cached ones): the same representation, byte for byte
    # (one entity tag, one set of bytes)
    st, again_h, again = raw(server, path, "gzip")
    assert again == wire and again_h["etag"] == h["etag"]


@pytest.mark.parametrize("accept,coded", [
    (None, False),
    ("identity", False),
    ("gzip;q=0", False),
    ("gzip;q=0, *", False),         # its own entry wins over "*"
    ("br;q=1, *;q=0", False),
    ("*;q=0", False),
    ("deflate", False),
    ("gzip", True),
    ("GZIP;q=0.3, deflate", True),
    ("*", True),
    ("*;q=0.5, br", True),
    ("gzip; q=1.0, identity;q=0.5", True),
    ("gzip, deflate, br", True),
])
def test_accept_encoding_decides(server, accept, coded):
    st, plain_h, plain = raw(server, "/api/v1/departments")
    st, h, wire = raw(server, "/api/v1/departments", accept)
    assert st == 200 and varies(h)
    if coded:
        assert h.get("content-encoding") == "gzip" and gzip.decompress(wire) == plain
    else:
        assert "content-encoding" not in h and wire == plain
        assert h["etag"] == plain_h["etag"]


def test_small_answers_and_errors_go_as_they_are(server):
    st, h, body = raw(server, "/healthz", "gzip")
    assert st == 200 and "content-encoding" not in h and json.loads(body)
    # a problem long enough to be over the threshold is still sent uncoded
    query = "&".join(f"unknown_parameter_{i}=x" for i in range(30))
    st, h, body = raw(server, "/api/v1/matters?" + query, "gzip")
    assert st == 422 and len(body) > 1024 and "content-encoding" not in h
    assert h["content-type"].startswith("application/problem+json") and json.loads(body)["errors"]


@pytest.mark.parametrize("path", PUBLIC)
def test_each_representation_has_its_tag_and_its_304(server, path):
    _, plain_h, plain = raw(server, path, "identity")
    _, gz_h, wire = raw(server, path, "gzip")
    tag, gz_tag = plain_h["etag"], gz_h["etag"]
    assert tag and gz_tag and tag != gz_tag
    # the client holds the representation it would get: 304, with that tag and Vary
    st, h, body = raw(server, path, "gzip", If_None_Match=gz_tag)
    assert (st, body, h["etag"]) == (304, b"", gz_tag) and varies(h)
    st, h, body = raw(server, path, "identity", If_None_Match=tag)
    assert (st, body, h["etag"]) == (304, b"", tag) and varies(h)
    st, h, body = raw(server, path, None, If_None_Match=tag)
    assert st == 304
    # it holds the other one: the whole answer, in the coding it asked for
    st, h, body = raw(server, path, "gzip", If_None_Match=tag)
    assert st == 200 and h["etag"] == gz_tag and gzip.decompress(body) == plain
    st, h, body = raw(server, path, "identity", If_None_Match=gz_tag)
    assert st == 200 and h["etag"] == tag and body == plain
    # either one in a list of tags
    st, _, _ = raw(server, path, "gzip", If_None_Match=f'"other", {gz_tag}')
    assert st == 304


def test_head_says_what_get_would_send(server):
    _, get_h, wire = raw(server, "/api/v1/departments", "gzip")
    st, h, body = raw(server, "/api/v1/departments", "gzip", method="HEAD")
    assert st == 200 and body == b""
    assert h["content-encoding"] == "gzip" and h["etag"] == get_h["etag"] and varies(h)
    assert int(h["content-length"]) == len(wire)


def test_a_private_list_is_coded_per_answer(server):
    clerk = server.as_user("amr_clerk")
    auth = {"Authorization": "Bearer " + clerk.token}
    path = "/api/v1/tasks?limit=100"
    st, plain_h, plain = raw(server, path, **auth)
    while st == 200 and len(plain) <= 1024:  # enough of the department's tasks to be over the threshold
        casekit.file_case(server)
        st, plain_h, plain = raw(server, path, **auth)
    assert st == 200 and "content-encoding" not in plain_h and varies(plain_h)
    st, h, wire = raw(server, path, "gzip", **auth)
    assert st == 200 and h["content-encoding"] == "gzip" and varies(h)
    assert h["cache-control"] == plain_h["cache-control"] == "no-store"
    assert json.loads(gzip.decompress(wire)) == json.loads(plain)


def test_a_coded_answers_version_tag_serves_as_if_match(server):
    owner = server.as_user("xiaochi")
    case = casekit.file_case(server, owner)
    auth = {"Authorization": "Bearer " + owner.token}
    st, plain_h, plain = raw(server, f"/api/v1/cases/{case['id']}", **auth)
    assert st == 200 and len(plain) > 1024 and plain_h["etag"] == f'"{case["version"]}"'
    st, h, wire = raw(server, f"/api/v1/cases/{case['id']}", "gzip", **auth)
    assert h["content-encoding"] == "gzip" and h["etag"] != plain_h["etag"]
    assert json.loads(gzip.decompress(wire)) == json.loads(plain)
    r = owner.post(owner.url(f"/api/v1/cases/{case['id']}/actions/withdraw"), json={},
                   headers={"If-Match": h["etag"]}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "withdrawn"


@pytest.mark.parametrize("path", PUBLIC[:2])
def test_the_read_cache_keeps_the_coded_bytes(server, path):
    """A cached read's gzip body is made once, when the body is built, and a hit sends those bytes:
    one entity tag, one set of bytes."""
    server.login("xiaochi")  # a commit: every cached body is built again at its next read
    _, h1, built = raw(server, path, "gzip")
    _, h2, hit = raw(server, path, "gzip")
    assert h1["content-encoding"] == h2["content-encoding"] == "gzip"
    assert hit == built and h2["etag"] == h1["etag"]


def test_the_access_log_counts_the_bytes_sent(server):
    """The access line's bytes is the body as it went: coded when coded, nothing for a 304 or a HEAD."""
    _, h, plain = raw(server, "/api/v1/departments", None, X_Request_Id="jsongz-plain-0001")
    _, h, wire = raw(server, "/api/v1/departments", "gzip", X_Request_Id="jsongz-coded-0001")
    raw(server, "/api/v1/departments", "gzip", X_Request_Id="jsongz-held-00001", If_None_Match=h["etag"])
    raw(server, "/api/v1/departments", "gzip", method="HEAD", X_Request_Id="jsongz-head-00001")
    lines = {}
    for text in server.log_text().splitlines():
        if '"jsongz-' in text:
            entry = json.loads(text)
            lines[entry["req"]] = entry
    assert lines["jsongz-plain-0001"]["bytes"] == len(plain)
    assert lines["jsongz-coded-0001"]["bytes"] == len(wire) < len(plain)
    assert lines["jsongz-held-00001"]["status"] == 304 and lines["jsongz-held-00001"]["bytes"] == 0
    assert lines["jsongz-head-00001"]["bytes"] == 0
