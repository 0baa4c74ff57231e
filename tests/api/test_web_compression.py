"""The web assets, compressed once at build time and served by Accept-Encoding.

Every page and asset is the file under web/ when the client takes no coding;
with `br` or `gzip` (RFC 9110 12.5.3: q=0 refuses a coding, "*" stands for any
other) it is the same bytes compressed, smaller, marked Content-Encoding. Each
coding has its own entity tag, every answer says Vary: Accept-Encoding, and a
client that holds the representation gets 304.
"""
import gzip
from pathlib import Path

import brotli
import pytest
import requests

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "web"
TEXT = {".js", ".css", ".json", ".svg"}
ASSETS = sorted(p.relative_to(WEB).as_posix() for p in WEB.rglob("*")
                if p.is_file() and p.suffix != ".md" and p.suffix != ".html")
PAGES = {"/": "portal/index.html", "/workbench/": "workbench/index.html"}


def fetch(server, path, accept=None, **headers):
    """The answer with its body as sent on the wire (not decoded)."""
    h = dict(headers)
    h["Accept-Encoding"] = accept if accept is not None else "identity"
    r = requests.get(server.url(path), headers=h, stream=True, timeout=30)
    r.wire = r.raw.read(decode_content=False)
    return r


def decoded(r):
    coding = r.headers.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(r.wire)
    if coding == "gzip":
        return gzip.decompress(r.wire)
    assert coding is None, coding
    return r.wire


def cases():
    return [(f"/assets/{a}", a) for a in ASSETS] + list(PAGES.items())


@pytest.mark.parametrize("path,file", cases(), ids=[c[0] for c in cases()])
def test_every_coding_is_the_file_itself(server, path, file):
    want = (WEB / file).read_bytes()
    plain = fetch(server, path)
    assert plain.status_code == 200
    assert "Content-Encoding" not in plain.headers and plain.wire == want
    tags = {plain.headers["ETag"]}
    text = Path(file).suffix in TEXT or file.endswith(".html")
    for coding in ("br", "gzip"):
        r = fetch(server, path, coding)
        assert r.status_code == 200 and r.headers["Vary"] == "Accept-Encoding"
        assert decoded(r) == want, f"{coding} of {file} is not the file"
        if r.headers.get("Content-Encoding") == coding:
            assert len(r.wire) < len(want), f"{coding} of {file} is not smaller"
            tags.add(r.headers["ETag"])
        else:   # not worth compressing: the file as it is, under its one tag
            assert not text or len(want) < 200, f"{file} is text of {len(want)} bytes and not compressed"
            assert r.headers["ETag"] == plain.headers["ETag"]
    # one tag for each representation
    codings = {fetch(server, path, c).headers.get("Content-Encoding") for c in ("br", "gzip", "identity")}
    assert len(tags) == len(codings)


def test_the_large_text_files_shrink_to_a_third_or_less(server):
    """What it is for: the portal's own script and style on the wire."""
    for path in ("/assets/portal/main.js", "/assets/shared/style.css", "/assets/shared/form.js"):
        plain = fetch(server, path)
        br = fetch(server, path, "br")
        assert br.headers["Content-Encoding"] == "br"
        assert len(br.wire) * 3 <= len(plain.wire), (path, len(br.wire), len(plain.wire))


@pytest.mark.parametrize("accept,coding", [
    ("gzip, deflate, br", "br"),
    ("br;q=0, gzip", "gzip"),
    ("br;q=0.0, gzip;q=0.5", "gzip"),
    ("GZIP", "gzip"),
    ("*", "br"),
    ("*;q=0", None),
    ("br;q=0, *", "gzip"),
    ("deflate, compress", None),
    ("identity", None),
    ("", None),
    ("gzip;q=0, br;q=0", None),
])
def test_the_coding_is_the_one_the_client_takes(server, accept, coding):
    r = fetch(server, "/assets/portal/main.js", accept)
    assert r.status_code == 200
    assert r.headers.get("Content-Encoding") == coding
    assert decoded(r) == (WEB / "portal/main.js").read_bytes()


def test_a_client_holding_the_representation_gets_304_for_that_coding_only(server):
    path = "/assets/portal/main.js"
    br, plain = fetch(server, path, "br"), fetch(server, path)
    held = fetch(server, path, "br", **{"If-None-Match": br.headers["ETag"]})
    assert held.status_code == 304 and held.wire == b""
    assert held.headers["ETag"] == br.headers["ETag"] and held.headers["Vary"] == "Accept-Encoding"
    # the tag of another coding is another representation: the body is sent
    other = fetch(server, path, "br", **{"If-None-Match": plain.headers["ETag"]})
    assert other.status_code == 200 and decoded(other) == decoded(plain)
    page = fetch(server, "/", "gzip")
    again = fetch(server, "/", "gzip", **{"If-None-Match": f'"x", {page.headers["ETag"]}'})
    assert again.status_code == 304
    assert again.headers.get("Content-Security-Policy"), "a page's 304 keeps its policy"
