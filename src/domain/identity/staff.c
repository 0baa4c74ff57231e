/* staff.c — the rules of changing a staff member's roles (see staff.h); the
 * statements are in staff_store.c. */
#include "domain/identity/staff.h"
#include "domain/identity/staff_store.h"
#include "domain/core/audit.h"
#include "domain/core/geo.h"
#include <stdio.h>
#include <string.h>

json_t *staff_list(dbc_t *c, const char *department)
{
	return json_pack("{so}", "items", staff_store_rows(c, department, NULL));
}

struct set_ctx {
	const actor_t *by;
	const char *id;
	char roles[ROLE_LIST_LEN], department[DEPT_CODE_LEN];
	char old_roles[ROLE_LIST_LEN], old_department[DEPT_CODE_LEN];
	int64_t version;
};

static int set_write(dbc_t *c, void *arg)
{
	struct set_ctx *x = arg;
	if (!staff_store_current(c, x->id, x->old_roles, sizeof x->old_roles, x->old_department,
				 sizeof x->old_department, &x->version))
		return E_NOT_FOUND;
	if (staff_store_set(c, x->id, x->roles, x->department) != 0)
		return -1;
	json_t *d = json_pack("{s{ss ss} s{ss ss}}", "from", "roles", x->old_roles, "department",
			      x->old_department, "to", "roles", x->roles, "department", x->department);
	int rc = audit_append(c, x->by, "staff.roles", "account", x->id, x->version, x->version + 1, d);
	json_decref(d);
	return rc;
}

/* Field checks that need no database: the role list and the separation of duties. */
static void check_roles(const char *csv, unsigned *roles, errs_t *errs)
{
	if (role_parse_list(csv, roles) != 0 || !*roles || (*roles & ~(unsigned)ROLES_STAFF))
		errs_add(errs, "roles", "not_an_option", "角色无效：应为一个或多个工作人员角色",
			 "unknown role: one or more staff roles");
	else if (__builtin_popcount(*roles & ROLES_ADMINS) > 1)
		errs_add(errs, "roles", "separation_of_duties",
			 "系统管理员、安全管理员、审计管理员不能由同一账户兼任",
			 "no account may hold two of the system, security and audit administrator roles");
}

errcode_t staff_set_roles(store_t *st, const actor_t *by, const char *id, const char *roles,
			  const char *department, errs_t *errs, json_t **out)
{
	*out = NULL;
	dbc_t *c = store_reader(st);
	struct set_ctx x = {.by = by, .id = id};
	if (!staff_store_current(c, id, x.old_roles, sizeof x.old_roles, x.old_department,
				 sizeof x.old_department, &x.version))
		return E_NOT_FOUND;
	unsigned want = 0, had = 0;
	check_roles(roles, &want, errs);
	if (role_parse_list(x.old_roles, &had) != 0)
		had = 0;
	const char *dept = department ? department : x.old_department;
	if (department && !geo_department_exists(c, department))
		errs_add(errs, "department", "unknown", "部门不存在", "no such department");
	else if ((want & ROLES_DEPARTMENTAL) && !*dept)
		errs_add(errs, "department", "required", "窗口、审查、审批和部门负责人角色须有所属部门",
			 "window clerk, reviewer, approver and department head roles need a department");
	/* Own account: an administrator role once held stays held. */
	if (!strcmp(by->id, id) && (had & ROLES_ADMINS & ~want))
		errs_add(errs, "roles", "own_admin_role", "不能取消自己的管理员角色",
			 "you cannot remove your own administrator role");
	if (errs_any(errs))
		return E_VALIDATION;
	role_format_list(want, x.roles, sizeof x.roles);
	snprintf(x.department, sizeof x.department, "%s", dept);
	int rc = store_write(st, set_write, &x);
	if (rc == E_NOT_FOUND)
		return E_NOT_FOUND;
	if (rc != 0)
		return E_INTERNAL;
	json_t *rows = staff_store_rows(store_reader(st), NULL, id);
	*out = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	return *out ? E_OK : E_INTERNAL;
}
