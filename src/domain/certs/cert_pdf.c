/* cert_pdf.c — a certificate as a printable A4 PDF (cert.h's cert_pdf):
 * drawn with cairo's PDF surface in a CJK font found through fontconfig and
 * embedded by cairo, with the QR code (libqrencode) carrying the verify
 * address and the compact signed form, so the paper verifies like the
 * electronic certificate, online or offline. The holder is shown in full:
 * the PDF is given to the holder only. */
#include "domain/certs/cert.h"
#include "domain/certs/cert_compact.h"
#include "domain/certs/cert_store.h"
#include "domain/identity/agents.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/qr.h"
#include "base/seal.h"
#include <pthread.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.890
#define MARGIN 64.0
#define QR_SIDE 190.0

struct held {
	dbc_t *c;
	const char *account;
	json_t *signed_cert;
	bool mine;
};

static void take(const cert_row_t *r, void *ctx)
{
	struct held *h = ctx;
	/* the holder's, or an enterprise's whose legal representative asks (agents.h) */
	h->mine = r->holder_account && (!strcmp(r->holder_account, h->account) ||
					agents_acts_for(h->c, h->account, r->holder_account));
	if (!h->mine)
		return;
	char *text = seal_open(r->document);
	h->signed_cert = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
}

/* A font that has Chinese glyphs (证照), as fontconfig matches one for
 * lang zh-cn; NULL when the machine has none (fonts-wqy-microhei or
 * fonts-noto-cjk not installed): a latin fallback would print empty boxes. */
/* fontconfig's configuration and cairo's font caches live for the process;
 * handed back at exit, so a leak checker sees only what the code forgot. */
static void fonts_release(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}

static void fonts_atexit(void) { atexit(fonts_release); }

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

struct sink {
	unsigned char *buf;
	size_t len, cap;
};

static cairo_status_t sink_write(void *ctx, const unsigned char *data, unsigned int n)
{
	struct sink *s = ctx;
	if (s->len + n > s->cap) {
		s->cap = (s->len + n) * 2;
		s->buf = xrealloc(s->buf, s->cap);
	}
	memcpy(s->buf + s->len, data, n);
	s->len += n;
	return CAIRO_STATUS_SUCCESS;
}

/* Draws text from (x, y) wrapped at width w, one UTF-8 character at a time
 * (Chinese has no spaces to break at); the baseline after the last line. */
static double wrapped(cairo_t *cr, double x, double y, double w, double size, const char *text)
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

static double row(cairo_t *cr, double y, const char *label, const char *value)
{
	cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
	wrapped(cr, MARGIN, y, 140, 10, label);
	cairo_set_source_rgb(cr, 0, 0, 0);
	return wrapped(cr, MARGIN + 150, y, PAGE_W - 2 * MARGIN - 150, 12, value ? value : "—") + 4;
}

static const char *str(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void draw_qr(cairo_t *cr, const qr_t *q, double x, double y, double side)
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

static const char *status_zh(const char *s)
{
	return !strcmp(s, "revoked")	  ? "已注销 Revoked"
	       : !strcmp(s, "expired")	  ? "已过期 Expired"
	       : !strcmp(s, "superseded") ? "已被新版本取代 Superseded"
					  : s;
}

static void draw(cairo_t *cr, const json_t *doc, const char *status, const char *verify_url, const qr_t *q)
{
	const json_t *title = json_object_get(doc, "title"), *holder = json_object_get(doc, "holder");
	const json_t *issuer = json_object_get(doc, "issuer");
	cairo_set_source_rgb(cr, 0.62, 0.08, 0.08);
	cairo_set_line_width(cr, 2);
	cairo_rectangle(cr, MARGIN / 2, MARGIN / 2, PAGE_W - MARGIN, PAGE_H - MARGIN);
	cairo_stroke(cr);
	cairo_set_font_size(cr, 26);
	const char *zh = str(title, "zh") ? str(title, "zh") : str(doc, "type");
	cairo_text_extents_t e;
	cairo_text_extents(cr, zh, &e);
	cairo_move_to(cr, (PAGE_W - e.x_advance) / 2, 110);
	cairo_show_text(cr, zh);
	cairo_set_font_size(cr, 13);
	const char *en = str(title, "en") ? str(title, "en") : "";
	cairo_text_extents(cr, en, &e);
	cairo_move_to(cr, (PAGE_W - e.x_advance) / 2, 134);
	cairo_show_text(cr, en);
	double y = 180;
	if (strcmp(status, "valid") != 0) {
		cairo_set_source_rgb(cr, 0.75, 0, 0);
		y = wrapped(cr, MARGIN, y, PAGE_W - 2 * MARGIN, 14, status_zh(status)) + 6;
	}
	y = row(cr, y, "证照标识 Identifier", str(doc, "identifier"));
	if (str(doc, "number"))
		y = row(cr, y, "证照编号 Number", str(doc, "number"));
	bool person = !strcmp(str(holder, "kind") ? str(holder, "kind") : "", "person");
	y = row(cr, y, "持证主体 Holder", str(holder, "name"));
	y = row(cr, y, person ? "公民身份号码 ID number" : "统一社会信用代码 Credit code", str(holder, "id"));
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)json_object_get(doc, "fields"), k, v)
	{
		char *text =
		    json_is_string(v) ? xstrdup(json_string_value(v)) : json_dumps(v, JSON_ENCODE_ANY);
		y = row(cr, y, k, text);
		free(text);
	}
	y = row(cr, y, "发证机关 Issuer", str(issuer, "name"));
	y = row(cr, y, "发证日期 Issued on", str(doc, "issued_on"));
	y = row(cr, y, "有效期至 Valid until", str(doc, "valid_until"));
	if (str(doc, "case_number"))
		y = row(cr, y, "办件编号 Case", str(doc, "case_number"));
	row(cr, y, "签名 Signature", str(doc, "algorithm"));
	double qy = PAGE_H - MARGIN - QR_SIDE - 40;
	draw_qr(cr, q, MARGIN, qy, QR_SIDE);
	cairo_set_source_rgb(cr, 0, 0, 0);
	double tx = MARGIN + QR_SIDE + 16, tw = PAGE_W - 2 * MARGIN - QR_SIDE - 16;
	double ty = wrapped(cr, tx, qy + 20, tw, 11, "扫码核验：二维码含本证照的签名数据，离线亦可核验。");
	ty = wrapped(cr, tx, ty, tw, 9, "Scan to verify: the code carries this certificate's signed data and "
					"verifies offline too.");
	ty = wrapped(cr, tx, ty + 6, tw, 9, "核验地址 Verify at:");
	wrapped(cr, tx, ty, tw, 8, verify_url);
}

errcode_t cert_pdf(dbc_t *c, const char *id, const char *account, const char *base_url, int64_t now,
		   unsigned char **pdf, size_t *len)
{
	*pdf = NULL;
	*len = 0;
	struct held h = {c, account, NULL, false};
	if (strlen(id) != CERT_ID_LEN - 1 || strspn(id, "0123456789abcdef") != CERT_ID_LEN - 1 ||
	    !cert_store_get(c, id, take, &h) || !h.mine)
		return E_NOT_FOUND;
	if (!h.signed_cert)
		return E_INTERNAL;
	FcPattern *font = cjk_font();
	if (!font) {
		log_error("cert_pdf: no font with Chinese glyphs "
			  "(install fonts-wqy-microhei or fonts-noto-cjk)");
		json_decref(h.signed_cert);
		return E_UNAVAILABLE;
	}
	char *compact = cert_compact_encode(h.signed_cert);
	size_t n = strlen(base_url) + strlen(id) + (compact ? strlen(compact) : 0) + 64;
	char *url = xmalloc(n), *qr_text = xmalloc(n);
	snprintf(url, n, "%s/api/v1/certificates/%s/verify", base_url, id);
	snprintf(qr_text, n, "%s#%s", url, compact ? compact : "");
	json_t *v = cert_verify_id(c, id, now);
	qr_t q;
	errcode_t ec = E_INTERNAL;
	if (compact && qr_make(qr_text, &q)) {
		struct sink s = {0};
		cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(sink_write, &s, PAGE_W, PAGE_H);
		const json_t *doc = json_object_get(h.signed_cert, "certificate");
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, str(doc, "identifier"));
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "onestop");
		cairo_t *cr = cairo_create(surf);
		cairo_font_face_t *face = cairo_ft_font_face_create_for_pattern(font);
		cairo_set_font_face(cr, face);
		const char *status = str(v, "status");
		draw(cr, doc, status ? status : "unknown", url, &q);
		cairo_show_page(cr);
		cairo_destroy(cr);
		cairo_surface_finish(surf);
		bool ok = cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS;
		cairo_surface_destroy(surf);
		cairo_font_face_destroy(face);
		qr_free(&q);
		if (ok) {
			*pdf = s.buf;
			*len = s.len;
			ec = E_OK;
		} else {
			free(s.buf);
		}
	}
	FcPatternDestroy(font);
	json_decref(v);
	free(compact);
	free(url);
	free(qr_text);
	json_decref(h.signed_cert);
	return ec;
}
