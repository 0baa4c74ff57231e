"""The web side as the server serves it: the pages at their URLs (page table,
src/api/web/pages.c) with their Content-Security-Policy, every module they
load from the asset folders (/assets/{path...}), and the refusals that keep
the asset route inside web/ (404 for `..`, dot files, empty segments,
backslashes, and HTML outside the page table's URLs)."""
import re
import socket

import pytest

CSP = ("default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
       "frame-ancestors 'none'; base-uri 'none'")
PAGES = {"/": "/assets/portal/main.js", "/workbench/": "/assets/workbench/main.js"}
MIME = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml"}


def raw_get(server, target):
    """Status of a GET sent byte for byte (no client-side path clean-up)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"GET " + target.encode() + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head = b""
        while b"\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    return int(head.split(b" ", 2)[1])


@pytest.mark.parametrize("url,entry", PAGES.items())
def test_pages_are_served_at_their_urls_with_the_csp(server, url, entry):
    r = server.get(url)
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert r.headers["Content-Security-Policy"] == CSP
    assert r.headers["Cache-Control"] == "no-cache"
    assert f'src="{entry}"' in r.text


def test_every_module_the_pages_load_is_served_from_its_folder(server):
    """Follows <link>/<script> of both pages and every import of every module."""
    todo = []
    for url in PAGES:
        todo += re.findall(r'(?:href|src)="(/assets/[^"]+)"', server.get(url).text)
    seen = set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        r = server.get(path)
        assert r.status_code == 200, path
        ext = path[path.rfind("."):]
        assert r.headers["Content-Type"] == MIME[ext], path
        assert r.headers["Cache-Control"] == "public, max-age=300", path
        assert "Content-Security-Policy" not in r.headers, path
        if ext == ".js":
            folder = path[:path.rfind("/")]
            for rel in re.findall(r"""(?:from|import\()\s*'(\.{1,2}/[^']+)'""", r.text):
                parts = (folder + "/" + rel).split("/")
                out = []
                for p in parts:
                    if p == "..":
                        out.pop()
                    elif p != ".":
                        out.append(p)
                todo.append("/".join(out))
    folders = {p.split("/")[2] for p in seen}
    assert {"portal", "workbench", "shared"} <= folders, folders
    assert len(seen) > 20, sorted(seen)


@pytest.mark.parametrize("target", [
    "/assets/portal/../shared/api.js",
    "/assets/../portal/main.js",
    "/assets/%2e%2e/portal/main.js",
    "/assets/portal/%2e%2e/shared/api.js",
    "/assets/..%2fportal%2fmain.js",
    "/assets/portal/..",
    "/assets/.hidden",
    "/assets/portal/.main.js",
    "/assets/portal//main.js",
    "/assets//portal/main.js",
    "/assets/portal/main.js/",
    "/assets/portal\\main.js",
    "/assets/portal%5cmain.js",
    "/assets/portal/index.html",
    "/assets/workbench/index.html",
    "/assets/README.md",
    "/assets/",
    "/assets/portal/no-such-file.js",
    "/assets/no/such/folder.js",
])
def test_asset_paths_outside_the_rules_are_404(server, target):
    assert raw_get(server, target) == 404, target


def test_a_good_asset_path_sent_raw_is_served(server):
    # the raw client of the refusal test does reach real files
    assert raw_get(server, "/assets/shared/api.js") == 200
    assert raw_get(server, "/assets/portal/main.js") == 200


def test_only_get_and_head(server):
    r = server.post("/assets/portal/main.js", {})
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
    assert server.session().head(server.url("/assets/shared/style.css")).status_code == 200
