/* paper.h — the A4 pages the platform prints and signs: a certificate
 * (cert_pdf.c) and a notice (notice_pdf.c). One place draws them with
 * cairo's PDF surface in a font with Chinese glyphs that fontconfig finds
 * (cairo embeds the subset used), so both papers share the frame, the
 * title, the labelled rows, the wrapping of Chinese text and the QR code.
 *
 * A page is opened, drawn on through paper_cr, and closed into the PDF's
 * bytes; paper_open refuses (NULL) when the machine has no font with Chinese
 * glyphs, rather than printing empty boxes. */
#ifndef ONESTOP_PAPER_H
#define ONESTOP_PAPER_H

#include <cairo.h>
#include <stdbool.h>
#include <stddef.h>
#include "base/qr.h"

#define PAPER_W 595.276 /* A4 in points */
#define PAPER_H 841.890
#define PAPER_MARGIN 64.0

typedef struct paper paper_t;

/* A new one-page PDF whose metadata title is `title`; NULL (logged, with the
 * Debian packages to install) when no font has Chinese glyphs. */
paper_t *paper_open(const char *title);
cairo_t *paper_cr(paper_t *p);
/* Ends the page and hands the PDF's bytes over (*pdf new, *len); false when
 * cairo failed. Frees p either way. */
bool paper_close(paper_t *p, unsigned char **pdf, size_t *len);

/* The red border and the centred title (Chinese, English under it); the
 * baseline where the body starts. */
double paper_heading(cairo_t *cr, const char *zh, const char *en);
/* Text from (x, y) wrapped at width w, one UTF-8 character at a time
 * (Chinese has no spaces to break at); the baseline after the last line. */
double paper_wrapped(cairo_t *cr, double x, double y, double w, double size, const char *text);
/* A grey label and its value beside it ("—" when NULL); the next row's y. */
double paper_row(cairo_t *cr, double y, const char *label, const char *value);
/* A QR code of `side` points at (x, y), quiet zone included. */
void paper_qr(cairo_t *cr, const qr_t *q, double x, double y, double side);

#endif
