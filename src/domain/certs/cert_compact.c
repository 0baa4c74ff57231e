/* cert_compact.c — see cert_compact.h. zlib's compress2 at level 9, and
 * inflate with a hard cap (a small text must not inflate to gigabytes). */
#include "domain/certs/cert_compact.h"
#include "base/base45.h"
#include "base/jcs.h"
#include "base/mem.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

char *cert_compact_encode(const json_t *signed_cert)
{
	size_t len;
	char *canon = jcs_encode(signed_cert, &len);
	if (!canon)
		return NULL;
	uLongf zlen = compressBound(len);
	unsigned char *z = xmalloc(zlen);
	char *out = NULL;
	if (compress2(z, &zlen, (const Bytef *)canon, len, 9) == Z_OK) {
		char *b45 = base45_encode(z, zlen);
		size_t n = strlen(CERT_COMPACT_PREFIX) + strlen(b45) + 1;
		out = xmalloc(n);
		memcpy(out, CERT_COMPACT_PREFIX, sizeof CERT_COMPACT_PREFIX - 1);
		memcpy(out + sizeof CERT_COMPACT_PREFIX - 1, b45, strlen(b45) + 1);
		free(b45);
	}
	free(z);
	free(canon);
	return out;
}

json_t *cert_compact_decode(const char *text, const char **why)
{
	const char *p = text ? strstr(text, CERT_COMPACT_PREFIX) : NULL;
	if (!p) {
		*why = "no OS1: prefix";
		return NULL;
	}
	p += sizeof CERT_COMPACT_PREFIX - 1;
	size_t n = strcspn(p, "\r\n");
	unsigned char *z;
	size_t zlen;
	if (base45_decode(p, n, &z, &zlen) != 0) {
		*why = "not Base45";
		return NULL;
	}
	unsigned char *json = xmalloc(CERT_COMPACT_MAX_JSON + 1);
	z_stream s = {0};
	json_t *out = NULL;
	*why = "not zlib data";
	if (inflateInit(&s) == Z_OK) {
		s.next_in = z;
		s.avail_in = (uInt)zlen;
		s.next_out = json;
		s.avail_out = CERT_COMPACT_MAX_JSON;
		int rc = inflate(&s, Z_FINISH);
		if (rc == Z_STREAM_END && s.avail_in == 0) {
			out = json_loadb((const char *)json, CERT_COMPACT_MAX_JSON - s.avail_out,
					 JSON_REJECT_DUPLICATES, NULL);
			*why = out ? "" : "not JSON";
		} else if (rc == Z_BUF_ERROR || (rc == Z_OK && s.avail_out == 0)) {
			*why = "too large";
		}
		inflateEnd(&s);
	}
	free(json);
	free(z);
	return out;
}
