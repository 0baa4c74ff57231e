/* case_clock.c — see case_clock.h. */
#include "domain/cases/case_clock.h"
#include "domain/calendar/workcal.h"
#include "domain/calendar/deadline.h"
#include "domain/cases/case_store.h"

const char *clock_colour(int left, int total, bool overdue)
{
	if (overdue)
		return "red";
	if (left <= 2 || left * 5 <= total)
		return "yellow";
	return "green";
}

void case_clock(dbc_t *c, const clock_in_t *in, day_t today, clock_out_t *out)
{
	*out = (clock_out_t){.colour = "none"};
	day_t acc;
	if (!in->accepted_day || !date_parse(in->accepted_day, &acc))
		return;
	out->started = true;
	out->accepted = acc;
	out->total = in->promised_days + in->extension_days;
	deadline_t d;
	if (workcal_add(c, in->region, acc, out->total + in->paused_workdays, &d) != E_OK)
		return;
	out->due = d.due;
	out->provisional = d.provisional;
	day_t end = today, fin, paused;
	if (in->finished_day && date_parse(in->finished_day, &fin)) {
		out->finished = true;
		end = fin;
	}
	int paused_now = 0;
	bool prov;
	if (in->paused_day && date_parse(in->paused_day, &paused)) {
		out->paused = true;
		/* while suspended the clock stands where it stopped */
		if (workcal_between(c, in->region, paused, end, &paused_now, &prov) != E_OK)
			paused_now = 0;
	}
	int elapsed = 0;
	workcal_between(c, in->region, acc, end, &elapsed, &prov);
	out->used = elapsed - in->paused_workdays - paused_now;
	if (out->used < 0)
		out->used = 0;
	out->left = out->total - out->used;
	if (out->paused) {
		/* the deadline moves day by day while the clock stands */
		workcal_add(c, in->region, acc, out->total + in->paused_workdays + paused_now, &d);
		out->due = d.due;
		out->provisional = d.provisional;
	}
	/* overdue: the working days ran out, or (clock running) the deadline day
	 * is behind us — a Friday deadline is missed on Saturday, not Monday */
	bool overdue = out->left < 0 || (!out->paused && end > out->due);
	/* on the day it is accepted a case has lost no time: green, even when a
	 * 1-day matter's whole term is "at most 2 days left" */
	if (out->finished)
		out->colour = "none";
	else if (end == acc && !overdue)
		out->colour = "green";
	else
		out->colour = clock_colour(out->left, out->total, overdue);
}

json_t *case_clock_json(const clock_out_t *k, bool extended)
{
	if (!k->started)
		return json_pack("{sb ss sb}", "started", 0, "colour", "none", "extended", extended);
	char acc[DATE_STR_LEN], due[DATE_STR_LEN];
	date_format(k->accepted, acc);
	date_format(k->due, due);
	return json_pack("{sb ss ss sb si si si sb sb sb ss}", "started", 1, "accepted_on", acc, "deadline",
			 due, "provisional", k->provisional, "total_days", k->total, "days_used", k->used,
			 "days_left", k->left, "paused", k->paused, "finished", k->finished, "extended",
			 extended, "colour", k->colour);
}

int case_intake_term(dbc_t *c, const char *id, const char *region, const char *applicant,
		     char due[DATE_STR_LEN])
{
	deadline_t d;
	due[0] = '\0';
	if (deadline_set(c, "case", id, "intake", region, today_day(), CASE_INTAKE_DAYS, applicant, &d) != 0)
		return -1;
	date_format(d.due, due);
	return 0;
}
