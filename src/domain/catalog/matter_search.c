/* matter_search.c — the search text of matters, the terms of a query and the
 * rank of a matter for it (see matter_search.h). Substring matching over
 * normalised text is what lets two-character words (餐饮, 注销, 社保) match
 * without a word splitter. */
#include "domain/catalog/matter_search.h"
#include "domain/catalog/matter_synonyms.h"
#include "domain/core/textnorm.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char *s;
	size_t n;
} buf_t;

/* Appends normalised text and a separator. */
static void add_text(buf_t *b, const char *s)
{
	if (!s || !*s)
		return;
	char *n = textnorm(s);
	size_t l = strlen(n);
	b->s = xrealloc(b->s, b->n + l + 2);
	memcpy(b->s + b->n, n, l);
	b->s[b->n + l] = '|';
	b->s[b->n + l + 1] = '\0';
	b->n += l + 1;
	free(n);
}

static void add_i18n(buf_t *b, const json_t *o)
{
	add_text(b, json_string_value(json_object_get(o, "zh")));
	add_text(b, json_string_value(json_object_get(o, "en")));
}

static void add_strings(buf_t *b, const json_t *arr)
{
	size_t i;
	json_t *v;
	json_array_foreach (arr, i, v)
		add_text(b, json_string_value(v));
}

static buf_t start(void)
{
	return (buf_t){xstrdup("|"), 1};
}

void matter_search_build(const json_t *doc, const char *dept_zh, const char *dept_en, matter_search_t *out)
{
	buf_t name = start(), keys = start(), guide = start(), mats = start(), all = start();
	add_i18n(&name, json_object_get(doc, "name"));
	add_strings(&keys, json_object_get(doc, "keywords"));
	add_strings(&keys, json_object_get(doc, "keywords_en"));
	add_text(&guide, dept_zh);
	add_text(&guide, dept_en);
	add_text(&guide, json_string_value(json_object_get(doc, "type_label")));
	add_text(&guide, json_string_value(json_object_get(doc, "type_label_en")));
	add_i18n(&guide, json_object_get(doc, "description"));
	size_t i;
	json_t *v;
	json_array_foreach (json_object_get(doc, "conditions"), i, v)
		add_i18n(&guide, v);
	json_array_foreach (json_object_get(doc, "materials"), i, v)
		add_i18n(&mats, json_object_get(v, "name"));
	/* the whole text: every field in turn, each without its leading '|' */
	const buf_t *parts[] = {&name, &keys, &guide, &mats};
	for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
		all.s = xrealloc(all.s, all.n + parts[k]->n);
		memcpy(all.s + all.n, parts[k]->s + 1, parts[k]->n); /* with its NUL */
		all.n += parts[k]->n - 1;
	}
	const json_t *who = json_object_get(doc, "applicants");
	bool person = !json_array_size(who), enterprise = person;
	json_array_foreach (who, i, v) {
		person |= json_is_string(v) && !strcmp(json_string_value(v), "person");
		enterprise |= json_is_string(v) && !strcmp(json_string_value(v), "enterprise");
	}
	out->applicants = xstrdup(person && enterprise ? "|person|enterprise|"
				  : person	       ? "|person|"
							       : "|enterprise|");
	out->name = name.s;
	out->keys = keys.s;
	out->guide = guide.s;
	out->materials = mats.s;
	out->text = all.s;
}

void matter_search_release(matter_search_t *s)
{
	free(s->name);
	free(s->keys);
	free(s->guide);
	free(s->materials);
	free(s->text);
	free(s->applicants);
	memset(s, 0, sizeof *s);
}

static bool latin(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Whether w occurs in hay; a word starting with a Latin letter or digit
 * only where a word starts in hay (after a non-Latin byte or at the start). */
static bool has(const char *hay, const char *w)
{
	if (!hay || !*w)
		return false;
	bool anywhere = !latin((unsigned char)w[0]);
	for (const char *p = hay; (p = strstr(p, w)) != NULL; p++)
		if (anywhere || p == hay || !latin((unsigned char)p[-1]))
			return true;
	return false;
}

int matter_search_tier(const char *word, const matter_fields_t *f)
{
	size_t n = strlen(word);
	int best = -1;
	/* in the name: the whole of a name (between bars), its start, or inside */
	if (n && f->name)
		for (const char *p = f->name; (p = strstr(p, word)) != NULL; p++) {
			bool at_start = p > f->name && p[-1] == '|';
			int t = at_start && p[n] == '|' ? 0 : at_start ? 1 : 2;
			if (t == 2 && latin((unsigned char)word[0]) && latin((unsigned char)p[-1]))
				continue; /* inside a Latin word */
			if (best < 0 || t < best)
				best = t;
		}
	if (best >= 0)
		return best;
	if (has(f->keys, word))
		return 3;
	if (has(f->guide, word))
		return 4;
	if (has(f->materials, word))
		return 5;
	return -1;
}

int matter_search_rank(const matter_query_terms_t *q, const matter_fields_t *f)
{
	int worst = 0, sum = 0;
	for (int i = 0; i < q->nterms; i++) {
		const matter_term_t *t = &q->terms[i];
		int v = -1;
		for (int k = 0; k < t->n; k++) {
			int tier = matter_search_tier(t->word[k], f);
			/* a word it stands for: half a tier lower */
			int w = tier < 0 ? -1 : tier * 2 + (k > 0);
			if (w >= 0 && (v < 0 || w < v))
				v = w;
		}
		if (v < 0)
			return -1;
		worst = v > worst ? v : worst;
		sum += v;
	}
	int rank = worst * 100 + sum;
	/* several words that together are (the start of) a name rank as that name */
	if (q->nterms > 1) {
		int whole = matter_search_tier(q->whole, f);
		if (whole >= 0 && whole <= 2 && whole * 2 * (100 + q->nterms) < rank)
			rank = whole * 2 * (100 + q->nterms);
	}
	return rank;
}

static void add_word(matter_term_t *t, const char *w)
{
	for (int i = 0; i < t->n; i++)
		if (!strcmp(t->word[i], w))
			return;
	if (t->n < MATTER_SEARCH_WORDS)
		t->word[t->n++] = xstrdup(w);
}

bool matter_search_parse(const char *q, matter_query_terms_t *out, errs_t *errs)
{
	memset(out, 0, sizeof *out);
	char *norm = textnorm(q);
	bool too_many = false;
	char *save = NULL;
	size_t wlen = 0;
	/* a query holding a phrase of the synonyms ("start a company") is one term */
	const char *syn[MATTER_SEARCH_WORDS];
	int np = strchr(norm, ' ') ? matter_synonyms_phrase(norm, syn, MATTER_SEARCH_WORDS - 1) : 0;
	if (np > 0) {
		out->nterms = 1;
		add_word(&out->terms[0], norm);
		for (int i = 0; i < np; i++)
			add_word(&out->terms[0], syn[i]);
		out->whole = norm;
		return true;
	}
	for (char *t = strtok_r(norm, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (out->nterms == MATTER_SEARCH_TERMS) {
			too_many = true; /* every term must match: never drop one silently */
			break;
		}
		matter_term_t *term = &out->terms[out->nterms++];
		add_word(term, t);
		int ns = matter_synonyms_expand(t, syn, MATTER_SEARCH_WORDS - 1);
		for (int i = 0; i < ns; i++)
			add_word(term, syn[i]);
		wlen += strlen(t) + 1;
	}
	if (out->nterms == 0 || too_many) {
		free(norm);
		/* Blank once normalised (e.g. only U+3000), or more words than we match on. */
		if (out->nterms == 0)
			errs_add(errs, "q", "required", "搜索词不能为空",
				 "the search words may not be empty");
		else
			errs_addi(errs, "q", "too_many_terms", "最多 %lld 个搜索词",
				  "at most %lld search words", MATTER_SEARCH_TERMS);
		matter_search_query_release(out);
		return false;
	}
	free(norm);
	out->whole = xmalloc(wlen);
	out->whole[0] = '\0';
	size_t used = 0;
	for (int i = 0; i < out->nterms; i++) {
		int n = snprintf(out->whole + used, wlen - used, "%s%s", i ? " " : "", out->terms[i].word[0]);
		if (n < 0 || (size_t)n >= wlen - used)
			break; /* cannot happen: wlen counts every term and its space */
		used += (size_t)n;
	}
	return true;
}

void matter_search_query_release(matter_query_terms_t *t)
{
	for (int i = 0; i < MATTER_SEARCH_TERMS; i++)
		for (int k = 0; k < t->terms[i].n; k++)
			free(t->terms[i].word[k]);
	free(t->whole);
	memset(t, 0, sizeof *t);
}
