/* staff_store.c — the statements of staff administration (see staff_store.h). */
#include "domain/identity/staff_store.h"
#include "domain/core/role.h"
#include <string.h>

static json_t *role_names(const char *csv)
{
	json_t *out = json_array();
	unsigned roles = 0;
	if (role_parse_list(csv, &roles) != 0)
		return out;
	for (unsigned b = 0; b < ROLE_BITS; b++)
		if (roles & (1u << b))
			json_array_append_new(out, json_string(role_name(1u << b)));
	return out;
}

json_t *staff_store_rows(dbc_t *c, const char *department, const char *id)
{
	dbs_t *s = db_prep(c, "SELECT a.id, a.username, a.display_name, COALESCE(a.department, ''), "
			      "COALESCE(d.name_zh, ''), COALESCE(d.name_en, ''), a.roles, a.version "
			      "FROM accounts a LEFT JOIN departments d ON d.code = a.department "
			      "WHERE a.kind = 'staff' AND a.status = 'active' "
			      "AND (CAST(? AS TEXT) IS NULL OR a.department = ?) "
			      "AND (CAST(? AS TEXT) IS NULL OR a.id = ?) ORDER BY a.display_name, a.id");
	db_bind(s, department, department, id, id);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_pack("{ss ss ss s{ss ss ss} so sI}", "id", db_col_text(s, 0),
						     "username", db_col_text(s, 1), "name", db_col_text(s, 2),
						     "department", "code", db_col_text(s, 3), "zh",
						     db_col_text(s, 4), "en", db_col_text(s, 5), "roles",
						     role_names(db_col_text(s, 6)), "version",
						     (json_int_t)db_col_int(s, 7)));
	db_reset(s);
	return out;
}

bool staff_store_current(dbc_t *c, const char *id, char *roles, size_t rn, char *department, size_t dn,
			 int64_t *version)
{
	dbs_t *s = db_prep(c, "SELECT roles, COALESCE(department, ''), version FROM accounts "
			      "WHERE id = ? AND kind = 'staff' AND status = 'active'");
	db_bind(s, id);
	bool found = db_step(s) == DB_ROW;
	if (found) {
		db_col_str(s, 0, roles, rn);
		db_col_str(s, 1, department, dn);
		*version = db_col_int(s, 2);
	}
	db_reset(s);
	return found;
}

int staff_store_set(dbc_t *c, const char *id, const char *roles, const char *department)
{
	if (db_run(c,
		   "UPDATE accounts SET roles = ?, department = ?, version = version + 1 "
		   "WHERE id = ? AND kind = 'staff' AND status = 'active'",
		   roles, department, id) != DB_DONE)
		return -1;
	return db_changes(c) == 1 ? 0 : -1;
}
