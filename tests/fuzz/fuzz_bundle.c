/* fuzz_bundle.c — a bundle definition (一件事) as a department administrator
 * POSTs or PUTs it to /api/v1/bundles: bundle_check_in (domain/bundles/
 * bundle.h), with its dependency graph (bundle_dag.h) and the merged form
 * and materials (bundle_merge.h).
 *
 * The input goes the server's way: json_prescan (depth 16, 10000 fields),
 * then jansson with JSON_REJECT_DUPLICATES. The catalogue is fixed: every
 * matter of data/demo/matters.json (as compiled in) at version 1, except
 * XK00104000, which the harness calls retired, and one matter of its own,
 * ZZ00100000, whose fields contradict the demo's (a type, options, a range,
 * a pattern, a material's formats), so that merges have conflicts to find.
 * Every document is a valid form schema, as the catalogue guarantees.
 *
 * Checked, by rules stated apart from the code:
 *   - a definition is accepted exactly when no problem is reported, and
 *     every problem has a code and both messages and names a field: a
 *     member of the definition (or a path under one) or merged_form.* /
 *     merged_materials.*; only a body that is not an object is refused as
 *     a whole (field "");
 *   - an accepted definition lists 2-16 distinct active matters; each
 *     dependency joins two of them, once, by wait or commitment, and the
 *     dependencies have no cycle (a depth-first search of the harness's
 *     own); each mapping's source issues the output (a certificate), its
 *     target has the field, of the output's type, and the source is a
 *     prerequisite of the target through wait dependencies alone; no field
 *     is filled twice;
 *   - the served document has one step per matter, each requiring what the
 *     dependencies say; its merged form is a valid form schema asking each
 *     key and each data element once, and every field of every matter is
 *     either asked (listed once in field_sources) or mapped;
 *   - the definition of the served document, written out and parsed
 *     again, is accepted and gives the same document, also as an update
 *     (the code in the URL), and a URL of another code is refused at "code"
 *     (accept -> serialise -> parse is a fixed point). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embedded.h"
#include "base/jsonin.h"
#include "domain/bundles/bundle.h"
#include "domain/bundles/bundle_dag.h"
#include "domain/catalog/form.h"

#include "check.h"

#define SERVER_MAX_DEPTH 16 /* src/http/server.c defaults */
#define SERVER_MAX_FIELDS 10000L
#define RETIRED "XK00104000"

/* A matter of the harness's own: every constraint clashes with one of the demo's. */
static const char CONFLICTING[] =
	"{\"code\":\"ZZ00100000\",\"version\":1,\"name\":{\"zh\":\"冲突测试事项\",\"en\":\"Conflicting matter\"},"
	"\"department\":\"amr\",\"promised_days\":3,\"visits\":1,\"applicants\":[\"enterprise\"],"
	"\"result\":{\"kind\":\"certificate\",\"certificate_type\":\"test_permit\"},"
	"\"form\":{\"fields\":["
	"{\"key\":\"enterprise_name\",\"label\":{\"zh\":\"名称\",\"en\":\"Name\"},\"type\":\"text\","
	"\"de\":\"DE.enterprise.name\"},"
	"{\"key\":\"enterprise_type\",\"label\":{\"zh\":\"类型\",\"en\":\"Type\"},\"type\":\"enum\","
	"\"options\":[{\"value\":\"cooperative\",\"label\":{\"zh\":\"合作社\",\"en\":\"Cooperative\"}}],"
	"\"de\":\"DE.enterprise.type\"},"
	"{\"key\":\"registered_capital\",\"label\":{\"zh\":\"注册资本\",\"en\":\"Capital\"},\"type\":\"decimal\","
	"\"min\":200000000,\"de\":\"DE.enterprise.registered_capital\"},"
	"{\"key\":\"bank_account\",\"label\":{\"zh\":\"账号\",\"en\":\"Account\"},\"type\":\"string\","
	"\"pattern\":\"^[0-9]{12}$\",\"de\":\"DE.enterprise.bank.account\"},"
	"{\"key\":\"licence_no\",\"label\":{\"zh\":\"许可证号\",\"en\":\"Licence number\"},\"type\":\"string\","
	"\"required\":true,\"max_len\":40}"
	"]},"
	"\"materials\":[{\"key\":\"id_card\",\"required\":true,\"formats\":[\"tiff\"],"
	"\"max_size\":1048576}]}";

static json_t *CATALOGUE; /* code -> served document */

static json_t *lookup(void *ctx, const char *code, bool *retired)
{
	(void)ctx;
	*retired = !strcmp(code, RETIRED);
	json_t *m = json_object_get(CATALOGUE, code);
	return m && !*retired ? json_incref(m) : NULL;
}

static const bundle_catalog_t CAT = {lookup, NULL};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	const embedded_file_t *f = embedded_find(embedded_data, "demo/matters.json");
	CHECK(f);
	json_t *demo = json_loadb((const char *)f->data, f->len, 0, NULL), *m;
	CHECK(json_is_array(demo));
	CATALOGUE = json_object();
	size_t i;
	json_array_foreach(demo, i, m) {
		json_object_set_new(m, "version", json_integer(1));
		json_object_set(CATALOGUE, json_string_value(json_object_get(m, "code")), m);
	}
	json_decref(demo);
	json_object_set_new(CATALOGUE, "ZZ00100000", json_loads(CONFLICTING, 0, NULL));
	const char *code;
	json_object_foreach(CATALOGUE, code, m) {
		errs_t e = ERRS_INIT;
		CHECK(m && form_schema_check(json_object_get(m, "form"), "form", &e));
		errs_clear(&e);
	}
	CHECK(json_object_get(CATALOGUE, RETIRED));
	return 0;
}

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static int index_of(const json_t *codes, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(codes, i, v)
		if (code && json_is_string(v) && !strcmp(json_string_value(v), code))
			return (int)i;
	return -1;
}

/* Whether field names a member of in: as it is, or cut and ending in "…" (a name too long to
 * give whole), then a prefix of a member's name. */
static bool names_member(const json_t *in, const char *field)
{
	if (json_object_get(in, field))
		return true;
	size_t n = strlen(field);
	if (n < 3 || memcmp(field + n - 3, "\xE2\x80\xA6", 3) != 0)
		return false;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)in, key, v)
	{
		(void)v;
		if (strlen(key) > n - 3 && !memcmp(key, field, n - 3))
			return true;
	}
	return false;
}

/* Problems: each names a field, and its top member is one the definition has or may have. */
static void check_problems(const json_t *in, const errs_t *e)
{
	static const char *const MEMBERS[] = {"code",	      "name",	      "description", "matters",
					      "dependencies", "promised_days", "mappings",    "merged_form",
					      "merged_materials"};
	for (size_t i = 0; i < e->n; i++) {
		const field_error_t *fe = &e->v[i];
		CHECK(fe->field && fe->code && fe->zh && fe->en);
		CHECK(fe->code[0] && fe->zh[0] && fe->en[0]);
		if (!json_is_object(in)) {
			CHECK(e->n == 1 && !fe->field[0] && !strcmp(fe->code, "type"));
			continue;
		}
		size_t top = strcspn(fe->field, ".[");
		bool known = false;
		for (size_t k = 0; k < sizeof MEMBERS / sizeof MEMBERS[0]; k++)
			known |= strlen(MEMBERS[k]) == top && !strncmp(MEMBERS[k], fe->field, top);
		if (!known) { /* an unknown member, named as it is (even "") */
			CHECK(!strcmp(fe->code, "unknown_field"));
			CHECK(names_member(in, fe->field));
		}
		/* a merge conflict names the data element or material under merged_* */
		if (known && !strncmp(fe->field, "merged_", 7))
			CHECK((fe->field[top] == '.' && fe->field[top + 1]) ||
			      (!strcmp(fe->code, "unknown_field") && names_member(in, fe->field)));
	}
}

/* The harness's own cycle search: colours 0 unseen, 1 on the path, 2 done. */
static bool has_cycle_from(bool adj[BUNDLE_MAX_MATTERS][BUNDLE_MAX_MATTERS], int n, int v, int colour[])
{
	colour[v] = 1;
	for (int w = 0; w < n; w++) {
		if (!adj[v][w])
			continue;
		if (colour[w] == 1 || (colour[w] == 0 && has_cycle_from(adj, n, w, colour)))
			return true;
	}
	colour[v] = 2;
	return false;
}

/* An accepted document against the definition it came from. */
static void check_accepted(const json_t *in, const json_t *doc)
{
	const json_t *codes = json_object_get(doc, "matters");
	int n = (int)json_array_size(codes);
	CHECK(json_equal(codes, json_object_get(in, "matters")));
	CHECK(json_equal(json_object_get(doc, "code"), json_object_get(in, "code")));
	CHECK(n >= 2 && n <= BUNDLE_MAX_MATTERS);
	for (int i = 0; i < n; i++) {
		const char *c = json_string_value(json_array_get(codes, (size_t)i));
		CHECK(c && json_object_get(CATALOGUE, c) && strcmp(c, RETIRED) != 0);
		CHECK(index_of(codes, c) == i);
	}
	long long days = json_integer_value(json_object_get(doc, "promised_days"));
	CHECK(days >= 0 && days <= 365);

	/* dependencies: `adj[a][b]` says b needs a; `wait` the same through wait joins alone */
	bool adj[BUNDLE_MAX_MATTERS][BUNDLE_MAX_MATTERS] = {{false}};
	bool wait[BUNDLE_MAX_MATTERS][BUNDLE_MAX_MATTERS] = {{false}};
	int needs[BUNDLE_MAX_MATTERS] = {0};
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(doc, "dependencies"), i, d) {
		int to = index_of(codes, str(d, "matter")), from = index_of(codes, str(d, "requires"));
		const char *join = str(d, "join");
		CHECK(to >= 0 && from >= 0 && join);
		CHECK(!strcmp(join, "wait") || !strcmp(join, "commitment"));
		CHECK(!adj[from][to]);
		adj[from][to] = true;
		wait[from][to] = !strcmp(join, "wait");
		needs[to]++;
	}
	CHECK(json_array_size(json_object_get(doc, "dependencies")) ==
	      json_array_size(json_object_get(in, "dependencies")));
	int colour[BUNDLE_MAX_MATTERS] = {0};
	for (int v = 0; v < n; v++)
		CHECK(colour[v] || !has_cycle_from(adj, n, v, colour));
	for (int k = 0; k < n; k++) /* the transitive closure of the wait joins */
		for (int a = 0; a < n; a++)
			for (int b = 0; b < n; b++)
				wait[a][b] |= wait[a][k] && wait[k][b];

	/* mappings */
	json_t *m, *f;
	json_array_foreach(json_object_get(doc, "mappings"), i, m) {
		int a = index_of(codes, str(m, "from")), b = index_of(codes, str(m, "to"));
		CHECK(a >= 0 && b >= 0 && wait[a][b]);
		const json_t *src = json_object_get(CATALOGUE, str(m, "from"));
		const json_t *res = json_object_get(src, "result");
		CHECK(!strcmp(str(res, "kind"), "certificate"));
		const char *output = str(m, "output"), *want = NULL;
		if (!strcmp(output, "credit_code")) {
			CHECK(!strcmp(str(res, "certificate_type"), "business_licence"));
			want = "credit_code";
		} else {
			CHECK(!strcmp(output, "licence_number"));
			want = "string";
		}
		const json_t *dst = json_object_get(CATALOGUE, str(m, "to"));
		bool found = false;
		size_t j;
		json_array_foreach(json_object_get(json_object_get(dst, "form"), "fields"), j, f)
			if (!strcmp(str(f, "key"), str(m, "field"))) {
				CHECK(!strcmp(str(f, "type"), want));
				found = true;
			}
		CHECK(found);
		for (size_t k = 0; k < i; k++) {
			const json_t *o = json_array_get(json_object_get(doc, "mappings"), k);
			CHECK(strcmp(str(o, "to"), str(m, "to")) || strcmp(str(o, "field"), str(m, "field")));
		}
	}

	/* steps */
	const json_t *steps = json_object_get(doc, "steps");
	CHECK((int)json_array_size(steps) == n);
	json_t *s;
	json_array_foreach(steps, i, s) {
		CHECK(json_equal(json_object_get(s, "matter"), json_array_get(codes, i)));
		CHECK((int)json_array_size(json_object_get(s, "requires")) == needs[i]);
	}

	/* the merged form */
	errs_t e = ERRS_INIT;
	const json_t *form = json_object_get(doc, "form"), *sources = json_object_get(doc, "field_sources");
	CHECK(form_schema_check(form, "form", &e) && e.n == 0);
	errs_clear(&e);
	const json_t *fields = json_object_get(form, "fields");
	json_int_t covered = (json_int_t)json_array_size(json_object_get(doc, "mapped_fields")), total = 0;
	json_array_foreach(fields, i, f) {
		const char *key = str(f, "key"), *de = str(f, "de");
		CHECK(json_array_size(json_object_get(sources, key)) >= 1);
		covered += (json_int_t)json_array_size(json_object_get(sources, key));
		for (size_t k = 0; k < i; k++) {
			const json_t *g = json_array_get(fields, k);
			CHECK(strcmp(str(g, "key"), key) != 0);
			CHECK(!de || !str(g, "de") || strcmp(str(g, "de"), de) != 0);
		}
	}
	CHECK(json_object_size(sources) == json_array_size(fields));
	json_array_foreach(codes, i, m) {
		const json_t *doc_m = json_object_get(CATALOGUE, json_string_value(m));
		const json_t *mf = json_object_get(json_object_get(doc_m, "form"), "fields");
		total += (json_int_t)json_array_size(mf);
	}
	CHECK(covered == total);
	const json_t *guide = json_object_get(doc, "guide");
	CHECK(json_integer_value(json_object_get(guide, "fields_total")) == total);
	CHECK(json_integer_value(json_object_get(guide, "fields_asked")) ==
	      (json_int_t)json_array_size(fields));
}

/* The definition of a served document, written out and parsed again. */
static json_t *definition_of(const json_t *doc)
{
	static const char *const DEF[] = {"code",	  "name",	   "description", "matters",
					  "dependencies", "promised_days", "mappings"};
	json_t *def = json_object();
	for (size_t i = 0; i < sizeof DEF / sizeof DEF[0]; i++)
		json_object_set(def, DEF[i], json_object_get(doc, DEF[i]));
	char *text = json_dumps(def, JSON_COMPACT);
	json_decref(def);
	CHECK(text);
	json_t *again = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	free(text);
	CHECK(again);
	return again;
}

static void check_fixed_point(const json_t *doc)
{
	json_t *def = definition_of(doc);
	const char *code = str(doc, "code");
	errs_t e = ERRS_INIT;
	json_t *again = bundle_check_in(&CAT, def, NULL, &e);
	CHECK(again && e.n == 0 && json_equal(again, (json_t *)doc));
	json_decref(again);
	again = bundle_check_in(&CAT, def, code, &e);
	CHECK(again && e.n == 0 && json_equal(again, (json_t *)doc));
	json_decref(again);
	char other[48];
	snprintf(other, sizeof other, "%sX", code);
	again = bundle_check_in(&CAT, def, other, &e);
	CHECK(!again && errs_has(&e, "code", "mismatch"));
	errs_clear(&e);
	json_decref(def);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (json_prescan((const char *)data, size, SERVER_MAX_DEPTH, SERVER_MAX_FIELDS) != PRESCAN_OK)
		return 0;
	json_t *in = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
	if (!in)
		return 0;
	errs_t e = ERRS_INIT;
	json_t *doc = bundle_check_in(&CAT, in, NULL, &e);
	CHECK((doc != NULL) == (e.n == 0));
	check_problems(in, &e);
	if (doc) {
		check_accepted(in, doc);
		check_fixed_point(doc);
	}
	errs_clear(&e);
	json_decref(doc);
	json_decref(in);
	return 0;
}
