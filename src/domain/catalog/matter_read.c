/* matter_read.c — the views of the catalogue (see matter.h): the served body
 * of one matter version and a page of summaries, searched and ranked. */
#include "domain/catalog/matter.h"
#include "domain/catalog/matter_search.h"
#include "domain/catalog/matter_store.h"
#include "domain/catalog/matter_suggest.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *matter_get_text(dbc_t *c, const char *code, int64_t version, int64_t *row_version, errcode_t *ec)
{
	matter_head_t head;
	char *doc = matter_store_doc(c, code, version, &head);
	if (!doc) {
		*ec = E_NOT_FOUND;
		return NULL;
	}
	*row_version = head.version;
	/* Splice the mutable status in front of the immutable document: no parse needed. */
	size_t n = strlen(doc) + 96;
	char *out = xmalloc(n);
	snprintf(out, n, "{\"status\":\"%s\",\"current_version\":%lld,%s", head.status,
		 (long long)head.current_version, doc + 1);
	free(doc);
	*ec = E_OK;
	return out;
}

static json_t *summary_json(const matter_summary_t *m)
{
	return json_pack("{ss sI ss ss ss s{ss ss} sb sI sI sI}", "code", m->code, "version",
			 (json_int_t)m->version, "status", m->status, "department", m->department, "type",
			 m->type, "name", "zh", m->name_zh, "en", m->name_en, "immediate", m->immediate,
			 "visits", (json_int_t)m->visits, "online_depth", (json_int_t)m->online_depth,
			 "promised_days", (json_int_t)m->promised_days);
}

/* A found matter: its rank, code and summary. */
typedef struct {
	int rank;
	char code[MATTER_CODE_LEN];
	json_t *item;
} hit_t;

struct hits {
	const matter_query_terms_t *terms;
	hit_t *v;
	size_t n, cap;
};

static void rank_one(const matter_summary_t *m, void *arg)
{
	struct hits *h = arg;
	matter_fields_t f = {m->search_name, m->search_keys, m->search_guide, m->search_materials};
	int rank = matter_search_rank(h->terms, &f);
	if (rank < 0)
		return;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 32;
		h->v = xrealloc(h->v, h->cap * sizeof *h->v);
	}
	hit_t *x = &h->v[h->n++];
	x->rank = rank;
	snprintf(x->code, sizeof x->code, "%s", m->code);
	x->item = summary_json(m);
}

static int by_rank(const void *a, const void *b)
{
	const hit_t *x = a, *y = b;
	return x->rank != y->rank ? (x->rank > y->rank) - (x->rank < y->rank) : strcmp(x->code, y->code);
}

struct page {
	json_t *items;
	int limit, n;
	bool more;
	char last[MATTER_CODE_LEN + 16];
};

static void add_summary(const matter_summary_t *m, void *arg)
{
	struct page *p = arg;
	if (p->n == p->limit) {
		p->more = true;
		return;
	}
	json_array_append_new(p->items, summary_json(m));
	snprintf(p->last, sizeof p->last, "0.%s", m->code);
	p->n++;
}

/* The page of a search after (after_rank, after_code): every matter that passes
 * the filters is ranked here, in C, since the rank weighs synonyms and fields. */
static int search_page(dbc_t *c, const matter_store_query_t *sq, const matter_query_terms_t *t,
		       int after_rank, const char *after_code, struct page *p)
{
	struct hits h = {.terms = t};
	int rc = matter_store_search(c, sq, rank_one, &h);
	if (h.n)
		qsort(h.v, h.n, sizeof *h.v, by_rank);
	for (size_t i = 0; i < h.n; i++) {
		hit_t *x = &h.v[i];
		bool after = after_rank < 0 || x->rank > after_rank ||
			     (x->rank == after_rank && strcmp(x->code, after_code) > 0);
		if (rc == DB_DONE && after && p->n < p->limit) {
			json_array_append(p->items, x->item);
			snprintf(p->last, sizeof p->last, "%d.%s", x->rank, x->code);
			p->n++;
		} else if (after && p->n == p->limit)
			p->more = true;
		json_decref(x->item);
	}
	free(h.v);
	return rc;
}

errcode_t matter_list(dbc_t *c, const matter_query_t *q, json_t **out, errs_t *errs)
{
	int after_rank = -1;
	char after_code[MATTER_CODE_LEN] = "";
	if (q->cursor) {
		int n = 0;
		if (sscanf(q->cursor, "%d.%15[A-Z0-9]%n", &after_rank, after_code, &n) != 2 ||
		    q->cursor[n] != '\0' || after_rank < 0 || after_rank > MATTER_RANK_MAX) {
			errs_add(errs, "cursor", "invalid", "分页游标无效", "invalid cursor");
			return E_VALIDATION;
		}
	}
	if (q->department) {
		char zh[MATTER_NAME_LEN], en[MATTER_NAME_LEN], region[MATTER_REGION_LEN];
		if (matter_store_department(c, q->department, zh, en, region) != DB_ROW) {
			errs_add(errs, "department", "unknown", "没有这个部门", "no such department");
			return E_VALIDATION;
		}
	}
	matter_query_terms_t t = {0};
	if (q->q && !matter_search_parse(q->q, &t, errs))
		return E_VALIDATION;
	struct page p = {.items = json_array()};
	p.limit = q->limit > 0 && q->limit <= MATTER_PAGE_MAX ? q->limit : 20;
	matter_store_query_t sq = {
	    .department = q->department,
	    .type = q->type,
	    .applicant = q->applicant,
	    .immediate = q->immediate,
	    .visits = q->visits,
	    .fully_online = q->fully_online,
	    .include_retired = q->include_retired,
	    .after_code = after_code,
	    .limit = p.limit + 1,
	};
	int rc;
	if (q->q)
		rc = search_page(c, &sq, &t, after_rank, after_code, &p);
	else if (after_rank > 0)
		rc = DB_DONE; /* a search's cursor on a plain listing: nothing follows */
	else
		rc = matter_store_list(c, &sq, add_summary, &p);
	json_t *suggestions = NULL;
	if (rc == DB_DONE && q->q && p.n == 0 && !q->cursor)
		suggestions = matter_suggest(c, &t);
	matter_search_query_release(&t);
	if (rc != DB_DONE) {
		json_decref(p.items);
		return E_INTERNAL;
	}
	*out =
	    json_pack("{so so}", "items", p.items, "next_cursor", p.more ? json_string(p.last) : json_null());
	if (suggestions)
		json_object_set_new(*out, "suggestions", suggestions);
	return E_OK;
}
