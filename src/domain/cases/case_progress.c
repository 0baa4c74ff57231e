/* case_progress.c — 进度查询: anyone, without logging in, asks how a case
 * stands by its number and what its applicant knows of themselves (身份证号,
 * 统一社会信用代码 or phone). The answer holds the status and the dates of the
 * statutory clock only: no form, no names, no materials, no decision text.
 *
 * Every question counts against `progress` per client address before it is
 * answered, right or wrong, so numbers and proofs cannot be walked through;
 * an unknown number and a proof that does not match get the same answer. */
#include "domain/catalog/decision_words.h"
#include "domain/cases/case.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_flow.h"
#include "domain/cases/case_store.h"
#include "domain/catalog/matter.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include <stdio.h>
#include <string.h>

typedef struct {
	const actor_t *by;
	const char *addr;
	limit_hit_t *hit;
} take_ctx_t;

static int take_write(dbc_t *c, void *p)
{
	take_ctx_t *x = p;
	return ratelimit_take(c, LIMIT_PROGRESS, x->by, x->addr, clock_now_ms(), x->hit);
}

static json_t *day_or_null(const char *d) { return d && *d ? json_string(d) : json_null(); }

static json_t *progress_json(dbc_t *c, const case_row_t *r)
{
	json_t *matter = matter_doc(c, r->matter_code, r->matter_version);
	clock_in_t ci = {r->region,
			 r->promised_days,
			 r->extension_days,
			 r->paused_workdays,
			 r->accepted_day[0] ? r->accepted_day : NULL,
			 r->paused_day[0] ? r->paused_day : NULL,
			 r->finished_day[0] ? r->finished_day : NULL};
	clock_out_t k;
	case_clock(c, &ci, today_day(), &k);
	char due[DATE_STR_LEN] = "";
	if (k.started)
		date_format(k.due, due);
	json_t *name = json_object_get(matter, "name"), *dept = json_object_get(matter, "department_name");
	json_t *o =
	    json_pack("{ss s{ss sO} s{ss sO} ss s{ss ss} so so so so sb}", "number", r->number, "matter",
		      "code", r->matter_code, "name", name ? name : json_null(), "department", "code",
		      r->department, "name", dept ? dept : json_null(), "status", r->status, "status_label",
		      "zh", wf_state_zh(&case_machine, r->status), "en",
		      wf_state_en(&case_machine, r->status), "submitted_day", day_or_null(r->submitted_day),
		      "accepted_day", day_or_null(r->accepted_day), "due_day", day_or_null(due),
		      "finished_day", day_or_null(r->finished_day), "suspended", r->paused_day[0] != '\0');
	case_status_label_words(o, r->status, decision_words_of(matter));
	json_decref(matter);
	return o;
}

errcode_t case_progress(store_t *st, const actor_t *by, const char *client_addr, const char *number,
			const char *proof, limit_hit_t *hit, json_t **out)
{
	*out = NULL;
	take_ctx_t t = {by, client_addr, hit};
	int rc = store_write(st, take_write, &t);
	if (rc != 0)
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	dbc_t *c = store_reader(st);
	if (!c)
		return E_UNAVAILABLE;
	case_row_t r;
	if (strlen(number) >= CASE_NUMBER_LEN || !case_load_by_number(c, number, &r))
		return E_NOT_FOUND;
	/* a draft is its owner's alone; for anyone else it does not exist yet */
	bool ok = strcmp(r.status, "draft") != 0 && account_proof_matches(c, r.applicant_id, proof);
	if (ok)
		*out = progress_json(c, &r);
	case_row_release(&r);
	return ok ? (*out ? E_OK : E_INTERNAL) : E_NOT_FOUND;
}
