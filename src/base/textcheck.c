/* textcheck.c — see textcheck.h. Hand-written scanners rather than regexes:
 * they run on every registration and form field. */
#include "textcheck.h"
#include <string.h>

static bool digits(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

bool phone_ok(const char *p)
{
	size_t n = strlen(p);
	if (n == 11 && p[0] == '1' && p[1] >= '3' && p[1] <= '9')
		return digits(p, n);
	if (n < 10 || p[0] != '0')
		return false;
	/* 0 + area (2-3 digits) [-] local (7-8 digits) [- ext (1-6 digits)] */
	for (size_t area = 2; area <= 3; area++) {
		const char *q = p + 1;
		if (!digits(q, area))
			continue;
		q += area;
		if (*q == '-')
			q++;
		for (size_t local = 7; local <= 8; local++) {
			if (strlen(q) < local || !digits(q, local))
				continue;
			const char *r = q + local;
			if (*r == '\0')
				return true;
			if (*r == '-' && strlen(r + 1) >= 1 && strlen(r + 1) <= 6 && digits(r + 1, strlen(r + 1)))
				return true;
		}
	}
	return false;
}

bool email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	if (!at || at == e || strchr(at + 1, '@') || strlen(e) > 254)
		return false;
	const char *dot = strrchr(at + 1, '.');
	if (!dot || dot == at + 1 || dot[1] == '\0' || strpbrk(e, " \t\r\n<>\"'(),;:[]\\"))
		return false;
	return at[1] != '.' && dot[-1] != '.';
}
