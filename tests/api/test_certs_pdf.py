"""A held certificate as a printable PDF (issue 11, item 3): GET
/api/v1/me/certificates/{id}/pdf, for its holder alone.

The rules stated here, not read from the code:
  - the PDF is a real PDF (it starts with %PDF- and poppler reads its text);
    it shows the certificate's identifier, the holder in full (name and
    统一社会信用代码: it is the holder's own document), the fields and the
    issuer;
  - its QR code, rendered by poppler's pdftoppm and read by zbar's zbarimg,
    carries exactly the wallet's qr_text (the verify address, '#', the
    compact signed form), which `onestop verify-cert` accepts offline with
    only the published keys; a revoked certificate's PDF says 已注销;
  - nobody but the holder gets it: another applicant and an unknown id get
    404 (never told it exists), staff 403, no login 401; extra parameters 422;
  - the wallet carries each certificate's QR code as SVG."""
import subprocess

from conftest import all_items
import test_certs as tc
from casekit import XIAOCHI_CODE

XIAOCHI_NAME = "上海小吃餐饮管理有限公司"


def pdf_of(ts, s, cert_id, **params):
    return s.get(ts.url(f"/api/v1/me/certificates/{cert_id}/pdf"), params=params, timeout=60)


def text_of(tmp_path, body):
    f = tmp_path / "c.pdf"
    f.write_bytes(body)
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", str(f), "-"], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.decode()


def qr_of(tmp_path, body):
    f = tmp_path / "q.pdf"
    f.write_bytes(body)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(f), str(tmp_path / "page")],
                   check=True, timeout=60)
    p = subprocess.run(["zbarimg", "--raw", "-q", "-Sqrcode.enable", str(tmp_path / "page.png")],
                       capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.decode().strip()


def test_the_holders_pdf_shows_the_certificate_and_its_qr_verifies_offline(ts, tmp_path):
    _, held = tc.issue_food_licence(ts, "JY13101010000031")
    owner = ts.as_user("xiaochi")
    r = pdf_of(ts, owner, held["id"])
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    text = text_of(tmp_path, r.content)
    doc = held["signed"]["certificate"]
    for want in (doc["identifier"], XIAOCHI_NAME, XIAOCHI_CODE, "餐饮服务经营者", "热食类食品制售",
                 "JY13101010000031", doc["issuer"]["name"], doc["valid_until"], "食品经营许可证"):
        assert want in text, want
    assert "已注销" not in text
    qr = qr_of(tmp_path, r.content)
    assert qr == held["qr_text"]
    keys = ts.session().get(ts.url("/api/v1/keys"), timeout=30).json()
    out, _ = tc.offline(tmp_path, qr, keys)
    assert out["status"] == "valid" and out["certificate"]["id"] == held["id"]


def test_a_revoked_certificates_pdf_says_so(ts, tmp_path):
    _, held = tc.issue_food_licence(ts, "JY13101010000032")
    r = ts.as_user("amr_head").post_json(f"/api/v1/certificates/{held['id']}/revoke", {"reason": "企业注销"})
    assert r.status_code == 200, r.text
    r = pdf_of(ts, ts.as_user("xiaochi"), held["id"])
    assert r.status_code == 200
    assert "已注销" in text_of(tmp_path, r.content)
    # the QR still carries the signed form: offline with the revocation list it is revoked
    keys = ts.session().get(ts.url("/api/v1/keys"), timeout=30).json()
    revs = ts.session().get(ts.url("/api/v1/certificates/revocations"), timeout=30).json()
    out, _ = tc.offline(tmp_path, qr_of(tmp_path, r.content), keys, revs)
    assert out["status"] == "revoked"


def test_nobody_but_the_holder_gets_it(ts):
    me = ts.as_user("xiaochi")
    # the list is light unless the drawings are asked for (the apply wizard reads it on every start)
    plain = all_items(me, "/api/v1/me/certificates")
    assert plain and all("qr_svg" not in c and c["qr_text"] for c in plain)
    r = me.get_json("/api/v1/me/certificates", params={"qr": "png"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "qr", r.text
    held = all_items(me, "/api/v1/me/certificates", {"qr": "svg"})
    licence = [c for c in held if c["type"] == "business_licence"][0]
    assert licence["qr_svg"].startswith("<svg") and licence["qr_svg"].endswith("</svg>")
    cid = licence["id"]
    assert pdf_of(ts, ts.as_user("zhangsan"), cid).status_code == 404
    assert pdf_of(ts, ts.as_user("amr_clerk"), cid).status_code == 403
    assert pdf_of(ts, ts.as_user("amr_head"), cid).status_code == 403
    assert pdf_of(ts, ts.session(), cid).status_code == 401
    owner = ts.as_user("xiaochi")
    for bad in ("0" * 32, "x" * 32, cid[:-1], cid + "0"):
        r = pdf_of(ts, owner, bad)
        assert r.status_code == 404 and r.headers["Content-Type"].startswith("application/problem+json"), bad
    r = pdf_of(ts, owner, cid, size="a3")
    assert r.status_code == 422 and "size" in r.text
    # the holder's own: a person holds the ID card, the enterprise the licence
    person = all_items(ts.as_user("zhangsan"), "/api/v1/me/certificates")
    assert all(c["id"] != cid for c in person)
