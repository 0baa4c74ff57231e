/* matter.c — changing matters and reading their documents (see matter.h).
 *
 * A change is one write: the matters row (its head and search text) moves to
 * the new document version and the version's document is stored beside the
 * old ones, which stay readable. The SQL is matter_store.c's, the search
 * text matter_search.c's and the listings matter_read.c's. */
#include "domain/catalog/matter.h"
#include "domain/catalog/matter_search.h"
#include "domain/catalog/matter_store.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/mem.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct put_ctx {
	const actor_t *by;
	const json_t *doc; /* canonical, without code/version wrappers */
	const char *code;
	int64_t if_version; /* 0 for create */
	bool retire;
	matter_search_t search;
	int64_t version_out, row_version_out;
};

/* The served document of one version: the canonical doc plus its identity. */
static char *served_text(const json_t *doc, const char *code, int64_t version, dbc_t *c)
{
	json_t *o = json_pack("{ss sI}", "code", code, "version", (json_int_t)version);
	json_object_update(o, (json_t *)doc);
	char zh[MATTER_NAME_LEN], en[MATTER_NAME_LEN], region[MATTER_REGION_LEN];
	if (matter_store_department(c, json_string_value(json_object_get(doc, "department")), zh, en,
				    region) == DB_ROW) {
		json_object_set_new(o, "department_name", json_pack("{ss ss}", "zh", zh, "en", en));
		json_object_set_new(o, "region", json_string(region));
	}
	char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return t;
}

static int retire_write(dbc_t *c, struct put_ctx *x, const matter_head_t *h)
{
	if (strcmp(h->status, "retired") == 0)
		return E_STATE;
	if (matter_store_retire(c, x->code, h->version, clock_now_ms()) != 0)
		return -1;
	x->version_out = h->current_version;
	x->row_version_out = h->version + 1;
	return audit_append(c, x->by, "matter.retire", "matter", x->code, h->version, h->version + 1, NULL);
}

static int put_write(dbc_t *c, void *arg)
{
	struct put_ctx *x = arg;
	int64_t now = clock_now_ms();
	matter_head_t h = {0};
	int rc = matter_store_head(c, x->code, &h);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;
	bool exists = rc == DB_ROW;
	if (x->if_version == 0 && exists)
		return E_CONFLICT;
	if (x->if_version != 0 && !exists)
		return E_NOT_FOUND;
	if (x->if_version != 0 && x->if_version != h.version)
		return E_STALE;
	if (x->retire)
		return retire_write(c, x, &h);
	int64_t v = h.current_version + 1;
	char *text = served_text(x->doc, x->code, v, c);
	if (!text)
		return -1;
	const json_t *d = x->doc;
	json_t *name = json_object_get(d, "name");
	matter_put_t p = {
	    .code = x->code,
	    .department = json_string_value(json_object_get(d, "department")),
	    .type = json_string_value(json_object_get(d, "type")),
	    .name_zh = json_string_value(json_object_get(name, "zh")),
	    .name_en = json_string_value(json_object_get(name, "en")),
	    .immediate = json_is_true(json_object_get(d, "immediate")),
	    .visits = json_integer_value(json_object_get(d, "visits")),
	    .online_depth = json_integer_value(json_object_get(d, "online_depth")),
	    .promised_days = json_integer_value(json_object_get(d, "promised_days")),
	    .search_name = x->search.name,
	    .search_keys = x->search.keys,
	    .search_guide = x->search.guide,
	    .search_materials = x->search.materials,
	    .search_text = x->search.text,
	    .applicants = x->search.applicants,
	    .search_rev = MATTER_SEARCH_REV,
	};
	rc = exists ? matter_store_update(c, &p, v, h.version, now) : matter_store_insert(c, &p, v, now);
	if (rc != DB_DONE) {
		rc = rc == DB_CONSTRAINT ? E_CONFLICT : -1;
		goto out;
	}
	if (matter_store_version_insert(c, x->code, v, text, now, x->by->id) != DB_DONE) {
		rc = -1;
		goto out;
	}
	x->version_out = v;
	x->row_version_out = exists ? h.version + 1 : 1;
	json_t *detail = json_pack("{sI}", "matter_version", (json_int_t)v);
	rc = audit_append(c, x->by, exists ? "matter.update" : "matter.create", "matter", x->code, h.version,
			  x->row_version_out, detail);
	json_decref(detail);
out:
	free(text);
	return rc;
}

static errcode_t put(store_t *st, const actor_t *by, const char *code, int64_t if_version, const json_t *in,
		     errs_t *errs, int64_t *version_out)
{
	dbc_t *rc = store_reader(st);
	json_t *doc = matter_check(rc, in, if_version ? code : NULL, errs);
	if (!doc)
		return E_VALIDATION;
	struct put_ctx x = {.by = by, .doc = doc, .if_version = if_version};
	x.code = json_string_value(json_object_get(doc, "code"));
	char code_buf[MATTER_CODE_LEN];
	snprintf(code_buf, sizeof code_buf, "%s", x.code ? x.code : code);
	json_object_del(doc, "code");
	x.code = code_buf;
	char zh[MATTER_NAME_LEN], en[MATTER_NAME_LEN], region[MATTER_REGION_LEN];
	matter_store_department(rc, json_string_value(json_object_get(doc, "department")), zh, en, region);
	matter_search_build(doc, zh, en, &x.search);
	int r = store_write(st, put_write, &x);
	matter_search_release(&x.search);
	json_decref(doc);
	if (r == E_CONFLICT)
		errs_add(errs, "code", "taken", "该事项编码已存在", "a matter with this code exists");
	if (r > 0)
		return (errcode_t)r;
	if (r < 0)
		return E_INTERNAL;
	if (version_out)
		*version_out = x.row_version_out;
	return E_OK;
}

errcode_t matter_create(store_t *st, const actor_t *by, const json_t *doc, errs_t *errs, int64_t *version_out)
{
	return put(st, by, NULL, 0, doc, errs, version_out);
}

errcode_t matter_update(store_t *st, const actor_t *by, const char *code, int64_t if_version,
			const json_t *doc, errs_t *errs, int64_t *version_out)
{
	return put(st, by, code, if_version, doc, errs, version_out);
}

errcode_t matter_retire(store_t *st, const actor_t *by, const char *code, int64_t if_version,
			int64_t *version_out)
{
	struct put_ctx x = {.by = by, .code = code, .if_version = if_version, .retire = true};
	int r = store_write(st, put_write, &x);
	if (r > 0)
		return (errcode_t)r;
	if (r < 0)
		return E_INTERNAL;
	if (version_out)
		*version_out = x.row_version_out;
	return E_OK;
}

/* Parsed versions are immutable, so they are parsed once and shared: a small
 * table keyed by code and version. Entries are never changed, only replaced. */
#define DOC_SLOTS 256
static struct {
	char code[MATTER_CODE_LEN];
	int64_t version;
	json_t *doc;
} doc_cache[DOC_SLOTS];
static pthread_mutex_t doc_mu = PTHREAD_MUTEX_INITIALIZER;

static size_t doc_slot(const char *code, int64_t version)
{
	uint64_t h = (uint64_t)version * 1099511628211ull;
	for (const char *p = code; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return (size_t)(h % DOC_SLOTS);
}

json_t *matter_doc(dbc_t *c, const char *code, int64_t version)
{
	if (!code || strlen(code) >= sizeof doc_cache[0].code)
		return NULL;
	if (version == 0 && !matter_current_version(c, code, &version))
		return NULL;
	size_t k = doc_slot(code, version);
	json_t *doc = NULL;
	pthread_mutex_lock(&doc_mu);
	if (doc_cache[k].doc && doc_cache[k].version == version && !strcmp(doc_cache[k].code, code))
		doc = json_incref(doc_cache[k].doc);
	pthread_mutex_unlock(&doc_mu);
	if (doc)
		return doc;
	matter_head_t head;
	char *text = matter_store_doc(c, code, version, &head);
	if (text)
		doc = json_loads(text, 0, NULL);
	free(text);
	if (!doc)
		return NULL;
	pthread_mutex_lock(&doc_mu);
	json_decref(doc_cache[k].doc);
	snprintf(doc_cache[k].code, sizeof doc_cache[k].code, "%s", code);
	doc_cache[k].version = version;
	doc_cache[k].doc = json_incref(doc);
	pthread_mutex_unlock(&doc_mu);
	return doc;
}

bool matter_current_version(dbc_t *c, const char *code, int64_t *version)
{
	matter_head_t h;
	if (matter_store_head(c, code, &h) != DB_ROW)
		return false;
	*version = h.current_version;
	return true;
}

bool matter_is_active(dbc_t *c, const char *code, int64_t *current)
{
	matter_head_t h;
	if (matter_store_head(c, code, &h) != DB_ROW)
		return false;
	if (current)
		*current = h.current_version;
	return strcmp(h.status, "active") == 0;
}

/* ---- search text built under an older rule (after migration 0028, or a change of MATTER_SEARCH_REV) ---- */

struct stale {
	char (*codes)[MATTER_CODE_LEN];
	size_t n;
	int done;
};

static void note_stale(const char *code, void *arg)
{
	struct stale *s = arg;
	s->codes = xrealloc(s->codes, (s->n + 1) * sizeof *s->codes);
	snprintf(s->codes[s->n++], MATTER_CODE_LEN, "%s", code);
}

/* Rebuilds each stale row from its current document, in one write. */
static int refresh_write(dbc_t *c, void *arg)
{
	struct stale *s = arg;
	s->n = 0;
	s->done = 0;
	if (matter_store_stale(c, MATTER_SEARCH_REV, note_stale, s) != DB_DONE)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		matter_head_t h;
		char *text = matter_store_doc(c, s->codes[i], 0, &h);
		json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
		free(text);
		if (!doc)
			return -1;
		char zh[MATTER_NAME_LEN], en[MATTER_NAME_LEN], region[MATTER_REGION_LEN];
		const char *dept = json_string_value(json_object_get(doc, "department"));
		matter_store_department(c, dept, zh, en, region);
		matter_search_t ms;
		matter_search_build(doc, zh, en, &ms);
		json_decref(doc);
		matter_put_t p = {.code = s->codes[i], .search_name = ms.name, .search_keys = ms.keys,
				  .search_guide = ms.guide, .search_materials = ms.materials,
				  .search_text = ms.text, .applicants = ms.applicants,
				  .search_rev = MATTER_SEARCH_REV};
		int rc = matter_store_set_search(c, &p);
		matter_search_release(&ms);
		if (rc != DB_DONE)
			return -1;
		s->done++;
	}
	return 0;
}

int matter_search_refresh(store_t *st)
{
	struct stale s = {0};
	int rc = store_write(st, refresh_write, &s);
	free(s.codes);
	if (rc != 0) {
		log_error("catalogue: the search text of older matters could not be rebuilt");
		return -1;
	}
	if (s.done)
		log_info("catalogue: search text rebuilt for %d matters", s.done);
	return 0;
}

int matter_seed_demo(store_t *st)
{
	const embedded_file_t *f = embedded_find(embedded_data, "demo/matters.json");
	if (!f)
		return -1;
	json_error_t je;
	json_t *arr = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je);
	if (!arr) {
		log_error("seed: matters.json line %d: %s", je.line, je.text);
		return -1;
	}
	actor_t sys;
	actor_system(&sys, "seed");
	size_t i;
	json_t *m;
	int added = 0, rc = 0;
	json_array_foreach (arr, i, m) {
		const char *code = json_string_value(json_object_get(m, "code"));
		errs_t e = ERRS_INIT;
		errcode_t ec = matter_create(st, &sys, m, &e, NULL);
		if (ec == E_OK)
			added++;
		else if (ec != E_CONFLICT) {
			log_error("seed: matter %s: %s %s", code ? code : "?", e.n ? e.v[0].field : "",
				  e.n ? e.v[0].en : "");
			rc = -1;
		}
		errs_clear(&e);
	}
	json_decref(arr);
	if (added)
		log_info("seed: %d matters added", added);
	return rc;
}
