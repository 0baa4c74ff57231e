/* utf8.c — see utf8.h. */
#include "base/utf8.h"
#include <string.h>

bool utf8_next(const unsigned char *s, size_t n, size_t *i, uint32_t *cp)
{
	unsigned char b = s[*i];
	size_t len;
	uint32_t c, min;
	if (b < 0x80) {
		*cp = b;
		(*i)++;
		return true;
	} else if (b >= 0xC2 && b <= 0xDF) {
		len = 2; c = b & 0x1F; min = 0x80;
	} else if (b >= 0xE0 && b <= 0xEF) {
		len = 3; c = b & 0x0F; min = 0x800;
	} else if (b >= 0xF0 && b <= 0xF4) {
		len = 4; c = b & 0x07; min = 0x10000;
	} else {
		return false;
	}
	if (n - *i < len)
		return false;
	for (size_t k = 1; k < len; k++) {
		unsigned char t = s[*i + k];
		if ((t & 0xC0) != 0x80)
			return false;
		c = (c << 6) | (t & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return false;
	*cp = c;
	*i += len;
	return true;
}

bool utf8_valid(const char *s)
{
	size_t n = strlen(s), i = 0;
	uint32_t cp;
	while (i < n)
		if (!utf8_next((const unsigned char *)s, n, &i, &cp))
			return false;
	return true;
}
