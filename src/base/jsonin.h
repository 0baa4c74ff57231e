/* jsonin.h — untrusted JSON in: limits first, then declarative parsing.
 *
 * json_prescan looks at the raw bytes before any parser allocates anything:
 * nesting depth and member count are bounded (configurable), so a hostile
 * body cannot make the parser recurse or allocate without limit.
 *
 * json_spec_parse fills C variables from a JSON object described by a table
 * of fields (name, type, required, limits, destination). It reports every
 * problem at once — missing fields, wrong types, over-long strings, unknown
 * members — each naming the field. Strings are borrowed from the JSON value
 * and live as long as it does. */
#ifndef ONESTOP_JSONIN_H
#define ONESTOP_JSONIN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "base/errs.h"

typedef enum {
	PRESCAN_OK = 0,
	PRESCAN_TOO_DEEP,
	PRESCAN_TOO_MANY_FIELDS,
} prescan_t;

prescan_t json_prescan(const char *buf, size_t len, int max_depth, long max_fields);

typedef enum {
	JF_STRING,   /* one line, no control chars; min/max in characters (code points) */
	JF_TEXT,     /* may contain newlines/tabs */
	JF_INT,      /* integer; min/max bound the value */
	JF_BOOL,
	JF_OBJECT,   /* json_t ** (borrowed) */
	JF_ARRAY,    /* json_t ** (borrowed); min/max bound the length */
	JF_ANY,      /* json_t ** (borrowed) */
} jf_type_t;

typedef struct {
	const char *name;
	jf_type_t type;
	bool required;
	long long min, max;   /* 0,0 = default limits (strings 1..200, text 0..4000) */
	void *out;            /* const char **, long long *, bool *, json_t ** */
	bool *present;        /* optional: set true when the member was given (not null) */
} jfield_t;

#define JF_END {NULL, 0, false, 0, 0, NULL, NULL}

/* Returns true when obj is an object matching spec; otherwise appends errors
 * (field paths prefixed with `prefix` when non-empty). Outputs of absent
 * optional fields are left untouched, so callers preset defaults. */
bool json_spec_parse(const json_t *obj, const jfield_t *spec, const char *prefix, errs_t *e);

/* UTF-8 code points in s (s is valid UTF-8, as jansson guarantees). */
size_t utf8_len(const char *s);
/* true when s has control characters (other than \n \t \r when allow_newlines). */
bool has_control_chars(const char *s, bool allow_newlines);

#endif
