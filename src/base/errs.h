/* errs.h — a list of field errors collected while validating input.
 *
 * Validators never stop at the first problem: they append every error they
 * find, each naming the field (a JSON-pointer-like path such as "form.name" or
 * "materials[2].file"), a stable machine code from the registry (errcode.h
 * uses the same words), and a message in Chinese and in English. The HTTP
 * layer turns the list into the `errors` member of a problem+json body,
 * choosing the language from Accept-Language.
 *
 * Ownership: an errs_t owns copies of everything added to it. */
#ifndef ONESTOP_ERRS_H
#define ONESTOP_ERRS_H

#include <stddef.h>
#include <stdbool.h>

typedef struct {
	char *field;   /* owned; "" for the request as a whole */
	char *code;    /* owned; e.g. "required", "too_long", "check_digit" */
	char *zh;      /* owned; message in Chinese */
	char *en;      /* owned; message in English */
} field_error_t;

typedef struct {
	field_error_t *v;
	size_t n, cap;
} errs_t;

#define ERRS_INIT {NULL, 0, 0}

/* Append an error; messages are printf formats sharing the same arguments
 * is not possible, so each is given already formatted (use errs_addf). */
void errs_add(errs_t *e, const char *field, const char *code, const char *zh, const char *en);
/* Like errs_add with the field built from a prefix and a key ("form" + "name" -> "form.name");
 * prefix may be NULL or "". */
void errs_add2(errs_t *e, const char *prefix, const char *key, const char *code, const char *zh,
	       const char *en);
/* Formatted messages: zh_fmt and en_fmt each take their own single integer argument. */
void errs_addi(errs_t *e, const char *field, const char *code, const char *zh_fmt, const char *en_fmt,
	       long long arg);
/* The path prefix.key (key alone when prefix is NULL or "") into out, n bytes (n >= 8). A path that
 * does not fit is cut at the start of a character and ends in "…", so that it stays valid UTF-8 (a
 * problem's field must be, or the answer could not name it) and shows that it was cut. */
void errs_path(char *out, size_t n, const char *prefix, const char *key);
bool errs_any(const errs_t *e);
bool errs_has(const errs_t *e, const char *field, const char *code);
void errs_clear(errs_t *e);   /* frees contents, keeps the struct reusable */

#endif
