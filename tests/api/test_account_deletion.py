"""Deletion of a citizen's account at their request (PIPL art. 47), as
docs/security.md states it: POST /api/v1/me/deletion {password} by the
person or enterprise themselves.

- Refused (409 cases-in-progress, nothing changed) while a case of theirs is
  submitted and not yet in a final state (completed, refused, withdrawn).
- Otherwise: name → 已注销用户; ID number, credit code, legal representative,
  phone, email and password cleared; status deleted; every session ended;
  the username and the ID number free to register again; drafts, uploads no
  case uses and the inbox deleted; submitted cases kept (government records
  under the archives rules), still naming the account by its id; the audit
  keeps every entry, and the deletion's entry records the ID number and phone
  masked, never in clear."""
import pytest

import casekit
from conftest import invalid, problem

DELETE = "/api/v1/me/deletion"


def account_row(server, account_id):
    return server.query("SELECT display_name, username, id_number, credit_code, legal_rep, phone, email, "
                        "password_hash, status FROM accounts WHERE id = ?", account_id)[0]


def test_a_person_without_cases_in_progress_is_erased(server):
    body, acc = server.new_person(email="wang@example.cn")
    me = server.login(body["username"], body["password"])
    loose = casekit.upload(me)
    other = server.login(body["username"], body["password"])     # a second session, elsewhere
    r = me.post_json(DELETE, {"password": body["password"]})
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "deleted"
    name, username, idn, credit, rep, phone, email, pw, status = account_row(server, acc["id"])
    assert (name, idn, credit, rep, phone, email, pw, status) == ("已注销用户", None, None, None, None, None, "",
                                                                  "deleted")
    assert username != body["username"]
    assert server.scalar("SELECT COUNT(*) FROM sessions WHERE account_id = ?", acc["id"]) == 0
    assert other.get_json("/api/v1/me").status_code == 401
    assert server.scalar("SELECT COUNT(*) FROM files WHERE id = ?", loose) == 0
    assert server.scalar("SELECT COUNT(*) FROM messages WHERE account_id = ?", acc["id"]) == 0
    # the old credentials open nothing; the username and ID number may be registered anew
    assert server.login_raw(body["username"], body["password"], source=server.source()).status_code == 401
    server.new_person(username=body["username"], id_number=body["id_number"], phone=body["phone"])
    # the audit keeps its entries; the deletion's names the person masked only
    entries = server.query("SELECT action, detail FROM audit_log WHERE entity_id = ? ORDER BY seq", acc["id"])
    assert entries[0][0] == "account.create" and entries[-1][0] == "account.erase"
    erase = entries[-1][1]
    assert body["id_number"][:4] + "*" in erase and body["id_number"][-4:] in erase
    assert body["phone"][:3] + "****" + body["phone"][-4:] in erase
    everything = " ".join(d for _, d in server.query("SELECT action, detail FROM audit_log"))
    assert body["id_number"] not in everything and body["phone"] not in everything


def test_refused_while_a_case_is_in_progress_and_granted_once_it_is_final(server):
    body, acc = server.new_enterprise()
    me = server.login(body["username"], body["password"])
    case = casekit.file_case(server, me)
    draft = me.post_json("/api/v1/cases", casekit.case_body(server, me, submit=False))
    assert draft.status_code == 201, draft.text
    assert draft.json()["status"] == "draft"
    tables = ("accounts", "sessions", "cases", "files", "messages", "audit_log")
    before = server.query("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables) +
                          ", (SELECT SUM(version) FROM accounts)")
    p = problem(me.post_json(DELETE, {"password": body["password"]}), 409, "cases-in-progress")
    assert "办理中" in p["title"] or "in progress" in p["title"]
    assert server.query("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {t})" for t in tables) +
                        ", (SELECT SUM(version) FROM accounts)") == before
    casekit.act(me, case, "withdraw")                  # a final state: the record stays, the account may go
    r = me.post_json(DELETE, {"password": body["password"]})
    assert r.status_code == 200, r.text
    assert account_row(server, acc["id"])[3] is None
    kept = server.query("SELECT applicant_id, status FROM cases WHERE id = ?", case["id"])
    assert kept == [(acc["id"], "withdrawn")], "a submitted case is a government record and stays"
    assert server.scalar("SELECT COUNT(*) FROM case_files WHERE case_id = ?", case["id"]) >= 1
    assert server.scalar("SELECT COUNT(*) FROM cases WHERE id = ?", draft.json()["id"]) == 0
    # the kept case's materials stay with it; the draft's went with the draft
    assert server.scalar("SELECT COUNT(*) FROM files WHERE owner_account = ? AND id NOT IN "
                         "(SELECT file_id FROM case_files)", acc["id"]) == 0


@pytest.mark.parametrize("body,pair", [
    ({}, ("password", "required")),
    ({"password": ""}, ("password", "required")),
    ({"password": 12345678}, ("password", "type")),
    ({"password": "Wrong2026pass"}, ("password", "wrong")),
    ({"password": "Secret2026x", "confirm": True}, ("confirm", "unknown_field")),
], ids=["missing", "empty", "type", "wrong", "unknown"])
def test_bad_input_names_the_field_and_changes_nothing(server, body, pair):
    b, acc = server.new_person()
    me = server.login(b["username"], b["password"])
    before = account_row(server, acc["id"]), server.scalar("SELECT COUNT(*) FROM audit_log")
    invalid(me.post_json(DELETE, body), pair)
    assert (account_row(server, acc["id"]), server.scalar("SELECT COUNT(*) FROM audit_log")) == before
    assert me.get_json("/api/v1/me").status_code == 200


def test_staff_accounts_are_not_deleted_by_their_holders(server):
    problem(server.as_user("amr_clerk").post_json(DELETE, {"password": "x"}), 403, "forbidden")
