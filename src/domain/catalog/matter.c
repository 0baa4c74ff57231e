/* catalog.c — storing, reading and searching matters (see catalog.h). */
#include "domain/catalog/matter.h"
#include "domain/core/audit.h"
#include "domain/core/textnorm.h"
#include "base/clock.h"
#include "base/embedded.h"
#include "base/log.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends normalised text and a separator. */
static void add_text(char **buf, size_t *len, const char *s)
{
	if (!s || !*s)
		return;
	char *n = textnorm(s);
	size_t l = strlen(n);
	*buf = realloc(*buf, *len + l + 2);
	memcpy(*buf + *len, n, l);
	(*buf)[*len + l] = '|';
	(*buf)[*len + l + 1] = '\0';
	*len += l + 1;
	free(n);
}

typedef struct {
	char *name;   /* "|zh|en|" */
	char *keys;   /* "|k1|k2|" */
	char *text;   /* everything */
} search_t;

static void build_search(dbc_t *c, const json_t *doc, search_t *out)
{
	char *b = strdup("|");
	size_t n = 1;
	json_t *name = json_object_get(doc, "name");
	add_text(&b, &n, json_string_value(json_object_get(name, "zh")));
	add_text(&b, &n, json_string_value(json_object_get(name, "en")));
	out->name = strdup(b);
	dbs_t *s = db_prep(c, "SELECT name_zh, name_en FROM departments WHERE code = ?");
	db_bind_text(s, 1, json_string_value(json_object_get(doc, "department")));
	if (db_step(s) == DB_ROW) {
		add_text(&b, &n, db_col_text(s, 0));
		add_text(&b, &n, db_col_text(s, 1));
	}
	db_reset(s);
	add_text(&b, &n, json_string_value(json_object_get(doc, "type_label")));
	size_t i;
	json_t *v;
	char *k = strdup("|");
	size_t kn = 1;
	json_array_foreach(json_object_get(doc, "keywords"), i, v) {
		add_text(&b, &n, json_string_value(v));
		add_text(&k, &kn, json_string_value(v));
	}
	out->keys = k;
	json_array_foreach(json_object_get(doc, "materials"), i, v) {
		json_t *mn = json_object_get(v, "name");
		add_text(&b, &n, json_string_value(json_object_get(mn, "zh")));
		add_text(&b, &n, json_string_value(json_object_get(mn, "en")));
	}
	out->text = b;
}

struct put_ctx {
	const actor_t *by;
	const json_t *doc;     /* canonical, without code/version wrappers */
	const char *code;
	int64_t if_version;    /* 0 for create */
	bool retire;
	search_t search;
	int64_t version_out, row_version_out;
};

/* The served document of one version: the canonical doc plus its identity. */
static char *served_text(const json_t *doc, const char *code, int64_t version, dbc_t *c)
{
	json_t *o = json_pack("{ss sI}", "code", code, "version", (json_int_t)version);
	json_object_update(o, (json_t *)doc);
	dbs_t *s = db_prep(c, "SELECT name_zh, name_en, region FROM departments WHERE code = ?");
	db_bind_text(s, 1, json_string_value(json_object_get(doc, "department")));
	if (db_step(s) == DB_ROW)
		json_object_set_new(o, "department_name", json_pack("{ss ss}", "zh", db_col_text(s, 0), "en", db_col_text(s, 1)));
	if (db_col_text(s, 2))
		json_object_set_new(o, "region", json_string(db_col_text(s, 2)));
	db_reset(s);
	char *t = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return t;
}

static int put_write(dbc_t *c, void *arg)
{
	struct put_ctx *x = arg;
	int64_t now = clock_now_ms();
	int64_t cur_version = 0, row_version = 0;
	char status[16] = "";
	dbs_t *s = db_prep(c, "SELECT current_version, version, status FROM matters WHERE code = ?");
	db_bind_text(s, 1, x->code);
	bool exists = db_step(s) == DB_ROW;
	if (exists) {
		cur_version = db_col_int(s, 0);
		row_version = db_col_int(s, 1);
		snprintf(status, sizeof status, "%s", db_col_text(s, 2));
	}
	db_reset(s);
	if (x->if_version == 0 && exists)
		return E_CONFLICT;
	if (x->if_version != 0 && !exists)
		return E_NOT_FOUND;
	if (x->if_version != 0 && x->if_version != row_version)
		return E_STALE;
	if (x->retire) {
		if (strcmp(status, "retired") == 0)
			return E_STATE;
		s = db_prep(c, "UPDATE matters SET status = 'retired', updated_at = ?, version = version + 1 WHERE code = ? AND version = ?");
		db_bind_int(s, 1, now);
		db_bind_text(s, 2, x->code);
		db_bind_int(s, 3, row_version);
		int rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE || db_changes(c) != 1)
			return -1;
		x->version_out = cur_version;
		x->row_version_out = row_version + 1;
		return audit_append(c, x->by, "matter.retire", "matter", x->code, row_version, row_version + 1, NULL);
	}
	int64_t v = cur_version + 1;
	char *text = served_text(x->doc, x->code, v, c);
	if (!text)
		return -1;
	const json_t *d = x->doc;
	json_t *name = json_object_get(d, "name");
	if (!exists) {
		s = db_prep(c, "INSERT INTO matters (code, current_version, department, type, name_zh, name_en, immediate, visits, "
			       "online_depth, promised_days, search_name, search_keys, search_text, created_at, updated_at) "
			       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	} else {
		s = db_prep(c, "UPDATE matters SET current_version = ?, department = ?, type = ?, name_zh = ?, name_en = ?, "
			       "immediate = ?, visits = ?, online_depth = ?, promised_days = ?, search_name = ?, search_keys = ?, search_text = ?, "
			       "updated_at = ?, version = version + 1 WHERE code = ? AND version = ?");
	}
	int k = 1;
	if (!exists)
		db_bind_text(s, k++, x->code);
	db_bind_int(s, k++, v);
	db_bind_text(s, k++, json_string_value(json_object_get(d, "department")));
	db_bind_text(s, k++, json_string_value(json_object_get(d, "type")));
	db_bind_text(s, k++, json_string_value(json_object_get(name, "zh")));
	db_bind_text(s, k++, json_string_value(json_object_get(name, "en")));
	db_bind_int(s, k++, json_is_true(json_object_get(d, "immediate")));
	db_bind_int(s, k++, json_integer_value(json_object_get(d, "visits")));
	db_bind_int(s, k++, json_integer_value(json_object_get(d, "online_depth")));
	db_bind_int(s, k++, json_integer_value(json_object_get(d, "promised_days")));
	db_bind_text(s, k++, x->search.name);
	db_bind_text(s, k++, x->search.keys);
	db_bind_text(s, k++, x->search.text);
	if (!exists) {
		db_bind_int(s, k++, now);
		db_bind_int(s, k++, now);
	} else {
		db_bind_int(s, k++, now);
		db_bind_text(s, k++, x->code);
		db_bind_int(s, k++, row_version);
	}
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE || db_changes(c) != 1) {
		free(text);
		return rc == DB_CONSTRAINT ? E_CONFLICT : -1;
	}
	s = db_prep(c, "INSERT INTO matter_versions (code, version, doc, created_at, created_by) VALUES (?,?,?,?,?)");
	db_bind_text(s, 1, x->code);
	db_bind_int(s, 2, v);
	db_bind_text(s, 3, text);
	db_bind_int(s, 4, now);
	db_bind_text(s, 5, x->by->id);
	rc = db_step(s);
	db_reset(s);
	free(text);
	if (rc != DB_DONE)
		return -1;
	x->version_out = v;
	x->row_version_out = exists ? row_version + 1 : 1;
	json_t *detail = json_pack("{sI}", "matter_version", (json_int_t)v);
	rc = audit_append(c, x->by, exists ? "matter.update" : "matter.create", "matter", x->code, row_version,
			  x->row_version_out, detail);
	json_decref(detail);
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
	json_object_del(doc, "code");
	char code_buf[16];
	snprintf(code_buf, sizeof code_buf, "%s", x.code ? x.code : code);
	x.code = code_buf;
	build_search(rc, doc, &x.search);
	int r = store_write(st, put_write, &x);
	free(x.search.name);
	free(x.search.keys);
	free(x.search.text);
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

errcode_t matter_update(store_t *st, const actor_t *by, const char *code, int64_t if_version, const json_t *doc,
			errs_t *errs, int64_t *version_out)
{
	return put(st, by, code, if_version, doc, errs, version_out);
}

errcode_t matter_retire(store_t *st, const actor_t *by, const char *code, int64_t if_version, int64_t *version_out)
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

char *matter_get_text(dbc_t *c, const char *code, int64_t version, int64_t *row_version, errcode_t *ec)
{
	dbs_t *s = db_prep(c, "SELECT m.status, m.current_version, m.version, v.doc FROM matters m "
			      "JOIN matter_versions v ON v.code = m.code "
			      "AND v.version = CASE WHEN ? = 0 THEN m.current_version ELSE ? END WHERE m.code = ?");
	db_bind_int(s, 1, version);
	db_bind_int(s, 2, version);
	db_bind_text(s, 3, code);
	char *out = NULL;
	*ec = E_NOT_FOUND;
	if (db_step(s) == DB_ROW) {
		const char *status = db_col_text(s, 0), *doc = db_col_text(s, 3);
		long long cur = db_col_int(s, 1);
		*row_version = db_col_int(s, 2);
		/* Splice the mutable status in front of the immutable document: no parse needed. */
		size_t n = strlen(doc) + 96;
		out = malloc(n);
		snprintf(out, n, "{\"status\":\"%s\",\"current_version\":%lld,%s", status, cur, doc + 1);
		*ec = E_OK;
	}
	db_reset(s);
	return out;
}

/* Parsed versions are immutable, so they are parsed once and shared: a small
 * table keyed by code and version. Entries are never changed, only replaced. */
#define DOC_SLOTS 256
static struct {
	char code[16];
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
	dbs_t *s = db_prep(c, "SELECT doc FROM matter_versions WHERE code = ? AND version = ?");
	db_bind_text(s, 1, code);
	db_bind_int(s, 2, version);
	if (db_step(s) == DB_ROW)
		doc = json_loads(db_col_text(s, 0), 0, NULL);
	db_reset(s);
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
	dbs_t *s = db_prep(c, "SELECT current_version FROM matters WHERE code = ?");
	db_bind_text(s, 1, code);
	bool ok = db_step(s) == DB_ROW;
	if (ok)
		*version = db_col_int(s, 0);
	db_reset(s);
	return ok;
}

bool matter_is_active(dbc_t *c, const char *code, int64_t *current)
{
	dbs_t *s = db_prep(c, "SELECT status, current_version FROM matters WHERE code = ?");
	db_bind_text(s, 1, code);
	bool ok = false;
	if (db_step(s) == DB_ROW) {
		ok = strcmp(db_col_text(s, 0), "active") == 0;
		if (current)
			*current = db_col_int(s, 1);
	}
	db_reset(s);
	return ok;
}

/* LIKE pattern for a term: %term% with % _ and \ escaped. */
static char *like_pattern(const char *term)
{
	size_t n = strlen(term);
	char *p = malloc(n * 2 + 3), *o = p;
	*o++ = '%';
	for (const char *t = term; *t; t++) {
		if (*t == '%' || *t == '_' || *t == '\\')
			*o++ = '\\';
		*o++ = *t;
	}
	*o++ = '%';
	*o = '\0';
	return p;
}

#define MAX_TERMS 4

errcode_t matter_list(dbc_t *c, const matter_query_t *q, json_t **out, errs_t *errs)
{
	int after_rank = -1;
	char after_code[16] = "";
	if (q->cursor) {
		int n = 0;
		if (sscanf(q->cursor, "%d.%15[A-Z0-9]%n", &after_rank, after_code, &n) != 2 || q->cursor[n] != '\0' ||
		    after_rank < 0 || after_rank > 4) {
			errs_add(errs, "cursor", "invalid", "分页游标无效", "invalid cursor");
			return E_VALIDATION;
		}
	}
	char *norm = q->q ? textnorm(q->q) : NULL;
	char *terms[MAX_TERMS] = {0};
	int nterms = 0;
	bool too_many = false;
	if (norm) {
		char *save = NULL;
		for (char *t = strtok_r(norm, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			if (nterms == MAX_TERMS) {
				too_many = true;   /* every term must match: never drop one silently */
				break;
			}
			terms[nterms++] = like_pattern(t);
		}
	}
	if (norm && (nterms == 0 || too_many)) {
		/* Blank once normalised (e.g. only U+3000), or more words than we match on. */
		if (nterms == 0)
			errs_add(errs, "q", "required", "搜索词不能为空", "the search words may not be empty");
		else
			errs_addi(errs, "q", "too_many_terms", "最多 %lld 个搜索词", "at most %lld search words", MAX_TERMS);
		for (int i = 0; i < MAX_TERMS; i++)
			free(terms[i]);
		free(norm);
		return E_VALIDATION;
	}
	/* Ranks use the whole normalised query; every term must match somewhere. */
	char *exact = NULL, *prefix = NULL, *anywhere = NULL;
	if (nterms) {
		char *whole = textnorm(q->q);
		char *lp = like_pattern(whole);   /* %whole% */
		size_t n = strlen(lp);
		exact = malloc(n + 3);
		prefix = malloc(n + 2);
		snprintf(exact, n + 3, "%%|%.*s|%%", (int)(n - 2), lp + 1);
		snprintf(prefix, n + 2, "%%|%s", lp + 1);
		anywhere = lp;
		free(whole);
	}
	/* rank: 0 exact name, 1 name starts with, 2 name contains, 3 keyword contains, 4 other text; 0 when listing */
	const char *sql =
		"SELECT code, current_version, status, department, type, name_zh, name_en, immediate, visits, online_depth, "
		"promised_days, rank FROM (SELECT m.*, CASE WHEN ? IS NULL THEN 0 "
		"WHEN search_name LIKE ? ESCAPE '\\' THEN 0 WHEN search_name LIKE ? ESCAPE '\\' THEN 1 "
		"WHEN search_name LIKE ? ESCAPE '\\' THEN 2 WHEN search_keys LIKE ? ESCAPE '\\' THEN 3 ELSE 4 END AS rank "
		"FROM matters m "
		"WHERE (? IS NULL OR department = ?) AND (? IS NULL OR type = ?) AND (? < 0 OR immediate = ?) "
		"AND (? < 0 OR visits = ?) AND (? = 1 OR status = 'active') "
		"AND (? IS NULL OR search_text LIKE ? ESCAPE '\\') AND (? IS NULL OR search_text LIKE ? ESCAPE '\\') "
		"AND (? IS NULL OR search_text LIKE ? ESCAPE '\\') AND (? IS NULL OR search_text LIKE ? ESCAPE '\\')) t "
		"WHERE (? < 0 OR rank > ? OR (rank = ? AND code > ?)) ORDER BY rank, code LIMIT ?";
	dbs_t *s = db_prep(c, sql);
	int k = 1;
	db_bind_text(s, k++, anywhere);
	db_bind_text(s, k++, exact);
	db_bind_text(s, k++, prefix);
	db_bind_text(s, k++, anywhere);
	db_bind_text(s, k++, anywhere);
	db_bind_text(s, k++, q->department);
	db_bind_text(s, k++, q->department);
	db_bind_text(s, k++, q->type);
	db_bind_text(s, k++, q->type);
	db_bind_int(s, k++, q->immediate);
	db_bind_int(s, k++, q->immediate);
	db_bind_int(s, k++, q->visits);
	db_bind_int(s, k++, q->visits);
	db_bind_int(s, k++, q->include_retired);
	for (int i = 0; i < MAX_TERMS; i++) {
		db_bind_text(s, k++, terms[i]);
		db_bind_text(s, k++, terms[i]);
	}
	db_bind_int(s, k++, after_rank);
	db_bind_int(s, k++, after_rank);
	db_bind_int(s, k++, after_rank);
	db_bind_text(s, k++, after_code);
	int limit = q->limit > 0 && q->limit <= MATTER_PAGE_MAX ? q->limit : 20;
	db_bind_int(s, k++, limit + 1);
	json_t *items = json_array();
	char last[40] = "";
	int n = 0;
	bool more = false;
	while (db_step(s) == DB_ROW) {
		if (n == limit) {
			more = true;
			break;
		}
		json_array_append_new(items, json_pack("{ss sI ss ss ss s{ss ss} sb sI sI sI}", "code", db_col_text(s, 0),
						       "version", (json_int_t)db_col_int(s, 1), "status", db_col_text(s, 2),
						       "department", db_col_text(s, 3), "type", db_col_text(s, 4), "name", "zh",
						       db_col_text(s, 5), "en", db_col_text(s, 6), "immediate",
						       (int)db_col_int(s, 7), "visits", (json_int_t)db_col_int(s, 8),
						       "online_depth", (json_int_t)db_col_int(s, 9), "promised_days",
						       (json_int_t)db_col_int(s, 10)));
		snprintf(last, sizeof last, "%d.%s", (int)db_col_int(s, 11), db_col_text(s, 0));
		n++;
	}
	db_reset(s);
	for (int i = 0; i < MAX_TERMS; i++)
		free(terms[i]);
	free(norm);
	free(exact);
	free(prefix);
	free(anywhere);
	*out = json_pack("{so so}", "items", items, "next_cursor", more ? json_string(last) : json_null());
	return E_OK;
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
	json_array_foreach(arr, i, m) {
		const char *code = json_string_value(json_object_get(m, "code"));
		errs_t e = ERRS_INIT;
		errcode_t ec = matter_create(st, &sys, m, &e, NULL);
		if (ec == E_OK)
			added++;
		else if (ec != E_CONFLICT) {
			log_error("seed: matter %s: %s %s", code ? code : "?", e.n ? e.v[0].field : "", e.n ? e.v[0].en : "");
			rc = -1;
		}
		errs_clear(&e);
	}
	json_decref(arr);
	if (added)
		log_info("seed: %d matters added", added);
	return rc;
}
