/* ratelimit.h — abuse limits: how many writes of a kind one account (or one
 * client address) may make in a fixed window, e.g. 200 case creations per
 * applicant account per day. A fixed window (aligned on multiples of its
 * period, UTC) is enough here: at worst twice the limit passes around a
 * window's edge, which still stops a script at a small, known number.
 *
 * The counts are rows (rate_limits) taken in the transaction of the write
 * they limit (ratelimit_take), so every node sees them, a refused write
 * counts nothing and an accepted one counts once. Work that is costly before
 * the write (a password hash, a stored upload) asks ratelimit_peek first.
 *
 * The rules are the one table RULES in ratelimit.c: a kind, whom it counts
 * (the account or the client address), the roles it is for (a window
 * clerk's rule before the applicants'), and its default. The command line
 * changes them (`--limit NAME=N/PERIOD`, 0 = unlimited) before serving. */
#ifndef ONESTOP_RATELIMIT_H
#define ONESTOP_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "store/store.h"

typedef enum {
	LIMIT_CASES,         /* POST /api/v1/cases: drafts and submissions, per account */
	LIMIT_UPLOADS,       /* POST /api/v1/files, per account */
	LIMIT_REGISTRATIONS, /* POST /api/v1/accounts, per client address */
	LIMIT_RESETS,        /* POST /api/v1/password-resets, per client address */
	LIMIT_RESETS_ACCOUNT, /* codes sent to one account's phone (refused silently: no enumeration) */
	LIMIT_RATING_CODES,  /* POST /api/v1/ratings/by-code: attempts per client address */
	LIMIT_COMPLAINTS,    /* POST /api/v1/complaints by a logged-in caller or operator, per account */
	LIMIT_COMPLAINTS_ANON, /* the same, not logged in (a phone given), per client address */
	LIMIT_PROGRESS,      /* POST /api/v1/progress (进度查询): questions per client address */
	LIMIT__KINDS
} limit_kind_t;

/* A refusal, for the answer: the rule's name and text, and when its window frees. */
typedef struct {
	char name[32];       /* "cases", "cases.clerk" … */
	const char *what_zh; /* "创建办件" */
	const char *what_en; /* "case creations" */
	int64_t limit;
	const char *period;    /* "minute", "hour", "day" … */
	const char *period_zh; /* "分钟", "小时", "天" … */
	int64_t retry_ms;      /* until the window ends */
} limit_hit_t;

/* Sets one rule from "NAME=N/PERIOD" (PERIOD: second, minute, hour or day;
 * N = 0: unlimited). Called before serving, never while requests run.
 * 0, or -1 with the reason in err. */
int ratelimit_configure(const char *spec, char *err, size_t errlen);
/* Each "NAME=N/PERIOD" of a comma-separated list (ONESTOP_LIMITS). */
int ratelimit_configure_list(const char *list, char *err, size_t errlen);
/* Puts every rule back to its default (for tests). */
void ratelimit_reset(void);
/* Writes the rules, one a line, as the help text shows them. */
void ratelimit_describe(char *out, size_t n);

/* Inside the write it limits: counts one more `kind` for the actor (or for
 * `addr`, the kinds counted per address). 0 when within the limit;
 * E_RATE_LIMITED with `hit` filled when over it (the caller returns it, so
 * the transaction and its count roll back); < 0 on a database error. */
int ratelimit_take(dbc_t *c, limit_kind_t kind, const actor_t *by, const char *addr, int64_t now_ms,
		   limit_hit_t *hit);
/* The same question without counting, for a reader before costly work:
 * E_RATE_LIMITED (hit filled) when the window is already full, else 0. */
int ratelimit_peek(dbc_t *c, limit_kind_t kind, const actor_t *by, const char *addr, int64_t now_ms,
		   limit_hit_t *hit);
/* The job: removes the rows of ended windows. How many, < 0 on error. */
int ratelimit_job_forget(store_t *st);

#endif
