/* open311_rules.c — the façade's pure rules (see open311_rules.h). */
#include "domain/open311/open311_rules.h"
#include "domain/complaints/complaint.h"
#include "domain/core/wf.h"

const char *open311_status_of(const char *state)
{
	return wf_is_final(&complaint_machine, state) ? "closed" : "open";
}

open311_window_t open311_window(bool has_start, int64_t start, bool has_end, int64_t end, int64_t now,
				int64_t *from, int64_t *to)
{
	if (has_start && has_end) {
		if (end < start)
			return OPEN311_WINDOW_REVERSED;
		if (end - start > OPEN311_WINDOW_MS)
			return OPEN311_WINDOW_TOO_LONG;
		*from = start;
		*to = end + 1;
	} else if (has_start) {
		*from = start;
		*to = start + OPEN311_WINDOW_MS + 1;
	} else if (has_end) {
		*from = end - OPEN311_WINDOW_MS;
		*to = end + 1;
	} else {
		*from = now - OPEN311_WINDOW_MS;
		*to = now + 1;
	}
	return OPEN311_WINDOW_OK;
}

bool open311_degrees(const char *s, int limit, int64_t *e6)
{
	bool neg = *s == '-';
	const char *p = s + neg;
	int64_t whole = 0, frac = 0;
	int nd = 0;
	for (; *p >= '0' && *p <= '9'; p++, nd++)
		if (nd < 3)
			whole = whole * 10 + (*p - '0');
	if (nd < 1 || nd > 3)
		return false;
	if (*p == '.') {
		int nf = 0;
		bool up = false;
		for (p++; *p >= '0' && *p <= '9'; p++, nf++) {
			if (nf < 6)
				frac = frac * 10 + (*p - '0');
			else if (nf == 6)
				up = *p >= '5';
		}
		if (nf == 0 || nf > 20)
			return false;
		for (int k = nf; k < 6; k++)
			frac *= 10;
		frac += up;
	}
	if (*p)
		return false;
	int64_t v = whole * 1000000 + frac;
	if (v > (int64_t)limit * 1000000)
		return false;
	*e6 = neg ? -v : v;
	return true;
}

size_t open311_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
