/* qr.h — QR codes (ISO/IEC 18004) through Debian's libqrencode: the module
 * matrix of a text, for cairo to draw (a certificate's PDF), and its SVG
 * drawing (the wallet page). Error correction level M (15%), falling back to
 * L when the text does not fit at M; a quiet zone of 4 modules is the
 * drawer's. */
#ifndef ONESTOP_QR_H
#define ONESTOP_QR_H

#include <stdbool.h>

#define QR_QUIET 4 /* modules of light margin on each side */

typedef struct {
	int width;           /* modules on a side */
	unsigned char *dark; /* width * width, row by row: 1 dark, 0 light */
} qr_t;

/* The matrix of a NUL-terminated text; false when it is empty or too long
 * for any QR version. qr_free releases it. */
bool qr_make(const char *text, qr_t *out);
void qr_free(qr_t *q);
/* An SVG drawing of the text's code (quiet zone included, one user unit a
 * module), newly allocated; NULL as for qr_make. */
char *qr_svg(const char *text);

#endif
