/* paper.c — see paper.h. */
#include "domain/certs/paper.h"
#include "base/log.h"
#include "base/mem.h"
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct paper {
	cairo_surface_t *surf;
	cairo_t *cr;
	cairo_font_face_t *face;
	FcPattern *font;
	unsigned char *buf;
	size_t len, cap;
};

/* fontconfig's configuration and cairo's font caches live for the process;
 * handed back at exit, so a leak checker sees only what the code forgot. */
static void fonts_release(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}

static void fonts_atexit(void) { atexit(fonts_release); }

/* A font that has Chinese glyphs (证照), as fontconfig matches one for
 * lang zh-cn; NULL when the machine has none (fonts-wqy-microhei or
 * fonts-noto-cjk not installed): a latin fallback would print empty boxes. */
static FcPattern *cjk_font(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	if (!FcInit())
		return NULL;
	pthread_once(&once, fonts_atexit);
	FcPattern *want = FcNameParse((const FcChar8 *)"sans-serif:lang=zh-cn");
	if (!want)
		return NULL;
	FcConfigSubstitute(NULL, want, FcMatchPattern);
	FcDefaultSubstitute(want);
	FcResult res;
	FcPattern *got = FcFontMatch(NULL, want, &res);
	FcPatternDestroy(want);
	FcCharSet *cs = NULL;
	bool chinese = got && FcPatternGetCharSet(got, FC_CHARSET, 0, &cs) == FcResultMatch &&
		       FcCharSetHasChar(cs, 0x8BC1) && FcCharSetHasChar(cs, 0x7167);
	if (got && !chinese) {
		FcPatternDestroy(got);
		got = NULL;
	}
	return got;
}

static cairo_status_t sink_write(void *ctx, const unsigned char *data, unsigned int n)
{
	paper_t *p = ctx;
	if (p->len + n > p->cap) {
		p->cap = (p->len + n) * 2;
		p->buf = xrealloc(p->buf, p->cap);
	}
	memcpy(p->buf + p->len, data, n);
	p->len += n;
	return CAIRO_STATUS_SUCCESS;
}

paper_t *paper_open(const char *title)
{
	FcPattern *font = cjk_font();
	if (!font) {
		log_error("pdf: no font with Chinese glyphs (install fonts-wqy-microhei or fonts-noto-cjk)");
		return NULL;
	}
	paper_t *p = xcalloc(1, sizeof *p);
	p->font = font;
	p->surf = cairo_pdf_surface_create_for_stream(sink_write, p, PAPER_W, PAPER_H);
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, title ? title : "");
	cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "onestop");
	p->cr = cairo_create(p->surf);
	p->face = cairo_ft_font_face_create_for_pattern(font);
	cairo_set_font_face(p->cr, p->face);
	return p;
}

cairo_t *paper_cr(paper_t *p) { return p->cr; }

bool paper_close(paper_t *p, unsigned char **pdf, size_t *len)
{
	cairo_show_page(p->cr);
	cairo_destroy(p->cr);
	cairo_surface_finish(p->surf);
	bool ok = cairo_surface_status(p->surf) == CAIRO_STATUS_SUCCESS;
	cairo_surface_destroy(p->surf);
	cairo_font_face_destroy(p->face);
	FcPatternDestroy(p->font);
	if (ok) {
		*pdf = p->buf;
		*len = p->len;
	} else {
		free(p->buf);
		*pdf = NULL;
		*len = 0;
	}
	free(p);
	return ok;
}

double paper_wrapped(cairo_t *cr, double x, double y, double w, double size, const char *text)
{
	cairo_set_font_size(cr, size);
	const char *line = text, *p = text;
	char buf[2048];
	while (*p) {
		const char *next = p + 1;
		while (*next && (*next & 0xC0) == 0x80)
			next++;
		size_t n = (size_t)(next - line);
		if (n >= sizeof buf)
			n = sizeof buf - 1;
		memcpy(buf, line, n);
		buf[n] = '\0';
		cairo_text_extents_t e;
		cairo_text_extents(cr, buf, &e);
		if ((e.x_advance > w || n == sizeof buf - 1) && p > line) {
			size_t k = (size_t)(p - line) < sizeof buf ? (size_t)(p - line) : sizeof buf - 1;
			memcpy(buf, line, k);
			buf[k] = '\0';
			cairo_move_to(cr, x, y);
			cairo_show_text(cr, buf);
			y += size * 1.5;
			line = p;
		}
		p = next;
	}
	if (*line) {
		cairo_move_to(cr, x, y);
		cairo_show_text(cr, line);
	}
	return y + size * 1.6;
}

double paper_row(cairo_t *cr, double y, const char *label, const char *value)
{
	cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
	paper_wrapped(cr, PAPER_MARGIN, y, 140, 10, label);
	cairo_set_source_rgb(cr, 0, 0, 0);
	return paper_wrapped(cr, PAPER_MARGIN + 150, y, PAPER_W - 2 * PAPER_MARGIN - 150, 12,
			     value ? value : "—") +
	       4;
}

void paper_qr(cairo_t *cr, const qr_t *q, double x, double y, double side)
{
	double m = side / (q->width + 2 * QR_QUIET);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->dark[r * q->width + c])
				cairo_rectangle(cr, x + (c + QR_QUIET) * m, y + (r + QR_QUIET) * m, m, m);
	cairo_fill(cr);
}

double paper_heading(cairo_t *cr, const char *zh, const char *en)
{
	cairo_set_source_rgb(cr, 0.62, 0.08, 0.08);
	cairo_set_line_width(cr, 2);
	cairo_rectangle(cr, PAPER_MARGIN / 2, PAPER_MARGIN / 2, PAPER_W - PAPER_MARGIN,
			PAPER_H - PAPER_MARGIN);
	cairo_stroke(cr);
	cairo_set_font_size(cr, 26);
	cairo_text_extents_t e;
	cairo_text_extents(cr, zh, &e);
	cairo_move_to(cr, (PAPER_W - e.x_advance) / 2, 110);
	cairo_show_text(cr, zh);
	cairo_set_font_size(cr, 13);
	cairo_text_extents(cr, en ? en : "", &e);
	cairo_move_to(cr, (PAPER_W - e.x_advance) / 2, 134);
	cairo_show_text(cr, en ? en : "");
	return 180;
}
