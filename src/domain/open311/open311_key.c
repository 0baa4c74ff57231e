/* open311_key.c — the API keys of the Open311 façade: issued by the system
 * administrator to one application each, shown once, revocable. Only a keyed
 * hash is stored (BLAKE2b under keystore use 8), as sessions keep only a hash
 * of their token: a copy of the database lets no one file as an application. */
#include "domain/open311/open311.h"
#include "domain/open311/open311_store.h"
#include "domain/open311/open311_rules.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/keystore.h"
#include "base/textcheck.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void key_hash(const char *key, char out[HASH_HEX_LEN])
{
	unsigned char k[KEY_BYTES];
	keystore_derive(KEY_OPEN311, k);
	hash2_hex(k, "open311-key:", key, strlen(key), out);
	sodium_memzero(k, sizeof k);
}

struct issue_ctx {
	const actor_t *by;
	const char *name, *hash;
	char id[ENTITY_ID_LEN];
	int64_t now;
};

static int issue_write(dbc_t *c, void *arg)
{
	struct issue_ctx *x = arg;
	id_new(x->id);
	x->now = clock_now_ms();
	if (open311_store_key_insert(c, x->id, x->name, x->hash, x->by->id, x->now) != 0)
		return -1;
	json_t *d = json_pack("{ss}", "name", x->name);
	int rc = audit_append(c, x->by, "open311.key.issue", "open311_key", x->id, 0, 1, d);
	json_decref(d);
	return rc;
}

errcode_t open311_key_issue(store_t *st, const actor_t *by, const char *name, errs_t *e,
			    char key_out[OPEN311_KEY_LEN], json_t **out)
{
	size_t n = name ? open311_chars(name) : 0;
	if (!name || n == 0 || n > 100 || text_has_invisible(name))
		errs_add(e, "name", name ? "length" : "required", "请写明应用名称（1 至 100 个字符）",
			 "name the application (1 to 100 characters)");
	if (errs_any(e))
		return E_VALIDATION;
	char hex[65], hash[HASH_HEX_LEN];
	rand_hex(hex, 32);
	snprintf(key_out, OPEN311_KEY_LEN, "o311_%s", hex);
	key_hash(key_out, hash);
	struct issue_ctx x = {by, name, hash, "", 0};
	int rc = store_write(st, issue_write, &x);
	if (rc != 0)
		return rc < 0 ? E_INTERNAL : (errcode_t)rc;
	*out = json_pack("{ss ss sI}", "id", x.id, "name", name, "created_at", (json_int_t)x.now);
	return E_OK;
}

struct revoke_ctx {
	const actor_t *by;
	const char *id;
};

static int revoke_write(dbc_t *c, void *arg)
{
	struct revoke_ctx *x = arg;
	int rc = open311_store_key_revoke(c, x->id, x->by->id, clock_now_ms());
	if (rc == -2)
		return E_NOT_FOUND;
	if (rc <= 0)
		return rc;
	return audit_append(c, x->by, "open311.key.revoke", "open311_key", x->id, 1, 2, NULL);
}

errcode_t open311_key_revoke(store_t *st, const actor_t *by, const char *id)
{
	if (strlen(id) >= ENTITY_ID_LEN)
		return E_NOT_FOUND;
	struct revoke_ctx x = {by, id};
	int rc = store_write(st, revoke_write, &x);
	return rc < 0 ? E_INTERNAL : (errcode_t)rc;
}

bool open311_key_check(dbc_t *c, const char *key, char id_out[ENTITY_ID_LEN])
{
	if (!key || strlen(key) >= OPEN311_KEY_LEN)
		return false;
	char hash[HASH_HEX_LEN];
	key_hash(key, hash);
	return open311_store_key_live(c, hash, id_out);
}
