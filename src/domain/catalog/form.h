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
 *      "de": "DE.enterprise.name",         -- data element code: DE.<segment>(.<segment>)*
 *      "binds": "applicant.credit_code"    -- credit_code only: the value must be the
 *                                             applicant's own (form_opts_t.check_binds)
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
 * status as detail in the message), credit_code, phone, email, region,
 * invisible_chars (a name field, see below),
 * not_yours (a valid credit code bound to the applicant that is not the
 * applicant's own, when the caller asks for bindings to be checked).
 * Field paths are "<prefix>.<key>" (prefix given by the caller, e.g. "form").
 *
 * Details the rules above leave open (settled with form_validate.c):
 *   - A field whose "de" ends in ".name" (DE.person.name, DE.enterprise.name
 *     ...) holds a name: a bidi control or zero-width character in it
 *     (text_invisible_cp, base/textcheck.h) is "invisible_chars".
 *   - A string of only spaces, tabs, line breaks or U+3000 counts as missing,
 *     like "". Invalid UTF-8 or a NUL in any string value is "type"; so is a
 *     line break, tab or control character in string/address, or a control
 *     character other than newline/tab in text.
 *   - decimal strings: digits, optionally '.' and at least one more digit; no
 *     sign, exponent or spaces; at most 64 characters ("too_long"). Integers
 *     compare with int bounds exactly, anything else in double precision.
 *   - phone: the hyphens are required; an extension has 1-6 digits.
 *     email: ASCII only, local part at most 64, domain labels at most 63,
 *     the last label letters only (2+).
 *   - min_len/max_len/pattern belong to string, text and address only;
 *     min/max to int, decimal and date; options to enum; anything else is
 *     "not_applicable" in the schema check. Patterns are matched bytewise in
 *     the C locale ('.' is one byte: use min_len/max_len for lengths), are
 *     not tried on a value that is already too_long, and may not use
 *     back-references. One value can get several errors (too_short and
 *     pattern).
 *   - Limits: 200 fields, 1000 options, lengths 0..100000, label 100 and
 *     help 1000 characters, option value 200 characters, pattern 512 bytes,
 *     de 128 bytes. Unknown members are refused at every level (schema,
 *     field, label, help, option).
 *   - The schema check's codes are listed at the top of form_schema.c. */
#ifndef ONESTOP_FORM_H
#define ONESTOP_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include "base/errs.h"

typedef bool (*form_region_exists_fn)(const char *code, void *ctx);

typedef struct {
	const char *prefix;                 /* field path prefix, e.g. "form"; may be NULL */
	int today_y, today_m, today_d;      /* for birth dates in ID numbers */
	form_region_exists_fn region_exists;/* may be NULL: format check only */
	void *region_ctx;
	/* Fields with "binds": "applicant.credit_code" must hold this code when
	 * check_binds is set (NULL: the applicant has none, e.g. a person, so no
	 * code is theirs). The caller leaves check_binds unset where the binding
	 * is waived: an authorised agent files, or a bundle's mapping fills it. */
	bool check_binds;
	const char *applicant_credit_code;
	/* The schema is a part of a shared document that is never changed (a matter version's,
	 * matter_doc): its fields are loaded once and kept, not walked again at each call. */
	bool shared_schema;
} form_opts_t;

/* Checks a schema itself (admin writes): unknown type, duplicate or malformed
 * keys, enum without options, min > max, min_len > max_len, a pattern that
 * does not compile, a malformed data element code, missing labels, unknown
 * members. Paths are "<prefix>.fields[i].<member>". Returns true when valid. */
bool form_schema_check(const json_t *schema, const char *prefix, errs_t *errs);

/* Validates `data` (a JSON object) against a schema that passed
 * form_schema_check. Appends every error to errs; returns true when this call
 * added none. A schema the check refuses gives one "invalid_schema" error at
 * the prefix path and nothing else. opts may be NULL (no prefix, no region
 * lookup); when its today is not a valid date, birth dates in ID numbers are
 * only checked to be real dates from 1900 on. */
bool form_validate(const json_t *schema, const json_t *data, const form_opts_t *opts, errs_t *errs);

/* Masks in place the values of `data`'s id_number and phone fields (by the schema's types) as
 * base/log.h's mask_id_number and mask_phone do; other fields are left as they are. */
void form_mask_personal(const json_t *schema, json_t *data);

#endif
