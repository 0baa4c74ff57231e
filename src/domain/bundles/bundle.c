/* bundle.c — changing bundle definitions and reading them (see bundle.h).
 * The rules of a definition are bundle_check.c's, the SQL bundle_store.c's. */
#include "domain/bundles/bundle.h"
#include "domain/bundles/bundle_store.h"
#include "domain/catalog/matter.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct put_ctx {
	const actor_t *by;
	json_t *doc; /* served document without "version" */
	char code[BUNDLE_CODE_LEN];
	int64_t if_version; /* 0: create */
	bool retire;
	int64_t rv_out;
};

static const char *name_of(const json_t *doc, const char *lang)
{
	return json_string_value(json_object_get(json_object_get(doc, "name"), lang));
}

static int put_write(dbc_t *c, void *arg)
{
	struct put_ctx *x = arg;
	int64_t now = clock_now_ms();
	bundle_head_t h = {0};
	int rc = bundle_store_head(c, x->code, &h);
	if (rc == DB_ERR)
		return -1;
	bool exists = rc == DB_ROW;
	if (x->if_version == 0 && exists)
		return E_CONFLICT;
	if (x->if_version != 0 && !exists)
		return E_NOT_FOUND;
	if (x->if_version != 0 && x->if_version != h.version)
		return E_STALE;
	if (x->retire) {
		if (!strcmp(h.status, "retired"))
			return E_STATE;
		if (bundle_store_retire(c, x->code, h.version, now) != 0)
			return -1;
		x->rv_out = h.version + 1;
		return audit_append(c, x->by, "bundle.retire", "bundle", x->code, h.version, h.version + 1,
				    NULL);
	}
	int64_t v = h.current_version + 1;
	json_object_set_new(x->doc, "version", json_integer(v));
	char *text = json_dumps(x->doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!text)
		return -1;
	rc = exists ? bundle_store_update(c, x->code, name_of(x->doc, "zh"), name_of(x->doc, "en"), v,
					  h.version, now)
		    : bundle_store_insert(c, x->code, name_of(x->doc, "zh"), name_of(x->doc, "en"), now);
	if (rc == DB_DONE)
		rc = bundle_store_version_insert(c, x->code, v, text, now, x->by->id);
	free(text);
	if (rc != DB_DONE)
		return rc == DB_CONSTRAINT ? E_CONFLICT : -1;
	x->rv_out = exists ? h.version + 1 : 1;
	json_t *detail = json_pack("{sI}", "bundle_version", (json_int_t)v);
	rc = audit_append(c, x->by, exists ? "bundle.update" : "bundle.create", "bundle", x->code, h.version,
			  x->rv_out, detail);
	json_decref(detail);
	return rc;
}

static errcode_t put(store_t *st, const actor_t *by, const char *code, int64_t if_version, const json_t *in,
		     errs_t *e, int64_t *rv_out)
{
	struct put_ctx x = {.by = by, .if_version = if_version};
	x.doc = bundle_check(store_reader(st), in, if_version ? code : NULL, e);
	if (!x.doc)
		return E_VALIDATION;
	snprintf(x.code, sizeof x.code, "%s", json_string_value(json_object_get(x.doc, "code")));
	int r = store_write(st, put_write, &x);
	json_decref(x.doc);
	if (r == E_CONFLICT)
		errs_add(e, "code", "taken", "该一件事编码已存在", "a bundle with this code exists");
	if (r > 0)
		return (errcode_t)r;
	if (r < 0)
		return E_INTERNAL;
	*rv_out = x.rv_out;
	return E_OK;
}

errcode_t bundle_create(store_t *st, const actor_t *by, const json_t *doc, errs_t *e, int64_t *rv_out)
{
	return put(st, by, NULL, 0, doc, e, rv_out);
}

errcode_t bundle_update(store_t *st, const actor_t *by, const char *code, int64_t if_version,
			const json_t *doc, errs_t *e, int64_t *rv_out)
{
	return put(st, by, code, if_version, doc, e, rv_out);
}

errcode_t bundle_retire(store_t *st, const actor_t *by, const char *code, int64_t if_version, int64_t *rv_out)
{
	struct put_ctx x = {.by = by, .if_version = if_version, .retire = true};
	snprintf(x.code, sizeof x.code, "%s", code);
	int r = store_write(st, put_write, &x);
	if (r > 0)
		return (errcode_t)r;
	if (r < 0)
		return E_INTERNAL;
	*rv_out = x.rv_out;
	return E_OK;
}

json_t *bundle_get(dbc_t *c, const char *code, int64_t version, int64_t *row_version)
{
	char status[16] = "";
	json_t *doc = bundle_store_doc(c, code, version, row_version, status);
	if (!doc)
		return NULL;
	json_object_set_new(doc, "status", json_string(status));
	/* a matter changed since this version was derived: the merged form may
	 * no longer be what the matter asks; an administrator saves it anew */
	bool stale = false;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(doc, "steps"), i, s)
	{
		int64_t cur = 0;
		matter_current_version(c, json_string_value(json_object_get(s, "matter")), &cur);
		stale |= cur != json_integer_value(json_object_get(s, "matter_version"));
	}
	json_object_set_new(doc, "matters_changed", json_boolean(stale));
	return doc;
}

json_t *bundle_list(dbc_t *c)
{
	json_t *codes = bundle_store_codes(c), *items = json_array();
	size_t i;
	json_t *v;
	json_array_foreach(codes, i, v)
	{
		json_t *d = bundle_store_doc(c, json_string_value(v), 0, NULL, NULL);
		if (!d)
			continue;
		json_t *depts = json_array();
		size_t j;
		json_t *s;
		json_array_foreach(json_object_get(d, "steps"), j, s)
		{
			json_t *dn = json_object_get(s, "department");
			bool have = false;
			size_t k;
			json_t *x;
			json_array_foreach(depts, k, x) have |= json_equal(x, dn);
			if (!have)
				json_array_append(depts, dn);
		}
		json_array_append_new(
		    items,
		    json_pack("{sO sO sO sO sO so sO sO}", "code", json_object_get(d, "code"), "version",
			      json_object_get(d, "version"), "name", json_object_get(d, "name"),
			      "description", json_object_get(d, "description"), "matters",
			      json_object_get(d, "matters"), "departments", depts, "applicants",
			      json_object_get(d, "applicants"), "guide", json_object_get(d, "guide")));
		json_decref(d);
	}
	json_decref(codes);
	return json_pack("{so}", "items", items);
}
