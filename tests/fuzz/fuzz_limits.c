/* fuzz_limits.c — the `--limit NAME=N/PERIOD` list (ONESTOP_LIMITS), read
 * by ratelimit_configure_list (domain/core/ratelimit.h) from an operator.
 *
 * The input, NUL-terminated, is the list. Checked, by rules stated apart
 * from the code:
 *   - a refusal says why;
 *   - an accepted list is made of NAME=N/PERIOD items (separated by commas
 *     or spaces) with a known NAME, N only decimal digits up to 10^9 and
 *     PERIOD second, minute, hour or day — no sign, no blank, nothing else;
 *   - each rule then holds the last value the list gave it, as
 *     ratelimit_describe shows it;
 *   - what ratelimit_describe writes is itself accepted and describes the
 *     same rules (describe -> configure -> describe is a fixed point). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/core/ratelimit.h"

#include "check.h"

/* every rule of ratelimit.c's table, written out here: an accepted NAME must be one of them */
static const char *const NAMES[] = {"cases",
				    "cases.clerk",
				    "uploads",
				    "uploads.clerk",
				    "registrations",
				    "password_resets",
				    "password_resets.account",
				    "complaints.operator",
				    "complaints",
				    "complaints.anonymous",
				    "progress",
				    "ratings.by_code"};
static const char *const PERIODS[] = {"second", "minute", "hour", "day"};
#define COUNT(a) (sizeof a / sizeof a[0])

static bool one_of(const char *s, size_t n, const char *const *set, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if (strlen(set[i]) == n && !strncmp(set[i], s, n))
			return true;
	return false;
}

/* An accepted item, checked and turned into the "name=N/period" that describe must show. */
static void check_item(const char *t, char *want, size_t wantlen)
{
	const char *eq = strchr(t, '='), *slash = strchr(t, '/');
	CHECK(eq && slash && eq < slash);
	CHECK(one_of(t, (size_t)(eq - t), NAMES, COUNT(NAMES)));
	CHECK(one_of(slash + 1, strlen(slash + 1), PERIODS, COUNT(PERIODS)));
	CHECK(slash > eq + 1);
	unsigned long long n = 0;
	for (const char *p = eq + 1; p < slash; p++) {
		CHECK(*p >= '0' && *p <= '9');
		if (n <= 1000000000ULL)
			n = n * 10 + (unsigned)(*p - '0');
	}
	CHECK(n <= 1000000000ULL);
	snprintf(want, wantlen, "%.*s=%llu/%s", (int)(eq - t), t, n, slash + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 2000)
		return 0;
	char *s = malloc(size + 1), err[512] = "";
	memcpy(s, data, size);
	s[size] = 0;
	ratelimit_reset();
	int rc = ratelimit_configure_list(s, err, sizeof err);
	if (rc != 0) {
		CHECK(rc == -1 && err[0]);
		free(s);
		ratelimit_reset();
		return 0;
	}
	char d1[1024], d2[1024];
	ratelimit_describe(d1, sizeof d1);
	/* every item holds, the last one given for a rule winning */
	char *copy = strdup(s), *save = NULL;
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		char want[128];
		check_item(t, want, sizeof want);
		size_t namelen = strcspn(want, "=");
		bool later = false; /* a later item for the same rule overrides this one */
		char *rest = strdup(save ? save : ""), *save2 = NULL;
		char *u = strtok_r(rest, ", ", &save2);
		for (; u && !later; u = strtok_r(NULL, ", ", &save2))
			later = strncmp(u, want, namelen + 1) == 0;
		free(rest);
		if (!later) {
			/* as a whole word of the description */
			bool found = false;
			for (const char *p = d1; !found && (p = strstr(p, want)); p++)
				found =
				    (p == d1 || p[-1] == ' ') && (p[strlen(want)] == ' ' || !p[strlen(want)]);
			CHECK(found);
		}
	}
	free(copy);
	ratelimit_reset();
	CHECK(ratelimit_configure_list(d1, err, sizeof err) == 0);
	ratelimit_describe(d2, sizeof d2);
	CHECK(strcmp(d1, d2) == 0);
	ratelimit_reset();
	free(s);
	return 0;
}
