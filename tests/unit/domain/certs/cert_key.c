/* cert_key.c — unit tests of the departments' signing keys on a real
 * (temporary SQLite) database. The rules: a department gets a key of its
 * algorithm on first use (市场监管 SM2-SM3, others Ed25519) whose opened
 * private half signs what the published half verifies; the private half
 * appears nowhere in the database files — not as raw bytes, hex or Base64 —
 * and a different key file cannot open it; a rotation retires the key in
 * service and the next signature uses a new one, while the old stays
 * published with its retirement time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "unit/tempstore.h"
#include "base/sign.h"
#include "domain/certs/cert_key.h"
#include "domain/core/geo.h"

static const int64_t NOW = 1795000000000LL; /* 2026-11-18 */

struct keys {
	sign_key_t amr, psb, amr2;
	char amr_id[CERT_KEY_ID_LEN], psb_id[CERT_KEY_ID_LEN], amr2_id[CERT_KEY_ID_LEN];
	int rc;
};

static int seed(dbc_t *c, void *p)
{
	(void)p;
	geo_region_t r = {"310000", "上海市", "Shanghai", NULL, "province"};
	geo_department_t a = {"amr", "市场监管局", "AMR", "310000", "agency", "", "", ""};
	geo_department_t b = {"psb", "公安局", "PSB", "310000", "agency", "", "", ""};
	return geo_region_add(c, &r) < 0 || geo_department_add(c, &a) < 0 || geo_department_add(c, &b) < 0;
}

static int first_keys(dbc_t *c, void *p)
{
	struct keys *k = p;
	k->rc = cert_key_signing(c, "amr", NOW, &k->amr, k->amr_id) |
		cert_key_signing(c, "psb", NOW, &k->psb, k->psb_id);
	return 0;
}

static int rotate_amr(dbc_t *c, void *p)
{
	struct keys *k = p;
	char id[CERT_KEY_ID_LEN];
	k->rc = cert_key_rotate(c, "amr", NOW + 1000, id) |
		cert_key_signing(c, "amr", NOW + 2000, &k->amr2, k->amr2_id);
	return 0;
}

static int sign_with_other_keyfile(dbc_t *c, void *p)
{
	struct keys *k = p;
	sign_key_t x;
	char id[CERT_KEY_ID_LEN];
	k->rc = cert_key_signing(c, "psb", NOW + 3000, &x, id);
	return 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
	*n = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *b = malloc(64 << 20);
	*n = fread(b, 1, 64 << 20, f);
	fclose(f);
	return b;
}

static void assert_absent(const char *dir, const void *needle, size_t len)
{
	static const char *const files[] = {"t.db", "t.db-wal", "t.db-journal"};
	for (size_t i = 0; i < 3; i++) {
		char p[128];
		snprintf(p, sizeof p, "%s/%s", dir, files[i]);
		size_t n;
		unsigned char *b = slurp(p, &n);
		if (b)
			assert_null(memmem(b, n, needle, len));
		free(b);
	}
}

/* Every spelling of a private key a careless write could leave. */
static void assert_private_absent(const char *dir, const sign_key_t *k)
{
	char hex[2 * SIGN_PRIV_MAX + 1], b64[64], b64u[64];
	assert_absent(dir, k->priv, k->priv_len);
	sodium_bin2hex(hex, sizeof hex, k->priv, k->priv_len);
	assert_absent(dir, hex, strlen(hex));
	for (char *h = hex; *h; h++)
		if (*h >= 'a')
			*h = (char)(*h - 'a' + 'A');
	assert_absent(dir, hex, strlen(hex));
	sodium_bin2base64(b64, sizeof b64, k->priv, k->priv_len, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	assert_absent(dir, b64, 20);
	sodium_bin2base64(b64u, sizeof b64u, k->priv, k->priv_len, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	assert_absent(dir, b64u, 20);
}

static const json_t *published(const json_t *keys, const char *id)
{
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(keys, "keys"), i,
			   k) if (!strcmp(json_string_value(json_object_get(k, "id")), id)) return k;
	return NULL;
}

static void assert_signs_for_published(const json_t *keys, const char *id, const sign_key_t *k)
{
	const json_t *p = published(keys, id);
	assert_non_null(p);
	unsigned char pub[SIGN_PUB_MAX];
	int n = cert_b64url_decode(json_string_value(json_object_get(p, "public_key")), pub, sizeof pub);
	sign_key_t v;
	sign_alg_t alg;
	assert_true(sign_alg_parse(json_string_value(json_object_get(p, "algorithm")), &alg));
	assert_int_equal(sign_key_public(alg, pub, (size_t)n, &v), 0);
	unsigned char sig[SIGN_SIG_MAX];
	size_t sn;
	assert_int_equal(sign_sign(k, "x", 1, sig, &sn), 0);
	assert_true(sign_verify(&v, "x", 1, sig, sn));
}

static void test_keys(void **state)
{
	(void)state;
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st = tempstore_open("certkey", dir);
	assert_non_null(st);
	struct keys k = {0};
	assert_int_equal(store_write(st, seed, NULL), 0);
	assert_int_equal(store_write(st, first_keys, &k), 0);
	assert_int_equal(k.rc, 0);
	assert_int_equal(k.amr.alg, SIGN_SM2);
	assert_int_equal(k.psb.alg, SIGN_ED25519);
	assert_int_equal(k.amr.priv_len, 32);
	json_t *keys = cert_keys_json(store_reader(st));
	assert_signs_for_published(keys, k.amr_id, &k.amr);
	assert_signs_for_published(keys, k.psb_id, &k.psb);
	assert_true(json_is_null(json_object_get(published(keys, k.amr_id), "retired_at")));
	json_decref(keys);

	assert_int_equal(store_write(st, rotate_amr, &k), 0);
	assert_int_equal(k.rc, 0);
	assert_string_not_equal(k.amr2_id, k.amr_id);
	assert_memory_not_equal(k.amr2.priv, k.amr.priv, 32);
	keys = cert_keys_json(store_reader(st));
	assert_int_equal(json_integer_value(json_object_get(published(keys, k.amr_id), "retired_at")),
			 NOW + 1000);
	assert_signs_for_published(keys, k.amr2_id, &k.amr2);
	json_decref(keys);

	/* another key file: the stored private halves do not open */
	static const unsigned char other[KEY_BYTES] = "certificate tests: another key.";
	keystore_set(other);
	assert_int_equal(store_write(st, sign_with_other_keyfile, &k), 0);
	assert_int_equal(k.rc, -1);

	store_close(st);
	assert_private_absent(dir, &k.amr);
	assert_private_absent(dir, &k.psb);
	assert_private_absent(dir, &k.amr2);
	tempstore_close(NULL, dir);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
