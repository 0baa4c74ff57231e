/* urlform.h — application/x-www-form-urlencoded bodies, as Open311's POST
 * requests send them: pairs split on '&' (empty ones skipped), the key from
 * the value on the first '=', '+' a space, %XX a byte. A key of the bracket
 * forms NAME[SUB], NAME[SUB][] or NAME[] is split into its name and sub-key
 * (Open311's attribute[code] and attribute[code][] of a multivaluelist).
 * Pure, with no knowledge of what the keys mean (tests/fuzz/fuzz_open311_form.c).
 *
 * Refused, with a reason: a body over max_bytes, more than max_pairs pairs, a
 * key or value longer than its limit once decoded, a '%' not followed by two
 * hex digits, a decoded NUL, text that is not UTF-8, an empty key, a key with
 * brackets in any other form (nested, unbalanced, empty name or text after
 * them). Repeated keys are all kept, in order: what a repetition means is the
 * caller's to say. */
#ifndef ONESTOP_URLFORM_H
#define ONESTOP_URLFORM_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
	size_t max_bytes, max_pairs, max_key, max_value; /* max_key and max_value in decoded bytes */
} urlform_limits_t;

typedef struct {
	char *name;  /* the key up to its first bracket, decoded */
	char *sub;   /* inside NAME[SUB], or NULL */
	bool multi;  /* the key ended with [] */
	char *value; /* decoded; "" for a key without '=' */
} urlform_pair_t;

typedef struct {
	urlform_pair_t *pairs; /* owned; n of them */
	size_t n;
} urlform_t;

typedef enum {
	URLFORM_OK = 0,
	URLFORM_TOO_LARGE,  /* the body is over max_bytes */
	URLFORM_TOO_MANY,   /* more than max_pairs pairs */
	URLFORM_TOO_LONG,   /* a key or value is over its limit */
	URLFORM_BAD_ESCAPE, /* '%' without two hex digits */
	URLFORM_NUL,        /* %00 */
	URLFORM_BAD_UTF8,   /* a key or value is not UTF-8 once decoded */
	URLFORM_BAD_KEY,    /* an empty key, or brackets in another form */
} urlform_err_t;

/* Parses the n bytes at s (no NUL needed). On URLFORM_OK *out holds the pairs
 * (release it with urlform_release); on an error *out is empty. */
urlform_err_t urlform_parse(const char *s, size_t n, const urlform_limits_t *lim, urlform_t *out);
void urlform_release(urlform_t *f);
/* What an error means, in Chinese and in English. */
const char *urlform_err_zh(urlform_err_t e);
const char *urlform_err_en(urlform_err_t e);
/* The value of the plain key `name` (no sub-key, not multi) first given; NULL
 * when absent. *count (may be NULL) receives how many pairs have that name in
 * any form. */
const char *urlform_get(const urlform_t *f, const char *name, size_t *count);

#endif
