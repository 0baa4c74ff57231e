/* account.c — unit tests of domain/identity/account: registration rules
 * through account_create on a real (temporary) store, what account_json
 * shows to the owner and to others, and the lookups other subsystems use.
 *
 * The rules, as the registration form states them: a username is 3 to 32
 * letters, digits or _ . -; a password is 8 to 128 characters with letters
 * and digits and differs from the username; a person gives a valid 身份证号
 * (GB 11643: region, real birth date, check character; the 15-digit form is
 * accepted and stored as 18) and no enterprise fields; an enterprise gives a
 * valid 统一社会信用代码 (GB 32100) and its legal representative and no ID
 * number; staff have an existing department and staff roles only. A taken
 * username, ID number or credit code is a conflict naming the field. Others
 * see an ID number as its first and last four characters and a phone as its
 * first three and last four. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "base/crypto.h"
#include "domain/core/audit.h"
#include "domain/core/geo.h"
#include "domain/identity/account.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* The PERSON(...)/ENTERPRISE(...) rows below override one field of a valid
 * registration: designated initialisers given twice, the later one winning. */
#pragma GCC diagnostic ignored "-Woverride-init"

typedef struct {
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st;
	actor_t sys;
} fx_t;

static int add_department(dbc_t *c, void *arg)
{
	geo_region_t r = {"310000", "上海市", "Shanghai", NULL, "province"};
	geo_department_t d = {"amr", "上海市市场监督管理局", "Shanghai AMR", "310000", "agency", "", "", ""};
	return geo_region_add(c, &r) == 1 && geo_department_add(c, &d) == 1 ? 0 : -1;
}

static int setup(void **state)
{
	fx_t *f = calloc(1, sizeof *f);
	f->st = tempstore_open("account", f->dir);
	if (!f->st || store_write(f->st, add_department, NULL) != 0)
		return -1;
	actor_system(&f->sys, "test");
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

/* A person who passes every rule; rows below change one or two fields. */
#define PERSON(...) {.kind = "person", .username = "alice", .password = "Secret2026", .name = "爱丽丝", \
		     .id_number = "11010519491231002X", __VA_ARGS__}
#define ENTERPRISE(...) {.kind = "enterprise", .username = "shop", .password = "Secret2026", .name = "小店", \
			 .credit_code = "91350100M000100Y43", .legal_rep = "王五", __VA_ARGS__}
#define STAFF(...) {.kind = "staff", .username = "clerk", .password = "Secret2026", .name = "窗口", \
		    .department = "amr", .roles = "window_clerk", __VA_ARGS__}

static const char LONG33[] = "abcdefghijabcdefghijabcdefghijabc";

static const struct {
	const char *what;
	account_new_t in;
	const char *field, *code;      /* one error the answer must hold */
} REFUSED[] = {
	{"unknown kind", PERSON(.kind = "robot"), "kind", "not_an_option"},
	{"username too short", PERSON(.username = "ab"), "username", "invalid"},
	{"username too long", PERSON(.username = LONG33), "username", "invalid"},
	{"username with a space", PERSON(.username = "al ice"), "username", "invalid"},
	{"username with Chinese", PERSON(.username = "爱丽丝"), "username", "invalid"},
	{"password of 7", PERSON(.password = "Secre26"), "password", "length"},
	{"password of letters only", PERSON(.password = "SecretSecret"), "password", "weak"},
	{"password of digits only", PERSON(.password = "2026202620"), "password", "weak"},
	{"password equal to username", PERSON(.username = "alice2026", .password = "alice2026"), "password",
	  "weak"},
	{"person without ID", PERSON(.id_number = NULL), "id_number", "required"},
	{"ID with a wrong check digit", PERSON(.id_number = "110105194912310021"), "id_number",
	  "check_digit"},
	{"ID of 12 characters", PERSON(.id_number = "110105194912"), "id_number", "id_number"},
	{"ID born on 30 February", PERSON(.id_number = "110105194902300020"), "id_number", "id_number"},
	{"ID of an unknown province", PERSON(.id_number = "990105194912310023"), "id_number", "id_number"},
	{"person with a credit code", PERSON(.credit_code = "91350100M000100Y43"), "credit_code",
	  "not_allowed"},
	{"person with a department", PERSON(.department = "amr"), "department", "not_allowed"},
	{"person with roles", PERSON(.roles = "admin"), "roles", "not_allowed"},
	{"bad phone", PERSON(.phone = "12345"), "phone", "phone"},
	{"bad email", PERSON(.email = "alice.example.com"), "email", "email"},
	{"enterprise without code", ENTERPRISE(.credit_code = NULL), "credit_code", "required"},
	{"enterprise without legal rep", ENTERPRISE(.legal_rep = NULL), "legal_rep", "required"},
	{"code with a wrong check", ENTERPRISE(.credit_code = "91350100M000100Y44"), "credit_code",
	  "check_digit"},
	{"code with a letter I", ENTERPRISE(.credit_code = "91350100I000100Y43"), "credit_code",
	  "credit_code"},
	{"code of 17", ENTERPRISE(.credit_code = "91350100M000100Y4"), "credit_code", "credit_code"},
	{"enterprise with an ID", ENTERPRISE(.id_number = "11010519491231002X"), "id_number",
	  "not_allowed"},
	{"staff without department", STAFF(.department = NULL), "department", "required"},
	{"staff of an unknown department", STAFF(.department = "nowhere"), "department", "unknown"},
	{"staff with an unknown role", STAFF(.roles = "boss"), "roles", "not_an_option"},
	{"staff with an applicant role", STAFF(.roles = "reviewer,person"), "roles", "not_an_option"},
	{"staff with no role", STAFF(.roles = ""), "roles", "not_an_option"},
	{"staff with an ID", STAFF(.id_number = "11010519491231002X"), "id_number", "not_allowed"},
	/* names that hide or reverse part of themselves */
	{"name with a right-to-left override", PERSON(.name = "爱丽\u202e丝"), "name", "invisible_chars"},
	{"name with a zero-width space", PERSON(.name = "\u200b爱丽丝"), "name", "invisible_chars"},
	{"name with an isolate", ENTERPRISE(.name = "小店\u2066"), "name", "invisible_chars"},
	{"name with a byte order mark", STAFF(.name = "窗\ufeff口"), "name", "invisible_chars"},
	{"legal rep with a zero-width joiner", ENTERPRISE(.legal_rep = "王\u200d五"), "legal_rep",
	  "invisible_chars"},
};

static void test_rules_refuse_and_write_nothing(void **state)
{
	fx_t *f = *state;
	for (size_t i = 0; i < N_ROWS(REFUSED); i++) {
		errs_t e = ERRS_INIT;
		char id[ACCOUNT_ID_LEN] = "";
		errcode_t rc = account_create(f->st, &f->sys, &REFUSED[i].in, &e, id);
		if (rc != E_VALIDATION)
			fail_msg("%s: code %d, expected E_VALIDATION", REFUSED[i].what, rc);
		if (!errs_has(&e, REFUSED[i].field, REFUSED[i].code))
			fail_msg("%s: no %s/%s among %zu errors (first %s/%s)", REFUSED[i].what,
				 REFUSED[i].field, REFUSED[i].code, e.n, e.n ? e.v[0].field : "-",
				 e.n ? e.v[0].code : "-");
		errs_clear(&e);
	}
	assert_false(account_any(store_reader(f->st)));
}

static void test_every_problem_is_reported_at_once(void **state)
{
	fx_t *f = *state;
	account_new_t in = PERSON(.username = "a", .password = "short", .id_number = "110105194912310021",
				  .phone = "1", .email = "x");
	errs_t e = ERRS_INIT;
	char id[ACCOUNT_ID_LEN];
	assert_int_equal(account_create(f->st, &f->sys, &in, &e, id), E_VALIDATION);
	assert_true(errs_has(&e, "username", "invalid"));
	assert_true(errs_has(&e, "password", "length"));
	assert_true(errs_has(&e, "id_number", "check_digit"));
	assert_true(errs_has(&e, "phone", "phone"));
	assert_true(errs_has(&e, "email", "email"));
	errs_clear(&e);
}

static errcode_t create(fx_t *f, const account_new_t *in, char id[ACCOUNT_ID_LEN], errs_t *e)
{
	errs_clear(e);
	return account_create(f->st, &f->sys, in, e, id);
}

static void test_duplicates_conflict_naming_the_field(void **state)
{
	fx_t *f = *state;
	errs_t e = ERRS_INIT;
	char alice[ACCOUNT_ID_LEN], shop[ACCOUNT_ID_LEN], other[ACCOUNT_ID_LEN];
	account_new_t a = PERSON(.id_number = "110105491231002");    /* the 15-digit form */
	assert_int_equal(create(f, &a, alice, &e), E_OK);
	assert_int_equal(strlen(alice), 32);
	account_new_t s = ENTERPRISE();
	assert_int_equal(create(f, &s, shop, &e), E_OK);

	static const struct {
		const char *what;
		account_new_t in;
		const char *field;
	} DUP[] = {
		{"same username", PERSON(.id_number = "310101198503120030"), "username"},
		{"same username, other kind",
		  ENTERPRISE(.username = "alice", .credit_code = "91310000MA1FL0000N"), "username"},
		{"same ID in 18 digits", PERSON(.username = "alice2"), "id_number"},
		{"same ID with a small x", PERSON(.username = "alice3", .id_number = "11010519491231002x"),
		  "id_number"},
		{"same credit code", ENTERPRISE(.username = "shop2"), "credit_code"},
	};
	for (size_t i = 0; i < N_ROWS(DUP); i++) {
		errcode_t rc = create(f, &DUP[i].in, other, &e);
		if (rc != E_CONFLICT || !errs_has(&e, DUP[i].field, "taken"))
			fail_msg("%s: code %d, first error %s/%s; expected a conflict on %s", DUP[i].what, rc,
				 e.n ? e.v[0].field : "-", e.n ? e.v[0].code : "-", DUP[i].field);
	}
	errs_clear(&e);

	dbc_t *c = store_reader(f->st);
	json_t *j = account_json(c, alice, true);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "id_number")), "11010519491231002X");
	json_decref(j);
	/* each creation is audited, nothing for the refused ones */
	json_t *log = audit_list(c, "account", NULL, 0, 100);
	assert_int_equal(json_array_size(log), 2);
	json_decref(log);
}

static void test_account_json_masks_for_others(void **state)
{
	fx_t *f = *state;
	errs_t e = ERRS_INIT;
	char zhang[ACCOUNT_ID_LEN], shop[ACCOUNT_ID_LEN], clerk[ACCOUNT_ID_LEN];
	account_new_t p = PERSON(.username = "zhangsan", .name = "张三", .id_number = "310101198503120030",
				 .phone = "13800138000", .email = "zs@example.cn");
	assert_int_equal(create(f, &p, zhang, &e), E_OK);
	account_new_t s = ENTERPRISE(.phone = "13912345678");
	assert_int_equal(create(f, &s, shop, &e), E_OK);
	account_new_t k = STAFF(.roles = "approver,reviewer");
	assert_int_equal(create(f, &k, clerk, &e), E_OK);
	errs_clear(&e);
	dbc_t *c = store_reader(f->st);

	static const struct {
		bool self;
		const char *id_number, *phone;
	} VIEW[] = {
		{true, "310101198503120030", "13800138000"},
		{false, "3101**********0030", "138****8000"},
	};
	for (size_t i = 0; i < N_ROWS(VIEW); i++) {
		json_t *j = account_json(c, zhang, VIEW[i].self);
		assert_non_null(j);
		assert_string_equal(json_string_value(json_object_get(j, "id")), zhang);
		assert_string_equal(json_string_value(json_object_get(j, "kind")), "person");
		assert_string_equal(json_string_value(json_object_get(j, "name")), "张三");
		assert_string_equal(json_string_value(json_object_get(j, "id_number")), VIEW[i].id_number);
		assert_string_equal(json_string_value(json_object_get(j, "phone")), VIEW[i].phone);
		assert_string_equal(json_string_value(json_object_get(j, "email")), "zs@example.cn");
		assert_null(json_object_get(j, "password_hash"));
		assert_null(json_object_get(j, "credit_code"));
		json_t *roles = json_object_get(j, "roles");
		assert_int_equal(json_array_size(roles), 1);
		assert_string_equal(json_string_value(json_array_get(roles, 0)), "person");
		json_decref(j);
	}

	/* an enterprise's credit code is public; its phone is not */
	json_t *j = account_json(c, shop, false);
	assert_string_equal(json_string_value(json_object_get(j, "credit_code")), "91350100M000100Y43");
	assert_string_equal(json_string_value(json_object_get(j, "legal_rep")), "王五");
	assert_string_equal(json_string_value(json_object_get(j, "phone")), "139****5678");
	assert_null(json_object_get(j, "id_number"));
	json_decref(j);

	j = account_json(c, clerk, false);
	json_t *dept = json_object_get(j, "department");
	assert_string_equal(json_string_value(json_object_get(dept, "code")), "amr");
	assert_string_equal(json_string_value(json_object_get(dept, "zh")), "上海市市场监督管理局");
	json_t *roles = json_object_get(j, "roles");
	assert_int_equal(json_array_size(roles), 2);
	assert_string_equal(json_string_value(json_array_get(roles, 0)), "reviewer");
	assert_string_equal(json_string_value(json_array_get(roles, 1)), "approver");
	json_decref(j);

	assert_null(account_json(c, "0123456789abcdef0123456789abcdef", true));
}

static void test_lookups_for_other_subsystems(void **state)
{
	fx_t *f = *state;
	errs_t e = ERRS_INIT;
	char alice[ACCOUNT_ID_LEN], shop[ACCOUNT_ID_LEN], out[ACCOUNT_ID_LEN];
	account_new_t a = PERSON();
	account_new_t s = ENTERPRISE();
	assert_int_equal(create(f, &a, alice, &e), E_OK);
	assert_int_equal(create(f, &s, shop, &e), E_OK);
	errs_clear(&e);
	dbc_t *c = store_reader(f->st);

	assert_true(account_any(c));
	assert_true(account_username_taken(c, "alice"));
	assert_false(account_username_taken(c, "Alice"));
	assert_false(account_username_taken(c, "bob"));

	assert_true(account_find_active_by_id_number(c, "11010519491231002X", out));
	assert_string_equal(out, alice);
	assert_false(account_find_active_by_id_number(c, "310101198503120030", out));
	assert_string_equal(out, "");
	assert_true(account_find_active_by_credit_code(c, "91350100M000100Y43", out));
	assert_string_equal(out, shop);
	assert_false(account_find_active_by_credit_code(c, "91310000MA1FL0000N", out));
	assert_false(account_find_active_by_id_number(c, "91350100M000100Y43", out));   /* not mixed up */

	char kind[ACCOUNT_KIND_LEN], code[CREDIT_CODE_LEN];
	assert_true(account_applicant_facts(c, shop, kind, code));
	assert_string_equal(kind, "enterprise");
	assert_string_equal(code, "91350100M000100Y43");
	assert_true(account_applicant_facts(c, alice, kind, code));
	assert_string_equal(kind, "person");
	assert_string_equal(code, "");
	assert_false(account_applicant_facts(c, "nobody", kind, code));
	assert_string_equal(kind, "");

	account_brief_t b;
	assert_true(account_brief(c, alice, &b));
	assert_string_equal(b.name, "爱丽丝");
	assert_string_equal(b.kind, "person");
	assert_true(account_brief(c, shop, &b));
	assert_string_equal(b.kind, "enterprise");
	assert_false(account_brief(c, "nobody", &b));
	assert_string_equal(b.name, "");

	/* a suspended account is no longer found as an applicant, but still has a name */
	dbc_t *raw = store_connect(f->st);
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE accounts SET status = 'suspended' WHERE id = '%s'", alice);
	assert_int_equal(db_exec(raw, sql), DB_OK);
	store_disconnect(raw);
	c = store_reader(f->st);
	assert_false(account_find_active_by_id_number(c, "11010519491231002X", out));
	assert_true(account_brief(c, alice, &b));
	assert_true(account_username_taken(c, "alice"));
}

struct staff_seen {
	char ids[8][ACCOUNT_ID_LEN];
	char names[8][32];
	unsigned roles[8];
	int n;
};

static void collect(const account_staff_t *s, void *arg)
{
	struct staff_seen *x = arg;
	if (x->n == 8)
		return;
	snprintf(x->ids[x->n], sizeof x->ids[0], "%s", s->id);
	snprintf(x->names[x->n], sizeof x->names[0], "%s", s->display_name);
	x->roles[x->n++] = s->roles;
}

static int add_second_department(dbc_t *c, void *arg)
{
	geo_department_t d = {"psb", "上海市公安局", "Shanghai PSB", "310000", "agency", "", "", ""};
	return geo_department_add(c, &d) == 1 ? 0 : -1;
}

static void test_staff_of_a_department(void **state)
{
	fx_t *f = *state;
	assert_int_equal(store_write(f->st, add_second_department, NULL), 0);
	errs_t e = ERRS_INIT;
	char zhou[ACCOUNT_ID_LEN], chen[ACCOUNT_ID_LEN], wu[ACCOUNT_ID_LEN], person[ACCOUNT_ID_LEN];
	account_new_t a = STAFF(.username = "zhou", .name = "Zhou", .roles = "reviewer,approver");
	account_new_t b = STAFF(.username = "chen", .name = "Chen", .roles = "dept_head");
	account_new_t d = STAFF(.username = "wuqi", .name = "Wu", .department = "psb", .roles = "supervisor");
	account_new_t p = PERSON();
	assert_int_equal(create(f, &a, zhou, &e), E_OK);
	assert_int_equal(create(f, &b, chen, &e), E_OK);
	assert_int_equal(create(f, &d, wu, &e), E_OK);
	assert_int_equal(create(f, &p, person, &e), E_OK);
	errs_clear(&e);
	dbc_t *c = store_reader(f->st);

	struct staff_seen amr = {0}, all = {0}, none = {0};
	account_staff_each(c, "amr", collect, &amr);
	assert_int_equal(amr.n, 2);                       /* by display name: Chen, Zhou */
	assert_string_equal(amr.ids[0], chen);
	assert_string_equal(amr.names[1], "Zhou");
	assert_int_equal(amr.roles[0], ROLE_DEPT_HEAD);
	assert_int_equal(amr.roles[1], ROLE_REVIEWER | ROLE_APPROVER);
	account_staff_each(c, NULL, collect, &all);
	assert_int_equal(all.n, 3);                       /* no applicants */
	assert_string_equal(all.ids[0], chen);   /* Chen, Wu, Zhou across departments */
	assert_string_equal(all.ids[1], wu);
	assert_string_equal(all.ids[2], zhou);
	account_staff_each(c, "gso", collect, &none);
	assert_int_equal(none.n, 0);

	unsigned roles = 99;
	assert_true(account_staff_roles(c, zhou, "amr", &roles));
	assert_int_equal(roles, ROLE_REVIEWER | ROLE_APPROVER);
	assert_false(account_staff_roles(c, zhou, "psb", &roles));   /* not a member there */
	assert_int_equal(roles, 0);
	assert_false(account_staff_roles(c, person, "amr", &roles));
	assert_false(account_staff_roles(c, "nobody", "amr", &roles));

	/* a suspended colleague is no longer listed nor assignable */
	dbc_t *raw = store_connect(f->st);
	const char *suspend = "UPDATE accounts SET status = 'suspended' WHERE username = 'chen'";
	assert_int_equal(db_exec(raw, suspend), DB_OK);
	store_disconnect(raw);
	c = store_reader(f->st);
	struct staff_seen after = {0};
	account_staff_each(c, "amr", collect, &after);
	assert_int_equal(after.n, 1);
	assert_string_equal(after.ids[0], zhou);
	assert_false(account_staff_roles(c, chen, "amr", &roles));
}

int main(void)
{
	crypto_setup();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rules_refuse_and_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_problem_is_reported_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicates_conflict_naming_the_field, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_json_masks_for_others, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookups_for_other_subsystems, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_of_a_department, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
