/* ratelimit.c — the rules and their counting (see ratelimit.h). */
#include "domain/core/ratelimit.h"
#include "base/setlist.h"
#include "domain/core/ratelimit_store.h"
#include "domain/core/errcode.h"
#include "domain/core/role.h"
#include "base/clock.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SECOND_MS 1000LL
#define MINUTE_MS (60 * SECOND_MS)
#define HOUR_MS (60 * MINUTE_MS)
#define DAY_MS (24 * HOUR_MS)

typedef enum { BY_ACCOUNT, BY_ADDRESS } subject_t;

typedef struct {
	const char *name; /* what --limit names */
	limit_kind_t kind;
	subject_t by;
	unsigned roles; /* the actors it is for; 0 = everyone no rule before it took */
	const char *what_zh, *what_en;
	int64_t def_n, def_period_ms;
	int64_t n, period_ms; /* as configured; n = 0: unlimited */
} rule_t;

/* The one table of limits. For each kind the first rule whose roles the
 * actor holds applies (so a role's own rule stands before the everyone
 * rule). The defaults, and why:
 *  - cases: an applicant files a handful of cases a day; 200 a day leaves an
 *    enterprise's filing officer room for many drafts and stops a script at
 *    200 instead of the 12,000 drafts in 24 s accepted before.
 *  - cases.clerk: a window clerk files dozens of cases an hour for walk-ins;
 *    300 an hour (5 a minute, all hour) covers a rush or typing in a backlog.
 *  - uploads: a case asks for a few materials, often sent again after a
 *    correction; 1000 a day per applicant is five per case at the case limit.
 *  - uploads.clerk: the scans of every walk-in case, 5 per case at the
 *    clerk's case limit: 1500 an hour.
 *  - registrations: per client address, as nobody is logged in; a service
 *    hall's kiosks and a government office's NAT share an address, so 100 an
 *    hour, far above a hall's walk-ins and far below a script's thousands.
 *  - password_resets: per client address, as nobody is logged in; 30 an
 *    hour lets a service hall's kiosks help many people and stops a script
 *    trying usernames and phones long before it learns anything.
 *  - password_resets.account: codes sent to one account's phone; 5 an hour
 *    covers a lost or late SMS a few times and stops anyone from flooding
 *    a person's phone. Over it the request is answered as usual and no code
 *    is sent, so the answer never tells whether the username and phone match.
 *  - complaints.operator: a 12345 operator files for callers all shift, a
 *    call every few minutes at most; 120 an hour is a rush hour twice over.
 *  - complaints: a person or enterprise files a few requests a week; 20 a day
 *    leaves room for a bad day and stops a script flooding the hotline's bodies.
 *  - complaints.anonymous: callers not logged in, per client address (a
 *    phone is required but anyone can type one); 30 an hour, as a service
 *    hall's kiosks or an office's NAT share an address.
 *  - progress: 进度查询 without logging in, per client address, right or
 *    wrong; a hall's kiosk answers many people, so 60 an hour, and a script
 *    pairing case numbers with ID numbers stops at 60 tries. */
static rule_t RULES[] = {
    {"cases.clerk", LIMIT_CASES, BY_ACCOUNT, ROLE_WINDOW_CLERK, "创建办件", "case creations", 300, HOUR_MS, 0,
     0},
    {"cases", LIMIT_CASES, BY_ACCOUNT, 0, "创建办件", "case creations", 200, DAY_MS, 0, 0},
    {"uploads.clerk", LIMIT_UPLOADS, BY_ACCOUNT, ROLE_WINDOW_CLERK, "上传文件", "file uploads", 1500, HOUR_MS,
     0, 0},
    {"uploads", LIMIT_UPLOADS, BY_ACCOUNT, 0, "上传文件", "file uploads", 1000, DAY_MS, 0, 0},
    {"registrations", LIMIT_REGISTRATIONS, BY_ADDRESS, 0, "注册账户", "registrations", 100, HOUR_MS, 0, 0},
    {"password_resets", LIMIT_RESETS, BY_ADDRESS, 0, "申请重置密码", "password reset requests", 30, HOUR_MS, 0,
     0},
    {"password_resets.account", LIMIT_RESETS_ACCOUNT, BY_ACCOUNT, 0, "发送重置验证码", "reset codes sent", 5,
     HOUR_MS, 0, 0},
    {"complaints.operator", LIMIT_COMPLAINTS, BY_ACCOUNT, ROLE_OPERATOR, "提交诉求", "requests filed", 120,
     HOUR_MS, 0, 0},
    {"complaints", LIMIT_COMPLAINTS, BY_ACCOUNT, 0, "提交诉求", "requests filed", 20, DAY_MS, 0, 0},
    {"complaints.anonymous", LIMIT_COMPLAINTS_ANON, BY_ADDRESS, 0, "匿名提交诉求",
     "requests filed without an account", 30, HOUR_MS, 0, 0},
    {"progress", LIMIT_PROGRESS, BY_ADDRESS, 0, "进度查询", "progress questions", 60, HOUR_MS, 0, 0},
    {"ratings.by_code", LIMIT_RATING_CODES, BY_ADDRESS, 0, "凭评价码评价", "ratings with a code", 30, HOUR_MS,
     0, 0},
};
#define N_RULES (sizeof RULES / sizeof RULES[0])

static const struct {
	const char *name, *zh;
	int64_t ms;
} PERIODS[] = {{"second", "秒", SECOND_MS},
	       {"minute", "分钟", MINUTE_MS},
	       {"hour", "小时", HOUR_MS},
	       {"day", "天", DAY_MS}};
#define N_PERIODS (sizeof PERIODS / sizeof PERIODS[0])

static const char *period_name(int64_t ms, bool zh)
{
	for (size_t i = 0; i < N_PERIODS; i++)
		if (PERIODS[i].ms == ms)
			return zh ? PERIODS[i].zh : PERIODS[i].name;
	return "?";
}

static bool ready;

static void init(void)
{
	if (ready)
		return;
	for (size_t i = 0; i < N_RULES; i++) {
		RULES[i].n = RULES[i].def_n;
		RULES[i].period_ms = RULES[i].def_period_ms;
	}
	ready = true;
}

void ratelimit_reset(void)
{
	ready = false;
	init();
}

int ratelimit_configure(const char *spec, char *err, size_t errlen)
{
	init();
	const char *eq = strchr(spec, '='), *slash = eq ? strchr(eq, '/') : NULL;
	rule_t *r = NULL;
	for (size_t i = 0; eq && i < N_RULES; i++)
		if (strlen(RULES[i].name) == (size_t)(eq - spec) && !strncmp(RULES[i].name, spec, eq - spec))
			r = &RULES[i];
	if (!r) {
		snprintf(err, errlen,
			 "--limit wants NAME=N/PERIOD with NAME one of cases, cases.clerk, uploads, "
			 "uploads.clerk, registrations, password_resets, password_resets.account, "
			 "complaints, complaints.operator, complaints.anonymous, progress, "
			 "ratings.by_code; got '%s'",
			 spec);
		return -1;
	}
	/* N is decimal digits only: strtoll alone would take a sign or blanks */
	bool digits = slash && slash > eq + 1;
	for (const char *p = eq + 1; digits && p < slash; p++)
		digits = *p >= '0' && *p <= '9';
	char *end;
	errno = 0;
	long long n = strtoll(eq + 1, &end, 10);
	int64_t ms = 0;
	for (size_t i = 0; slash && i < N_PERIODS; i++)
		if (!strcmp(slash + 1, PERIODS[i].name))
			ms = PERIODS[i].ms;
	if (!digits || errno || end == eq + 1 || end != slash || n < 0 || n > 1000000000LL || !ms) {
		snprintf(err, errlen,
			 "--limit wants NAME=N/PERIOD (N >= 0, PERIOD second, minute, hour or day); "
			 "got '%s'",
			 spec);
		return -1;
	}
	r->n = n;
	r->period_ms = ms;
	return 0;
}

int ratelimit_configure_list(const char *list, char *err, size_t errlen)
{
	return setlist_each(list, "ONESTOP_LIMITS", ratelimit_configure, err, errlen);
}

void ratelimit_describe(char *out, size_t n)
{
	init();
	size_t used = 0;
	out[0] = 0;
	for (size_t i = 0; i < N_RULES && used < n; i++) {
		int w = snprintf(out + used, n - used, "%s=%lld/%s%s", RULES[i].name, (long long)RULES[i].n,
				 period_name(RULES[i].period_ms, false), i + 1 < N_RULES ? " " : "");
		if (w < 0)
			break;
		used += (size_t)w;
	}
}

static const rule_t *rule_for(limit_kind_t kind, const actor_t *by)
{
	init();
	for (size_t i = 0; i < N_RULES; i++)
		if (RULES[i].kind == kind && (!RULES[i].roles || (by && (by->roles & RULES[i].roles))))
			return &RULES[i];
	return NULL;
}

/* The rule, its row's key and its window; false when nothing limits this. */
static bool locate(limit_kind_t kind, const actor_t *by, const char *addr, int64_t now, char *key, size_t n,
		   int64_t *start, const rule_t **out)
{
	const rule_t *r = rule_for(kind, by);
	if (!r || r->n == 0)
		return false;
	const char *subject = r->by == BY_ACCOUNT ? (by ? by->id : "") : (addr && *addr ? addr : "-");
	if (!*subject)
		return false; /* per account, and nobody is logged in: the route refuses it anyway */
	snprintf(key, n, "%s:%s", r->name, subject);
	*start = now - now % r->period_ms;
	*out = r;
	return true;
}

static int refuse(const rule_t *r, int64_t start, int64_t now, limit_hit_t *hit)
{
	if (hit) {
		snprintf(hit->name, sizeof hit->name, "%s", r->name);
		hit->what_zh = r->what_zh;
		hit->what_en = r->what_en;
		hit->limit = r->n;
		hit->period = period_name(r->period_ms, false);
		hit->period_zh = period_name(r->period_ms, true);
		hit->retry_ms = start + r->period_ms - now;
	}
	return E_RATE_LIMITED;
}

#define KEY_LEN 192

int ratelimit_take(dbc_t *c, limit_kind_t kind, const actor_t *by, const char *addr, int64_t now_ms,
		   limit_hit_t *hit)
{
	char key[KEY_LEN];
	int64_t start;
	const rule_t *r;
	if (!locate(kind, by, addr, now_ms, key, sizeof key, &start, &r))
		return 0;
	int64_t count = ratelimit_store_add(c, key, start, start + r->period_ms);
	if (count < 0)
		return -1;
	return count > r->n ? refuse(r, start, now_ms, hit) : 0;
}

int ratelimit_peek(dbc_t *c, limit_kind_t kind, const actor_t *by, const char *addr, int64_t now_ms,
		   limit_hit_t *hit)
{
	char key[KEY_LEN];
	int64_t start;
	const rule_t *r;
	if (!locate(kind, by, addr, now_ms, key, sizeof key, &start, &r))
		return 0;
	return ratelimit_store_count(c, key, start) >= r->n ? refuse(r, start, now_ms, hit) : 0;
}

static int forget_write(dbc_t *c, void *arg)
{
	int64_t n = ratelimit_store_forget(c, clock_now_ms());
	if (n < 0)
		return -1;
	*(int64_t *)arg = n;
	return 0;
}

int ratelimit_job_forget(store_t *st)
{
	int64_t n = 0;
	return store_write(st, forget_write, &n) == 0 ? (int)n : -1;
}
