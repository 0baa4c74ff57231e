/* open311.c — the Open311 GeoReport v2 façade over HTTP (domain/open311/):
 *   GET  /open311/v2/discovery.{format}                      the service discovery document
 *   GET  /open311/v2/services.{format}                       the service list
 *   GET  /open311/v2/services/{service_code}.{format}        a service's definition
 *   POST /open311/v2/requests.{format}                       file a request (form-encoded, api_key)
 *   GET  /open311/v2/requests.{format}                       requests by id, service, dates, status
 *   GET  /open311/v2/requests/{service_request_id}.{format}  one request
 *   GET  /open311/v2/tokens/{token}.{format}                 a token's service_request_id
 * {format} is json or xml; errors are Open311's list of {code, description}. */
#include "api/api.h"
#include "api/open311/open311_out.h"
#include "base/clock.h"
#include "base/urlform.h"
#include "domain/open311/open311.h"
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define OPEN311_CHANGESET "2026-05-01T00:00:00+08:00" /* when this interface last changed */

void api_open311_discovery(req_t *r)
{
	open311_fmt_t fmt;
	if (!open311_format(r, &fmt))
		return;
	/* the endpoint's URL as the client reached it; a Host that is not a plain host[:port] is left out */
	const char *host = req_header(r, "Host");
	char url[300] = "/open311/v2";
	bool plain = host && host[0] && strlen(host) < 200;
	for (const char *h = host; plain && *h; h++)
		plain = (*h >= 'a' && *h <= 'z') || (*h >= 'A' && *h <= 'Z') || (*h >= '0' && *h <= '9') ||
			strchr(".-:[]", *h);
	if (plain)
		snprintf(url, sizeof url, "%s://%s/open311/v2", r->via_https ? "https" : "http", host);
	json_t *doc = json_pack(
	    "{ss ss ss s[{ss ss ss ss s[ss]}]}", "changeset", OPEN311_CHANGESET, "contact",
	    "12345 政务服务便民热线 (the 12345 government service hotline)", "key_service",
	    "API key 由系统管理员签发 (API keys are issued by the system administrator)", "endpoints",
	    "specification", "http://wiki.open311.org/GeoReport_v2", "url", url, "changeset",
	    OPEN311_CHANGESET, "type", "production", "formats", "text/xml", "application/json");
	open311_reply(r, fmt, 200, doc, "discovery");
}

void api_open311_services(req_t *r)
{
	open311_fmt_t fmt;
	if (open311_format(r, &fmt))
		open311_reply(r, fmt, 200, open311_services(store_reader(r->store), r->lang_en), "services");
}

void api_open311_service(req_t *r)
{
	open311_fmt_t fmt;
	if (!open311_format(r, &fmt))
		return;
	json_t *d =
	    open311_service_definition(store_reader(r->store), req_param(r, "service_code"), r->lang_en);
	if (d)
		open311_reply(r, fmt, 200, d, "service_definition");
	else
		open311_error(r, fmt, 404, "没有这个 service_code", "service_code not found");
}

void api_open311_request(req_t *r)
{
	open311_fmt_t fmt;
	if (!open311_format(r, &fmt))
		return;
	json_t *o = open311_request(store_reader(r->store), req_param(r, "service_request_id"), r->lang_en);
	if (o)
		open311_reply(r, fmt, 200, json_pack("[o]", o), "service_requests");
	else
		open311_error(r, fmt, 404, "没有这个 service_request_id", "service_request_id not found");
}

void api_open311_token(req_t *r)
{
	open311_fmt_t fmt;
	if (!open311_format(r, &fmt))
		return;
	json_t *o = open311_token(store_reader(r->store), req_param(r, "token"));
	if (o)
		open311_reply(r, fmt, 200, json_pack("[o]", o), "service_requests");
	else
		open311_error(r, fmt, 404, "没有这个 token", "token not found");
}

void api_open311_requests_list(req_t *r)
{
	open311_fmt_t fmt;
	if (!open311_format(r, &fmt))
		return;
	open311_query_t q = {req_query(r, "service_request_id"), req_query(r, "service_code"),
			     req_query(r, "start_date"), req_query(r, "end_date"), req_query(r, "status")};
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	if (open311_requests(store_reader(r->store), &q, clock_now_ms(), r->lang_en, &e, &out) == E_OK)
		open311_reply(r, fmt, 200, out, "service_requests");
	else
		open311_errors(r, fmt, 400, &e);
	errs_clear(&e);
}

/* The form of a POST: at most 64 KiB, 64 fields; a value up to 16 KiB decoded (a description of
 * 4,000 characters of Chinese is 12,000 bytes). */
static const urlform_limits_t LIMITS = {65536, 64, 100, 16384};

/* The plain fields the façade reads; each may be given once. */
static const char *const FIELDS[] = {"api_key",   "jurisdiction_id", "service_code", "lat",
				     "long",      "address_string",  "address_id",   "email",
				     "device_id", "account_id",      "first_name",   "last_name",
				     "phone",     "description",     "media_url"};

/* Reads the form into in (values point into f) and the attributes into *attrs; every problem into e. */
static void read_form(const urlform_t *f, open311_new_t *in, json_t *attrs, errs_t *e)
{
	for (size_t i = 0; i < sizeof FIELDS / sizeof FIELDS[0]; i++) {
		size_t n;
		urlform_get(f, FIELDS[i], &n);
		if (n > 1)
			errs_add(e, FIELDS[i], "repeated", "此字段只能给出一次",
				 "this field may be given once");
	}
	for (size_t i = 0; i < f->n; i++) {
		const urlform_pair_t *p = &f->pairs[i];
		if (strcmp(p->name, "attribute")) {
			if (p->sub || p->multi)
				errs_add(e, p->name, "malformed", "字段名格式不正确",
					 "the field name is malformed");
			continue;
		}
		if (!p->sub) {
			errs_add(e, "attribute", "malformed", "属性应写作 attribute[code]",
				 "an attribute is written attribute[code]");
			continue;
		}
		json_t *have = json_object_get(attrs, p->sub);
		if (!have && !p->multi)
			json_object_set_new(attrs, p->sub, json_string(p->value));
		else if (!have)
			json_object_set_new(attrs, p->sub, json_pack("[s]", p->value));
		else if (json_is_array(have))
			json_array_append_new(have, json_string(p->value));
		else /* a second value for the same code: a list, which singlevaluelist attributes refuse */
			json_object_set_new(attrs, p->sub, json_pack("[Os]", have, p->value));
	}
	in->service_code = urlform_get(f, "service_code", NULL);
	in->description = urlform_get(f, "description", NULL);
	in->phone = urlform_get(f, "phone", NULL);
	in->address_string = urlform_get(f, "address_string", NULL);
	in->address_id = urlform_get(f, "address_id", NULL);
	in->media_url = urlform_get(f, "media_url", NULL);
	in->lat = urlform_get(f, "lat", NULL);
	in->lon = urlform_get(f, "long", NULL);
	in->attributes = attrs;
}

void api_open311_requests_create(req_t *r)
{
	open311_fmt_t fmt;
	if (!open311_format(r, &fmt))
		return;
	const char *ct = req_header(r, "Content-Type");
	if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) ||
	    (ct[33] && ct[33] != ';' && ct[33] != ' ')) {
		open311_error(r, fmt, 400, "请求体须为 application/x-www-form-urlencoded",
			      "the body must be application/x-www-form-urlencoded");
		return;
	}
	urlform_t f;
	urlform_err_t fe =
	    urlform_parse(r->raw_body ? r->raw_body : "", r->raw_body ? r->raw_len : 0, &LIMITS, &f);
	if (fe != URLFORM_OK) {
		open311_error(r, fmt, fe == URLFORM_TOO_LARGE ? 413 : 400, urlform_err_zh(fe),
			      urlform_err_en(fe));
		return;
	}
	char key_id[ENTITY_ID_LEN];
	size_t nkeys;
	const char *key = urlform_get(&f, "api_key", &nkeys);
	if (nkeys != 1 || !open311_key_check(store_reader(r->store), key, key_id)) {
		open311_error(r, fmt, 403, nkeys ? "api_key 无效或已被吊销" : "缺少 api_key",
			      nkeys ? "invalid or revoked api_key" : "api_key was not provided");
		urlform_release(&f);
		return;
	}
	open311_new_t in = {0};
	json_t *attrs = json_object(), *out = NULL;
	errs_t e = ERRS_INIT;
	read_form(&f, &in, attrs, &e);
	errcode_t ec = E_VALIDATION;
	limit_hit_t hit = {0};
	in.client_addr = r->client_addr;
	in.limited = &hit;
	if (!errs_any(&e)) {
		actor_t anon = {
		    0}; /* the key names an application, not a person: the intake's anonymous caller */
		snprintf(anon.request_id, sizeof anon.request_id, "%s", r->request_id);
		ec = open311_file(r->store, &anon, key_id, &in, r->lang_en, &e, &out);
	}
	if (ec == E_OK)
		open311_reply(r, fmt, 201, out, "service_requests");
	else if (ec == E_NOT_FOUND || ec == E_VALIDATION)
		open311_errors(r, fmt, ec == E_NOT_FOUND ? 404 : 400, &e);
	else if (ec == E_RATE_LIMITED) {
		/* the portal's per-address limit of requests without an account, told the Open311 way */
		char ra[32];
		long long secs = hit.retry_ms > 0 ? (long long)(hit.retry_ms + 999) / 1000 : 1;
		snprintf(ra, sizeof ra, "%lld", secs);
		reply_header(r, "Retry-After", ra);
		open311_error(r, fmt, 429, "提交过于频繁，请稍后再试（complaints.anonymous）",
			      "too many requests from this address (complaints.anonymous); try again later");
	} else
		open311_error(r, fmt, ec == E_UNAVAILABLE ? 503 : 500, "暂时无法受理，请稍后再试",
			      "the request cannot be taken now; try again later");
	json_decref(attrs);
	errs_clear(&e);
	urlform_release(&f);
}
