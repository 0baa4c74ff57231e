/* staff.h — the security administrator's view of staff accounts (安全管理员):
 * the list, and changing an account's roles and department.
 *
 * Rules of a role change: the roles are known staff roles, at least one; no
 * account holds two of the three administrator roles (三员分立); the
 * department is a known one, and the departmental roles (window clerk,
 * reviewer, approver, department head) need one; no one removes an
 * administrator role from their own account (the last security administrator
 * would otherwise lock everyone out of staff administration). Each change is
 * audited as staff.roles with the roles and department before and after. */
#ifndef ONESTOP_STAFF_H
#define ONESTOP_STAFF_H

#include <jansson.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

/* The roles that are work of one department. */
#define ROLES_DEPARTMENTAL (ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD)

/* {"items": [{id, username, name, department{code,name}, roles[], version}]}:
 * the active staff accounts of `department` (NULL: of all), by name. */
json_t *staff_list(dbc_t *c, const char *department);

/* Sets the roles (a comma-separated list) of the active staff account `id`
 * and, when `department` is not NULL, its department. E_OK (*out the account
 * as staff_list shows it), E_NOT_FOUND, E_VALIDATION (the fields in errs,
 * nothing written) or E_INTERNAL. */
errcode_t staff_set_roles(store_t *st, const actor_t *by, const char *id, const char *roles,
			  const char *department, errs_t *errs, json_t **out);

#endif
