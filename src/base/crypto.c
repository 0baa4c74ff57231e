/* crypto.c — see crypto.h. Parameters follow OWASP's argon2id minimum
 * (m = 19456 KiB, t = 2, p = 1); libsodium's argon2id is single-lane. */
#include <time.h>
#include "base/crypto.h"
#include <sodium.h>
#include <stdint.h>
#include <string.h>

#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19456u * 1024u)

int crypto_setup(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

void rand_digits(char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[n] = '\0';
}

void rand_hex(char *out, size_t nbytes)
{
	unsigned char buf[64];
	if (nbytes > sizeof buf)
		nbytes = sizeof buf;
	randombytes_buf(buf, nbytes);
	sodium_bin2hex(out, nbytes * 2 + 1, buf, nbytes);
	sodium_memzero(buf, sizeof buf);
}

void id_new(char out[ID_HEX_LEN])
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
	unsigned char buf[16];
	for (int i = 5; i >= 0; i--, ms >>= 8)
		buf[i] = (unsigned char)(ms & 0xff);
	randombytes_buf(buf + 6, 10);
	sodium_bin2hex(out, ID_HEX_LEN, buf, sizeof buf);
}

void hash_hex(const void *data, size_t len, char out[HASH_HEX_LEN])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, data, len, NULL, 0);
	sodium_bin2hex(out, HASH_HEX_LEN, h, sizeof h);
}

void hash2_hex(const unsigned char *key, const char *a, const void *b, size_t blen, char out[HASH_HEX_LEN])
{
	crypto_generichash_state st;
	unsigned char h[32];
	crypto_generichash_init(&st, key, key ? 32 : 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)a, strlen(a));
	crypto_generichash_update(&st, b, blen);
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, HASH_HEX_LEN, h, sizeof h);
}

int pw_hash(const char *password, char out[PW_HASH_LEN])
{
	return crypto_pwhash_str_alg(out, password, strlen(password), PW_OPSLIMIT, PW_MEMLIMIT,
				     crypto_pwhash_ALG_ARGON2ID13);
}

bool pw_verify(const char *stored, const char *password)
{
	return crypto_pwhash_str_verify(stored, password, strlen(password)) == 0;
}

bool str_eq_ct(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return sodium_memcmp(a, b, la) == 0;
}

void request_id_new(char out[25])
{
	static __thread uint64_t s0, s1;
	if (!s0 && !s1) {
		randombytes_buf(&s0, sizeof s0);
		randombytes_buf(&s1, sizeof s1);
		s0 |= 1;
	}
	unsigned char b[12];
	for (int i = 0; i < 12; i += 8) {
		/* xorshift128+ */
		uint64_t x = s0, y = s1;
		s0 = y;
		x ^= x << 23;
		s1 = x ^ y ^ (x >> 17) ^ (y >> 26);
		uint64_t v = s1 + y;
		memcpy(b + i, &v, i + 8 <= 12 ? 8 : 4);
	}
	sodium_bin2hex(out, 25, b, sizeof b);
}
