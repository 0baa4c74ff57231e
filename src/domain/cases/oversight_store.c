/* oversight_store.c — the overview of overdue and warning cases (see oversight.h).
 * The colour is the one the SLA job stores on each case (case_jobs.c). */
#include "domain/cases/oversight.h"
#include "domain/cases/case_flow.h"
#include "domain/core/wf.h"
#include <stdio.h>
#include <string.h>

/* The cases whose clock runs: the same as CASE_IDS_CLOCK_RUNNING (case_store.c). */
#define RUNNING                                                                                              \
	"c.accepted_day IS NOT NULL AND c.finished_day IS NULL "                                             \
	"AND c.status NOT IN ('completed', 'refused', 'withdrawn') "                                         \
	"AND c.colour IN ('red', 'yellow') AND c.due_day IS NOT NULL "                                       \
	"AND (CAST(? AS TEXT) IS NULL OR c.colour = ?) "

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

/* The list's order: red before yellow ('red' < 'yellow'), then the deadline, then the case's id,
 * which is cases_oversight's (migration 0064), so that a page is a seek from its cursor. A cursor's
 * time holds the colour and the deadline of the page's last row: 0 (red) or 1 (yellow) times
 * 10^8, plus the deadline as yyyymmdd. */
#define OV_COLS                                                                                          \
	"SELECT c.id, c.number, c.matter_code, m.name_zh, m.name_en, c.status, c.due_day, c.colour, "     \
	"c.department, d.name_zh, d.name_en FROM cases c JOIN matters m ON m.code = c.matter_code "       \
	"JOIN departments d ON d.code = c.department WHERE " RUNNING
#define OV_AFTER "AND (c.colour, c.due_day, c.id) > (?, ?, ?) "
#define OV_ORDER "ORDER BY c.colour, c.due_day, c.id LIMIT ?"
#define OV_RANK 100000000LL

static int64_t cursor_time(const char *colour, const char *due)
{
	int y = 0, m = 0, d = 0;
	sscanf(due, "%4d-%2d-%2d", &y, &m, &d);
	return (strcmp(colour, "red") != 0) * OV_RANK + y * 10000LL + m * 100 + d;
}

/* The colour and deadline a cursor's time holds; false when it holds none. */
static bool cursor_key(int64_t at, const char **colour, char due[11])
{
	int64_t rank = at / OV_RANK, day = at % OV_RANK;
	int y = (int)(day / 10000), m = (int)(day / 100 % 100), d = (int)(day % 100);
	if (at < 0 || rank > 1 || y < 1900 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	*colour = rank ? "yellow" : "red";
	snprintf(due, 11, "%04d-%02d-%02d", y, m, d);
	return true;
}

static json_t *items(dbc_t *c, const char *colour, const page_cursor_t *cur, page_t *page)
{
	const char *after_colour;
	char after_due[11];
	dbs_t *s;
	if (cur->set) {
		if (!cursor_key(cur->at, &after_colour, after_due))
			return NULL;
		s = db_prep(c, OV_COLS OV_AFTER OV_ORDER);
		db_bind(s, colour, colour, after_colour, after_due, cur->id, page->limit + 1);
	} else {
		s = db_prep(c, OV_COLS OV_ORDER);
		db_bind(s, colour, colour, page->limit + 1);
	}
	json_t *out = json_array();
	while (db_step(s) == DB_ROW) {
		const char *status = db_col_text(s, 5), *due = db_col_text(s, 6);
		if (!page_take(page, cursor_time(db_col_text(s, 7), due), db_col_text(s, 0)))
			break;
		json_array_append_new(out,
				      json_pack("{ss ss s{ss s{ss ss}} ss s{ss ss} ss ss s{ss s{ss ss}}}",
						"id", db_col_text(s, 0), "number", db_col_text(s, 1),
						"matter", "code", db_col_text(s, 2), "name", "zh",
						db_col_text(s, 3), "en", db_col_text(s, 4), "status", status,
						"status_label", "zh", wf_state_zh(&case_machine, status),
						"en", wf_state_en(&case_machine, status), "deadline", due,
						"colour", db_col_text(s, 7), "department", "code",
						db_col_text(s, 8), "name", "zh", db_col_text(s, 9), "en",
						db_col_text(s, 10)));
	}
	db_reset(s);
	return out;
}

json_t *oversight_cases(dbc_t *c, const char *colour, int limit, const page_cursor_t *cur)
{
	page_t page = page_start(limit);
	json_t *list = items(c, colour, cur, &page);
	if (!list)
		return NULL;
	json_t *out = page_answer(list, &page), *depts = counts(c, colour), *d;
	json_int_t total = 0; /* every such case: the departments' counts summed */
	size_t i;
	json_array_foreach(depts, i, d)
	{
		total += json_integer_value(json_object_get(d, "red"));
		total += json_integer_value(json_object_get(d, "yellow"));
	}
	json_object_set_new(out, "departments", depts);
	json_object_set_new(out, "total", json_integer(total));
	return out;
}
