/* form_schema.c — unit tests of domain/catalog/form_schema.c: the schema
 * checker, as tables (and the limits it enforces, with the validator using
 * what it loaded).
 *
 * Each row is a schema, an input and the exact set of "field:code" errors it
 * must give: one missing or one extra error fails the row. Every error must
 * also carry a Chinese and an English message, and an error on a schema field
 * must name that field's label. JSON in the tables is written with single
 * quotes to stay readable; they become double quotes before parsing (a real
 * apostrophe is written \u0027). Today is 2026-11-23 for ID numbers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "domain/catalog/form.h"

#define MAXE 16
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A field of a one-type schema: key k, label 项目k / Item k. */
#define F(k, t) "{'key':'" k "','label':{'zh':'项目" k "','en':'Item " k "'},'type':'" t "'}"

#define TEN "一二三四五六七八九十"
#define A63 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define D32 "12345678901234567890123456789012"

#define SHOP "{'fields':[" \
	"{'key':'shop_name','label':{'zh':'店铺名称','en':'Shop name'},'type':'string','required':true," \
	"'min_len':2,'max_len':10,'pattern':'^[^0-9]','de':'DE.enterprise.name'," \
	"'help':{'zh':'不能以数字开头','en':'Must not start with a digit'}}," \
	"{'key':'intro','label':{'zh':'经营简介','en':'Business description'},'type':'text','min_len':2,'max_len':20}," \
	"{'key':'staff','label':{'zh':'从业人数','en':'Number of staff'},'type':'int','min':1,'max':500}," \
	"{'key':'capital','label':{'zh':'注册资本','en':'Registered capital'},'type':'decimal','min':0.5,'max':1000}," \
	"{'key':'open_date','label':{'zh':'开业日期','en':'Opening date'},'type':'date','min':'2026-01-01','max':'2027-12-31'}," \
	"{'key':'kind','label':{'zh':'经营类别','en':'Business type'},'type':'enum','required':true,'options':[" \
	"{'value':'food','label':{'zh':'餐饮','en':'Food'}},{'value':'retail','label':{'zh':'零售','en':'Retail'}}]}," \
	"{'key':'chain','label':{'zh':'是否连锁','en':'Chain store'},'type':'bool'}," \
	"{'key':'owner_id','label':{'zh':'负责人身份证号码','en':'Owner\\u0027s ID number'},'type':'id_number','required':true}," \
	"{'key':'credit','label':{'zh':'统一社会信用代码','en':'Unified social credit code'},'type':'credit_code'}," \
	"{'key':'phone','label':{'zh':'联系电话','en':'Phone'},'type':'phone'}," \
	"{'key':'email','label':{'zh':'电子邮箱','en':'Email'},'type':'email'}," \
	"{'key':'address','label':{'zh':'经营地址','en':'Business address'},'type':'address','max_len':30}," \
	"{'key':'region','label':{'zh':'所在区县','en':'District'},'type':'region'}" \
	"]}"

/* the required fields, valid */
#define NAME_OK "'shop_name':'老王面馆'"
#define KIND_OK "'kind':'food'"
#define OWNER_OK "'owner_id':'110105199003071239'"
#define MIN_OK NAME_OK "," KIND_OK "," OWNER_OK

#define AGREE "{'fields':[{'key':'agree','label':{'zh':'同意告知承诺','en':'Agreement'},'type':'bool','required':true}]}"
#define IDS "{'fields':[" F("a", "id_number") "," F("b", "id_number") "," F("c", "id_number") "," \
	F("d", "id_number") "," F("e", "id_number") "," F("f", "id_number") "," F("g", "id_number") "," \
	F("h", "id_number") "," F("i", "id_number") "," F("j", "id_number") "," F("k", "id_number") "," \
	F("l", "id_number") "]}"
#define CREDITS "{'fields':[" F("a", "credit_code") "," F("b", "credit_code") "," F("c", "credit_code") "," \
	F("d", "credit_code") "," F("e", "credit_code") "," F("f", "credit_code") "]}"
#define PHONES "{'fields':[" F("a", "phone") "," F("b", "phone") "," F("c", "phone") "," F("d", "phone") "," \
	F("e", "phone") "," F("f", "phone") "," F("g", "phone") "," F("h", "phone") "," F("i", "phone") "," \
	F("j", "phone") "," F("k", "phone") "," F("l", "phone") "," F("m", "phone") "," F("n", "phone") "]}"
#define EMAILS "{'fields':[" F("a", "email") "," F("b", "email") "," F("c", "email") "," F("d", "email") "," \
	F("e", "email") "," F("f", "email") "," F("g", "email") "," F("h", "email") "," F("i", "email") "," \
	F("j", "email") "," F("k", "email") "," F("l", "email") "," F("m", "email") "," F("n", "email") "," \
	F("o", "email") "]}"
#define REGIONS "{'fields':[" F("a", "region") "," F("b", "region") "," F("c", "region") "," \
	F("d", "region") "," F("e", "region") "]}"
#define DECIMALS "{'fields':[" F("a", "decimal") "," F("b", "decimal") "," F("c", "decimal") "," \
	F("d", "decimal") "," F("e", "decimal") "," F("f", "decimal") "," F("g", "decimal") "," \
	F("h", "decimal") "," F("i", "decimal") "," F("j", "decimal") "," F("k", "decimal") "]}"
#define DATES "{'fields':[" F("a", "date") "," F("b", "date") "," F("c", "date") "," F("d", "date") "," \
	F("e", "date") "," F("f", "date") "]}"
#define INTS "{'fields':[" F("a", "int") "," F("b", "int") "," F("c", "int") "," F("d", "int") "," \
	F("e", "int") "," F("f", "int") "]}"

struct srow {
	const char *name;
	const char *schema;
	const char *want[MAXE];
	bool no_prefix;
	const char *zh, *en;
};

/* A string field with a given key (JSON text) */
#define FK(k) "{'key':" k ",'label':{'zh':'甲','en':'A'},'type':'string'}"
/* A field of type t with extra members x */
#define FX(k, t, x) "{'key':'" k "','label':{'zh':'甲','en':'A'},'type':'" t "'" x "}"
#define OPT(v) "{'value':" v ",'label':{'zh':'甲','en':'A'}}"

static struct srow SROWS[] = {
	{"the shop schema is valid", SHOP, .want = {NULL}},
	{"every one-type schema of the tables is valid",
	 "{'fields':[" F("a", "string") "," F("b", "text") "," F("c", "int") "," F("d", "decimal") "," F("e", "date") ","
	 F("f", "bool") "," F("g", "id_number") "," F("h", "credit_code") "," F("i", "phone") "," F("j", "email") ","
	 F("k", "address") "," F("l", "region") "]}", .want = {NULL}},
	{"an empty field list is valid", "{'fields':[]}", .want = {NULL}},
	{"not an object", "[]", .want = {"schema:type"}},
	{"no fields", "{}", .want = {"schema.fields:required"}},
	{"fields not an array", "{'fields':{}}", .want = {"schema.fields:type"}},
	{"unknown top-level member", "{'fields':[],'title':'x'}", .want = {"schema.title:unknown_member"}},
	{"a field that is not an object", "{'fields':[1,'x']}", .want = {"schema.fields[0]:type", "schema.fields[1]:type"}},
	{"keys", "{'fields':[" "{'label':{'zh':'甲','en':'A'},'type':'string'}," FK("'Shop'") "," FK("5") ","
	 FK("'a" A63 "a'") "," FK("'1a'") "," FK("'ok'") "," FK("'ok'") "," FK("'a" A63 "'") "," FK("'a-b'") "]}",
	 .want = {"schema.fields[0].key:required", "schema.fields[1].key:invalid_key", "schema.fields[2].key:type",
	  "schema.fields[3].key:invalid_key", "schema.fields[4].key:invalid_key",
	  "schema.fields[6].key:duplicate_key", "schema.fields[8].key:invalid_key"},
	 .zh = "字段 key ok 与第 6 个字段重复", .en = "The key ok is already used by field #6"},
	{"labels", "{'fields':["
	 "{'key':'a','type':'string'},"
	 "{'key':'b','type':'string','label':'x'},"
	 "{'key':'c','type':'string','label':{'zh':'甲'}},"
	 "{'key':'d','type':'string','label':{'zh':'','en':'A'}},"
	 "{'key':'e','type':'string','label':{'zh':'甲','en':'A','fr':'B'}},"
	 "{'key':'f','type':'string','label':{'zh':'甲\\n乙','en':'A'}},"
	 "{'key':'g','type':'string','label':{'zh':'" TEN TEN TEN TEN TEN TEN TEN TEN TEN TEN "一','en':'A'}},"
	 "{'key':'h','type':'string','label':{'zh':'甲','en':7}}"
	 "]}",
	 .want = {"schema.fields[0].label:missing_label", "schema.fields[1].label:type",
	  "schema.fields[2].label.en:missing_label", "schema.fields[3].label.zh:missing_label",
	  "schema.fields[4].label.fr:unknown_member", "schema.fields[5].label.zh:type",
	  "schema.fields[6].label.zh:too_long", "schema.fields[7].label.en:type"}},
	{"types", "{'fields':["
	 "{'key':'a','label':{'zh':'甲','en':'A'}}," FX("b", "varchar", "") ","
	 "{'key':'c','label':{'zh':'甲','en':'A'},'type':3}," FX("d", "String", "") "]}",
	 .want = {"schema.fields[0].type:required", "schema.fields[1].type:unknown_type", "schema.fields[2].type:type",
	  "schema.fields[3].type:unknown_type"},
	 .zh = "字段 b 的类型 varchar 不受支持", .en = "Field b has an unknown type \"varchar\""},
	{"unknown members of a field", "{'fields':[" FX("a", "string", ",'colour':'red','Required':true") "]}",
	 .want = {"schema.fields[0].colour:unknown_member", "schema.fields[0].Required:unknown_member"}},
	{"required must be a bool", "{'fields':[" FX("a", "string", ",'required':'yes'") ","
	 FX("b", "string", ",'required':1") "," FX("c", "string", ",'required':false") "]}",
	 .want = {"schema.fields[0].required:type", "schema.fields[1].required:type"}},
	{"enum options", "{'fields':["
	 FX("a", "enum", "") "," FX("b", "enum", ",'options':[]") "," FX("c", "enum", ",'options':'a'") ","
	 FX("d", "enum", ",'options':[" OPT("'x'") "," OPT("'x'") "]") ","
	 FX("e", "enum", ",'options':[{'value':'x'}]") "," FX("f", "enum", ",'options':[1]") ","
	 FX("g", "enum", ",'options':[{'label':{'zh':'甲','en':'A'}}]") "," FX("h", "enum", ",'options':[" OPT("1") "]") ","
	 FX("i", "enum", ",'options':[{'value':'x','label':{'zh':'甲','en':'A'},'x':1}]") ","
	 FX("j", "enum", ",'options':[" OPT("''") "," OPT("'a\\tb'") "," OPT("'y'") "," OPT("'x'") "]") "]}",
	 .want = {"schema.fields[0].options:missing_options", "schema.fields[1].options:missing_options",
	  "schema.fields[2].options:type", "schema.fields[3].options[1].value:duplicate_option",
	  "schema.fields[4].options[0].label:missing_label", "schema.fields[5].options[0]:type",
	  "schema.fields[6].options[0].value:required", "schema.fields[7].options[0].value:type",
	  "schema.fields[8].options[0].x:unknown_member", "schema.fields[9].options[0].value:required",
	  "schema.fields[9].options[1].value:type"},
	 .zh = "字段 d 的选项值 x 重复", .en = "Field d: the option value \"x\" is used twice"},
	{"members that do not belong to the type", "{'fields':["
	 FX("a", "string", ",'options':[" OPT("'x'") "]") "," FX("b", "int", ",'pattern':'^1'") ","
	 FX("c", "int", ",'min_len':1") "," FX("d", "string", ",'min':1") "," FX("e", "bool", ",'max_len':3") ","
	 FX("f", "email", ",'pattern':'@gov'") "," FX("g", "region", ",'max':'2026-01-01'") "]}",
	 .want = {"schema.fields[0].options:not_applicable", "schema.fields[1].pattern:not_applicable",
	  "schema.fields[2].min_len:not_applicable", "schema.fields[3].min:not_applicable",
	  "schema.fields[4].max_len:not_applicable", "schema.fields[5].pattern:not_applicable",
	  "schema.fields[6].max:not_applicable"}},
	{"binds: the applicant's credit code, on credit_code fields only", "{'fields':["
	 FX("a", "credit_code", ",'binds':'applicant.credit_code'") "," FX("b", "string", ",'binds':'applicant.credit_code'") ","
	 FX("c", "credit_code", ",'binds':'applicant.id_number'") "," FX("d", "credit_code", ",'binds':1") "]}",
	 .want = {"schema.fields[1].binds:not_applicable", "schema.fields[2].binds:not_an_option",
	  "schema.fields[3].binds:type"}},
	{"ranges", "{'fields':["
	 FX("a", "int", ",'min':10,'max':1") "," FX("b", "decimal", ",'min':5,'max':1.5") ","
	 FX("c", "date", ",'min':'2027-01-01','max':'2026-01-01'") "," FX("d", "string", ",'min_len':5,'max_len':2") ","
	 FX("e", "string", ",'min_len':-1") "," FX("f", "text", ",'max_len':100001") ","
	 FX("g", "string", ",'min_len':201") "," FX("h", "int", ",'min':3,'max':3") ","
	 FX("i", "decimal", ",'min':0.5,'max':1") "," FX("j", "string", ",'min_len':201,'max_len':300") ","
	 FX("k", "date", ",'min':'2026-01-01','max':'2026-01-01'") "," FX("l", "text", ",'max_len':0") "]}",
	 .want = {"schema.fields[0].min:invalid_range", "schema.fields[1].min:invalid_range",
	  "schema.fields[2].min:invalid_range", "schema.fields[3].min_len:invalid_range",
	  "schema.fields[4].min_len:invalid_range", "schema.fields[5].max_len:invalid_range",
	  "schema.fields[6].min_len:invalid_range"},
	 .zh = "字段 a 的 min（10）大于 max（1）", .en = "Field a: min (10) is greater than max (1)"},
	{"types of bounds", "{'fields':["
	 FX("a", "int", ",'min':1.5") "," FX("b", "decimal", ",'max':'10'") "," FX("c", "date", ",'min':20260101") ","
	 FX("d", "date", ",'max':'2026-02-30'") "," FX("e", "string", ",'max_len':'10'") ","
	 FX("f", "string", ",'min_len':1.0") "]}",
	 .want = {"schema.fields[0].min:type", "schema.fields[1].max:type", "schema.fields[2].min:type",
	  "schema.fields[3].max:invalid_date", "schema.fields[4].max_len:type", "schema.fields[5].min_len:type"}},
	{"patterns", "{'fields':["
	 FX("a", "string", ",'pattern':'([a-z'") "," FX("b", "string", ",'pattern':'(a)\\\\1'") ","
	 FX("c", "string", ",'pattern':5") "," FX("d", "text", ",'pattern':'a{2,1}'") ","
	 FX("e", "address", ",'pattern':'^[^\\\\\\\\]\\\\\\\\1$'") ","
	 FX("f", "string", ",'pattern':'" A63 A63 A63 A63 A63 A63 A63 A63 "aaaaaaaaa'") ","
	 FX("g", "string", ",'pattern':'^[0-9]{6}$'") "]}",
	 .want = {"schema.fields[0].pattern:invalid_pattern", "schema.fields[1].pattern:invalid_pattern",
	  "schema.fields[2].pattern:type", "schema.fields[3].pattern:invalid_pattern",
	  "schema.fields[5].pattern:too_long"}},
	{"patterns too complex to compile safely", "{'fields':["
	 FX("a", "string", ",'pattern':'(((a{1,75}){1,75}){1,75})'") "," FX("b", "string", ",'pattern':'(a+)+$'") ","
	 FX("c", "string", ",'pattern':'^a{1,101}$'") "," FX("d", "string", ",'pattern':'^(ab){2,5}[{(]+$'") ","
	 FX("e", "string", ",'pattern':'^([0-9]{3}-)?[0-9]{8}$'") "]}",
	 .want = {"schema.fields[0].pattern:invalid_pattern", "schema.fields[1].pattern:invalid_pattern",
	  "schema.fields[2].pattern:invalid_pattern"}},
	{"data element codes", "{'fields':["
	 FX("a", "string", ",'de':'enterprise.name'") "," FX("b", "string", ",'de':'DE.'") ","
	 FX("c", "string", ",'de':'DE.Enterprise'") "," FX("d", "string", ",'de':'DE.a..b'") ","
	 FX("e", "string", ",'de':'DE.a.'") "," FX("f", "string", ",'de':'DE.1a'") ","
	 FX("g", "string", ",'de':'DE.a1_b.c'") "," FX("h", "string", ",'de':5") ","
	 FX("i", "string", ",'de':'de.a'") "]}",
	 .want = {"schema.fields[0].de:invalid_de", "schema.fields[1].de:invalid_de", "schema.fields[2].de:invalid_de",
	  "schema.fields[3].de:invalid_de", "schema.fields[4].de:invalid_de", "schema.fields[5].de:invalid_de",
	  "schema.fields[7].de:type", "schema.fields[8].de:invalid_de"}},
	{"help texts", "{'fields':["
	 FX("a", "string", ",'help':{'zh':'说明'}") "," FX("b", "string", ",'help':'x'") ","
	 FX("c", "string", ",'help':{'zh':'第一行\\n第二行','en':'Line one\\nLine two'}") "]}",
	 .want = {"schema.fields[0].help.en:required", "schema.fields[1].help:type"}},
	{"many problems in one field, reported together",
	 "{'fields':[{'key':'Bad','type':'enum','required':'no','min_len':-1,'pattern':'(','de':'x'}]}",
	 .want = {"schema.fields[0].key:invalid_key", "schema.fields[0].label:missing_label",
	  "schema.fields[0].required:type", "schema.fields[0].min_len:invalid_range",
	  "schema.fields[0].pattern:not_applicable", "schema.fields[0].options:missing_options",
	  "schema.fields[0].de:invalid_de"}},
	{"no prefix", "{'fields':[{'key':'a'}]}",
	 .want = {"fields[0].label:missing_label", "fields[0].type:required"}, .no_prefix = true},
};

/* ---- helpers ---- */

static json_t *load(const char *text)
{
	size_t n = strlen(text);
	char *s = malloc(n + 1);
	assert_non_null(s);
	for (size_t i = 0; i <= n; i++)
		s[i] = text[i] == '\'' ? '"' : text[i];
	json_error_t je;
	json_t *j = json_loads(s, JSON_ALLOW_NUL | JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!j)
		print_error("bad JSON in the table: %s at %d: %s\n", je.text, je.position, s);
	free(s);
	assert_non_null(j);
	return j;
}

static bool listed(const char *const *want, const char *item)
{
	for (size_t k = 0; k < MAXE && want[k]; k++)
		if (strcmp(want[k], item) == 0)
			return true;
	return false;
}

/* Exact set of "field:code", every message present, and the optional exact message pair. */
static void expect_errors(const errs_t *e, const char *const *want, const char *zh, const char *en)
{
	bool bad = false, msg_seen = !zh;
	size_t nwant = 0;
	while (nwant < MAXE && want[nwant])
		nwant++;
	for (size_t i = 0; i < e->n; i++) {
		char item[512];
		int r = snprintf(item, sizeof item, "%s:%s", e->v[i].field, e->v[i].code);
		assert_true(r > 0 && (size_t)r < sizeof item);
		if (!listed(want, item)) {
			print_error("unexpected error %s (%s / %s)\n", item, e->v[i].zh, e->v[i].en);
			bad = true;
		}
		if (!*e->v[i].zh || !*e->v[i].en) {
			print_error("error %s lacks a message\n", item);
			bad = true;
		}
		if (zh && strcmp(e->v[i].zh, zh) == 0 && strcmp(e->v[i].en, en) == 0)
			msg_seen = true;
	}
	for (size_t k = 0; k < nwant; k++) {
		bool found = false;
		char *colon = strrchr(want[k], ':');
		assert_non_null(colon);
		for (size_t i = 0; i < e->n && !found; i++)
			found = strncmp(e->v[i].field, want[k], (size_t)(colon - want[k])) == 0
				&& e->v[i].field[colon - want[k]] == '\0' && strcmp(e->v[i].code, colon + 1) == 0;
		if (!found) {
			print_error("missing error %s\n", want[k]);
			bad = true;
		}
	}
	if (e->n != nwant) {
		print_error("%zu errors, expected %zu\n", e->n, nwant);
		bad = true;
	}
	if (!msg_seen) {
		print_error("no error with the messages \"%s\" / \"%s\"; got:\n", zh, en);
		for (size_t i = 0; i < e->n; i++)
			print_error("  %s:%s \"%s\" / \"%s\"\n", e->v[i].field, e->v[i].code, e->v[i].zh, e->v[i].en);
		bad = true;
	}
	if (bad)
		fail();
}

/* ---- the table runner ---- */

static void run_srow(void **state)
{
	const struct srow *row = *state;
	json_t *schema = load(row->schema);
	errs_t e = ERRS_INIT;

	bool ok = form_schema_check(schema, row->no_prefix ? NULL : "schema", &e);
	expect_errors(&e, row->want, row->zh, row->en);
	assert_int_equal(ok, row->want[0] == NULL);
	errs_clear(&e);

	/* a schema the checker refuses is refused by the validator too, never half-used */
	if (!ok) {
		json_t *empty = json_object();
		form_opts_t o = {.prefix = "form", .today_y = 2026, .today_m = 11, .today_d = 23};
		const char *const want[] = {"form:invalid_schema", NULL};
		assert_false(form_validate(schema, empty, &o, &e));
		expect_errors(&e, want, "表单定义有误，暂时无法提交，请联系办理部门",
			      "The form definition is faulty, so the form cannot be submitted; please contact the department");
		errs_clear(&e);
		json_decref(empty);
	}
	json_decref(schema);
}

/* ---- cases that do not fit a row ---- */

static json_t *many_fields(size_t n)
{
	json_t *fields = json_array();
	for (size_t i = 0; i < n; i++) {
		char key[16];
		int r = snprintf(key, sizeof key, "f%zu", i);
		assert_true(r > 0 && (size_t)r < sizeof key);
		json_array_append_new(fields, json_pack("{s:s, s:{s:s, s:s}, s:s, s:s}", "key", key, "label",
							"zh", "甲", "en", "A", "type", "string", "pattern", "^[a-z]"));
	}
	return json_pack("{s:o}", "fields", fields);
}

static void test_field_limit(void **state)
{
	(void)state;
	errs_t e = ERRS_INIT;
	json_t *s200 = many_fields(200), *s201 = many_fields(201);
	assert_true(form_schema_check(s200, "schema", &e));
	assert_false(form_schema_check(s201, "schema", &e));
	const char *const want[] = {"schema.fields:too_long", NULL};
	expect_errors(&e, want, "一个表单最多 200 个字段，此表单有 201 个",
		      "A form may have at most 200 fields; this one has 201");
	errs_clear(&e);

	/* all 200 patterns are compiled and used together */
	json_t *data = json_pack("{s:s, s:s}", "f0", "abc", "f199", "1bc");
	form_opts_t o = {.prefix = "form"};
	assert_false(form_validate(s200, data, &o, &e));
	const char *const want2[] = {"form.f199:pattern", NULL};
	expect_errors(&e, want2, NULL, NULL);
	errs_clear(&e);
	json_decref(data);
	json_decref(s200);
	json_decref(s201);
}

static json_t *enum_schema(size_t noptions)
{
	json_t *options = json_array();
	for (size_t i = 0; i < noptions; i++) {
		char value[16];
		int r = snprintf(value, sizeof value, "v%zu", i);
		assert_true(r > 0 && (size_t)r < sizeof value);
		json_array_append_new(options, json_pack("{s:s, s:{s:s, s:s}}", "value", value, "label",
							 "zh", "甲", "en", "A"));
	}
	return json_pack("{s:[{s:s, s:{s:s, s:s}, s:s, s:o}]}", "fields", "key", "kind", "label",
			 "zh", "类别", "en", "Kind", "type", "enum", "options", options);
}

static void test_option_limit(void **state)
{
	(void)state;
	errs_t e = ERRS_INIT;
	json_t *s1000 = enum_schema(1000), *s1001 = enum_schema(1001);
	assert_true(form_schema_check(s1000, "schema", &e));
	assert_false(form_schema_check(s1001, "schema", &e));
	const char *const want[] = {"schema.fields[0].options:too_long", NULL};
	expect_errors(&e, want, NULL, NULL);
	errs_clear(&e);

	json_t *data = json_pack("{s:s}", "kind", "v999");
	form_opts_t o = {.prefix = "form"};
	assert_true(form_validate(s1000, data, &o, &e));
	errs_clear(&e);
	json_decref(data);
	json_decref(s1000);
	json_decref(s1001);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_LEN(SROWS) + 2];
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_LEN(SROWS); i++)
		tests[n++] = (struct CMUnitTest){.name = SROWS[i].name, .test_func = run_srow, .initial_state = &SROWS[i]};
	tests[n++] = (struct CMUnitTest){.name = "at most 200 fields", .test_func = test_field_limit};
	tests[n++] = (struct CMUnitTest){.name = "at most 1000 options", .test_func = test_option_limit};
	if (n != ARRAY_LEN(tests))
		return 1;
	return cmocka_run_group_tests_name("form_schema", tests, NULL, NULL);
}
