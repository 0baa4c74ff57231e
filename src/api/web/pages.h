/* pages.h — the HTML pages of the web side, one row each: the URL a page is
 * served at and its file under web/. Everything else under web/ is an asset,
 * served at /assets/<path> (see web.c). */
#ifndef ONESTOP_WEB_PAGES_H
#define ONESTOP_WEB_PAGES_H

typedef struct {
	const char *url;    /* exact request path, e.g. "/workbench/" */
	const char *file;   /* path under web/, e.g. "workbench/index.html" */
} web_page_t;

/* The page served at `url`; NULL when none is. */
const web_page_t *web_page_at(const char *url);

#endif
