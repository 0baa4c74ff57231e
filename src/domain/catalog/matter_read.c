/* matter_read.c — the views of the catalogue (see matter.h): the served body
 * of one matter version and a page of summaries, searched and ranked. */
#include "domain/catalog/matter.h"
#include "domain/catalog/matter_search.h"
#include "domain/catalog/matter_store.h"
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
	json_array_append_new(
	    p->items, json_pack("{ss sI ss ss ss s{ss ss} sb sI sI sI}", "code", m->code, "version",
				(json_int_t)m->version, "status", m->status, "department", m->department,
				"type", m->type, "name", "zh", m->name_zh, "en", m->name_en, "immediate",
				m->immediate, "visits", (json_int_t)m->visits, "online_depth",
				(json_int_t)m->online_depth, "promised_days", (json_int_t)m->promised_days));
	snprintf(p->last, sizeof p->last, "%d.%s", m->rank, m->code);
	p->n++;
}

errcode_t matter_list(dbc_t *c, const matter_query_t *q, json_t **out, errs_t *errs)
{
	int after_rank = -1;
	char after_code[MATTER_CODE_LEN] = "";
	if (q->cursor) {
		int n = 0;
		if (sscanf(q->cursor, "%d.%15[A-Z0-9]%n", &after_rank, after_code, &n) != 2 ||
		    q->cursor[n] != '\0' || after_rank < 0 || after_rank > 4) {
			errs_add(errs, "cursor", "invalid", "分页游标无效", "invalid cursor");
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
	    .immediate = q->immediate,
	    .visits = q->visits,
	    .include_retired = q->include_retired,
	    .exact = t.exact,
	    .prefix = t.prefix,
	    .anywhere = t.anywhere,
	    .after_rank = after_rank,
	    .after_code = after_code,
	    .limit = p.limit + 1,
	};
	for (int i = 0; i < MATTER_STORE_TERMS && i < MATTER_SEARCH_TERMS; i++)
		sq.terms[i] = t.terms[i];
	int rc = matter_store_list(c, &sq, add_summary, &p);
	matter_search_query_release(&t);
	if (rc != DB_DONE) {
		json_decref(p.items);
		return E_INTERNAL;
	}
	*out =
	    json_pack("{so so}", "items", p.items, "next_cursor", p.more ? json_string(p.last) : json_null());
	return E_OK;
}
