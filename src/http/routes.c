/* routes.c — THE route table: every method, path, handler and access rule of
 * the platform in one place. The dispatcher (server.c) answers 404 and 405
 * itself; docs/openapi.yaml must list every row (tests/api/test_docs.py). */
#include "http/routes.h"
#include "base/mem.h"
#include "api/api.h"
#include "http/metrics.h"
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define ANY 0u
/* Staff who handle matters, and the system administrator who runs the
 * catalogue; the security and audit administrators do neither (三员分立). */
#define STAFF ROLES_CASEWORK
#define APPLICANT ROLES_APPLICANT

/* Rows name the fields they set; trailing flags (upload) default to false. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const route_t ROUTES[] = {
	{"GET", "/healthz", api_healthz, ACCESS_PUBLIC, ANY, SCOPE_NONE, "Liveness"},
	{"GET", "/readyz", api_readyz, ACCESS_PUBLIC, ANY, SCOPE_NONE, "Readiness (database reachable)"},
	{"GET", "/metrics", http_metrics, ACCESS_OPERATOR, ANY, SCOPE_NONE,
	 "Prometheus metrics (Bearer --metrics-token; 404 without one configured)"},
	{"GET", "/problems/{slug}", api_problem_page, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "What a problem type means and what to do (zh, en)"},

	{"POST", "/api/v1/accounts", api_accounts_create, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Register a person or an enterprise"},
	{"POST", "/api/v1/staff", api_staff_create, ACCESS_USER, ROLE_SECURITY_ADMIN, SCOPE_NONE,
	 "Create a staff account (security_admin)"},
	{"GET", "/api/v1/staff", api_staff_list, ACCESS_USER, ROLE_SECURITY_ADMIN, SCOPE_NONE,
	 "Staff accounts with their roles, of a department or all (security_admin)"},
	{"PUT", "/api/v1/staff/{id}/roles", api_staff_roles, ACCESS_USER, ROLE_SECURITY_ADMIN, SCOPE_NONE,
	 "Change a staff member's roles and department; audited (security_admin)"},
	{"POST", "/api/v1/staff/{id}/totp", api_staff_totp_enrol, ACCESS_USER, ROLE_SECURITY_ADMIN,
	 SCOPE_NONE,
	 "Enrol or reset a staff member's second factor; the secret is shown once (security_admin)"},
	{"POST", "/api/v1/session", api_session_create, ACCESS_PUBLIC, ANY, SCOPE_NONE, "Log in"},
	{"DELETE", "/api/v1/session", api_session_delete, ACCESS_USER, ANY, SCOPE_NONE, "Log out"},
	{"GET", "/api/v1/me", api_me, ACCESS_USER, ANY, SCOPE_NONE, "The caller's account"},
	{"GET", "/api/v1/me/messages", api_me_messages, ACCESS_USER, ANY, SCOPE_NONE,
	 "The caller's messages"},
	{"GET", "/api/v1/me/notifications", api_me_notifications_get, ACCESS_USER, ANY, SCOPE_NONE,
	 "The channels the caller's messages reach them on"},
	{"PUT", "/api/v1/me/notifications", api_me_notifications_put, ACCESS_USER, ANY, SCOPE_NONE,
	 "Choose SMS and email for the caller's messages (in-app is always on)"},
	{"POST", "/api/v1/me/email", api_me_email_request, ACCESS_USER, APPLICANT, SCOPE_NONE,
	 "Add or change the caller's email address: a code is sent to it (person, enterprise)"},
	{"POST", "/api/v1/me/email/confirm", api_me_email_confirm, ACCESS_USER, APPLICANT, SCOPE_NONE,
	 "Confirm the new email address with its code; only then are messages sent there"},
	{"GET", "/api/v1/me/enterprises", api_me_enterprises, ACCESS_USER, ROLE_PERSON, SCOPE_NONE,
	 "The enterprises the caller acts for as legal representative (我的企业; person)"},
	{"POST", "/api/v1/me/enterprises/{id}/password", api_me_enterprise_password, ACCESS_USER, ROLE_PERSON,
	 SCOPE_NONE, "Set the password of an enterprise the caller represents (its legal representative)"},
	{"POST", "/api/v1/me/deletion", api_me_deletion, ACCESS_USER, APPLICANT, SCOPE_NONE,
	 "Delete the caller's own account (a person or enterprise; password)"},
	{"POST", "/api/v1/password-resets", api_password_resets_create, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Ask for a password reset code by the registered phone (202 whatever matched)"},
	{"POST", "/api/v1/password-resets/window", api_password_resets_window, ACCESS_USER,
	 ROLE_WINDOW_CLERK, SCOPE_NONE,
	 "Issue a password reset code at the window, ID card checked (window clerk)"},
	{"POST", "/api/v1/password-resets/confirm", api_password_resets_confirm, ACCESS_PUBLIC, ANY,
	 SCOPE_NONE, "Set a new password with a reset code"},

	{"GET", "/api/v1/regions", api_regions_list, ACCESS_PUBLIC, ANY, SCOPE_NONE, "Regions (GB/T 2260)"},
	{"GET", "/api/v1/departments", api_departments_list, ACCESS_PUBLIC, ANY, SCOPE_NONE, "Departments"},

	{"GET", "/api/v1/matters", api_matters_list, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "List and search matters"},
	{"POST", "/api/v1/matters", api_matters_create, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "Create a matter (admin)"},
	{"GET", "/api/v1/matters/{code}", api_matter_get, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "A matter (current or ?version=N)"},
	{"GET", "/api/v1/matters/{code}/process", api_matter_process, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "A matter's steps (办理流程) and their time limits"},
	{"PUT", "/api/v1/matters/{code}", api_matter_update, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "New version of a matter (admin, If-Match)"},
	{"POST", "/api/v1/matters/{code}/retire", api_matter_retire, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "Retire a matter (admin, If-Match)"},

	{"POST", "/api/v1/cases", api_cases_create, ACCESS_USER, APPLICANT | ROLE_WINDOW_CLERK, SCOPE_NONE,
	 "File a case (Idempotency-Key)"},
	{"GET", "/api/v1/cases", api_cases_list, ACCESS_USER, ANY, SCOPE_NONE,
	 "The caller's cases, searched (办件查询)"},
	{"POST", "/api/v1/progress", api_progress, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "进度查询: a case's status and dates by its number and the applicant's ID, credit code or phone"},
	{"GET", "/api/v1/cases/{id}", api_case_get, ACCESS_USER, ANY, SCOPE_OWNER_OR_DEPT, "A case"},
	{"PUT", "/api/v1/cases/{id}", api_case_update, ACCESS_USER, APPLICANT, SCOPE_OWNER,
	 "Edit a draft (If-Match)"},
	{"POST", "/api/v1/cases/{id}/actions/{action}", api_case_action, ACCESS_USER, APPLICANT | STAFF,
	 SCOPE_OWNER_OR_DEPT,
	 "Act on a case (If-Match)"},
	{"POST", "/api/v1/cases/{id}/payment", api_case_payment, ACCESS_USER, ROLE_WINDOW_CLERK, SCOPE_DEPT,
	 "Record the fee taken at the window for the case's payment notice (window clerk of its department)"},
	{"POST", "/api/v1/payments/notify", api_payments_notify, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "The payment provider's notification that a notice is paid (signed: X-Payment-Signature)"},
	{"GET", "/api/v1/tasks", api_tasks_list, ACCESS_USER, STAFF, SCOPE_NONE,
	 "The department's task queue"},
	{"POST", "/api/v1/tasks/bulk", api_tasks_bulk, ACCESS_USER, STAFF, SCOPE_NONE,
	 "Claim, release or assign many tasks"},
	{"POST", "/api/v1/tasks/{id}/{action}", api_task_action, ACCESS_USER, STAFF, SCOPE_NONE,
	 "Claim, release or assign a task"},
	{"GET", "/api/v1/departments/{code}/staff", api_department_staff, ACCESS_USER, STAFF, SCOPE_DEPT,
	 "Colleagues in a department"},
	{"GET", "/api/v1/oversight/cases", api_oversight_cases, ACCESS_USER, ROLE_SUPERVISOR | ROLE_ADMIN,
	 SCOPE_NONE, "Overdue (red) and warning (yellow) cases across departments, counted per department "
	 "(supervisor, admin)"},
#ifdef ONESTOP_TEST_CLOCK
	{"POST", "/api/v1/test/clock", api_test_clock, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Test build only: move the clock"},
	{"POST", "/api/v1/test/jobs", api_test_jobs, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Test build only: run background jobs"},
#endif

	{"GET", "/api/v1/calendar/{region}/{year}", api_calendar_get, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "A region's working calendar for a year"},
	{"PUT", "/api/v1/calendar/{region}/{year}", api_calendar_put, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "Load a year's holiday notice (admin)"},
	{"GET", "/api/v1/calendar/{region}/workdays", api_calendar_workdays, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Add or count working days"},

	{"GET", "/api/v1/departments/{code}/slots", api_slots_list, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "A department's appointment slots of a day"},
	{"POST", "/api/v1/departments/{code}/slots", api_slots_publish, ACCESS_USER,
	 ROLE_DEPT_HEAD | ROLE_ADMIN, SCOPE_DEPT,
	 "Publish an appointment slot (dept_head of the department, admin)"},
	{"POST", "/api/v1/departments/{code}/slots/pattern", api_slots_pattern, ACCESS_USER,
	 ROLE_DEPT_HEAD | ROLE_ADMIN, SCOPE_DEPT,
	 "Publish slots for several days at once: days of the week x times x capacity, days off skipped"},
	{"PATCH", "/api/v1/departments/{code}/slots/{id}", api_slot_capacity, ACCESS_USER,
	 ROLE_DEPT_HEAD | ROLE_ADMIN, SCOPE_DEPT,
	 "Change a slot's capacity, never below its bookings (dept_head of the department, admin)"},
	{"DELETE", "/api/v1/departments/{code}/slots/{id}", api_slot_withdraw, ACCESS_USER,
	 ROLE_DEPT_HEAD | ROLE_ADMIN, SCOPE_DEPT,
	 "Withdraw a slot nobody has booked (dept_head of the department, admin)"},
	{"GET", "/api/v1/departments/{code}/appointments", api_department_appointments, ACCESS_USER,
	 ROLE_WINDOW_CLERK | ROLE_DEPT_HEAD | ROLE_SUPERVISOR | ROLE_ADMIN, SCOPE_DEPT,
	 "A department's appointments of a day"},
	{"POST", "/api/v1/appointments", api_appointments_create, ACCESS_USER, APPLICANT, SCOPE_NONE,
	 "Book an appointment slot"},
	{"DELETE", "/api/v1/appointments/{id}", api_appointment_cancel, ACCESS_USER, APPLICANT, SCOPE_OWNER,
	 "Cancel an appointment (the booker)"},
	{"POST", "/api/v1/appointments/{id}/checkin", api_appointment_checkin, ACCESS_USER, ROLE_WINDOW_CLERK,
	 SCOPE_DEPT,
	 "Check in an appointment at the window"},
	{"GET", "/api/v1/me/appointments", api_me_appointments, ACCESS_USER, ANY, SCOPE_NONE,
	 "The caller's appointments"},

	{"POST", "/api/v1/files", api_files_upload, ACCESS_USER,
	 APPLICANT | ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD | ROLE_ADMIN,
	 SCOPE_NONE,
	 "Upload a file (multipart/form-data; streamed)", true},
	{"GET", "/api/v1/files/{id}", api_file_get, ACCESS_USER, ANY, SCOPE_NONE,
	 "A file's bytes (owner, handling staff, supervisors)"},
	{"GET", "/api/v1/files/{id}/meta", api_file_meta, ACCESS_USER, ANY, SCOPE_NONE, "A file's metadata"},

	{"GET", "/api/v1/audit", api_audit_list, ACCESS_USER, ROLE_SUPERVISOR | ROLE_AUDIT_ADMIN, SCOPE_NONE,
	 "Audit log entries (supervisor, audit_admin)"},
	{"GET", "/api/v1/audit/head", api_audit_head, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "The latest signed checkpoint of the audit chain"},

	{"GET", "/api/v1/keys", api_keys_list, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "The certificate signing keys with their validity, and the revocation list's key"},
	{"POST", "/api/v1/keys/rotate", api_keys_rotate, ACCESS_USER, ROLE_DEPT_HEAD, SCOPE_DEPT,
	 "Rotate the department's signing key (dept_head)"},
	{"GET", "/api/v1/certificates/{id}/verify", api_certificate_verify_id, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Whether a certificate is valid, revoked, expired or unknown (public)"},
	{"POST", "/api/v1/certificates/verify", api_certificates_verify, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Check a signed certificate (public)"},
	{"GET", "/api/v1/certificates/revocations", api_certificates_revocations, ACCESS_PUBLIC, ANY,
	 SCOPE_NONE, "The signed list of revoked certificates (public)"},
	{"GET", "/api/v1/certificates", api_certificates_of_department, ACCESS_USER, ROLE_DEPT_HEAD,
	 SCOPE_NONE,
	 "The certificates the caller's department issued, found by identifier or number (dept_head)"},
	{"POST", "/api/v1/certificates/{id}/revoke", api_certificate_revoke, ACCESS_USER, ROLE_DEPT_HEAD,
	 SCOPE_DEPT, "Revoke a certificate with a reason (dept_head of the issuing department)"},
	{"GET", "/api/v1/me/certificates", api_me_certificates, ACCESS_USER, APPLICANT, SCOPE_NONE,
	 "The certificates the caller holds, each with its signed form"},
	{"GET", "/api/v1/me/certificates/{id}/pdf", api_me_certificate_pdf, ACCESS_USER, APPLICANT,
	 SCOPE_NONE, "A held certificate as a printable PDF with its QR code (the holder's own)"},
	{"GET", "/api/v1/notices/{id}", api_notice_get, ACCESS_USER, APPLICANT | STAFF, SCOPE_OWNER_OR_DEPT,
	 "A case's sealed notice (文书) with its signed form (its applicant, the handling department)"},
	{"GET", "/api/v1/notices/{id}/pdf", api_notice_pdf, ACCESS_USER, APPLICANT | STAFF,
	 SCOPE_OWNER_OR_DEPT,
	 "A case's sealed notice as a printable PDF (its applicant, the handling department)"},
	{"GET", "/api/v1/notices/{id}/verify", api_notice_verify_id, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Whether a notice was issued and signed by its department (public)"},
	{"POST", "/api/v1/notices/verify", api_notices_verify, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Check a signed notice (public)"},
	{"POST", "/api/v1/me/certificates/{id}/shares", api_me_certificate_shares_create, ACCESS_USER,
	 APPLICANT, SCOPE_NONE, "Make a time-limited share link to a held certificate (the holder's own)"},
	{"GET", "/api/v1/me/certificates/{id}/shares", api_me_certificate_shares_list, ACCESS_USER, APPLICANT,
	 SCOPE_NONE, "The share links of a held certificate, with their expiry and views"},
	{"DELETE", "/api/v1/me/certificates/{id}/shares/{share}", api_me_certificate_share_revoke,
	 ACCESS_USER, APPLICANT, SCOPE_NONE, "Revoke a share link of a held certificate"},
	{"GET", "/api/v1/shared/{token}", api_shared_open, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "A certificate opened through its share link (public; each opening is logged for the holder)", false,
	 false, true},
	{"GET", "/api/v1/me/data-use", api_me_data_use, ACCESS_USER, APPLICANT, SCOPE_NONE,
	 "Every use of the caller's data the platform recorded, newest first (数据使用记录)"},
	{"POST", "/api/v1/me/data-use/{id}/objection", api_me_data_use_objection, ACCESS_USER, APPLICANT,
	 SCOPE_NONE, "Object to a use of the caller's data; the platform's supervisors are told"},
	{"GET", "/api/v1/data-use-objections", api_data_use_objections, ACCESS_USER, ROLE_SUPERVISOR,
	 SCOPE_NONE, "Objections of people and enterprises to uses of their data (supervisors)"},
	{"GET", "/api/v1/datasets", api_datasets_list, ACCESS_USER, STAFF, SCOPE_NONE,
	 "The shared datasets held by departments, their fields and grants (staff)"},
	{"POST", "/api/v1/cases/{id}/registry-reads", api_case_registry_read, ACCESS_USER,
	 ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD, SCOPE_DEPT,
	 "Read a dataset's record about the case's applicant under its matter's grant; recorded"},
	{"POST", "/api/v1/cases/{id}/rating", api_case_rating_create, ACCESS_USER, APPLICANT, SCOPE_OWNER,
	 "Rate a completed case, once (好差评; the applicant)"},
	{"GET", "/api/v1/cases/{id}/rating", api_case_rating_get, ACCESS_USER,
	 APPLICANT | ROLE_DEPT_HEAD | ROLE_SUPERVISOR, SCOPE_OWNER_OR_DEPT,
	 "A case's rating (its owner, the department head, supervisors)"},
	{"POST", "/api/v1/rating-codes", api_rating_codes_create, ACCESS_USER, ROLE_WINDOW_CLERK, SCOPE_NONE,
	 "A walk-in rating code for a completed case (window clerk)"},
	{"POST", "/api/v1/ratings/by-code", api_ratings_by_code, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Rate with a walk-in code, without logging in"},
	{"GET", "/api/v1/rectifications", api_rectifications_list, ACCESS_USER,
	 ROLE_DEPT_HEAD | ROLE_SUPERVISOR, SCOPE_NONE,
	 "Rectifications after bad ratings (the department head's; every one for supervisors)"},
	{"POST", "/api/v1/rectifications/{id}/actions/{action}", api_rectification_action, ACCESS_USER,
	 ROLE_DEPT_HEAD, SCOPE_NONE, "Record a rectification's callback or fix (department head, If-Match)"},
	{"POST", "/api/v1/supervision/orders", api_supervision_orders_create, ACCESS_USER, ROLE_SUPERVISOR,
	 SCOPE_NONE, "Issue a supervision order (督办) to a department, with a deadline (supervisor)"},
	{"GET", "/api/v1/supervision/orders", api_supervision_orders_list, ACCESS_USER,
	 ROLE_SUPERVISOR | ROLE_DEPT_HEAD, SCOPE_NONE,
	 "Supervision orders (supervisors: all; a department head: the department's)"},
	{"GET", "/api/v1/supervision/orders/{id}", api_supervision_order_get, ACCESS_USER,
	 ROLE_SUPERVISOR | ROLE_DEPT_HEAD, SCOPE_NONE,
	 "A supervision order with the caller's actions (ETag)"},
	{"POST", "/api/v1/supervision/orders/{id}/answer", api_supervision_order_answer, ACCESS_USER,
	 ROLE_DEPT_HEAD, SCOPE_NONE,
	 "Answer a supervision order with what was done (its department's head, If-Match)"},
	{"POST", "/api/v1/supervision/orders/{id}/close", api_supervision_order_close, ACCESS_USER,
	 ROLE_SUPERVISOR, SCOPE_NONE, "Close an answered supervision order (supervisor, If-Match)"},
	{"POST", "/api/v1/supervision/orders/{id}/send-back", api_supervision_order_send_back, ACCESS_USER,
	 ROLE_SUPERVISOR, SCOPE_NONE, "Send an answer back to be answered again (supervisor, If-Match)"},

	{"GET", "/api/v1/stats/overview", api_stats_overview, ACCESS_USER, ROLE_DEPT_HEAD | ROLE_SUPERVISOR,
	 SCOPE_NONE, "Statistics of a period (不见面率 always beside 满意率; supervisors, department heads)"},
	{"GET", "/api/v1/stats/trend", api_stats_trend, ACCESS_USER, ROLE_DEPT_HEAD | ROLE_SUPERVISOR,
	 SCOPE_NONE, "Applications and completions per day, durations per working day (supervisors, heads)"},
	{"GET", "/api/v1/stats/demand", api_stats_demand, ACCESS_USER, ROLE_DEPT_HEAD | ROLE_SUPERVISOR,
	 SCOPE_NONE, "Demand by hour × weekday × channel, refused bookings included (supervisors, heads)"},
	{"GET", "/api/v1/stats/ranking", api_stats_ranking, ACCESS_USER, ROLE_SUPERVISOR, SCOPE_NONE,
	 "Departments ranked: 即办率, on-time and 提速率 beside both rates (supervisors)"},
	{"GET", "/api/v1/public/decisions", api_public_decisions, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "双公示: licensing decisions of a period, newest first, without personal identifiers"},
	{"GET", "/api/v1/public/stats", api_public_stats, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Public figures per department: applications, completions, both rates, ratings, durations"},
	{"POST", "/api/v1/complaints", api_complaints_create, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "File a 12345 request (a person or enterprise; anyone with a phone; an operator for a caller)"},
	{"GET", "/api/v1/complaints", api_complaints_list, ACCESS_USER, APPLICANT | STAFF, SCOPE_NONE,
	 "12345 requests: the caller's own, the hotline's, or the caller's body's queue"},
	{"GET", "/api/v1/complaints/{id}", api_complaint_get, ACCESS_USER, ANY, SCOPE_OWNER_OR_DEPT,
	 "A 12345 request with its timeline (caller, its bodies, the hotline, supervisors)"},
	{"POST", "/api/v1/complaints/{id}/actions/{action}", api_complaint_action, ACCESS_USER,
	 APPLICANT | STAFF, SCOPE_OWNER_OR_DEPT, "Act on a 12345 request (If-Match)"},
	{"GET", "/api/v1/complaint-categories", api_complaint_categories, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "12345 request categories with their time classes (a tree)"},
	{"GET", "/api/v1/stats/complaints", api_complaint_stats, ACCESS_USER, STAFF, SCOPE_NONE,
	 "三率 of 12345 requests per handling body over a period"},
	{"GET", "/api/v1/stats/complaints/hotspots", api_complaint_hotspots, ACCESS_USER, STAFF, SCOPE_NONE,
	 "12345 hotspots: requests per day, street and category, with spike flags (未诉先办)"},

	/* Open311 GeoReport v2 over 12345 requests (domain/open311/); {format} is json or xml */
	{"GET", "/open311/v2/discovery.{format}", api_open311_discovery, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Open311 service discovery"},
	{"GET", "/open311/v2/services.{format}", api_open311_services, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Open311 service list (the 12345 request categories)"},
	{"GET", "/open311/v2/services/{service_code}.{format}", api_open311_service, ACCESS_PUBLIC, ANY,
	 SCOPE_NONE, "Open311 service definition (district, street and kind attributes)"},
	{"POST", "/open311/v2/requests.{format}", api_open311_requests_create, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "File a 12345 request as an Open311 client (form-encoded, api_key)", false, true},
	{"GET", "/open311/v2/requests.{format}", api_open311_requests_list, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Open311 service requests (90 days by default, at most 1000, without the callers)"},
	{"GET", "/open311/v2/requests/{service_request_id}.{format}", api_open311_request, ACCESS_PUBLIC, ANY,
	 SCOPE_NONE, "One Open311 service request"},
	{"GET", "/open311/v2/tokens/{token}.{format}", api_open311_token, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "The service_request_id of a token (a 12345 request's opaque id)"},
	{"POST", "/api/v1/open311/keys", api_open311_keys_create, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "Issue an Open311 API key to an application; the key is shown once (admin)"},
	{"DELETE", "/api/v1/open311/keys/{id}", api_open311_key_revoke, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "Revoke an Open311 API key (admin)"},

	{"GET", "/", api_web, ACCESS_PUBLIC, ANY, SCOPE_NONE, "The portal"},
	{"GET", "/workbench/", api_web, ACCESS_PUBLIC, ANY, SCOPE_NONE, "The staff workbench"},
	{"GET", "/assets/{path...}", api_web, ACCESS_PUBLIC, ANY, SCOPE_NONE, "Static assets"},

	/* 双随机一公开 (domain/inspections/) */
	{"POST", "/api/v1/inspection-items", api_inspection_items_create, ACCESS_USER, ROLE_DEPT_HEAD,
	 SCOPE_NONE, "An inspection item of the caller's department, with its legal basis (dept_head)"},
	{"GET", "/api/v1/inspection-items", api_inspection_items_list, ACCESS_USER, STAFF, SCOPE_NONE,
	 "Every inspection item with its department and legal basis, for planning"},
	{"PUT", "/api/v1/enterprise-profiles/{id}", api_enterprise_profile_put, ACCESS_USER, ROLE_SUPERVISOR,
	 SCOPE_NONE, "An enterprise's profile in the target register (supervisor)"},
	{"GET", "/api/v1/inspection-targets", api_inspection_targets, ACCESS_USER, ROLE_SUPERVISOR,
	 SCOPE_NONE, "The target register with complaints and past findings per firm (supervisor)"},
	{"PUT", "/api/v1/inspectors/{id}", api_inspector_put, ACCESS_USER, ROLE_DEPT_HEAD, SCOPE_NONE,
	 "A colleague in the inspector register, with recusal declarations (dept_head)"},
	{"POST", "/api/v1/inspection-plans", api_inspection_plans_create, ACCESS_USER, ROLE_SUPERVISOR,
	 SCOPE_NONE, "A draft inspection plan (supervisor)"},
	{"GET", "/api/v1/inspection-plans", api_inspection_plans_list, ACCESS_USER, STAFF, SCOPE_NONE,
	 "The inspection plans, the newest first"},
	{"GET", "/api/v1/inspection-plans/{id}", api_inspection_plan_get, ACCESS_USER, STAFF, SCOPE_NONE,
	 "An inspection plan"},
	{"POST", "/api/v1/inspection-plans/{id}/actions/{action}", api_inspection_plan_action, ACCESS_USER,
	 ROLE_SUPERVISOR, SCOPE_NONE, "Commit, draw, reveal, start or publish a plan (supervisor)"},
	{"POST", "/api/v1/inspection-plans/{id}/findings", api_inspection_findings_create, ACCESS_USER, STAFF,
	 SCOPE_NONE, "A finding on a target (an inspector drawn for it)"},
	{"GET", "/api/v1/public/inspections", api_public_inspections, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Published inspection results, without personal data"},
	{"GET", "/api/v1/public/inspections/{id}/draw", api_public_inspection_draw, ACCESS_PUBLIC, ANY,
	 SCOPE_NONE, "The draw record of a plan once its seed is revealed (onestop inspection-verify)"},
	{"GET", "/api/v1/me/inspections", api_me_inspections, ACCESS_USER, ROLE_ENTERPRISE, SCOPE_NONE,
	 "The calling enterprise's inspections: findings, correction orders, its objections"},
	{"POST", "/api/v1/me/inspections/{id}/objections", api_inspection_objection_create, ACCESS_USER,
	 ROLE_ENTERPRISE, SCOPE_NONE,
	 "An objection to the enterprise's published results, within 15 working days (the enterprise "
	 "drawn)"},
	{"GET", "/api/v1/inspection-objections", api_inspection_objections_list, ACCESS_USER, STAFF,
	 SCOPE_NONE, "Objections to the results of plans of the caller's department (supervisors: all)"},
	{"POST", "/api/v1/inspection-objections/{id}/answer", api_inspection_objection_answer, ACCESS_USER,
	 STAFF, SCOPE_NONE,
	 "Answer an objection: upheld or rejected, with a reason (staff of a department of the plan)"},

	/* 惠企政策 (domain/policies/) */
	{"POST", "/api/v1/policies", api_policies_create, ACCESS_USER, ROLE_DEPT_HEAD, SCOPE_NONE,
	 "A draft policy of the caller's department, eligibility as a decision table (dept_head)"},
	{"GET", "/api/v1/policies", api_policies_list, ACCESS_PUBLIC, ANY, SCOPE_NONE, "Published policies"},
	{"GET", "/api/v1/policies/{id}", api_policy_get, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "A policy (drafts to staff only)"},
	{"POST", "/api/v1/policies/{id}/publish", api_policy_publish, ACCESS_USER, ROLE_DEPT_HEAD, SCOPE_NONE,
	 "Publish a policy and match it to the enterprises (dept_head of the issuer)"},
	{"POST", "/api/v1/policies/{id}/applications", api_policy_apply, ACCESS_USER, ROLE_ENTERPRISE,
	 SCOPE_NONE, "Apply for a policy in one step (an enterprise it matches)"},
	{"GET", "/api/v1/me/policies", api_me_policies, ACCESS_USER, ROLE_ENTERPRISE, SCOPE_NONE,
	 "The policies for the calling enterprise, the largest benefit first, with explanations"},
	{"GET", "/api/v1/policies/{id}/matches", api_policy_matches, ACCESS_USER, STAFF, SCOPE_NONE,
	 "The enterprises a policy matches, with explanations (staff of its department)"},
	{"GET", "/api/v1/departments/{code}/policies", api_department_policies, ACCESS_USER, STAFF,
	 SCOPE_DEPT,
	 "A department's policies, drafts first (its staff)"},
	{"POST", "/api/v1/window/applicants", api_window_applicants, ACCESS_USER, ROLE_WINDOW_CLERK,
	 SCOPE_NONE, "Find the applicant at the window by ID number, or register them (window clerk)"},
	{"POST", "/api/v1/me/messages/read", api_me_messages_read, ACCESS_USER, ANY, SCOPE_NONE,
	 "Mark the caller's messages read up to an id"},
	{"GET", "/api/v1/session", api_session_get, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Who is signed in (their account, or null; 200 either way)"},
	{"GET", "/api/v1/bundles", api_bundles_list, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "Bundles (一件事): several matters in one application"},
	{"POST", "/api/v1/bundles", api_bundles_create, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "Create a bundle (admin)"},
	{"GET", "/api/v1/bundles/{code}", api_bundle_get, ACCESS_PUBLIC, ANY, SCOPE_NONE,
	 "A bundle's guide: its steps, merged form and materials (current or ?version=N)"},
	{"PUT", "/api/v1/bundles/{code}", api_bundle_update, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "New version of a bundle (admin, If-Match)"},
	{"POST", "/api/v1/bundles/{code}/retire", api_bundle_retire, ACCESS_USER, ROLE_ADMIN, SCOPE_NONE,
	 "Retire a bundle (admin, If-Match)"},
	{"POST", "/api/v1/bundles/{code}/cases", api_bundle_cases_create, ACCESS_USER,
	 APPLICANT | ROLE_WINDOW_CLERK, SCOPE_NONE,
	 "Apply for a bundle: the bundle case and every sub-case in one transaction (Idempotency-Key)"},
	{"GET", "/api/v1/bundle-cases/{id}", api_bundle_case_get, ACCESS_USER, ANY, SCOPE_NONE,
	 "A bundle case (applicant, supervisors; staff see their own steps)"},
	{"POST", "/api/v1/bundle-cases/{id}/withdraw", api_bundle_case_withdraw, ACCESS_USER, APPLICANT,
	 SCOPE_NONE, "Withdraw a bundle case: every sub-case not yet decided (applicant)"},
	{"POST", "/api/v1/bundle-cases/{id}/correction", api_bundle_case_correction, ACCESS_USER, APPLICANT,
	 SCOPE_NONE, "Answer every department's correction notice of a bundle case at once (applicant)"},
	{"POST", "/api/v1/bundle-cases/{id}/retry", api_bundle_case_retry, ACCESS_USER, APPLICANT, SCOPE_NONE,
	 "Submit a bundle case's blocked steps again, once their drafts are put right (applicant)"},
	{"POST", "/api/v1/bundle-cases/{id}/rating", api_bundle_rating_create, ACCESS_USER, APPLICANT,
	 SCOPE_NONE, "Rate a finished bundle case, once (its applicant)"},
	{"GET", "/api/v1/bundle-cases/{id}/rating", api_bundle_rating_get, ACCESS_USER,
	 APPLICANT | ROLE_SUPERVISOR | ROLE_DEPT_HEAD, SCOPE_NONE,
	 "A bundle case's rating (its applicant, the head of its first step's department, supervisors)"},
	{NULL, NULL, NULL, 0, 0, 0, NULL},
};
#pragma GCC diagnostic pop

const route_t *routes_table(void) { return ROUTES; }
size_t routes_count(void) { return sizeof ROUTES / sizeof ROUTES[0] - 1; }
size_t routes_index(const route_t *rt) { return (size_t)(rt - ROUTES); }

/* A pattern segment "HEAD.{name}" (the Open311 façade's "services/{service_code}.{format}"):
 * the path segment's text after its last '.' is the parameter `name`, and the text before it
 * matches HEAD, a literal (counted in *score) or a parameter of its own. */
static bool suffix_segment(const char *p, size_t pl, const char *sfx, const char *u, size_t ul, req_t *r,
			   int *n, int *score)
{
	const char *ud = NULL;
	for (size_t k = 0; k < ul; k++)
		if (u[k] == '.')
			ud = u + k;
	if (!ud || ud == u + ul - 1)
		return false;
	size_t hl = (size_t)(sfx - p), uhl = (size_t)(ud - u), el = ul - uhl - 1;
	bool param = hl > 2 && p[0] == '{' && p[hl - 1] == '}';
	if (param ? uhl == 0 || uhl > 200 : hl != uhl || strncmp(p, u, hl) != 0)
		return false;
	if (el > 16 || *n + (param ? 2 : 1) > MAX_PATH_PARAMS)
		return false;
	if (r && param) {
		r->params[*n].name = p + 1;
		r->params[*n].value = xstrndup(u, uhl);
		r->params[*n].name_len = hl - 2;
	}
	if (r) {
		int k = *n + param;
		r->params[k].name = sfx + 2;
		r->params[k].value = xstrndup(ud + 1, el);
		r->params[k].name_len = pl - hl - 3;
	}
	*n += param ? 2 : 1;
	if (!param)
		(*score)++;
	return true;
}

/* Compares one path against a pattern segment by segment; literal segments
 * beat parameters, so "/calendar/{region}/workdays" wins over "/{region}/{year}".
 * A parameter is one segment, except a last one written "{name...}": it takes
 * the rest of the path, slashes included ("/assets/{path...}"). */
static int match_one(const char *pattern, const char *path, req_t *r, int *literal_score)
{
	/* quick reject on the literal part before the first parameter: most
	 * routes differ there, and this runs for every route on every request */
	const char *q = pattern, *v = path;
	while (*q && *q != '{' && *q == *v) {
		q++;
		v++;
	}
	if (*q != '{' && (*q || *v))
		return 0;
	const char *p = pattern, *u = path;
	int n = 0, score = 0;
	for (;;) {
		if (*p == '\0' || *u == '\0')
			break;
		if (*p != '/' || *u != '/')
			return 0;
		p++;
		u++;
		const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
		size_t pl = pe ? (size_t)(pe - p) : strlen(p), ul = ue ? (size_t)(ue - u) : strlen(u);
		const char *sfx = NULL; /* the last ".{" of a segment "HEAD.{name}" */
		for (size_t k = 1; k + 3 < pl; k++)
			if (p[k] == '.' && p[k + 1] == '{')
				sfx = p + k;
		if (sfx && p[pl - 1] == '}') {
			if (!suffix_segment(p, pl, sfx, u, ul, r, &n, &score))
				return 0;
		} else if (pl > 2 && p[0] == '{' && p[pl - 1] == '}') {
			bool rest = !pe && pl > 5 && memcmp(p + pl - 4, "...}", 4) == 0;
			if (rest)
				ul = strlen(u);
			if (ul == 0 || ul > 200 || n >= MAX_PATH_PARAMS)
				return 0;
			if (r) {
				r->params[n].name = p + 1;   /* points into the pattern */
				r->params[n].value = xstrndup(u, ul);
				r->params[n].name_len = pl - (rest ? 5 : 2);
			}
			n++;
		} else {
			if (pl != ul || strncmp(p, u, pl) != 0)
				return 0;
			score++;
		}
		p += pl;
		u += ul;
	}
	if (*p != *u)
		return 0;
	if (r)
		r->nparams = n;
	*literal_score = score;
	return 1;
}

/* Dispatch by the segment that tells routes apart: a route whose pattern has a literal first
 * segment after "/api/v1/" (or a literal first segment elsewhere) can only match a path with the
 * same one, so each route keeps the hash of that part of its pattern and match_one runs only on
 * routes whose hash is the path's, and on those whose segment is a parameter. Collisions cost a
 * match_one, never a wrong answer. The hashes are computed once, at the first request. */
static size_t dispatch_len(const char *s)
{
	if (s[0] != '/')
		return 0;
	size_t start = strncmp(s, "/api/v1/", 8) == 0 ? 8 : 1;
	const char *e = strchr(s + start, '/');
	return e ? (size_t)(e - s) : strlen(s);
}

static uint32_t dispatch_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;   /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static struct {
	uint32_t hash;
	bool any;   /* the segment is a parameter: every path is a candidate */
} dispatch[sizeof ROUTES / sizeof ROUTES[0]];
static pthread_once_t dispatch_once = PTHREAD_ONCE_INIT;
/* The methods of the upload routes: a request of any other method is no upload, and
 * routes_is_upload answers it without matching the table. */
static const char *upload_methods[8];

static void dispatch_build(void)
{
	size_t nm = 0;
	for (size_t i = 0; ROUTES[i].method; i++) {
		bool known = false;
		for (size_t k = 0; k < nm; k++)
			known |= strcmp(upload_methods[k], ROUTES[i].method) == 0;
		if (ROUTES[i].upload && !known && nm < sizeof upload_methods / sizeof upload_methods[0])
			upload_methods[nm++] = ROUTES[i].method;
		size_t n = dispatch_len(ROUTES[i].pattern);
		dispatch[i].any = memchr(ROUTES[i].pattern, '{', n) != NULL || n == 0;
		dispatch[i].hash = dispatch_hash(ROUTES[i].pattern, n);
	}
}

/* Whether route x may match a path whose dispatch hash is h. */
static bool candidate(const route_t *x, uint32_t h)
{
	size_t i = (size_t)(x - ROUTES);
	return dispatch[i].any || dispatch[i].hash == h;
}

static uint32_t path_hash(const char *path)
{
	pthread_once(&dispatch_once, dispatch_build);
	return dispatch_hash(path, dispatch_len(path));
}

const route_t *routes_for_path(const char *path)
{
	const route_t *best = NULL;
	int best_score = -1;
	uint32_t h = path_hash(path);
	for (const route_t *x = ROUTES; x->method; x++) {
		int score;
		if (candidate(x, h) && match_one(x->pattern, path, NULL, &score) && score > best_score) {
			best = x;
			best_score = score;
		}
	}
	return best;
}

bool routes_is_upload(const char *method, const char *path)
{
	const route_t *best = NULL;
	int best_score = -1;
	uint32_t h = path_hash(path);
	bool maybe = false;
	for (size_t k = 0; k < sizeof upload_methods / sizeof upload_methods[0] && upload_methods[k]; k++)
		maybe |= strcmp(upload_methods[k], method) == 0;
	if (!maybe)
		return false;
	for (const route_t *x = ROUTES; x->method; x++) {
		int score;
		if (candidate(x, h) && strcmp(x->method, method) == 0 &&
		    match_one(x->pattern, path, NULL, &score) &&
		    score > best_score) {
			best = x;
			best_score = score;
		}
	}
	return best && best->upload;
}

match_t routes_match(const char *method, const char *path, req_t *r, char *allow, size_t allowlen)
{
	const route_t *best = NULL;
	int best_score = -1;
	size_t used = 0;
	allow[0] = '\0';
	bool any_path = false;
	uint32_t h = path_hash(path);
	for (const route_t *x = ROUTES; x->method; x++) {
		int score;
		if (!candidate(x, h) || !match_one(x->pattern, path, NULL, &score))
			continue;
		any_path = true;
		bool head_as_get = strcmp(method, "HEAD") == 0 && strcmp(x->method, "GET") == 0;
		if (strcmp(x->method, method) == 0 || head_as_get) {
			if (score > best_score) {
				best = x;
				best_score = score;
			}
		} else if (!strstr(allow, x->method)) {
			/* a GET route answers HEAD too (RFC 9110 §9.3.2), so Allow names both */
			bool get = strcmp(x->method, "GET") == 0;
			int w = snprintf(allow + used, allowlen - used, "%s%s%s", used ? ", " : "", x->method,
					 get ? ", HEAD" : "");
			if (w > 0 && (size_t)w < allowlen - used)
				used += (size_t)w;
		}
	}
	if (best) {
		int score;
		match_one(best->pattern, path, r, &score);
		r->route = best;
		return MATCH_OK;
	}
	return any_path ? MATCH_NO_METHOD : MATCH_NO_PATH;
}
