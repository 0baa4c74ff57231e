/* defer.c — additive upserts kept until the commit (see store.h, db_add_counts).
 *
 * The writer's connection collects, per statement and key, the sums its writes add; each entry
 * keeps what the writes released so far (`kept`) apart from what the current write added
 * (`pending`), so a write refused inside a batch takes back only its own part (ROLLBACK TO),
 * a released one joins the rest (RELEASE), and a rolled-back transaction drops everything.
 * Before COMMIT every entry is written once, its statement run with the sums, in the order of
 * its text and keys: two nodes flushing the same counters lock their rows in the same order. */
#include "store/driver.h"
#include "store/store.h"
#include <stdlib.h>
#include <string.h>

#define KEYS_MAX 8
#define DELTAS_MAX 12

typedef struct entry {
	const char *sql;
	int nkeys, ndeltas;
	db_val_t keys[KEYS_MAX]; /* texts point into `texts` */
	char *texts;
	int64_t kept[DELTAS_MAX], pending[DELTAS_MAX];
	bool touched; /* in the current write's list */
	uint64_t hash;
	struct entry *chain;
} entry_t;

struct defer {
	entry_t **slots;  /* hash table, chained */
	size_t nslots, n;
	entry_t **all;    /* every entry, for the flush and the reset */
	size_t cap;
	entry_t **write;  /* the entries the current write touched */
	size_t nwrite, capwrite;
};

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static uint64_t hash_of(const char *sql, const db_val_t *k, int n)
{
	uint64_t h = mix(14695981039346656037ULL, &sql, sizeof sql);
	for (int i = 0; i < n; i++) {
		h = mix(h, &k[i].kind, sizeof k[i].kind);
		if (k[i].kind == DBV_TEXT)
			h = mix(h, k[i].text, strlen(k[i].text) + 1);
		else if (k[i].kind == DBV_INT)
			h = mix(h, &k[i].num, sizeof k[i].num);
	}
	return h;
}

static bool same_keys(const entry_t *e, const char *sql, const db_val_t *k, int n)
{
	if (e->sql != sql || e->nkeys != n)
		return false;
	for (int i = 0; i < n; i++) {
		if (e->keys[i].kind != k[i].kind)
			return false;
		if (k[i].kind == DBV_TEXT && strcmp(e->keys[i].text, k[i].text) != 0)
			return false;
		if (k[i].kind == DBV_INT && e->keys[i].num != k[i].num)
			return false;
	}
	return true;
}

static bool grow(void **arr, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return true;
	size_t n = *cap ? *cap * 2 : 64;
	while (n < need)
		n *= 2;
	void *p = realloc(*arr, n * size);
	if (!p)
		return false;
	*arr = p;
	*cap = n;
	return true;
}

static bool rehash(struct defer *d)
{
	size_t n = d->nslots ? d->nslots * 2 : 256;
	entry_t **slots = calloc(n, sizeof *slots);
	if (!slots)
		return false;
	for (size_t i = 0; i < d->n; i++) {
		entry_t *e = d->all[i];
		e->chain = slots[e->hash & (n - 1)];
		slots[e->hash & (n - 1)] = e;
	}
	free(d->slots);
	d->slots = slots;
	d->nslots = n;
	return true;
}

static entry_t *find_or_add(struct defer *d, const char *sql, const db_val_t *k, int nk, int nd)
{
	uint64_t h = hash_of(sql, k, nk);
	if (d->nslots)
		for (entry_t *e = d->slots[h & (d->nslots - 1)]; e; e = e->chain)
			if (e->hash == h && same_keys(e, sql, k, nk))
				return e->ndeltas == nd ? e : NULL;
	if ((d->n + 1) * 2 > d->nslots && !rehash(d))
		return NULL;
	if (!grow((void **)&d->all, &d->cap, d->n + 1, sizeof *d->all))
		return NULL;
	size_t len = 0;
	for (int i = 0; i < nk; i++)
		len += k[i].kind == DBV_TEXT ? strlen(k[i].text) + 1 : 0;
	entry_t *e = calloc(1, sizeof *e);
	char *texts = malloc(len ? len : 1);
	if (!e || !texts) {
		free(texts);
		free(e);
		return NULL;
	}
	e->texts = texts;
	char *p = e->texts;
	for (int i = 0; i < nk; i++) {
		e->keys[i] = k[i];
		if (k[i].kind == DBV_TEXT) {
			size_t l = strlen(k[i].text) + 1;
			memcpy(p, k[i].text, l);
			e->keys[i].text = p;
			p += l;
		}
	}
	e->sql = sql;
	e->nkeys = nk;
	e->ndeltas = nd;
	e->hash = h;
	e->chain = d->slots[h & (d->nslots - 1)];
	d->slots[h & (d->nslots - 1)] = e;
	d->all[d->n++] = e;
	return e;
}

/* Runs now what cannot wait: the keys and then the deltas as the statement's parameters. */
static int run_now(dbc_t *c, const char *sql, const db_val_t *k, int nk, const int64_t *v, int nd)
{
	db_val_t vals[KEYS_MAX + DELTAS_MAX];
	memcpy(vals, k, (size_t)nk * sizeof *k);
	for (int i = 0; i < nd; i++)
		vals[nk + i] = db_v_int(v[i]);
	return db_run_vals(c, sql, vals, nk + nd) == DB_DONE ? 0 : -1;
}

void store_defer_enable(dbc_t *c)
{
	if (!c->defer)
		c->defer = calloc(1, sizeof *c->defer);
}

int db_add_counts(dbc_t *c, bool later, const char *sql, const db_val_t *keys, int nkeys,
		  const int64_t *deltas, int ndeltas)
{
	if (nkeys < 0 || nkeys > KEYS_MAX || ndeltas < 1 || ndeltas > DELTAS_MAX)
		return -1;
	struct defer *d = c->defer;
	if (!d || !later)
		return run_now(c, sql, keys, nkeys, deltas, ndeltas);
	entry_t *e = find_or_add(d, sql, keys, nkeys, ndeltas);
	if (!e)
		return -1;
	if (!e->touched) {
		if (!grow((void **)&d->write, &d->capwrite, d->nwrite + 1, sizeof *d->write))
			return -1;
		d->write[d->nwrite++] = e;
		e->touched = true;
	}
	for (int i = 0; i < ndeltas; i++)
		e->pending[i] += deltas[i];
	return 0;
}

/* The current write's part joins the kept sums (keep) or is taken back. */
static void end_write(struct defer *d, bool keep)
{
	for (size_t i = 0; i < d->nwrite; i++) {
		entry_t *e = d->write[i];
		for (int j = 0; j < e->ndeltas; j++) {
			if (keep)
				e->kept[j] += e->pending[j];
			e->pending[j] = 0;
		}
		e->touched = false;
	}
	d->nwrite = 0;
}

static void reset(struct defer *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->all[i]->texts);
		free(d->all[i]);
	}
	d->n = 0;
	d->nwrite = 0;
	if (d->nslots)
		memset(d->slots, 0, d->nslots * sizeof *d->slots);
}

static int val_cmp(const db_val_t *a, const db_val_t *b)
{
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (a->kind == DBV_TEXT)
		return strcmp(a->text, b->text);
	return a->kind == DBV_INT ? (a->num > b->num) - (a->num < b->num) : 0;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const entry_t *a = *(entry_t *const *)pa, *b = *(entry_t *const *)pb;
	int r = strcmp(a->sql, b->sql);
	for (int i = 0; !r && i < a->nkeys && i < b->nkeys; i++)
		r = val_cmp(&a->keys[i], &b->keys[i]);
	return r ? r : a->nkeys - b->nkeys;
}

int store_defer_flush(dbc_t *c)
{
	struct defer *d = c->defer;
	if (!d || !d->n)
		return 0;
	end_write(d, true); /* a write alone has no savepoint to release */
	qsort(d->all, d->n, sizeof *d->all, entry_cmp);
	int rc = 0;
	for (size_t i = 0; i < d->n && rc == 0; i++) {
		entry_t *e = d->all[i];
		bool any = false;
		for (int j = 0; j < e->ndeltas; j++)
			any |= e->kept[j] != 0;
		if (any)
			rc = run_now(c, e->sql, e->keys, e->nkeys, e->kept, e->ndeltas);
	}
	reset(d);
	return rc;
}

void store_defer_tx(dbc_t *c, tx_op_t op)
{
	struct defer *d = c->defer;
	if (!d)
		return;
	if (op == TX_RELEASE)
		end_write(d, true);
	else if (op == TX_ROLLBACK_TO)
		end_write(d, false);
	else if (op == TX_ROLLBACK || op == TX_BEGIN || op == TX_BEGIN_EXCLUSIVE)
		reset(d);
}

void store_defer_free(dbc_t *c)
{
	struct defer *d = c->defer;
	if (!d)
		return;
	reset(d);
	free(d->slots);
	free(d->all);
	free(d->write);
	free(d);
	c->defer = NULL;
}
