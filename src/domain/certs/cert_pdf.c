/* cert_pdf.c — a certificate as a printable A4 PDF (cert.h's cert_pdf):
 * drawn on paper.h's A4 page (cairo, a CJK font through fontconfig), with
 * the QR code (libqrencode) carrying the verify address and the compact
 * signed form, so the paper verifies like the
 * electronic certificate, online or offline. The holder is shown in full:
 * the PDF is given to the holder only. */
#include "domain/certs/cert.h"
#include "domain/certs/cert_compact.h"
#include "domain/certs/cert_store.h"
#include "domain/certs/paper.h"
#include "domain/identity/agents.h"
#include "base/mem.h"
#include "base/qr.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static const char *status_zh(const char *s)
{
	return !strcmp(s, "revoked")      ? "已注销 Revoked"
	       : !strcmp(s, "expired")    ? "已过期 Expired"
	       : !strcmp(s, "superseded") ? "已被新版本取代 Superseded"
					  : s;
}

static void draw(cairo_t *cr, const json_t *doc, const char *status, const char *verify_url, const qr_t *q)
{
	const json_t *title = json_object_get(doc, "title"), *holder = json_object_get(doc, "holder");
	const json_t *issuer = json_object_get(doc, "issuer");
	const char *zh = str(title, "zh") ? str(title, "zh") : str(doc, "type");
	double y = paper_heading(cr, zh, str(title, "en") ? str(title, "en") : "");
	if (strcmp(status, "valid") != 0) {
		cairo_set_source_rgb(cr, 0.75, 0, 0);
		y = paper_wrapped(cr, PAPER_MARGIN, y, PAPER_W - 2 * PAPER_MARGIN, 14, status_zh(status)) + 6;
	}
	y = paper_row(cr, y, "证照标识 Identifier", str(doc, "identifier"));
	if (str(doc, "number"))
		y = paper_row(cr, y, "证照编号 Number", str(doc, "number"));
	bool person = !strcmp(str(holder, "kind") ? str(holder, "kind") : "", "person");
	y = paper_row(cr, y, "持证主体 Holder", str(holder, "name"));
	y = paper_row(cr, y, person ? "公民身份号码 ID number" : "统一社会信用代码 Credit code",
		      str(holder, "id"));
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)json_object_get(doc, "fields"), k, v)
	{
		char *text =
		    json_is_string(v) ? xstrdup(json_string_value(v)) : json_dumps(v, JSON_ENCODE_ANY);
		y = paper_row(cr, y, k, text);
		free(text);
	}
	y = paper_row(cr, y, "发证机关 Issuer", str(issuer, "name"));
	y = paper_row(cr, y, "发证日期 Issued on", str(doc, "issued_on"));
	y = paper_row(cr, y, "有效期至 Valid until", str(doc, "valid_until"));
	if (str(doc, "case_number"))
		y = paper_row(cr, y, "办件编号 Case", str(doc, "case_number"));
	paper_row(cr, y, "签名 Signature", str(doc, "algorithm"));
	double qy = PAPER_H - PAPER_MARGIN - QR_SIDE - 40;
	paper_qr(cr, q, PAPER_MARGIN, qy, QR_SIDE);
	cairo_set_source_rgb(cr, 0, 0, 0);
	double tx = PAPER_MARGIN + QR_SIDE + 16, tw = PAPER_W - 2 * PAPER_MARGIN - QR_SIDE - 16;
	double ty =
	    paper_wrapped(cr, tx, qy + 20, tw, 11, "扫码核验：二维码含本证照的签名数据，离线亦可核验。");
	ty = paper_wrapped(
	    cr, tx, ty, tw, 9,
	    "Scan to verify: the code carries this certificate's signed data and verifies offline too.");
	ty = paper_wrapped(cr, tx, ty + 6, tw, 9, "核验地址 Verify at:");
	paper_wrapped(cr, tx, ty, tw, 8, verify_url);
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
	char *compact = cert_compact_encode(h.signed_cert);
	size_t n = strlen(base_url) + strlen(id) + (compact ? strlen(compact) : 0) + 64;
	char *url = xmalloc(n), *qr_text = xmalloc(n);
	snprintf(url, n, "%s/api/v1/certificates/%s/verify", base_url, id);
	snprintf(qr_text, n, "%s#%s", url, compact ? compact : "");
	json_t *v = cert_verify_id(c, id, now);
	const json_t *doc = json_object_get(h.signed_cert, "certificate");
	qr_t q;
	errcode_t ec = E_INTERNAL;
	paper_t *p = NULL;
	if (compact && qr_make(qr_text, &q)) {
		p = paper_open(str(doc, "identifier"));
		if (!p)
			ec = E_UNAVAILABLE;
		else {
			const char *status = str(v, "status");
			draw(paper_cr(p), doc, status ? status : "unknown", url, &q);
			ec = paper_close(p, pdf, len) ? E_OK : E_INTERNAL;
		}
		qr_free(&q);
	}
	json_decref(v);
	free(compact);
	free(url);
	free(qr_text);
	json_decref(h.signed_cert);
	return ec;
}
