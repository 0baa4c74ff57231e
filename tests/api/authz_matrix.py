"""The authorisation matrix: for every route of the route table (`onestop
routes`), the answer each kind of caller must get, written down from the
rules (docs/architecture.md "Access control, in one place"; DOMAIN.md), not
read back from the code. test_authz_matrix.py probes every cell on a running
server and fails on any deviation — and on any route that has no row here,
so a route added later cannot go unchecked.

Callers (columns), each against the same objects: a case of `owner` handled
by the amr department (市场监管), one of its uploaded files, its intake task,
and an appointment `owner` booked at amr:
  anon        no credentials
  person      zhangsan, an applicant who owns none of them
  owner       xiaochi, the applicant who owns them
  clerk       amr_clerk, window clerk of the handling department
  reviewer    amr_reviewer, reviewer of the handling department
  head        amr_head, head of the handling department
  other       health_reviewer, staff of another department
  supervisor  supervisor (督查): reads everything, acts on nothing
  admin       admin, the system administrator (系统管理员): catalogue, calendars, slots
  secadmin    secadmin, the security administrator (安全管理员): staff accounts, second factors
  auditadmin  auditadmin, the audit administrator (审计管理员): reads the audit log, nothing else

The three administrators (三员分立, MLPS 2.0 level 3) may not do one
another's work. The last two columns are keywords of row(): left out (None),
a cell is OK where the route is public (anon OK) or open to any signed-in
user (every other column OK), and 403 otherwise — the rows where they differ
say so.

A cell is OK (access granted: the handler ran — its answer may still be a
400/409/422 for the deliberately empty body or stale If-Match the probe
sends, so nothing changes), or the refusal: 401 (who are you), 403 (your
role may not, or it is another department's work), 404 (not yours to see:
an applicant is never told whether another's case, file or appointment
exists; a file is 404 to everyone it is not shown to, as file.h says)."""

OK = "ok"
CALLERS = ("anon", "person", "owner", "clerk", "reviewer", "head", "other", "supervisor", "admin",
           "secadmin", "auditadmin")


def row(anon, person, owner, clerk, reviewer, head, other, supervisor, admin, secadmin=None, auditadmin=None):
    cells = (anon, person, owner, clerk, reviewer, head, other, supervisor, admin)
    open_to_all = anon == OK or all(c == OK for c in cells[1:])
    default = OK if open_to_all else 403
    return dict(zip(CALLERS, cells + (default if secadmin is None else secadmin,
                                      default if auditadmin is None else auditadmin)))


PUBLIC = row(OK, OK, OK, OK, OK, OK, OK, OK, OK)
ANY_USER = row(401, OK, OK, OK, OK, OK, OK, OK, OK)
ADMIN_ONLY = row(401, 403, 403, 403, 403, 403, 403, 403, OK)             # the system administrator's
SECADMIN_ONLY = row(401, 403, 403, 403, 403, 403, 403, 403, 403, secadmin=OK)
# the department's work (and the system administrator's view of it); not the
# security or audit administrators'
STAFF_ONLY = row(401, 403, 403, OK, OK, OK, OK, OK, OK)
# The operator's routes (/metrics): only the --metrics-token, never a session:
# 401 to everyone who does not send it (404 where no token is configured).
OPERATOR_ONLY = row(401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 401)

MATRIX = {
    "GET /healthz": PUBLIC,
    "GET /readyz": PUBLIC,
    "GET /metrics": OPERATOR_ONLY,
    "GET /problems/{slug}": PUBLIC,                  # what a problem type means (zh, en)
    "POST /api/v1/accounts": PUBLIC,                  # registration (the body is refused: 422)
    "POST /api/v1/staff": SECADMIN_ONLY,              # staff accounts: the security administrator's
    "POST /api/v1/staff/{id}/totp": SECADMIN_ONLY,    # second factors: the same
    "GET /api/v1/staff": SECADMIN_ONLY,               # the staff list and roles: the same
    "PUT /api/v1/staff/{id}/roles": SECADMIN_ONLY,
    "POST /api/v1/session": PUBLIC,                   # log in
    "DELETE /api/v1/session": ANY_USER,
    "GET /api/v1/me": ANY_USER,
    "GET /api/v1/me/messages": ANY_USER,
    "GET /api/v1/me/notifications": ANY_USER,       # the caller's own channels
    "PUT /api/v1/me/notifications": ANY_USER,
    # a person or enterprise deletes their own account (the probe sends no
    # password: 422); staff accounts are not deleted by their holders
    "POST /api/v1/me/deletion": row(401, OK, OK, 403, 403, 403, 403, 403, 403),
    # a person or enterprise adds or changes their own email address (the probe's empty body: 422);
    # staff addresses are their security administrator's
    "POST /api/v1/me/email": row(401, OK, OK, 403, 403, 403, 403, 403, 403),
    "POST /api/v1/me/email/confirm": row(401, OK, OK, 403, 403, 403, 403, 403, 403),
    # people only (owner is an enterprise); the empty body is refused before an enterprise the caller
    # does not represent is looked up (then: 404, tests/api/test_bundles_enterprise.py)
    "GET /api/v1/me/enterprises": row(401, OK, 403, 403, 403, 403, 403, 403, 403),
    "POST /api/v1/me/enterprises/{id}/password": row(401, OK, 403, 403, 403, 403, 403, 403, 403),
    # a forgotten password: anyone may ask (202 whatever matched) and use a code
    "POST /api/v1/password-resets": PUBLIC,
    "POST /api/v1/password-resets/confirm": PUBLIC,
    # a code issued at the window once the ID card is checked: a window clerk's work
    "POST /api/v1/password-resets/window": row(401, 403, 403, OK, 403, 403, 403, 403, 403),
    "GET /api/v1/regions": PUBLIC,
    "GET /api/v1/departments": PUBLIC,
    "GET /api/v1/matters": PUBLIC,
    "POST /api/v1/matters": ADMIN_ONLY,
    "GET /api/v1/matters/{code}": PUBLIC,
    "GET /api/v1/matters/{code}/process": PUBLIC,
    "PUT /api/v1/matters/{code}": ADMIN_ONLY,
    "POST /api/v1/matters/{code}/retire": ADMIN_ONLY,
    # applicants file for themselves, window clerks for those who come in person
    "POST /api/v1/cases": row(401, OK, OK, OK, 403, 403, 403, 403, 403),
    "GET /api/v1/cases": ANY_USER,                    # the caller's own
    # the owner, the handling department, and those who oversee everything
    "GET /api/v1/cases/{id}": row(401, 404, OK, OK, OK, OK, 403, OK, OK),
    # a draft is edited by its owner alone
    "PUT /api/v1/cases/{id}": row(401, 404, OK, 403, 403, 403, 403, 403, 403),
    # the probe's action is `accept` (受理), taken at intake by the department's
    # window clerk or reviewer: the owner may not accept their own case, the
    # head assigns but does not take intake, another department may not, the
    # public does not see it, overseers do not act — whatever the If-Match
    # (who may act is settled before the version)
    "POST /api/v1/cases/{id}/actions/{action}": row(401, 404, 403, OK, OK, 403, 403, 403, 403),
    # fees: a window clerk of the handling department records the money taken
    # (the probe's empty body is then refused: 400/422); the payment provider's
    # notification opens to no session, only to its signature over the body,
    # which no probe carries: 403 (signature-invalid) to everyone
    "POST /api/v1/cases/{id}/payment": row(401, 403, 403, OK, 403, 403, 403, 403, 403),
    "POST /api/v1/payments/notify": row(403, 403, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/tasks": STAFF_ONLY,                  # the caller's department's queue
    "POST /api/v1/tasks/bulk": STAFF_ONLY,
    # the probe claims the case's intake task, a window clerk's: its department's
    # clerks (and its head, who assigns work) may; a reviewer has other tasks
    "POST /api/v1/tasks/{id}/{action}": row(401, 403, 403, OK, 403, OK, 403, 403, 403),
    # colleagues of the department: its staff, and those who oversee every department
    "GET /api/v1/departments/{code}/staff": row(401, 403, 403, OK, OK, OK, 403, OK, OK),
    # overdue and warning cases of every department: the supervisors' overview, and the system
    # administrator's; a department's own staff see theirs in the task queue
    "GET /api/v1/oversight/cases": row(401, 403, 403, 403, 403, 403, 403, OK, OK),
    "GET /api/v1/calendar/{region}/{year}": PUBLIC,
    "PUT /api/v1/calendar/{region}/{year}": ADMIN_ONLY,
    "GET /api/v1/calendar/{region}/workdays": PUBLIC,
    "GET /api/v1/departments/{code}/slots": PUBLIC,
    # the department's head publishes its slots (and the administrator)
    "POST /api/v1/departments/{code}/slots": row(401, 403, 403, 403, 403, OK, 403, 403, OK),
    # and manages them: a pattern at once, a capacity, withdrawing (a slot of another
    # department is 404 under this one: the probe's slot is amr's)
    "POST /api/v1/departments/{code}/slots/pattern": row(401, 403, 403, 403, 403, OK, 403, 403, OK),
    "PATCH /api/v1/departments/{code}/slots/{id}": row(401, 403, 403, 403, 403, OK, 403, 403, OK),
    "DELETE /api/v1/departments/{code}/slots/{id}": row(401, 403, 403, 403, 403, OK, 403, 403, OK),
    "GET /api/v1/departments/{code}/appointments": row(401, 403, 403, OK, 403, OK, 403, OK, OK),
    "POST /api/v1/appointments": row(401, OK, OK, 403, 403, 403, 403, 403, 403),
    "DELETE /api/v1/appointments/{id}": row(401, 404, OK, 403, 403, 403, 403, 403, 403),
    "POST /api/v1/appointments/{id}/checkin": row(401, 403, 403, OK, 403, 403, 403, 403, 403),
    "GET /api/v1/me/appointments": ANY_USER,
    # uploads: whoever may file or handle a case; the supervisor oversees and uploads nothing
    "POST /api/v1/files": row(401, OK, OK, OK, OK, OK, OK, 403, OK),
    # a file: its owner, the staff handling a case that uses it, supervisors
    "GET /api/v1/files/{id}": row(401, 404, OK, OK, OK, OK, 404, OK, 404, 404, 404),
    "GET /api/v1/files/{id}/meta": row(401, 404, OK, OK, OK, OK, 404, OK, 404, 404, 404),
    # the audit log: supervisors, and the audit administrator — not the system administrator
    "GET /api/v1/audit": row(401, 403, 403, 403, 403, 403, 403, OK, 403, auditadmin=OK),
    "GET /api/v1/audit/head": PUBLIC,                 # the signed checkpoint: for anyone to keep
    # certificates (电子证照): keys, verification and the revocation list are for anyone,
    # with no login; the issuing department's head revokes and rotates its key; a
    # holder reads their own wallet
    "GET /api/v1/keys": PUBLIC,
    "POST /api/v1/keys/rotate": row(401, 403, 403, 403, 403, OK, 403, 403, 403),
    "GET /api/v1/certificates/{id}/verify": PUBLIC,
    "POST /api/v1/certificates/verify": PUBLIC,
    "GET /api/v1/certificates/revocations": PUBLIC,
    # the department head finds the certificates their department issued (to revoke one)
    "GET /api/v1/certificates": row(401, 403, 403, 403, 403, OK, 403, 403, 403),
    "POST /api/v1/certificates/{id}/revoke": row(401, 403, 403, 403, 403, OK, 403, 403, 403),
    "GET /api/v1/me/certificates": row(401, OK, OK, 403, 403, 403, 403, 403, 403),
    # the probe names the owner's business licence: its holder alone gets the PDF; another
    # applicant is not told it exists
    "GET /api/v1/me/certificates/{id}/pdf": row(401, 404, OK, 403, 403, 403, 403, 403, 403),
    # sealed notices (文书): the probe's is the acceptance notice of an accepted case of `owner`'s at
    # amr; its applicant and the issuing department's staff read it and its PDF, another applicant is
    # not told it exists, other departments and overseers are not served it; anyone verifies
    "GET /api/v1/notices/{id}": row(401, 404, OK, OK, OK, OK, 403, 403, 403),
    "GET /api/v1/notices/{id}/pdf": row(401, 404, OK, OK, OK, OK, 403, 403, 403),
    "GET /api/v1/notices/{id}/verify": PUBLIC,
    "POST /api/v1/notices/verify": PUBLIC,
    # share links (授权用证): the holder makes, lists and revokes links to their own certificate;
    # another applicant is not told it exists; staff hold none. The probe's POST makes a link
    # (the owner's: 201); its DELETE sends a stale If-Match (409), so the world's link stays open
    "POST /api/v1/me/certificates/{id}/shares": row(401, 404, OK, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/certificates/{id}/shares": row(401, 404, OK, 403, 403, 403, 403, 403, 403),
    "DELETE /api/v1/me/certificates/{id}/shares/{share}": row(401, 404, OK, 403, 403, 403, 403, 403, 403),
    # whoever holds a link's token opens it, with no login
    "GET /api/v1/shared/{token}": PUBLIC,
    # the data-use log (数据使用记录): each applicant reads their own records; staff and
    # overseers have none of their own here (reading a case is the audit log's business)
    "GET /api/v1/me/data-use": row(401, OK, OK, 403, 403, 403, 403, 403, 403),
    # a subject objects to a use of their own data (the probe's empty body: 422); the objections are
    # the supervisors' to read
    "POST /api/v1/me/data-use/{id}/objection": row(401, OK, OK, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/data-use-objections": row(401, 403, 403, 403, 403, 403, 403, OK, 403),
    # shared data (数据共享): the catalogue is for staff; a dataset is read for a case by the staff of
    # the department handling it (the probe's empty body: 422), never by applicants or overseers
    "GET /api/v1/datasets": STAFF_ONLY,
    "POST /api/v1/cases/{id}/registry-reads": row(401, 403, 403, OK, OK, OK, 403, 403, 403),
    # 好差评: the owner rates their case (the probe's case is not completed: 409);
    # staff and overseers never rate
    "POST /api/v1/cases/{id}/rating": row(401, 404, OK, 403, 403, 403, 403, 403, 403),
    # a rating may name a staff member: its owner, the department head and
    # supervisors read it, not the staff who served (who may be the one named)
    "GET /api/v1/cases/{id}/rating": row(401, 404, OK, 403, 403, OK, 403, OK, 403),
    # the walk-in code is handed over at the window (the probe names no case: 422)
    "POST /api/v1/rating-codes": row(401, 403, 403, OK, 403, 403, 403, 403, 403),
    # whoever holds a code rates without logging in (the probe sends no code: 422)
    "POST /api/v1/ratings/by-code": PUBLIC,
    "POST /api/v1/progress": PUBLIC,
    "GET /api/v1/public/stats": PUBLIC,
    "GET /api/v1/public/decisions": PUBLIC,
    # rectifications after bad ratings: the department head handles them, supervisors read all
    "GET /api/v1/rectifications": row(401, 403, 403, 403, 403, OK, 403, OK, 403),
    "POST /api/v1/rectifications/{id}/actions/{action}": row(401, 403, 403, 403, 403, OK, 403, 403, 403),
    # supervision orders (督办): supervisors issue, close and send back; the department's head answers
    "POST /api/v1/supervision/orders": row(401, 403, 403, 403, 403, 403, 403, OK, 403),
    "GET /api/v1/supervision/orders": row(401, 403, 403, 403, 403, OK, 403, OK, 403),
    "GET /api/v1/supervision/orders/{id}": row(401, 403, 403, 403, 403, OK, 403, OK, 403),
    "POST /api/v1/supervision/orders/{id}/answer": row(401, 403, 403, 403, 403, OK, 403, 403, 403),
    "POST /api/v1/supervision/orders/{id}/close": row(401, 403, 403, 403, 403, 403, 403, OK, 403),
    "POST /api/v1/supervision/orders/{id}/send-back": row(401, 403, 403, 403, 403, 403, 403, OK, 403),
    # statistics: supervisors (all) and department heads (their own); the probe sends no dates: 422
    "GET /api/v1/stats/overview": row(401, 403, 403, 403, 403, OK, 403, OK, 403),
    "GET /api/v1/stats/trend": row(401, 403, 403, 403, 403, OK, 403, OK, 403),
    "GET /api/v1/stats/demand": row(401, 403, 403, 403, 403, OK, 403, OK, 403),
    "GET /api/v1/stats/ranking": row(401, 403, 403, 403, 403, 403, 403, OK, 403),
    # 12345 requests: anyone may file (anonymously with a phone; 422 for the probe's empty body) but
    # staff other than the hotline's operators, who file on a caller's behalf
    "POST /api/v1/complaints": row(OK, OK, OK, 403, 403, 403, 403, 403, 403, secadmin=403, auditadmin=403),
    "GET /api/v1/complaints": row(401, OK, OK, OK, OK, OK, OK, OK, OK, secadmin=403, auditadmin=403),
    # the probe's request is `owner`'s, handled by amr: the caller, the handling body, overseers read it
    "GET /api/v1/complaints/{id}": row(401, 404, OK, OK, OK, OK, 403, OK, OK),
    # the probe's action is `sign` (签收): the handling body's staff; not the caller, not another body
    "POST /api/v1/complaints/{id}/actions/{action}": row(401, 404, 403, OK, OK, OK, 403, 403, 403),
    "GET /api/v1/complaint-categories": PUBLIC,
    "GET /api/v1/stats/complaints": STAFF_ONLY,       # 三率: staff (the probe's empty query is 422)
    "GET /api/v1/stats/complaints/hotspots": STAFF_ONLY,   # the same
    # bundles (一件事): the guides are public, the definitions the system administrator's
    "GET /api/v1/bundles": PUBLIC,
    "POST /api/v1/bundles": ADMIN_ONLY,
    "GET /api/v1/bundles/{code}": PUBLIC,
    "PUT /api/v1/bundles/{code}": ADMIN_ONLY,
    "POST /api/v1/bundles/{code}/retire": ADMIN_ONLY,
    # applying: persons and enterprises (the handler then says who may apply for which bundle)
    # applicants apply for themselves; a window clerk of a department with a step for a walk-in
    "POST /api/v1/bundles/{code}/cases": row(401, OK, OK, OK, 403, 403, 403, 403, 403),
    # a bundle case (person's, its registration step at amr): its applicant, supervisors and the
    # administrator, and staff of a department with a step in it (their own steps only); to others it
    # does not exist. Withdrawing: the applicant's alone (the probe's stale If-Match: 409, nothing changes)
    "GET /api/v1/bundle-cases/{id}": row(401, OK, 404, OK, OK, OK, 404, OK, OK, 404, 404),
    "POST /api/v1/bundle-cases/{id}/withdraw": row(401, OK, 404, 403, 403, 403, 403, 403, 403),
    "POST /api/v1/bundle-cases/{id}/correction": row(401, OK, 404, 403, 403, 403, 403, 403, 403),
    "POST /api/v1/bundle-cases/{id}/retry": row(401, OK, 404, 403, 403, 403, 403, 403, 403),
    # the bundle case's rating: its applicant rates it; the head of its first step's department and
    # supervisors read it
    "POST /api/v1/bundle-cases/{id}/rating": row(401, OK, 404, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/bundle-cases/{id}/rating": row(401, OK, 404, 403, 403, OK, 403, OK, 403),
    # the Open311 façade: its reads are public (without the callers), filing needs an API key in the
    # form (the probe's JSON body is refused, 400, before any key is looked at); keys are the system
    # administrator's to issue and revoke (the probe's {id} is no key: 404)
    "GET /open311/v2/discovery.{format}": PUBLIC,
    "GET /open311/v2/services.{format}": PUBLIC,
    "GET /open311/v2/services/{service_code}.{format}": PUBLIC,
    "POST /open311/v2/requests.{format}": PUBLIC,
    "GET /open311/v2/requests.{format}": PUBLIC,
    "GET /open311/v2/requests/{service_request_id}.{format}": PUBLIC,
    "GET /open311/v2/tokens/{token}.{format}": PUBLIC,
    "POST /api/v1/open311/keys": ADMIN_ONLY,
    "DELETE /api/v1/open311/keys/{id}": row(401, 403, 403, 403, 403, 403, 403, 403, 404),
    "GET /": PUBLIC,
    "GET /workbench/": PUBLIC,
    "GET /assets/{path...}": PUBLIC,
    # 双随机一公开: a department head keeps the department's items and inspector register;
    # the supervisor keeps the target register and runs the plans; the probe's {id} is a
    # case's, so a caller let through is told there is no such plan (404)
    "POST /api/v1/inspection-items": row(401, 403, 403, 403, 403, OK, 403, 403, 403),
    "GET /api/v1/inspection-items": row(401, 403, 403, OK, OK, OK, OK, OK, OK, 403, 403),
    "PUT /api/v1/enterprise-profiles/{id}": row(401, 403, 403, 403, 403, 403, 403, OK, 403),
    "GET /api/v1/inspection-targets": row(401, 403, 403, 403, 403, 403, 403, OK, 403),
    "PUT /api/v1/inspectors/{id}": row(401, 403, 403, 403, 403, OK, 403, 403, 403),
    "POST /api/v1/inspection-plans": row(401, 403, 403, 403, 403, 403, 403, OK, 403),
    "GET /api/v1/inspection-plans": row(401, 403, 403, OK, OK, OK, OK, OK, OK, 403, 403),
    "GET /api/v1/inspection-plans/{id}": row(401, 403, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    "POST /api/v1/inspection-plans/{id}/actions/{action}": row(401, 403, 403, 403, 403, 403, 403, 404, 403),
    # findings: staff — and of them only the inspectors drawn for the target (test_inspections.py)
    "POST /api/v1/inspection-plans/{id}/findings": row(401, 403, 403, OK, OK, OK, OK, OK, OK, 403, 403),
    "GET /api/v1/public/inspections": PUBLIC,
    "GET /api/v1/public/inspections/{id}/draw": row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # after the inspection: an enterprise (the owner, xiaochi, is one) reads its own inspections and
    # objects (the probe's empty body: 422; a plan that did not draw it: 404, test_inspections_after.py);
    # staff read the objections of their departments' plans and answer them (the empty body: 422; staff
    # of a department not in the plan: 403, test_inspections_after.py)
    "GET /api/v1/me/inspections": row(401, 403, OK, 403, 403, 403, 403, 403, 403),
    "POST /api/v1/me/inspections/{id}/objections": row(401, 403, OK, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/inspection-objections": row(401, 403, 403, OK, OK, OK, OK, OK, OK, 403, 403),
    "POST /api/v1/inspection-objections/{id}/answer": row(401, 403, 403, OK, OK, OK, OK, OK, OK, 403, 403),
    # 惠企政策: a department head defines and publishes its department's policies; enterprises
    # (the owner, xiaochi, is one) see theirs and apply; the probe's {id} is no policy (404)
    "POST /api/v1/policies": row(401, 403, 403, 403, 403, OK, 403, 403, 403),
    "GET /api/v1/policies": PUBLIC,
    "GET /api/v1/policies/{id}": row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "POST /api/v1/policies/{id}/publish": row(401, 403, 403, 403, 403, 404, 403, 403, 403),
    "POST /api/v1/policies/{id}/applications": row(401, 403, 404, 403, 403, 403, 403, 403, 403),
    "GET /api/v1/me/policies": row(401, 403, OK, 403, 403, 403, 403, 403, 403),
    # the matches of a policy are for its department's staff; the probe's {id} is no policy (404)
    "GET /api/v1/policies/{id}/matches": row(401, 403, 403, 404, 404, 404, 404, 404, 404, 403, 403),
    # a department's policies, drafts among them, are for its staff (and those who oversee them all)
    "GET /api/v1/departments/{code}/policies": row(401, 403, 403, OK, OK, OK, 403, OK, OK),
    # the applicant at the window, found or registered there (ID card in hand): a window clerk's work
    "POST /api/v1/window/applicants": row(401, 403, 403, OK, 403, 403, 403, 403, 403),
    "POST /api/v1/me/messages/read": ANY_USER,        # the caller's own inbox
    "GET /api/v1/session": PUBLIC,                    # who is signed in (null for nobody)
}
