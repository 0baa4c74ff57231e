"""The audit chain is keyed (hardening item 3): each entry's hash is a keyed
BLAKE2b whose key is derived from the platform's key file, never from the
database. Someone with write access to the database alone can change an
entry and recompute every later hash — and the chain still does not verify.
The key file is refused when others may read it, and a command that must
verify without it says so."""
import hashlib
import json
import os
import subprocess

import pytest

from conftest import BIN

GENESIS = "0" * 64


def verify(db, keystore=None):
    env = dict(os.environ)
    if keystore:
        env["ONESTOP_KEYSTORE"] = str(keystore)
    return subprocess.run([str(BIN), "audit-verify", "--db", db], capture_output=True, text=True, timeout=120,
                          env=env)


def canonical(row):
    seq, at, rid, actor, role, dept, action, entity, eid, vb, va, detail = row
    return json.dumps({"seq": seq, "at": at, "request_id": rid, "actor": actor, "role": role, "dept": dept,
                       "action": action, "entity": entity, "entity_id": eid, "version_before": vb,
                       "version_after": va, "detail": detail}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def test_a_forger_without_the_key_cannot_rewrite_the_chain(server, tmp_path):
    body, acc = server.new_person()
    seq = server.scalar("SELECT seq FROM audit_log WHERE entity_id = ? AND action = 'account.create'", acc["id"])
    server.login(body["username"], body["password"])
    copy = server.snapshot_db(tmp_path / "forged.db")
    url = f"sqlite:{copy}" if not str(copy).startswith("postgresql://") else str(copy)
    assert verify(url).returncode == 0
    # the forger changes one entry and recomputes every hash after it — as an unkeyed chain would allow
    with server.db(copy) as c:
        rows = c.execute("SELECT seq, at, request_id, actor_id, actor_role, actor_dept, action, entity, entity_id, "
                         "version_before, version_after, detail FROM audit_log WHERE seq >= ? ORDER BY seq",
                         (seq,)).fetchall()
        prev = c.execute("SELECT hash FROM audit_log WHERE seq = ?", (seq - 1,)).fetchone()
        prev = prev[0] if prev else GENESIS
        for i, r in enumerate(rows):
            r = list(r)
            if i == 0:
                r[11] = r[11].replace(body["username"], "someone_else")
            h = hashlib.blake2b(prev.encode() + canonical(r).encode(), digest_size=32).hexdigest()
            c.execute("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE seq = ?", (r[11], prev, h, r[0]))
            prev = h
        c.execute("UPDATE audit_head SET hash = ?", (prev,))
    r = verify(url)
    assert r.returncode == 3, r.stdout + r.stderr
    assert f"BROKEN at entry {seq}:" in r.stdout and "altered" in r.stdout


def test_another_key_file_does_not_verify_and_a_missing_one_is_named(server, tmp_path):
    url = f"sqlite:{server.db_path}" if server.db_url.startswith("sqlite:") else server.db_url
    assert verify(url).returncode == 0
    other = tmp_path / "other.key"
    other.write_text(os.urandom(32).hex() + "\n")
    other.chmod(0o600)
    r = verify(url, other)
    assert r.returncode == 3 and "BROKEN at entry 1:" in r.stdout, r.stdout + r.stderr
    r = verify(url, tmp_path / "none.key")
    assert r.returncode == 1 and "none.key" in r.stderr, r.stderr


def test_a_key_file_others_may_read_is_refused(tmp_path):
    key = tmp_path / "open.key"
    key.write_text(os.urandom(32).hex() + "\n")
    key.chmod(0o644)
    r = verify(f"sqlite:{tmp_path / 'x.db'}", key)
    assert r.returncode == 1 and "chmod 600" in r.stderr, r.stderr
    key.write_text("not a key\n")
    key.chmod(0o600)
    r = verify(f"sqlite:{tmp_path / 'x.db'}", key)
    assert r.returncode == 1 and "does not hold a key" in r.stderr, r.stderr


def test_a_key_file_is_exactly_a_key_and_a_newline(tmp_path):
    """The key file holds the key as 64 hex digits (one newline may follow); a file with anything else
    in it — a NUL and more text after the key, the digits split by a newline, a second line — is not
    a key file, whichever key its first 64 digits spell."""
    key = tmp_path / "k.key"
    digits = os.urandom(32).hex()
    for text in (digits.encode() + b"\0more", (digits[:32] + "\n" + digits[32:] + "\n").encode(),
                 (digits + "\n\n\n\n\n\n\n\nmore text").encode(), (digits + "\r\n").encode()):
        key.write_bytes(text)
        key.chmod(0o600)
        r = verify(f"sqlite:{tmp_path / 'x.db'}", key)
        assert r.returncode == 1 and "does not hold a key" in r.stderr, (text, r.stderr)


def test_seed_creates_the_key_file_beside_the_database_0600(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ONESTOP_KEYSTORE"}
    db = tmp_path / "fresh.db"
    r = subprocess.run([str(BIN), "seed", "--db", f"sqlite:{db}"], capture_output=True, text=True, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    key = tmp_path / "keystore.key"
    assert key.exists() and (key.stat().st_mode & 0o777) == 0o600
    assert len(key.read_text().strip()) == 64
    assert key.read_text().strip() not in (r.stdout + r.stderr)          # never printed
    r = subprocess.run([str(BIN), "audit-verify", "--db", f"sqlite:{db}"], capture_output=True, text=True,
                       env=env, timeout=120)
    assert r.returncode == 0 and "intact" in r.stdout, r.stdout + r.stderr


# ---------------------------------------------------------------- signed checkpoints


def checkpoints_of(srv):
    """The server's checkpoint file (audit-checkpoints.jsonl beside a SQLite
    database, var/ under its working directory otherwise)."""
    if srv.db_url.startswith("sqlite:"):
        return srv.db_path.parent / "audit-checkpoints.jsonl"
    return srv.dir / "var" / "audit-checkpoints.jsonl"


def verify_with(db, checkpoints):
    return subprocess.run([str(BIN), "audit-verify", "--db", db, "--checkpoints", str(checkpoints)],
                          capture_output=True, text=True, timeout=120)


def test_signed_checkpoints_catch_a_log_cut_short_with_its_head_put_back(ts, tmp_path):
    ts.new_person()
    ts.run_jobs()
    head = ts.get("/api/v1/audit/head")
    assert head.status_code == 200, head.text
    cp = head.json()
    assert set(cp) == {"seq", "hash", "at", "public_key", "signature"} and cp["seq"] >= 2
    lines = [json.loads(l) for l in checkpoints_of(ts).read_text().splitlines()]
    assert lines[-1] == cp                                        # the file and the API say the same
    ts.new_person()                                               # the head moves on; no new checkpoint yet
    ts.run_jobs()
    ts.run_jobs()                                                 # nothing new since: no second line for it
    lines = [json.loads(l) for l in checkpoints_of(ts).read_text().splitlines()]
    assert [l["seq"] for l in lines] == sorted({l["seq"] for l in lines}) and lines[-1]["seq"] > cp["seq"]
    db = ts.db_url if ts.db_url.startswith("postgresql://") else f"sqlite:{ts.db_path}"
    r = verify_with(db, checkpoints_of(ts))
    assert r.returncode == 0 and "checkpoints hold" in r.stdout, r.stdout + r.stderr

    # a copy whose last entries are deleted and whose head is put back on the new last entry:
    # the chain alone cannot tell (it verifies); the signed checkpoints can
    copy = ts.snapshot_db(tmp_path / "cut.db")
    target = str(copy) if str(copy).startswith("postgresql://") else f"sqlite:{copy}"
    cut = lines[-1]["seq"]
    with ts.db(copy) as c:
        c.execute("DELETE FROM audit_log WHERE seq >= ?", (cut,))
        seq, h = c.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        c.execute("UPDATE audit_head SET seq = ?, hash = ?", (seq, h))
        c.execute("DELETE FROM audit_checkpoints WHERE seq >= ?", (cut,))
    assert verify(target).returncode == 0
    r = verify_with(target, checkpoints_of(ts))
    assert r.returncode == 3, r.stdout + r.stderr
    assert f"BROKEN at entry {cut}:" in r.stdout and "missing" in r.stdout

    # a forged line (another key's signature) is named too
    forged = tmp_path / "forged.jsonl"
    bad = dict(lines[0], signature="0" * 128)
    forged.write_text(json.dumps(bad) + "\n")
    r = verify_with(db, forged)
    assert r.returncode == 3 and "not signed by this platform's key" in r.stdout, r.stdout + r.stderr
    r = verify_with(db, tmp_path / "none.jsonl")
    assert r.returncode == 1 and "none.jsonl" in r.stderr


def test_a_checkpoint_line_that_names_no_entry_is_never_taken_as_holding(ts, tmp_path):
    """Every line of the file must be a signed checkpoint of an entry (sequence numbers start at 1):
    a line claiming entry 0 or a negative one, or with anything else than the five fields, cannot
    verify, so the file does not hold — it is not skipped or counted as a good checkpoint."""
    ts.new_person()
    ts.run_jobs()
    good = checkpoints_of(ts).read_text().splitlines()
    db = ts.db_url if ts.db_url.startswith("postgresql://") else f"sqlite:{ts.db_path}"
    genuine = json.loads(good[-1])
    for bad in (dict(genuine, seq=0, signature="0" * 128), dict(genuine, seq=-5, signature="0" * 128),
                dict(genuine, seq=0), dict(genuine, extra=1)):
        f = tmp_path / "with-bad-line.jsonl"
        f.write_text("\n".join(good + [json.dumps(bad)]) + "\n")
        r = verify_with(db, f)
        assert r.returncode != 0 and "checkpoints hold" not in r.stdout, (bad, r.stdout + r.stderr)
