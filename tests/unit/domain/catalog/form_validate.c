/* form_validate.c — unit tests of domain/catalog/form_validate.c: submitted
 * forms checked against their schema, as tables.
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
#include <pthread.h>

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

struct vrow {
	const char *name;
	const char *schema;
	const char *input;
	const char *want[MAXE];     /* NULL-terminated "field:code" */
	bool regions;               /* give the region_exists lookup */
	bool no_prefix;             /* prefix NULL instead of "form" */
	const char *zh, *en;        /* when set: one error carries exactly these messages */
};

static struct vrow VROWS[] = {
	{"a fully valid form", SHOP,
	 "{'shop_name':'老王面馆','intro':'兰州牛肉面\\n小本经营','staff':12,'capital':'100.50',"
	 "'open_date':'2026-12-01','kind':'food','chain':false,'owner_id':'110105199003071239',"
	 "'credit':'91310104MA1FL8XQ36','phone':'13800138000','email':'wang@example.com.cn',"
	 "'address':'上海市徐汇区漕溪北路88号','region':'310104'}",
	 .want = {NULL}, .regions = true},
	{"only the required fields", SHOP, "{" MIN_OK "}", .want = {NULL}},
	{"an empty form misses every required field", SHOP, "{}",
	 .want = {"form.shop_name:required", "form.kind:required", "form.owner_id:required"},
	 .zh = "「店铺名称」为必填项", .en = "Shop name is required"},
	{"null and empty strings for optional fields", SHOP,
	 "{" MIN_OK ",'intro':'','staff':null,'capital':'','open_date':null,'chain':null,'credit':'',"
	 "'phone':null,'email':'','address':'','region':null}",
	 .want = {NULL}},
	{"null, empty and blank for required fields", SHOP,
	 "{'shop_name':null,'kind':'','owner_id':' \u3000\\t'}",
	 .want = {"form.shop_name:required", "form.kind:required", "form.owner_id:required"}},
	{"a field the schema does not define", SHOP, "{" MIN_OK ",'colour':'red'}",
	 .want = {"form.colour:unknown_field"},
	 .zh = "本表单没有“colour”这一项", .en = "This form has no field \"colour\""},
	{"wrong JSON types", SHOP,
	 "{'shop_name':5,'intro':['a'],'staff':'12','capital':true,'open_date':20261201,'kind':1,"
	 "'chain':'true','owner_id':110105199003071239,'credit':false,'phone':13800138000,'email':{},"
	 "'address':1,'region':310104}",
	 .want = {"form.shop_name:type", "form.intro:type", "form.staff:type", "form.capital:type",
	  "form.open_date:type", "form.kind:type", "form.chain:type", "form.owner_id:type",
	  "form.credit:type", "form.phone:type", "form.email:type", "form.address:type", "form.region:type"},
	 .zh = "「从业人数」应填写整数", .en = "Number of staff must be a whole number"},
	{"lengths count characters, not bytes: Chinese at max_len", SHOP,
	 "{" KIND_OK "," OWNER_OK ",'shop_name':'" TEN "','address':'" TEN TEN TEN "','intro':'𠀀𠀁'}", .want = {NULL}},
	{"too short", SHOP, "{" KIND_OK "," OWNER_OK ",'shop_name':'店','intro':'一'}",
	 .want = {"form.shop_name:too_short", "form.intro:too_short"},
	 .zh = "「店铺名称」至少需要 2 个字符", .en = "Shop name must have at least 2 characters"},
	{"one character too long", SHOP,
	 "{" KIND_OK "," OWNER_OK ",'shop_name':'" TEN "一','address':'" TEN TEN TEN "一','intro':'" TEN TEN "一'}",
	 .want = {"form.shop_name:too_long", "form.address:too_long", "form.intro:too_long"},
	 .zh = "「经营地址」最多 30 个字符", .en = "Business address must have at most 30 characters"},
	{"pattern not matched", SHOP, "{" KIND_OK "," OWNER_OK ",'shop_name':'1号店'}",
	 .want = {"form.shop_name:pattern"},
	 .zh = "「店铺名称」的格式不正确", .en = "Shop name is not in the required format"},
	{"one-line strings refuse line breaks and tabs, text refuses control characters", SHOP,
	 "{" KIND_OK "," OWNER_OK ",'shop_name':'老王\\n面馆','address':'上海\\t徐汇','intro':'第一行\\u0007'}",
	 .want = {"form.shop_name:type", "form.address:type", "form.intro:type"}},
	{"text allows line breaks and tabs", SHOP, "{" MIN_OK ",'intro':'第一行\\r\\n第二\\t行'}", .want = {NULL}},
	{"NUL inside a string", SHOP, "{" KIND_OK "," OWNER_OK ",'shop_name':'老王\\u0000面馆'}",
	 .want = {"form.shop_name:type"}},
	{"lower bounds are inclusive", SHOP,
	 "{" MIN_OK ",'staff':1,'capital':0.5,'open_date':'2026-01-01'}", .want = {NULL}},
	{"upper bounds are inclusive", SHOP,
	 "{" MIN_OK ",'staff':500,'capital':'1000','open_date':'2027-12-31'}", .want = {NULL}},
	{"integer and string forms of a decimal within bounds", SHOP,
	 "{" MIN_OK ",'capital':1000}", .want = {NULL}},
	{"below min", SHOP, "{" MIN_OK ",'staff':0,'capital':0.4,'open_date':'2025-12-31'}",
	 .want = {"form.staff:too_small", "form.capital:too_small", "form.open_date:too_small"},
	 .zh = "「开业日期」不能早于 2026-01-01", .en = "Opening date must be on or after 2026-01-01"},
	{"above max", SHOP, "{" MIN_OK ",'staff':501,'capital':1000.01,'open_date':'2028-01-01'}",
	 .want = {"form.staff:too_large", "form.capital:too_large", "form.open_date:too_large"},
	 .zh = "「注册资本」不能大于 1000", .en = "Registered capital must be at most 1000"},
	{"decimal string above max, negative below min", SHOP, "{" MIN_OK ",'capital':'1000.01','staff':-3}",
	 .want = {"form.capital:too_large", "form.staff:too_small"},
	 .zh = "「从业人数」不能小于 1", .en = "Number of staff must be at least 1"},
	{"decimal strings", DECIMALS,
	 "{'a':'12.3.4','b':'-1','c':'1e3','d':'.5','e':'5.','f':' 12','g':'１２','h':'007.50',"
	 "'i':'1" D32 D32 "','j':-3.5,'k':'" D32 D32 "'}",
	 .want = {"form.a:type", "form.b:type", "form.c:type", "form.d:type", "form.e:type", "form.f:type",
	  "form.g:type", "form.i:too_long"}},
	{"integers", INTS, "{'a':1.5,'b':-9223372036854775808,'c':1e2,'d':'12','e':true,'f':0}",
	 .want = {"form.a:type", "form.c:type", "form.d:type", "form.e:type"}},
	{"dates", DATES,
	 "{'a':'2026-02-29','b':'2026/03/01','c':'2026-3-1','d':'2024-02-29','e':'1899-12-31','f':'2026-12-01 '}",
	 .want = {"form.a:invalid_date", "form.b:invalid_date", "form.c:invalid_date", "form.e:invalid_date",
	  "form.f:invalid_date"},
	 .zh = "「项目a」不是有效日期，请按 YYYY-MM-DD 填写", .en = "Item a is not a valid date; use YYYY-MM-DD"},
	{"enum value not among the options", SHOP, "{" NAME_OK "," OWNER_OK ",'kind':'Food'}",
	 .want = {"form.kind:not_an_option"}},
	{"other enum option and bool true", SHOP, "{" NAME_OK "," OWNER_OK ",'kind':'retail','chain':true}", .want = {NULL}},
	{"bool must be true or false", SHOP, "{" MIN_OK ",'chain':1}", .want = {"form.chain:type"},
	 .zh = "「是否连锁」应填写“是”或“否”", .en = "Chain store must be yes or no"},
	{"a required bool answered false", AGREE, "{'agree':false}", .want = {NULL}},
	{"a required bool not answered", AGREE, "{}", .want = {"form.agree:required"}},
	{"ID numbers", IDS,
	 "{'a':'110105199003071239','b':'11010519491231002X','c':'11010519491231002x',"
	 "'d':'110105900307123','e':'440305200002290010','f':'110105202611230015',"
	 "'g':'110105199003071238','h':'330102199002300011','i':'110105202611240010',"
	 "'j':'11010519900307123','k':'1101051990030712X9','l':'990105199003071234'}",
	 .want = {"form.g:id_number", "form.h:id_number", "form.i:id_number", "form.j:id_number",
	  "form.k:id_number", "form.l:id_number"},
	 .zh = "「项目g」填写有误：身份证号码的校验位不正确，请核对",
	 .en = "Item g is not valid: the check digit of the ID number is wrong; please check it"},
	{"an impossible birth date in an ID number", IDS, "{'h':'330102199002300011'}", .want = {"form.h:id_number"},
	 .zh = "「项目h」填写有误：身份证号码中的出生日期不存在或晚于今天",
	 .en = "Item h is not valid: the birth date in the ID number does not exist or is in the future"},
	{"credit codes", CREDITS,
	 "{'a':'91310104MA1FL8XQ36','b':'91110000600037341L','c':'91310104MA1FL8XQ37',"
	 "'d':'91310104MA1FL8XQ3','e':'91310104MA1IL8XQ36','f':'91310104ma1fl8xq36'}",
	 .want = {"form.c:credit_code", "form.d:credit_code", "form.e:credit_code", "form.f:credit_code"},
	 .zh = "「项目c」填写有误：统一社会信用代码的校验位不正确，请核对",
	 .en = "Item c is not valid: the check character of the unified social credit code is wrong; please check it"},
	{"phone numbers", PHONES,
	 "{'a':'13800138000','b':'19912345678','c':'010-12345678','d':'0571-8765432','e':'021-62345678-1234',"
	 "'f':'12800138000','g':'1380013800','h':'138001380001','i':'010 12345678','j':'+8613800138000',"
	 "'k':'01012345678','l':'10-1234567','m':'010-123456','n':'010-12345678-1234567'}",
	 .want = {"form.f:phone", "form.g:phone", "form.h:phone", "form.i:phone", "form.j:phone", "form.k:phone",
	  "form.l:phone", "form.m:phone", "form.n:phone"}},
	{"email addresses", EMAILS,
	 "{'a':'wang@example.com','b':'zhang.san+shop@mail.gov.cn','c':'o\\u0027neil@x-y.cn',"
	 "'d':'a@" A63 "." A63 "." A63 ".cn','e':'wang@example','f':'@example.com','g':'wang@@example.com',"
	 "'h':'wang li@example.com','i':'wang..li@example.com','j':'wang@-x.cn','k':'wang@x.c',"
	 "'l':'王@example.com','m':'a@" A63 "." A63 "." A63 "." A63 ".cn','n':'wang@example.com.',"
	 "'o':'" A63 "aa@example.com'}",
	 .want = {"form.e:email", "form.f:email", "form.g:email", "form.h:email", "form.i:email", "form.j:email",
	  "form.k:email", "form.l:email", "form.m:email", "form.n:email", "form.o:email"}},
	{"regions checked against the lookup", REGIONS,
	 "{'a':'310104','b':'999999','c':'31010','d':'31010a','e':'3101041'}",
	 .want = {"form.b:region", "form.c:region", "form.d:region", "form.e:region"}, .regions = true,
	 .zh = "「项目b」的行政区划代码不存在", .en = "Item b is not a known administrative division code"},
	{"regions without a lookup: format only", REGIONS, "{'a':'999999','b':'31010'}",
	 .want = {"form.b:region"}},
	{"several errors in one form, two on one field", SHOP,
	 "{'shop_name':'1','staff':0,'kind':'bar','owner_id':'110105199003071238','phone':'123',"
	 "'email':'x','extra':1}",
	 .want = {"form.shop_name:too_short", "form.shop_name:pattern", "form.staff:too_small", "form.kind:not_an_option",
	  "form.owner_id:id_number", "form.phone:phone", "form.email:email", "form.extra:unknown_field"}},
	{"no prefix: paths are bare keys", SHOP, "{'kind':'x'}",
	 .want = {"shop_name:required", "kind:not_an_option", "owner_id:required"}, .no_prefix = true},
	{"the form is not an object", SHOP, "[]", .want = {"form:type"}},
};

/* ---- helpers ---- */

static bool geo_region_known(const char *code, void *ctx)
{
	(void)ctx;
	static const char *const KNOWN[] = {"110105", "310104", "440305"};
	for (size_t i = 0; i < ARRAY_LEN(KNOWN); i++)
		if (strcmp(code, KNOWN[i]) == 0)
			return true;
	return false;
}

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

/* A citizen must see which field is meant: each error on a schema field names its label. */
static void expect_labels_named(const json_t *schema, const errs_t *e, const char *prefix)
{
	size_t i;
	const json_t *f;
	json_array_foreach(json_object_get(schema, "fields"), i, f) {
		char path[256];
		const char *key = json_string_value(json_object_get(f, "key"));
		const json_t *label = json_object_get(f, "label");
		char zh[256];
		const char *en = json_string_value(json_object_get(label, "en"));
		int r1 = prefix ? snprintf(path, sizeof path, "%s.%s", prefix, key) : snprintf(path, sizeof path, "%s", key);
		int r2 = snprintf(zh, sizeof zh, "「%s」", json_string_value(json_object_get(label, "zh")));
		assert_true(r1 > 0 && (size_t)r1 < sizeof path && r2 > 0 && (size_t)r2 < sizeof zh);
		for (size_t k = 0; k < e->n; k++) {
			if (strcmp(e->v[k].field, path) != 0)
				continue;
			if (!strstr(e->v[k].zh, zh) || strncmp(e->v[k].en, en, strlen(en)) != 0) {
				print_error("%s:%s does not name its label: %s / %s\n", path, e->v[k].code, e->v[k].zh, e->v[k].en);
				fail();
			}
		}
	}
}

static form_opts_t opts_for(const struct vrow *row)
{
	form_opts_t o = {
		.prefix = row->no_prefix ? NULL : "form",
		.today_y = 2026, .today_m = 11, .today_d = 23,
		.region_exists = row->regions ? geo_region_known : NULL,
	};
	return o;
}

/* ---- the table runner ---- */

static void run_vrow(void **state)
{
	const struct vrow *row = *state;
	json_t *schema = load(row->schema);
	json_t *input = load(row->input);
	errs_t e = ERRS_INIT;

	assert_true(form_schema_check(schema, "schema", &e));
	form_opts_t o = opts_for(row);
	bool ok = form_validate(schema, input, &o, &e);
	expect_errors(&e, row->want, row->zh, row->en);
	assert_int_equal(ok, row->want[0] == NULL);
	expect_labels_named(schema, &e, o.prefix);

	/* a shared schema's kept fields judge as the walk does, the first time (loaded and kept)
	 * and the second (taken from what was kept) */
	o.shared_schema = true;
	for (int round = 0; round < 2; round++) {
		errs_t again = ERRS_INIT;
		assert_int_equal(form_validate(schema, input, &o, &again), ok);
		assert_int_equal(again.n, e.n);
		for (size_t i = 0; i < e.n; i++) {
			assert_string_equal(again.v[i].field, e.v[i].field);
			assert_string_equal(again.v[i].code, e.v[i].code);
			assert_string_equal(again.v[i].zh, e.v[i].zh);
			assert_string_equal(again.v[i].en, e.v[i].en);
		}
		errs_clear(&again);
	}

	errs_clear(&e);
	json_decref(schema);
	json_decref(input);
}

/* ---- cases that do not fit a row ---- */

/* jansson refuses invalid UTF-8 when parsing; a json_t built in code need not. */
static void test_invalid_utf8(void **state)
{
	(void)state;
	static const char *const BAD[] = {
		"\xC0\xAF",             /* overlong '/', two bytes */
		"\xE0\x80\xAF",         /* overlong '/', three bytes */
		"\xF0\x80\x80\xAF",     /* overlong '/', four bytes */
		"\xE4\xB8",             /* cut short */
		"\xED\xA0\x80",         /* surrogate */
		"\xF4\x90\x80\x80",     /* above U+10FFFF */
		"\xFF",
		"ab\x80",               /* stray continuation byte */
	};
	json_t *schema = load(SHOP);
	form_opts_t o = {.prefix = "form", .today_y = 2026, .today_m = 11, .today_d = 23};
	for (size_t i = 0; i < ARRAY_LEN(BAD); i++) {
		errs_t e = ERRS_INIT;
		json_t *data = load("{" MIN_OK "}");
		json_object_set_new(data, "address", json_stringn_nocheck(BAD[i], strlen(BAD[i])));
		assert_false(form_validate(schema, data, &o, &e));
		const char *const want[] = {"form.address:type", NULL};
		expect_errors(&e, want, "「经营地址」包含无效字符", "Business address contains invalid characters");
		errs_clear(&e);
		json_decref(data);
	}
	json_decref(schema);
}

/* opts may be NULL: no prefix, no region lookup, and no "today" to bound birth dates. */
static void test_null_opts(void **state)
{
	(void)state;
	json_t *schema = load(SHOP);
	json_t *data = load("{'shop_name':'老王面馆','kind':'food','owner_id':'110105202611240010','region':'999999',"
			    "'staff':0}");
	errs_t e = ERRS_INIT;
	assert_false(form_validate(schema, data, NULL, &e));
	const char *const want[] = {"staff:too_small", NULL};
	expect_errors(&e, want, NULL, NULL);
	errs_clear(&e);
	json_decref(data);
	json_decref(schema);
}

/* The result says whether *this* call found errors, not whether the list was empty before. */
static void test_appends_to_existing_errors(void **state)
{
	(void)state;
	json_t *schema = load(SHOP);
	json_t *data = load("{" MIN_OK "}");
	errs_t e = ERRS_INIT;
	errs_add(&e, "materials[0]", "required", "缺少材料", "Material missing");
	form_opts_t o = {.prefix = "form", .today_y = 2026, .today_m = 11, .today_d = 23};
	assert_true(form_validate(schema, data, &o, &e));
	assert_true(form_schema_check(schema, NULL, &e));
	assert_int_equal(e.n, 1);
	errs_clear(&e);
	json_decref(data);
	json_decref(schema);
}

/* "binds": "applicant.credit_code": the applicant's own code only, when the caller asks. */
#define BOUND "{'fields':[" \
	"{'key':'credit_code','label':{'zh':'统一社会信用代码','en':'Credit code'},'type':'credit_code'," \
	"'binds':'applicant.credit_code'}," \
	"{'key':'employer','label':{'zh':'用人单位代码','en':'Employer code'},'type':'credit_code'}]}"
#define XIAOCHI "91310101MA1FPX0Q1Y"
#define OTHER "91310104MA1FL8XQ36"

static void bound_case(const char *input, bool check, const char *own, const char *const *want)
{
	json_t *schema = load(BOUND);
	json_t *data = load(input);
	errs_t e = ERRS_INIT;
	assert_true(form_schema_check(schema, "schema", &e));
	form_opts_t o = {.prefix = "form", .today_y = 2026, .today_m = 11, .today_d = 23,
			 .check_binds = check, .applicant_credit_code = own};
	bool ok = form_validate(schema, data, &o, &e);
	expect_errors(&e, want, NULL, NULL);
	assert_int_equal(ok, want[0] == NULL);
	expect_labels_named(schema, &e, "form");
	errs_clear(&e);
	json_decref(data);
	json_decref(schema);
}

static void test_binds_applicant_credit_code(void **state)
{
	(void)state;
	const char *const none[] = {NULL};
	const char *const not_yours[] = {"form.credit_code:not_yours", NULL};
	const char *const invalid[] = {"form.credit_code:credit_code", NULL};
	/* the applicant's own code; another party's code in an unbound field is anyone's */
	bound_case("{'credit_code':'" XIAOCHI "','employer':'" OTHER "'}", true, XIAOCHI, none);
	/* another company's code */
	bound_case("{'credit_code':'" OTHER "'}", true, XIAOCHI, not_yours);
	/* a person has no code: none is theirs */
	bound_case("{'credit_code':'" XIAOCHI "'}", true, NULL, not_yours);
	/* waived (an authorised agent files): any valid code */
	bound_case("{'credit_code':'" OTHER "'}", false, XIAOCHI, none);
	/* an invalid code is reported as such, not also as someone else's */
	bound_case("{'credit_code':'91310101MA1FPX0Q1X'}", true, XIAOCHI, invalid);
	/* missing and not required: nothing to compare */
	bound_case("{}", true, XIAOCHI, none);
}

/* A field whose data element is a name refuses bidi controls and zero-width
 * characters; other text fields keep them (a zero-width joiner is part of
 * some scripts' ordinary text). */
static void test_names_refuse_invisible_characters(void **state)
{
	(void)state;
	static const char *const HIDDEN[] = {"\u202a", "\u202e", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff"};
	json_t *schema = load(SHOP);
	form_opts_t o = {.prefix = "form", .today_y = 2026, .today_m = 11, .today_d = 23};
	for (size_t i = 0; i < ARRAY_LEN(HIDDEN); i++) {
		char in[256];
		snprintf(in, sizeof in, "{'shop_name':'老王%s面馆','kind':'food','owner_id':'110105199003071239',"
			 "'intro':'简介%s文字'}", HIDDEN[i], HIDDEN[i]);
		json_t *data = load(in);
		errs_t e = ERRS_INIT;
		assert_false(form_validate(schema, data, &o, &e));
		const char *const want[] = {"form.shop_name:invisible_chars", NULL};
		expect_errors(&e, want, "「店铺名称」不能包含不可见字符或文字方向控制字符",
			      "Shop name must not contain invisible or bidirectional control characters");
		errs_clear(&e);
		json_decref(data);
	}
	/* the neighbours pass */
	json_t *data = load("{'shop_name':'老王\u200e面馆','kind':'food','owner_id':'110105199003071239'}");
	errs_t e = ERRS_INIT;
	assert_true(form_validate(schema, data, &o, &e));
	json_decref(data);
	json_decref(schema);
}

/* A shared schema the walk refuses is refused each time, not kept as valid. */
static void test_shared_invalid_schema(void **state)
{
	(void)state;
	json_t *schema = load("{'fields':[{'key':'a','type':'string'}]}"); /* no label */
	json_t *data = load("{'a':'x'}");
	form_opts_t o = {.prefix = "form", .shared_schema = true};
	for (int round = 0; round < 3; round++) {
		errs_t e = ERRS_INIT;
		assert_false(form_validate(schema, data, &o, &e));
		const char *const want[] = {"form:invalid_schema", NULL};
		expect_errors(&e, want, NULL, NULL);
		errs_clear(&e);
	}
	json_decref(data);
	json_decref(schema);
}

/* Threads judging with one kept schema while others load and replace schemas in the same table:
 * every verdict right, and (under the sanitizers) no field read after it was freed. */
struct judge {
	const json_t *schema;
	int rounds, wrong;
	bool churn; /* load fresh schemas instead, each one used and dropped */
};

static void *judge_main(void *arg)
{
	struct judge *j = arg;
	json_t *good = load("{" MIN_OK "}"), *bad = load("{'shop_name':'9号店'," KIND_OK "," OWNER_OK "}");
	form_opts_t o = {.prefix = "form", .today_y = 2026, .today_m = 11, .today_d = 23, .shared_schema = true};
	for (int i = 0; i < j->rounds; i++) {
		json_t *fresh = j->churn ? load(SHOP) : NULL;
		const json_t *schema = fresh ? fresh : j->schema;
		errs_t e = ERRS_INIT;
		bool ok = form_validate(schema, i % 2 ? bad : good, &o, &e);
		/* the bad one starts with a digit: the pattern '^[^0-9]' refuses it, and nothing else */
		if (ok != (i % 2 == 0) || e.n != (size_t)(i % 2) ||
		    (e.n && strcmp(e.v[0].code, "pattern") != 0))
			j->wrong++;
		errs_clear(&e);
		json_decref(fresh);
	}
	json_decref(good);
	json_decref(bad);
	return NULL;
}

static void test_shared_schema_threads(void **state)
{
	(void)state;
	json_t *schema = load(SHOP);
	struct judge js[4] = {{schema, 3000, 0, false}, {schema, 3000, 0, false}, {NULL, 300, 0, true},
			      {NULL, 300, 0, true}};
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, judge_main, &js[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(js[i].wrong, 0);
	}
	json_decref(schema);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_LEN(VROWS) + 7];
	size_t n = 0;
	for (size_t i = 0; i < ARRAY_LEN(VROWS); i++)
		tests[n++] = (struct CMUnitTest){.name = VROWS[i].name, .test_func = run_vrow, .initial_state = &VROWS[i]};
	tests[n++] = (struct CMUnitTest){.name = "invalid UTF-8 in a value", .test_func = test_invalid_utf8};
	tests[n++] = (struct CMUnitTest){.name = "no options given", .test_func = test_null_opts};
	tests[n++] = (struct CMUnitTest){.name = "appends to an existing error list",
					 .test_func = test_appends_to_existing_errors};
	tests[n++] = (struct CMUnitTest){.name = "a credit code bound to the applicant",
					 .test_func = test_binds_applicant_credit_code};
	tests[n++] = (struct CMUnitTest){.name = "a name field refuses invisible characters",
					 .test_func = test_names_refuse_invisible_characters};
	tests[n++] = (struct CMUnitTest){.name = "a shared schema the walk refuses stays refused",
					 .test_func = test_shared_invalid_schema};
	tests[n++] = (struct CMUnitTest){.name = "a shared schema judged from threads while others replace it",
					 .test_func = test_shared_schema_threads};
	if (n != ARRAY_LEN(tests))
		return 1;
	return cmocka_run_group_tests_name("form_validate", tests, NULL, NULL);
}
