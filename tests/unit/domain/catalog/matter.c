/* matter.c — unit tests of domain/catalog/matter.c and what it stores:
 * versioning (create makes version 1, an update version 2 with version 1
 * still readable, retiring stops new applications, a stale If-Match is
 * E_STALE) and search (繁體 queries find 简体 text, two-character words
 * match, exact names rank first, every word must match).
 *
 * Matters are built from one template document by changing the code, the
 * names and the keywords; departments are inserted with raw SQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog/matter.h"
#include "unit/tempstore.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char TEMPLATE[] =
	"{\"code\":\"QT00000000\",\"name\":{\"zh\":\"x\",\"en\":\"x\"},\"department\":\"amr\",\"type\":\"other\","
	"\"legal_basis\":\"《测试条例》第一条\",\"legal_days\":20,\"promised_days\":5,\"immediate\":false,"
	"\"visits\":0,\"online_depth\":4,\"fee_fen\":0,\"keywords\":[],"
	"\"materials\":[{\"key\":\"licence\",\"name\":{\"zh\":\"营业执照\",\"en\":\"Business licence\"},"
	"\"required\":true,\"formats\":[\"pdf\"],\"max_size\":1048576,\"source\":\"upload\"}],"
	"\"form\":{\"fields\":[{\"key\":\"shop\",\"label\":{\"zh\":\"店名\",\"en\":\"Shop\"},\"type\":\"string\"}]},"
	"\"result\":{\"kind\":\"none\"},\"delivery\":[\"electronic\"]}";

struct fx {
	char dir[TEMPSTORE_DIR_LEN];
	store_t *st;
	actor_t admin;
};

static int add_departments(dbc_t *c, void *arg)
{
	(void)arg;
	int rc = db_exec(c, "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES "
			    "('000000', '全国', 'National', NULL, 'national');"
			    "INSERT INTO departments (code, name_zh, name_en, region, kind) VALUES "
			    "('amr', '市场监督管理局', 'Administration for Market Regulation', '000000', 'agency'), "
			    "('hrss', '人力资源和社会保障局', 'Human Resources and Social Security', '000000', 'agency');");
	return rc == DB_OK ? 0 : -1;
}

static json_t *doc_of(const char *code, const char *zh, const char *en, const char *dept, const char *keywords)
{
	json_t *d = json_loads(TEMPLATE, 0, NULL);
	assert_non_null(d);
	json_object_set_new(d, "code", json_string(code));
	json_object_set_new(d, "name", json_pack("{ss ss}", "zh", zh, "en", en));
	json_object_set_new(d, "department", json_string(dept));
	json_t *kw = json_array();
	if (keywords) {
		char buf[256];
		snprintf(buf, sizeof buf, "%s", keywords);
		char *save = NULL;
		for (char *k = strtok_r(buf, ",", &save); k; k = strtok_r(NULL, ",", &save))
			json_array_append_new(kw, json_string(k));
	}
	json_object_set_new(d, "keywords", kw);
	return d;
}

static void create(struct fx *f, const char *code, const char *zh, const char *en, const char *dept,
		   const char *keywords)
{
	json_t *d = doc_of(code, zh, en, dept, keywords);
	errs_t e = ERRS_INIT;
	int64_t v = 0;
	errcode_t ec = matter_create(f->st, &f->admin, d, &e, &v);
	if (ec != E_OK)
		fail_msg("create %s: %d %s %s", code, ec, e.n ? e.v[0].field : "", e.n ? e.v[0].code : "");
	assert_int_equal(v, 1);
	errs_clear(&e);
	json_decref(d);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->st = tempstore_open("matter", f->dir);
	if (!f->st || store_write(f->st, add_departments, NULL) != 0)
		return -1;
	actor_system(&f->admin, "test");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tempstore_close(f->st, f->dir);
	free(f);
	return 0;
}

/* The served body's member as a string, or NULL. */
static char *served_member(store_t *st, const char *code, int64_t version, const char *a, const char *b)
{
	int64_t row = 0;
	errcode_t ec;
	char *text = matter_get_text(store_reader(st), code, version, &row, &ec);
	if (!text)
		return NULL;
	json_t *o = json_loads(text, 0, NULL);
	free(text);
	json_t *v = json_object_get(o, a);
	if (b)
		v = json_object_get(v, b);
	char *out = json_is_string(v) ? strdup(json_string_value(v)) : json_is_integer(v) ? strdup("int") : NULL;
	json_decref(o);
	return out;
}

static void test_versions(void **state)
{
	struct fx *f = *state;
	dbc_t *c = store_reader(f->st);
	create(f, "XK00100000", "食品经营许可", "Food business licence", "amr", "餐饮");
	int64_t cur = 0, row = 0;
	assert_true(matter_current_version(c, "XK00100000", &cur));
	assert_int_equal(cur, 1);
	assert_true(matter_is_active(c, "XK00100000", &cur));

	/* the same code again: a conflict naming the code */
	json_t *d = doc_of("XK00100000", "重复", "Duplicate", "amr", NULL);
	errs_t e = ERRS_INIT;
	assert_int_equal(matter_create(f->st, &f->admin, d, &e, NULL), E_CONFLICT);
	assert_true(errs_has(&e, "code", "taken"));
	errs_clear(&e);
	json_decref(d);

	/* update with a stale row version, then the right one */
	d = doc_of("XK00100000", "食品经营许可（新）", "Food business licence (new)", "amr", NULL);
	assert_int_equal(matter_update(f->st, &f->admin, "XK00100000", 7, d, &e, &row), E_STALE);
	assert_int_equal(matter_update(f->st, &f->admin, "XK00199999", 1, d, &e, &row), E_VALIDATION);
	errs_clear(&e);
	assert_int_equal(matter_update(f->st, &f->admin, "XK00100000", 1, d, &e, &row), E_OK);
	assert_int_equal(row, 2);
	json_decref(d);
	assert_true(matter_current_version(c, "XK00100000", &cur));
	assert_int_equal(cur, 2);

	/* both versions readable; version 0 means the current one */
	char *n1 = served_member(f->st, "XK00100000", 1, "name", "zh");
	char *n2 = served_member(f->st, "XK00100000", 2, "name", "zh");
	char *n0 = served_member(f->st, "XK00100000", 0, "name", "zh");
	assert_string_equal(n1, "食品经营许可");
	assert_string_equal(n2, "食品经营许可（新）");
	assert_string_equal(n0, "食品经营许可（新）");
	free(n1);
	free(n2);
	free(n0);
	char *dn = served_member(f->st, "XK00100000", 1, "department_name", "zh");
	assert_string_equal(dn, "市场监督管理局");
	free(dn);
	assert_null(served_member(f->st, "XK00100000", 3, "name", "zh"));
	assert_null(served_member(f->st, "XK00999999", 0, "name", "zh"));
	json_t *doc1 = matter_doc(c, "XK00100000", 1);
	assert_non_null(doc1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc1, "name"), "en")),
			    "Food business licence");
	json_decref(doc1);
	assert_null(matter_doc(c, "XK00100000", 9));

	/* retiring: stale refused, then no new applications; retiring twice is a state error */
	assert_int_equal(matter_retire(f->st, &f->admin, "XK00100000", 1, &row), E_STALE);
	assert_int_equal(matter_retire(f->st, &f->admin, "XK00100000", 2, &row), E_OK);
	assert_int_equal(row, 3);
	assert_false(matter_is_active(c, "XK00100000", &cur));
	assert_int_equal(cur, 2);   /* the document version does not move */
	char *status = served_member(f->st, "XK00100000", 0, "status", NULL);
	assert_string_equal(status, "retired");
	free(status);
	assert_int_equal(matter_retire(f->st, &f->admin, "XK00100000", 3, &row), E_STATE);
	assert_int_equal(matter_retire(f->st, &f->admin, "XK00999999", 1, &row), E_NOT_FOUND);
	/* the old versions stay readable after retiring */
	doc1 = matter_doc(c, "XK00100000", 1);
	assert_non_null(doc1);
	json_decref(doc1);
}

/* The codes of a listing, in order, as "A,B,C". */
static void codes_of(store_t *st, const matter_query_t *q, char *out, size_t n, errcode_t *ec)
{
	json_t *page = NULL;
	errs_t e = ERRS_INIT;
	out[0] = '\0';
	*ec = matter_list(store_reader(st), q, &page, &e);
	errs_clear(&e);
	if (*ec != E_OK)
		return;
	size_t i, used = 0;
	json_t *it;
	json_array_foreach(json_object_get(page, "items"), i, it) {
		int w = snprintf(out + used, n - used, "%s%s", used ? "," : "",
				 json_string_value(json_object_get(it, "code")));
		assert_true(w > 0 && (size_t)w < n - used);
		used += (size_t)w;
	}
	json_decref(page);
}

static void test_search(void **state)
{
	struct fx *f = *state;
	create(f, "XK00200001", "餐饮服务许可证补办", "Catering licence reissue", "amr", NULL);
	create(f, "XK00200002", "餐饮服务许可", "Catering licence", "amr", NULL);
	create(f, "XK00200003", "食品小作坊登记", "Food workshop registration", "amr", "餐饮");
	create(f, "QT00200004", "社会保险登记", "Social insurance registration", "hrss", "社保");
	create(f, "QT00200005", "企业注销登记", "Enterprise deregistration", "amr", "注销");
	create(f, "QT00200006", "许可餐饮服务变更", "Catering licence change", "amr", NULL);
	static const struct {
		const char *q, *want;   /* want NULL: E_VALIDATION */
	} rows[] = {
		/* rank: exact name, then name prefix, then name contains, then keyword, then other text */
		{"餐饮服务许可", "XK00200002,XK00200001"},
		{"餐饮", "XK00200001,XK00200002,QT00200006,XK00200003"},
		/* 繁體 finds 简体; full-width and upper-case ASCII fold */
		{"餐飲服務許可", "XK00200002,XK00200001"},
		{"社會保險", "QT00200004"},
		{"CATERING LICENCE", "XK00200002,QT00200006,XK00200001"},   /* both of the others start so */
		/* full-width ＣＡＴＥＲＩＮＧ: every English name starts with it */
		{"ＣＡＴＥＲＩＮＧ", "QT00200006,XK00200001,XK00200002"},
		/* two-character words */
		{"社保", "QT00200004"},
		{"注销", "QT00200005"},
		{"登记", "QT00200004,QT00200005,XK00200003"},
		/* every word must match; the department's name counts as text */
		{"餐饮 补办", "XK00200001"},
		{"餐饮 社保", ""},
		{"人力资源", "QT00200004"},
		{"营业执照", "QT00200004,QT00200005,QT00200006,XK00200001,XK00200002,XK00200003"},
		/* LIKE's wildcards are literal */
		{"%", ""},
		{"_", ""},
		{"不存在的事项", ""},
		/* refused: blank once normalised, more than four words */
		{"\xE3\x80\x80", NULL},
		{"a b c d e", NULL},
	};
	char got[512];
	errcode_t ec;
	for (size_t i = 0; i < ARRAY_LEN(rows); i++) {
		matter_query_t q = {.q = rows[i].q, .immediate = -1, .visits = -1, .limit = 50};
		codes_of(f->st, &q, got, sizeof got, &ec);
		if (!rows[i].want) {
			if (ec != E_VALIDATION)
				fail_msg("%s: want E_VALIDATION, got %d", rows[i].q, ec);
			continue;
		}
		if (ec != E_OK || strcmp(got, rows[i].want) != 0)
			fail_msg("%s: got %d [%s], want [%s]", rows[i].q, ec, got, rows[i].want);
	}
	/* filters, and the pages of a ranked search join up without repeats */
	matter_query_t q = {.department = "hrss", .immediate = -1, .visits = -1, .limit = 50};
	codes_of(f->st, &q, got, sizeof got, &ec);
	assert_string_equal(got, "QT00200004");
	json_t *page = NULL;
	errs_t e = ERRS_INIT;
	matter_query_t p1 = {.q = "餐饮", .immediate = -1, .visits = -1, .limit = 3};
	assert_int_equal(matter_list(store_reader(f->st), &p1, &page, &e), E_OK);
	assert_int_equal(json_array_size(json_object_get(page, "items")), 3);
	const char *cursor = json_string_value(json_object_get(page, "next_cursor"));
	assert_non_null(cursor);
	matter_query_t p2 = {.q = "餐饮", .immediate = -1, .visits = -1, .limit = 3, .cursor = cursor};
	codes_of(f->st, &p2, got, sizeof got, &ec);
	assert_string_equal(got, "XK00200003");
	json_decref(page);
	matter_query_t bad = {.immediate = -1, .visits = -1, .cursor = "1200.ZZ"};
	codes_of(f->st, &bad, got, sizeof got, &ec);
	assert_int_equal(ec, E_VALIDATION);
	/* retired matters are left out unless asked for */
	int64_t row;
	assert_int_equal(matter_retire(f->st, &f->admin, "QT00200004", 1, &row), E_OK);
	matter_query_t sb = {.q = "社保", .immediate = -1, .visits = -1, .limit = 50};
	codes_of(f->st, &sb, got, sizeof got, &ec);
	assert_string_equal(got, "");
	sb.include_retired = true;
	codes_of(f->st, &sb, got, sizeof got, &ec);
	assert_string_equal(got, "QT00200004");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search, setup, teardown),
	};
	return cmocka_run_group_tests_name("catalog/matter", tests, NULL, NULL);
}
