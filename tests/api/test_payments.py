"""Fees (issue 16, build item 4; docs/payments.md). A matter with a fee issues a
payment notice (缴款通知书) at the step it names, with a payment code of 20
digits whose last two are the ISO 7064 MOD 97-10 check; the applicant is told.
The notice is paid once: at the window, where a clerk of the case's department
records the money, or by the payment provider's notification, whose exact body
is signed with the provider's Ed25519 key (the platform has its public key,
--payment-key). Where the matter makes the result wait for the fee, the result
is not issued until the notice is paid. A forged, tampered, replayed or wrong
notification changes nothing.

The test provider below signs with PyNaCl (Debian's python3-nacl). The matters
are published for the test: the food licence's document under other codes,
with a fee."""
import base64
import json
import random
import re

import pytest
from nacl.signing import SigningKey

from casekit import FOOD, SEAL, act, case_body, file_case, food_form, own_code, seal_form
from conftest import REPO, Server, _used_servers, problem

PROVIDER = SigningKey.generate()        # the test payment provider
STRANGER = SigningKey.generate()        # anyone else
FEE = 12345                             # fen: 123.45 yuan


def mod97_ok(code):
    """ISO 7064 MOD 97-10, as the standard states it: the whole number mod 97 is 1."""
    return len(code) == 20 and code.isdigit() and int(code) % 97 == 1


def with_check(first18):
    return first18 + "%02d" % (98 - int(first18) * 100 % 97)


@pytest.fixture(scope="module")
def srv():
    s = Server(env={"ONESTOP_PAYMENT_KEY": PROVIDER.verify_key.encode().hex()}).start()
    _used_servers.append(s)
    yield s
    rc = s.stop()
    _used_servers.remove(s)
    assert rc == 0, s.log_tail()
    s.tmp.cleanup()


def food_doc(**over):
    docs = json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))
    doc = dict(next(d for d in docs if d["code"] == FOOD))
    doc["code"] = "XK98" + "".join(random.choice("0123456789") for _ in range(6))
    doc["name"] = {"zh": "收费测试许可" + doc["code"][-4:], "en": "Fee test licence " + doc["code"][-4:]}
    doc.update(over)
    return doc


def publish(server, **over):
    doc = food_doc(**over)
    r = server.as_user("admin").post_json("/api/v1/matters", doc)
    assert r.status_code == 201, r.text
    return doc["code"]


@pytest.fixture(scope="module")
def waits(srv):
    """A fee issued with the decision; the licence waits for it."""
    return publish(srv, fee_fen=FEE, fee_step="approve", fee_before_result=True)


@pytest.fixture(scope="module")
def at_accept(srv):
    """A fee issued at acceptance; the result does not wait."""
    return publish(srv, fee_fen=FEE, fee_step="accept")


@pytest.fixture(scope="module")
def applicant(srv):
    body, _ = srv.new_enterprise()
    return srv.login(body["username"], body["password"])


def approved(srv, applicant, code):
    clerk, reviewer = srv.as_user("amr_clerk"), srv.as_user("amr_reviewer")
    case = file_case(srv, applicant, code=code, form=food_form(credit_code=own_code(applicant)))
    assert case["payment"] is None
    case = act(clerk, case, "accept")
    case = act(reviewer, case, "review")
    return act(reviewer, case, "approve", {"opinion": "同意"})


ISSUE = {"number": "JY13101019999999", "title": "食品经营许可证", "fields": {"主体业态": "餐饮服务经营者"}}


def notice_row(srv, case_id):
    return srv.query("SELECT status, paid_at, channel, method, recorded_by, provider_txn, receipt_number, "
                     "version FROM payment_notices WHERE case_id = ?", case_id)


def state(srv, case_id):
    """What a refused request must leave as it was."""
    return (notice_row(srv, case_id), srv.scalar("SELECT COUNT(*) FROM audit_log"),
            srv.scalar("SELECT COUNT(*) FROM messages"),
            srv.scalar("SELECT version FROM cases WHERE id = ?", case_id))


def signed(body, key=PROVIDER):
    raw = json.dumps(body, ensure_ascii=False).encode()
    return raw, base64.b64encode(key.sign(raw).signature).decode()


def notify(server, raw, sig=None, **headers):
    if sig is not None:
        headers["X-Payment-Signature"] = sig
    return server.post("/api/v1/payments/notify", data=raw,
                       headers={"Content-Type": "application/json", **headers})


def paid_body(case, **over):
    p = case["payment"]
    body = {"payment_code": p["payment_code"], "amount_fen": p["amount_fen"],
            "transaction_id": "T" + "".join(random.choice("0123456789") for _ in range(16)),
            "paid_at": "2026-12-03T10:00:00Z"}
    body.update(over)
    return body


# ---- the notice ----

def test_the_notice_comes_with_the_step_the_matter_names(srv, applicant, waits, at_accept):
    case = approved(srv, applicant, waits)
    p = case["payment"]
    assert p["status"] == "issued" and p["amount_fen"] == FEE and p["amount_yuan"] == "123.45"
    assert p["issued_step"] == "approve" and p["result_waits"] is True and p["receipt_number"] is None
    assert mod97_ok(p["payment_code"]), p["payment_code"]
    assert p["how_to_pay"]["zh"] and p["how_to_pay"]["en"]
    msgs = applicant.get_json("/api/v1/me/messages").json()
    items = msgs["items"] if isinstance(msgs, dict) else msgs
    assert any(m["kind"] == "payment_notice" and p["payment_code"] in m["body"]["zh"]
               and p["payment_code"] in m["body"]["en"] and "123.45" in m["body"]["zh"] for m in items), items
    # at acceptance for the other matter; two notices never share a code
    case2 = file_case(srv, applicant, code=at_accept, form=food_form(credit_code=own_code(applicant)))
    case2 = act(srv.as_user("amr_clerk"), case2, "accept")
    assert case2["payment"]["status"] == "issued" and case2["payment"]["issued_step"] == "accept"
    assert case2["payment"]["result_waits"] is False
    assert case2["payment"]["payment_code"] != p["payment_code"]


def test_a_window_filing_accepted_at_once_comes_with_its_notice(srv, applicant, at_accept):
    clerk = srv.as_user("amr_clerk")
    code = own_code(applicant)
    body = case_body(srv, clerk, at_accept, form=food_form(credit_code=code), channel="window",
                     applicant={"credit_code": code}, accept=True)
    r = clerk.post_json("/api/v1/cases", body)
    assert r.status_code == 201, r.text
    case = r.json()
    assert case["status"] == "accepted" and case["payment"]["status"] == "issued", case["payment"]
    assert mod97_ok(case["payment"]["payment_code"])


def test_a_matter_without_a_fee_issues_no_notice(srv, applicant):
    case = approved(srv, applicant, FOOD)
    assert case["payment"] is None and "issue" in case["allowed_actions"]


def test_the_result_waits_for_the_fee_then_goes_out(srv, applicant, waits):
    reviewer = srv.as_user("amr_reviewer")
    case = approved(srv, applicant, waits)
    assert "issue" not in case["allowed_actions"]
    before = state(srv, case["id"])
    p = problem(reviewer.post_json(f"/api/v1/cases/{case['id']}/actions/issue", ISSUE,
                                   headers={"If-Match": f'"{case["version"]}"'}), 409, "invalid-state")
    assert state(srv, case["id"]) == before
    r = srv.as_user("amr_clerk").post_json(f"/api/v1/cases/{case['id']}/payment",
                                           {"payment_code": case["payment"]["payment_code"],
                                            "amount_fen": FEE, "method": "card"})
    assert r.status_code == 200, r.text
    case = reviewer.get_json(f"/api/v1/cases/{case['id']}").json()
    assert "issue" in case["allowed_actions"]
    assert act(reviewer, case, "issue", ISSUE)["status"] == "completed"   # delivered electronically


def test_where_the_result_does_not_wait_it_goes_out_unpaid(srv, applicant, at_accept):
    reviewer = srv.as_user("amr_reviewer")
    case = file_case(srv, applicant, code=at_accept, form=food_form(credit_code=own_code(applicant)))
    case = act(srv.as_user("amr_clerk"), case, "accept")
    case = act(reviewer, act(reviewer, case, "review"), "approve", {"opinion": "同意"})
    assert case["payment"]["status"] == "issued"
    assert act(reviewer, case, "issue", ISSUE)["status"] == "completed"   # delivered electronically


# ---- the window ----

def test_a_clerk_of_the_department_records_the_payment(srv, applicant, waits):
    case = approved(srv, applicant, waits)
    code = case["payment"]["payment_code"]
    clerk = srv.as_user("amr_clerk")
    url = f"/api/v1/cases/{case['id']}/payment"
    before = state(srv, case["id"])
    # the wrong sum, another code, an unknown method: 422 naming the field, nothing recorded
    for body, field in (({"payment_code": code, "amount_fen": FEE - 1, "method": "cash"}, "amount_fen"),
                        ({"payment_code": with_check("1" * 18), "amount_fen": FEE, "method": "cash"}, "payment_code"),
                        ({"payment_code": code[:-1] + str((int(code[-1]) + 1) % 10), "amount_fen": FEE,
                          "method": "cash"}, "payment_code"),
                        ({"payment_code": code, "amount_fen": FEE, "method": "cheque"}, "method")):
        p = problem(clerk.post_json(url, body), 422, "validation")
        assert field in {e["field"] for e in p["errors"]}, p
    assert state(srv, case["id"]) == before
    r = clerk.post_json(url, {"payment_code": code, "amount_fen": FEE, "method": "cash"})
    assert r.status_code == 200, r.text
    n = r.json()
    assert n["status"] == "paid" and n["channel"] == "window" and n["method"] == "cash"
    assert re.fullmatch(r"R\d{8}-\d{10}", n["receipt_number"]) and n["paid_at"], n
    # a supervisor reads the notice as it is: the code and the receipt are nobody's personal numbers
    seen = srv.as_user("supervisor").get_json(f"/api/v1/cases/{case['id']}").json()["payment"]
    assert seen["payment_code"] == code and seen["receipt_number"] == n["receipt_number"]
    row = notice_row(srv, case["id"])[0]
    assert row[4] == clerk.account["id"] and row[6] == n["receipt_number"]
    # the case shows it, to its applicant too
    mine = applicant.get_json(f"/api/v1/cases/{case['id']}").json()["payment"]
    assert mine["status"] == "paid" and mine["receipt_number"] == n["receipt_number"]
    # paid once: a second record is refused and changes nothing
    after = state(srv, case["id"])
    problem(clerk.post_json(url, {"payment_code": code, "amount_fen": FEE, "method": "cash"}), 409, "invalid-state")
    assert state(srv, case["id"]) == after
    assert srv.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid' AND entity_id = ?",
                      n["id"]) == 1


def test_only_a_window_clerk_of_the_case_department_records_it(srv, applicant, waits):
    case = approved(srv, applicant, waits)
    url = f"/api/v1/cases/{case['id']}/payment"
    body = {"payment_code": case["payment"]["payment_code"], "amount_fen": FEE, "method": "cash"}
    other, _ = srv.new_person()
    someone = srv.login(other["username"], other["password"])
    psb, reviewer, supervisor = (srv.as_user(u) for u in ("psb_clerk", "amr_reviewer", "supervisor"))
    before = state(srv, case["id"])       # logging in is audited: taken once everyone is in
    problem(psb.post_json(url, body), 403)          # another department's clerk
    problem(reviewer.post_json(url, body), 403)     # not the window
    problem(supervisor.post_json(url, body), 403)
    problem(applicant.post_json(url, body), 403)                      # the applicant pays, never records
    problem(someone.post_json(url, body), 403)
    problem(srv.post(url, body), 401)
    assert state(srv, case["id"]) == before
    # another citizen does not see the case, nor so its notice
    problem(someone.get_json(f"/api/v1/cases/{case['id']}"), 404)


def test_a_case_without_a_notice_has_nothing_to_record(srv, applicant):
    case = approved(srv, applicant, FOOD)
    problem(srv.as_user("amr_clerk").post_json(f"/api/v1/cases/{case['id']}/payment",
                                               {"payment_code": with_check("2" * 18), "amount_fen": 100,
                                                "method": "cash"}), 404)


# ---- the provider ----

def test_the_providers_signed_notification_pays_the_notice(srv, applicant, waits):
    case = approved(srv, applicant, waits)
    body = paid_body(case)
    raw, sig = signed(body)
    r = notify(srv, raw, sig)
    assert r.status_code == 200, r.text
    n = r.json()
    assert n["status"] == "paid" and n["channel"] == "provider" and n["transaction_id"] == body["transaction_id"]
    assert n["receipt_number"]
    seen = applicant.get_json(f"/api/v1/cases/{case['id']}").json()
    assert seen["payment"]["status"] == "paid"
    reviewer = srv.as_user("amr_reviewer")
    assert "issue" in reviewer.get_json(f"/api/v1/cases/{case['id']}").json()["allowed_actions"]
    # the provider retries (it did not hear us): the same answer, nothing paid twice
    after = state(srv, case["id"])
    again = notify(srv, raw, sig)
    assert again.status_code == 200 and again.headers.get("Idempotent-Replayed") == "true", again.text
    assert again.json()["receipt_number"] == n["receipt_number"]
    assert state(srv, case["id"]) == after
    # a second transaction for a notice paid already is refused
    raw2, sig2 = signed(paid_body(case))
    problem(notify(srv, raw2, sig2), 409, "invalid-state")
    assert state(srv, case["id"]) == after


def test_forged_and_tampered_notifications_change_nothing(srv, applicant, waits):
    case = approved(srv, applicant, waits)
    body = paid_body(case)
    before = state(srv, case["id"])
    raw, sig = signed(body)
    forged_raw, forged_sig = signed(body, STRANGER)
    # tampered: the provider's signature, on a body changed after signing (a smaller sum, another code)
    cheaper = raw.replace(str(FEE).encode(), b"1")
    assert cheaper != raw
    cases = [
        (forged_raw, forged_sig),                              # signed by another key
        (cheaper, sig),                                        # the body changed
        (raw + b" ", sig),                                     # even by a byte the JSON does not mind
        (raw, None),                                           # no signature
        (raw, ""),
        (raw, "not base64!"),
        (raw, base64.b64encode(b"\0" * 64).decode()),
        (raw, base64.b64encode(PROVIDER.sign(raw).signature[:63]).decode()),   # cut short
    ]
    for data, s in cases:
        p = problem(notify(srv, data, s), 403, "signature-invalid")
        assert p["title"]
    assert state(srv, case["id"]) == before
    assert srv.scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid'") is not None
    # the genuine one still pays
    assert notify(srv, raw, sig).status_code == 200


def test_a_signed_notification_must_name_the_notice_and_its_sum(srv, applicant, waits):
    case = approved(srv, applicant, waits)
    before = state(srv, case["id"])
    # the provider's key, but the wrong sum: 422 naming amount_fen
    raw, sig = signed(paid_body(case, amount_fen=FEE - 45))
    p = problem(notify(srv, raw, sig), 422, "validation")
    assert "amount_fen" in {e["field"] for e in p["errors"]}
    # a code with valid check digits that no notice has: 404
    raw, sig = signed(paid_body(case, payment_code=with_check("9" * 18)))
    problem(notify(srv, raw, sig), 404)
    # a code whose check digits fail, a missing member: 422
    code = case["payment"]["payment_code"]
    raw, sig = signed(paid_body(case, payment_code=code[:-2] + ("00" if code[-2:] != "00" else "01")))
    assert "payment_code" in {e["field"] for e in problem(notify(srv, raw, sig), 422)["errors"]}
    body = paid_body(case)
    del body["transaction_id"]
    raw, sig = signed(body)
    assert "transaction_id" in {e["field"] for e in problem(notify(srv, raw, sig), 422)["errors"]}
    assert state(srv, case["id"]) == before


def test_a_transaction_pays_one_notice_only(srv, applicant, waits):
    one, two = approved(srv, applicant, waits), approved(srv, applicant, waits)
    body = paid_body(one)
    raw, sig = signed(body)
    assert notify(srv, raw, sig).status_code == 200
    before = state(srv, two["id"])
    raw2, sig2 = signed(paid_body(two, transaction_id=body["transaction_id"]))
    problem(notify(srv, raw2, sig2), 409, "conflict")
    assert state(srv, two["id"]) == before


def test_a_case_ending_without_a_result_cancels_its_unpaid_notice(srv, applicant, at_accept):
    reviewer = srv.as_user("amr_reviewer")
    case = file_case(srv, applicant, code=at_accept, form=food_form(credit_code=own_code(applicant)))
    case = act(srv.as_user("amr_clerk"), case, "accept")
    case = act(reviewer, act(reviewer, case, "review"), "deny",
               {"reason": "场所不符合食品安全要求", "legal_basis": "《食品经营许可管理办法》第十一条"})
    assert case["payment"]["status"] == "cancelled"
    before = state(srv, case["id"])
    raw, sig = signed(paid_body(case))
    problem(notify(srv, raw, sig), 409, "invalid-state")
    problem(srv.as_user("amr_clerk").post_json(f"/api/v1/cases/{case['id']}/payment",
                                               {"payment_code": case["payment"]["payment_code"],
                                                "amount_fen": FEE, "method": "cash"}), 409)
    assert state(srv, case["id"]) == before


def test_without_a_provider_key_notifications_are_refused(server):
    raw, sig = signed({"payment_code": with_check("3" * 18), "amount_fen": 100, "transaction_id": "T1"})
    problem(notify(server, raw, sig), 503)


# ---- the catalogue ----

@pytest.mark.parametrize("over,field", [
    ({"fee_fen": FEE, "fee_step": "deliver"}, "fee_step"),
    ({"fee_fen": 0, "fee_step": "approve"}, "fee_step"),
    ({"fee_fen": 0, "fee_before_result": True}, "fee_before_result"),
    ({"fee_fen": FEE, "fee_before_result": "yes"}, "fee_before_result"),
])
def test_the_catalogue_checks_how_a_fee_is_declared(server, over, field):
    r = server.as_user("admin").post_json("/api/v1/matters", food_doc(**over))
    assert r.status_code == 422 and field in {e["field"] for e in r.json()["errors"]}, r.text


def test_an_immediate_matter_cannot_make_its_result_wait(server):
    docs = json.loads((REPO / "data/demo/matters.json").read_text(encoding="utf-8"))
    doc = dict(next(d for d in docs if d["code"] == SEAL), code="QT98" + str(random.randint(100000, 999999)),
               fee_fen=500, fee_before_result=True)
    r = server.as_user("admin").post_json("/api/v1/matters", doc)
    assert r.status_code == 422 and "fee_before_result" in {e["field"] for e in r.json()["errors"]}, r.text
    doc["fee_before_result"] = False       # a fee it takes at once is fine: the notice comes as it is done
    assert server.as_user("admin").post_json("/api/v1/matters", doc).status_code == 201
    body, _ = server.new_enterprise()
    firm = server.login(body["username"], body["password"])
    case = file_case(server, firm, code=doc["code"], form=dict(seal_form(), credit_code=own_code(firm)))
    done = act(server.as_user("psb_clerk"), case, "handle_now")
    assert done["status"] == "completed" and done["payment"]["status"] == "issued"
    assert done["payment"]["issued_step"] == "handle_now" and done["payment"]["amount_fen"] == 500


def test_a_fee_without_a_step_is_issued_with_the_decision(server):
    code = publish(server, fee_fen=500)
    doc = server.get(f"/api/v1/matters/{code}").json()
    assert doc["fee_step"] == "approve" and doc["fee_before_result"] is False


def test_the_demo_id_card_renewal_waits_for_its_fee(server):
    doc = server.get("/api/v1/matters/QR00101002").json()
    assert doc["fee_fen"] == 2000 and doc["fee_step"] == "accept" and doc["fee_before_result"] is True
