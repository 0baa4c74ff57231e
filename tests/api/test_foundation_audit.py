"""The tamper-evident audit log: GET /api/v1/audit for supervisors and
administrators, entries tied to the request that made them, and
`onestop audit-verify` naming the first entry that was altered or removed."""
import re
import subprocess

import pytest

from conftest import BIN, invalid, person_body, problem, uniq


def test_supervisor_and_audit_admin_read_an_accounts_history(server):
    # 1. a person registers, with a request id chosen by the client
    rid = "test-" + uniq("rid").replace("_", "-")
    body = person_body()
    r = server.post("/api/v1/accounts", body, headers={"X-Request-Id": rid})
    assert r.status_code == 201 and r.headers["X-Request-Id"] == rid
    acc = r.json()
    # 2. and logs in (a second entry, by the person)
    login = server.login_raw(body["username"], body["password"])
    assert login.status_code == 201

    for who in ("supervisor", "auditadmin"):
        r = server.as_user(who).get_json("/api/v1/audit", params={"entity": "account", "id": acc["id"]})
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        assert [e["action"] for e in items] == ["session.create", "account.create"]      # newest first
        login_e, create_e = items
        assert create_e["request_id"] == rid
        assert create_e["actor"] == "anonymous" and create_e["role"] == "anonymous"
        assert create_e["entity"] == "account" and create_e["entity_id"] == acc["id"]
        assert create_e["version_before"] == 0 and create_e["version_after"] == 1
        assert create_e["detail"] == {"kind": "person", "username": body["username"], "roles": "person"}
        assert login_e["request_id"] == login.headers["X-Request-Id"]
        assert login_e["actor"] == acc["id"] and login_e["role"] == "person"
        for e in items:
            assert re.fullmatch(r"[0-9a-f]{64}", e["hash"])
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", e["at"])
        assert login_e["seq"] > create_e["seq"]
        # no personal data in the audit trail of a registration
        assert body["id_number"] not in r.text and body["phone"] not in r.text


def test_audit_of_a_staff_write_names_the_admin(server):
    admin = server.as_user("secadmin")
    r = admin.post_json("/api/v1/staff", {"username": uniq("st"), "password": "Staff2026x", "name": "卫健审查 新同事",
                                          "department": "health", "roles": "reviewer"})
    assert r.status_code == 201
    items = server.as_user("supervisor").get_json(
        "/api/v1/audit", params={"entity": "account", "id": r.json()["id"]}).json()["items"]
    assert len(items) == 1
    e = items[0]
    assert (e["actor"], e["role"], e["department"], e["request_id"]) == \
        (admin.account["id"], "security_admin", "gso", r.headers["X-Request-Id"])
    assert e["detail"]["department"] == "health" and e["detail"]["roles"] == "reviewer"


def test_audit_list_pages_backwards(server):
    sup = server.as_user("supervisor")
    page = sup.get_json("/api/v1/audit").json()
    assert 1 <= len(page["items"]) <= 100
    seqs = [e["seq"] for e in page["items"]]
    assert seqs == sorted(seqs, reverse=True)
    older = sup.get_json("/api/v1/audit", params={"before": seqs[0]}).json()["items"]
    assert older and older[0]["seq"] < seqs[0]
    only = sup.get_json("/api/v1/audit", params={"entity": "department"}).json()["items"]
    assert only and {e["entity"] for e in only} == {"department"}


def test_audit_access(server):
    body, acc = server.new_person()
    person = server.login(body["username"], body["password"])
    reviewer = server.as_user("amr_reviewer")
    q = {"entity": "account", "id": acc["id"]}
    problem(server.get("/api/v1/audit", params=q), 401, "unauthorized")
    problem(person.get_json("/api/v1/audit", params=q), 403, "forbidden")      # not even their own account
    problem(reviewer.get_json("/api/v1/audit", params=q), 403, "forbidden")


@pytest.mark.parametrize("q,pair", [
    ({"id": "abc"}, ("entity", "required")),
    ({"entity": "x" * 33}, ("entity", "too_long")),
    ({"entity": "account", "id": "i" * 65}, ("id", "too_long")),
    ({"before": "0"}, ("before", "type")),
    ({"before": "12x"}, ("before", "type")),
    ({"before": ""}, ("before", "type")),
])
def test_audit_bad_queries(server, q, pair):
    invalid(server.as_user("auditadmin").get_json("/api/v1/audit", params=q), pair)


def test_audit_verify_finds_the_altered_entry(server, tmp_path):
    # 1. a registration whose entry we will alter in a copy
    body, acc = server.new_person()
    seq = server.scalar("SELECT seq FROM audit_log WHERE entity = 'account' AND entity_id = ? "
                        "AND action = 'account.create'", acc["id"])
    # and a later entry, so the one we remove below is not the last (a chain
    # without an outside anchor cannot tell a cut-off tail from a short log)
    server.login(body["username"], body["password"])

    # 2. the live database verifies
    r = server.cli("audit-verify")
    assert r.returncode == 0, r.stdout + r.stderr
    m = re.search(r"audit chain intact: (\d+) entries", r.stdout)
    assert m and int(m.group(1)) >= seq

    # 3. one byte of one entry's detail changed, in a copy: exit 3, naming that entry
    copy = server.snapshot_db(tmp_path / "altered.db")
    with server.db(copy) as c:
        detail = c.execute("SELECT detail FROM audit_log WHERE seq = ?", (seq,)).fetchone()[0]
        i = detail.index(body["username"])
        changed = detail[:i] + ("X" if detail[i] != "X" else "Y") + detail[i + 1:]
        c.execute("UPDATE audit_log SET detail = ? WHERE seq = ?", (changed, seq))
    r = server.cli("audit-verify", db=copy)
    assert r.returncode == 3, r.stdout + r.stderr
    assert f"BROKEN at entry {seq}:" in r.stdout and "altered" in r.stdout

    # 4. an entry deleted, in another copy: named as missing
    copy2 = server.snapshot_db(tmp_path / "deleted.db")
    with server.db(copy2) as c:
        c.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))
    r = server.cli("audit-verify", db=copy2)
    assert r.returncode == 3 and f"BROKEN at entry {seq}:" in r.stdout and "missing" in r.stdout

    # 5. an entry re-hashed by a forger without fixing its successor: the link breaks
    copy3 = server.snapshot_db(tmp_path / "relinked.db")
    with server.db(copy3) as c:
        c.execute("UPDATE audit_log SET prev_hash = ? WHERE seq = ?", ("0" * 64, seq))
    r = server.cli("audit-verify", db=copy3)
    assert r.returncode == 3 and f"BROKEN at entry {seq}:" in r.stdout

    # 6. the live database was not touched by any of this
    assert server.cli("audit-verify").returncode == 0


def test_audit_verify_usage(server, tmp_path):
    r = subprocess.run([str(BIN), "audit-verify", "--bogus"], capture_output=True, text=True)
    assert r.returncode == 2
    r = subprocess.run([str(BIN), "audit-verify", "--db", "mysql://x"], capture_output=True, text=True)
    assert r.returncode == 1 and "sqlite:" in r.stderr
