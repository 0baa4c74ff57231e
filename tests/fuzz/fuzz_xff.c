/* fuzz_xff.c — the trusted-proxy list (`--trusted-proxy`, an operator's) and
 * the X-Forwarded-For header a trusted proxy passes on (anyone's: the proxy
 * appends, it does not clean) — http/conns.h.
 *
 * The input's first line is the list given to conns_init; the rest is the
 * header value. Checked, by rules stated apart from the code:
 *   - an accepted list holds only IPv4/IPv6 addresses (blanks around them
 *     allowed, empty items skipped), at most 32 of them;
 *   - the client address taken from the header is an address in canonical
 *     form (inet_pton -> inet_ntop gives it back), is not a trusted proxy,
 *     and is one of the header's comma-separated items; every item to its
 *     right is a trusted proxy;
 *   - nothing is taken when no proxy is trusted. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "base/log.h"
#include "http/conns.h"

#include "check.h"

/* The canonical form of s[0..n) trimmed of blanks, or false. */
static bool canonical(const char *s, size_t n, char out[64])
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	char buf[64];
	unsigned char bin[16];
	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, s, n);
	buf[n] = 0;
	if (inet_pton(AF_INET, buf, bin) == 1)
		return inet_ntop(AF_INET, bin, out, 64) != NULL;
	if (inet_pton(AF_INET6, buf, bin) == 1)
		return inet_ntop(AF_INET6, bin, out, 64) != NULL;
	return false;
}

/* Splits s at commas into items[] (pointers and lengths); their count. */
static size_t split(const char *s, const char **items, size_t *lens, size_t max)
{
	size_t k = 0;
	for (const char *p = s; k < max;) {
		const char *c = strchr(p, ',');
		items[k] = p;
		lens[k++] = c ? (size_t)(c - p) : strlen(p);
		if (!c)
			break;
		p = c + 1;
	}
	return k;
}

static bool in_list(char list[][64], size_t n, const char *a)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i], a))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static config_t cfg;
	if (size > 3000)
		return 0;
	log_set_quiet(1);
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	char *nl = strchr(s, '\n');
	const char *xff = nl ? nl + 1 : "";
	if (nl)
		*nl = 0;

	config_defaults(&cfg);
	snprintf(cfg.trusted_proxies, sizeof cfg.trusted_proxies, "%s", s);
	bool ok = strlen(s) < sizeof cfg.trusted_proxies && conns_init(&cfg);
	char trusted[32][64];
	size_t ntrusted = 0;
	if (ok) {
		const char *items[600];
		size_t lens[600];
		size_t k = split(s, items, lens, 600);
		for (size_t i = 0; i < k; i++) {
			size_t n = lens[i];
			const char *p = items[i];
			while (n && *p == ' ')
				p++, n--;
			while (n && p[n - 1] == ' ')
				n--;
			if (!n)
				continue;
			CHECK(ntrusted < 32);
			CHECK(canonical(p, n, trusted[ntrusted]));
			ntrusted++;
		}
	} else {
		/* a list that is refused leaves the server unstarted; go on with a fixed one */
		snprintf(cfg.trusted_proxies, sizeof cfg.trusted_proxies, "10.0.0.1, ::1");
		CHECK(conns_init(&cfg));
		snprintf(trusted[0], 64, "10.0.0.1");
		snprintf(trusted[1], 64, "::1");
		ntrusted = 2;
	}

	char out[64] = "";
	bool got = conns_forwarded_client(xff, out, sizeof out);
	if (ntrusted == 0)
		CHECK(!got);
	if (got) {
		char again[64];
		CHECK(canonical(out, strlen(out), again) && !strcmp(again, out));
		CHECK(!in_list(trusted, ntrusted, out));
		const char *items[1600];
		size_t lens[1600];
		size_t k = split(xff, items, lens, 1600), i = k;
		bool found = false;
		while (i-- > 0 && !found) {
			char a[64];
			bool addr = canonical(items[i], lens[i], a);
			found = addr && !strcmp(a, out);
			if (!found)
				/* only trusted proxies to its right */
				CHECK(addr && in_list(trusted, ntrusted, a));
		}
		CHECK(found);
	}
	free(s);
	return 0;
}
