/* form_loaded.c — the loaded fields of shared schemas, kept (see form_schema.h, form_loaded_get).
 *
 * A matter version's document is parsed once and never changed (matter_doc), so its form schema
 * need not be walked again at every submission: its loaded fields (patterns compiled) are kept in
 * a small direct-mapped table keyed by the schema's address. Each entry holds a reference to the
 * schema, so that address cannot be freed and reused for another schema while the entry lives;
 * each user holds a reference to the entry, so an entry replaced while in use is freed by its last
 * user. Only schemas the caller says are shared come here (form_opts_t.shared_schema). */
#include "domain/catalog/form_schema.h"
#include "base/mem.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

#define LOADED_SLOTS 128

struct form_loaded {
	int refs; /* the table's and each user's; under `mu` */
	json_t *schema;
	struct field *fs;
	size_t nf;
	bool ok; /* the walk accepted the schema */
};

static form_loaded_t *slots[LOADED_SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(const json_t *schema)
{
	uint64_t h = (uint64_t)(uintptr_t)schema * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 57); /* the top 7 bits: 0..127 */
}

static void unref_locked(form_loaded_t *l)
{
	if (--l->refs > 0)
		return;
	form_fields_free(l->fs, l->nf);
	json_decref(l->schema);
	free(l);
}

const form_loaded_t *form_loaded_get(const json_t *schema, struct field **fs, size_t *nf)
{
	size_t k = slot_of(schema);
	pthread_mutex_lock(&mu);
	form_loaded_t *l = slots[k];
	if (l && l->schema == schema)
		l->refs++;
	else
		l = NULL;
	pthread_mutex_unlock(&mu);
	if (!l) {
		/* loaded outside the lock; two threads may load the same schema, the second kept */
		l = xcalloc(1, sizeof *l);
		l->refs = 2; /* the table's and this user's */
		l->schema = json_incref((json_t *)schema);
		l->ok = form_schema_walk(schema, NULL, NULL, &l->fs, &l->nf);
		pthread_mutex_lock(&mu);
		if (slots[k])
			unref_locked(slots[k]);
		slots[k] = l;
		pthread_mutex_unlock(&mu);
	}
	*fs = l->fs;
	*nf = l->nf;
	return l->ok ? l : (form_loaded_put(l), NULL);
}

void form_loaded_put(const form_loaded_t *l)
{
	if (!l)
		return;
	pthread_mutex_lock(&mu);
	unref_locked((form_loaded_t *)l);
	pthread_mutex_unlock(&mu);
}
