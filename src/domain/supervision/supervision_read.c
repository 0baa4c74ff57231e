/* supervision_read.c — supervision orders as JSON (see supervision.h): the
 * order, its subject, its deadline and whether it is overdue now, who issued
 * and who answered it (staff names: the order is the departments' business,
 * never an applicant's), and the actions open to the viewer. */
#include "domain/supervision/supervision_int.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include <stdio.h>
#include <string.h>

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *iso_or_null(int64_t ms)
{
	if (!ms)
		return json_null();
	char at[32];
	clock_format_iso(ms, at);
	return json_string(at);
}

static json_t *who_json(dbc_t *c, const char *id)
{
	account_brief_t b;
	if (!id || !*id)
		return json_null();
	return json_pack("{s:s, s:s}", "id", id, "name", account_brief(c, id, &b) ? b.name : "");
}

static json_t *row_json(dbc_t *c, const sv_row_t *r, const char *today)
{
	bool live = !strcmp(r->state, "open") || !strcmp(r->state, "escalated");
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:I}", "id", r->id, "kind", r->kind,
			      "state", r->state, "state_zh", wf_state_zh(&supervision_machine, r->state),
			      "state_en", wf_state_en(&supervision_machine, r->state), "department",
			      r->department, "overdue", live && sv_past_deadline(r, today), "escalated",
			      r->escalated_at != 0, "version", (json_int_t)r->version);
	json_object_set_new(o, "subject",
			    strcmp(r->subject_type, "none") != 0
				? json_pack("{s:s, s:s, s:o}", "type", r->subject_type, "id", r->subject_id,
					    "label", str_or_null(r->label))
				: json_null());
	json_object_set_new(o, "title", str_or_null(r->title));
	json_object_set_new(o, "text", str_or_null(r->body));
	json_object_set_new(o, "deadline", str_or_null(r->deadline));
	json_object_set_new(o, "issued_by", who_json(c, r->issued_by));
	json_object_set_new(o, "answer", str_or_null(r->answer));
	json_object_set_new(o, "answered_by", who_json(c, r->answered_by));
	json_object_set_new(o, "answered_at", iso_or_null(r->answered_at));
	json_object_set_new(o, "review_note", str_or_null(r->review_note));
	json_object_set_new(o, "created_at", iso_or_null(r->created_at));
	json_object_set_new(o, "closed_at", iso_or_null(r->resolved_at));
	return o;
}

typedef struct {
	dbc_t *c;
	const actor_t *viewer;
	char today[DATE_STR_LEN];
	json_t *items;
	page_t *page; /* a list's page; NULL: one order */
} list_ctx_t;

static void add_item(const sv_row_t *r, void *p)
{
	list_ctx_t *x = p;
	if (x->page && !page_take(x->page, r->created_at, r->id))
		return;
	json_t *o = row_json(x->c, r, x->today);
	sv_facts_t f = {sv_past_deadline(r, x->today)};
	json_object_set_new(
	    o, "allowed_actions",
	    wf_allowed(&supervision_machine, r->state, sv_who(x->viewer, r) & ~ROLE_SYSTEM, &f));
	json_array_append_new(x->items, o);
}

json_t *supervision_list(dbc_t *c, const actor_t *viewer, const sv_list_query_t *q)
{
	page_t page = page_start(q->limit);
	list_ctx_t x = {c, viewer, "", json_array(), &page};
	date_format(date_from_ms(clock_now_ms()), x.today);
	const char *dept = (viewer->roles & ROLE_SUPERVISOR) ? q->department : viewer->department;
	if (sv_store_scan(c, dept, q->state, q->kind, q->after, page.limit + 1, add_item, &x) != 0) {
		json_decref(x.items);
		return NULL;
	}
	return page_answer(x.items, &page);
}

errcode_t supervision_get(dbc_t *c, const char *id, const actor_t *viewer, json_t **out)
{
	*out = NULL;
	static __thread sv_row_t r;
	if (strlen(id) >= ENTITY_ID_LEN || !sv_store_load(c, id, &r))
		return E_NOT_FOUND;
	if (!sv_who(viewer, &r))
		return E_FORBIDDEN;
	json_t *items = json_array();
	list_ctx_t x = {c, viewer, "", items, NULL};
	date_format(date_from_ms(clock_now_ms()), x.today);
	add_item(&r, &x);
	*out = json_incref(json_array_get(items, 0));
	json_decref(items);
	return E_OK;
}
