/* textnorm.h — text as search compares it: Traditional characters turned
 * into Simplified (OpenCC, t2s), ASCII letters lower-cased, full-width ASCII
 * folded to half-width, runs of white space collapsed. A query in 繁體 then
 * finds text stored in 简体 and the reverse, since both sides are normalised
 * the same way. */
#ifndef ONESTOP_TEXTNORM_H
#define ONESTOP_TEXTNORM_H

/* Returns a malloc'd normalised copy (never NULL for valid UTF-8 input). */
char *textnorm(const char *s);

#endif
