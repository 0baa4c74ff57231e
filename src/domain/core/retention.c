/* retention.c — the periods and their configuration (see retention.h). */
#include "domain/core/retention.h"
#include "base/setlist.h"
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS (24LL * 3600 * 1000)

typedef struct {
	const char *name; /* what --retain names */
	int64_t def_days;
	int64_t days; /* as configured */
} period_t;

/* The defaults, and why (docs/operations.md has the table):
 *  - sessions: 7 days past expiry, long enough to answer "was I logged in
 *    on Monday?" from the rows, after which a dead token is only a risk.
 *  - reset_codes: 1 day past use or expiry, to look into abuse reported the
 *    same day; the code's message (the only clear copy) goes with it.
 *  - drafts: 90 days unchanged; a draft is nobody's record until submitted,
 *    and a quarter covers the longest preparation of materials.
 *  - messages: 180 days after creation once read or delivered; the case
 *    record keeps every status change, the message is only its notice.
 *  - uploads: 30 days without a case; a file never attached to a case is
 *    no record of anything, and may be an ID card scan. */
static period_t PERIODS[RETAIN__KINDS] = {
    [RETAIN_SESSIONS] = {"sessions", 7, 0}, [RETAIN_RESET_CODES] = {"reset_codes", 1, 0},
    [RETAIN_DRAFTS] = {"drafts", 90, 0},    [RETAIN_MESSAGES] = {"messages", 180, 0},
    [RETAIN_UPLOADS] = {"uploads", 30, 0},
};

static bool ready;

static void init(void)
{
	if (ready)
		return;
	for (int i = 0; i < RETAIN__KINDS; i++)
		PERIODS[i].days = PERIODS[i].def_days;
	ready = true;
}

void retention_reset(void)
{
	ready = false;
	init();
}

int64_t retention_ms(retain_kind_t kind)
{
	init();
	return PERIODS[kind].days * DAY_MS;
}

int retention_configure(const char *spec, char *err, size_t errlen)
{
	init();
	const char *eq = strchr(spec, '=');
	period_t *p = NULL;
	for (int i = 0; eq && i < RETAIN__KINDS; i++)
		if (strlen(PERIODS[i].name) == (size_t)(eq - spec) &&
		    !strncmp(PERIODS[i].name, spec, eq - spec))
			p = &PERIODS[i];
	if (!p) {
		snprintf(err, errlen,
			 "--retain wants NAME=DAYS with NAME one of sessions, reset_codes, drafts, messages, "
			 "uploads; got '%s'",
			 spec);
		return -1;
	}
	char *end;
	errno = 0;
	long long d = strtoll(eq + 1, &end, 10);
	if (errno || end == eq + 1 || *end || d < 0 || d > 36500) {
		snprintf(err, errlen, "--retain wants NAME=DAYS with 0 <= DAYS <= 36500; got '%s'", spec);
		return -1;
	}
	p->days = d;
	return 0;
}

int retention_configure_list(const char *list, char *err, size_t errlen)
{
	return setlist_each(list, "ONESTOP_RETENTION", retention_configure, err, errlen);
}

void retention_describe(char *out, size_t n)
{
	init();
	size_t used = 0;
	out[0] = 0;
	for (int i = 0; i < RETAIN__KINDS && used < n; i++) {
		int w = snprintf(out + used, n - used, "%s=%lld%s", PERIODS[i].name,
				 (long long)PERIODS[i].days, i + 1 < RETAIN__KINDS ? " " : "");
		if (w < 0)
			break;
		used += (size_t)w;
	}
}
