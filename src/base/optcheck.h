/* optcheck.h — checks of the values given to `onestop serve` on its command
 * line or in its environment, kept out of main.c so they can be tested alone. */
#ifndef ONESTOP_OPTCHECK_H
#define ONESTOP_OPTCHECK_H

#include <stdbool.h>

/* An absolute http(s) URL without user, query or fragment. */
bool optcheck_public_url(const char *v);
/* 16 to 127 printable ASCII characters, no spaces: what a Bearer header carries. */
bool optcheck_token(const char *v);
/* Exactly 64 hex digits into 32 bytes. */
bool optcheck_hex32(const char *v, unsigned char out[32]);

#endif
