/* case_store.h — what the case modules share: the loaded row, timeline
 * events, tasks and numbering. Internal to domain/ (cases*.c, tasks.c). */
#ifndef ONESTOP_CASE_STORE_H
#define ONESTOP_CASE_STORE_H

#include <jansson.h>
#include "domain/core/actor.h"
#include "domain/core/ids.h"
#include "domain/cases/case.h"
#include "domain/catalog/form.h"
#include "domain/cases/case_flow.h"
#include "base/crypto.h"
#include "base/errs.h"
#include "base/date.h"
#include "store/store.h"

typedef struct {
	char id[CASE_ID_LEN], number[CASE_NUMBER_LEN], matter_code[MATTER_CODE_LEN],
	    department[DEPT_CODE_LEN], region[REGION_CODE_LEN], applicant_id[ACCOUNT_ID_LEN],
	    principal_id[ACCOUNT_ID_LEN], channel[16], created_by[ACCOUNT_ID_LEN], status[CASE_STATUS_LEN],
	    prev_status[CASE_STATUS_LEN];
	int64_t matter_version, version, created_at, submitted_at;
	json_t *agent, *form, *delivery, *correction, *decision, *result, *delivery_record, *suspension,
	    *extension;
	bool immediate;
	int promised_days, paused_workdays, extension_days, correction_rounds;
	char submitted_day[DATE_STR_LEN], accepted_day[DATE_STR_LEN], paused_day[DATE_STR_LEN],
	    due_day[DATE_STR_LEN], finished_day[DATE_STR_LEN], colour[8];
	bool provisional;
} case_row_t;

bool case_load(dbc_t *c, const char *id, case_row_t *row);
/* case_load of a case this transaction has just inserted with these agent, form and delivery
 * documents (NULL: none), which are taken (a reference each) instead of read back: their
 * sealed columns are not opened again. */
bool case_load_fresh(dbc_t *c, const char *id, json_t *agent, json_t *form, json_t *delivery,
		     case_row_t *row);
/* Replaces a case's form, sealed, in the transaction of the step that filled
 * it (no version of its own: the step's). 0 or -1. */
int case_store_form_set(dbc_t *c, const char *id, const json_t *form);
/* A licensing decision as 双公示 publishes it (case_public.c). */
typedef struct {
	int64_t at, seq;
	const char *case_id, *action, *matter_code, *matter_zh, *matter_en, *department, *department_zh,
	    *department_en, *holder_kind, *holder_name, *credit_code;
	int64_t matter_version; /* the version the case was filed under: its decision's words */
} decision_row_t;
typedef struct {
	bool set;
	int64_t at, seq;
	char case_id[CASE_ID_LEN];
} decision_cursor_t;
/* The approve/deny events of licensing matters in [lo, hi) (UTC ms), of a
 * department (NULL: all), after the cursor (NULL: from the newest), newest
 * first, at most limit. */
void case_store_decisions(dbc_t *c, int64_t lo, int64_t hi, const char *department,
			  const decision_cursor_t *after, int limit,
			  void (*fn)(const decision_row_t *r, void *ctx), void *ctx);
/* The same by the case's number (310101-20261123-000042). */
bool case_load_by_number(dbc_t *c, const char *number, case_row_t *row);

/* The material key under which an assisted case keeps its 授权委托书. */
#define CASE_AGENT_AUTHORIZATION "_agent_authorization"

/* A new row of cases (borrowed strings). The agent, form and delivery documents come as
 * case_seal_json made them before the write (NULL for none): the one writer neither serialises
 * nor seals them. */
typedef struct {
	const char *id, *number, *matter_code;
	int64_t matter_version;
	const char *department, *region, *applicant, *channel, *created_by;
	const char *sealed_agent;
	const char *status;
	const char *sealed_form, *sealed_delivery;
	bool immediate;
	int promised_days;
	const char *submitted_day; /* NULL for a draft */
	int64_t now;
} case_insert_t;
int case_insert(dbc_t *c, const case_insert_t *in);
/* The sealed text of a case's JSON document as the store keeps it, newly allocated; NULL for
 * NULL, and NULL with *ok cleared when it cannot be sealed (no key file). */
char *case_seal_json(const json_t *v, bool *ok);
/* Raises and returns the day's sequence of a region's case numbers. */
int case_number_next(dbc_t *c, const char *region, const char *day, int64_t *seq);
/* The few columns a minimal answer shows (case_head_t, case_minimal_json); false when absent. */
bool case_head(dbc_t *c, const char *id, case_head_t *out);
/* The case an Idempotency-Key of an account created, and the request's hash; false when unused. */
bool case_idem_find(dbc_t *c, const char *account, const char *key, char case_id[CASE_ID_LEN],
		    char hash[HASH_HEX_LEN]);
/* Claims an Idempotency-Key for a new case: 1 when claimed, 0 when the key
 * is taken already (by a committed write; one in flight is waited for),
 * -1 on a database error. */
int case_idem_claim(dbc_t *c, const char *account, const char *key, const char *hash, const char *case_id,
		    int64_t now);

/* ---- what the background jobs read and write (case_jobs.c) ---- */

typedef struct {
	char (*ids)[CASE_ID_LEN];
	size_t n;
} case_ids_t;
typedef enum {
	CASE_IDS_AWAITING_INTAKE, /* submitted, no intake decision yet */
	CASE_IDS_CLOCK_RUNNING,   /* accepted, not finished */
} case_ids_which_t;
/* What a case's clock is computed from, read without the case's documents. */
typedef struct {
	const char *id, *region, *submitted_day, *accepted_day, *paused_day, *finished_day, *colour;
	int promised_days, extension_days, paused_workdays;
} case_clock_row_t;
/* The ids of the cases of `which` that `keep` (NULL: every one) says the job has to write. */
case_ids_t case_ids(dbc_t *c, case_ids_which_t which,
		    bool (*keep)(dbc_t *c, const case_clock_row_t *r, void *ctx), void *ctx);
void case_ids_release(case_ids_t *l);
int case_set_colour(dbc_t *c, const char *id, const char *colour);

/* ---- what the JSON views read (case_read.c); strings live during the callback ---- */

typedef struct {
	const char *material_key, *id, *type, *name;
	int64_t size;
	int page;   /* 1 for a material's first file, 2… for the pages after it (case_file_pages) */
} case_file_t;
/* Every file of a case, by material and page. */
int case_scan_files(dbc_t *c, const char *case_id, void (*fn)(const case_file_t *f, void *ctx), void *ctx);

typedef struct {
	int64_t at;
	const char *action, *from, *to, *department, *role, *note;
} case_event_t;
/* The timeline, oldest first. */
int case_scan_events(dbc_t *c, const char *case_id, void (*fn)(const case_event_t *e, void *ctx), void *ctx);

typedef struct {
	const char *viewer, *department;
	bool overseer, staff; /* supervisors and admins see all; staff their department's */
	const char *status;   /* NULL: any */
	const char *number_like, *applicant_like, *matter, *in_department, *from_day, *to_day; /* NULL: any */
	int64_t after;        /* cursor: (created_at, id) below this, when after > 0 */
	const char *after_id;
	int limit;
} case_list_filter_t;

typedef struct {
	const char *id, *number, *matter_code, *matter_zh, *matter_en, *status, *channel, *due_day, *colour,
	    *department;
	int64_t created_at, matter_version;
} case_summary_t;
/* The cases a viewer sees, newest first. */
int case_scan_list(dbc_t *c, const case_list_filter_t *f, void (*fn)(const case_summary_t *r, void *ctx),
		   void *ctx);

/* The case's files as {material key: file id}: a new object. */
json_t *case_files_of(dbc_t *c, const char *id);
/* Drops every uploaded file of a case (a draft's materials given anew replace them). */
int case_files_clear(dbc_t *c, const char *id);
/* The files after a material's first (pages 2…, a JSON array of file ids, may be empty):
 * replaces what the material had. Returns 0 or -1. */
int case_pages_set(dbc_t *c, const char *id, const char *key, const json_t *file_ids);
/* Attaches (or replaces) the file of a material, dropping any pages after it. Returns 0 or -1. */
int case_file_set(dbc_t *c, const char *id, const char *key, const char *file_id);
/* The materials taken from the applicant's certificates (case_certs_store.c):
 * sets (or replaces) the link of a material, dropping any file of it; removes
 * one; every one of a case (strings and view live during the callback); all
 * of a case (a draft's purge). 0 or -1. */
int case_cert_set(dbc_t *c, const char *id, const char *key, const char *cert_id, bool automatic,
		  const json_t *view, int64_t now);
int case_cert_unset(dbc_t *c, const char *id, const char *key);
typedef struct {
	const char *material_key, *certificate_id;
	bool automatic;
	const json_t *view; /* the certificate's view when attached (case_hooks.h) */
} case_cert_t;
int case_scan_certs(dbc_t *c, const char *case_id, void (*fn)(const case_cert_t *f, void *ctx), void *ctx);
int case_certs_delete(dbc_t *c, const char *case_id);
/* Whether a colleague other than `account` holds the case's claimed task. */
bool case_task_held_by_other(dbc_t *c, const char *case_id, const char *account);
void case_row_release(case_row_t *row);
/* Writes the mutable columns back, checking and bumping the version. Returns 0, or E_STALE, or -1. */
int case_save(dbc_t *c, case_row_t *row, int64_t expected_version);
int case_event(dbc_t *c, const case_row_t *row, const actor_t *a, const char *action, const char *from,
	       const char *to, json_t *note);
/* The key an open task with no deadline is queued by (tasks.queue_due): after every date. */
#define CASE_QUEUE_NONE "9999-12-31"
/* Closes open tasks of the case and opens the one its status calls for, queued by the case's
 * deadline, or by `intake_due` ("YYYY-MM-DD", the intake term's) while the case has none. */
int case_tasks_follow(dbc_t *c, const case_row_t *row, bool has_result, const char *intake_due);
/* The same for a case inserted in this transaction, which has no task to close yet. */
int case_tasks_first(dbc_t *c, const case_row_t *row, bool has_result, const char *intake_due);
/* A case's deadline moved without a new task: its open tasks are queued by the new one. */
int case_tasks_requeue(dbc_t *c, const char *case_id, const char *due_day);
/* After a correction is answered, the new task goes back to whoever asked for it (claimed for them),
 * when they still hold its role in the department; 0, or -1 on a database error. */
int case_task_to_asker(dbc_t *c, const case_row_t *row);
/* Today in the platform's time zone. */
day_t today_day(void);
/* "YYYY-MM-DD" of today. */
void today_str(char out[DATE_STR_LEN]);
/* Whether the pinned matter version has a result document. */
bool matter_has_result(const json_t *matter);

/* Validation and facts shared by cases.c, case_actions.c and case_read.c. */
void case_form_opts(dbc_t *c, const char *prefix, form_opts_t *o);
bool case_check_file(dbc_t *c, const json_t *mdef, const char *file_id, const char *owner, const char *path,
		     errs_t *e);
/* Every required material given: a file in files or a certificate in certs (NULL: none). */
void case_require_materials(const json_t *matter, const json_t *files, const json_t *certs, errs_t *e);
/* Who may apply: the applicant's kind must be one of the matter's
 * "applicants" (absent: both), else an error at `field` ("matter" when the
 * applicant files online, "applicant" when a clerk names one). Also sets fo's
 * binding of credit-code fields to the applicant's own code (kept in
 * credit, which must outlive fo), waived for an assisted application whose
 * agent's authorisation is on file, and moot (not checked) when the applicant
 * may not apply at all. Returns false when it added an error. */
bool case_applicant_check(dbc_t *c, const json_t *matter, const char *applicant, const char *channel,
			  const json_t *agent, const char *field, form_opts_t *fo, char credit[19],
			  errs_t *e);
bool case_facts(dbc_t *c, const case_row_t *r, const json_t *matter, case_facts_t *f);
/* More than the intake term's 5 working days have passed since `submitted_day` (受理期限). */
bool case_intake_overdue(dbc_t *c, const char *region, const char *submitted_day);
json_t *case_allowed_actions(dbc_t *c, const case_row_t *r, const json_t *matter, const actor_t *viewer);
/* The request's materials as {key: file id}; an entry {"key", "certificate": id}
 * goes into named as {key: {"id", "path"}} instead, refused when named is NULL.
 * An entry {"key", "files": [id, …]} (up to the material's max_files) gives the
 * first as the material's file and the rest to pages as {key: [id, …]} (when
 * pages is not NULL). */
json_t *case_parse_materials(dbc_t *c, const json_t *matter, const json_t *arr, const char *owner,
			     json_t *named, errs_t *e, json_t *pages);
/* Attaches files ({key: id}) and their pages ({key: [id, …]}, may be NULL) to a case. 0 or -1. */
int case_files_attach(dbc_t *c, const char *id, const json_t *files, const json_t *pages);
/* The same for a case inserted in this transaction, which has no material to
 * replace yet: one statement for the materials' files. 0 or -1. */
int case_files_insert(dbc_t *c, const char *id, const json_t *files, const json_t *pages);
/* Materials taken from certificates (case_certs.c). resolve: the certificates
 * named (checked: the applicant's own, valid, of the material's type; else an
 * error at the entry's path naming the material) and, when fill, the
 * applicant's valid certificate for each certificate:TYPE material with
 * neither file nor name, into out as {key: {"view", "auto"}}. refresh: the
 * same over the certificates the case already names. save: out's links.
 * 0, or -1 on a database error. */
int case_certs_resolve(dbc_t *c, const json_t *matter, const char *applicant, const char *principal,
		       const json_t *named, const json_t *files, bool fill, int64_t now, json_t *out,
		       errs_t *e);
int case_certs_refresh(dbc_t *c, const char *case_id, const json_t *matter, const char *applicant,
		       const char *principal, const json_t *files, bool fill, int64_t now, json_t *out,
		       errs_t *e);
int case_certs_save(dbc_t *c, const char *case_id, const json_t *certs, int64_t now);
/* The case's certificate links as {key: certificate id}: a new object. */
json_t *case_certificates_by_key(dbc_t *c, const char *case_id);
const json_t *case_material_def(const json_t *matter, const char *key);

/* Calls fn with each distinct status of the applicant's cases. */
void case_store_applicant_statuses(dbc_t *c, const char *applicant_id,
				   void (*fn)(const char *status, void *ctx), void *ctx);
/* Removes drafts changed before `before_ms`, of one applicant (NULL: of
 * anyone), with their material links, timeline and idempotency keys; at most
 * 500 a call. How many, < 0 on error. */
int64_t case_store_drafts_delete(dbc_t *c, const char *applicant_id, int64_t before_ms);
/* Sets the account a case is for (cases.principal_id). DB_DONE or an error. */
int case_store_set_principal(dbc_t *c, const char *case_id, const char *principal_id);

#endif
