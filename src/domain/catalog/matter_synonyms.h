/* matter_synonyms.h — the words people type for what the catalogue calls
 * otherwise (开饭店 → 餐饮, 身分證 → 身份证, license → licence), from
 * data/search/synonyms.json (docs/catalog-data.md), compiled into the binary
 * and read once. Internal to domain/catalog: matter_search expands each query
 * term with them, matter_suggest offers them as "did you mean".
 *
 * An entry {"words": [...], "means": [...]} applies to a term that CONTAINS
 * one of its words (so 我想开饭店 is understood too); both sides are
 * normalised by textnorm when read. */
#ifndef ONESTOP_MATTER_SYNONYMS_H
#define ONESTOP_MATTER_SYNONYMS_H

/* Puts into out (up to max, no repeats, never `term` itself) the words that
 * `term` (normalised) stands for; returns how many. The strings belong to
 * the table and live as long as the process. */
int matter_synonyms_expand(const char *term, const char **out, int max);
/* The same for the words of several-word entries ("start a company") that
 * the whole query contains: the query then counts as one term. */
int matter_synonyms_phrase(const char *query, const char **out, int max);
/* Calls fn with every word of every entry (normalised), for suggestions. */
void matter_synonyms_each(void (*fn)(const char *word, void *ctx), void *ctx);

#endif
