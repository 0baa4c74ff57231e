/* matter_check.c — unit tests of matter_check (domain/catalog/matter.h), as tables.
 *
 * matter_check looks departments up, so every test runs against a fresh
 * SQLite store (store_open + store_migrate in a temporary directory) holding
 * one region chain and two departments, inserted with raw SQL.
 *
 * Each row patches a good matter document (paths such as
 * "form.fields[1].type" or "materials[0]"; a NULL value deletes the member)
 * and names the exact set of "field:code" errors it must give: one missing or
 * one extra error fails the row. Every error must carry a Chinese and an
 * English message, and matter_check must return NULL exactly when it reports
 * errors. JSON in the tables is written with single quotes; they become
 * double quotes before parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include "unit/tempstore.h"

#include "domain/catalog/matter.h"
#include "store/store.h"

#define MAXE 16
#define MAXP 8
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define GOOD "{'code':'QT00909000'," \
	"'name':{'zh':'测试事项备案','en':'Test matter filing'}," \
	"'department':'amr','type':'other','legal_basis':'《测试条例》第一条；\\n《测试办法》第二条'," \
	"'legal_days':20,'promised_days':5,'immediate':false,'visits':0,'online_depth':4,'fee_fen':0," \
	"'service_hours':'周一至周五 9:00-17:00','service_places':['上海市测试服务大厅']," \
	"'keywords':['测试','备案']," \
	"'materials':[" \
	"{'key':'business_licence','name':{'zh':'营业执照','en':'Business licence'},'required':true," \
	"'formats':['pdf','ofd'],'max_size':10485760,'copies':1,'source':'certificate:business_licence'}," \
	"{'key':'household','name':{'zh':'户籍信息','en':'Household record'},'required':false," \
	"'formats':['pdf'],'max_size':5242880,'source':'registry:household'}," \
	"{'key':'plan','name':{'zh':'实施方案','en':'Plan'},'required':true," \
	"'formats':['pdf','jpeg','png'],'max_size':5242880,'copies':3,'source':'upload'," \
	"'description':{'zh':'加盖公章','en':'Stamped'}}]," \
	"'form':{'fields':[" \
	"{'key':'enterprise_name','label':{'zh':'企业名称','en':'Enterprise name'},'type':'string'," \
	"'required':true,'max_len':100,'de':'DE.enterprise.name'}," \
	"{'key':'credit_code','label':{'zh':'统一社会信用代码','en':'Unified social credit code'}," \
	"'type':'credit_code','required':true,'de':'DE.enterprise.credit_code'}," \
	"{'key':'kind','label':{'zh':'类别','en':'Kind'},'type':'enum','required':true," \
	"'options':[{'value':'a','label':{'zh':'甲类','en':'Class A'}},{'value':'b','label':{'zh':'乙类','en':'Class B'}}]}]}," \
	"'result':{'kind':'certificate','certificate_type':'test_filing','name':{'zh':'备案凭证','en':'Filing certificate'}}," \
	"'delivery':['electronic','window']}"

#define S31 "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一"
#define P21 "['a','b','c','d','e','f','g','h','i','j','k','l','m','n','o','p','q','r','s','t','u']"

struct patch {
	const char *path;
	const char *value;   /* single-quoted JSON; NULL deletes */
};

struct row {
	const char *name;
	struct patch p[MAXP];
	const char *want[MAXE];   /* NULL-terminated "field:code" */
	const char *url_code;     /* code_from_url */
	const char *doc;          /* instead of GOOD + patches */
};

static const struct row ROWS[] = {
	/* ---- good documents */
	{"the good document", .want = {NULL}},
	{"the good document under its own URL", .want = {NULL}, .url_code = "QT00909000"},
	{"an immediate matter: promised_days 0", {{"immediate", "true"}, {"promised_days", "0"}}, .want = {NULL}},
	{"promised equal to legal", {{"promised_days", "20"}}, .want = {NULL}},
	{"limits at their edges",
	 {{"legal_days", "365"}, {"promised_days", "365"}, {"visits", "1"}, {"online_depth", "1"},
	  {"fee_fen", "100000000"}, {"materials[0].max_size", "104857600"}, {"materials[0].copies", "10"}},
	 .want = {NULL}},
	{"optional members left out",
	 {{"service_hours", NULL}, {"service_places", NULL}, {"keywords", NULL}, {"materials[0].copies", NULL},
	  {"materials[2].description", NULL}},
	 .want = {NULL}},
	{"no materials at all", {{"materials", "[]"}}, .want = {NULL}},
	{"a result of kind none needs no name", {{"result", "{'kind':'none'}"}}, .want = {NULL}},
	{"a document result", {{"result", "{'kind':'document','name':{'zh':'决定书','en':'Decision'}}"}}, .want = {NULL}},
	{"registry:enterprise and every delivery",
	 {{"materials[1].source", "'registry:enterprise'"}, {"delivery", "['post','window','electronic']"}},
	 .want = {NULL}},
	{"every matter type",
	 {{"type", "'licensing'"}}, .want = {NULL}},

	/* ---- the document as a whole */
	{"not an object", .doc = "['QT00909000']", .want = {":type"}},
	{"an unknown member", {{"colour", "'red'"}}, .want = {"colour:unknown_field"}},
	{"a served document sent back (type_label, version, status are not input)",
	 {{"type_label", "'其他行政权力'"}, {"version", "1"}, {"status", "'active'"}},
	 .want = {"type_label:unknown_field", "version:unknown_field", "status:unknown_field"}},
	{"every required member missing", .doc = "{}",
	 .want = {"code:required", "name:required", "department:required", "type:required", "legal_basis:required",
		  "legal_days:required", "promised_days:required", "immediate:required", "visits:required",
		  "online_depth:required", "fee_fen:required", "materials:required", "form:required",
		  "result:required", "delivery:required"}},
	{"null counts as missing", {{"name", "null"}, {"form", "null"}}, .want = {"name:required", "form:required"}},

	/* ---- code */
	{"code in lower case", {{"code", "'qt00909000'"}}, .want = {"code:invalid_code"}},
	{"code with 9 digits", {{"code", "'QT009090001'"}}, .want = {"code:invalid_code"}},
	{"code with 7 digits", {{"code", "'QT0090900'"}}, .want = {"code:invalid_code"}},
	{"code with a letter among the digits", {{"code", "'QT0090900A'"}}, .want = {"code:invalid_code"}},
	{"code with full-width digits", {{"code", "'ＱＴ00909000'"}}, .want = {"code:invalid_code"}},
	{"code too long for the field", {{"code", "'QT009090000000000'"}}, .want = {"code:too_long"}},
	{"code empty", {{"code", "''"}}, .want = {"code:required"}},
	{"code not a string", {{"code", "909000"}}, .want = {"code:type"}},
	{"code differs from the URL", .url_code = "QT00909001", .want = {"code:mismatch"}},
	{"invalid code and a different URL", {{"code", "'qt1'"}}, .url_code = "QT00909000",
	 .want = {"code:invalid_code", "code:mismatch"}},

	/* ---- names, department, type */
	{"name without English", {{"name", "{'zh':'测试事项'}"}}, .want = {"name.en:required"}},
	{"name with an unknown member", {{"name.fr", "'Essai'"}}, .want = {"name.fr:unknown_field"}},
	{"name with a line break", {{"name.zh", "'测试\\n事项'"}}, .want = {"name.zh:control_chars"}},
	{"name of 101 characters", {{"name.en", "'" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
					   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'"}},
	 .want = {"name.en:too_long"}},
	{"name a string", {{"name", "'测试事项'"}}, .want = {"name:type"}},
	{"unknown department", {{"department", "'nope'"}}, .want = {"department:unknown"}},
	{"department that looks like SQL", {{"department", "'amr\\u0027 OR \\u00271\\u0027=\\u00271'"}},
	 .want = {"department:unknown"}},
	{"department differs only in case", {{"department", "'AMR'"}}, .want = {"department:unknown"}},
	{"unknown type", {{"type", "'licence'"}}, .want = {"type:not_an_option"}},
	{"type label instead of type", {{"type", "'行政许可'"}}, .want = {"type:not_an_option"}},
	{"empty legal basis", {{"legal_basis", "''"}}, .want = {"legal_basis:required"}},

	/* ---- time limits */
	{"promised more than legal", {{"promised_days", "21"}}, .want = {"promised_days:exceeds_legal"}},
	{"an immediate matter with promised days", {{"immediate", "true"}}, .want = {"promised_days:immediate"}},
	{"an immediate matter with promised days over legal", {{"immediate", "true"}, {"promised_days", "30"}},
	 .want = {"promised_days:immediate", "promised_days:exceeds_legal"}},
	{"a promised-time matter with 0 days", {{"promised_days", "0"}}, .want = {"promised_days:too_small"}},
	{"legal days 0", {{"legal_days", "0"}}, .want = {"legal_days:too_small"}},
	/* A member's own error is the only one: no cross-member rule on top of it. */
	{"legal days over a year (no exceeds_legal on top)", {{"legal_days", "400"}, {"promised_days", "20"}},
	 .want = {"legal_days:too_large"}},
	{"legal days a string (no exceeds_legal on top)", {{"legal_days", "'20'"}}, .want = {"legal_days:type"}},
	{"legal days missing (no exceeds_legal on top)", {{"legal_days", NULL}}, .want = {"legal_days:required"}},
	{"promised days a string (no too_small on top)", {{"promised_days", "'5'"}}, .want = {"promised_days:type"}},
	{"promised days negative", {{"promised_days", "-1"}}, .want = {"promised_days:too_small"}},
	{"promised days a fraction", {{"promised_days", "1.5"}}, .want = {"promised_days:type"}},
	{"immediate not a boolean (no too_small on top)", {{"immediate", "'yes'"}, {"promised_days", "0"}},
	 .want = {"immediate:type"}},
	{"immediate missing (no too_small on top)", {{"immediate", NULL}, {"promised_days", "0"}},
	 .want = {"immediate:required"}},
	{"visits 2", {{"visits", "2"}}, .want = {"visits:too_large"}},
	{"visits negative", {{"visits", "-1"}}, .want = {"visits:too_small"}},
	{"online depth 0 and 5", {{"online_depth", "0"}}, .want = {"online_depth:too_small"}},
	{"online depth 5", {{"online_depth", "5"}}, .want = {"online_depth:too_large"}},
	{"negative fee", {{"fee_fen", "-1"}}, .want = {"fee_fen:too_small"}},
	{"fee as a decimal", {{"fee_fen", "20.5"}}, .want = {"fee_fen:type"}},

	/* ---- who may apply */
	{"enterprises only", {{"applicants", "['enterprise']"}}, .want = {NULL}},
	{"persons and enterprises", {{"applicants", "['person','enterprise']"}}, .want = {NULL}},
	{"an unknown applicant kind", {{"applicants", "['person','company']"}}, .want = {"applicants[1]:not_an_option"}},
	{"an applicant kind twice", {{"applicants", "['person','person']"}}, .want = {"applicants[1]:duplicate"}},
	{"applicants not a string", {{"applicants", "[1]"}}, .want = {"applicants[0]:not_an_option"}},
	{"applicants empty", {{"applicants", "[]"}}, .want = {"applicants:too_short"}},
	{"applicants not an array", {{"applicants", "'person'"}}, .want = {"applicants:type"}},

	/* ---- lists of text */
	{"empty keyword", {{"keywords", "['','社保']"}}, .want = {"keywords[0]:type"}},
	{"keyword of 31 characters", {{"keywords", "['社保','" S31 "']"}}, .want = {"keywords[1]:type"}},
	{"keyword not a string", {{"keywords", "['社保',5,null]"}}, .want = {"keywords[1]:type", "keywords[2]:type"}},
	{"keyword with a tab", {{"keywords", "['社\\t保']"}}, .want = {"keywords[0]:type"}},
	{"21 service places", {{"service_places", P21}}, .want = {"service_places:too_long"}},
	{"service places not an array", {{"service_places", "'大厅'"}}, .want = {"service_places:type"}},

	/* ---- materials */
	{"a material with an unknown source", {{"materials[0].source", "'fax'"}}, .want = {"materials[0].source:unknown_source"}},
	{"certificate: without a type", {{"materials[0].source", "'certificate:'"}},
	 .want = {"materials[0].source:unknown_source"}},
	{"certificate type in capitals", {{"materials[0].source", "'certificate:Business'"}},
	 .want = {"materials[0].source:unknown_source"}},
	{"registry with trailing junk", {{"materials[1].source", "'registry:household;drop'"}},
	 .want = {"materials[1].source:unknown_source"}},
	{"upload with a suffix", {{"materials[2].source", "'upload:x'"}}, .want = {"materials[2].source:unknown_source"}},
	{"another scheme", {{"materials[2].source", "'http://example.com/x'"}}, .want = {"materials[2].source:unknown_source"}},
	{"two materials with one key", {{"materials[1].key", "'business_licence'"}}, .want = {"materials[1].key:duplicate_key"}},
	{"three materials with one key", {{"materials[1].key", "'plan'"}}, .want = {"materials[2].key:duplicate_key"}},
	{"a material key in capitals", {{"materials[0].key", "'Licence'"}}, .want = {"materials[0].key:invalid_key"}},
	{"a material key starting with a digit", {{"materials[0].key", "'1licence'"}}, .want = {"materials[0].key:invalid_key"}},
	{"an unknown format", {{"materials[0].formats", "['pdf','gif']"}}, .want = {"materials[0].formats[1]:not_an_option"}},
	{"a format in capitals", {{"materials[0].formats", "['PDF']"}}, .want = {"materials[0].formats[0]:not_an_option"}},
	{"no formats", {{"materials[0].formats", "[]"}}, .want = {"materials[0].formats:too_short"}},
	{"max size 0", {{"materials[0].max_size", "0"}}, .want = {"materials[0].max_size:too_small"}},
	{"max size over 100 MiB", {{"materials[0].max_size", "104857601"}}, .want = {"materials[0].max_size:too_large"}},
	{"11 copies", {{"materials[0].copies", "11"}}, .want = {"materials[0].copies:too_large"}},
	{"a material without required", {{"materials[0].required", NULL}}, .want = {"materials[0].required:required"}},
	{"a material name without Chinese", {{"materials[0].name", "{'en':'Business licence'}"}},
	 .want = {"materials[0].name.zh:required"}},
	{"an unknown member in a material", {{"materials[0].colour", "'red'"}}, .want = {"materials[0].colour:unknown_field"}},
	{"a material that is a string", {{"materials[0]", "'营业执照'"}}, .want = {"materials[0]:type"}},
	{"materials not an array", {{"materials", "{}"}}, .want = {"materials:type"}},

	/* ---- the form schema (form_schema_check, under "form") */
	{"an unknown field type", {{"form.fields[1].type", "'colour'"}}, .want = {"form.fields[1].type:unknown_type"}},
	{"duplicate field keys", {{"form.fields[2].key", "'enterprise_name'"}}, .want = {"form.fields[2].key:duplicate_key"}},
	{"an enum without options", {{"form.fields[2].options", NULL}}, .want = {"form.fields[2].options:missing_options"}},
	{"an enum with an empty option list", {{"form.fields[2].options", "[]"}},
	 .want = {"form.fields[2].options:missing_options"}},
	{"a form without fields", {{"form", "{}"}}, .want = {"form.fields:required"}},
	{"a field without a label", {{"form.fields[0].label", NULL}}, .want = {"form.fields[0].label:missing_label"}},

	/* ---- result and delivery */
	{"a certificate result without its type", {{"result.certificate_type", NULL}},
	 .want = {"result.certificate_type:required"}},
	{"a certificate type in capitals", {{"result.certificate_type", "'Test'"}}, .want = {"result.certificate_type:required"}},
	{"an unknown result kind", {{"result.kind", "'licence'"}}, .want = {"result.kind:not_an_option"}},
	{"a document result without a name", {{"result", "{'kind':'document'}"}}, .want = {"result.name:required"}},
	{"a result name without English", {{"result.name.en", NULL}}, .want = {"result.name.en:required"}},
	{"an unknown member in the result", {{"result.colour", "'red'"}}, .want = {"result.colour:unknown_field"}},
	{"an unknown delivery", {{"delivery", "['electronic','email']"}}, .want = {"delivery[1]:not_an_option"}},
	{"no delivery", {{"delivery", "[]"}}, .want = {"delivery:too_short"}},
	{"four deliveries", {{"delivery", "['post','post','window','electronic']"}}, .want = {"delivery:too_long"}},
	{"a delivery that is not a string", {{"delivery", "[1]"}}, .want = {"delivery[0]:not_an_option"}},

	/* ---- several at once: every problem is reported */
	{"several errors at once",
	 {{"code", "'X1'"}, {"department", "'nope'"}, {"promised_days", "30"}, {"materials[0].source", "'fax'"},
	  {"form.fields[1].type", "'colour'"}, {"form.fields[2].options", NULL}, {"delivery", "['email']"},
	  {"result.kind", "'licence'"}},
	 .want = {"code:invalid_code", "department:unknown", "promised_days:exceeds_legal",
		  "materials[0].source:unknown_source", "form.fields[1].type:unknown_type",
		  "form.fields[2].options:missing_options", "delivery[0]:not_an_option", "result.kind:not_an_option"}},
};

/* ------------------------------------------------------------ fixtures */

struct fx {
	char dir[64];
	store_t *st;
	dbc_t *c;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->st = tempstore_open("catalog-check", f->dir);
	if (!f->st)
		return -1;
	f->c = store_connect(f->st);
	if (!f->c)
		return -1;
	int rc = db_exec(f->c,
			 "INSERT INTO regions (code, name_zh, name_en, parent, level) VALUES "
			 "('000000', '全国', 'National', NULL, 'national'), "
			 "('310000', '上海市', 'Shanghai', '000000', 'city');"
			 "INSERT INTO departments (code, name_zh, name_en, region, kind) VALUES "
			 "('amr', '上海市市场监督管理局', 'Shanghai Administration for Market Regulation', '310000', 'agency'), "
			 "('psb', '上海市公安局', 'Shanghai Public Security Bureau', '310000', 'agency');");
	if (rc != DB_OK && rc != DB_DONE) {
		fprintf(stderr, "db_exec: %s\n", db_errmsg(f->c));
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f->c)
		store_disconnect(f->c);
	tempstore_close(f->st, f->dir);
	free(f);
	return 0;
}

/* ------------------------------------------------------------ helpers */

static json_t *parse_sq(const char *sq)
{
	char *s = strdup(sq);
	for (char *p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	json_error_t je;
	json_t *j = json_loads(s, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
	if (!j)
		fail_msg("bad table JSON (%s): %s", je.text, sq);
	free(s);
	return j;
}

/* Sets (or with v NULL deletes) the member at a path like "a.b[2].c". */
static void set_path(json_t *root, const char *path, json_t *v)
{
	json_t *cur = root;
	char key[64];
	const char *p = path;
	for (;;) {
		size_t n = strcspn(p, ".[");
		snprintf(key, sizeof key, "%.*s", (int)n, p);
		p += n;
		/* the member named key of cur, then any [i] indexes */
		json_t *parent = cur;
		const char *k = key;
		long idx = -1;
		json_t *next = n ? json_object_get(cur, key) : NULL;
		while (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			p = end + 1;
			parent = next;
			k = NULL;
			idx = i;
			next = json_array_get(parent, (size_t)i);
		}
		if (*p == '\0') {
			if (k) {
				if (v)
					json_object_set(parent, k, v);
				else
					json_object_del(parent, k);
			} else {
				if (!parent || !json_is_array(parent))
					fail_msg("path %s: no array", path);
				if (v)
					json_array_set(parent, (size_t)idx, v);
				else
					json_array_remove(parent, (size_t)idx);
			}
			return;
		}
		if (!next)
			fail_msg("path %s: %s does not exist", path, key);
		cur = next;
		p++;   /* '.' */
	}
}

static json_t *row_doc(const struct row *r)
{
	if (r->doc)
		return parse_sq(r->doc);
	json_t *d = parse_sq(GOOD);
	for (int i = 0; i < MAXP && r->p[i].path; i++) {
		json_t *v = r->p[i].value ? parse_sq(r->p[i].value) : NULL;
		set_path(d, r->p[i].path, v);
		json_decref(v);
	}
	return d;
}

static int in_list(const char *const *list, const char *s)
{
	for (int i = 0; i < MAXE && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

/* ------------------------------------------------------------ tests */

static void test_rows(void **state)
{
	struct fx *f = *state;
	int bad = 0;
	for (size_t i = 0; i < ARRAY_LEN(ROWS); i++) {
		const struct row *r = &ROWS[i];
		json_t *in = row_doc(r);
		errs_t e = ERRS_INIT;
		json_t *out = matter_check(f->c, in, r->url_code, &e);
		int row_bad = 0;
		char got[MAXE * 2][96];
		const char *gotp[MAXE * 2 + 1] = {0};
		size_t ng = 0;
		for (size_t k = 0; k < e.n; k++) {
			if (ng < MAXE * 2) {
				snprintf(got[ng], sizeof got[ng], "%s:%s", e.v[k].field, e.v[k].code);
				gotp[ng] = got[ng];
				ng++;
			}
			if (!e.v[k].zh || !*e.v[k].zh || !e.v[k].en || !*e.v[k].en) {
				print_error("row \"%s\": error %s:%s lacks a message\n", r->name, e.v[k].field, e.v[k].code);
				row_bad = 1;
			}
		}
		for (int k = 0; k < MAXE && r->want[k]; k++)
			if (!in_list(gotp, r->want[k])) {
				print_error("row \"%s\": missing error %s\n", r->name, r->want[k]);
				row_bad = 1;
			}
		for (size_t k = 0; k < ng; k++)
			if (!in_list(r->want, gotp[k])) {
				print_error("row \"%s\": unexpected error %s (%s)\n", r->name, gotp[k], e.v[k].en);
				row_bad = 1;
			}
		if ((out == NULL) != (e.n > 0)) {
			print_error("row \"%s\": returned %s with %zu errors\n", r->name, out ? "a document" : "NULL", e.n);
			row_bad = 1;
		}
		bad += row_bad;
		json_decref(out);
		json_decref(in);
		errs_clear(&e);
	}
	if (bad)
		fail_msg("%d of %zu rows failed", bad, ARRAY_LEN(ROWS));
}

/* The normalised document: members in canonical order, defaults filled, the
 * type's label added, and the input left untouched. */
static void test_canonical_document(void **state)
{
	struct fx *f = *state;
	json_t *in = parse_sq(GOOD);
	/* shuffle: rebuild the object with its members in reverse order, and drop the optional lists */
	json_t *rev = json_object();
	const char *keys[64];
	size_t n = 0;
	const char *k;
	json_t *v;
	json_object_foreach(in, k, v) keys[n++] = k;
	while (n--)
		if (strcmp(keys[n], "keywords") && strcmp(keys[n], "service_places"))
			json_object_set(rev, keys[n], json_object_get(in, keys[n]));
	char *before = json_dumps(rev, JSON_SORT_KEYS);
	errs_t e = ERRS_INIT;
	json_t *out = matter_check(f->c, rev, NULL, &e);
	assert_int_equal(e.n, 0);
	assert_non_null(out);
	char *after = json_dumps(rev, JSON_SORT_KEYS);
	assert_string_equal(before, after);   /* the input is not modified */

	static const char *const order[] = {"code", "name", "department", "type", "legal_basis", "legal_days",
					    "promised_days", "immediate", "visits", "online_depth", "fee_fen",
					    "service_hours", "materials", "form", "result", "delivery",
					    "service_places", "keywords", "applicants", "type_label", "type_label_en"};
	size_t i = 0;
	json_object_foreach(out, k, v) {
		assert_true(i < ARRAY_LEN(order));
		assert_string_equal(k, order[i]);
		i++;
	}
	assert_int_equal(i, ARRAY_LEN(order));
	assert_true(json_is_array(json_object_get(out, "service_places")));
	assert_int_equal(json_array_size(json_object_get(out, "service_places")), 0);
	assert_int_equal(json_array_size(json_object_get(out, "keywords")), 0);
	assert_string_equal(json_string_value(json_object_get(out, "type_label")), "其他行政权力");
	assert_string_equal(json_string_value(json_object_get(out, "type_label_en")), "Other administrative power");
	/* a matter that does not say who may apply is open to both */
	json_t *both = json_pack("[ss]", "person", "enterprise");
	assert_true(json_equal(json_object_get(out, "applicants"), both));
	json_decref(both);
	assert_true(json_equal(json_object_get(out, "form"), json_object_get(in, "form")));
	assert_true(json_equal(json_object_get(out, "materials"), json_object_get(in, "materials")));
	free(before);
	free(after);
	json_decref(out);
	json_decref(rev);
	json_decref(in);
}

/* Each type has a Chinese label; anything else has none. */
static void test_type_labels(void **state)
{
	static const char *const T[][3] = {
		{"licensing", "行政许可", "Administrative licensing"},
		{"confirmation", "行政确认", "Administrative confirmation"},
		{"payment", "行政给付", "Administrative payment"},
		{"levy", "行政征收", "Administrative levy"},
		{"public_service", "公共服务", "Public service"},
		{"other", "其他行政权力", "Other administrative power"},
	};
	for (size_t i = 0; i < ARRAY_LEN(T); i++) {
		assert_non_null(matter_type_label(T[i][0]));
		assert_string_equal(matter_type_label(T[i][0]), T[i][1]);
		assert_string_equal(matter_type_label_en(T[i][0]), T[i][2]);
	}
	assert_null(matter_type_label_en("行政许可"));
	assert_null(matter_type_label("Licensing"));
	assert_null(matter_type_label(""));
	assert_null(matter_type_label("行政许可"));
}

/* A department inserted later is found; one deleted is not (no caching). */
static void test_department_lookup_is_live(void **state)
{
	struct fx *f = *state;
	json_t *in = parse_sq(GOOD);
	json_object_set_new(in, "department", json_string("tax"));
	errs_t e = ERRS_INIT;
	json_t *out = matter_check(f->c, in, NULL, &e);
	assert_null(out);
	assert_true(errs_has(&e, "department", "unknown"));
	errs_clear(&e);
	int rc = db_exec(f->c, "INSERT INTO departments (code, name_zh, name_en, region, kind) VALUES "
			       "('tax', '国家税务总局上海市税务局', 'Shanghai Tax Service', '310000', 'agency');");
	assert_true(rc == DB_OK || rc == DB_DONE);
	out = matter_check(f->c, in, NULL, &e);
	assert_int_equal(e.n, 0);
	assert_non_null(out);
	json_decref(out);
	json_decref(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_canonical_document, setup, teardown),
		cmocka_unit_test(test_type_labels),
		cmocka_unit_test_setup_teardown(test_department_lookup_is_live, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
