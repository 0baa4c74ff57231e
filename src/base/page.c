/* page.c — the cursor and limit of a list's page (page.h). */
#include "base/page.h"
#include <stdio.h>
#include <string.h>

bool page_cursor_parse(const char *text, page_cursor_t *c)
{
	memset(c, 0, sizeof *c);
	const char *dot = text ? strchr(text, '.') : NULL;
	if (!dot || dot == text || dot - text > 19)
		return false;
	int64_t at = 0;
	for (const char *p = text; p < dot; p++) {
		if (*p < '0' || *p > '9')
			return false;
		at = at * 10 + (*p - '0');
	}
	size_t n = strlen(dot + 1);
	if (at < 1 || n == 0 || n >= PAGE_ID_LEN || strspn(dot + 1, "0123456789abcdef") != n)
		return false;
	c->set = true;
	c->at = at;
	memcpy(c->id, dot + 1, n + 1);
	return true;
}

void page_cursor_format(int64_t at, const char *id, char out[PAGE_CURSOR_LEN])
{
	snprintf(out, PAGE_CURSOR_LEN, "%lld.%s", (long long)at, id);
}

int page_limit_parse(const char *text)
{
	return page_limit_parse_in(text, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX);
}

int page_limit_parse_in(const char *text, int dflt, int max)
{
	if (!text)
		return dflt;
	size_t n = strlen(text);
	if (n == 0 || n > 3 || strspn(text, "0123456789") != n)
		return -1;
	int v = 0;
	for (const char *p = text; *p; p++)
		v = v * 10 + (*p - '0');
	return v >= 1 && v <= max && v <= PAGE_LIMIT_WIDE ? v : -1;
}

page_t page_start(int limit)
{
	page_t p = {limit >= 1 && limit <= PAGE_LIMIT_WIDE ? limit : PAGE_LIMIT_DEFAULT, 0, false, ""};
	return p;
}

bool page_take(page_t *p, int64_t at, const char *id)
{
	if (p->n >= p->limit) {
		p->more = true;
		return false;
	}
	p->n++;
	page_cursor_format(at, id, p->last);
	return true;
}

const char *page_next(const page_t *p)
{
	return p->more ? p->last : NULL;
}

json_t *page_answer(json_t *items, const page_t *p)
{
	const char *next = page_next(p);
	return json_pack("{so so}", "items", items, "next_cursor", next ? json_string(next) : json_null());
}
