/* api.h — every handler, one file per resource (named after its URL). The
 * route table in src/http/routes.c is the only place that binds them to
 * methods, paths and access rules. */
#ifndef ONESTOP_API_H
#define ONESTOP_API_H

#include "api/request.h"

/* health.c */
void api_healthz(req_t *r);
void api_readyz(req_t *r);
/* problems.c */
void api_problem_page(req_t *r);
/* accounts.c */
void api_accounts_create(req_t *r);
void api_staff_create(req_t *r);
/* totp.c */
void api_staff_totp_enrol(req_t *r);
/* session.c */
void api_session_create(req_t *r);
void api_session_delete(req_t *r);
/* me.c */
void api_me(req_t *r);
void api_me_messages(req_t *r);
void api_me_messages_read(req_t *r);
void api_session_get(req_t *r);
void api_me_deletion(req_t *r);
/* me_notify.c */
void api_me_notifications_get(req_t *r);
void api_me_notifications_put(req_t *r);
void api_me_email_request(req_t *r);
void api_me_email_confirm(req_t *r);
/* password_resets.c */
void api_password_resets_create(req_t *r);
void api_password_resets_window(req_t *r);
void api_password_resets_confirm(req_t *r);
/* window_applicants.c */
void api_window_applicants(req_t *r);
/* geo.c */
void api_regions_list(req_t *r);
void api_departments_list(req_t *r);
/* calendar.c */
void api_calendar_get(req_t *r);
void api_calendar_put(req_t *r);
void api_calendar_workdays(req_t *r);
/* audit.c */
void api_audit_list(req_t *r);
void api_audit_head(req_t *r);
/* matters.c */
void api_matters_list(req_t *r);
void api_matter_get(req_t *r);
void api_matter_process(req_t *r);
void api_matters_create(req_t *r);
void api_matter_update(req_t *r);
void api_matter_retire(req_t *r);
/* appointments.c */
void api_slots_list(req_t *r);
void api_slots_publish(req_t *r);
void api_slots_pattern(req_t *r);
void api_slot_withdraw(req_t *r);
void api_slot_capacity(req_t *r);
void api_appointments_create(req_t *r);
void api_appointment_cancel(req_t *r);
void api_appointment_checkin(req_t *r);
void api_inspection_items_create(req_t *r);
void api_inspection_items_list(req_t *r);
void api_enterprise_profile_put(req_t *r);
void api_inspection_targets(req_t *r);
void api_inspector_put(req_t *r);
void api_inspection_plans_create(req_t *r);
void api_inspection_plans_list(req_t *r);
void api_inspection_plan_get(req_t *r);
void api_inspection_plan_action(req_t *r);
void api_inspection_findings_create(req_t *r);
void api_public_inspections(req_t *r);
void api_public_inspection_draw(req_t *r);
void api_me_inspections(req_t *r);
void api_inspection_objection_create(req_t *r);
void api_inspection_objections_list(req_t *r);
void api_inspection_objection_answer(req_t *r);
void api_policies_create(req_t *r);
void api_policies_list(req_t *r);
void api_policy_get(req_t *r);
void api_policy_publish(req_t *r);
void api_policy_apply(req_t *r);
void api_me_policies(req_t *r);
void api_policy_matches(req_t *r);
void api_department_policies(req_t *r);
void api_me_appointments(req_t *r);
void api_department_appointments(req_t *r);
/* cases.c */
void api_cases_create(req_t *r);
void api_cases_list(req_t *r);
void api_case_get(req_t *r);
void api_case_update(req_t *r);
void api_case_action(req_t *r);
/* progress.c */
void api_progress(req_t *r);
/* decisions.c */
void api_public_decisions(req_t *r);
/* tasks.c */
void api_tasks_list(req_t *r);
void api_task_action(req_t *r);
void api_tasks_bulk(req_t *r);
void api_department_staff(req_t *r);
/* cases/oversight.c */
void api_oversight_cases(req_t *r);
/* identity/staff.c */
void api_staff_list(req_t *r);
void api_staff_roles(req_t *r);
/* open311/open311.c: the Open311 GeoReport v2 façade; open311/open311_keys.c: its API keys */
void api_open311_discovery(req_t *r);
void api_open311_services(req_t *r);
void api_open311_service(req_t *r);
void api_open311_requests_create(req_t *r);
void api_open311_requests_list(req_t *r);
void api_open311_request(req_t *r);
void api_open311_token(req_t *r);
void api_open311_keys_create(req_t *r);
void api_open311_key_revoke(req_t *r);

/* complaints.c */
void api_complaints_create(req_t *r);
void api_complaints_list(req_t *r);
void api_complaint_get(req_t *r);
void api_complaint_action(req_t *r);
void api_complaint_categories(req_t *r);
void api_complaint_stats(req_t *r);
void api_complaint_hotspots(req_t *r);
/* testing.c (test build only) */
void api_test_clock(req_t *r);
void api_test_jobs(req_t *r);
/* files.c */
void api_files_upload(req_t *r);
void api_file_get(req_t *r);
void api_file_meta(req_t *r);
/* keys.c */
void api_keys_list(req_t *r);
void api_keys_rotate(req_t *r);
/* payments.c */
void api_case_payment(req_t *r);
void api_payments_notify(req_t *r);
/* certificates.c */
void api_certificate_verify_id(req_t *r);
void api_certificates_verify(req_t *r);
void api_certificates_revocations(req_t *r);
void api_certificate_revoke(req_t *r);
void api_me_certificates(req_t *r);
void api_me_certificate_pdf(req_t *r);
/* The platform's public URL (--public-url), else the listen address, with no
 * trailing '/': where the printed QR codes point. */
void api_public_base(req_t *r, char *base, size_t n);
/* certs/notices.c */
void api_notice_get(req_t *r);
void api_notice_pdf(req_t *r);
void api_notice_verify_id(req_t *r);
void api_notices_verify(req_t *r);
/* sharing/data_use.c */
void api_me_data_use(req_t *r);
/* ratings.c */
void api_case_rating_get(req_t *r);
void api_case_rating_create(req_t *r);
void api_rating_codes_create(req_t *r);
void api_ratings_by_code(req_t *r);
/* rectifications.c */
void api_rectifications_list(req_t *r);
void api_rectification_action(req_t *r);
/* stats.c */
void api_stats_overview(req_t *r);
void api_stats_trend(req_t *r);
void api_stats_ranking(req_t *r);
void api_public_stats(req_t *r);
/* web.c — static pages and assets */
void api_web(req_t *r);

/* bundles/bundles.c */
void api_bundles_list(req_t *r);
void api_bundle_get(req_t *r);
void api_bundles_create(req_t *r);
void api_bundle_update(req_t *r);
void api_bundle_retire(req_t *r);
/* bundles/bundle_cases.c */
void api_bundle_cases_create(req_t *r);
void api_bundle_case_get(req_t *r);
void api_bundle_case_withdraw(req_t *r);

#endif
