/* form_schema.h — a form schema as loaded for checking values, and the
 * helpers form_schema.c and form_validate.c share. Internal to
 * domain/catalog: everyone else includes form.h.
 *
 * form_schema_walk is the one walk over a schema: form_schema_check runs it
 * reporting every problem, form_validate runs it silently to load the fields
 * (and compile their patterns once), so the two never disagree about what a
 * valid schema is. */
#ifndef ONESTOP_FORM_SCHEMA_H
#define ONESTOP_FORM_SCHEMA_H

#include <jansson.h>
#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include "base/date.h"
#include "base/errs.h"

#define FORM_MAX_FIELDS 200
#define FORM_MAX_OPTIONS 1000
#define FORM_MAX_LEN_LIMIT 100000LL
#define FORM_MAX_PATTERN_BYTES 512
#define FORM_MAX_DE_BYTES 128
#define FORM_MAX_LABEL_CHARS 100
#define FORM_MAX_HELP_CHARS 1000
#define FORM_MAX_OPTION_CHARS 200
#define FORM_MAX_DECIMAL_CHARS 64
#define FORM_MAX_ECHO_BYTES 64

/* Which optional members a type accepts. */
enum {
	M_LEN = 1,      /* min_len, max_len */
	M_PATTERN = 2,
	M_RANGE = 4,    /* min, max */
	M_OPTIONS = 8,
};

typedef enum {
	FT_STRING, FT_TEXT, FT_INT, FT_DECIMAL, FT_DATE, FT_ENUM, FT_BOOL,
	FT_ID_NUMBER, FT_CREDIT_CODE, FT_PHONE, FT_EMAIL, FT_ADDRESS, FT_REGION,
} ftype_t;

struct type_info {
	const char *name;
	ftype_t t;
	unsigned members;
	long long default_max_len;  /* 0: no length rules */
	const char *what_zh, *what_en;  /* "must be ..." in type errors */
};

struct bound {
	bool set;
	bool is_int;        /* written as a JSON integer: exact comparison and printing */
	long long i;
	double d;
	day_t day;
	const char *text;   /* date bounds as written, for messages */
};

/* A field as loaded from the schema; strings point into the schema. */
struct field {
	const char *key;
	const char *zh, *en;
	const struct type_info *ti;
	bool required;
	long long min_len, max_len;     /* -1: no rule */
	struct bound min, max;
	const json_t *options;
	bool has_re;
	regex_t re;
	bool binds_applicant;           /* "binds": "applicant.credit_code" */
	bool is_name;                   /* its data element is a name ("de" ends in ".name") */
};

/* What a string holds, from one scan of its UTF-8. */
struct text_info {
	size_t chars;
	bool nul, newline, tab, ctrl;
	bool invisible; /* a bidi control or zero-width character (text_invisible_cp) */
	bool blank;     /* only spaces, tabs, line breaks, U+3000 (or empty) */
};

/* Paths and messages are allocated to fit rather than written into fixed
 * buffers, so neither is ever cut short, whatever length of input they
 * quote. form_msg formats into a new string (the caller frees it). */
char *form_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "base.tail", or either alone when the other is empty; a new string. */
char *form_path_join(const char *base, const char *tail);
/* Adds one error at "base.member". Takes ownership of zh and en. A NULL errs only counts. */
void form_report(errs_t *errs, const char *base, const char *member, const char *code, char *zh, char *en);
/* Scans n bytes of UTF-8; false when they are not valid UTF-8. */
bool form_text_scan(const char *s, size_t n, struct text_info *ti);
/* Whether a piece of input is safe and short enough to quote in a message. */
bool form_echo_ok(const char *s);
bool form_is_digit(char c);
/* The value of a decimal string of at most FORM_MAX_DECIMAL_CHARS ('.' whatever the locale). */
double form_decimal_to_double(const char *s, size_t n);
/* A bound as the schema wrote it, for messages ("?" when it does not fit). */
void form_format_bound(const struct bound *b, char *out, size_t cap);
/* The walk (see above). errs NULL: report nothing. out NULL: keep nothing.
 * On success *out (when asked) holds n loaded fields: free with form_fields_free. */
bool form_schema_walk(const json_t *schema, const char *prefix, errs_t *errs, struct field **out,
		      size_t *nout);
void form_fields_free(struct field *fs, size_t n);

/* The loaded fields of a shared schema, one that is never changed nor freed while referenced
 * (form_opts_t.shared_schema), walked once and kept (form_loaded.c). NULL when the walk refuses
 * the schema; else *fs and *nf hold its fields, valid until form_loaded_put. */
typedef struct form_loaded form_loaded_t;
const form_loaded_t *form_loaded_get(const json_t *schema, struct field **fs, size_t *nf);
void form_loaded_put(const form_loaded_t *l);

#endif
