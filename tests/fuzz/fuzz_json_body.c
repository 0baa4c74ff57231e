/* fuzz_json_body.c — a request body through the path the server takes.
 *
 * src/http/server.c hands every JSON body to json_prescan (depth 16, 10000
 * fields: the server's defaults) before jansson parses it with
 * JSON_REJECT_DUPLICATES, and the handlers then describe what they expect to
 * json_spec_parse. The harness does the same with two specs: the
 * self-registration body of POST /api/v1/accounts, widened with the other
 * field types (int, bool, text, object, array, any), and the case
 * submission body of POST /api/v1/cases with its nested materials and
 * delivery.
 *
 * Besides not crashing, it checks what the callers rely on:
 *   - json_prescan is exact on any document jansson accepts: it passes at
 *     the document's real depth and field count and refuses one below
 *     either (so the limits neither leak nor refuse good bodies);
 *   - json_spec_parse returns true exactly when it added no error, every
 *     error has a field path, a code and both messages, and on success each
 *     required output is set and each output is within its declared limits. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/jsonin.h"

#define SERVER_MAX_DEPTH 16       /* src/http/server.c defaults */
#define SERVER_MAX_FIELDS 10000L

#include "check.h"

/* Depth (containers nested, 0 for a scalar) and fields (object members plus
 * array elements) of a parsed document, counted the way json_prescan
 * documents them. */
static void measure(const json_t *v, int level, int *depth, long *fields)
{
	if (json_is_object(v)) {
		if (level + 1 > *depth)
			*depth = level + 1;
		const char *k;
		json_t *m;
		json_object_foreach((json_t *)v, k, m) {
			(*fields)++;
			measure(m, level + 1, depth, fields);
		}
	} else if (json_is_array(v)) {
		if (level + 1 > *depth)
			*depth = level + 1;
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m) {
			(*fields)++;
			measure(m, level + 1, depth, fields);
		}
	}
}

static void check_errors(const errs_t *e, size_t from)
{
	for (size_t i = from; i < e->n; i++) {
		const field_error_t *fe = &e->v[i];
		CHECK(fe->field && fe->code && fe->zh && fe->en);
		CHECK(fe->code[0] && fe->zh[0] && fe->en[0]);
	}
}

/* Checks one string output against its field's limits (defaults as in
 * jsonin.h: strings 1..200, text 0..4000 characters). */
static void check_string(const jfield_t *f, const char *s)
{
	if (!s)
		return;
	long long lo = f->min, hi = f->max;
	if (lo == 0 && hi == 0) {
		lo = f->type == JF_STRING ? 1 : 0;
		hi = f->type == JF_STRING ? 200 : 4000;
	}
	long long n = (long long)utf8_len(s);
	CHECK(n >= lo && n <= hi);
	CHECK(!has_control_chars(s, f->type == JF_TEXT));
}

/* Runs json_spec_parse and checks its contract. The outputs start as
 * sentinels, so "required output set" and "limits" can be checked for
 * every field type. */
static bool parse_checked(const json_t *obj, const jfield_t *spec, const char *prefix, errs_t *e)
{
	size_t before = e->n;
	bool ok = json_spec_parse(obj, spec, prefix, e);
	CHECK(ok == (e->n == before));
	check_errors(e, before);
	if (!ok)
		return false;
	CHECK(json_is_object(obj));
	for (const jfield_t *f = spec; f->name; f++) {
		const json_t *v = json_object_get(obj, f->name);
		bool given = v && !json_is_null(v);
		CHECK(given || !f->required);
		if (f->present)
			CHECK(*f->present == given);
		if (!given || !f->out)
			continue;
		switch (f->type) {
		case JF_STRING:
		case JF_TEXT:
			CHECK(*(const char **)f->out == json_string_value(v));
			check_string(f, *(const char **)f->out);
			break;
		case JF_INT: {
			long long x = *(long long *)f->out;
			CHECK(x == json_integer_value(v));
			if (f->min || f->max)
				CHECK(x >= f->min && x <= f->max);
			break;
		}
		case JF_BOOL:
			CHECK(*(bool *)f->out == json_is_true(v));
			break;
		case JF_OBJECT:
			CHECK(json_is_object(*(json_t **)f->out));
			break;
		case JF_ARRAY: {
			const json_t *a = *(json_t **)f->out;
			CHECK(json_is_array(a));
			if (f->min || f->max)
				CHECK((long long)json_array_size(a) >= f->min && (long long)json_array_size(a) <= f->max);
			break;
		}
		case JF_ANY:
			CHECK(*(json_t **)f->out == v);
			break;
		}
	}
	return true;
}

/* POST /api/v1/accounts (src/api/accounts.c), plus one field of each other type. */
static void registration(const json_t *body, errs_t *e)
{
	const char *kind = NULL, *username = NULL, *password = NULL, *name = NULL, *id_number = NULL,
		   *credit_code = NULL, *legal_rep = NULL, *phone = NULL, *email = NULL, *note = NULL;
	long long birth_year = 0, employees = 0;
	bool agree = false, has_employees = false, has_agree = false;
	json_t *address = NULL, *roles = NULL, *extra = NULL;
	jfield_t spec[] = {
		{"kind", JF_STRING, true, 1, 16, &kind, NULL},
		{"username", JF_STRING, true, 1, 64, &username, NULL},
		{"password", JF_STRING, true, 1, 256, &password, NULL},
		{"name", JF_STRING, true, 2, 100, &name, NULL},
		{"id_number", JF_STRING, false, 1, 32, &id_number, NULL},
		{"credit_code", JF_STRING, false, 1, 32, &credit_code, NULL},
		{"legal_rep", JF_STRING, false, 2, 50, &legal_rep, NULL},
		{"phone", JF_STRING, false, 1, 32, &phone, NULL},
		{"email", JF_STRING, false, 1, 254, &email, NULL},
		{"note", JF_TEXT, false, 0, 0, &note, NULL},
		{"birth_year", JF_INT, false, 1900, 2026, &birth_year, NULL},
		{"employees", JF_INT, false, 0, 0, &employees, &has_employees},
		{"agree", JF_BOOL, true, 0, 0, &agree, &has_agree},
		{"address", JF_OBJECT, false, 0, 0, &address, NULL},
		{"roles", JF_ARRAY, false, 1, 8, &roles, NULL},
		{"extra", JF_ANY, false, 0, 0, &extra, NULL},
		JF_END,
	};
	if (!parse_checked(body, spec, NULL, e) || !address)
		return;
	const char *province = NULL, *detail = NULL;
	jfield_t aspec[] = {
		{"province", JF_STRING, true, 2, 20, &province, NULL},
		{"detail", JF_TEXT, false, 0, 200, &detail, NULL},
		JF_END,
	};
	parse_checked(address, aspec, "address", e);
}

/* POST /api/v1/cases (src/domain/cases.c): nested objects and an array of objects. */
static void case_submission(const json_t *body, errs_t *e)
{
	json_t *form = NULL, *materials = NULL, *delivery = NULL, *applicant = NULL, *agent = NULL;
	const char *matter = NULL, *channel = NULL;
	bool submit = true;
	jfield_t spec[] = {
		{"matter", JF_STRING, true, 1, 16, &matter, NULL},
		{"form", JF_OBJECT, true, 0, 0, &form, NULL},
		{"materials", JF_ARRAY, false, 0, 50, &materials, NULL},
		{"channel", JF_STRING, true, 1, 16, &channel, NULL},
		{"delivery", JF_OBJECT, true, 0, 0, &delivery, NULL},
		{"submit", JF_BOOL, false, 0, 0, &submit, NULL},
		{"applicant", JF_OBJECT, false, 0, 0, &applicant, NULL},
		{"agent", JF_OBJECT, false, 0, 0, &agent, NULL},
		JF_END,
	};
	if (!parse_checked(body, spec, NULL, e))
		return;
	size_t i;
	json_t *m;
	char p[64];
	json_array_foreach(materials, i, m) {
		snprintf(p, sizeof p, "materials[%zu]", i);
		const char *key = NULL, *file = NULL;
		jfield_t ms[] = {
			{"key", JF_STRING, true, 1, 64, &key, NULL},
			{"file", JF_STRING, true, 1, 64, &file, NULL},
			JF_END,
		};
		parse_checked(m, ms, p, e);
	}
	const char *method = NULL, *address = NULL, *recipient = NULL, *phone = NULL;
	jfield_t ds[] = {
		{"method", JF_STRING, true, 1, 16, &method, NULL},
		{"address", JF_STRING, false, 5, 200, &address, NULL},
		{"recipient", JF_STRING, false, 1, 50, &recipient, NULL},
		{"phone", JF_STRING, false, 5, 20, &phone, NULL},
		JF_END,
	};
	parse_checked(delivery, ds, "delivery", e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	if (json_prescan(buf, size, SERVER_MAX_DEPTH, SERVER_MAX_FIELDS) != PRESCAN_OK)
		return 0;
	json_error_t jerr;
	json_t *body = json_loadb(buf, size, JSON_REJECT_DUPLICATES, &jerr);
	if (!body)
		return 0;

	int depth = 0;
	long fields = 0;
	measure(body, 0, &depth, &fields);
	CHECK(depth <= SERVER_MAX_DEPTH && fields <= SERVER_MAX_FIELDS);
	CHECK(json_prescan(buf, size, depth, fields) == PRESCAN_OK);
	if (depth > 0)
		CHECK(json_prescan(buf, size, depth - 1, LONG_MAX) == PRESCAN_TOO_DEEP);
	if (fields > 0)
		CHECK(json_prescan(buf, size, INT_MAX, fields - 1) == PRESCAN_TOO_MANY_FIELDS);

	errs_t e = ERRS_INIT;
	registration(body, &e);
	errs_clear(&e);
	case_submission(body, &e);
	errs_clear(&e);
	json_decref(body);
	return 0;
}
