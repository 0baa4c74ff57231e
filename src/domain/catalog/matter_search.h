/* matter_search.h — how matters are found by text (see matter.h): the
 * normalised search text stored with each matter, and a query `q` turned
 * into the LIKE patterns the store matches and ranks with. Internal to
 * domain/catalog.
 *
 * Everything is normalised by textnorm (繁體 to 简体, full-width to
 * half-width, lower case), so 繁體 queries find 简体 text and matching never
 * depends on an engine's case folding. */
#ifndef ONESTOP_MATTER_SEARCH_H
#define ONESTOP_MATTER_SEARCH_H

#include <jansson.h>
#include "base/errs.h"

#define MATTER_SEARCH_TERMS 4 /* every term must match; more are refused, never dropped */

/* The stored search text of one matter document. Owned strings. */
typedef struct {
	char *name; /* "|zh|en|" */
	char *keys; /* "|k1|k2|" */
	char *text; /* names, department, type label, keywords, material names, '|'-separated */
} matter_search_t;

/* Builds the search text of a checked document; dept_zh/dept_en are the
 * names of its department (NULL when unknown). */
void matter_search_build(const json_t *doc, const char *dept_zh, const char *dept_en, matter_search_t *out);
void matter_search_release(matter_search_t *s);

/* A parsed query: each term as %term% with % _ and \ escaped, and the whole
 * query as patterns for the ranks (exact name, name prefix, anywhere). */
typedef struct {
	char *terms[MATTER_SEARCH_TERMS];
	int nterms;
	char *exact, *prefix, *anywhere;
} matter_query_terms_t;

/* Parses q. False (with the error in errs, field "q") when blank once
 * normalised or when it has more than MATTER_SEARCH_TERMS words. */
bool matter_search_parse(const char *q, matter_query_terms_t *out, errs_t *errs);
void matter_search_query_release(matter_query_terms_t *t);

#endif
