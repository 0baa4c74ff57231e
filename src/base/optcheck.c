/* optcheck.c — checks of configuration values (see optcheck.h). */
#include "base/optcheck.h"
#include <string.h>

/* An absolute http(s) URL without user, query or fragment: the scheme, a host
 * of letters, digits, '.', '-' (or an [IPv6] literal), an optional port and path. */
bool optcheck_public_url(const char *v)
{
	const char *p = strncmp(v, "https://", 8) == 0 ? v + 8 : strncmp(v, "http://", 7) == 0 ? v + 7 : NULL;
	if (!p)
		return false;
	const char *h = p;
	if (*p == '[') {
		p = strchr(p, ']');
		if (!p || p == h + 1)
			return false;
		p++;
	} else {
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		       *p == '.' || *p == '-')
			p++;
		if (p == h)
			return false;
	}
	if (*p == ':') {
		const char *d = ++p;
		while (*p >= '0' && *p <= '9')
			p++;
		if (p == d || p - d > 5)
			return false;
	}
	if (*p && *p != '/')
		return false;
	for (; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f || *p == '?' || *p == '#' || *p == '"' ||
		    *p == '\\')
			return false;
	return true;
}

/* 16 to 127 printable ASCII characters, no spaces: what a Bearer header carries. */
bool optcheck_token(const char *v)
{
	size_t n = strlen(v);
	if (n < 16 || n > 127)
		return false;
	for (; *v; v++)
		if ((unsigned char)*v <= ' ' || (unsigned char)*v >= 0x7f)
			return false;
	return true;
}

/* Exactly 64 hex digits into 32 bytes. */
bool optcheck_hex32(const char *v, unsigned char out[32])
{
	if (strlen(v) != 64)
		return false;
	for (int i = 0; i < 32; i++) {
		unsigned b = 0;
		for (int j = 0; j < 2; j++) {
			char ch = v[2 * i + j];
			int d = ch >= '0' && ch <= '9'   ? ch - '0'
				: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
				: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
							 : -1;
			if (d < 0)
				return false;
			b = b * 16 + (unsigned)d;
		}
		out[i] = (unsigned char)b;
	}
	return true;
}

