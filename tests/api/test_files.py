"""Files: POST /api/v1/files (multipart/form-data, streamed to disk) and
GET /api/v1/files/{id} (the bytes, streamed back).

The type is decided from the bytes; the same bytes are stored once — on
SQLite on disk (<dir of the database>/files/<aa>/<sha256>), on PostgreSQL in
the database (blobs, blob_chunks: base64 chunks of 256 KiB, where every node
reads them; each node's files directory only caches them) — while every
upload gets its own row; only the owner, and once a submitted case uses the file, that case's
department's staff and the supervisors, may read it; everyone else is told it
does not exist. Every
refusal leaves the database, the blob store and the temporary directory as
they were. The sample files are made here, from their formats' rules."""
import base64
import hashlib
import http.client
import io
import os
import struct
import zipfile
import zlib

import pytest
import requests

import dbkit
import filebox
from conftest import invalid, new_id_number, new_phone, problem

PG = dbkit.ENGINE == "postgresql"


# ---------------------------------------------------------------- sample files

def make_pdf():
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def make_png(w=2, h=2, rgb=(200, 0, 0)):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def make_jpeg():
    """A baseline JPEG of one 8x8 grey block: one DC and one AC Huffman code, both '0'."""
    def seg(marker, data):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(data) + 2) + data
    app0 = seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    dqt = seg(0xDB, b"\x00" + b"\x01" * 64)
    sof = seg(0xC0, b"\x08" + struct.pack(">HH", 8, 8) + b"\x01" + b"\x01\x11\x00")
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"      # one code of length 1 for symbol 0
    dht = seg(0xC4, b"\x00" + one_code + b"\x10" + one_code)
    sos = seg(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    return b"\xff\xd8" + app0 + dqt + sof + dht + sos + b"\x3f" + b"\xff\xd9"


def make_ofd():
    ofd_xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" '
               'Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo><ofd:DocID>t1</ofd:DocID></ofd:DocInfo>'
               '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>')
    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016">'
           '<ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>'
           '</ofd:CommonData></ofd:Document>')
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("OFD.xml", ofd_xml)
        z.writestr("Doc_0/Document.xml", doc)
    return b.getvalue()


SAMPLES = {"pdf": (make_pdf(), "营业执照.pdf", "application/pdf"),
           "jpeg": (make_jpeg(), "身份证正面.jpg", "image/jpeg"),
           "png": (make_png(), "scan.png", "image/png"),
           "ofd": (make_ofd(), "发票.ofd", "application/ofd")}


def unique_pdf(tag=""):
    """A PDF whose bytes nobody else uploaded (so dedupe does not blur a test)."""
    return make_pdf() + f"% {tag} {os.urandom(8).hex()}\n".encode()


# ---------------------------------------------------------------- helpers

def upload(client, server, content, name="file.pdf", ctype="application/octet-stream", data=None, **kw):
    return client.post(server.url("/api/v1/files"), files={"file": (name, content, ctype)}, data=data,
                       timeout=60, **kw)


def files_dir(server):
    """The server's files directory: the blob store on SQLite (next to the
    database), the node's cache of the database's blobs on PostgreSQL
    (var/files under its working directory)."""
    return server.dir / ("var/files" if PG else "files")


def blobs(server):
    """{sha256: size} of every stored blob: in the directory on SQLite, in the database on PostgreSQL."""
    if PG:
        return dict(server.query("SELECT sha256, size FROM blobs"))
    root = files_dir(server)
    return {p.name: p.stat().st_size for p in root.glob("??/*")}


def stored_bytes(server, sha256):
    """The bytes stored under sha256: the blob file, or its chunks decoded in order."""
    if PG:
        rows = server.query("SELECT n, data FROM blob_chunks WHERE sha256 = ? ORDER BY n", sha256)
        assert [n for n, _ in rows] == list(range(len(rows)))
        assert server.scalar("SELECT chunks FROM blobs WHERE sha256 = ?", sha256) == len(rows)
        return b"".join(base64.b64decode(d) for _, d in rows)
    return (files_dir(server) / sha256[:2] / sha256).read_bytes()


def opened(server, sha256):
    """The plaintext of the blob stored under sha256, opened by the format's
    own reader (filebox.py): what is stored is sealed, its exact size."""
    data = stored_bytes(server, sha256)
    assert data[:4] == b"OSF1"
    plain = filebox.open_sealed(data, sha256)
    assert len(data) == filebox.sealed_size(len(plain))
    return plain


def temp_files(server):
    return sorted(p.name for p in (files_dir(server) / "tmp").iterdir())


def state(server):
    """What a refused upload must leave unchanged."""
    return {"files": server.scalar("SELECT COUNT(*) FROM files"),
            "audit": server.scalar("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'file.%'"),
            "blobs": blobs(server), "tmp": temp_files(server)}


def unchanged(server, before):
    after = state(server)
    assert after == before
    assert after["tmp"] == []


# ---------------------------------------------------------------- uploading

@pytest.mark.parametrize("kind", ["pdf", "jpeg", "png", "ofd"])
def test_upload_each_type_and_read_it_back(server, kind):
    content, name, mime = SAMPLES[kind]
    owner = server.as_user("zhangsan")
    # the declared type is deliberately wrong: the bytes decide
    r = upload(owner, server, content, name=name, ctype="text/plain")
    assert r.status_code == 201, r.text
    f = r.json()
    assert list(f) == ["id", "sha256", "type", "size", "name", "created_at"]
    assert f["type"] == kind and f["size"] == len(content) and f["name"] == name
    assert f["sha256"] == hashlib.sha256(content).hexdigest()
    assert len(f["id"]) == 32 and int(f["id"], 16) >= 0
    assert r.headers["Location"] == f"/api/v1/files/{f['id']}"
    # the row, its audit entry, and the blob at its content address (a file, or chunks in the database)
    # (the name is personal data — people name scans after themselves — and is stored sealed: test_pii_at_rest.py)
    [(sha, typ, size, stored_name, who)] = server.query(
        "SELECT sha256, type, size, name, owner_account FROM files WHERE id = ?", f["id"])
    assert (sha, typ, size, who) == (f["sha256"], kind, len(content), owner.account["id"])
    assert stored_name.startswith("s1:") and name not in stored_name
    assert server.query("SELECT action, actor_id, request_id FROM audit_log WHERE entity = 'file' AND entity_id = ?",
                        f["id"]) == [("file.upload", owner.account["id"], r.headers["X-Request-Id"])]
    assert opened(server, f["sha256"]) == content
    assert temp_files(server) == []
    # the owner reads the same bytes back, with the stored type and an RFC 8187 name: inline what a
    # browser shows by itself (PDF, JPEG, PNG), an attachment otherwise (OFD); sandboxed either way
    g = owner.get(server.url(f"/api/v1/files/{f['id']}"))
    assert g.status_code == 200 and g.content == content
    assert g.headers["Content-Type"] == mime
    assert g.headers["X-Content-Type-Options"] == "nosniff"
    assert g.headers["Content-Security-Policy"].startswith("sandbox;")
    quoted = "".join(c if c.isascii() and (c.isalnum() or c in "!#$&+-.^_`|~") else
                     "".join(f"%{b:02X}" for b in c.encode()) for c in name)
    how = "attachment" if kind == "ofd" else "inline"
    assert g.headers["Content-Disposition"] == f"{how}; filename*=UTF-8''{quoted}"
    m = owner.get(server.url(f"/api/v1/files/{f['id']}/meta"))
    assert m.status_code == 200 and m.json() == f
    h = owner.head(server.url(f"/api/v1/files/{f['id']}"))
    assert h.status_code == 200 and h.headers["Content-Length"] == str(len(content)) and h.content == b""


@pytest.mark.parametrize("name, served", [
    ("page.html", "page.html.pdf"),          # a PDF named as a web page is offered as a PDF
    ("scan.exe", "scan.exe.pdf"),
    ("report", "report.pdf"),
    ("申请书.PDF", "申请书.PDF"),                # the right extension, in any case, is kept
])
def test_a_download_is_named_for_the_type_its_bytes_are(server, name, served):
    owner = server.as_user("zhangsan")
    r = upload(owner, server, unique_pdf(name), name=name)
    assert r.status_code == 201, r.text
    g = owner.get(server.url(f"/api/v1/files/{r.json()['id']}"))
    assert g.status_code == 200
    quoted = "".join(c if c.isascii() and (c.isalnum() or c in "!#$&+-.^_`|~") else
                     "".join(f"%{b:02X}" for b in c.encode()) for c in served)
    assert g.headers["Content-Disposition"] == f"inline; filename*=UTF-8''{quoted}"
    assert "sandbox" in g.headers["Content-Security-Policy"]


def scan_of_a_person(frames=3):
    """A PDF of several frames (64 KiB each) whose text holds an ID number and a phone."""
    idn, phone = new_id_number("310101"), new_phone()
    filler = b"".join(f"% {idn} {phone} page {i}\n".encode() for i in range(frames * 2000))
    return make_pdf() + filler + os.urandom(8).hex().encode() + b"\n", idn, phone


def test_the_stored_bytes_are_sealed_and_read_back_whole(server):
    """A scan is stored sealed: the blob store holds neither the ID number
    nor the phone it shows, the format's own reader opens it to the very
    bytes, and the owner downloads them whole."""
    owner = server.as_user("zhangsan")
    content, idn, phone = scan_of_a_person()
    assert len(content) > 3 * filebox.FRAME
    r = upload(owner, server, content, name="户口本.pdf")
    assert r.status_code == 201, r.text
    f = r.json()
    data = stored_bytes(server, f["sha256"])
    assert idn.encode() not in data and phone.encode() not in data and b"%PDF" not in data
    assert opened(server, f["sha256"]) == content
    with pytest.raises(ValueError):     # the name is bound in: under another name the bytes do not open
        filebox.open_sealed(data, "0" * 64)
    g = owner.get(server.url(f"/api/v1/files/{f['id']}"))
    assert g.status_code == 200 and g.content == content
    assert g.headers["Content-Length"] == str(len(content))


@pytest.mark.skipif(PG, reason="the blob file is the store on SQLite; PostgreSQL checks chunks (blob_db unit test)")
def test_a_changed_byte_in_a_stored_blob_is_never_served(server):
    owner = server.as_user("zhangsan")
    content, _, _ = scan_of_a_person()
    f = upload(owner, server, content, name="scan.pdf").json()
    path = files_dir(server) / f["sha256"][:2] / f["sha256"]
    data = bytearray(path.read_bytes())
    data[28 + filebox.FRAME + 17 + 100] ^= 1       # inside the second frame
    path.write_bytes(bytes(data))
    try:
        g = owner.get(server.url(f"/api/v1/files/{f['id']}"), timeout=30)
        got = g.content
    except requests.RequestException:   # the answer is cut short: the frame does not open
        got = None
    assert got != content
    assert got is None or len(got) < len(content)
    # the first frame was whole and may have been sent; nothing from the changed one was
    assert got is None or content[:len(got)] == got


def test_blobs_stored_in_the_clear_before_sealing_are_sealed_at_start(make_server):
    """Blobs of a database from before sealing are read as they are, and
    sealed when the server next starts: in the directory (SQLite) or in the
    database's chunks (PostgreSQL)."""
    first = make_server()
    owner = first.as_user("zhangsan")
    content, idn, _ = scan_of_a_person(frames=5)    # more than one 256 KiB chunk on PostgreSQL
    f = upload(owner, first, content, name="old.pdf").json()
    sha = f["sha256"]
    first.proc.terminate()
    first.proc.wait(timeout=60)
    # put the blob back as a server before sealing stored it
    if PG:
        with first.db() as c:
            c.execute("DELETE FROM blob_chunks WHERE sha256 = ?", (sha,))
            step = 256 * 1024
            for n, off in enumerate(range(0, len(content), step)):
                c.execute("INSERT INTO blob_chunks (sha256, n, data) VALUES (?, ?, ?)",
                          (sha, n, base64.b64encode(content[off:off + step]).decode()))
            c.execute("UPDATE blobs SET size = ?, chunks = ? WHERE sha256 = ?",
                      (len(content), (len(content) + step - 1) // step, sha))
    else:
        (files_dir(first) / sha[:2] / sha).write_bytes(content)
    assert idn.encode() in stored_bytes(first, sha)

    second = make_server(db_url=first.db_url if PG else f"sqlite:{first.db_path}")
    # (the database and, on SQLite, the files beside it are first's: read them through first)
    assert opened(first, sha) == content
    assert idn.encode() not in stored_bytes(first, sha)
    assert "sealed 1 file(s) stored in the clear" in second.log_text()
    g = second.as_user("zhangsan").get(second.url(f"/api/v1/files/{f['id']}"))
    assert g.status_code == 200 and g.content == content
    # a start with nothing in the clear changes nothing
    before = stored_bytes(first, sha)
    second.stop()
    third = make_server(db_url=first.db_url if PG else f"sqlite:{first.db_path}")
    assert stored_bytes(first, sha) == before and "sealed" not in third.log_text()
    third.stop()
    if PG:
        dbkit.drop_database(first.db_url)   # first's process was ended by hand, its stop() drops nothing


def test_dedupe_same_bytes_stored_once(server):
    content = unique_pdf("dedupe")
    a, b = server.as_user("zhangsan"), server.as_user("lisi")
    before = blobs(server)
    r1 = upload(a, server, content, name="a.pdf")
    r2 = upload(b, server, content, name="b.pdf")
    assert r1.status_code == r2.status_code == 201
    f1, f2 = r1.json(), r2.json()
    assert f1["id"] != f2["id"] and f1["sha256"] == f2["sha256"] == hashlib.sha256(content).hexdigest()
    assert (f1["name"], f2["name"]) == ("a.pdf", "b.pdf")
    after = blobs(server)
    assert set(after) - set(before) == {f1["sha256"]} and after[f1["sha256"]] == filebox.sealed_size(len(content))
    assert opened(server, f1["sha256"]) == content
    if PG:   # one blob row, one chunk: the second upload inserted nothing
        assert server.scalar("SELECT COUNT(*) FROM blob_chunks WHERE sha256 = ?", f1["sha256"]) == 1
    rows = server.query("SELECT owner_account, name FROM files WHERE sha256 = ? ORDER BY created_at", f1["sha256"])
    assert [who for who, _ in rows] == [a.account["id"], b.account["id"]]
    assert all(n.startswith("s1:") for _, n in rows)   # each upload's own name, sealed
    assert (a.get(server.url(f"/api/v1/files/{f1['id']}/meta")).json()["name"],
            b.get(server.url(f"/api/v1/files/{f2['id']}/meta")).json()["name"]) == ("a.pdf", "b.pdf")
    details = [d for (d,) in server.query("SELECT detail FROM audit_log WHERE entity = 'file' AND entity_id IN (?, ?) "
                                          "ORDER BY seq", f1["id"], f2["id"])]
    assert ['"deduplicated":false' in details[0], '"deduplicated":true' in details[1]] == [True, True]
    # each owner reads their own row; the bytes are the same
    assert b.get(server.url(f"/api/v1/files/{f2['id']}")).content == content


def test_large_file_is_streamed_not_buffered(make_server):
    """16 MiB through a fresh server: the bytes arrive whole and the server's peak memory grows far less."""
    s = make_server()
    owner = s.login("zhangsan")

    def peak_kb():
        for line in open(f"/proc/{s.proc.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    content = b"%PDF-1.7\n" + os.urandom(16 * 1024 * 1024)
    before = peak_kb()

    def chunks():   # chunked transfer encoding: no Content-Length announced
        for i in range(0, len(content), 1 << 20):
            yield content[i:i + (1 << 20)]
    boundary = "b0und4ry"
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n").encode()

    def body():
        yield head
        yield from chunks()
        yield f"\r\n--{boundary}--\r\n".encode()
    r = owner.post(s.url("/api/v1/files"), data=body(), timeout=120,
                   headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert r.status_code == 201, r.text
    assert r.json()["size"] == len(content) and r.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert owner.get(s.url(f"/api/v1/files/{r.json()['id']}")).content == content
    assert peak_kb() - before < 8 * 1024, "the server's peak memory grew by more than half the file"


@pytest.mark.skipif(not PG, reason="on SQLite there is one node and its files directory is the blob store: "
                                     "no database holds the bytes for another node")
def test_nodes_on_one_database_share_the_bytes(make_server):
    """Two servers on the same PostgreSQL database, each with its own files
    directory (nodes that share no disk): a file uploaded through one is read
    through the other byte for byte, fetched from the database into the
    second node's cache; the same bytes uploaded there are not stored again."""
    a = make_server()
    b = make_server(demo=False, db_url=a.db_url)
    assert files_dir(a) != files_dir(b)
    content = b"%PDF-1.7\n" + os.urandom(600 * 1024)     # three chunks of 256 KiB
    r = upload(a.login("zhangsan"), a, content, name="shared.pdf")
    assert r.status_code == 201, r.text
    f = r.json()
    cached = files_dir(b) / f["sha256"][:2] / f["sha256"]
    assert not cached.exists()
    reader = b.login("zhangsan")
    g = reader.get(b.url(f"/api/v1/files/{f['id']}"))
    assert g.status_code == 200 and g.content == content
    assert g.headers["Content-Length"] == str(len(content))
    assert filebox.open_sealed(cached.read_bytes(), f["sha256"]) == content and temp_files(b) == []
    assert reader.get(b.url(f"/api/v1/files/{f['id']}")).content == content     # from b's cache now
    cached.write_bytes(b"truncated")     # a damaged cache entry is dropped and fetched again
    assert reader.get(b.url(f"/api/v1/files/{f['id']}")).content == content
    assert filebox.open_sealed(cached.read_bytes(), f["sha256"]) == content
    r2 = upload(reader, b, content, name="again.pdf")
    assert r2.status_code == 201 and r2.json()["sha256"] == f["sha256"]
    assert a.scalar("SELECT COUNT(*) FROM blobs WHERE sha256 = ?", f["sha256"]) == 1
    assert a.scalar("SELECT COUNT(*) FROM blob_chunks WHERE sha256 = ?", f["sha256"]) == 3
    assert a.login("zhangsan").get(a.url(f"/api/v1/files/{r2.json()['id']}")).content == content


def test_keep_alive_across_uploads_and_refusals(server):
    owner = server.as_user("zhangsan")
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    boundary = "kA1ive"

    def send(auth=True, content=unique_pdf("keepalive")):
        body = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="k.pdf"\r\n\r\n'.encode() +
                content + f"\r\n--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        if auth:
            headers["Authorization"] = "Bearer " + owner.token
        conn.request("POST", "/api/v1/files", body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        return resp
    r1 = send()
    sock = conn.sock
    r2 = send(auth=False)
    r3 = send(content=b"just text")
    r4 = send()
    assert [r1.status, r2.status, r3.status, r4.status] == [201, 401, 422, 201]
    assert conn.sock is sock, "the connection was closed between requests"
    assert all((r.getheader("Connection") or "").lower() != "close" for r in (r1, r2, r3, r4))
    conn.close()


# ---------------------------------------------------------------- refusals

def text_renamed_pdf():
    return "这是一个文本文件，只是改名为 .pdf。\n".encode()


@pytest.mark.parametrize("what,files,data,pairs", [
    ("text renamed .pdf", {"file": ("合同.pdf", text_renamed_pdf(), "application/pdf")}, None, [("file", "file_type")]),
    ("html named .png", {"file": ("x.png", b"<html><script>alert(1)</script>", "image/png")}, None, [("file", "file_type")]),
    ("plain zip named .ofd", {"file": ("x.ofd", b"PK\x03\x04" + b"\x00" * 40, "application/ofd")}, None, [("file", "file_type")]),
    ("empty", {"file": ("empty.pdf", b"", "application/pdf")}, None, [("file", "empty")]),
    ("no file part", {"material": (None, "id_card")}, {"matter": "XK00101001"}, [("file", "required")]),
    ("two file parts", [("file", ("a.pdf", make_pdf())), ("file", ("b.pdf", make_pdf()))], None, [("file", "multiple")]),
    ("unknown part", {"file": ("a.pdf", make_pdf()), "owner": (None, "someone-else")}, None, [("owner", "unknown_field")]),
    ("name over 200 characters", {"file": ("名" * 201 + ".pdf", make_pdf())}, None, [("file", "name_too_long")]),
])
def test_refused_uploads_change_nothing(server, what, files, data, pairs):
    owner = server.as_user("zhangsan")
    before = state(server)
    r = owner.post(server.url("/api/v1/files"), files=files, data=data)
    invalid(r, *pairs)
    unchanged(server, before)


@pytest.mark.parametrize("matter,material,content,pairs", [
    # 公司章程 accepts pdf and ofd only
    ("XK00101001", "articles_of_association", make_png(), [("file", "format")]),
    ("XK00101001", "articles_of_association", make_jpeg(), [("file", "format")]),
    # 身份证 may be at most 5 MiB
    ("XK00101001", "id_card", b"%PDF-1.7\n" + b"0" * (5 * 1024 * 1024), [("file", "too_large")]),
    ("XK00101001", "no_such_material", make_pdf(), [("material", "unknown")]),
    ("XK99999999", "id_card", make_pdf(), [("matter", "unknown")]),
    (None, "id_card", make_pdf(), [("matter", "required")]),
    ("XK00101001", None, make_pdf(), [("material", "required")]),
    ("XK00101001", "x" * 80, make_pdf(), [("material", "too_long")]),
])
def test_material_rules(server, matter, material, content, pairs):
    owner = server.as_user("zhangsan")
    data = {k: v for k, v in (("matter", matter), ("material", material)) if v is not None}
    before = state(server)
    p = invalid(upload(owner, server, content, name="m.bin", data=data), *pairs)
    if pairs == [("file", "format")]:
        assert "pdf, ofd" in p["errors"][0]["message"]
    unchanged(server, before)


def test_material_rules_accept_a_fitting_file(server):
    owner = server.as_user("zhangsan")
    r = upload(owner, server, make_ofd(), name="章程.ofd",
               data={"matter": "XK00101001", "material": "articles_of_association"})
    assert r.status_code == 201, r.text
    assert r.json()["type"] == "ofd"
    detail = server.scalar("SELECT detail FROM audit_log WHERE entity = 'file' AND entity_id = ?", r.json()["id"])
    assert '"material":"articles_of_association"' in detail and '"matter":"XK00101001"' in detail


@pytest.mark.parametrize("headers", [
    {},                                              # nobody
    {"Authorization": "Bearer " + "0" * 64},         # a forged token
    {"Authorization": "Basic emhhbmdzYW46eA=="},     # another scheme
])
def test_unauthenticated_upload_is_refused_and_not_kept(server, headers):
    before = state(server)
    r = requests.post(server.url("/api/v1/files"), files={"file": ("a.pdf", unique_pdf("anon"))}, headers=headers,
                      timeout=30)
    problem(r, 401, "unauthorized")
    unchanged(server, before)


def test_not_multipart_is_415(server):
    owner = server.as_user("zhangsan")
    before = state(server)
    problem(owner.post(server.url("/api/v1/files"), json={"file": "JVBERi0xLjc="}), 415, "unsupported-media-type")
    problem(owner.post(server.url("/api/v1/files"), data=make_pdf(), headers={"Content-Type": "application/pdf"}),
            415, "unsupported-media-type")
    problem(owner.post(server.url("/api/v1/files"), data={"file": "x"}), 415, "unsupported-media-type")   # urlencoded
    unchanged(server, before)


def test_malformed_multipart_is_400(server):
    owner = server.as_user("zhangsan")
    before = state(server)
    ct = {"Content-Type": "multipart/form-data; boundary=XyZ"}
    cut = b'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.7\nno end'
    problem(owner.post(server.url("/api/v1/files"), data=cut, headers=ct), 400, "bad-request")
    problem(owner.post(server.url("/api/v1/files"), data=b"x", headers={"Content-Type": "multipart/form-data"}),
            400, "bad-request")
    unchanged(server, before)


def test_upload_limit(make_server):
    s = make_server("--max-upload", "4096")
    owner = s.login("zhangsan")
    before = state(s)
    # one byte over: the file streams past the limit and is dropped
    p = problem(upload(owner, s, b"%PDF-1.7\n" + b"0" * (4096 - 9 + 1)), 413, "body-too-large")
    assert ("file", "too_large") in {(e["field"], e["code"]) for e in p["errors"]}
    # a declared length far over the limit is refused before any byte is read into a file
    problem(upload(owner, s, b"%PDF-1.7\n" + b"0" * (1024 * 1024)), 413, "body-too-large")
    unchanged(s, before)
    # exactly the limit fits
    r = upload(owner, s, b"%PDF-1.7\n" + b"0" * (4096 - 9))
    assert r.status_code == 201 and r.json()["size"] == 4096


def test_default_upload_limit_is_20_mib(server):
    owner = server.as_user("zhangsan")
    before = state(server)
    p = problem(upload(owner, server, b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024)), 413, "body-too-large")
    assert "20 MiB" in p["detail"]
    unchanged(server, before)


# ---------------------------------------------------------------- who may read

def problem_sans_id(r):
    p = problem(r, 404, "not-found")
    return {k: v for k, v in p.items() if k not in ("request_id", "instance")}


def test_other_people_get_404_like_a_missing_file(server):
    owner = server.as_user("zhangsan")
    content = unique_pdf("private")
    f = upload(owner, server, content, name="私人.pdf").json()
    missing = server.as_user("lisi").get(server.url("/api/v1/files/" + "0" * 32))
    for who in ("lisi", "xiaochi", "amr_reviewer", "health_head", "admin"):
        c = server.as_user(who)
        for path in (f"/api/v1/files/{f['id']}", f"/api/v1/files/{f['id']}/meta"):
            r = c.get(server.url(path))
            assert problem_sans_id(r) == problem_sans_id(missing), (who, path)
    for bad in ("nothex", "0" * 31, f["id"].upper()):
        problem(owner.get(server.url("/api/v1/files/" + bad)), 404, "not-found")
    problem(requests.get(server.url(f"/api/v1/files/{f['id']}"), timeout=30), 401, "unauthorized")
    # supervisors read across departments, but only what a submitted case uses:
    # a file no case uses is still its owner's private upload
    r = server.as_user("supervisor").get(server.url(f"/api/v1/files/{f['id']}"))
    assert problem_sans_id(r) == problem_sans_id(missing)


def table_exists(server, name):
    with server.db() as c:
        return c.table_exists(name)


def attach_to_case(server, file_id, department, applicant_id):
    """Links a file to a case of `department` the way the case workflow does
    (cases + case_files rows), filling the case's other required columns."""
    case_id = os.urandom(16).hex()
    with server.db() as c:
        cols = c.columns("cases")
        row = {}
        for name, typ, notnull, default in cols:
            if not notnull or default is not None:
                continue
            row[name] = 0 if "INT" in (typ or "").upper() else "{}"
        row.update(id=case_id, number=f"310101-20261123-{os.urandom(3).hex()}", matter_code="XK00101001",
                   department=department, applicant_id=applicant_id, created_by=applicant_id, region="310101",
                   status="submitted", channel="online")
        row = {k: v for k, v in row.items() if k in {col[0] for col in cols}}
        c.execute(f"INSERT INTO cases ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        c.execute("INSERT INTO case_files (case_id, material_key, file_id) VALUES (?, ?, ?)",
                  (case_id, "articles_of_association", file_id))
    return case_id


def test_staff_of_the_handling_department_may_read(server):
    if not (table_exists(server, "cases") and table_exists(server, "case_files")):
        pytest.skip("cases are not part of this build yet (migration 0004)")
    owner = server.as_user("xiaochi")
    content = unique_pdf("case")
    f = upload(owner, server, content, name="章程.pdf").json()
    for who in ("amr_reviewer", "health_reviewer"):
        problem(server.as_user(who).get(server.url(f"/api/v1/files/{f['id']}")), 404, "not-found")
    attach_to_case(server, f["id"], "amr", owner.account["id"])
    for who in ("amr_clerk", "amr_reviewer", "amr_approver", "amr_head"):
        r = server.as_user(who).get(server.url(f"/api/v1/files/{f['id']}"))
        assert r.status_code == 200 and r.content == content, who
    # another department's staff and other applicants still see nothing
    for who in ("health_reviewer", "health_head", "zhangsan"):
        problem(server.as_user(who).get(server.url(f"/api/v1/files/{f['id']}")), 404, "not-found")


def test_applicant_of_a_case_may_read_a_file_the_clerk_uploaded(server):
    if not (table_exists(server, "cases") and table_exists(server, "case_files")):
        pytest.skip("cases are not part of this build yet (migration 0004)")
    clerk, applicant = server.as_user("amr_clerk"), server.as_user("lisi")
    content = unique_pdf("window")
    f = upload(clerk, server, content, name="窗口扫描.pdf").json()
    problem(applicant.get(server.url(f"/api/v1/files/{f['id']}")), 404, "not-found")
    attach_to_case(server, f["id"], "amr", applicant.account["id"])
    r = applicant.get(server.url(f"/api/v1/files/{f['id']}"))
    assert r.status_code == 200 and r.content == content
