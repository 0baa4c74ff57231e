/* appointment_seed.c — demo slots for the departments of the demo (see
 * appointment_seed_demo in appointment.h): three weeks of half-hour slots
 * following each department's working calendar, with Saturday mornings for
 * weekend service. Idempotent, so every start may run it. */
#include "domain/appointments/appointment.h"
#include "domain/appointments/appointment_store.h"
#include "domain/core/audit.h"
#include "domain/calendar/workcal.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/log.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>

enum { DAY_CLOSED, DAY_MORNING, DAY_FULL };

/* Opening of a department's windows on a day: working days (the region's
 * calendar, with 调休) full; Saturdays that are not public holidays the
 * morning (weekend service); other days closed. */
static int opening(dbc_t *c, const char *region, day_t d)
{
	int n = 0;
	bool prov;
	if (workcal_between(c, region, d - 1, d, &n, &prov) != E_OK)
		n = date_weekday(d) <= 5;
	if (n == 1)
		return DAY_FULL;
	if (date_weekday(d) != 6)
		return DAY_CLOSED;
	char ds[DATE_STR_LEN];
	date_format(d, ds);
	return appointment_store_day_off(c, region, ds) ? DAY_CLOSED : DAY_MORNING;
}

#define SEED_DAYS 21
#define SEED_CAPACITY 4
#define SEED_MAX_SLOTS (SEED_DAYS * 16)
#define SEED_REGION_LEN 16

struct seed_ctx {
	actor_t actor;
	int n;
	slot_row_t slot[SEED_MAX_SLOTS];
	int added;
};

static int seed_write(dbc_t *c, void *arg)
{
	struct seed_ctx *x = arg;
	x->added = 0;
	int64_t now = clock_now_ms();
	for (int i = 0; i < x->n; i++) {
		id_new(x->slot[i].id);
		int added = appointment_store_slot_insert_new(c, &x->slot[i], now, x->actor.id);
		if (added < 0)
			return -1;
		x->added += added;
	}
	if (x->added == 0 || x->n == 0)
		return 0;
	json_t *detail =
	    json_pack("{ss ss si}", "from", x->slot[0].day, "to", x->slot[x->n - 1].day, "added", x->added);
	int rc = audit_append(c, &x->actor, "slot.seed", "department", x->slot[0].department, 0, 0, detail);
	json_decref(detail);
	return rc;
}

int appointment_seed_demo(store_t *st)
{
	static const char *const departments[] = {"amr", "health", "psb"};
	static const int hours[][2] = {{9 * 60, 12 * 60}, {13 * 60 + 30, 17 * 60}};
	dbc_t *rc = store_reader(st);
	day_t today = date_from_ms(clock_now_ms());
	struct seed_ctx *x = xcalloc(1, sizeof *x);
	actor_system(&x->actor, "seed");
	int result = 0, total = 0;
	for (size_t k = 0; k < sizeof departments / sizeof departments[0]; k++) {
		char region[SEED_REGION_LEN];
		if (!appointment_store_department_region(rc, departments[k], region, sizeof region) ||
		    !region[0])
			continue; /* this demo has no such department */
		x->n = 0;
		for (day_t d = today; d < today + SEED_DAYS; d++) {
			int open = opening(rc, region, d);
			for (int p = 0; p < (open == DAY_FULL ? 2 : open == DAY_MORNING ? 1 : 0); p++)
				for (int m = hours[p][0]; m + 30 <= hours[p][1] && x->n < SEED_MAX_SLOTS;
				     m += 30) {
					slot_row_t *r = &x->slot[x->n++];
					snprintf(r->department, sizeof r->department, "%s", departments[k]);
					date_format(d, r->day);
					appt_time_format(m, r->start);
					appt_time_format(m + 30, r->end);
					r->capacity = SEED_CAPACITY;
				}
		}
		if (store_write(st, seed_write, x) != 0) {
			result = -1;
			break;
		}
		total += x->added;
	}
	free(x);
	if (total)
		log_info("seed: %d appointment slots added", total);
	return result;
}
