/* oversight_store.c — the overview of overdue and warning cases (see oversight.h).
 * The colour is the one the SLA job stores on each case (case_jobs.c). */
#include "domain/cases/oversight.h"
#include "domain/cases/case_flow.h"
#include "domain/core/wf.h"
#include <string.h>

/* The cases whose clock runs: the same as CASE_IDS_CLOCK_RUNNING (case_store.c). */
#define RUNNING                                                                                              \
	"c.accepted_day IS NOT NULL AND c.finished_day IS NULL "                                             \
	"AND c.status NOT IN ('completed', 'refused', 'withdrawn') "                                         \
	"AND c.colour IN ('red', 'yellow') AND (CAST(? AS TEXT) IS NULL OR c.colour = ?) "

static json_t *counts(dbc_t *c, const char *colour)
{
	dbs_t *s = db_prep(c, "SELECT d.code, d.name_zh, d.name_en, "
			      "SUM(CASE WHEN c.colour = 'red' THEN 1 ELSE 0 END), "
			      "SUM(CASE WHEN c.colour = 'yellow' THEN 1 ELSE 0 END) "
			      "FROM cases c JOIN departments d ON d.code = c.department WHERE " RUNNING
			      "GROUP BY d.code, d.name_zh, d.name_en ORDER BY d.code");
	db_bind(s, colour, colour);
	json_t *out = json_array();
	while (db_step(s) == DB_ROW)
		json_array_append_new(out, json_pack("{ss s{ss ss} sI sI}", "code", db_col_text(s, 0), "name",
						     "zh", db_col_text(s, 1), "en", db_col_text(s, 2), "red",
						     (json_int_t)db_col_int(s, 3), "yellow",
						     (json_int_t)db_col_int(s, 4)));
	db_reset(s);
	return out;
}

static json_t *items(dbc_t *c, const char *colour, json_int_t *total)
{
	dbs_t *s = db_prep(c, "SELECT c.id, c.number, c.matter_code, m.name_zh, m.name_en, c.status, "
			      "c.due_day, c.colour, c.department, d.name_zh, d.name_en "
			      "FROM cases c JOIN matters m ON m.code = c.matter_code "
			      "JOIN departments d ON d.code = c.department WHERE " RUNNING
			      "ORDER BY CASE WHEN c.colour = 'red' THEN 0 ELSE 1 END, c.due_day, c.number");
	db_bind(s, colour, colour);
	json_t *out = json_array();
	*total = 0;
	while (db_step(s) == DB_ROW) {
		if (++*total > OVERSIGHT_LIMIT)
			continue;
		const char *status = db_col_text(s, 5), *due = db_col_text(s, 6);
		json_array_append_new(out,
				      json_pack("{ss ss s{ss s{ss ss}} ss s{ss ss} so ss s{ss s{ss ss}}}",
						"id", db_col_text(s, 0), "number", db_col_text(s, 1),
						"matter", "code", db_col_text(s, 2), "name", "zh",
						db_col_text(s, 3), "en", db_col_text(s, 4), "status", status,
						"status_label", "zh", wf_state_zh(&case_machine, status),
						"en", wf_state_en(&case_machine, status), "deadline",
						due ? json_string(due) : json_null(), "colour",
						db_col_text(s, 7), "department", "code", db_col_text(s, 8),
						"name", "zh", db_col_text(s, 9), "en", db_col_text(s, 10)));
	}
	db_reset(s);
	return out;
}

json_t *oversight_cases(dbc_t *c, const char *colour)
{
	json_int_t total = 0;
	json_t *list = items(c, colour, &total);
	return json_pack("{so so sI sb}", "departments", counts(c, colour), "items", list, "total", total,
			 "truncated", total > OVERSIGHT_LIMIT);
}
