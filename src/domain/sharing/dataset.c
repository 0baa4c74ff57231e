/* dataset.c — the datasets, their grants, and the one governed read of a
 * record (see dataset.h). */
#include "domain/sharing/dataset.h"
#include "domain/sharing/data_use.h"
#include "domain/sharing/dataset_store.h"
#include "domain/catalog/matter.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATASET_FIELDS_MAX 20

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* ---- the catalogue ---- */

static void add_grant(const char *matter, const char *fields, const char *zh, const char *en, void *ctx)
{
	json_t *f = json_loads(fields, 0, NULL);
	json_array_append_new(ctx, json_pack("{ss so s{ss ss}}", "matter", matter, "fields",
					     f ? f : json_array(), "purpose", "zh", zh, "en", en));
}

struct cat {
	dbc_t *c;
	json_t *items;
};

static void add_dataset(const dataset_row_t *d, void *ctx)
{
	struct cat *x = ctx;
	json_t *fields = json_loads(d->fields, 0, NULL), *grants = json_array();
	dataset_store_grants_of(x->c, d->code, add_grant, grants);
	json_array_append_new(x->items,
			      json_pack("{ss s{ss ss} s{ss ss? ss?} ss so so}", "code", d->code, "name", "zh",
					d->name_zh, "en", d->name_en, "department", "code", d->department,
					"zh", d->department_zh, "en", d->department_en, "subject", d->subject,
					"fields", fields ? fields : json_array(), "grants", grants));
}

json_t *dataset_catalogue(dbc_t *c)
{
	struct cat x = {c, json_array()};
	dataset_store_each(c, add_dataset, &x);
	return json_pack("{so}", "items", x.items);
}

/* ---- the read ---- */

typedef struct {
	const actor_t *by;
	const char *actor_role; /* NULL: by who read */
	const char *case_id, *case_number, *case_matter, *department, *subject;
	const json_t *purpose_name;
	int64_t now;
} reader_t;

struct found_ds {
	char subject[16];
	json_t *fields;
};

static void take_ds(const dataset_row_t *d, void *ctx)
{
	struct found_ds *f = ctx;
	snprintf(f->subject, sizeof f->subject, "%s", d->subject);
	f->fields = json_loads(d->fields, 0, NULL);
}

static void take_grant(const char *fields, const char *zh, const char *en, void *ctx)
{
	(void)zh;
	(void)en;
	*(json_t **)ctx = json_loads(fields, 0, NULL);
}

static void take_record(const char *sealed, void *ctx)
{
	char *text = seal_open(sealed);
	*(json_t **)ctx = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
}

static bool in_list(const json_t *arr, const char *v)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x)
	{
		if (json_is_string(x) && !strcmp(json_string_value(x), v))
			return true;
	}
	return false;
}

/* The governed read (dataset.h): *values (new) when read, else *why when refused,
 * both NULL when the subject has no record; recorded either way. 0, or -1. */
static int read_record(dbc_t *c, const reader_t *rd, const char *dataset, const json_t *fields,
		       const char *purpose, json_t **values, const char **why)
{
	*values = NULL;
	*why = NULL;
	struct found_ds ds = {{0}, NULL};
	json_t *grant = NULL, *record = NULL;
	if (!dataset_store_get(c, dataset, take_ds, &ds))
		*why = "unknown_dataset";
	else if (!purpose || strcmp(purpose, rd->case_matter) != 0)
		*why = "other_purpose"; /* a case's reads serve that case's matter alone */
	else if (!dataset_store_grant(c, dataset, purpose, take_grant, &grant) || !grant)
		*why = "no_grant";
	size_t i;
	json_t *f;
	if (!*why) {
		json_array_foreach(fields, i, f)
		{
			if (!json_is_string(f) || !in_list(grant, json_string_value(f)))
				*why = "field_not_granted";
		}
	}
	const char *outcome = *why ? "refused" : "not_found";
	if (!*why) {
		char kind[ACCOUNT_KIND_LEN], holder[CREDIT_CODE_LEN], name[ACCOUNT_NAME_LEN],
		    bidx[SEAL_INDEX_LEN];
		if (account_holder(c, rd->subject, kind, holder, name) && !strcmp(kind, ds.subject) &&
		    seal_index(SEAL_INDEX_ID_NUMBER, holder, bidx) &&
		    dataset_store_record(c, dataset, bidx, take_record, &record) && record) {
			*values = json_object();
			json_array_foreach(fields, i, f)
			{
				json_t *v = json_object_get(record, json_string_value(f));
				if (v)
					json_object_set(*values, json_string_value(f), v);
			}
			outcome = "read";
		}
	}
	char use_id[DATA_USE_ID_LEN];
	data_use_read_t u = {.by = rd->by,
			     .actor_role = rd->actor_role,
			     .subject = rd->subject,
			     .department = rd->department,
			     .case_id = rd->case_id,
			     .case_number = rd->case_number,
			     .dataset = dataset,
			     .purpose = purpose ? purpose : "",
			     .purpose_name = rd->purpose_name,
			     .fields = fields,
			     .outcome = outcome,
			     .refusal = *why,
			     .now = rd->now};
	int rc = data_use_record_read(c, &u, use_id);
	json_decref(ds.fields);
	json_decref(grant);
	json_decref(record);
	if (rc != 0) {
		json_decref(*values);
		*values = NULL;
	}
	return rc;
}

/* ---- the fill at submission ---- */

int dataset_case_hook(const case_change_t *ch)
{
	/* the first submission only: filed submitted, or a draft submitted */
	if (strcmp(ch->to, "submitted") != 0 || (ch->from[0] && strcmp(ch->from, "draft") != 0))
		return 0;
	const case_row_t *r = ch->row;
	/* dataset -> [field], and field key -> "dataset.field" */
	json_t *wanted = json_object(), *keys = json_object();
	size_t i;
	json_t *fd;
	json_array_foreach(json_object_get(json_object_get(ch->matter, "form"), "fields"), i, fd)
	{
		const char *src = str(fd, "source"), *key = str(fd, "key");
		const char *dot = src && !strncmp(src, "registry:", 9) ? strchr(src + 9, '.') : NULL;
		if (!dot || !key)
			continue;
		char ds[64];
		snprintf(ds, sizeof ds, "%.*s", (int)(dot - (src + 9)), src + 9);
		if (!json_object_get(wanted, ds))
			json_object_set_new(wanted, ds, json_array());
		json_array_append_new(json_object_get(wanted, ds), json_string(dot + 1));
		json_object_set_new(keys, key, json_string(src + 9));
	}
	if (json_object_size(wanted) == 0) {
		json_decref(wanted);
		json_decref(keys);
		return 0;
	}
	reader_t rd = {.by = ch->by,
		       .actor_role = "platform",
		       .case_id = r->id,
		       .case_number = r->number,
		       .case_matter = r->matter_code,
		       .department = r->department,
		       .subject = r->applicant_id,
		       .purpose_name = json_object_get(ch->matter, "name"),
		       .now = ch->now};
	json_t *form = r->form ? json_deep_copy(r->form) : json_object();
	int rc = 0, filled = 0;
	const char *ds;
	json_t *fields;
	json_object_foreach(wanted, ds, fields)
	{
		json_t *values = NULL;
		const char *why = NULL;
		if ((rc = read_record(ch->c, &rd, ds, fields, r->matter_code, &values, &why)) != 0)
			break;
		const char *key;
		json_t *path;
		json_object_foreach(keys, key, path)
		{
			const char *p = json_string_value(path);
			size_t n = strlen(ds);
			if (values && !strncmp(p, ds, n) && p[n] == '.' &&
			    json_object_get(values, p + n + 1)) {
				json_object_set(form, key, json_object_get(values, p + n + 1));
				filled++;
			}
		}
		json_decref(values);
	}
	if (rc == 0 && filled)
		rc = case_form_fill(ch->c, r->id, form);
	json_decref(form);
	json_decref(wanted);
	json_decref(keys);
	return rc;
}

/* ---- a staff read for a case ---- */

struct staff_read {
	const actor_t *by;
	const char *case_id, *dataset, *purpose;
	const json_t *fields;
	json_t *values;
	const char *why;
	bool found;
};

static int staff_read_write(dbc_t *c, void *arg)
{
	struct staff_read *x = arg;
	json_decref(x->values);
	x->values = NULL;
	case_row_t r;
	if (!case_load(c, x->case_id, &r))
		return E_NOT_FOUND;
	x->found = true;
	json_t *matter = matter_doc(c, r.matter_code, r.matter_version);
	reader_t rd = {.by = x->by,
		       .case_id = r.id,
		       .case_number = r.number,
		       .case_matter = r.matter_code,
		       .department = r.department,
		       .subject = r.applicant_id,
		       .purpose_name = json_object_get(matter, "name"),
		       .now = clock_now_ms()};
	int rc = read_record(c, &rd, x->dataset, x->fields, x->purpose, &x->values, &x->why);
	json_decref(matter);
	case_row_release(&r);
	return rc;
}

errcode_t dataset_read_for_case(store_t *st, const actor_t *by, const char *case_id, const char *dataset,
				const json_t *fields, const char *purpose, errs_t *e, json_t **out,
				const char **why)
{
	*out = NULL;
	*why = NULL;
	size_t n = json_array_size(fields);
	if (n < 1 || n > DATASET_FIELDS_MAX)
		errs_add(e, "fields", "length", "应列出1至20个字段", "name 1 to 20 fields");
	size_t i;
	json_t *f;
	json_array_foreach(fields, i, f)
	{
		if (!json_is_string(f) || json_string_length(f) > 40)
			errs_add(e, "fields", "type", "字段名应为字符串", "field names are strings");
	}
	if (errs_any(e))
		return E_VALIDATION;
	struct staff_read x = {by, case_id, dataset, purpose, fields, NULL, NULL, false};
	int rc = store_write(st, staff_read_write, &x);
	if (rc != 0) {
		json_decref(x.values);
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	}
	if (x.why) {
		*why = x.why;
		return E_FORBIDDEN;
	}
	*out = json_pack("{so}", "values", x.values ? x.values : json_null());
	return E_OK;
}

/* ---- the demo ---- */

static int seed_write(dbc_t *c, void *arg)
{
	const json_t *doc = arg;
	int64_t now = clock_now_ms();
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(doc, "datasets"), i, d)
	{
		char *fields = json_dumps(json_object_get(d, "fields"), JSON_COMPACT);
		const json_t *name = json_object_get(d, "name");
		dataset_row_t row = {.code = str(d, "code"),
				     .department = str(d, "department"),
				     .name_zh = str(name, "zh"),
				     .name_en = str(name, "en"),
				     .subject = str(d, "subject"),
				     .fields = fields};
		int rc = dataset_store_add(c, &row, now);
		free(fields);
		if (rc < 0)
			return -1;
	}
	json_array_foreach(json_object_get(doc, "grants"), i, d)
	{
		char *fields = json_dumps(json_object_get(d, "fields"), JSON_COMPACT);
		const json_t *p = json_object_get(d, "purpose");
		int rc = dataset_store_grant_add(c, str(d, "dataset"), str(d, "matter"), fields, str(p, "zh"),
						 str(p, "en"), now);
		free(fields);
		if (rc < 0)
			return -1;
	}
	json_array_foreach(json_object_get(doc, "records"), i, d)
	{
		char bidx[SEAL_INDEX_LEN];
		char *text = json_dumps(json_object_get(d, "data"), JSON_COMPACT);
		char *sealed = text ? seal(text) : NULL;
		int rc = sealed && seal_index(SEAL_INDEX_ID_NUMBER, str(d, "subject"), bidx)
			     ? dataset_store_record_put(c, str(d, "dataset"), bidx, sealed, now)
			     : -1;
		free(text);
		free(sealed);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int dataset_seed_demo(store_t *st)
{
	const embedded_file_t *f = embedded_find(embedded_data, "demo/datasets.json");
	if (!f)
		return -1;
	json_error_t je;
	json_t *doc = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!doc) {
		log_error("seed: datasets.json line %d: %s", je.line, je.text);
		return -1;
	}
	int rc = store_write(st, seed_write, doc);
	json_decref(doc);
	return rc == 0 ? 0 : -1;
}
