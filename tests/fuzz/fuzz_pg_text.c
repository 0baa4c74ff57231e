/* fuzz_pg_text.c — the PostgreSQL driver's text rules, on any text.
 *
 * The input, NUL-terminated, is given to:
 *   - pg_number_params: every `?` outside quotes becomes `$1`, `$2`, … in
 *     order and nothing else changes — checked by taking the placeholders
 *     out of both texts, which must then be equal, and by the count; a `?`
 *     followed by a digit (SQLite's `?NNN`, which "$1" + "0" would turn into
 *     "$10") is refused with NULL;
 *   - pg_translate_ddl: the dialect's rewrite stays bounded (the output is
 *     at most three times as long) and leaves text in quotes alone;
 *   - pg_url_shown: a URL's password is never shown: whatever stands
 *     between the user's `:` and the `@` of the userinfo, and the value of a
 *     `password=` parameter, is replaced by `***`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg/pg.h"

#include "check.h"

/* The text without its placeholders: `?` (input side) or `$digits` (output
 * side), outside quotes; *n counts them, and *ordered tells whether the
 * numbers ran 1, 2, 3 … */
static char *strip(const char *s, bool dollars, int *n, bool *ordered)
{
	char *out = malloc(strlen(s) + 1), *o = out, quote = 0;
	*n = 0;
	*ordered = true;
	for (const char *p = s; *p;) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			*o++ = *p++;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p++;
		} else if (!dollars && *p == '?') {
			(*n)++;
			p++;
		} else if (dollars && *p == '$' && p[1] >= '0' && p[1] <= '9') {
			long v = strtol(p + 1, (char **)&p, 10);
			*ordered = *ordered && v == ++*n;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	/* text with a `$digit` of its own outside quotes cannot be checked this way: skip it */
	int n0 = 0, n1 = 0, nd = 0;
	bool ordered = true, own = false;
	char *plain = strip(s, true, &nd, &ordered);
	own = nd > 0;
	free(plain);

	int n = -1;
	char *numbered = pg_number_params(s, &n);
	bool numbered_form = false;
	for (const char *p = s, *q = NULL; (q = strchr(p, '?')); p = q + 1)
		numbered_form = numbered_form || (q[1] >= '0' && q[1] <= '9');
	if (!numbered) {
		CHECK(numbered_form); /* refused only for a `?` followed by a digit */
	} else if (!own && !numbered_form) {
		char *a = strip(s, false, &n0, &ordered), *b = strip(numbered, true, &n1, &ordered);
		CHECK(strcmp(a, b) == 0);
		CHECK(n0 == n && n1 == n && ordered);
		free(a);
		free(b);
	}
	free(numbered);

	char *ddl = pg_translate_ddl(s);
	CHECK(strlen(ddl) <= 3 * strlen(s));
	free(ddl);

	char shown[4096];
	pg_url_shown(s, shown, sizeof shown);
	CHECK(strlen(shown) < sizeof shown);
	const char *scheme = strstr(s, "://");
	const char *auth = scheme ? scheme + 3 : NULL;
	size_t auth_len = auth ? strcspn(auth, "/?#") : 0;
	const char *at = auth ? memchr(auth, '@', auth_len) : NULL;
	const char *colon = at ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (colon && strlen(s) < 1000 && !strstr(s, "password=")) {
		/* the userinfo's password is replaced where it stood */
		char head[1100];
		snprintf(head, sizeof head, "%.*s:***@", (int)(colon - s), s);
		CHECK(strncmp(shown, head, strlen(head)) == 0);
	}
	/* and no `password=` parameter shows its value */
	for (const char *p = shown; (p = strstr(p, "password=")); p += 9)
		if (p > shown && (p[-1] == '?' || p[-1] == '&')) {
			size_t left = strlen(p + 9); /* the text may end there, cut to the buffer */
			CHECK(strncmp(p + 9, "***", left < 3 ? left : 3) == 0);
		}
	free(s);
	return 0;
}
