/* matter_search.c — the search text of matters and the patterns of a query
 * (see matter_search.h). Substring matching over normalised text is what
 * lets two-character words (餐饮, 注销, 社保) match without a word splitter. */
#include "domain/catalog/matter_search.h"
#include "domain/core/textnorm.h"
#include "base/mem.h"
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
	*buf = xrealloc(*buf, *len + l + 2);
	memcpy(*buf + *len, n, l);
	(*buf)[*len + l] = '|';
	(*buf)[*len + l + 1] = '\0';
	*len += l + 1;
	free(n);
}

void matter_search_build(const json_t *doc, const char *dept_zh, const char *dept_en, matter_search_t *out)
{
	char *b = xstrdup("|");
	size_t n = 1;
	json_t *name = json_object_get(doc, "name");
	add_text(&b, &n, json_string_value(json_object_get(name, "zh")));
	add_text(&b, &n, json_string_value(json_object_get(name, "en")));
	out->name = xstrdup(b);
	add_text(&b, &n, dept_zh);
	add_text(&b, &n, dept_en);
	add_text(&b, &n, json_string_value(json_object_get(doc, "type_label")));
	size_t i;
	json_t *v;
	char *k = xstrdup("|");
	size_t kn = 1;
	json_array_foreach (json_object_get(doc, "keywords"), i, v) {
		add_text(&b, &n, json_string_value(v));
		add_text(&k, &kn, json_string_value(v));
	}
	out->keys = k;
	json_array_foreach (json_object_get(doc, "materials"), i, v) {
		json_t *mn = json_object_get(v, "name");
		add_text(&b, &n, json_string_value(json_object_get(mn, "zh")));
		add_text(&b, &n, json_string_value(json_object_get(mn, "en")));
	}
	out->text = b;
}

void matter_search_release(matter_search_t *s)
{
	free(s->name);
	free(s->keys);
	free(s->text);
	memset(s, 0, sizeof *s);
}

/* LIKE pattern for a term: %term% with % _ and \ escaped. */
static char *like_pattern(const char *term)
{
	size_t n = strlen(term);
	char *p = xmalloc(n * 2 + 3), *o = p;
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

bool matter_search_parse(const char *q, matter_query_terms_t *out, errs_t *errs)
{
	memset(out, 0, sizeof *out);
	char *norm = textnorm(q);
	bool too_many = false;
	char *save = NULL;
	for (char *t = strtok_r(norm, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
		if (out->nterms == MATTER_SEARCH_TERMS) {
			too_many = true; /* every term must match: never drop one silently */
			break;
		}
		out->terms[out->nterms++] = like_pattern(t);
	}
	free(norm);
	if (out->nterms == 0 || too_many) {
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
	/* Ranks use the whole normalised query; every term must match somewhere. */
	char *whole = textnorm(q);
	char *lp = like_pattern(whole); /* %whole% */
	size_t n = strlen(lp);
	out->exact = xmalloc(n + 3);
	out->prefix = xmalloc(n + 2);
	snprintf(out->exact, n + 3, "%%|%.*s|%%", (int)(n - 2), lp + 1);
	snprintf(out->prefix, n + 2, "%%|%s", lp + 1);
	out->anywhere = lp;
	free(whole);
	return true;
}

void matter_search_query_release(matter_query_terms_t *t)
{
	for (int i = 0; i < MATTER_SEARCH_TERMS; i++)
		free(t->terms[i]);
	free(t->exact);
	free(t->prefix);
	free(t->anywhere);
	memset(t, 0, sizeof *t);
}
