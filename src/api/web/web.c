/* web.c — the pages and assets, embedded in the binary (or read from
 * --web-dir while developing). "/" is the portal, "/workbench/" the staff
 * workbench, "/assets/<file>" everything they load. No request ever goes to
 * another host. */
#include "api/api.h"
#include "base/embedded.h"
#include "api/app.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void api_web(req_t *r)
{
	char name[256];
	const char *file = req_param(r, "file");
	if (file) {
		if (strstr(file, "..") || strchr(file, '/') || file[0] == '.') {
			reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
			return;
		}
		snprintf(name, sizeof name, "assets/%s", file);
	} else if (strcmp(r->path, "/workbench/") == 0)
		snprintf(name, sizeof name, "workbench.html");
	else
		snprintf(name, sizeof name, "index.html");
	const embedded_file_t *f = embedded_find(embedded_web, name);
	if (!f) {
		reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
		return;
	}
	if (strstr(name, ".html")) {
		reply_header(r, "Content-Security-Policy",
			     "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'");
		reply_header(r, "Cache-Control", "no-cache");
	} else
		reply_header(r, "Cache-Control", "public, max-age=300");
	reply_raw(r, 200, mime(name), f->data, f->len);
}
