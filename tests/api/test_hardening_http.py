"""Hardening of the HTTP layer (issue 14, items 1 and 2), over raw sockets:

* connections: one address holding thousands of idle connections is held to
  the per-address limit while other clients are served; a client that
  trickles its header is cut at the request deadline;
* X-Forwarded-For names the client only when the peer is a trusted proxy;
* request smuggling: an ambiguous body length (RFC 9112 §6.1) is answered
  400 problem+json and the connection closed, so that a request pipelined
  after the body is never run; a NUL in the path or a header is 400.
"""
import json
import resource
import socket
import time
import uuid

import pytest
import requests



def raise_fd_limit(n):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = n if hard == resource.RLIM_INFINITY else min(n, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def connect(server, source, timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.settimeout(timeout)
    s.bind((source, 0))
    s.connect(("127.0.0.1", server.port))
    return s


def is_closed(s):
    """True once the server has closed (or reset) the connection."""
    s.setblocking(False)
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        s.settimeout(10)


def read_all(s, timeout=15):
    """Everything the server sends until it closes the connection; fails if
    it keeps the connection open."""
    s.settimeout(timeout)
    out = b""
    while True:
        try:
            b = s.recv(65536)
        except ConnectionResetError:
            return out
        except socket.timeout:
            pytest.fail(f"the connection was not closed; got so far: {out[:600]!r}")
        if not b:
            return out
        out += b


def trickle_until_cut(s, t0, lines, every, meanwhile=None):
    """Sends one header line every `every` seconds; the seconds since t0 when
    the server cut the connection, or None if it never did."""
    for i in range(lines):
        time.sleep(every)
        if meanwhile:
            meanwhile(i)
        try:
            s.sendall(f"X-Slow-{i}: {i}\r\n".encode())
        except OSError:
            return time.monotonic() - t0
        if is_closed(s):
            return time.monotonic() - t0
    return None


def healthz_from(server, source):
    s = server.session(source)
    t0 = time.monotonic()
    r = s.get(server.url("/healthz"), timeout=20)
    return r, time.monotonic() - t0


# ---------------------------------------------------------------- connections


def test_one_address_cannot_take_every_connection(server, make_server):
    raise_fd_limit(4096)
    limit = 32
    srv = make_server("--max-per-address", str(limit), demo=False)
    hog, other = server.source(), server.source()
    socks = []
    try:
        for _ in range(2000):
            try:
                socks.append(connect(srv, hog))
            except OSError:     # a full backlog while the server refuses: the same outcome
                pass
            if len(socks) % 500 == 0:
                r, took = healthz_from(srv, other)
                assert r.status_code == 200 and took < 10
        r, took = healthz_from(srv, other)
        assert r.status_code == 200 and took < 10, "another address is served while one holds its maximum"
        # the refused ones are closed by the server; exactly `limit` stay open
        deadline = time.monotonic() + 20
        while True:
            open_ = [s for s in socks if not is_closed(s)]
            if len(open_) <= limit or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert len(open_) == limit, f"{len(open_)} connections from one address stay open, limit {limit}"
        # the held ones still work
        open_[0].sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert read_all(open_[0]).startswith(b"HTTP/1.1 200")
    finally:
        for s in socks:
            s.close()
    # once they are gone, the address is served again
    r, _ = healthz_from(srv, hog)
    assert r.status_code == 200


def test_total_connection_limit(make_server, server):
    """Past the total, a connection waits in the listen queue (it is not
    refused) and is served as soon as a held one goes."""
    srv = make_server("--max-connections", "16", "--max-per-address", "0", "--threads", "2", demo=False)
    src = server.source()
    held = [connect(srv, src) for _ in range(16)]
    try:
        late = connect(srv, server.source())
        late.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        late.settimeout(2)
        with pytest.raises(socket.timeout):
            late.recv(1)
        for s in held[:4]:
            s.close()
        assert read_all(late).startswith(b"HTTP/1.1 200")
        late.close()
    finally:
        for s in held:
            s.close()


def test_slow_header_is_cut_at_the_deadline(make_server, server):
    srv = make_server("--request-timeout", "2", demo=False)
    s = connect(srv, server.source())
    t0 = time.monotonic()
    s.sendall(b"GET /healthz HTTP/1.1\r\n")
    def meanwhile(i):   # a normal client is served while one trickles
        if i == 1:
            r, _ = healthz_from(srv, server.source())
            assert r.status_code == 200
    cut_after = trickle_until_cut(s, t0, 15, 1, meanwhile)
    s.close()
    assert cut_after is not None, "a client trickling its header was never cut"
    assert 1.5 <= cut_after <= 2 + 8, cut_after
    assert "no whole request within the deadline" in srv.log_text()


def test_slow_body_is_cut_but_a_keepalive_client_is_not(make_server, server):
    srv = make_server("--request-timeout", "2", demo=False)
    s = connect(srv, server.source())
    s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: 100\r\n\r\n{")
    t0 = time.monotonic()
    assert read_all(s, timeout=15) == b""
    assert time.monotonic() - t0 <= 2 + 8
    s.close()
    # requests well within the deadline, one after another on one connection
    k = srv.session(server.source())
    for _ in range(4):
        assert k.get(srv.url("/healthz"), timeout=20).status_code == 200
        time.sleep(0.5)


def one_response(s):
    """Reads one whole healthz response (small, Content-Length framed)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        b = s.recv(4096)
        assert b, f"closed before an answer: {buf!r}"
        buf += b
    head, _, body = buf.partition(b"\r\n\r\n")
    n = int(next(h.split(b":")[1] for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")))
    while len(body) < n:
        body += s.recv(4096)
    return head.split(b"\r\n")[0]


def test_idle_keepalive_outlives_the_request_deadline(make_server, server):
    """The request deadline is for receiving a request, not for the quiet time
    between two: a keep-alive connection idle longer than it is still open,
    and the next request on that same socket is answered. Were it cut by the
    deadline, a client reusing it at that moment would lose its request."""
    srv = make_server("--request-timeout", "1", demo=False)
    s = connect(srv, server.source())
    get = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    s.sendall(get)
    assert one_response(s).endswith(b"200 OK")
    time.sleep(3.5)
    assert not is_closed(s), "an idle keep-alive connection was cut by the request deadline"
    s.sendall(get)
    assert one_response(s).endswith(b"200 OK")
    # the next request line starts a deadline again: a trickled header is cut
    s.sendall(b"GET /healthz HTTP/1.1\r\n")
    cut_after = trickle_until_cut(s, time.monotonic(), 12, 0.5)
    s.close()
    assert cut_after is not None and cut_after <= 1 + 4, cut_after


# ------------------------------------------------------------ X-Forwarded-For


def client_in_log(srv, rid):
    for line in srv.log_text().splitlines():
        if rid in line and line.startswith("{"):
            entry = json.loads(line)
            if entry.get("req") == rid and "status" in entry:
                return entry.get("client")
    pytest.fail(f"no access log line for {rid}")


def test_forwarded_for_only_from_a_trusted_proxy(make_server, server):
    proxy, other = server.source(), server.source()
    srv = make_server("--trusted-proxy", f"192.0.2.1, {proxy}", demo=False)

    def ask(source, xff):
        rid = uuid.uuid4().hex
        h = {"X-Request-Id": rid}
        if xff is not None:
            h["X-Forwarded-For"] = xff
        assert srv.session(source).get(srv.url("/healthz"), headers=h, timeout=20).status_code == 200
        return client_in_log(srv, rid)

    assert ask(proxy, "203.0.113.9") == "203.0.113.9"
    # right-most address that is not a trusted proxy; what the client wrote on the left is ignored
    assert ask(proxy, "10.9.9.9, 198.51.100.7, 192.0.2.1") == "198.51.100.7"
    assert ask(proxy, None) == proxy
    assert ask(proxy, "not-an-address") == proxy
    # from anyone else the header is the client's own claim: ignored
    assert ask(other, "203.0.113.9") == other


def test_forwarded_for_feeds_the_login_throttle(make_server, server):
    proxy = server.source()
    srv = make_server("--trusted-proxy", proxy, demo=False)
    s = srv.session(proxy)

    # one account guessed at: the throttle keys the (client address, account) pair first
    username = "nobody_" + uuid.uuid4().hex[:8]

    def attempt(xff):
        return s.post(srv.url("/api/v1/session"), json={"username": username, "password": "wrong-password"},
                      headers={"X-Forwarded-For": xff}, timeout=30)

    codes = [attempt("203.0.113.50").status_code for _ in range(6)]
    assert 429 in codes, codes
    # another client behind the same proxy is not throttled by the first one's failures
    assert attempt("203.0.113.51").status_code == 401


# ------------------------------------------------------------------ smuggling

AFTER = b"GET /api/v1/no-such-smuggled-route HTTP/1.1\r\nHost: x\r\n\r\n"
BODY_HEAD = b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"


@pytest.mark.parametrize("name,request_", [
    ("cl+te", BODY_HEAD + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
    ("te+cl", BODY_HEAD + b"Transfer-Encoding: chunked\r\nContent-Length: 40\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
    ("two lengths", BODY_HEAD + b"Content-Length: 2\r\nContent-Length: 4\r\n\r\n{}"),
    ("gzip, chunked", BODY_HEAD + b"Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
    ("unknown coding", BODY_HEAD + b"Transfer-Encoding: foo\r\n\r\n"),
    ("chunked twice", BODY_HEAD + b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
                                  b"2\r\n{}\r\n0\r\n\r\n"),
    # a list's empty last element is still an element: "chunked," names something besides chunked
    ("chunked, empty", BODY_HEAD + b"Transfer-Encoding: chunked,\r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
    ("chunked, blank", BODY_HEAD + b"Transfer-Encoding: chunked, \r\n\r\n2\r\n{}\r\n0\r\n\r\n"),
])
def test_ambiguous_length_is_400_and_closes(server, name, request_):
    s = connect(server, "127.0.0.1")
    s.sendall(request_ + AFTER)
    out = read_all(s)
    s.close()
    assert out.count(b"HTTP/1.1 ") == 1, f"the bytes after the body were run as a request: {out!r}"
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    assert b"application/problem+json" in head and b"connection: close" in head.lower()
    p = json.loads(body)
    assert p["code"] == "bad-framing" and p["status"] == 400 and p["detail"]


def test_unparsable_length_is_refused_and_closes(server):
    """libmicrohttpd 0.9.75 refuses a Content-Length it cannot parse before
    the handler runs (its own HTML 400, not problem+json) and closes."""
    s = connect(server, "127.0.0.1")
    s.sendall(BODY_HEAD + b"Content-Length: 2, 4\r\n\r\n{}" + AFTER)
    out = read_all(s)
    s.close()
    assert out.startswith(b"HTTP/1.1 400") and b" 404 " not in out, out


def test_the_reason_is_given_in_english_too(server):
    s = connect(server, "127.0.0.1")
    s.sendall(BODY_HEAD + b"Accept-Language: en\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n")
    body = read_all(s).partition(b"\r\n\r\n")[2]
    s.close()
    p = json.loads(body)
    assert p["title"] == "The body's length is ambiguous"
    assert "Transfer-Encoding" in p["detail"]


def test_plain_chunked_and_repeated_equal_length_still_work(server):
    s = connect(server, "127.0.0.1")
    body = b'{"username":"nobody_x","password":"wrong-password"}'
    s.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
              + f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n")
    out = read_all(s)
    s.close()
    assert out.startswith(b"HTTP/1.1 401"), out[:300]


@pytest.mark.parametrize("request_", [
    b"GET /healthz%00.json HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /api/v1/matters?q=a%00b HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: admin\x00.evil\r\n\r\n",
    b"GET /healthz HTTP/1.1\nHost: x\nX-Note: admin\x00.evil\nAccept: */*\n\n",
])
def test_nul_is_400(server, request_):
    s = connect(server, "127.0.0.1")
    s.sendall(request_ + AFTER)
    out = read_all(s)
    s.close()
    assert out.count(b"HTTP/1.1 ") == 1, out
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), head
    assert json.loads(body)["code"] == "nul-byte"


def test_bare_lf_and_cookies_are_not_mistaken_for_nul(server):
    s = connect(server, "127.0.0.1")
    s.sendall(b"GET /healthz HTTP/1.1\nHost: x\nX-A: abc\nCookie: a=b; c=d\nConnection: close\n\n")
    assert read_all(s).startswith(b"HTTP/1.1 200")
    s.close()
    r = requests.get(server.url("/healthz"), cookies={"a": "b", "c": "d"}, timeout=30)
    assert r.status_code == 200
