"""Sealed notices (文书), issue 11 item 4: the written documents the
Administrative Licensing Law requires of a case, produced with the step,
signed by the handling department's key like a certificate, attached to the
case for its applicant, and verifiable by anyone.

The rules stated here, not read from the code:
  - accepting a case at intake issues a 受理通知书 (Art. 32); refusing it a
    不予受理决定书 naming the ground, the detail and the legal basis, and the
    right to administrative review or litigation;
  - a decision issues its decision letter (Art. 38): a denial of a licence is
    a 不予行政许可决定书 with the reasons, the legal basis and the right to
    行政复议 within 60 days or 行政诉讼 within 6 months; an immediate matter
    handled on the spot gets both the acceptance and the decision;
  - the signed document names the kind, the case, the matter, the applicant,
    the department and the date; one changed byte, or a certificate sent as
    a notice (or a notice as a certificate), is never valid;
  - the public verify address answers valid with the kind and issuer for a
    notice that was issued, unknown for any other id, and never shows the
    applicant's name in full;
  - the notice and its PDF are the applicant's and the handling department's:
    another applicant gets 404, another department and the supervisors 403;
  - the PDF is a PDF whose text (poppler) is the notice's, in Chinese."""
import copy
import subprocess

from conftest import all_items
from casekit import FOOD, SEAL, act, file_case

XIAOCHI_NAME = "上海小吃餐饮管理有限公司"


def notice(s, nid, status=200):
    r = s.get(s.url(f"/api/v1/notices/{nid}"), timeout=30)
    assert r.status_code == status, r.text
    return r.json()


def verify(server, signed):
    r = server.session().post(server.url("/api/v1/notices/verify"), json=signed, timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def verify_id(server, nid):
    r = server.session().get(server.url(f"/api/v1/notices/{nid}/verify"), timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def pdf_text(tmp_path, body):
    assert body.startswith(b"%PDF-")
    f = tmp_path / "n.pdf"
    f.write_bytes(body)
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", str(f), "-"], capture_output=True, timeout=60)
    assert p.returncode == 0, p.stderr
    return p.stdout.decode()


def kinds(case):
    return [n["kind"] for n in case["notices"]]


def test_acceptance_issues_a_notice_that_verifies(server):
    owner, clerk = server.as_user("xiaochi"), server.as_user("amr_clerk")
    case = file_case(server, owner, code=FOOD)
    assert case["notices"] == []                      # nothing is decided on submission
    case = act(clerk, case, "accept")
    assert kinds(case) == ["acceptance"]
    brief = case["notices"][0]
    assert brief["title"]["zh"] == "受理通知书"
    n = notice(owner, brief["id"])
    doc = n["signed"]["notice"]
    assert doc["kind"] == "acceptance"
    assert doc["case"] == {"id": case["id"], "number": case["number"]}
    assert doc["matter"]["code"] == FOOD
    assert doc["applicant"]["name"] == XIAOCHI_NAME
    assert doc["issuer"]["department"] == "amr"
    assert doc["issued_on"] == case["notices"][0]["issued_at"][:10] or len(doc["issued_on"]) == 10
    assert "予以受理" in doc["text"]["zh"]
    # the department's published key (市场监管 signs with SM2-SM3)
    keys = server.get("/api/v1/keys").json()["keys"]
    key = [k for k in keys if k["id"] == n["signed"]["signature"]["key_id"]][0]
    assert key["department"] == "amr" and key["algorithm"] == "SM2-SM3"
    v = verify(server, n["signed"])
    assert v["status"] == "valid", v
    assert v["notice"]["kind"] == "acceptance" and v["notice"]["issuer"]["department"] == "amr"
    by_id = verify_id(server, brief["id"])
    assert by_id["status"] == "valid" and by_id["notice"]["kind"] == "acceptance"
    assert by_id["notice"]["issuer"]["department"] == "amr"
    assert XIAOCHI_NAME not in str(by_id)             # the public never sees the name in full
    # the handling department's staff read it too
    assert notice(clerk, brief["id"])["id"] == brief["id"]


def test_a_refused_intake_issues_the_decision_not_to_accept_with_its_reason(server):
    owner, clerk = server.as_user("xiaochi"), server.as_user("amr_clerk")
    case = file_case(server, owner, code=FOOD)
    case = act(clerk, case, "refuse", {"reason": "not_eligible", "detail": "经营场所不在本辖区范围内",
                                       "legal_basis": "《食品经营许可管理办法》第十五条"})
    assert kinds(case) == ["refusal"]
    doc = notice(owner, case["notices"][0]["id"])["signed"]["notice"]
    assert doc["title"]["zh"] == "不予受理决定书"
    assert doc["decision"]["detail"] == "经营场所不在本辖区范围内"
    assert doc["decision"]["legal_basis"] == "《食品经营许可管理办法》第十五条"
    assert "不予受理" in doc["text"]["zh"]
    assert doc["remedies"]["review_days"] == 60 and doc["remedies"]["litigation_months"] == 6


def test_a_denial_names_the_right_to_review_and_litigation(server, tmp_path):
    owner, clerk, reviewer = server.as_user("xiaochi"), server.as_user("amr_clerk"), server.as_user("amr_reviewer")
    case = file_case(server, owner, code=FOOD)
    case = act(clerk, case, "accept")
    case = act(reviewer, case, "review")
    case = act(reviewer, case, "deny", {"reason": "经营场所面积不符合热食类制售要求",
                                        "legal_basis": "《食品经营许可管理办法》第十一条"})
    assert kinds(case) == ["acceptance", "denial"]
    nid = case["notices"][1]["id"]
    doc = notice(owner, nid)["signed"]["notice"]
    assert doc["title"]["zh"] == "不予行政许可决定书"
    assert doc["decision"]["reason"] == "经营场所面积不符合热食类制售要求"
    rem = doc["remedies"]
    assert rem["review_days"] == 60 and rem["litigation_months"] == 6
    assert "行政复议" in rem["zh"] and "行政诉讼" in rem["zh"]
    r = owner.get(owner.url(f"/api/v1/notices/{nid}/pdf"), timeout=60)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"] == "application/pdf"
    text = pdf_text(tmp_path, r.content).replace("\n", "")
    for want in ("不予行政许可决定书", XIAOCHI_NAME, "经营场所面积不符合热食类制售要求", "行政复议", "行政诉讼",
                 "六十日", "六个月", case["number"]):
        assert want in text, want


def test_an_approval_and_an_immediate_matter_get_their_decision_letters(server, tmp_path):
    owner, clerk, reviewer = server.as_user("xiaochi"), server.as_user("amr_clerk"), server.as_user("amr_reviewer")
    case = file_case(server, owner, code=FOOD)
    case = act(clerk, case, "accept")
    case = act(reviewer, case, "review")
    case = act(reviewer, case, "approve", {"opinion": "符合条件"})
    assert kinds(case) == ["acceptance", "approval"]
    assert case["notices"][1]["title"]["zh"] == "准予行政许可决定书"
    doc = notice(owner, case["notices"][1]["id"])["signed"]["notice"]
    assert "remedies" not in doc and doc["decision"]["opinion"] == "符合条件"
    seal = file_case(server, owner, code=SEAL)
    seal = act(server.as_user("psb_clerk"), seal, "handle_now")
    assert kinds(seal) == ["acceptance", "approval"]
    r = owner.get(owner.url(f"/api/v1/notices/{case['notices'][0]['id']}/pdf"), timeout=60)
    text = pdf_text(tmp_path, r.content)
    assert "受理通知书" in text and XIAOCHI_NAME in text


def test_one_changed_byte_is_never_valid(server):
    owner, clerk = server.as_user("xiaochi"), server.as_user("amr_clerk")
    case = act(clerk, file_case(server, owner, code=FOOD), "refuse",
               {"reason": "not_eligible", "detail": "材料不全", "legal_basis": "《行政许可法》第三十二条"})
    good = notice(owner, case["notices"][0]["id"])["signed"]
    assert verify(server, good)["status"] == "valid"
    bad = []
    for path, value in [(("kind",), "acceptance"), (("applicant", "name"), "上海小吃餐饮管理有限公同"),
                        (("decision", "detail"), "材料不齐"), (("issued_at",), good["notice"]["issued_at"] + 1),
                        (("case", "id"), "0" * 32)]:
        b = copy.deepcopy(good)
        o = b["notice"]
        for k in path[:-1]:
            o = o[k]
        o[path[-1]] = value
        bad.append(b)
    sig = good["signature"]["value"]
    b = copy.deepcopy(good)
    b["signature"]["value"] = ("B" if sig[10] == "A" else "A").join([sig[:10], sig[11:]])
    bad.append(b)
    for b in bad:
        v = verify(server, b)
        assert v["status"] == "invalid" and v["reason"] in ("bad_signature", "malformed"), v
    # a notice is not a certificate, nor a certificate a notice
    r = server.session().post(server.url("/api/v1/certificates/verify"),
                              json={"certificate": good["notice"], "signature": good["signature"]}, timeout=30)
    assert r.status_code == 200 and r.json()["status"] == "invalid"
    cert = all_items(owner, "/api/v1/me/certificates")[0]["signed"]
    v = verify(server, {"notice": cert["certificate"], "signature": cert["signature"]})
    assert v["status"] == "invalid" and v["reason"] == "malformed"
    assert verify_id(server, "0" * 32)["status"] == "unknown"
    assert verify_id(server, "not-an-id")["status"] == "unknown"
    r = server.session().get(server.url(f"/api/v1/notices/{case['notices'][0]['id']}/verify"),
                             params={"x": "1"}, timeout=30)
    assert r.status_code == 422


def test_someone_elses_notice_is_not_found(server):
    owner, clerk = server.as_user("xiaochi"), server.as_user("amr_clerk")
    case = act(clerk, file_case(server, owner, code=FOOD), "accept")
    nid = case["notices"][0]["id"]
    for who, status in (("zhangsan", 404), ("health_reviewer", 403), ("supervisor", 403), ("amr_reviewer", 200)):
        s = server.as_user(who)
        assert s.get(s.url(f"/api/v1/notices/{nid}"), timeout=30).status_code == status, who
        assert s.get(s.url(f"/api/v1/notices/{nid}/pdf"), timeout=60).status_code == status, who
    assert server.session().get(server.url(f"/api/v1/notices/{nid}/pdf"), timeout=30).status_code == 401
    # an unknown id is as unknown as another's
    assert server.as_user("xiaochi").get(server.url("/api/v1/notices/" + "0" * 32), timeout=30).status_code == 404
    # the notice's issue is in the audit log, in the step's transaction
    rows = server.query("SELECT COUNT(*) FROM notices WHERE case_id = ? AND kind = 'acceptance'", case["id"])
    assert rows[0][0] == 1
