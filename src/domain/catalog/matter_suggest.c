/* matter_suggest.c — "did you mean" (see matter_suggest.h): one pass over the
 * active matters' names and keywords and over the synonym words, measuring
 * each against the query. */
#include "domain/catalog/matter_suggest.h"
#include "domain/catalog/matter_store.h"
#include "domain/catalog/matter_synonyms.h"
#include "base/mem.h"
#include "base/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CHARS 64
#define FAR 1000

static int decode(const char *s, uint32_t out[MAX_CHARS])
{
	size_t n = strlen(s), i = 0;
	int k = 0;
	uint32_t cp;
	while (i < n) {
		if (k == MAX_CHARS || !utf8_next((const unsigned char *)s, n, &i, &cp))
			return -1;
		out[k++] = cp;
	}
	return k;
}

int matter_edit_distance(const char *a, const char *b)
{
	uint32_t x[MAX_CHARS], y[MAX_CHARS];
	int n = decode(a, x), m = decode(b, y);
	if (n < 0 || m < 0)
		return FAR;
	int row[MAX_CHARS + 1];
	for (int j = 0; j <= m; j++)
		row[j] = j;
	for (int i = 1; i <= n; i++) {
		int diag = row[0];
		row[0] = i;
		for (int j = 1; j <= m; j++) {
			int up = row[j];
			int best = diag + (x[i - 1] != y[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[m];
}

typedef struct {
	int dist; /* < 0: a term of the query that alone finds something (in the order typed) */
	char *q;
	char code[MATTER_CODE_LEN];
	char zh[MATTER_NAME_LEN], en[MATTER_NAME_LEN];
} cand_t;

struct ctx {
	const matter_query_terms_t *t;
	int limit; /* the largest distance suggested */
	bool found[MATTER_SEARCH_TERMS];
	cand_t *v;
	size_t n, cap;
};

static void add(struct ctx *x, int dist, const char *q, const matter_summary_t *m)
{
	for (size_t i = 0; i < x->n; i++)
		if (m ? !strcmp(x->v[i].code, m->code) : !x->v[i].code[0] && !strcmp(x->v[i].q, q)) {
			if (dist < x->v[i].dist)
				x->v[i].dist = dist;
			return;
		}
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 16;
		x->v = xrealloc(x->v, x->cap * sizeof *x->v);
	}
	cand_t *c = &x->v[x->n++];
	memset(c, 0, sizeof *c);
	c->dist = dist;
	c->q = xstrdup(q);
	if (m) {
		snprintf(c->code, sizeof c->code, "%s", m->code);
		snprintf(c->zh, sizeof c->zh, "%s", m->name_zh);
		snprintf(c->en, sizeof c->en, "%s", m->name_en);
	}
}

/* Each '|'-separated piece of a field measured against the query. */
static void measure(struct ctx *x, const char *field, const matter_summary_t *m)
{
	if (!field)
		return;
	const char *p = field;
	while (*p) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len && len < 4 * MAX_CHARS) {
			char piece[4 * MAX_CHARS];
			memcpy(piece, p, len);
			piece[len] = '\0';
			int d = matter_edit_distance(x->t->whole, piece);
			if (d <= x->limit && (m || d > 0))
				add(x, d, piece, m);
		}
		p += len + (e != NULL);
	}
}

static void each_matter(const matter_summary_t *m, void *arg)
{
	struct ctx *x = arg;
	matter_fields_t f = {m->search_name, m->search_keys, m->search_guide, m->search_materials};
	for (int i = 0; x->t->nterms > 1 && i < x->t->nterms; i++) {
		matter_query_terms_t one = {.nterms = 1, .whole = x->t->terms[i].word[0]};
		one.terms[0] = x->t->terms[i];
		if (!x->found[i] && matter_search_rank(&one, &f) >= 0) {
			x->found[i] = true;
			add(x, i - MATTER_SEARCH_TERMS, x->t->terms[i].word[0], NULL);
		}
	}
	measure(x, m->search_name, m);
	measure(x, m->search_keys, NULL);
}

static void each_synonym(const char *word, void *arg)
{
	struct ctx *x = arg;
	int d = matter_edit_distance(x->t->whole, word);
	if (d > 0 && d <= x->limit)
		add(x, d, word, NULL);
}

static int nearest(const void *a, const void *b)
{
	const cand_t *x = a, *y = b;
	if (x->dist != y->dist)
		return x->dist - y->dist;
	if (!x->code[0] != !y->code[0])
		return x->code[0] ? -1 : 1; /* a matter before a word */
	return strcmp(x->q, y->q);
}

json_t *matter_suggest(dbc_t *c, const matter_query_terms_t *t)
{
	uint32_t cps[MAX_CHARS];
	int len = decode(t->whole, cps);
	struct ctx x = {.t = t, .limit = len < 0 ? -1 : len / 3 > 1 ? len / 3 : 1};
	matter_store_query_t all = {.immediate = -1, .visits = -1};
	matter_store_search(c, &all, each_matter, &x);
	matter_synonyms_each(each_synonym, &x);
	if (x.n)
		qsort(x.v, x.n, sizeof *x.v, nearest);
	json_t *out = json_array();
	for (size_t i = 0; i < x.n; i++) {
		cand_t *s = &x.v[i];
		if (json_array_size(out) < MATTER_SUGGESTIONS) {
			json_t *o = json_pack("{ss}", "q", s->code[0] ? s->zh : s->q);
			if (s->code[0]) {
				json_object_set_new(o, "code", json_string(s->code));
				json_t *name = json_pack("{ss ss}", "zh", s->zh, "en", s->en);
				json_object_set_new(o, "name", name);
			}
			json_array_append_new(out, o);
		}
		free(s->q);
	}
	free(x.v);
	return out;
}
