"""Rules at their edges, where a careless change goes unnoticed otherwise
(tests/mutate/mutants.txt names the change each test is here to catch).

Deemed acceptance (Art. 32): a case without an intake decision for MORE than
5 working days is accepted by the platform as of its submission day — after
exactly 5 working days it is still waiting, on the 6th it is accepted. The
days are counted on the working calendar (weekends, holidays, make-up days),
asked of the platform itself, so the test holds whatever day it runs.

Every write is audited: a draft edit too (case.update_draft, with the
versions before and after), and an edit with a stale If-Match changes
nothing. The audit hash covers every field of an entry: changing only the
actor's department of a stored entry breaks the chain at that entry."""
import datetime
import re

import pytest

from casekit import FOOD, case_body, file_case, food_form, get_case, materials_for, upload
from conftest import TestServer, cn_day


@pytest.fixture(scope="module")
def ts():
    s = TestServer().start()
    yield s
    rc = s.stop()
    assert rc == 0, s.log_tail(80)
    s.tmp.cleanup()


def file_case(ts, applicant="xiaochi", **over):
    s = ts.as_user(applicant)
    r = s.post_json("/api/v1/cases", case_body(ts, s, **over))
    assert r.status_code == 201, r.text
    return r.json()


def workday_after(ts, region, day, n):
    r = ts.get(f"/api/v1/calendar/{region}/workdays", params={"from": day.isoformat(), "add": n})
    assert r.status_code == 200, r.text
    return datetime.date.fromisoformat(r.json()["date"])


def workdays_between(ts, region, a, b):
    r = ts.get(f"/api/v1/calendar/{region}/workdays", params={"from": a.isoformat(), "to": b.isoformat()})
    assert r.status_code == 200, r.text
    return r.json()["workdays"]


def status_on(ts, case, submitted, day):
    """Moves the platform's today to `day`, runs the jobs, returns the case's status."""
    ts.set_clock((day - submitted).days)
    ts.run_jobs()
    return get_case(ts.as_user("xiaochi"), case["id"])["status"]


def test_deemed_acceptance_after_the_fifth_working_day(ts):
    case = file_case(ts)
    assert case["status"] == "submitted"
    submitted = cn_day(case["submitted_at"])
    region = case["region"]
    fifth, sixth = workday_after(ts, region, submitted, 5), workday_after(ts, region, submitted, 6)
    assert workdays_between(ts, region, submitted, fifth) == 5
    assert workdays_between(ts, region, submitted, sixth) == 6
    assert (sixth - submitted).days >= 6          # at least one calendar day per working day
    try:
        # the whole 5th working day, and any days off after it, the intake is still open
        assert status_on(ts, case, submitted, fifth) == "submitted"
        if sixth - fifth > datetime.timedelta(days=1):
            assert status_on(ts, case, submitted, sixth - datetime.timedelta(days=1)) == "submitted"
        assert ts.query("SELECT action FROM audit_log WHERE entity = 'case' AND entity_id = ? "
                        "AND action = 'case.deem_accept'", case["id"]) == []
        # on the 6th working day the platform accepts it, as of the submission day
        assert status_on(ts, case, submitted, sixth) == "accepted"
        now = get_case(ts.as_user("xiaochi"), case["id"])
        assert now["clock"]["accepted_on"] == submitted.isoformat()
        assert now["timeline"][-1]["action"] == "deem_accept"
        assert ts.query("SELECT actor_id FROM audit_log WHERE entity = 'case' AND entity_id = ? "
                        "AND action = 'case.deem_accept'", case["id"]) == [("system",)]
    finally:
        ts.set_clock(0)


def put_draft(s, case_id, version, body):
    return s.put(s.url(f"/api/v1/cases/{case_id}"), json=body, headers={"If-Match": f'"{version}"'}, timeout=30)


def case_audit(ts, case_id):
    return ts.query("SELECT action, actor_id, version_before, version_after FROM audit_log "
                    "WHERE entity = 'case' AND entity_id = ? ORDER BY seq", case_id)


def test_a_draft_edit_is_audited(ts):
    applicant = ts.as_user("xiaochi")
    draft = file_case(ts, submit=False)
    assert draft["status"] == "draft" and draft["version"] == 1
    me = applicant.account["id"]
    assert case_audit(ts, draft["id"]) == [("case.create", me, 0, 1)]

    r = put_draft(applicant, draft["id"], 1, {"form": food_form(shop_name="弄堂小馆二店")})
    assert r.status_code == 200, r.text
    edited = r.json()
    assert edited["version"] == 2 and edited["form"]["shop_name"] == "弄堂小馆二店"
    assert case_audit(ts, draft["id"]) == [("case.create", me, 0, 1),
                                           ("case.update_draft", me, 1, 2)]
    entries = ts.as_user("supervisor").get_json(f"/api/v1/audit?entity=case&id={draft['id']}").json()["items"]
    assert [(e["action"], e["version_before"], e["version_after"]) for e in entries][0] == ("case.update_draft", 1, 2)

    # an edit from the version before is stale: 409, and nothing is written
    for stale in (1, 3):
        r = put_draft(applicant, draft["id"], stale, {"form": food_form(shop_name="别的名字")})
        assert r.status_code == 409, r.text
        assert r.json()["code"] == "stale-version"
    assert get_case(applicant, draft["id"])["form"]["shop_name"] == "弄堂小馆二店"
    assert len(case_audit(ts, draft["id"])) == 2
    r = ts.cli("audit-verify")
    assert r.returncode == 0, r.stdout + r.stderr


def test_materials_given_to_a_draft_replace_its_uploads(ts):
    """PUT names the draft's materials from then on: a material left out is
    taken back (an optional upload removed); leaving `materials` out keeps them."""
    applicant = ts.as_user("xiaochi")
    doc = ts.get("/api/v1/matters/" + FOOD).json()
    optional = [m["key"] for m in doc["materials"] if not m["required"]]
    assert optional, "the food licence has an optional material"
    required = materials_for(ts, applicant, FOOD)
    extra = {"key": optional[0], "file": upload(applicant)}
    draft = file_case(ts, submit=False, materials=required + [extra])
    keys = lambda c: sorted(m["key"] for m in c["materials"] if m.get("file"))
    assert optional[0] in keys(get_case(applicant, draft["id"]))
    r = put_draft(applicant, draft["id"], draft["version"], {"form": food_form(shop_name="弄堂小馆三店")})
    assert r.status_code == 200, r.text
    assert optional[0] in keys(r.json()), "materials left out of the body were touched"
    r = put_draft(applicant, draft["id"], r.json()["version"], {"materials": required})
    assert r.status_code == 200, r.text
    assert keys(r.json()) == sorted(m["key"] for m in required)
    assert ts.query("SELECT material_key FROM case_files WHERE case_id = ? AND material_key = ?",
                    draft["id"], optional[0]) == []


def test_audit_verify_notices_a_changed_department(ts, tmp_path):
    # a clerk's action: an entry that names the clerk's department, with a later entry after it
    case = file_case(ts)
    clerk = ts.as_user("amr_clerk")
    r = clerk.post(clerk.url(f"/api/v1/cases/{case['id']}/actions/accept"), json={},
                   headers={"If-Match": f'"{case["version"]}"'}, timeout=30)
    assert r.status_code == 200, r.text
    file_case(ts)
    (seq, dept), = ts.query("SELECT seq, actor_dept FROM audit_log WHERE entity = 'case' AND entity_id = ? "
                            "AND action = 'case.accept'", case["id"])
    assert dept == "amr"
    r = ts.cli("audit-verify")
    assert r.returncode == 0, r.stdout + r.stderr
    assert int(re.search(r"audit chain intact: (\d+) entries", r.stdout).group(1)) > seq

    # only the department changed, in a copy: the chain breaks at that entry
    copy = ts.snapshot_db(tmp_path / "dept.db")
    with ts.db(copy) as c:
        c.execute("UPDATE audit_log SET actor_dept = 'health' WHERE seq = ?", (seq,))
    r = ts.cli("audit-verify", db=copy)
    assert r.returncode == 3, r.stdout + r.stderr
    assert f"BROKEN at entry {seq}:" in r.stdout and "altered" in r.stdout

    # the live database is untouched
    assert ts.cli("audit-verify").returncode == 0


def new_staff(ts, department, roles):
    body = {"username": f"ov{datetime.datetime.now().strftime('%H%M%S%f')}", "password": "Staff2026x",
            "name": "督查 兼岗同事", "department": department, "roles": roles, "phone": "021-63001234"}
    r = ts.as_user("secadmin").post_json("/api/v1/staff", body)
    assert r.status_code == 201, r.text
    ts.enrol_totp(r.json()["id"], body["username"])
    return ts.login(body["username"], body["password"])


def test_an_overseer_reads_other_departments_but_acts_only_in_its_own(ts):
    """A supervisor sees every department (read); holding also a working role
    of another department gives no right to act on amr's cases or slots."""
    # a health reviewer who is also a supervisor: reads the amr case, may not review it
    case = file_case(ts)
    clerk = ts.as_user("amr_clerk")
    r = clerk.post(clerk.url(f"/api/v1/cases/{case['id']}/actions/accept"), json={},
                   headers={"If-Match": f'"{case["version"]}"'}, timeout=30)
    assert r.status_code == 200, r.text
    accepted = r.json()
    both = new_staff(ts, "health", "reviewer,supervisor")
    assert get_case(both, case["id"])["status"] == "accepted"
    r = both.post(both.url(f"/api/v1/cases/{case['id']}/actions/review"), json={},
                  headers={"If-Match": f'"{accepted["version"]}"'}, timeout=30)
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "forbidden"
    assert get_case(clerk, case["id"])["version"] == accepted["version"]

    # a health head who is also a supervisor: lists amr's appointments, may not publish amr slots
    head = new_staff(ts, "health", "dept_head,supervisor")
    day = cn_day(case["submitted_at"]) + datetime.timedelta(days=3)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    day = day.isoformat()
    taken = {t for (t,) in ts.query("SELECT start_time FROM slots WHERE day = ? AND department IN ('amr', 'health')", day)}
    start = next(f"{h:02d}:{m:02d}" for h in range(18, 21) for m in (5, 35) if f"{h:02d}:{m:02d}" not in taken)
    slot = {"date": day, "start": start, "end": start[:3] + str(int(start[3:]) + 20), "capacity": 2}
    assert head.get_json(f"/api/v1/departments/amr/appointments?date={day}").status_code == 200
    before = ts.scalar("SELECT COUNT(*) FROM slots WHERE department = 'amr'")
    r = head.post_json("/api/v1/departments/amr/slots", slot)
    assert r.status_code == 403, r.text
    assert ts.scalar("SELECT COUNT(*) FROM slots WHERE department = 'amr'") == before
    r = head.post_json("/api/v1/departments/health/slots", slot)
    assert r.status_code == 201, r.text


def test_each_action_is_audited_with_the_versions_it_moved_between(ts):
    case = file_case(ts)
    clerk, reviewer = ts.as_user("amr_clerk"), ts.as_user("amr_reviewer")
    assert case["version"] == 1
    for who, action in ((clerk, "accept"), (reviewer, "review")):
        r = who.post(who.url(f"/api/v1/cases/{case['id']}/actions/{action}"), json={},
                     headers={"If-Match": f'"{case["version"]}"'}, timeout=30)
        assert r.status_code == 200, r.text
        assert r.json()["version"] == case["version"] + 1
        case = r.json()
    assert case["version"] == 3 and case["status"] == "in_review"
    assert [(a, vb, va) for a, _, vb, va in case_audit(ts, case["id"])] == \
        [("case.submit", 0, 1), ("case.accept", 1, 2), ("case.review", 2, 3)]
