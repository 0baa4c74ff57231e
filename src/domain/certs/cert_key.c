/* cert_key.c — see cert_key.h. */
#include "domain/certs/cert_key.h"
#include "domain/certs/cert_store.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/keystore.h"
#include "base/mem.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BOX_PREFIX "c1:"
#define B64URL sodium_base64_VARIANT_URLSAFE_NO_PADDING

sign_alg_t cert_key_alg_of(const char *department)
{
	/* 市场监管 follows the national e-licence practice (GB/T 38540 seals, SM2). */
	return strcmp(department, "amr") == 0 ? SIGN_SM2 : SIGN_ED25519;
}

char *cert_b64url(const unsigned char *bin, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len, B64URL);
	char *out = xmalloc(n);
	sodium_bin2base64(out, n, bin, len, B64URL);
	return out;
}

int cert_b64url_decode(const char *text, unsigned char *out, size_t cap)
{
	size_t n = 0;
	if (!text || sodium_base642bin(out, cap, text, strlen(text), NULL, &n, NULL, B64URL) != 0)
		return -1;
	return (int)n;
}

/* The sealed text of a private key; NULL without a key file. */
static char *box_private(const sign_key_t *k)
{
	if (!keystore_loaded())
		return NULL;
	unsigned char key[KEY_BYTES];
	unsigned char bin[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SIGN_PRIV_MAX];
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + k->priv_len;
	randombytes_buf(bin, crypto_secretbox_NONCEBYTES);
	keystore_derive(KEY_CERT_SIGN, key);
	crypto_secretbox_easy(bin + crypto_secretbox_NONCEBYTES, k->priv, k->priv_len, bin, key);
	sodium_memzero(key, sizeof key);
	size_t tlen = sizeof BOX_PREFIX - 1 + sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(tlen);
	memcpy(out, BOX_PREFIX, sizeof BOX_PREFIX - 1);
	sodium_bin2base64(out + sizeof BOX_PREFIX - 1, tlen - (sizeof BOX_PREFIX - 1), bin, blen,
			  sodium_base64_VARIANT_ORIGINAL);
	return out;
}

/* Opens a sealed private key into k->priv; -1 when it does not open. */
static int open_private(const char *box, sign_key_t *k)
{
	if (!keystore_loaded() || !box || strncmp(box, BOX_PREFIX, sizeof BOX_PREFIX - 1) != 0)
		return -1;
	unsigned char bin[crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + SIGN_PRIV_MAX];
	size_t blen = 0;
	const char *b64 = box + sizeof BOX_PREFIX - 1;
	if (sodium_base642bin(bin, sizeof bin, b64, strlen(b64), NULL, &blen, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    blen <= crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return -1;
	unsigned char key[KEY_BYTES];
	keystore_derive(KEY_CERT_SIGN, key);
	size_t plen = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	int rc = crypto_secretbox_open_easy(k->priv, bin + crypto_secretbox_NONCEBYTES,
					    blen - crypto_secretbox_NONCEBYTES, bin, key);
	sodium_memzero(key, sizeof key);
	sodium_memzero(bin, sizeof bin);
	if (rc != 0)
		return -1;
	k->priv_len = plen;
	return 0;
}

/* Makes, seals and stores a new key of the department. */
static int key_create(dbc_t *c, const char *department, int64_t now, char id[CERT_KEY_ID_LEN])
{
	sign_key_t k;
	if (sign_keygen(cert_key_alg_of(department), &k) != 0)
		return -1;
	char *box = box_private(&k);
	char *pub = cert_b64url(k.pub, k.pub_len);
	sign_key_wipe(&k);
	if (!box) {
		free(pub);
		return -1;
	}
	char day[DATE_STR_LEN], rnd[9];
	date_format(date_from_ms(now), day);
	rand_hex(rnd, 4);
	snprintf(id, CERT_KEY_ID_LEN, "%s-%.4s%.2s%.2s-%s", department, day, day + 5, day + 8, rnd);
	cert_key_row_t row = {id,
			      department,
			      sign_alg_name(cert_key_alg_of(department)),
			      pub,
			      box,
			      now,
			      now + CERT_KEY_VALID_MS,
			      0};
	int rc = cert_store_key_insert(c, &row, now);
	free(box);
	free(pub);
	return rc;
}

struct signing {
	sign_key_t *key;
	char *id;
	int rc;
};

static void take_signing(const cert_key_row_t *k, void *ctx)
{
	struct signing *s = ctx;
	sign_alg_t alg;
	unsigned char pub[SIGN_PUB_MAX];
	int n = cert_b64url_decode(k->public_key, pub, sizeof pub);
	if (!sign_alg_parse(k->algorithm, &alg) || n < 0 ||
	    sign_key_public(alg, pub, (size_t)n, s->key) != 0 || open_private(k->private_box, s->key) != 0) {
		sign_key_wipe(s->key);
		return;
	}
	snprintf(s->id, CERT_KEY_ID_LEN, "%s", k->id);
	s->rc = 0;
}

int cert_key_signing(dbc_t *c, const char *department, int64_t now, sign_key_t *key,
		     char key_id[CERT_KEY_ID_LEN])
{
	struct signing s = {key, key_id, -1};
	if (cert_store_key_current(c, department, now, take_signing, &s))
		return s.rc;
	char id[CERT_KEY_ID_LEN];
	if (key_create(c, department, now, id) != 0)
		return -1;
	return cert_store_key_current(c, department, now, take_signing, &s) ? s.rc : -1;
}

int cert_key_rotate(dbc_t *c, const char *department, int64_t now, char new_id[CERT_KEY_ID_LEN])
{
	if (cert_store_key_retire_all(c, department, now) < 0)
		return -1;
	return key_create(c, department, now, new_id);
}

static void add_key(const cert_key_row_t *k, void *ctx)
{
	json_t *o = json_pack("{ss ss ss ss ss sI sI}", "id", k->id, "purpose", "certificates", "department",
			      k->department, "algorithm", k->algorithm, "public_key", k->public_key,
			      "not_before", (json_int_t)k->not_before, "not_after", (json_int_t)k->not_after);
	json_object_set_new(o, "retired_at", k->retired_at ? json_integer(k->retired_at) : json_null());
	json_array_append_new(ctx, o);
}

json_t *cert_keys_json(dbc_t *c)
{
	json_t *keys = json_array();
	cert_store_key_each(c, add_key, keys);
	return json_pack("{so}", "keys", keys);
}
