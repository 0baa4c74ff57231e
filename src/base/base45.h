/* base45.h — Base45 (RFC 9285): bytes as text in the 45 characters of a QR
 * code's alphanumeric mode, which packs 5.5 bits per character against byte
 * mode's 8, so a payload is about a fifth smaller as a QR code than its
 * Base64 form (the reason the EU's digital certificates use it). */
#ifndef ONESTOP_BASE45_H
#define ONESTOP_BASE45_H

#include <stddef.h>

/* The Base45 text of len bytes, newly allocated and NUL-terminated. */
char *base45_encode(const unsigned char *in, size_t len);
/* Decodes n characters into a new buffer (*out, *out_len); -1 for a
 * character outside the alphabet, a dangling single character or a group
 * whose value is out of range (RFC 9285 §4.4). */
int base45_decode(const char *text, size_t n, unsigned char **out, size_t *out_len);

#endif
