"""Electronic certificates (电子证照), issue 11, first slice: a certificate is
issued at the `issue` step of a case whose matter's result is a certificate
type, signed by the issuing department's key over its RFC 8785 canonical
JSON; anyone verifies it online (no login) and offline (`onestop verify-cert`
with only the published keys, no database); the department head revokes it
and rotates keys, and certificates signed by an old key still verify. A
changed byte, another key, another department's key, an unknown id or extra
parameters are never valid and never a 500.

The rules stated here, not read from the code:
  - the food business licence (食品经营许可证, XK00103000, 市场监管) is a
    certificate result, and 市场监管 signs with SM2-SM3; the holder is the
    applicant enterprise by its 统一社会信用代码;
  - the public verify answer never shows the holder's credit code or full name;
  - the identifier is 33 characters whose last is the ISO 7064 MOD 37,36
    check character of the 32 before it."""
import copy
import json
import os
import subprocess

from conftest import all_items, BIN
from casekit import FOOD, XIAOCHI_CODE, act, file_case


def iso7064(s):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    p = 36
    for ch in s:
        t = (p + alphabet.index(ch)) % 36 or 36
        p = (2 * t) % 37
    return alphabet[(37 - p) % 36]


def issue_food_licence(ts, number="JY13101010000001"):
    clerk, reviewer = ts.as_user("amr_clerk"), ts.as_user("amr_reviewer")
    case = file_case(ts, code=FOOD)
    case = act(clerk, case, "accept")
    case = act(reviewer, case, "review")
    case = act(reviewer, case, "approve", {"opinion": "符合条件"})
    case = act(reviewer, case, "issue", {"number": number, "title": "食品经营许可证",
                                         "fields": {"主体业态": "餐饮服务经营者", "经营项目": "热食类食品制售"}})
    assert case["status"] == "completed"   # delivered electronically by the platform at once
    held = all_items(ts.as_user("xiaochi"), "/api/v1/me/certificates")
    mine = [c for c in held if c["signed"]["certificate"].get("case_number") == case["number"]]
    assert len(mine) == 1
    return case, mine[0]


def verify_online(ts, signed):
    r = ts.session().post(ts.url("/api/v1/certificates/verify"), json=signed, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_issued_at_the_issue_step_and_verifies(ts):
    case, held = issue_food_licence(ts)
    doc = held["signed"]["certificate"]
    assert held["type"] == doc["type"] == "food_business_licence"
    assert held["status"] == "valid"
    assert doc["holder"] == {"kind": "enterprise", "id": XIAOCHI_CODE, "name": "上海小吃餐饮管理有限公司"}
    assert doc["issuer"]["department"] == "amr"
    assert doc["algorithm"] == held["signed"]["signature"]["algorithm"] == "SM2-SM3"
    assert doc["number"] == "JY13101010000001" and doc["fields"]["主体业态"] == "餐饮服务经营者"
    ident = doc["identifier"]
    assert len(ident) == 33 and ident.startswith("SPJY") and ident[32] == iso7064(ident[:32])
    assert len(held["id"]) == 32 and held["id"] not in ident   # opaque, not the serial
    # the public verify address: no login
    r = ts.session().get(ts.url(f"/api/v1/certificates/{held['id']}/verify"), timeout=30)
    assert r.status_code == 200
    v = r.json()
    assert v["status"] == "valid" and v["certificate"]["issuer"]["department"] == "amr"
    assert v["certificate"]["type"] == "food_business_licence"
    assert v["certificate"]["holder"]["name"] == "上" + "*" * 9 + "公司"
    assert XIAOCHI_CODE not in r.text and "上海小吃" not in r.text
    assert verify_online(ts, held["signed"])["status"] == "valid"
    # the published keys name their algorithm and validity
    keys = ts.session().get(ts.url("/api/v1/keys"), timeout=30).json()["keys"]
    k = [k for k in keys if k["id"] == doc["key_id"]][0]
    assert k["algorithm"] == "SM2-SM3" and k["department"] == "amr" and k["not_before"] <= doc["issued_at"]
    assert not any("private" in json.dumps(x) for x in keys)


def flip(text):
    """Every way of changing one character of a base64url text: a sample."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for i in range(0, len(text), 7):
        yield text[:i] + alphabet[(alphabet.index(text[i]) + 1) % 64] + text[i + 1:]


def test_tampered_certificates_are_never_valid(ts):
    _, held = issue_food_licence(ts, "JY13101010000002")
    good = held["signed"]
    bad = []
    for field, value in [("number", "JY13101010000003"), ("valid_until", "2099-12-31"),
                         ("issued_at", good["certificate"]["issued_at"] + 1), ("type", "business_licence")]:
        b = copy.deepcopy(good)
        b["certificate"][field] = value
        bad.append((field, b))
    b = copy.deepcopy(good)
    b["certificate"]["holder"]["name"] = "上海大吃餐饮管理有限公司"
    bad.append(("holder", b))
    for i, sig in enumerate(flip(good["signature"]["value"])):
        b = copy.deepcopy(good)
        b["signature"]["value"] = sig
        bad.append((f"sig{i}", b))
    other = [k for k in ts.session().get(ts.url("/api/v1/keys")).json()["keys"] if k["id"] != good["signature"]["key_id"]]
    b = copy.deepcopy(good)
    b["signature"]["key_id"] = "amr-20260101-00000000"
    bad.append(("unknown key", b))
    for k in other:   # another department's key, or the revocation list's
        b = copy.deepcopy(good)
        b["signature"]["key_id"] = b["certificate"]["key_id"] = k["id"]
        bad.append(("other key " + k["id"], b))
    b = copy.deepcopy(good)
    b["certificate"]["identifier"] = good["certificate"]["identifier"][:32] + "0"
    bad.append(("identifier", b))
    for name, b in bad:
        v = verify_online(ts, b)
        assert v["status"] == "invalid", name
    r = ts.session().post(ts.url("/api/v1/certificates/verify"), json=dict(good, more=1), timeout=30)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "more"
    for body in ({}, {"certificate": {}, "signature": {}}, {"certificate": 1, "signature": "x"}, [1]):
        r = ts.session().post(ts.url("/api/v1/certificates/verify"), json=body, timeout=30)
        assert r.status_code in (200, 400, 422) and (r.status_code != 200 or r.json()["status"] == "invalid")
    for path in ("/api/v1/certificates/" + "0" * 32 + "/verify", "/api/v1/certificates/xyz/verify",
                 "/api/v1/certificates/" + held["identifier"] + "/verify"):
        v = ts.session().get(ts.url(path)).json()
        assert v["status"] == "unknown", path
    r = ts.session().get(ts.url(f"/api/v1/certificates/{held['id']}/verify?valid=1"))
    assert r.status_code == 422


def test_revoked_by_the_department_head(ts):
    _, held = issue_food_licence(ts, "JY13101010000004")
    path = f"/api/v1/certificates/{held['id']}/revoke"
    r = ts.as_user("health_head").post_json(path, {"reason": "企业注销"})
    assert r.status_code == 403   # another department's head
    r = ts.as_user("amr_head").post_json(path, {"reason": ""})
    assert r.status_code == 422 and "reason" in r.text
    assert ts.session().get(ts.url(f"/api/v1/certificates/{held['id']}/verify")).json()["status"] == "valid"
    r = ts.as_user("amr_head").post_json(path, {"reason": "企业注销"})
    assert r.status_code == 200, r.text
    v = ts.session().get(ts.url(f"/api/v1/certificates/{held['id']}/verify")).json()
    assert v["status"] == "revoked" and v["revoke_reason"] == "企业注销" and v["revoked_at"] > 0
    assert verify_online(ts, held["signed"])["status"] == "revoked"
    assert ts.as_user("amr_head").post_json(path, {"reason": "again"}).status_code == 409
    lst = ts.session().get(ts.url("/api/v1/certificates/revocations")).json()
    assert [e["id"] for e in lst["revocations"]["revoked"]] == [held["id"]]
    assert lst["signature"]["algorithm"] == "Ed25519"


def test_rotation_keeps_old_certificates_valid(ts):
    _, old = issue_food_licence(ts, "JY13101010000005")
    r = ts.as_user("health_head").post_json("/api/v1/keys/rotate", {"department": "amr"})
    assert r.status_code == 403
    r = ts.as_user("amr_head").post_json("/api/v1/keys/rotate", {"department": "amr"})
    assert r.status_code == 201, r.text
    new_key = r.json()
    assert new_key["algorithm"] == "SM2-SM3" and new_key["id"] != old["signed"]["signature"]["key_id"]
    _, new = issue_food_licence(ts, "JY13101010000006")
    assert new["signed"]["signature"]["key_id"] == new_key["id"]
    keys = {k["id"]: k for k in ts.session().get(ts.url("/api/v1/keys")).json()["keys"]}
    assert keys[old["signed"]["signature"]["key_id"]]["retired_at"] is not None
    for held in (old, new):
        assert verify_online(ts, held["signed"])["status"] == "valid"
    # a certificate dated after its key's retirement is not valid even if it were signed
    b = copy.deepcopy(old["signed"])
    b["certificate"]["issued_at"] = keys[old["signed"]["signature"]["key_id"]]["retired_at"] + 1
    assert verify_online(ts, b)["status"] == "invalid"


def test_expired_after_its_validity(ts):
    _, held = issue_food_licence(ts, "JY13101010000007")
    try:
        ts.set_clock(days=5 * 366 + 2)
        v = ts.session().get(ts.url(f"/api/v1/certificates/{held['id']}/verify")).json()
        assert v["status"] == "expired"
    finally:
        ts.set_clock(days=0)


def offline(tmp_path, what, keys, revocations=None):
    """`onestop verify-cert` with the published keys and no database: run in an
    empty directory with no ONESTOP_* settings, it must not create anything."""
    kf = tmp_path / "keys.json"
    kf.write_text(json.dumps(keys))
    args = [str(BIN), "verify-cert", what, "--keys", str(kf)]
    if revocations is not None:
        rf = tmp_path / "revocations.json"
        rf.write_text(json.dumps(revocations))
        args += ["--revocations", str(rf)]
    run = tmp_path / "cwd"
    run.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONESTOP_")}
    p = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=run, env=env)
    assert list(run.iterdir()) == []
    assert p.returncode in (0, 1), p.stderr
    out = json.loads(p.stdout)
    assert (p.returncode == 0) == (out["status"] == "valid")
    return out, p.stderr


def test_offline_verification_with_published_keys_only(ts, tmp_path):
    _, held = issue_food_licence(ts, "JY13101010000008")
    keys = ts.session().get(ts.url("/api/v1/keys")).json()
    assert held["compact"].startswith("OS1:")
    cert_file = tmp_path / "cert.json"
    cert_file.write_text(json.dumps(held["signed"], ensure_ascii=False))
    # the QR's text: the verify address (no --public-url: the listen address), then the compact form
    assert held["qr_text"] == ts.url(held["verify_path"]) + "#" + held["compact"]
    assert held["verify_url"] == ts.url(held["verify_path"])
    for what in (str(cert_file), held["compact"], held["qr_text"]):
        out, err = offline(tmp_path, what, keys)
        assert out["status"] == "valid" and out["revocation_checked"] is False, what
        assert "revocation NOT checked" in err
        assert XIAOCHI_CODE not in json.dumps(out, ensure_ascii=False)
    # one changed character of the QR text: never valid
    c = held["compact"]
    for i in range(4, len(c), max(1, len(c) // 25)):
        bad = c[:i] + ("0" if c[i] != "0" else "1") + c[i + 1:]
        out, _ = offline(tmp_path, bad, keys)
        assert out["status"] == "invalid", i
    # keys that lack the signing key: not valid
    others = {"keys": [k for k in keys["keys"] if k["id"] != held["signed"]["signature"]["key_id"]]}
    assert offline(tmp_path, held["compact"], others)[0]["reason"] == "unknown_key"


def test_offline_revocation_list(ts, tmp_path):
    _, held = issue_food_licence(ts, "JY13101010000009")
    keys = ts.session().get(ts.url("/api/v1/keys")).json()
    before = ts.session().get(ts.url("/api/v1/certificates/revocations")).json()
    out, _ = offline(tmp_path, held["compact"], keys, before)
    assert out["status"] == "valid" and out["revocation_checked"] is True
    r = ts.as_user("amr_head").post_json(f"/api/v1/certificates/{held['id']}/revoke", {"reason": "许可证被依法撤销"})
    assert r.status_code == 200
    after = ts.session().get(ts.url("/api/v1/certificates/revocations")).json()
    out, _ = offline(tmp_path, held["compact"], keys, after)
    assert out["status"] == "revoked" and out["revoke_reason"] == "许可证被依法撤销"
    # a list with the entry removed no longer verifies: not valid rather than valid
    forged = copy.deepcopy(after)
    forged["revocations"]["revoked"] = [e for e in forged["revocations"]["revoked"] if e["id"] != held["id"]]
    out, _ = offline(tmp_path, held["compact"], keys, forged)
    assert out["status"] == "invalid" and out["reason"] == "bad_revocation_list"


def test_demo_holders_already_hold_certificates(ts):
    """The demo person holds an ID card from 公安 (Ed25519), the demo enterprise a
    business licence from 市场监管 (SM2-SM3); both verify without login."""
    for who, type_, dept, alg in (("zhangsan", "id_card", "psb", "Ed25519"),
                                  ("xiaochi", "business_licence", "amr", "SM2-SM3")):
        held = [c for c in all_items(ts.as_user(who), "/api/v1/me/certificates") if c["type"] == type_]
        assert len(held) == 1, who
        signed = held[0]["signed"]
        assert signed["certificate"]["issuer"]["department"] == dept
        assert signed["signature"]["algorithm"] == alg
        assert verify_online(ts, signed)["status"] == "valid"
    # the other demo person holds none of them
    assert all_items(ts.as_user("lisi"), "/api/v1/me/certificates") == []
