/* certificates.c — the certificate routes: the public verify address
 * (GET /api/v1/certificates/{id}/verify), the check of a signed certificate
 * (POST /api/v1/certificates/verify), the signed revocation list, revocation
 * by the department head, the holder's wallet (GET /api/v1/me/certificates,
 * each with its QR code as SVG) and a held certificate's PDF. */
#include "api/api.h"
#include "api/app.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "base/mem.h"
#include "base/qr.h"
#include "domain/certs/cert.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether the caller is a browser opening the address as a page: its Accept
 * names text/html and not JSON (browsers send text/html first; API clients,
 * the portal's fetch and curl send JSON or any type). */
static bool wants_page(req_t *r)
{
	const char *accept = req_header(r, "Accept");
	return accept && strstr(accept, "text/html") && !strstr(accept, "application/json") &&
	       !strstr(accept, "+json");
}

/* Appends text percent-encoded (RFC 3986 unreserved characters as they are). */
static void pct_append(char *out, size_t n, const char *text)
{
	size_t o = strlen(out);
	for (const unsigned char *p = (const unsigned char *)text; *p && o + 4 < n; p++) {
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    strchr("-._~", *p))
			out[o++] = (char)*p;
		else
			o += (size_t)snprintf(out + o, n - o, "%%%02X", *p);
	}
	out[o] = '\0';
}

struct page_query {
	char *out;
	size_t n;
	int count;
};

static void add_query_name(const char *key, const char *value, void *ctx)
{
	(void)value;
	struct page_query *q = ctx;
	size_t o = strlen(q->out);
	if (o + 2 < q->n) {
		q->out[o] = q->count++ ? '&' : '?';
		q->out[o + 1] = '\0';
	}
	pct_append(q->out, q->n, key);
}

/* The QR's address opened by a phone: 303 to the portal's verify page for
 * the id, so a person sees the verdict rather than JSON. Query parameters
 * (the address takes none) go along by name: the page then shows the
 * address as not valid, as the API answers it (422). */
static void redirect_to_page(req_t *r)
{
	char loc[CONFIG_PATH_LEN + 512];
	api_public_base(r, loc, CONFIG_PATH_LEN + 80);
	size_t used = strlen(loc);
	snprintf(loc + used, sizeof loc - used, "/#/verify/");
	pct_append(loc, sizeof loc, req_param(r, "id"));
	struct page_query q = {loc, sizeof loc, 0};
	if (r->each_query)
		r->each_query(r->conn, add_query_name, &q);
	reply_header(r, "Location", loc);
	reply_header(r, "Vary", "Accept");
	reply_raw(r, 303, "text/plain; charset=utf-8", "See the verify page\n", 20);
}

void api_certificate_verify_id(req_t *r)
{
	if (wants_page(r)) {
		redirect_to_page(r);
		return;
	}
	reply_header(r, "Vary", "Accept");
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	reply_json(r, 200, cert_verify_id(store_reader(r->store), req_param(r, "id"), clock_now_ms()));
}

void api_certificates_verify(req_t *r)
{
	const json_t *certificate = NULL, *signature = NULL;
	jfield_t spec[] = {
	    {"certificate", JF_OBJECT, true, 0, 0, &certificate, NULL},
	    {"signature", JF_OBJECT, true, 0, 0, &signature, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	reply_json(r, 200, cert_verify_signed(store_reader(r->store), r->body, clock_now_ms()));
}

void api_certificates_revocations(req_t *r)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	json_t *list = cert_revocation_list(store_reader(r->store), clock_now_ms());
	if (!list) {
		reply_problem(r, E_UNAVAILABLE, NULL, NULL, NULL);
		return;
	}
	reply_json(r, 200, list);
}

void api_certificate_revoke(req_t *r)
{
	const char *reason = NULL;
	jfield_t spec[] = {
	    {"reason", JF_STRING, true, 1, 2000, &reason, NULL},
	    JF_END,
	};
	int64_t version = 0;
	if (!req_if_match_optional(r, &version) || !req_body(r, spec))
		return;
	char dept[16];
	const char *id = req_param(r, "id");
	if (!cert_department(store_reader(r->store), id, dept)) {
		reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
		return;
	}
	if (!authz_resource(r, NULL, dept, true))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec = cert_revoke(r->store, &r->actor, id, version, reason, &e);
	if (ec == E_OK)
		reply_json(r, 200, cert_verify_id(store_reader(r->store), id, clock_now_ms()));
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_public_base(req_t *r, char *base, size_t n)
{
	if (r->app && r->app->cfg.public_url[0])
		snprintf(base, n, "%s", r->app->cfg.public_url);
	else if (r->app)
		snprintf(base, n, "http://%s:%d", r->app->cfg.host, r->app->cfg.port);
	else
		base[0] = '\0';
	size_t len = strlen(base);
	if (len && base[len - 1] == '/')
		base[len - 1] = '\0';
}

void api_me_certificates(req_t *r)
{
	static const char *const allowed[] = {"qr", "limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	/* the QR drawings weigh tens of KB each: only the page that shows them asks (?qr=svg) */
	const char *qr_arg = req_query(r, "qr");
	errs_t e = ERRS_INIT;
	if (qr_arg && strcmp(qr_arg, "svg") != 0)
		errs_add(&e, "qr", "not_an_option", "qr 只能是 svg", "qr is svg or left out");
	int limit;
	page_cursor_t cur;
	if (!req_page_valid(r, &limit, &cur, &e))
		return;
	bool with_svg = qr_arg != NULL;
	json_t *out = cert_of_holder(store_reader(r->store), r->actor.id, clock_now_ms(), limit, &cur);
	if (!out) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	/* The QR's text: the verify address with the compact signed form after
	 * '#', which a phone opening the address does not send and an offline
	 * verifier reads. */
	char base[CONFIG_PATH_LEN + 80];
	api_public_base(r, base, sizeof base);
	size_t i;
	json_t *item;
	json_array_foreach(json_object_get(out, "items"), i, item)
	{
		const char *path = json_string_value(json_object_get(item, "verify_path"));
		const char *compact = json_string_value(json_object_get(item, "compact"));
		if (!path || !compact)
			continue;
		size_t len = strlen(base) + strlen(path) + strlen(compact) + 2;
		char *qr = xmalloc(len);
		snprintf(qr, len, "%s%s#%s", base, path, compact);
		json_object_set_new(item, "verify_url", json_pack("s+", base, path));
		json_object_set_new(item, "qr_text", json_string(qr));
		if (with_svg) {
			char *svg = qr_svg(qr);
			json_object_set_new(item, "qr_svg", svg ? json_string(svg) : json_null());
			free(svg);
		}
		free(qr);
	}
	reply_json(r, 200, out);
}

void api_me_certificate_pdf(req_t *r)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	char base[CONFIG_PATH_LEN + 80];
	api_public_base(r, base, sizeof base);
	unsigned char *pdf = NULL;
	size_t len = 0;
	errcode_t ec = cert_pdf(store_reader(r->store), req_param(r, "id"), r->actor.id, base, clock_now_ms(),
				&pdf, &len);
	if (ec != E_OK) {
		if (ec == E_UNAVAILABLE)
			reply_problem(r, ec, "服务器未安装中文字体，暂不能生成PDF",
				      "No Chinese font is installed on the server: the PDF cannot be made",
				      NULL);
		else
			reply_problem(r, ec, NULL, NULL, NULL);
		return;
	}
	char disp[96];
	snprintf(disp, sizeof disp, "attachment; filename=\"certificate-%s.pdf\"", req_param(r, "id"));
	reply_header(r, "Content-Disposition", disp);
	reply_raw(r, 200, "application/pdf", pdf, len);
	free(pdf);
}

void api_certificates_of_department(req_t *r)
{
	static const char *const allowed[] = {"q", "limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	const char *q = req_query(r, "q");
	errs_t e = ERRS_INIT;
	if (q && strlen(q) > 64)
		errs_add(&e, "q", "too_long", "查询内容最多64个字符", "q is at most 64 characters");
	int limit;
	page_cursor_t cur;
	if (!req_page_valid(r, &limit, &cur, &e))
		return;
	dbc_t *c = store_reader(r->store);
	json_t *out = cert_of_department(c, r->actor.department, q, clock_now_ms(), limit, &cur);
	if (out)
		reply_json(r, 200, out);
	else
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
}
