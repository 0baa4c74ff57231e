/* matter_search.h — how matters are found by text (see matter.h): the
 * normalised search text stored with each matter, a query `q` parsed into
 * terms (each with the words it stands for, from the synonyms), and the rank
 * of a matter for a query. Internal to domain/catalog.
 *
 * Everything is normalised by textnorm (繁體 to 简体, full-width to
 * half-width, lower case), so 繁體 queries find 简体 text and matching never
 * depends on an engine's case folding.
 *
 * Ranking: a term is looked for in the matter's fields in this order, and
 * the first field that holds it is its tier —
 *   0 the whole name, 1 the start of a name, 2 inside a name,
 *   3 a keyword (Chinese or English), 4 the guide (department, type,
 *   description, 受理条件), 5 a material's name.
 * A term found only through a word it stands for (开饭店 → 餐饮) counts half a
 * tier lower than the term itself in the same field. Latin words match at
 * the start of a word only ("id" finds "identity", not "resident"). A
 * matter's rank is 100 × its weakest term's value plus the sum of every
 * term's value (lower first; ties by code), so a matter named for the words
 * comes before one that merely needs them as a material. */
#ifndef ONESTOP_MATTER_SEARCH_H
#define ONESTOP_MATTER_SEARCH_H

#include <jansson.h>
#include "base/errs.h"

#define MATTER_SEARCH_TERMS 4 /* every term must match; more are refused, never dropped */
#define MATTER_SEARCH_WORDS 8 /* a term and up to 7 words it stands for */
#define MATTER_SEARCH_REV 2   /* the rules of matter_search_build: older rows are rebuilt at start */
#define MATTER_RANK_MAX 1199  /* no rank is larger (a cursor's rank is checked against it) */

/* The stored search text of one matter document. Owned strings. */
typedef struct {
	char *name;	  /* "|zh|en|" */
	char *keys;	  /* "|k1|k2|": keywords, then English keywords */
	char *guide;	  /* department names, type labels, description, conditions, '|'-separated */
	char *materials;  /* material names, '|'-separated */
	char *text;	  /* all of the above */
	char *applicants; /* "|person|enterprise|" or one of them */
} matter_search_t;

/* Builds the search text of a checked document; dept_zh/dept_en are the
 * names of its department (NULL when unknown). */
void matter_search_build(const json_t *doc, const char *dept_zh, const char *dept_en, matter_search_t *out);
void matter_search_release(matter_search_t *s);

/* One term of a query: word[0] the term as typed (normalised), the others
 * the words it stands for. */
typedef struct {
	char *word[MATTER_SEARCH_WORDS];
	int n;
} matter_term_t;

typedef struct {
	matter_term_t terms[MATTER_SEARCH_TERMS];
	int nterms;
	char *whole; /* the terms joined by one space */
} matter_query_terms_t;

/* Parses q. False (with the error in errs, field "q") when blank once
 * normalised or when it has more than MATTER_SEARCH_TERMS words. */
bool matter_search_parse(const char *q, matter_query_terms_t *out, errs_t *errs);
void matter_search_query_release(matter_query_terms_t *t);

/* A matter's stored search fields. */
typedef struct {
	const char *name, *keys, *guide, *materials;
} matter_fields_t;

/* The tier (0–5 above) of one normalised word in a matter's fields; -1 when absent. */
int matter_search_tier(const char *word, const matter_fields_t *f);
/* The rank of a matter for a query (0 … MATTER_RANK_MAX, lower first); -1 when a term matches nothing. */
int matter_search_rank(const matter_query_terms_t *q, const matter_fields_t *f);

#endif
