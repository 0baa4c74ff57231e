/* seal.c — see seal.h. The subkeys are derived on each call (a BLAKE2b of
 * the master key, well under a microsecond): nothing but the keystore holds
 * key material, and a key set anew (unit tests) takes effect at once. */
#include "base/seal.h"
#include "base/keystore.h"
#include "base/mem.h"
#include <ctype.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX_LEN (sizeof SEAL_PREFIX - 1)
#define B64 sodium_base64_VARIANT_ORIGINAL

bool seal_is_sealed(const char *stored) { return stored && strncmp(stored, SEAL_PREFIX, PREFIX_LEN) == 0; }

char *seal_n(const char *plain, size_t len)
{
	if (!keystore_loaded() || len > SIZE_MAX / 2)
		return NULL;
	unsigned char key[KEY_BYTES];
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + len;
	unsigned char *bin = xmalloc(blen);
	randombytes_buf(bin, crypto_secretbox_NONCEBYTES);
	keystore_derive(KEY_PII_SEAL, key);
	crypto_secretbox_easy(bin + crypto_secretbox_NONCEBYTES, (const unsigned char *)plain, len, bin, key);
	sodium_memzero(key, sizeof key);
	size_t tlen = PREFIX_LEN + sodium_base64_ENCODED_LEN(blen, B64);
	char *out = xmalloc(tlen);
	memcpy(out, SEAL_PREFIX, PREFIX_LEN);
	sodium_bin2base64(out + PREFIX_LEN, tlen - PREFIX_LEN, bin, blen, B64);
	free(bin);
	return out;
}

char *seal(const char *plain) { return plain ? seal_n(plain, strlen(plain)) : NULL; }

char *seal_open(const char *stored)
{
	if (!stored)
		return NULL;
	if (!seal_is_sealed(stored))
		return xstrdup(stored);
	if (!keystore_loaded())
		return NULL;
	const char *b64 = stored + PREFIX_LEN;
	size_t b64len = strlen(b64), blen = 0;
	size_t cap = b64len / 4 * 3 + 3;
	unsigned char *bin = xmalloc(cap);
	char *out = NULL;
	if (sodium_base642bin(bin, cap, b64, b64len, NULL, &blen, NULL, B64) != 0 ||
	    blen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		goto out;
	size_t clen = blen - crypto_secretbox_NONCEBYTES, plen = clen - crypto_secretbox_MACBYTES;
	out = xmalloc(plen + 1);
	unsigned char key[KEY_BYTES];
	keystore_derive(KEY_PII_SEAL, key);
	int rc = crypto_secretbox_open_easy((unsigned char *)out, bin + crypto_secretbox_NONCEBYTES, clen,
					    bin, key);
	sodium_memzero(key, sizeof key);
	if (rc != 0) {
		free(out);
		out = NULL;
		goto out;
	}
	out[plen] = '\0';
out:
	free(bin);
	return out;
}

bool seal_index(seal_index_kind_t kind, const char *value, char out[SEAL_INDEX_LEN])
{
	out[0] = '\0';
	if (!value || !keystore_loaded())
		return false;
	/* the normal form, with the kind in front so that equal digits of two kinds index apart */
	char norm[72];
	size_t n = 0;
	norm[n++] = (char)('0' + kind);
	norm[n++] = ':';
	for (const char *p = value; *p && n < sizeof norm; p++) {
		unsigned char ch = (unsigned char)*p;
		if (kind == SEAL_INDEX_PHONE ? isdigit(ch) : !isspace(ch))
			norm[n++] = (char)toupper(ch);
	}
	if (n == 2 || n == sizeof norm)
		return false;
	unsigned char key[KEY_BYTES], h[32];
	keystore_derive(KEY_PII_INDEX, key);
	crypto_generichash(h, sizeof h, (const unsigned char *)norm, n, key, sizeof key);
	sodium_memzero(key, sizeof key);
	sodium_memzero(norm, sizeof norm);
	sodium_bin2hex(out, SEAL_INDEX_LEN, h, sizeof h);
	return true;
}
