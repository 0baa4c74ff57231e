/* form.h — form schemas of matters and the one validator for submitted forms.
 *
 * A matter's application form is described by a schema (JSON, stored with the
 * matter version). The same validator serves the API, the command line and
 * the tests: it checks a submitted form against the schema and reports
 * *every* error at once (field, code, message in Chinese and English).
 *
 * Schema format (docs/forms.md):
 *   {"fields": [ {
 *      "key": "shop_name",                 -- [a-z][a-z0-9_]{0,63}, unique
 *      "label": {"zh": "店铺名称", "en": "Shop name"},
 *      "type": "string",                   -- string text int decimal date enum bool
 *                                             id_number credit_code phone email address region
 *      "required": true,
 *      "min_len": 2, "max_len": 50,        -- characters (code points), string-like types
 *      "min": 0, "max": 1000,              -- int / decimal bounds; for date: "YYYY-MM-DD" strings
 *      "pattern": "^[^0-9].*$",            -- POSIX extended regex, string-like types
 *      "options": [{"value": "a", "label": {"zh": "甲", "en": "A"}}],   -- enum only, required there
 *      "help": {"zh": "...", "en": "..."},
 *      "de": "DE.enterprise.name"          -- data element code: DE.<segment>(.<segment>)*
 *   } ]}
 *
 * Value rules per type (the submitted form is a JSON object key -> value):
 *   string   JSON string, one line (no control characters); default max_len 200
 *   text     JSON string, newlines allowed; default max_len 4000
 *   int      JSON integer
 *   decimal  JSON number, or a string of digits with at most one '.'
 *   date     "YYYY-MM-DD", a real date
 *   enum     a string equal to one option's value
 *   bool     JSON true/false
 *   id_number   GB 11643 (base/idcheck.h), 18 or 15 characters
 *   credit_code GB 32100
 *   phone    mobile 1[3-9]ddddddddd, or landline 0dd(d)-ddddddd(d)(-ext)
 *   email    local@domain.tld, at most 254 characters
 *   address  string, max_len default 200
 *   region   6-digit GB/T 2260 code (checked for existence by the caller's
 *            region_exists callback when one is given)
 * A missing or null value of a non-required field is fine; an empty string
 * counts as missing. Keys not in the schema are errors ("unknown_field").
 *
 * Error codes: required, unknown_field, type, too_short, too_long, too_small,
 * too_large, pattern, not_an_option, invalid_date, id_number (+ the idcheck
 * status as detail in the message), credit_code, phone, email, region.
 * Field paths are "<prefix>.<key>" (prefix given by the caller, e.g. "form"). */
#ifndef ONESTOP_FORM_H
#define ONESTOP_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include "../base/errs.h"

typedef bool (*form_region_exists_fn)(const char *code, void *ctx);

typedef struct {
	const char *prefix;                 /* field path prefix, e.g. "form"; may be NULL */
	int today_y, today_m, today_d;      /* for birth dates in ID numbers */
	form_region_exists_fn region_exists;/* may be NULL: format check only */
	void *region_ctx;
} form_opts_t;

/* Checks a schema itself (admin writes): unknown type, duplicate or malformed
 * keys, enum without options, min > max, min_len > max_len, a pattern that
 * does not compile, a malformed data element code, missing labels, unknown
 * members. Paths are "<prefix>.fields[i].<member>". Returns true when valid. */
bool form_schema_check(const json_t *schema, const char *prefix, errs_t *errs);

/* Validates `data` (a JSON object) against a schema that passed
 * form_schema_check. Appends every error to errs; returns true when none. */
bool form_validate(const json_t *schema, const json_t *data, const form_opts_t *opts, errs_t *errs);

#endif
