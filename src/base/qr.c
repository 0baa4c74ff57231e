/* qr.c — QR code matrices and their SVG drawing (qr.h). */
#include "base/qr.h"
#include "base/mem.h"
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool qr_make(const char *text, qr_t *out)
{
	memset(out, 0, sizeof *out);
	if (!text || !*text)
		return false;
	/* case-sensitive, so a URL's lower case stays; libqrencode picks the
	 * modes per segment (alphanumeric for the Base45 part) */
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		q = QRcode_encodeString(text, 0, QR_ECLEVEL_L, QR_MODE_8, 1);
	if (!q)
		return false;
	size_t n = (size_t)q->width * (size_t)q->width;
	out->width = q->width;
	out->dark = xmalloc(n);
	for (size_t i = 0; i < n; i++)
		out->dark[i] = q->data[i] & 1;
	QRcode_free(q);
	return true;
}

void qr_free(qr_t *q)
{
	free(q->dark);
	q->dark = NULL;
	q->width = 0;
}

char *qr_svg(const char *text)
{
	qr_t q;
	if (!qr_make(text, &q))
		return NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f) {
		qr_free(&q);
		return NULL;
	}
	int side = q.width + 2 * QR_QUIET;
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		"shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		"<path fill=\"#000\" d=\"",
		side, side, side, side);
	/* one rectangle per horizontal run of dark modules */
	for (int y = 0; y < q.width; y++) {
		for (int x = 0; x < q.width;) {
			if (!q.dark[y * q.width + x]) {
				x++;
				continue;
			}
			int run = 0;
			while (x + run < q.width && q.dark[y * q.width + x + run])
				run++;
			fprintf(f, "M%d %dh%dv1h-%dz", x + QR_QUIET, y + QR_QUIET, run, run);
			x += run;
		}
	}
	fputs("\"/></svg>", f);
	fclose(f);
	qr_free(&q);
	return buf;
}
