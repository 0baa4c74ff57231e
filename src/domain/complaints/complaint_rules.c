/* complaint_rules.c — responsibility-list matching and time-class deadlines
 * (see complaint_rules.h). */
#include "domain/complaints/complaint_rules.h"
#include <string.h>

#define DAY_MS (86400 * 1000LL)
#define UTC8_MS (8 * 3600 * 1000LL)

const char *complaint_duty_match(const duty_row_t *rows, size_t n, const char *const *cats,
				 const char *const places[3])
{
	const char *best = NULL;
	int best_score = -1;
	for (size_t i = 0; i < n; i++) {
		int p = -1, k = -1;
		for (int j = 0; j < 3; j++)
			if (places[j] && !strcmp(places[j], rows[i].place)) {
				p = j;
				break;
			}
		for (int j = 0; cats[j]; j++)
			if (!strcmp(cats[j], rows[i].category)) {
				k = j;
				break;
			}
		if (p < 0 || k < 0)
			continue;
		/* the place decides first, then the category: fewer steps up is more specific */
		int score = (3 - p) * 1000 + (999 - (k > 999 ? 999 : k));
		if (score > best_score) {
			best_score = score;
			best = rows[i].body;
		}
	}
	return best;
}

static const struct {
	const char *name;
	int hours, workdays;
} CLASSES[] = {
    {"urgent", 2, 0},
    {"utility", 24, 0},
    {"general", 0, 7},
    {"complex", 0, 15},
};

bool complaint_time_class_ok(const char *s)
{
	for (size_t i = 0; i < sizeof CLASSES / sizeof CLASSES[0]; i++)
		if (!strcmp(CLASSES[i].name, s))
			return true;
	return false;
}

int64_t complaint_reply_due(const calendar_t *cal, const char *tc, int64_t received_ms, bool *provisional)
{
	if (provisional)
		*provisional = false;
	for (size_t i = 0; i < sizeof CLASSES / sizeof CLASSES[0]; i++) {
		if (strcmp(CLASSES[i].name, tc))
			continue;
		if (CLASSES[i].hours)
			return received_ms + CLASSES[i].hours * 3600 * 1000LL;
		if (!cal)
			return -1;
		bool prov = false;
		day_t last =
		    calendar_add_workdays(cal, date_from_ms(received_ms), CLASSES[i].workdays, &prov);
		if (provisional)
			*provisional = prov;
		/* the end of that day in Asia/Shanghai */
		return ((int64_t)last + 1) * DAY_MS - UTC8_MS - 1;
	}
	return -1;
}

const char *complaint_colour(int64_t start_ms, int64_t due_ms, int64_t now_ms)
{
	if (due_ms <= 0)
		return "none";
	if (now_ms > due_ms)
		return "red";
	return (due_ms - now_ms) * 4 <= due_ms - start_ms ? "yellow" : "green";
}

bool complaint_spike(int64_t count, const int64_t *before, int n, double factor, int64_t min)
{
	if (n <= 0 || count < min)
		return false;
	int64_t sum = 0;
	for (int i = 0; i < n; i++)
		sum += before[i];
	/* count > factor * sum / n, without dividing */
	return (double)count * n > factor * (double)sum;
}

static bool same(const char *a, const char *b) { return !strcmp(a ? a : "", b ? b : ""); }

complaint_dup_why_t complaint_duplicate_why(const complaint_dup_t *dup, const complaint_dup_t *lead)
{
	if (same(dup->id, lead->id))
		return DUP_SELF;
	if (!same(dup->category, lead->category))
		return DUP_CATEGORY;
	if (!same(dup->district, lead->district) || !same(dup->street, lead->street))
		return DUP_PLACE;
	int64_t apart = dup->created_at - lead->created_at;
	if (apart > COMPLAINT_DUPLICATE_MS || apart < -COMPLAINT_DUPLICATE_MS)
		return DUP_WINDOW;
	if (same(lead->status, "merged"))
		return DUP_CHAINED;
	if (!same(lead->status, "dispatched") && !same(lead->status, "signed") &&
	    !same(lead->status, "handling"))
		return DUP_NOT_IN_HAND;
	return DUP_OK;
}
