"""Every route × every kind of caller, against the answer authz_matrix.py
declares: a route without a row fails, a cell that answers otherwise fails,
a 5xx fails, and no probe changes anything (the probes send empty bodies and
a stale If-Match, so a granted write is refused by its handler, never done)."""
import datetime
import subprocess

import pytest

import casekit
from authz_matrix import CALLERS, MATRIX, OK
from conftest import all_items, BIN, PASSWORD, cn_today

USERS = {"person": "zhangsan", "owner": "xiaochi", "clerk": "amr_clerk", "reviewer": "amr_reviewer",
         "head": "amr_head", "other": "health_reviewer", "supervisor": "supervisor", "admin": "admin",
         "secadmin": "secadmin", "auditadmin": "auditadmin"}


def routes():
    out = subprocess.run([str(BIN), "routes"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()[:2]) for line in out.splitlines() if line.strip()]


def test_every_route_has_a_row_and_every_row_a_route():
    table = routes()
    assert len(table) >= 40
    missing = [r for r in table if r not in MATRIX]
    stale = [r for r in MATRIX if r not in table]
    assert not missing, f"routes without a row in authz_matrix.py: {missing}"
    assert not stale, f"rows of authz_matrix.py for routes that do not exist: {stale}"


def filed_complaint(owner):
    """A 12345 request of owner's that the responsibility list gives to amr (food safety, 长宁区)."""
    r = owner.post_json("/api/v1/complaints", {"kind": "complaint", "category": "food_safety", "channel": "web",
                                               "text": "餐馆食品变质 Spoiled food", "district": "310105"})
    assert r.status_code == 201 and r.json()["body"] == "amr", r.text
    return r.json()["id"]


def booked_appointment(server, owner):
    day = cn_today()
    for _ in range(21):
        day += datetime.timedelta(days=1)
        slots = server.get("/api/v1/departments/amr/slots", params={"date": day.isoformat()}).json()["slots"]
        free = [s for s in slots if not s["past"] and s["available"] > 0]
        if free:
            r = owner.post_json("/api/v1/appointments", {"slot": free[0]["id"]})
            assert r.status_code == 201, r.text
            return r.json()["id"], free[0]["id"]
    pytest.fail("no free amr slot in three weeks of the demo")


@pytest.fixture(scope="module")
def world(server):
    owner = server.as_user("xiaochi")
    case = casekit.file_case(server, owner)
    assert case["department"]["code"] == "amr"
    clerk = server.as_user("amr_clerk")
    tasks = clerk.get_json("/api/v1/tasks", params={"limit": 100}).json()["items"]
    task = [t for t in tasks if t["case_id"] == case["id"]][0]
    complaint = filed_complaint(owner)
    accepted = casekit.act(clerk, casekit.file_case(server, owner), "accept")
    licence = [c for c in all_items(owner, "/api/v1/me/certificates")
               if c["type"] == "business_licence"][0]["id"]
    share = owner.post_json(f"/api/v1/me/certificates/{licence}/shares", {"days": 7}).json()
    return {
        "notice": accepted["notices"][0]["id"],
        "complaint": complaint,
        "complaint_number": server.scalar("SELECT number FROM complaints WHERE id = ?", complaint),
        "{code}": case["matter"]["code"] if isinstance(case["matter"], dict) else case["matter"],
        "{id}": case["id"],
        "{action}": "accept",
        "file": [m["file"]["id"] for m in case["materials"] if m["file"]][0],
        "task": task["id"],
        # the booked slot: probes may not withdraw it nor change it (an empty body, a stale If-Match)
        **dict(zip(("appointment", "slot"), booked_appointment(server, owner))),
        "staff": server.as_user("amr_clerk").account["id"],
        "bundle_case": casekit.file_bundle_case(server)["id"],
        "certificate": licence,
        "share": share["id"],
        "share_token": share["token"],
        "order": server.as_user("supervisor").post_json("/api/v1/supervision/orders", {
            "department": "amr", "subject": {"type": "case", "id": case["id"]}, "text": "请说明办理情况",
            "deadline_days": 3}).json()["id"],
    }


def concrete(route, world):
    """The path a route's probe requests: its parameters filled with the world's objects."""
    path = route.split(" ", 1)[1]
    fills = {
        "/api/v1/departments/{code}/slots/{id}": f"/api/v1/departments/amr/slots/{world.get('slot')}",
        "/api/v1/departments/{code}": "/api/v1/departments/amr",
        "/api/v1/bundles/{code}": "/api/v1/bundles/YJS-CANYIN",
        "/api/v1/bundle-cases/{id}": f"/api/v1/bundle-cases/{world.get('bundle_case')}",
        "/api/v1/calendar/{region}/{year}": "/api/v1/calendar/000000/2026",
        "/api/v1/calendar/{region}/workdays": "/api/v1/calendar/000000/workdays",
        "/api/v1/files/{id}": f"/api/v1/files/{world['file']}",
        "/api/v1/tasks/{id}/{action}": f"/api/v1/tasks/{world['task']}/claim",
        "/api/v1/appointments/{id}": f"/api/v1/appointments/{world['appointment']}",
        "/assets/{path...}": "/assets/shared/icon.svg",
        "/problems/{slug}": "/problems/not-found",
        "/api/v1/staff/{id}": "/api/v1/staff/" + str(world.get("staff")),
        "/api/v1/me/certificates/{id}/shares/{share}":
            f"/api/v1/me/certificates/{world.get('certificate')}/shares/{world.get('share')}",
        "/api/v1/me/certificates/{id}": "/api/v1/me/certificates/" + str(world.get("certificate")),
        "/api/v1/shared/{token}": f"/api/v1/shared/{world.get('share_token')}",
        "/api/v1/notices/{id}": f"/api/v1/notices/{world.get('notice')}",
        "/api/v1/me/enterprises/{id}": "/api/v1/me/enterprises/none",
        # an action the machine has, on no rectification: who may act is settled first
        "/api/v1/rectifications/{id}/actions/{action}": "/api/v1/rectifications/none/actions/record_callback",
        "/api/v1/complaints/{id}/actions/{action}": f"/api/v1/complaints/{world['complaint']}/actions/sign",
        "/api/v1/complaints/{id}": f"/api/v1/complaints/{world['complaint']}",
        "/api/v1/supervision/orders/{id}": f"/api/v1/supervision/orders/{world.get('order')}",
    }
    for pattern, value in fills.items():
        if path.startswith(pattern):
            path = value + path[len(pattern):]
    # the Open311 façade: its parameters name the same 12345 request, in JSON
    path = (path.replace("{format}", "json").replace("{service_code}", "food_safety")
            .replace("{service_request_id}", world["complaint_number"]).replace("{token}", world["complaint"]))
    for name in ("{code}", "{id}", "{action}"):
        path = path.replace(name, world[name])
    return path


def fingerprint(server):
    """What no probe may change."""
    return server.query(
        "SELECT (SELECT COUNT(*) FROM cases), (SELECT COALESCE(SUM(version), 0) FROM cases), "
        "(SELECT COUNT(*) FROM case_events), (SELECT COUNT(*) FROM tasks), "
        "(SELECT COALESCE(SUM(version), 0) FROM tasks), (SELECT COUNT(*) FROM files), "
        "(SELECT COUNT(*) FROM appointments), (SELECT COALESCE(SUM(version), 0) FROM appointments), "
        "(SELECT COUNT(*) FROM matter_versions), (SELECT COUNT(*) FROM accounts), "
        "(SELECT COUNT(*) FROM slots), (SELECT COUNT(*) FROM calendar_years), "
        "(SELECT COUNT(*) FROM staff_totp), (SELECT COALESCE(SUM(enrolled_at), 0) FROM staff_totp), "
        "(SELECT COUNT(*) FROM complaints), (SELECT COALESCE(SUM(version), 0) FROM complaints)")[0]


def probe(server, who, method, path):
    if who == "anon":
        s = server.session()
    elif method == "DELETE" and path == "/api/v1/session":
        s = server.login(USERS[who])          # its own session: this probe ends it
    else:
        s = server.as_user(USERS[who])
    headers = {"If-Match": '"999"'}
    kw = {} if method in ("GET", "DELETE") or path == "/api/v1/files" else {"json": {}}
    r = s.request(method, server.url(path), headers=headers, timeout=30, **kw)
    if r.status_code >= 500:
        return f"{r.status_code}: {r.text[:200]}"
    return r.status_code if r.status_code in (401, 403, 404) else OK


def test_every_cell_of_the_matrix(server, world):
    before = fingerprint(server)
    wrong = []
    for route, want in MATRIX.items():
        method = route.split(" ", 1)[0]
        path = concrete(route, world)
        for who in CALLERS:
            got = probe(server, who, method, path)
            if got != want[who]:
                wrong.append(f"{route} as {who}: expected {want[who]}, got {got}")
    assert not wrong, f"{len(wrong)} cell(s) deviate:\n" + "\n".join(wrong)
    assert fingerprint(server) == before, "a probe changed the database"
    # the sessions the probes used are all still valid (only DELETE /session's own were ended)
    for who, name in USERS.items():
        assert server.as_user(name).get_json("/api/v1/me").status_code == 200, who
    assert PASSWORD
