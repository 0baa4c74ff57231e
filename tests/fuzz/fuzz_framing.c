/* fuzz_framing.c — the request framing checks (http/framing.h) on any
 * request head.
 *
 * The first byte picks the version (HTTP/1.1, HTTP/1.0, none, HTTP/2.0); the
 * rest is lines: the first is the raw request target, each other one a
 * header, "key:value" (blanks after the colon skipped, as libmicrohttpd
 * does; a line without a colon is a key without a value). Raw NUL bytes stay
 * where they are. Checked, by rules stated apart from the code:
 *   - framing_target_has_nul is true exactly when the target has "%00";
 *   - a NUL in the target or in any header key or value is E_NUL_BYTE;
 *   - a request let through has no NUL anywhere, never both Content-Length
 *     and Transfer-Encoding, Content-Length values (comma lists included)
 *     that are all digits and all the same, and a Transfer-Encoding that is
 *     exactly one "chunked", never on HTTP/1.0;
 *   - a refusal says why in both languages (valid UTF-8, not empty);
 *   - the order of the header lines does not change the verdict. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/problem.h"
#include "base/utf8.h"
#include "http/framing.h"

#include "check.h"

#define MAX_HEADERS 64

static bool is_named(const framing_header_t *h, const char *name)
{
	return h->key_len == strlen(name) && strncasecmp(h->key, name, h->key_len) == 0;
}

/* The elements of a comma list, blanks around them dropped, into out[] (at most max). */
static size_t elements(const char *v, size_t n, const char **out, size_t *lens, size_t max)
{
	size_t k = 0, i = 0;
	while (k < max) {
		size_t j = i;
		while (j < n && v[j] != ',')
			j++;
		size_t a = i, b = j;
		while (a < b && (v[a] == ' ' || v[a] == '\t'))
			a++;
		while (b > a && (v[b - 1] == ' ' || v[b - 1] == '\t'))
			b--;
		out[k] = v + a;
		lens[k++] = b - a;
		if (j >= n)
			break;
		i = j + 1;
	}
	return k;
}

/* What a request let through must be. */
static void check_allowed(const char *version, const framing_header_t *h, size_t n)
{
	bool cl = false, te = false;
	const char *first = NULL;
	size_t first_len = 0;
	int codings = 0;
	for (size_t i = 0; i < n; i++) {
		CHECK(!memchr(h[i].key, 0, h[i].key_len));
		CHECK(!h[i].value || !memchr(h[i].value, 0, h[i].value_len));
		if (!h[i].value)
			continue;
		const char *el[64];
		size_t len[64];
		if (is_named(&h[i], "Content-Length")) {
			cl = true;
			size_t k = elements(h[i].value, h[i].value_len, el, len, 64);
			for (size_t e = 0; e < k; e++) {
				CHECK(len[e] > 0);
				for (size_t c = 0; c < len[e]; c++)
					CHECK(el[e][c] >= '0' && el[e][c] <= '9');
				if (!first) {
					first = el[e];
					first_len = len[e];
				}
				CHECK(len[e] == first_len && memcmp(el[e], first, first_len) == 0);
			}
		} else if (is_named(&h[i], "Transfer-Encoding")) {
			te = true;
			size_t k = elements(h[i].value, h[i].value_len, el, len, 64);
			for (size_t e = 0; e < k; e++) {
				CHECK(len[e] == 7 && strncasecmp(el[e], "chunked", 7) == 0);
				codings++;
			}
		}
	}
	CHECK(!(cl && te));
	if (te) {
		CHECK(codings == 1);
		CHECK(!version || strcmp(version, "HTTP/1.0") != 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const versions[] = {"HTTP/1.1", "HTTP/1.0", NULL, "HTTP/2.0"};
	if (size < 1)
		return 0;
	const char *version = versions[data[0] % 4];
	char *buf = malloc(size);
	memcpy(buf, data + 1, size - 1);
	size_t len = size - 1;

	/* the target: the first line, as a C string (the server sees it so) */
	char *nl = memchr(buf, '\n', len);
	size_t tlen = nl ? (size_t)(nl - buf) : len;
	char *target = malloc(tlen + 1);
	memcpy(target, buf, tlen);
	target[tlen] = 0;
	bool nul_target = framing_target_has_nul(target);
	CHECK(nul_target == (strstr(target, "%00") != NULL));

	framing_header_t h[MAX_HEADERS], r[MAX_HEADERS];
	size_t n = 0;
	bool any_nul = false;
	for (size_t i = nl ? tlen + 1 : len; i < len && n < MAX_HEADERS;) {
		char *line = buf + i, *end = memchr(line, '\n', len - i);
		size_t ll = end ? (size_t)(end - line) : len - i;
		char *colon = memchr(line, ':', ll);
		if (colon) {
			const char *v = colon + 1;
			while (v < line + ll && (*v == ' ' || *v == '\t'))
				v++;
			h[n] = (framing_header_t){line, (size_t)(colon - line), v, (size_t)(line + ll - v)};
		} else {
			h[n] = (framing_header_t){line, ll, NULL, 0};
		}
		any_nul = any_nul || memchr(line, 0, ll);
		n++;
		i += ll + 1;
	}

	const char *zh = NULL, *en = NULL;
	int code = framing_verdict(version, nul_target, h, n, &zh, &en);
	if (nul_target || any_nul) {
		CHECK(code == E_NUL_BYTE);
	} else if (code == 0) {
		check_allowed(version, h, n);
	} else {
		CHECK(code == E_BAD_FRAMING);
	}
	if (code) {
		CHECK(zh && *zh && utf8_valid(zh));
		CHECK(en && *en && utf8_valid(en));
	}
	for (size_t i = 0; i < n; i++)
		r[i] = h[n - 1 - i];
	const char *zh2 = NULL, *en2 = NULL;
	CHECK(framing_verdict(version, nul_target, r, n, &zh2, &en2) == code);

	free(target);
	free(buf);
	return 0;
}
