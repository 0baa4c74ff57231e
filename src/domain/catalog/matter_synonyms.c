/* matter_synonyms.c — the synonym table (see matter_synonyms.h), read once
 * from the embedded data/search/synonyms.json. A file that does not read is
 * logged and leaves the table empty: search still works, literally. */
#include "domain/catalog/matter_synonyms.h"
#include "domain/core/textnorm.h"
#include "base/embedded.h"
#include "base/log.h"
#include "base/mem.h"
#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	char **words, **means;
	size_t nwords, nmeans;
} entry_t;

static entry_t *table;
static size_t entries;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static char **norm_all(const json_t *arr, size_t *n)
{
	*n = json_array_size(arr);
	char **out = xmalloc((*n ? *n : 1) * sizeof *out);
	for (size_t i = 0; i < *n; i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		out[i] = textnorm(s ? s : "");
	}
	return out;
}

static void load(void)
{
	const embedded_file_t *f = embedded_find(embedded_data, "search/synonyms.json");
	json_error_t je;
	json_t *doc = f ? json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &je) : NULL;
	json_t *arr = json_object_get(doc, "synonyms");
	if (!json_is_array(arr)) {
		log_error("search: data/search/synonyms.json does not read: %s", f ? je.text : "absent");
		json_decref(doc);
		return;
	}
	table = xmalloc((json_array_size(arr) + 1) * sizeof *table);
	size_t i;
	json_t *e;
	json_array_foreach (arr, i, e) {
		entry_t *t = &table[entries++];
		t->words = norm_all(json_object_get(e, "words"), &t->nwords);
		t->means = norm_all(json_object_get(e, "means"), &t->nmeans);
	}
	json_decref(doc);
}

static bool listed(const char **out, int n, const char *w)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(out[i], w))
			return true;
	return false;
}

static int expand(const char *term, bool phrases, const char **out, int max)
{
	pthread_once(&once, load);
	int n = 0;
	for (size_t i = 0; i < entries; i++) {
		const entry_t *t = &table[i];
		bool hit = false;
		for (size_t k = 0; k < t->nwords && !hit; k++)
			hit = t->words[k][0] && (!phrases || strchr(t->words[k], ' ')) &&
			      strstr(term, t->words[k]) != NULL;
		for (size_t k = 0; hit && k < t->nmeans && n < max; k++)
			if (t->means[k][0] && strcmp(t->means[k], term) && !listed(out, n, t->means[k]))
				out[n++] = t->means[k];
	}
	return n;
}

int matter_synonyms_expand(const char *term, const char **out, int max)
{
	return expand(term, false, out, max);
}

int matter_synonyms_phrase(const char *query, const char **out, int max)
{
	return expand(query, true, out, max);
}

void matter_synonyms_each(void (*fn)(const char *word, void *ctx), void *ctx)
{
	pthread_once(&once, load);
	for (size_t i = 0; i < entries; i++)
		for (size_t k = 0; k < table[i].nwords; k++)
			fn(table[i].words[k], ctx);
}
