/* utf8.h — strict UTF-8 decoding, shared by the form validator and the
 * cleaning of uploaded file names: no overlong forms, no surrogates, nothing
 * above U+10FFFF. */
#ifndef ONESTOP_UTF8_H
#define ONESTOP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the sequence at s[*i] (s holds n bytes). On success stores the code
 * point, advances *i past it and returns true; returns false (and leaves *i)
 * on an ill-formed or truncated sequence. */
bool utf8_next(const unsigned char *s, size_t n, size_t *i, uint32_t *cp);
/* Whether the NUL-terminated string is well-formed UTF-8. */
bool utf8_valid(const char *s);

#endif
