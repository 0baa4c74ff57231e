/* matter_suggest.h — "did you mean" for a search that found nothing
 * (matter.h, matter_list). Internal to domain/catalog. */
#ifndef ONESTOP_MATTER_SUGGEST_H
#define ONESTOP_MATTER_SUGGEST_H

#include <jansson.h>
#include "domain/catalog/matter_search.h"
#include "store/store.h"

#define MATTER_SUGGESTIONS 5 /* at most this many */

/* Suggestions for a parsed query, nearest first: [{"q": word}] or
 * [{"q": name, "code", "name": {zh, en}}] for a matter. Looks among the
 * active matters, whatever the filters:
 *   - each term of a query of several that alone finds something (the
 *     words together found nothing);
 *   - names (a matter), keywords and synonym words (a word) within an edit
 *     distance of max(1, length / 3) characters of the query, spaces left out
 *     of neither; a word the same as the query is not suggested (it found
 *     nothing under the filters), a matter is. */
json_t *matter_suggest(dbc_t *c, const matter_query_terms_t *t);
/* The edit distance (Levenshtein, in characters) of two UTF-8 strings of at
 * most 64 characters each; a large number for longer ones. */
int matter_edit_distance(const char *a, const char *b);

#endif
