/* textcheck.c — see textcheck.h. Hand-written scanners rather than regexes:
 * they run on every registration and form field. */
#include "base/textcheck.h"
#include "base/utf8.h"
#include <string.h>

#define MAX_EMAIL_BYTES 254

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool phone_ok_n(const char *s, size_t n)
{
	size_t i;
	if (n == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
		for (i = 2; i < n && is_digit(s[i]); i++)
			;
		return i == n;
	}
	if (n == 0 || s[0] != '0')
		return false;
	for (i = 1; i < n && is_digit(s[i]); i++)
		;
	if (i != 3 && i != 4)       /* area code: 0 and two or three digits */
		return false;
	if (i == n || s[i] != '-')
		return false;
	size_t start = ++i;
	while (i < n && is_digit(s[i]))
		i++;
	if (i - start != 7 && i - start != 8)
		return false;
	if (i == n)
		return true;
	if (s[i] != '-')
		return false;
	start = ++i;
	while (i < n && is_digit(s[i]))
		i++;
	return i == n && i - start >= 1 && i - start <= 6;  /* extension */
}

static bool email_local_char(char c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

/* The common dot-atom form, ASCII only: what mail systems here accept. */
bool email_ok_n(const char *s, size_t n)
{
	if (n > MAX_EMAIL_BYTES)
		return false;
	const char *at = memchr(s, '@', n);
	if (!at)
		return false;
	size_t nl = (size_t)(at - s), nd = n - nl - 1;
	const char *d = at + 1;
	if (nl < 1 || nl > 64 || s[0] == '.' || s[nl - 1] == '.')
		return false;
	for (size_t i = 0; i < nl; i++) {
		if (s[i] == '.') {
			if (s[i + 1] == '.')
				return false;
		} else if (!email_local_char(s[i])) {
			return false;
		}
	}
	size_t labels = 0, i = 0;
	while (i <= nd) {
		size_t start = i;
		while (i < nd && d[i] != '.')
			i++;
		size_t len = i - start;
		if (len < 1 || len > 63 || d[start] == '-' || d[i - 1] == '-')
			return false;
		bool last = i == nd, letters = true;
		for (size_t k = start; k < i; k++) {
			if (!is_alpha(d[k]) && !is_digit(d[k]) && d[k] != '-')
				return false;
			if (!is_alpha(d[k]))
				letters = false;
		}
		labels++;
		if (last) {
			if (labels < 2 || len < 2 || !letters)
				return false;
			break;
		}
		i++;  /* the dot */
	}
	return true;
}


bool phone_ok(const char *p) { return phone_ok_n(p, strlen(p)); }
bool email_ok(const char *e) { return email_ok_n(e, strlen(e)); }

bool text_invisible_cp(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	       (cp >= 0x200B && cp <= 0x200D) || cp == 0xFEFF;
}

bool text_has_invisible(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	while (i < n) {
		uint32_t cp;
		if (!utf8_next(u, n, &i, &cp))
			i++;
		else if (text_invisible_cp(cp))
			return true;
	}
	return false;
}
