/* page.h — a list's page as the case list pages (GET /api/v1/cases): ?limit=
 * (1 to PAGE_LIMIT_MAX, PAGE_LIMIT_DEFAULT when left out) and ?cursor=, the
 * `next_cursor` of the page before. A cursor is opaque to clients; inside it
 * is the last row's sort time and id ("<time>.<hex id>"), so the next page
 * seeks below that row (newest first, the id breaking ties) instead of
 * counting rows off. */
#ifndef ONESTOP_BASE_PAGE_H
#define ONESTOP_BASE_PAGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define PAGE_LIMIT_DEFAULT 20
#define PAGE_LIMIT_MAX 100
#define PAGE_LIMIT_WIDE 200 /* the largest page of the lists that take more: the task queue, 12345 */
#define PAGE_ID_LEN 65 /* the longest id a cursor carries (64 hex digits), with its NUL */
#define PAGE_CURSOR_LEN (21 + 1 + PAGE_ID_LEN)

typedef struct {
	bool set;		/* false: the first page */
	int64_t at;		/* the last row's time */
	char id[PAGE_ID_LEN];	/* and its id */
} page_cursor_t;

/* Reads "<time>.<hex id>" into *c; false (and *c the first page) when it is not one. */
bool page_cursor_parse(const char *text, page_cursor_t *c);
/* Writes the cursor that follows a row of this time and id. */
void page_cursor_format(int64_t at, const char *id, char out[PAGE_CURSOR_LEN]);
/* Reads a limit's text: 1 to PAGE_LIMIT_MAX, digits only; NULL gives the default. -1 when bad. */
int page_limit_parse(const char *text);
/* The same for a list of its own sizes: 1 to max (at most PAGE_LIMIT_WIDE); NULL gives dflt. */
int page_limit_parse_in(const char *text, int dflt, int max);

/* A page being filled: the store reads limit + 1 rows, page_take says whether each belongs on the
 * page (the one after the last says that more follow) and keeps the last one's cursor. */
typedef struct {
	int limit, n;
	bool more;
	char last[PAGE_CURSOR_LEN];
} page_t;

/* An empty page of limit rows (1 to PAGE_LIMIT_WIDE; out of range: the default). */
page_t page_start(int limit);
/* True when the row of this time and id belongs on the page; false once it is full. */
bool page_take(page_t *p, int64_t at, const char *id);
/* The cursor of the page after this one; NULL when none follows. */
const char *page_next(const page_t *p);
/* The answer: {"items": items (stolen), "next_cursor": the cursor of the page after, or null}. */
json_t *page_answer(json_t *items, const page_t *p);

#endif
