/* totp.c — unit tests of domain/identity/totp: the staff second factor on a
 * real (temporary) store, at fixed times so that steps are exact.
 *
 * The rules: only an active staff account can be enrolled; a code of the
 * current step or either neighbour matches; once a step is claimed, neither
 * it nor an earlier step is accepted again for that account (RFC 6238 §5.2),
 * while other accounts are unaffected; a reset forgets the old secret; the
 * row holds the secret sealed, never in clear. The secret is RFC 6238's test
 * seed "12345678901234567890" (base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ); at
 * 1111111111 s its step is 0x23523ED and the code 050471 (Appendix B). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "domain/core/geo.h"
#include "domain/identity/account.h"
#include "domain/identity/totp.h"

#define SEED_B32 "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
#define NOW_MS (1111111111LL * 1000)
#define NOW_STEP 0x23523ED

typedef struct {
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st;
	char staff[ACCOUNT_ID_LEN], person[ACCOUNT_ID_LEN];
} fx_t;

static int make(store_t *st, account_new_t in, char id[ACCOUNT_ID_LEN])
{
	actor_t sys;
	actor_system(&sys, "test");
	errs_t e = ERRS_INIT;
	errcode_t rc = account_create(st, &sys, &in, &e, id);
	errs_clear(&e);
	return rc == E_OK ? 0 : -1;
}

static int add_department(dbc_t *c, void *arg)
{
	(void)arg;
	geo_region_t r = {"310000", "上海市", "Shanghai", NULL, "province"};
	geo_department_t d = {"amr", "市场监管局", "AMR", "310000", "agency", "", "", ""};
	return geo_region_add(c, &r) == 1 && geo_department_add(c, &d) == 1 ? 0 : -1;
}

static int setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);
	f->st = tempstore_open("totp", f->dir);
	if (!f->st || store_write(f->st, add_department, NULL) != 0)
		return -1;
	if (make(f->st,
		 (account_new_t){.kind = "staff",
				 .username = "clerk1",
				 .password = "Secret2026",
				 .name = "窗口 一",
				 .department = "amr",
				 .roles = "window_clerk"},
		 f->staff) != 0 ||
	    make(f->st,
		 (account_new_t){.kind = "person",
				 .username = "alice",
				 .password = "Secret2026",
				 .name = "爱丽丝",
				 .id_number = "11010519491231002X"},
		 f->person) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx_t *f = *state;
	tempstore_close(f->st, f->dir);
	free(f);
	return 0;
}

static void code_of(int64_t step, char out[7])
{
	unsigned char key[TOTP_SECRET_BYTES];
	assert_int_equal(base32_decode(SEED_B32, key, sizeof key), TOTP_SECRET_BYTES);
	long c = totp_code(key, sizeof key, step, 6);
	snprintf(out, 7, "%06ld", c);
}

struct claim_ctx {
	const char *id;
	int64_t step, now;
	int rc;
};

static int claim_write(dbc_t *c, void *arg)
{
	struct claim_ctx *x = arg;
	x->rc = totp_claim(c, x->id, x->step, x->now);
	return x->rc < 0 ? -1 : 0;
}

static int claim(fx_t *f, int64_t step, int64_t now)
{
	struct claim_ctx x = {f->staff, step, now, -9};
	assert_int_equal(store_write(f->st, claim_write, &x), 0);
	return x.rc;
}

static errcode_t check(fx_t *f, const char *code, int64_t now, int64_t *step)
{
	return totp_check(store_reader(f->st), f->staff, code, now, step);
}

static void test_enrol_and_window(void **state)
{
	fx_t *f = *state;
	actor_t sys;
	actor_system(&sys, "test");
	char secret[TOTP_BASE32_LEN], uri[TOTP_URI_LEN];
	int64_t step = 0;
	/* not enrolled yet */
	assert_int_equal(check(f, "050471", NOW_MS, &step), E_OTP_NOT_ENROLLED);
	/* an applicant has no second factor to enrol; a wrong username is refused */
	assert_int_equal(totp_enrol(f->st, &sys, f->person, NULL, NULL, secret, uri), E_NOT_FOUND);
	assert_int_equal(totp_enrol(f->st, &sys, f->staff, "clerk2", SEED_B32, secret, uri), E_VALIDATION);
	assert_int_equal(totp_enrol(f->st, &sys, f->staff, "clerk1", "NOT*BASE32", secret, uri),
			 E_VALIDATION);
	assert_int_equal(totp_enrol(f->st, &sys, f->staff, "clerk1", SEED_B32, secret, uri), E_OK);
	assert_string_equal(secret, SEED_B32);
	assert_string_equal(uri, "otpauth://totp/onestop:clerk1?secret=" SEED_B32 "&issuer=onestop");
	/* sealed at rest */
	dbs_t *s = db_prep(store_reader(f->st), "SELECT secret_box FROM staff_totp WHERE account_id = ?");
	db_bind_text(s, 1, f->staff);
	assert_int_equal(db_step(s), DB_ROW);
	assert_null(strstr(db_col_text(s, 0), SEED_B32));
	assert_null(
	    strstr(db_col_text(s, 0), "3132333435363738393031323334353637383930")); /* the seed in hex */
	db_reset(s);

	assert_int_equal(check(f, NULL, NOW_MS, &step), E_OTP_REQUIRED);
	assert_int_equal(check(f, "", NOW_MS, &step), E_OTP_REQUIRED);
	assert_int_equal(check(f, "050471", NOW_MS, &step), E_OK); /* RFC 6238 Appendix B */
	assert_int_equal(step, NOW_STEP);
	char c[7];
	for (int d = -1; d <= 1; d++) {
		code_of(NOW_STEP + d, c);
		assert_int_equal(check(f, c, NOW_MS, &step), E_OK);
		assert_int_equal(step, NOW_STEP + d);
	}
	for (int d = -3; d <= 3; d++) {
		if (d >= -1 && d <= 1)
			continue;
		code_of(NOW_STEP + d, c);
		assert_int_equal(check(f, c, NOW_MS, &step), E_OTP_INVALID);
	}
}

static void test_a_step_is_claimed_once(void **state)
{
	fx_t *f = *state;
	actor_t sys;
	actor_system(&sys, "test");
	char secret[TOTP_BASE32_LEN], uri[TOTP_URI_LEN], c[7];
	int64_t step = 0;
	assert_int_equal(totp_enrol(f->st, &sys, f->staff, NULL, SEED_B32, secret, uri), E_OK);
	/* the previous step's code (a slow phone), then the current one */
	code_of(NOW_STEP - 1, c);
	assert_int_equal(check(f, c, NOW_MS, &step), E_OK);
	assert_int_equal(claim(f, step, NOW_MS), 0);
	assert_int_equal(check(f, "050471", NOW_MS, &step), E_OK);
	assert_int_equal(claim(f, step, NOW_MS), 0);
	/* the same code again: refused by the check and, should two race, by the claim */
	assert_int_equal(check(f, "050471", NOW_MS, &step), E_OTP_REUSED);
	assert_int_equal(claim(f, NOW_STEP, NOW_MS), E_OTP_REUSED);
	/* an earlier step, still inside the window, is refused too */
	code_of(NOW_STEP - 1, c);
	assert_int_equal(check(f, c, NOW_MS, &step), E_OTP_REUSED);
	/* the next step's code is new */
	code_of(NOW_STEP + 1, c);
	assert_int_equal(check(f, c, NOW_MS, &step), E_OK);
	assert_int_equal(claim(f, step, NOW_MS), 0);
	assert_int_equal(check(f, c, NOW_MS + TOTP_STEP_MS, &step), E_OTP_REUSED); /* also a step later */
	/* a clock set back a day (the test build): the past's codes are not held against it */
	int64_t day_before = NOW_MS - 86400000LL;
	code_of(NOW_STEP - 2880, c);
	assert_int_equal(check(f, c, day_before, &step), E_OK);
	assert_int_equal(claim(f, step, day_before), 0);
	assert_int_equal(check(f, c, day_before, &step), E_OTP_REUSED);
	/* a reset starts afresh */
	assert_int_equal(totp_enrol(f->st, &sys, f->staff, NULL, SEED_B32, secret, uri), E_OK);
	assert_int_equal(check(f, "050471", NOW_MS, &step), E_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_enrol_and_window, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_a_step_is_claimed_once, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
