/* w3cdt.c — W3C date-times (see w3cdt.h). */
#include "base/w3cdt.h"
#include "base/date.h"
#include <stdio.h>
#include <string.h>

/* n decimal digits at s; -1 if any is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool w3cdt_parse(const char *s, int64_t *utc_ms)
{
	size_t n = strlen(s);
	if (n < 17 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':')
		return false;
	int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2), h = digits(s + 11, 2),
	    mi = digits(s + 14, 2), sec = 0, ms = 0;
	if (y < 1900 || mo < 0 || d < 0 || h < 0 || mi < 0 || !date_valid_ymd(y, mo, d) || h > 23 || mi > 59)
		return false;
	const char *p = s + 16;
	if (*p == ':') {
		if ((sec = digits(p + 1, 2)) < 0 || sec > 59)
			return false;
		p += 3;
		if (*p == '.') {
			int k = 0;
			for (p++; *p >= '0' && *p <= '9'; p++, k++)
				if (k < 3)
					ms = ms * 10 + (*p - '0');
			if (k == 0 || k > 9)
				return false;
			for (; k < 3; k++)
				ms *= 10;
		}
	}
	int offset = 0;
	if (*p == 'Z')
		p++;
	else if (*p == '+' || *p == '-') {
		int oh = digits(p + 1, 2), om = p[1] && p[2] && p[3] == ':' ? digits(p + 4, 2) : -1;
		if (oh < 0 || om < 0 || oh > 23 || om > 59)
			return false;
		offset = (oh * 60 + om) * (*p == '-' ? -1 : 1);
		p += 6;
	} else
		return false;
	if (*p)
		return false;
	int64_t days = date_from_ymd(y, mo, d);
	*utc_ms = ((days * 86400 + h * 3600 + mi * 60 + sec) - (int64_t)offset * 60) * 1000 + ms;
	return true;
}

void w3cdt_format(int64_t utc_ms, int offset_min, char out[W3CDT_LEN])
{
	int64_t local = utc_ms / 1000 - (utc_ms % 1000 < 0 ? 1 : 0) + (int64_t)offset_min * 60;
	int64_t days = local / 86400, rem = local % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	int y, mo, d;
	date_to_ymd((day_t)days, &y, &mo, &d);
	int off = offset_min < 0 ? -offset_min : offset_min;
	snprintf(out, W3CDT_LEN, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d, (int)(rem / 3600),
		 (int)(rem / 60 % 60), (int)(rem % 60), offset_min < 0 ? '-' : '+', off / 60, off % 60);
}
