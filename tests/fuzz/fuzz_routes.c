/* fuzz_routes.c — the route table's matcher (http/routes.h) on any method
 * and path, as a client sends them.
 *
 * The first byte picks the method; the rest, NUL-terminated, is the path.
 * Checked, by rules stated apart from the code:
 *   - a match is a route of that method (HEAD answered by a GET route), and
 *     putting its parameters back into its pattern gives the path exactly;
 *     every parameter is one non-empty segment (no '/') of at most 200 bytes,
 *     except a final "{name...}", which takes the rest;
 *   - a path some route matches is never "no such path", and one no route
 *     matches never found: routes_for_path agrees with the matcher;
 *   - a wrong method names the methods allowed, never the one asked for;
 *   - an upload route is only ever an exact match of method and path. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/routes.h"

#include "check.h"

/* The pattern with each {name} / {name...} replaced by the next parameter. */
static void rebuild(const route_t *rt, const req_t *r, char *out, size_t n)
{
	size_t o = 0;
	int k = 0;
	for (const char *p = rt->pattern; *p && o + 1 < n;) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			CHECK(close && k < r->nparams);
			bool rest = close - p > 4 && !memcmp(close - 3, "...", 3);
			const char *v = r->params[k].value;
			CHECK(*v && strlen(v) <= (rest ? strlen(v) : 200));
			if (!rest)
				CHECK(!strchr(v, '/'));
			CHECK(r->params[k].name == p + 1);
			o += (size_t)snprintf(out + o, n - o, "%s", v);
			k++;
			p = close + 1;
		} else {
			out[o++] = *p++;
		}
	}
	out[o < n ? o : n - 1] = 0;
	CHECK(k == r->nparams);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET",  "POST",  "PUT",   "DELETE",
					      "HEAD", "PATCH", "TRACE", "OPTIONS"};
	if (size < 1 || size > 2000)
		return 0;
	const char *method = methods[data[0] % 8];
	char *path = malloc(size);
	memcpy(path, data + 1, size - 1);
	path[size - 1] = 0;

	req_t *r = calloc(1, sizeof *r);
	char allow[256];
	match_t m = routes_match(method, path, r, allow, sizeof allow);
	CHECK((routes_for_path(path) != NULL) == (m != MATCH_NO_PATH));
	if (m == MATCH_OK) {
		CHECK(r->route);
		CHECK(!strcmp(r->route->method, method) ||
		      (!strcmp(method, "HEAD") && !strcmp(r->route->method, "GET")));
		char *again = malloc(strlen(path) + 1 + 512);
		rebuild(r->route, r, again, strlen(path) + 1 + 512);
		CHECK(!strcmp(again, path));
		free(again);
	} else {
		CHECK(r->nparams == 0);
	}
	if (m == MATCH_NO_METHOD) {
		CHECK(allow[0]);
		/* the method asked for is not among those allowed ("GET, HEAD, POST") */
		char list[260];
		snprintf(list, sizeof list, ", %s,", allow);
		char item[16];
		snprintf(item, sizeof item, " %s,", method);
		CHECK(!strstr(list, item));
	}
	if (routes_is_upload(method, path))
		CHECK(m == MATCH_OK && r->route->upload && !strcmp(r->route->method, method));
	for (int i = 0; i < r->nparams; i++)
		free(r->params[i].value);
	free(r);
	free(path);
	return 0;
}
