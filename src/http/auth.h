/* auth.h — who is calling and may they: sessions from the Bearer header or
 * the session cookie, the CSRF rule for cookie writes, and the route's
 * declared access (roles). Resource scope (department, ownership) is checked
 * by authz_resource (api/request.h) with the rule the route declares. */
#ifndef ONESTOP_AUTH_H
#define ONESTOP_AUTH_H

#include "api/request.h"

/* Resolves the caller and checks the route's access rule. Returns true when
 * the request may proceed; otherwise has replied (401/403). */
bool auth_check(req_t *r);

#endif
