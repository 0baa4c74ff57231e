"""Share links to a held certificate (授权用证, issue 11 item 6) and the
QR's verify address opened by a phone.

The rules stated here, not read from the code:
  - a holder (person or enterprise) makes a link to one of their own
    certificates for 1 to 90 days (7 when not said); the link's token is 64
    hex characters (32 random bytes) and is shown once, at creation;
  - anyone with the link opens it with no login and sees the certificate's
    fields, its verification status and, where the holder is an enterprise
    (whose 统一社会信用代码 is public), its signed form; a person's name and ID
    number are masked and their signed form (which names the ID number) is not
    given;
  - every opening is a record in the holder's data-use log, naming the link
    and nothing about the viewer, readable by the holder alone;
  - an expired or revoked link answers 410 (problem+json in zh and en) and
    never shows the certificate; a malformed or unknown token 404;
  - another applicant's or an unknown certificate is 404 and nothing is made;
  - a browser opening the verify address of a QR code is sent to the portal's
    verify page; API clients keep JSON; extra parameters are never valid."""
import json
import re
import subprocess

import test_certs as tc
from conftest import all_items, BIN, problem, field_errors
from casekit import XIAOCHI_CODE

ZHANGSAN_ID = "310101198503120030"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


def held(s, type_):
    return [c for c in all_items(s, "/api/v1/me/certificates") if c["type"] == type_][0]


def share(s, cert_id, body=None):
    r = s.post_json(f"/api/v1/me/certificates/{cert_id}/shares", body if body is not None else {})
    assert r.status_code == 201, r.text
    return r.json()


def shares_count(ts):
    return ts.scalar("SELECT COUNT(*) FROM certificate_shares")


def share_views(s):
    return [u for u in all_items(s, "/api/v1/me/data-use") if u["kind"] == "share_view"]


def test_enterprise_link_opens_and_each_opening_is_logged_for_the_holder_alone(ts):
    owner = ts.as_user("xiaochi")
    licence = held(owner, "business_licence")
    link = share(owner, licence["id"])
    assert re.fullmatch(r"[0-9a-f]{64}", link["token"])
    assert link["url"] == ts.url("/#/shared/" + link["token"])
    assert link["status"] == "active" and link["views"] == 0
    days = (tc_iso(link["expires_at"]) - tc_iso(link["created_at"])) / 86400
    assert days == 7
    before = len(share_views(owner))
    r = ts.session().get(ts.url(f"/api/v1/shared/{link['token']}"))
    assert r.status_code == 200, r.text
    assert r.headers["Cache-Control"] == "no-store"
    v = r.json()
    assert v["verification"]["status"] == "valid"
    cert = v["certificate"]
    assert cert["identifier"] == licence["identifier"] and cert["holder"]["id"] == XIAOCHI_CODE
    assert cert["holder"]["name"] == "上海小吃餐饮管理有限公司"
    # the signed form is the holder's, and it verifies as any signed certificate does
    assert v["signed"] == licence["signed"] and v["compact"].startswith("OS1:")
    assert tc.verify_online(ts, v["signed"])["status"] == "valid"
    # the holder sees the opening; nothing about the viewer is kept
    views = share_views(owner)
    assert len(views) == before + 1
    use = views[0]
    assert use["share"]["id"] == link["id"] and use["by"] == "share_link"
    assert use["certificate"]["id"] == licence["id"] and use["case"]["id"] is None
    assert "127.0.0" not in json.dumps(use) and "python-requests" not in json.dumps(use)
    listed = owner.get_json(f"/api/v1/me/certificates/{licence['id']}/shares").json()["items"]
    mine = [x for x in listed if x["id"] == link["id"]][0]
    assert mine["views"] == 1 and mine["status"] == "active" and "token" not in mine
    assert link["token"] not in json.dumps(listed)
    # nobody else sees it: another applicant's log, staff have no log here
    assert all(u.get("share", {}).get("id") != link["id"]
               for u in all_items(ts.as_user("zhangsan"), "/api/v1/me/data-use"))
    assert ts.as_user("amr_head").get_json("/api/v1/me/data-use").status_code == 403
    # the token is not kept in the clear, nor written to the request log
    assert ts.scalar("SELECT COUNT(*) FROM certificate_shares WHERE token_hash = ?", link["token"]) == 0
    log = ts.log_text()
    assert "/api/v1/shared/{token}" in log and link["token"] not in log


def tc_iso(text):
    import datetime
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def test_a_persons_link_masks_the_id_number_and_withholds_the_signed_form(ts):
    person = ts.as_user("zhangsan")
    card = held(person, "id_card")
    link = share(person, card["id"], {"days": 90})
    r = ts.session().get(ts.url(f"/api/v1/shared/{link['token']}"))
    assert r.status_code == 200, r.text
    assert ZHANGSAN_ID not in r.text and "张三" not in r.text
    v = r.json()
    assert v["signed"] is None and v["compact"] is None and v["signed_withheld"] is True
    masked = v["certificate"]["holder"]["id"]
    assert masked[:4] == ZHANGSAN_ID[:4] and masked.count("*") >= 8 and len(masked) == len(ZHANGSAN_ID)
    assert v["verification"]["status"] == "valid"


def test_revoked_link_shows_nothing_any_more(ts):
    owner = ts.as_user("xiaochi")
    licence = held(owner, "business_licence")
    link = share(owner, licence["id"], {"days": 3})
    path = f"/api/v1/me/certificates/{licence['id']}/shares/{link['id']}"
    assert ts.session().get(ts.url(f"/api/v1/shared/{link['token']}")).status_code == 200
    # another applicant cannot revoke it: 404, nothing changes
    r = ts.as_user("zhangsan").request("DELETE", ts.url(path), timeout=30)
    problem(r, 404)
    # a stale If-Match: 409, still open
    r = owner.request("DELETE", ts.url(path), headers={"If-Match": '"7"'}, timeout=30)
    problem(r, 409, "stale-version")
    assert ts.session().get(ts.url(f"/api/v1/shared/{link['token']}")).status_code == 200
    r = owner.request("DELETE", ts.url(path), timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "revoked" and r.json()["revoked_at"]
    views = len(share_views(owner))
    for lang in ("zh-CN", "en"):
        r = ts.session().get(ts.url(f"/api/v1/shared/{link['token']}"), headers={"Accept-Language": lang})
        p = problem(r, 410, "gone")
        assert licence["identifier"] not in r.text and XIAOCHI_CODE not in r.text
        assert ("撤回" in p["detail"]) if lang == "zh-CN" else ("revoked" in p["detail"])
    assert len(share_views(owner)) == views          # a refused opening is no use of the data
    problem(owner.request("DELETE", ts.url(path), timeout=30), 409, "invalid-state")
    listed = owner.get_json(f"/api/v1/me/certificates/{licence['id']}/shares").json()["items"]
    assert [x["status"] for x in listed if x["id"] == link["id"]] == ["revoked"]


def test_expired_link_shows_nothing(ts):
    owner = ts.as_user("xiaochi")
    licence = held(owner, "business_licence")
    link = share(owner, licence["id"], {"days": 1})
    assert ts.session().get(ts.url(f"/api/v1/shared/{link['token']}")).status_code == 200
    try:
        ts.set_clock(ms=86400 * 1000 - 60_000)        # a minute before its end: still open
        assert ts.session().get(ts.url(f"/api/v1/shared/{link['token']}")).status_code == 200
        ts.set_clock(ms=86400 * 1000 + 60_000)        # a minute after
        r = ts.session().get(ts.url(f"/api/v1/shared/{link['token']}"))
        p = problem(r, 410, "gone")
        assert licence["identifier"] not in r.text
        assert "过期" in p["detail"] or "expired" in p["detail"]
        listed = ts.as_user("xiaochi").get_json(f"/api/v1/me/certificates/{licence['id']}/shares").json()
        assert [x["status"] for x in listed["items"] if x["id"] == link["id"]] == ["expired"]
    finally:
        ts.set_clock(days=0)


def test_bad_input_changes_nothing(ts):
    owner, other = ts.as_user("xiaochi"), ts.as_user("zhangsan")
    licence = held(owner, "business_licence")
    n = shares_count(ts)
    # unknown, malformed and someone else's certificate: 404, nothing made
    for cid in ("0" * 32, "nope", licence["id"]):
        problem(other.post_json(f"/api/v1/me/certificates/{cid}/shares", {}), 404)
        problem(other.get_json(f"/api/v1/me/certificates/{cid}/shares"), 404)
    # expiry out of range
    for days in (0, -1, 91, 365):
        p = problem(owner.post_json(f"/api/v1/me/certificates/{licence['id']}/shares", {"days": days}), 422)
        assert ("days", "range") in field_errors(p)
    for days in ("7", 7.5, None, True):
        r = owner.post_json(f"/api/v1/me/certificates/{licence['id']}/shares", {"days": days})
        if days is None:        # null is "not said": the default
            assert r.status_code == 201
            n += 1
        else:
            assert r.status_code in (400, 422), (days, r.text)
    problem(owner.post_json(f"/api/v1/me/certificates/{licence['id']}/shares", {"hours": 3}), 422)
    assert shares_count(ts) == n
    # malformed and unknown tokens: 404, never a certificate, never a 500
    anon = ts.session()
    for token in ("abc", "A" * 64, "g" * 64, "0" * 63, "0" * 65, "%2e%2e"):
        p = problem(anon.get(ts.url(f"/api/v1/shared/{token}")), 404)
        assert ("token", "malformed") in field_errors(p), token
        assert "identifier" not in json.dumps(p)
    p = problem(anon.get(ts.url("/api/v1/shared/" + "0" * 64)), 404)     # well-formed, unknown
    assert not field_errors(p)
    link = share(owner, licence["id"])
    problem(anon.get(ts.url(f"/api/v1/shared/{link['token']}?x=1")), 422)
    # another applicant's link under their own certificate's path: 404
    card = held(other, "id_card")
    problem(other.request("DELETE", ts.url(f"/api/v1/me/certificates/{card['id']}/shares/{link['id']}"),
                          timeout=30), 404)
    assert anon.get(ts.url(f"/api/v1/shared/{link['token']}")).status_code == 200


def test_the_qr_address_opens_the_verify_page_in_a_browser(ts, tmp_path):
    licence = held(ts.as_user("xiaochi"), "business_licence")
    path = licence["verify_path"]
    anon = ts.session()
    r = anon.get(ts.url(path), headers={"Accept": BROWSER}, allow_redirects=False)
    assert r.status_code == 303
    assert r.headers["Location"] == ts.url("/#/verify/" + licence["id"])
    assert "Accept" in r.headers.get("Vary", "")
    # the page it names is the portal
    page = anon.get(r.headers["Location"].split("#")[0], headers={"Accept": BROWSER})
    assert page.status_code == 200 and "text/html" in page.headers["Content-Type"]
    # API clients keep JSON
    for accept in (None, "*/*", "application/json", "application/json, text/html"):
        hd = {"Accept": accept} if accept else {}
        r = anon.get(ts.url(path), headers=hd, allow_redirects=False)
        assert r.status_code == 200 and r.json()["status"] == "valid", accept
        assert "Accept" in r.headers.get("Vary", "")
    # extra parameters: never valid, never a 500 — JSON refuses them, the page is told of them
    r = anon.get(ts.url(path + "?valid=1&x=%3Cb%3E"), headers={"Accept": BROWSER}, allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"] == ts.url(f"/#/verify/{licence['id']}?valid&x")
    problem(anon.get(ts.url(path + "?valid=1")), 422)
    # an odd id in a browser: sent to the page, encoded
    r = anon.get(ts.url("/api/v1/certificates/%3Cscript%3E/verify"), headers={"Accept": BROWSER},
                 allow_redirects=False)
    assert r.status_code == 303 and r.headers["Location"].endswith("/#/verify/%3Cscript%3E")
    # the QR text is unchanged: the verify address, '#', the compact form; it verifies offline
    assert licence["qr_text"] == ts.url(path) + "#" + licence["compact"]
    keys = anon.get(ts.url("/api/v1/keys")).json()
    out, _ = tc.offline(tmp_path, licence["qr_text"], keys)
    assert out["status"] == "valid"
    out, _ = tc.offline(tmp_path, ts.url(path) + "?x=1#" + licence["compact"][:-3], keys)
    assert out["status"] == "invalid"
    # --repeat N: the same check N times, the rate on standard error (make bench's offline row)
    args = [str(BIN), "verify-cert", licence["qr_text"], "--keys", str(tmp_path / "keys.json")]
    p = subprocess.run(args + ["--repeat", "20"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and json.loads(p.stdout)["status"] == "valid", p.stderr
    assert re.search(r"20 verifications in [0-9.]+ s: [0-9]+ verifications/s", p.stderr), p.stderr
    for bad in ("0", "-3", "x", "10000001"):
        assert subprocess.run(args + ["--repeat", bad], capture_output=True, timeout=60).returncode == 2, bad
