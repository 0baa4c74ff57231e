/* totp.c — RFC 6238 codes and RFC 4648 base32 (see totp.h). */
#include "base/totp.h"
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <string.h>

static const char B32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int64_t totp_step(int64_t now_ms)
{
	/* floor division: a time before the epoch is not a case we serve, but it must not wrap */
	int64_t s = now_ms / TOTP_STEP_MS;
	return (now_ms % TOTP_STEP_MS < 0) ? s - 1 : s;
}

long totp_code(const unsigned char *key, size_t keylen, int64_t step, int digits)
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0;
	uint64_t c = (uint64_t)step;
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(c & 0xff);
		c >>= 8;
	}
	if (digits < 6 || digits > 8 || !HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof msg, mac, &maclen) ||
	    maclen < 20)
		return -1;
	/* RFC 4226 §5.3: dynamic truncation */
	unsigned off = mac[maclen - 1] & 0x0f;
	uint32_t bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
		       ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	uint32_t mod = 1;
	for (int i = 0; i < digits; i++)
		mod *= 10;
	return (long)(bin % mod);
}

bool totp_match(const unsigned char *key, size_t keylen, int64_t now_ms, const char *code, int64_t *step)
{
	if (!code || strlen(code) != TOTP_DIGITS)
		return false;
	long want = 0;
	for (const char *p = code; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		want = want * 10 + (*p - '0');
	}
	int64_t now = totp_step(now_ms);
	bool found = false;
	for (int64_t s = now - TOTP_WINDOW; s <= now + TOTP_WINDOW; s++) {
		long got = totp_code(key, keylen, s, TOTP_DIGITS);
		/* no early exit: every candidate is computed and compared alike */
		unsigned long diff = (unsigned long)(got ^ want);
		bool eq = got >= 0 && diff == 0;
		if (eq && !found) {
			*step = s;
			found = true;
		}
	}
	return found;
}

size_t base32_encode(const unsigned char *in, size_t n, char *out, size_t outlen)
{
	size_t o = 0;
	uint32_t buf = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		buf = (buf << 8) | in[i];
		bits += 8;
		while (bits >= 5) {
			if (o + 1 >= outlen)
				goto done;
			out[o++] = B32[(buf >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0 && o + 1 < outlen)
		out[o++] = B32[(buf << (5 - bits)) & 31];
done:
	if (outlen)
		out[o] = '\0';
	return o;
}

long base32_decode(const char *in, unsigned char *out, size_t outlen)
{
	uint32_t buf = 0;
	int bits = 0;
	size_t o = 0;
	for (const char *p = in; *p; p++) {
		char ch = *p;
		if (ch == ' ' || ch == '=' || ch == '-')
			continue;
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		const char *at = ch ? strchr(B32, ch) : NULL;
		if (!at)
			return -1;
		buf = (buf << 5) | (uint32_t)(at - B32);
		bits += 5;
		if (bits >= 8) {
			if (o >= outlen)
				return -1;
			out[o++] = (unsigned char)((buf >> (bits - 8)) & 0xff);
			bits -= 8;
		}
	}
	return (long)o;
}
