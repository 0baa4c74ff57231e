/* fuzz_text.c — the everyday text checks every registration and form field
 * goes through (base/textcheck.h, base/utf8.h), on any bytes.
 *
 * Checked, by rules stated apart from the code:
 *   - utf8_valid agrees with the well-formed byte sequences of the Unicode
 *     standard (Table 3-7: no overlong forms, no surrogates, nothing above
 *     U+10FFFF), and utf8_next decodes a valid text into code points that,
 *     encoded again, give the same bytes;
 *   - text_has_invisible is true exactly when a well-formed character of
 *     U+202A-202E, U+2066-2069, U+200B-200D or U+FEFF is in the text (bytes
 *     of ill-formed sequences skipped one by one);
 *   - phone_ok_n accepts exactly the documented forms: 1[3-9] and nine
 *     digits, or 0 and two or three digits, '-', seven or eight digits and
 *     an optional '-' extension of one to six digits;
 *   - what email_ok_n accepts is ASCII, at most 254 bytes, one '@', a local
 *     part of 1-64 bytes without a leading, trailing or doubled dot, and at
 *     least two domain labels of letters, digits and inner hyphens, the last
 *     one letters only;
 *   - the NUL-terminated forms agree with the counted ones. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/textcheck.h"
#include "base/utf8.h"

#include "check.h"

/* Length of the well-formed sequence at s[i] (Unicode Table 3-7), 0 if none; its code point in *cp. */
static size_t well_formed(const uint8_t *s, size_t n, size_t i, uint32_t *cp)
{
	uint8_t b = s[i];
	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	size_t len;
	uint8_t lo = 0x80, hi = 0xBF;
	if (b >= 0xC2 && b <= 0xDF)
		len = 2;
	else if (b >= 0xE0 && b <= 0xEF)
		len = 3, lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
	else if (b >= 0xF0 && b <= 0xF4)
		len = 4, lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
	else
		return 0;
	if (i + len > n || s[i + 1] < lo || s[i + 1] > hi)
		return 0;
	for (size_t k = 2; k < len; k++)
		if (s[i + k] < 0x80 || s[i + k] > 0xBF)
			return 0;
	uint32_t v = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
	for (size_t k = 1; k < len; k++)
		v = (v << 6) | (s[i + k] & 0x3F);
	*cp = v;
	return len;
}

static size_t encode(uint32_t cp, uint8_t *out)
{
	if (cp < 0x80)
		return out[0] = (uint8_t)cp, 1;
	if (cp < 0x800)
		return out[0] = (uint8_t)(0xC0 | cp >> 6), out[1] = (uint8_t)(0x80 | (cp & 0x3F)), 2;
	if (cp < 0x10000)
		return out[0] = (uint8_t)(0xE0 | cp >> 12), out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)),
		       out[2] = (uint8_t)(0x80 | (cp & 0x3F)), 3;
	out[0] = (uint8_t)(0xF0 | cp >> 18), out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F)), out[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

static bool invisible(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF;
}

static bool digits(const char *s, size_t n, size_t min, size_t max)
{
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool phone_form(const char *s, size_t n)
{
	if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && digits(s, n, 11, 11))
		return true;
	const char *d1 = memchr(s, '-', n);
	if (!d1 || n == 0 || s[0] != '0' || !digits(s, (size_t)(d1 - s), 3, 4))
		return false;
	const char *rest = d1 + 1, *end = s + n, *d2 = memchr(rest, '-', (size_t)(end - rest));
	if (!d2)
		return digits(rest, (size_t)(end - rest), 7, 8);
	return digits(rest, (size_t)(d2 - rest), 7, 8) && digits(d2 + 1, (size_t)(end - d2 - 1), 1, 6);
}

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void check_email(const char *s, size_t n)
{
	CHECK(n <= 254);
	for (size_t i = 0; i < n; i++)
		CHECK(s[i] > 0x20 && s[i] < 0x7F);
	const char *at = memchr(s, '@', n);
	CHECK(at && !memchr(at + 1, '@', (size_t)(s + n - at - 1)));
	size_t nl = (size_t)(at - s);
	CHECK(nl >= 1 && nl <= 64 && s[0] != '.' && s[nl - 1] != '.');
	for (size_t i = 0; i + 1 < nl; i++)
		CHECK(!(s[i] == '.' && s[i + 1] == '.'));
	const char *d = at + 1, *end = s + n;
	int labels = 0;
	bool last_letters = false;
	size_t last_len = 0;
	while (d <= end) {
		const char *dot = memchr(d, '.', (size_t)(end - d));
		const char *e = dot ? dot : end;
		size_t len = (size_t)(e - d);
		CHECK(len >= 1 && len <= 63 && d[0] != '-' && e[-1] != '-');
		last_letters = true;
		for (const char *p = d; p < e; p++) {
			CHECK(alnum(*p) || *p == '-');
			last_letters = last_letters && ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'));
		}
		labels++;
		last_len = len;
		if (!dot)
			break;
		d = dot + 1;
	}
	CHECK(labels >= 2 && last_letters && last_len >= 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = 0;
	size_t len = strlen(s); /* the text as a C string sees it */
	const uint8_t *u = (const uint8_t *)s;

	bool valid = true, has_invisible = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t k = well_formed(u, len, i, &cp);
		if (!k) {
			valid = false;
			i++;
			continue;
		}
		has_invisible = has_invisible || invisible(cp);
		i += k;
	}
	CHECK(utf8_valid(s) == valid);
	CHECK(text_has_invisible(s) == has_invisible);
	if (valid) {
		uint8_t *again = malloc(len + 4);
		size_t i = 0, o = 0;
		uint32_t cp;
		while (i < len) {
			size_t before = i;
			CHECK(utf8_next(u, len, &i, &cp) && i > before);
			o += encode(cp, again + o);
			CHECK(o <= len);
		}
		CHECK(o == len && memcmp(again, s, len) == 0);
		free(again);
	}

	CHECK(phone_ok_n((const char *)data, size) == phone_form((const char *)data, size));
	CHECK(phone_ok(s) == phone_ok_n(s, len));
	if (email_ok_n((const char *)data, size))
		check_email((const char *)data, size);
	CHECK(email_ok(s) == email_ok_n(s, len));
	free(s);
	return 0;
}
