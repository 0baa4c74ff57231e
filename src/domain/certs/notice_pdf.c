/* notice_pdf.c — a sealed notice as an A4 PDF (notice.h's notice_pdf),
 * drawn on paper.h's page like a certificate: the title, the applicant
 * addressed, the statement, the decision's grounds and basis, the remedies,
 * the issuing department with its seal and date, and a QR code of the
 * public verify address. What makes it genuine is the signature the
 * platform keeps and verifies; the seal drawn is its mark on paper. */
#include "domain/certs/notice.h"
#include "domain/certs/notice_store.h"
#include "domain/certs/paper.h"
#include "base/mem.h"
#include "base/qr.h"
#include "base/seal.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QR_SIDE 120.0
#define BODY_W (PAPER_W - 2 * PAPER_MARGIN)

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static void take(const notice_row_t *r, void *ctx)
{
	char *text = seal_open(r->document);
	*(json_t **)ctx = text ? json_loads(text, 0, NULL) : NULL;
	free(text);
}

/* A paragraph in Chinese with its English under it, smaller and grey. */
static double para(cairo_t *cr, double y, const char *zh, const char *en)
{
	cairo_set_source_rgb(cr, 0, 0, 0);
	if (zh && *zh)
		y = paper_wrapped(cr, PAPER_MARGIN, y, BODY_W, 12, zh);
	if (en && *en) {
		cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
		y = paper_wrapped(cr, PAPER_MARGIN, y - 4, BODY_W, 9, en);
	}
	return y + 4;
}

/* The department's seal over its name and the date: a red ring and a star. */
static void seal_mark(cairo_t *cr, double cx, double cy)
{
	cairo_set_source_rgba(cr, 0.8, 0.05, 0.05, 0.8);
	cairo_set_line_width(cr, 3);
	cairo_arc(cr, cx, cy, 48, 0, 2 * M_PI);
	cairo_stroke(cr);
	cairo_move_to(cr, cx, cy - 16);
	for (int i = 1; i <= 5; i++) {
		double a = -M_PI / 2 + i * 4 * M_PI / 5;
		cairo_line_to(cr, cx + 16 * cos(a), cy + 16 * sin(a));
	}
	cairo_close_path(cr);
	cairo_fill(cr);
}

static void draw(cairo_t *cr, const json_t *doc, const char *verify_url, const qr_t *q)
{
	const json_t *title = json_object_get(doc, "title"), *d = json_object_get(doc, "decision");
	const json_t *a = json_object_get(doc, "applicant"), *iss = json_object_get(doc, "issuer");
	const json_t *m = json_object_get(doc, "matter"), *text = json_object_get(doc, "text");
	const json_t *mn = json_object_get(m, "name");
	double y = paper_heading(cr, str(title, "zh") ? str(title, "zh") : "", str(title, "en"));
	cairo_set_source_rgb(cr, 0, 0, 0);
	char line[512];
	snprintf(line, sizeof line, "%s：", str(a, "name") ? str(a, "name") : "");
	y = paper_wrapped(cr, PAPER_MARGIN, y, BODY_W, 13, line) + 2;
	y = para(cr, y, str(text, "zh"), str(text, "en"));
	y = paper_row(cr, y, "申请事项 Matter", json_is_string(mn) ? json_string_value(mn) : str(mn, "zh"));
	y = paper_row(cr, y, "办件编号 Case", str(json_object_get(doc, "case"), "number"));
	const json_t *ground = json_object_get(d, "ground");
	if (ground)
		y = paper_row(cr, y, "不予受理情形 Ground", str(ground, "zh"));
	if (str(d, "detail"))
		y = paper_row(cr, y, "理由 Reasons", str(d, "detail"));
	else if (str(d, "reason") && !ground)
		y = paper_row(cr, y, "理由 Reasons", str(d, "reason"));
	if (str(d, "legal_basis"))
		y = paper_row(cr, y, "依据 Legal basis", str(d, "legal_basis"));
	if (str(d, "apply_to"))
		y = paper_row(cr, y, "请向 Apply to", str(d, "apply_to"));
	if (str(d, "opinion"))
		y = paper_row(cr, y, "意见 Opinion", str(d, "opinion"));
	if (json_is_integer(json_object_get(d, "promised_days"))) {
		snprintf(line, sizeof line, "%lld 个工作日 working days%s%s",
			 (long long)json_integer_value(json_object_get(d, "promised_days")),
			 str(d, "due_day") ? "，至 until " : "", str(d, "due_day") ? str(d, "due_day") : "");
		y = paper_row(cr, y, "承诺办理时限 Time limit", line);
	}
	const json_t *rem = json_object_get(doc, "remedies");
	if (rem) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		y = paper_wrapped(cr, PAPER_MARGIN, y + 6, BODY_W, 12, "救济途径 Remedies") + 2;
		y = para(cr, y, str(rem, "zh"), str(rem, "en"));
	}
	/* the issuer, the date and the seal, at the right */
	double sy =
	    y + 40 > PAPER_H - PAPER_MARGIN - QR_SIDE - 150 ? y + 40 : PAPER_H - PAPER_MARGIN - QR_SIDE - 150;
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_font_size(cr, 13);
	const char *issuer = str(iss, "name") ? str(iss, "name") : "";
	cairo_text_extents_t e;
	cairo_text_extents(cr, issuer, &e);
	double rx = PAPER_W - PAPER_MARGIN - 140;
	cairo_move_to(cr, rx + 70 - e.x_advance / 2, sy);
	cairo_show_text(cr, issuer);
	const char *on = str(doc, "issued_on") ? str(doc, "issued_on") : "";
	cairo_text_extents(cr, on, &e);
	cairo_move_to(cr, rx + 70 - e.x_advance / 2, sy + 22);
	cairo_show_text(cr, on);
	seal_mark(cr, rx + 70, sy + 4);
	double qy = PAPER_H - PAPER_MARGIN - QR_SIDE - 10;
	paper_qr(cr, q, PAPER_MARGIN, qy, QR_SIDE);
	cairo_set_source_rgb(cr, 0, 0, 0);
	double tx = PAPER_MARGIN + QR_SIDE + 16, tw = BODY_W - QR_SIDE - 16;
	double ty = paper_wrapped(cr, tx, qy + 16, tw, 10,
				  "扫码核验：本文书由签发部门以电子签名签发，可在核验地址查验真伪。");
	ty = paper_wrapped(
	    cr, tx, ty, tw, 8,
	    "Scan to verify: this notice is signed by the issuing department; its verify address "
	    "says whether it is genuine.");
	snprintf(line, sizeof line, "签名 Signature: %s, %s",
		 str(doc, "algorithm") ? str(doc, "algorithm") : "",
		 str(doc, "key_id") ? str(doc, "key_id") : "");
	ty = paper_wrapped(cr, tx, ty + 2, tw, 8, line);
	paper_wrapped(cr, tx, ty, tw, 8, verify_url);
}

errcode_t notice_pdf(dbc_t *c, const char *id, const char *base_url, unsigned char **pdf, size_t *len)
{
	*pdf = NULL;
	*len = 0;
	json_t *signed_notice = NULL;
	char owner[64], dept[16];
	if (!notice_owner_dept(c, id, owner, dept) || !notice_store_get(c, id, take, &signed_notice))
		return E_NOT_FOUND;
	if (!signed_notice)
		return E_INTERNAL;
	size_t n = strlen(base_url) + strlen(id) + 64;
	char *url = xmalloc(n);
	snprintf(url, n, "%s/api/v1/notices/%s/verify", base_url, id);
	const json_t *doc = json_object_get(signed_notice, "notice");
	errcode_t ec = E_INTERNAL;
	qr_t q;
	if (qr_make(url, &q)) {
		paper_t *p = paper_open(str(json_object_get(doc, "title"), "zh"));
		if (!p)
			ec = E_UNAVAILABLE;
		else {
			draw(paper_cr(p), doc, url, &q);
			ec = paper_close(p, pdf, len) ? E_OK : E_INTERNAL;
		}
		qr_free(&q);
	}
	free(url);
	json_decref(signed_notice);
	return ec;
}
