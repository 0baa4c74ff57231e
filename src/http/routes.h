/* routes.h — the one route table and its matcher. */
#ifndef ONESTOP_ROUTES_H
#define ONESTOP_ROUTES_H

#include "api/request.h"

/* The table, ending with a row whose method is NULL. */
const route_t *routes_table(void);
size_t routes_count(void);

typedef enum { MATCH_OK, MATCH_NO_PATH, MATCH_NO_METHOD } match_t;

/* Finds the route for method+path; fills path params (values malloc'd into r->params).
 * On MATCH_NO_METHOD, `allow` receives the allowed methods ("GET, POST"). */
match_t routes_match(const char *method, const char *path, req_t *r, char *allow, size_t allowlen);
/* A route whose pattern matches the path, whatever its method (NULL if none):
 * what a 405 is counted under. */
const route_t *routes_for_path(const char *path);
/* Whether method+path is an upload route (decided on the request's first call). */
bool routes_is_upload(const char *method, const char *path);
/* Index of a route in the table (for metrics). */
size_t routes_index(const route_t *rt);

#endif
