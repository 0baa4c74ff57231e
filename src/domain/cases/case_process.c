/* case_process.c — a matter's steps on the case machine (see case_process.h). */
#include "domain/cases/case_process.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_store.h"
#include <string.h>

static json_t *step(json_t *steps, const char *key, const char *zh, const char *en, const char *role)
{
	json_t *s = json_pack("{ss s{ss ss} ss s[]}", "key", key, "name", "zh", zh, "en", en, "role", role,
			      "states");
	json_array_append_new(steps, s);
	return s;
}

static void states(json_t *s, const char *const *names)
{
	json_t *arr = json_object_get(s, "states");
	for (; *names; names++)
		json_array_append_new(arr, json_string(*names));
}

/* A time limit: `days` working days counted from `from` ("submitted" or "accepted"). */
static void limit(json_t *s, long long days, const char *from)
{
	json_object_set_new(s, "days", json_integer(days));
	json_object_set_new(s, "from", json_string(from));
}

static json_int_t num(const json_t *matter, const char *key)
{
	return json_integer_value(json_object_get(matter, key));
}

static void pay_step(json_t *steps, const json_t *matter)
{
	json_t *s = step(steps, "pay", "缴费", "Pay the fee", "applicant");
	json_object_set_new(s, "amount_fen", json_integer(num(matter, "fee_fen")));
	json_object_set_new(s, "before_result",
			    json_boolean(json_is_true(json_object_get(matter, "fee_before_result"))));
	json_object_set_new(s, "how", json_pack("[ss]", "window", "online"));
}

json_t *case_process_steps(const json_t *matter)
{
	json_t *steps = json_array();
	bool immediate = json_is_true(json_object_get(matter, "immediate"));
	bool result = matter_has_result(matter);
	bool fee = num(matter, "fee_fen") > 0;
	const char *fee_step = json_string_value(json_object_get(matter, "fee_step"));
	bool fee_at_accept = fee && fee_step && !strcmp(fee_step, "accept");
	states(step(steps, "apply", "申请", "Apply", "applicant"), (const char *const[]){"draft", NULL});
	if (immediate) {
		json_t *s = step(steps, "handle", "受理并当场办结", "Accepted and completed on the spot",
				 "window_clerk");
		states(s, (const char *const[]){"submitted", "correction", NULL});
		limit(s, 0, "submitted");
		if (fee)
			pay_step(steps, matter);
		states(step(steps, "complete", "办结", "Completed", "window_clerk"),
		       (const char *const[]){"completed", NULL});
		return steps;
	}
	json_t *s = step(steps, "intake", "受理", "Intake", "window_clerk");
	states(s, (const char *const[]){"submitted", "correction", NULL});
	limit(s, CASE_INTAKE_DAYS, "submitted");
	if (fee_at_accept)
		pay_step(steps, matter);
	states(step(steps, "review", "审查", "Review", "reviewer"), (const char *const[]){"accepted", NULL});
	bool separate = json_is_true(json_object_get(matter, "separate_approval"));
	s = step(steps, "decide", "决定", "Decision", separate ? "approver" : "reviewer");
	states(s, (const char *const[]){"in_review", "suspended", NULL});
	limit(s, num(matter, "promised_days"), "accepted");
	json_object_set_new(s, "legal_days", json_integer(num(matter, "legal_days")));
	if (fee && !fee_at_accept)
		pay_step(steps, matter);
	if (result) {
		states(step(steps, "issue", "制证", "Result issued", "reviewer"),
		       (const char *const[]){"approved", NULL});
		s = step(steps, "deliver", "送达", "Delivery", "window_clerk");
		states(s, (const char *const[]){"issued", NULL});
		json_object_set_new(s, "methods", json_deep_copy(json_object_get(matter, "delivery")));
		states(step(steps, "complete", "办结", "Completed", "window_clerk"),
		       (const char *const[]){"delivered", "denied", "completed", NULL});
	} else
		states(step(steps, "complete", "办结", "Completed", "window_clerk"),
		       (const char *const[]){"approved", "denied", "completed", NULL});
	return steps;
}

const char *case_process_step_of(const json_t *steps, const char *status)
{
	size_t i, j;
	json_t *s, *v;
	json_array_foreach (steps, i, s)
		json_array_foreach (json_object_get(s, "states"), j, v)
			if (!strcmp(json_string_value(v), status))
				return json_string_value(json_object_get(s, "key"));
	return NULL;
}
