/* data_use.c — recording and reading the data-use log (see data_use.h). */
#include "domain/sharing/data_use.h"
#include "domain/sharing/data_use_store.h"
#include "domain/cases/case.h"
#include "domain/core/role.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <stdlib.h>
#include <string.h>

#define DATA_USE_LIST_MAX 200

/* Who filed, as the subject reads it: themselves, a window clerk for them,
 * or other staff (names of staff members are never shown). */
static const char *role_of(const actor_t *by, const char *subject)
{
	if (!strcmp(by->id, subject))
		return "self";
	return (by->roles & ROLE_WINDOW_CLERK) ? "window_clerk" : "staff";
}

/* The names of what the case read of a certificate: its holder and each field. */
static char *fields_read(const json_t *view)
{
	json_t *names = json_pack("[ss]", "holder.name", "holder.id");
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)json_object_get(view, "fields"), k, v)
	    json_array_append_new(names, json_string(k));
	char *out = json_dumps(names, JSON_COMPACT);
	json_decref(names);
	return out;
}

int data_use_case_hook(const case_change_t *ch)
{
	/* the first submission only: filed submitted, or a draft submitted */
	if (strcmp(ch->to, "submitted") != 0 || (ch->from[0] && strcmp(ch->from, "draft") != 0))
		return 0;
	const case_row_t *r = ch->row;
	json_t *links = case_certificates_of(ch->c, r->id);
	char *purpose_name = json_dumps(json_object_get(ch->matter, "name"), JSON_COMPACT);
	int rc = purpose_name ? 0 : -1;
	size_t i;
	json_t *l;
	json_array_foreach(links, i, l)
	{
		if (rc != 0)
			break;
		char id[33];
		rand_hex(id, 16);
		char *fields = fields_read(json_object_get(l, "view"));
		data_use_row_t u = {.id = id,
				    .subject_account = r->applicant_id,
				    .at = ch->now,
				    .kind = "certificate",
				    .actor_id = ch->by->id,
				    .actor_role = role_of(ch->by, r->applicant_id),
				    .department = r->department,
				    .case_id = r->id,
				    .case_number = r->number,
				    .certificate_id = json_string_value(json_object_get(l, "certificate")),
				    .material_key = json_string_value(json_object_get(l, "key")),
				    .purpose = r->matter_code,
				    .purpose_name = purpose_name,
				    .fields = fields ? fields : "[]"};
		rc = data_use_store_insert(ch->c, &u);
		free(fields);
	}
	free(purpose_name);
	json_decref(links);
	return rc;
}

static void add_use(const data_use_row_t *r, void *ctx)
{
	char at[32];
	clock_format_iso(r->at, at);
	json_t *name = json_loads(r->purpose_name ? r->purpose_name : "null", JSON_DECODE_ANY, NULL);
	json_t *fields = json_loads(r->fields ? r->fields : "[]", 0, NULL);
	json_array_append_new(
	    ctx, json_pack("{ss ss ss ss s{ss ss ss} s{ss? ss?} s{ss? ss?} s{ss so} so}", "id", r->id, "at",
			   at, "kind", r->kind, "by", r->actor_role, "department", "code", r->department,
			   "zh", r->department_zh, "en", r->department_en, "case", "id", r->case_id, "number",
			   r->case_number, "certificate", "id", r->certificate_id, "material",
			   r->material_key, "purpose", "matter", r->purpose, "name",
			   name ? name : json_null(), "fields", fields ? fields : json_array()));
	if (r->share_id) /* a view through a share link: which link, nothing about the viewer */
		json_object_set_new(json_array_get(ctx, json_array_size(ctx) - 1), "share",
				    json_pack("{ss}", "id", r->share_id));
}

json_t *data_use_of_subject(dbc_t *c, const char *account)
{
	json_t *items = json_array();
	if (data_use_store_of_subject(c, account, DATA_USE_LIST_MAX, add_use, items) != 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}
