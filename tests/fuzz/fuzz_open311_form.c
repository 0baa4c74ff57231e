/* fuzz_open311_form.c — urlform_parse (base/urlform.h), the decoder of the
 * application/x-www-form-urlencoded bodies that Open311 clients POST.
 *
 * The input is the body. Checked, by rules stated apart from the code:
 *   - a refusal leaves no pairs and says why, in both languages;
 *   - an accepted body has at most max_pairs pairs, no more than its
 *     non-empty '&'-separated pieces; each name is non-empty and without
 *     brackets, a sub-key (if any) non-empty and without brackets; names,
 *     sub-keys and values are UTF-8 without NUL, within their limits;
 *   - written out again (every byte but [A-Za-z0-9*-._] as %XX, and the
 *     brackets back), the pairs read back the same (a fixed point);
 *   - a body without '%', '+', '[' or ']' reads as its raw pieces. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/urlform.h"
#include "base/utf8.h"

#include "check.h"

static const urlform_limits_t LIM = {4096, 16, 40, 200};

static void put_encoded(char **w, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("*-._", c))
			*(*w)++ = (char)c;
		else
			*w += sprintf(*w, "%%%02X", c);
	}
}

static size_t pieces(const char *s, size_t n)
{
	size_t k = 0, len = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '&') {
			k += len > 0;
			len = 0;
		} else
			len++;
	}
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	urlform_t f;
	urlform_err_t e = urlform_parse(s, size, &LIM, &f);
	if (e != URLFORM_OK) {
		CHECK(f.pairs == NULL && f.n == 0);
		CHECK(urlform_err_zh(e)[0] && urlform_err_en(e)[0]);
		return 0;
	}
	CHECK(size <= LIM.max_bytes);
	CHECK(f.n <= LIM.max_pairs && f.n <= pieces(s, size));
	size_t cap = 16, total = 0;
	for (size_t i = 0; i < f.n; i++) {
		const urlform_pair_t *p = &f.pairs[i];
		CHECK(p->name[0] && !strpbrk(p->name, "[]") && utf8_valid(p->name));
		CHECK(!p->sub || (p->sub[0] && !strpbrk(p->sub, "[]") && utf8_valid(p->sub)));
		size_t klen = strlen(p->name) + (p->sub ? strlen(p->sub) + 2 : 0) + (p->multi ? 2 : 0);
		CHECK(klen <= LIM.max_key);
		CHECK(strlen(p->value) <= LIM.max_value && utf8_valid(p->value));
		cap += 3 * (klen + strlen(p->value)) + 8;
		total += klen;
	}
	(void)total;
	/* written out again, read back the same */
	char *out = malloc(cap), *w = out;
	for (size_t i = 0; i < f.n; i++) {
		const urlform_pair_t *p = &f.pairs[i];
		if (i)
			*w++ = '&';
		put_encoded(&w, p->name);
		if (p->sub) {
			*w++ = '[';
			put_encoded(&w, p->sub);
			*w++ = ']';
		}
		if (p->multi)
			w += sprintf(w, "[]");
		*w++ = '=';
		put_encoded(&w, p->value);
	}
	*w = '\0';
	urlform_limits_t wide = LIM;
	wide.max_bytes = cap;
	urlform_t g;
	CHECK(urlform_parse(out, strlen(out), &wide, &g) == URLFORM_OK);
	CHECK(g.n == f.n);
	for (size_t i = 0; i < f.n; i++) {
		CHECK(!strcmp(f.pairs[i].name, g.pairs[i].name) && !strcmp(f.pairs[i].value, g.pairs[i].value));
		CHECK(!f.pairs[i].sub == !g.pairs[i].sub && f.pairs[i].multi == g.pairs[i].multi);
		CHECK(!f.pairs[i].sub || !strcmp(f.pairs[i].sub, g.pairs[i].sub));
	}
	urlform_release(&g);
	free(out);
	/* plain bodies read as their pieces */
	if (!memchr(s, '%', size) && !memchr(s, '+', size) && !memchr(s, '[', size) && !memchr(s, ']', size)) {
		size_t k = 0, start = 0;
		for (size_t i = 0; i <= size; i++) {
			if (i < size && s[i] != '&')
				continue;
			if (i > start) {
				const char *piece = s + start, *eq = memchr(piece, '=', i - start);
				size_t nl = eq ? (size_t)(eq - piece) : i - start;
				CHECK(k < f.n && strlen(f.pairs[k].name) == nl && !memcmp(f.pairs[k].name, piece, nl));
				size_t vl = eq ? i - start - nl - 1 : 0;
				CHECK(strlen(f.pairs[k].value) == vl && (!vl || !memcmp(f.pairs[k].value, eq + 1, vl)));
				k++;
			}
			start = i + 1;
		}
		CHECK(k == f.n);
	}
	urlform_release(&f);
	return 0;
}
