/* rating_code.c — walk-in rating codes (评价器/二维码 equivalent, see
 * rating.h). The clerk's code is 8 digits, read out or printed on a slip;
 * the platform keeps only its hash, a code works once and for a week, and a
 * new code for the same case retires the last. Guessing is bounded by the
 * per-address limit on attempts (ratelimit.h "ratings.by_code"), counted
 * whether the code was right or not. */
#include "domain/ratings/rating.h"
#include "domain/ratings/rating_int.h"
#include "domain/cases/case.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <stdio.h>
#include <string.h>

static void code_hash(const char *code, char out[HASH_HEX_LEN])
{
	char buf[40];
	int n = snprintf(buf, sizeof buf, "rating-code:%s", code);
	hash_hex(buf, (size_t)n, out);
}

typedef struct {
	const actor_t *by;
	const char *case_id;
	char code[RATING_CODE_DIGITS + 1];
	int64_t expires_at;
} code_ctx_t;

static int code_write(dbc_t *c, void *p)
{
	code_ctx_t *x = p;
	int64_t now = clock_now_ms();
	char hash[HASH_HEX_LEN];
	rand_digits(x->code, RATING_CODE_DIGITS);
	code_hash(x->code, hash);
	x->expires_at = now + RATING_CODE_TTL_MS;
	if (rating_store_code_replace(c, hash, "case", x->case_id, x->by->id, now, x->expires_at) != 0)
		return -1;
	json_t *d = json_pack("{s:I}", "expires_at", (json_int_t)x->expires_at);
	int rc = audit_append(c, x->by, "rating.code", "case", x->case_id, 0, 0, d);
	json_decref(d);
	return rc < 0 ? -1 : 0;
}

errcode_t rating_code_create(store_t *st, const actor_t *by, const char *case_id,
			     char code[RATING_CODE_DIGITS + 1], int64_t *expires_at, errs_t *e)
{
	dbc_t *c = store_reader(st);
	if (!c)
		return E_UNAVAILABLE;
	rating_subject_t sub;
	errcode_t ec = rating_subject_of_case(c, by, case_id, false, &sub, e);
	if (ec == E_NOT_FOUND)
		return ec;
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (!case_owner_dept(c, case_id, by->id, owner, dept) || strcmp(dept, by->department) != 0) {
		errs_clear(e);
		errs_add(e, "case", "other_department", "只能为本部门的办件发放评价码",
			 "codes are for your own department's cases");
		return E_FORBIDDEN;
	}
	if (ec != E_OK)
		return ec;
	code_ctx_t x = {.by = by, .case_id = case_id};
	int rc = store_write(st, code_write, &x);
	if (rc != 0)
		return E_INTERNAL;
	snprintf(code, RATING_CODE_DIGITS + 1, "%s", x.code);
	*expires_at = x.expires_at;
	return E_OK;
}

typedef struct {
	const char *addr;
	limit_hit_t *hit;
} take_ctx_t;

static int take_write(dbc_t *c, void *p)
{
	take_ctx_t *x = p;
	actor_t anon = {0};
	return ratelimit_take(c, LIMIT_RATING_CODES, &anon, x->addr, clock_now_ms(), x->hit);
}

errcode_t rating_by_code(store_t *st, const char *addr, const char *code, const rating_input_t *in, errs_t *e,
			 limit_hit_t *hit)
{
	/* every attempt counts, so that the codes cannot be walked through */
	take_ctx_t t = {addr, hit};
	int rc = store_write(st, take_write, &t);
	if (rc != 0)
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	dbc_t *c = store_reader(st);
	if (!c)
		return E_UNAVAILABLE;
	bool shape = strlen(code) == RATING_CODE_DIGITS && strspn(code, "0123456789") == RATING_CODE_DIGITS;
	char hash[HASH_HEX_LEN], kind[16], subject_id[ENTITY_ID_LEN];
	code_hash(code, hash);
	rating_subject_t sub;
	if (!shape || !rating_store_code_find(c, hash, clock_now_ms(), kind, subject_id) ||
	    !rating_store_subject(c, kind, subject_id, &sub)) {
		errs_add(e, "code", "invalid", "评价码无效、已使用或已过期",
			 "the rating code is wrong, used or expired");
		return E_VALIDATION;
	}
	if (sub.rated_at || rating_store_exists(c, kind, subject_id)) {
		errs_add(e, "code", "already_rated", "这个办件已经评价过了",
			 "this case has been rated already");
		return E_CONFLICT;
	}
	rating_check(c, &sub, in, e);
	if (errs_any(e))
		return E_VALIDATION;
	actor_t anon = {0};
	return rating_write(st, &anon, &sub, in, "code", hash, 1, e);
}
