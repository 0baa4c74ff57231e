/* web.c — the pages and assets, embedded in the binary. A page is served at
 * its URL from the page table (pages.c); every other file under web/ is an
 * asset at "/assets/<path>", e.g. /assets/portal/main.js. HTML is only ever
 * served as a page, with its Content-Security-Policy. No request ever goes
 * to another host. */
#include "api/api.h"
#include "api/web/pages.h"
#include "base/embedded.h"
#include "base/gzip.h"
#include "api/app.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *mime(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot)
		return "application/octet-stream";
	if (!strcmp(dot, ".html")) return "text/html; charset=utf-8";
	if (!strcmp(dot, ".js")) return "text/javascript; charset=utf-8";
	if (!strcmp(dot, ".css")) return "text/css; charset=utf-8";
	if (!strcmp(dot, ".json")) return "application/json; charset=utf-8";
	if (!strcmp(dot, ".svg")) return "image/svg+xml";
	if (!strcmp(dot, ".png")) return "image/png";
	if (!strcmp(dot, ".ico")) return "image/x-icon";
	return "application/octet-stream";
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), m = strlen(tail);
	return n >= m && strcmp(s + n - m, tail) == 0;
}

/* An asset path is one or more segments separated by single '/': none empty,
 * none starting with '.', no ".." anywhere, no backslash, and not a page. */
static bool asset_path_ok(const char *path)
{
	if (!path || !*path || strstr(path, "..") || strchr(path, '\\') || ends_with(path, ".html"))
		return false;
	for (const char *s = path;;) {
		if (*s == '/' || *s == '.' || *s == '\0')
			return false;
		const char *slash = strchr(s, '/');
		if (!slash)
			return true;
		s = slash + 1;
	}
}

/* Sends an embedded file in the coding the client takes best of those made at
 * build time (brotli, then gzip, else the bytes themselves), with an entity tag
 * of its own for each coding and Vary: Accept-Encoding; 304 when the client
 * holds it already. */
static void reply_asset(req_t *r, const embedded_file_t *f, const char *type)
{
	const char *ae = req_header(r, "Accept-Encoding");
	const unsigned char *body = f->data;
	size_t len = f->len;
	const char *coding = NULL, *suffix = "";
	if (ae && f->br && coding_q(ae, "br") > 0) {
		body = f->br, len = f->br_len, coding = "br", suffix = "-br";
	} else if (ae && f->gz && coding_q(ae, "gzip") > 0) {
		body = f->gz, len = f->gz_len, coding = "gzip", suffix = "-gz";
	}
	reply_header(r, "Vary", "Accept-Encoding");
	if (coding)
		reply_header(r, "Content-Encoding", coding);
	if (f->etag) {
		char etag[64];
		snprintf(etag, sizeof etag, "\"%s%s\"", f->etag, suffix);
		reply_header(r, "ETag", etag);
		const char *inm = req_header(r, "If-None-Match");
		if (inm && req_etag_listed(inm, etag)) {
			reply_raw(r, 304, NULL, "", 0);
			return;
		}
	}
	reply_raw(r, 200, type, body, len);
}

void api_web(req_t *r)
{
	char name[256];
	const char *path = req_param(r, "path");
	if (path) {
		if (!asset_path_ok(path) || (size_t)snprintf(name, sizeof name, "%s", path) >= sizeof name) {
			reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
			return;
		}
	} else {
		const web_page_t *p = web_page_at(r->path);
		if (!p) {
			reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
			return;
		}
		snprintf(name, sizeof name, "%s", p->file);
	}
	const embedded_file_t *f = embedded_find(embedded_web, name);
	if (!f) {
		reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
		return;
	}
	if (ends_with(name, ".html")) {
		reply_header(r, "Content-Security-Policy",
			     "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
			     "frame-ancestors 'none'; base-uri 'none'");
		reply_header(r, "Cache-Control", "no-cache");
	} else
		reply_header(r, "Cache-Control", "public, max-age=300");
	reply_asset(r, f, mime(name));
}
