/* audit.c — the hash chain of the audit log (see audit.h): what an entry's
 * hash covers, appending, and verifying. The statements are in
 * audit_store.c, the JSON view in audit_read.c. */
#include "domain/core/audit.h"
#include "domain/core/audit_store.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/keystore.h"
#include "base/log.h"
#include "base/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The canonical text that the hash covers: every field but the hashes.
 * NULL when a field is not valid text. */
static char *canonical(const audit_entry_t *e)
{
	json_t *o = json_pack("{sI sI ss ss ss ss ss ss ss sI sI ss}", "seq", (json_int_t)e->seq, "at",
			      (json_int_t)e->at, "request_id", e->request_id, "actor", e->actor_id, "role",
			      e->actor_role, "dept", e->actor_dept, "action", e->action, "entity", e->entity,
			      "entity_id", e->entity_id, "version_before", (json_int_t)e->version_before,
			      "version_after", (json_int_t)e->version_after, "detail", e->detail);
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

/* An opaque id or digest (32 or 64 lowercase hex): random, never personal
 * data, and left as it is so that the entry names the thing it is about. */
static bool opaque_hex(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");
	return s[n] == '\0' && (n == 32 || n == 64);
}

/* A copy of detail whose strings have their ID numbers and phones masked
 * (base/log.h mask_pii): the audit trail is kept for years and read by
 * auditors, so it records who did what to whom without the numbers in the
 * clear (a username or a file name may be one). */
static json_t *masked(const json_t *v)
{
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (opaque_hex(s))
			return json_incref((json_t *)v);
		size_t n = strlen(s) + 1;
		char *m = xmalloc(n);
		mask_pii(s, m, n);
		json_t *r = json_string(m);
		free(m);
		return r ? r : json_incref((json_t *)v);
	}
	if (json_is_object(v)) {
		json_t *o = json_object();
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x) json_object_set_new(o, k, masked(x));
		return o;
	}
	if (json_is_array(v)) {
		json_t *arr = json_array();
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) json_array_append_new(arr, masked(x));
		return arr;
	}
	return json_incref((json_t *)v);
}

int audit_append(dbc_t *c, const actor_t *a, const char *action, const char *entity, const char *entity_id,
		 int64_t version_before, int64_t version_after, json_t *detail)
{
	char prev[HASH_HEX_LEN] = AUDIT_GENESIS, h[HASH_HEX_LEN];
	int64_t seq = 0;
	char *det = NULL, *canon = NULL;
	if (audit_store_take_head(c, &seq, prev, sizeof prev) != 0)
		return -1;
	int rc = -1;
	json_t *m = detail ? masked(detail) : NULL;
	det = m ? json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS) : xstrdup("{}");
	json_decref(m);
	if (!det)
		goto out;
	audit_entry_t e = {
	    .seq = seq,
	    .at = clock_now_ms(),
	    .request_id = a->request_id[0] ? a->request_id : "-",
	    .actor_id = a->id[0] ? a->id : "anonymous",
	    .actor_role = actor_primary_role(a),
	    .actor_dept = a->department,
	    .action = action,
	    .entity = entity,
	    .entity_id = entity_id,
	    .version_before = version_before,
	    .version_after = version_after,
	    .detail = det,
	    .prev_hash = prev,
	    .hash = h,
	};
	canon = canonical(&e);
	if (!canon)
		goto out;
	if (!keystore_loaded()) {
		log_error("audit: no key file is loaded; nothing is written without its audit entry");
		goto out;
	}
	unsigned char key[KEY_BYTES];
	keystore_derive(KEY_AUDIT_MAC, key);
	hash2_hex(key, prev, canon, strlen(canon), h);
	sodium_memzero(key, sizeof key);
	rc = audit_store_insert(c, &e) == 0 && audit_store_set_head(c, h) == 0 ? 0 : -1;
out:
	free(canon);
	free(det);
	return rc;
}

struct verify_ctx {
	char prev[HASH_HEX_LEN];
	int64_t expect_seq, n, bad;
	int64_t keyed_from;            /* entries before it were written unkeyed (0010_audit_key.sql) */
	unsigned char key[KEY_BYTES];
	char *why;
	size_t whylen;
};

/* Returns 0 to go on, 1 at the first entry that does not fit. */
static int verify_entry(const audit_entry_t *e, void *arg)
{
	struct verify_ctx *x = arg;
	if (e->seq != x->expect_seq) {
		snprintf(x->why, x->whylen, "entry %lld is missing (next is %lld)", (long long)x->expect_seq,
			 (long long)e->seq);
		x->bad = x->expect_seq;
		return 1;
	}
	if (!e->prev_hash || strcmp(e->prev_hash, x->prev) != 0) {
		snprintf(x->why, x->whylen, "entry %lld does not link to the previous entry",
			 (long long)e->seq);
		x->bad = e->seq;
		return 1;
	}
	char *canon = canonical(e);
	if (!canon) {
		snprintf(x->why, x->whylen, "entry %lld is not well-formed text", (long long)e->seq);
		x->bad = e->seq;
		return 1;
	}
	char h[HASH_HEX_LEN];
	hash2_hex(e->seq >= x->keyed_from ? x->key : NULL, x->prev, canon, strlen(canon), h);
	free(canon);
	if (!e->hash || strcmp(h, e->hash) != 0) {
		snprintf(x->why, x->whylen, "entry %lld was altered: its hash does not match its content",
			 (long long)e->seq);
		x->bad = e->seq;
		return 1;
	}
	memcpy(x->prev, h, sizeof x->prev);
	x->expect_seq++;
	x->n++;
	return 0;
}

int64_t audit_verify(dbc_t *c, int64_t *count, char *why, size_t whylen)
{
	struct verify_ctx x = {.prev = AUDIT_GENESIS, .expect_seq = 1, .why = why, .whylen = whylen};
	int64_t head = 0;
	if (audit_store_head(c, &head, &x.keyed_from) != 0)
		return -1;
	if (!keystore_loaded()) {
		snprintf(why, whylen,
			 "no key file is loaded: the chain is keyed and cannot be checked without it");
		return -1;
	}
	keystore_derive(KEY_AUDIT_MAC, x.key);
	int rc = audit_store_each(c, verify_entry, &x);
	sodium_memzero(x.key, sizeof x.key);
	if (rc < 0)
		return -1;
	*count = x.n;
	if (x.bad == 0 && head != x.n) {
		/* the log does not end where its head says: its tail was cut off, or entries were added
		 * behind the head */
		x.bad = (head < x.n ? head : x.n) + 1;
		snprintf(why, whylen,
			 "entry %lld is missing or was added behind the chain head (the log ends at %lld, "
			 "the head is at %lld)",
			 (long long)x.bad, (long long)x.n, (long long)head);
	}
	return x.bad;
}
