"""Retention per kind of data (docs/operations.md, "Retention"): a background
job removes what is past its period, counted from when it stopped serving
its purpose, and keeps case records (government records under the archives
rules) whatever their age. Defaults, in days: expired sessions 7, used or
expired reset codes 1, drafts unchanged 90, read or delivered messages 180,
uploads no case uses 30; each set by `--retain NAME=DAYS` or
ONESTOP_RETENTION. Time moves with the test build's clock; the jobs run
through POST /api/v1/test/jobs."""
import subprocess

import pytest

import casekit
from conftest import BIN, TestServer


def count(ts, sql, *args):
    return ts.scalar("SELECT COUNT(*) " + sql, *args)


@pytest.fixture(scope="module")
def world(ts):
    ts.set_clock(ms=0)
    person, p_acc = ts.new_person()
    session = ts.login(person["username"], person["password"])
    assert ts.post("/api/v1/password-resets", {"username": person["username"],
                                                "phone": person["phone"]}).status_code == 202
    ent, e_acc = ts.new_enterprise()
    me = ts.login(ent["username"], ent["password"])
    case = casekit.file_case(ts, me)
    draft = me.post_json("/api/v1/cases", casekit.case_body(ts, me, submit=False)).json()
    loose = casekit.upload(me)
    # the enterprise read its inbox (the API has no "mark read" yet: the row says it)
    ts.execute("UPDATE messages SET read_at = created_at WHERE account_id = ?", e_acc["id"])
    read = count(ts, "FROM messages WHERE account_id = ? AND read_at IS NOT NULL", e_acc["id"])
    assert read >= 1
    yield {"person": p_acc["id"], "session": session, "ent": e_acc["id"], "case": case["id"],
           "draft": draft["id"], "loose": loose}
    ts.set_clock(ms=0)


def at(ts, days):
    ts.set_clock(ms=int(days * 86_400_000))
    ts.run_jobs()


def test_each_kind_goes_when_its_period_is_over_and_case_records_stay(ts, world):
    w = world
    sessions = lambda: count(ts, "FROM sessions WHERE account_id = ?", w["person"])
    resets = lambda: count(ts, "FROM password_resets WHERE account_id = ?", w["person"])
    reset_msgs = lambda: count(ts, "FROM messages WHERE account_id = ? AND kind = 'password_reset'",
                               w["person"])
    loose = lambda: count(ts, "FROM files WHERE id = ?", w["loose"])
    draft = lambda: count(ts, "FROM cases WHERE id = ?", w["draft"])
    read_msgs = lambda: count(ts, "FROM messages WHERE account_id = ? AND read_at IS NOT NULL", w["ent"])
    case = lambda: count(ts, "FROM cases WHERE id = ?", w["case"])
    assert (sessions(), resets(), reset_msgs(), loose(), draft(), case()) == (1, 1, 1, 1, 1, 1)
    ts.run_jobs()
    assert (sessions(), resets(), reset_msgs(), loose(), draft()) == (1, 1, 1, 1, 1), "nothing is due yet"
    at(ts, 0.5)                                   # the code expired 10 minutes in; its day is not over
    assert (resets(), reset_msgs()) == (1, 1)
    at(ts, 2)                                     # a day past the code's expiry: code and message go
    assert (resets(), reset_msgs(), sessions()) == (0, 0, 1)
    at(ts, 7)                                     # the session expired after 8 hours: not 7 days ago yet
    assert sessions() == 1
    at(ts, 8)
    assert sessions() == 0 and loose() == 1
    at(ts, 29)
    assert loose() == 1
    at(ts, 31)
    assert loose() == 0 and draft() == 1
    at(ts, 89)
    assert draft() == 1
    draft_files = [r[0] for r in ts.query("SELECT file_id FROM case_files WHERE case_id = ?", w["draft"])]
    at(ts, 91)
    assert draft() == 0 and read_msgs() >= 1
    assert count(ts, "FROM case_files WHERE case_id = ?", w["draft"]) == 0
    for f in draft_files:                         # a purged draft's uploads are uploads no case uses
        assert count(ts, "FROM files WHERE id = ?", f) == 0
    at(ts, 179)
    assert read_msgs() >= 1
    at(ts, 181)
    assert read_msgs() == 0
    # the case record, its materials and its timeline, whatever their age
    assert case() == 1
    assert count(ts, "FROM case_files WHERE case_id = ?", w["case"]) >= 1
    assert count(ts, "FROM case_events WHERE case_id = ?", w["case"]) >= 1
    ts.set_clock(ms=0)


def test_periods_are_set_by_flag_and_environment():
    s = TestServer(["--retain", "uploads=2"], env={"ONESTOP_RETENTION": "drafts=5,sessions=0"}).start()
    try:
        assert "sessions=0 reset_codes=1 drafts=5 messages=180 uploads=2" in s.log_text()
        body, acc = s.new_enterprise()
        me = s.login(body["username"], body["password"])
        f = casekit.upload(me)
        s.set_clock(days=1)
        s.run_jobs()
        assert count(s, "FROM files WHERE id = ?", f) == 1
        s.set_clock(days=3)
        s.run_jobs()
        assert count(s, "FROM files WHERE id = ?", f) == 0
    finally:
        assert s.stop() == 0
        s.tmp.cleanup()


@pytest.mark.parametrize("spec", ["nothing=5", "uploads=-1", "uploads=x", "uploads", "uploads=36501"])
def test_a_wrong_period_stops_the_server_at_start(spec):
    r = subprocess.run([str(BIN), "serve", "--db", "sqlite::memory:", "--retain", spec], capture_output=True,
                       text=True, timeout=30)
    assert r.returncode == 2, r.stderr
    assert "--retain wants NAME=DAYS" in r.stderr


def test_each_run_of_the_message_purge_is_bounded_and_in_turn_reaches_every_message(ts, world):
    """Unseen messages are kept whatever their age, so a purge that read from the oldest message each
    time would read every one of them every minute, holding the database's one writer while it does.
    A run looks at a bounded number of messages (5,000) and the next starts where it stopped: a read
    message behind 6,000 unseen ones is not reached by the first run, and is by the second."""
    acc = world["ent"]
    ts.set_clock(ms=0)
    ts.run_jobs()   # whatever an earlier run left: the purge starts again from the oldest
    ts.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
               "INSERT INTO messages (account_id, kind, title_zh, title_en, body_zh, body_en, created_at) "
               "SELECT ?, 'case_status', '旧', 'old', '旧消息', 'an old message', i FROM n", acc)
    ts.execute("INSERT INTO messages (account_id, kind, title_zh, title_en, body_zh, body_en, created_at, read_at) "
               "VALUES (?, 'case_status', '已读', 'read', '已读旧消息', 'an old read message', 7000, 7001)", acc)
    read_old = lambda: count(ts, "FROM messages WHERE account_id = ? AND created_at = 7000", acc)
    unseen = lambda: count(ts, "FROM messages WHERE account_id = ? AND created_at <= 6000 AND read_at IS NULL", acc)
    try:
        ts.run_jobs()
        assert (read_old(), unseen()) == (1, 6000), "one run looked at more than it may"
        ts.run_jobs()
        assert (read_old(), unseen()) == (0, 6000), "the next run did not go on where the first stopped"
    finally:
        ts.execute("DELETE FROM messages WHERE account_id = ? AND created_at <= 7000", acc)


def test_each_run_of_the_upload_purge_is_bounded_and_in_turn_reaches_every_upload(ts, world):
    """Uploads a case holds are kept for ever, so a purge that read from the first upload each time
    would read every one of them every minute. A run looks at a bounded number of uploads (5,000) and
    the next starts where it stopped: an old upload nobody uses, behind 6,000 a case holds, is not
    reached by the first run, and is removed by the second."""
    acc, case = world["ent"], world["case"]
    many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000) "
    ts.set_clock(ms=0)
    ts.run_jobs()   # whatever an earlier run left: the purge starts again from the first
    ts.execute(many + "INSERT INTO files (id, sha256, type, size, name, owner_account, created_at) "
               "SELECT '0000' || CAST(10000000 + i AS TEXT), 'bulk', 'pdf', 1, 'bulk.pdf', ?, 1 FROM n", acc)
    ts.execute(many + "INSERT INTO case_files (case_id, material_key, file_id) "
               "SELECT ?, 'bulk-' || CAST(i AS TEXT), '0000' || CAST(10000000 + i AS TEXT) FROM n", case)
    ts.execute("INSERT INTO files (id, sha256, type, size, name, owner_account, created_at) "
               "VALUES ('000020000000', 'bulk', 'pdf', 1, 'loose.pdf', ?, 1)", acc)
    loose = lambda: count(ts, "FROM files WHERE id = '000020000000'")
    held = lambda: count(ts, "FROM files WHERE id LIKE '00001%'")
    try:
        ts.run_jobs()
        assert (loose(), held()) == (1, 6000), "one run looked at more than it may"
        ts.run_jobs()
        assert (loose(), held()) == (0, 6000), "the next run did not go on where the first stopped"
    finally:
        ts.execute("DELETE FROM case_files WHERE case_id = ? AND material_key LIKE 'bulk-%'", case)
        ts.execute("DELETE FROM files WHERE sha256 = 'bulk'")
