/* shares.c — share links (domain/sharing/share.h): the holder makes, lists
 * and revokes links to one of their certificates under
 * /api/v1/me/certificates/{id}/shares; anyone with a link's token opens it
 * at GET /api/v1/shared/{token} with no login. */
#include "api/api.h"
#include "api/app.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "base/mem.h"
#include "domain/sharing/share.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void not_held(req_t *r)
{
	reply_problem(r, E_NOT_FOUND, "您没有这份证照", "You hold no certificate with this id", NULL);
}

void api_me_certificate_shares_create(req_t *r)
{
	long long days = 0;
	bool given = false;
	jfield_t spec[] = {
	    {"days", JF_INT, false, 0, 0, &days, &given},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	errcode_t ec = share_create(r->store, &r->actor, req_param(r, "id"), given, days, &out, &e);
	if (ec == E_OK) {
		/* the page a recipient opens, and the API address behind it */
		char base[CONFIG_PATH_LEN + 80];
		api_public_base(r, base, sizeof base);
		const char *token = json_string_value(json_object_get(out, "token"));
		json_object_set_new(out, "url", json_pack("s++", base, "/#/shared/", token));
		json_object_set_new(out, "api_path", json_pack("s+", "/api/v1/shared/", token));
		reply_json(r, 201, out);
	} else if (ec == E_VALIDATION) {
		reply_errors(r, ec, &e);
	} else if (ec == E_NOT_FOUND) {
		not_held(r);
	} else {
		reply_problem(r, ec, NULL, NULL, NULL);
	}
	errs_clear(&e);
}

void api_me_certificate_shares_list(req_t *r)
{
	static const char *const allowed[] = {"limit", "cursor", NULL};
	if (!req_query_only(r, allowed))
		return;
	int limit;
	page_cursor_t cur;
	errs_t e = ERRS_INIT;
	if (!req_page_valid(r, &limit, &cur, &e))
		return;
	bool failed;
	dbc_t *c = store_reader(r->store);
	json_t *out = share_list(c, &r->actor, req_param(r, "id"), clock_now_ms(), limit, &cur, &failed);
	if (!out) {
		if (failed)
			reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		else
			not_held(r);
		return;
	}
	reply_json(r, 200, out);
}

void api_me_certificate_share_revoke(req_t *r)
{
	int64_t version = 0;
	if (!req_if_match_optional(r, &version))
		return;
	json_t *out = NULL;
	errcode_t ec =
	    share_revoke(r->store, &r->actor, req_param(r, "id"), req_param(r, "share"), version, &out);
	if (ec == E_OK)
		reply_json(r, 200, out);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "您没有这个分享链接", "You have no share link with this id", NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "此分享链接已撤回", "This share link is already revoked", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
}

void api_shared_open(req_t *r)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	json_t *out = NULL;
	const char *why = "";
	errcode_t ec = share_open(r->store, req_param(r, "token"), clock_now_ms(), &out, &why);
	/* a shared view names a holder: the server's default Cache-Control: no-store and
	 * Referrer-Policy: no-referrer keep it out of caches and the token out of Referer;
	 * the route's secret_path keeps the token out of the request log */
	if (ec == E_OK) {
		reply_json(r, 200, out);
	} else if (ec == E_GONE && !strcmp(why, "revoked")) {
		reply_problem(r, ec, "此分享链接已被证照持有人撤回，不再显示证照",
			      "The holder has revoked this share link: it shows the certificate no more",
			      NULL);
	} else if (ec == E_GONE) {
		reply_problem(r, ec, "此分享链接已过期，不再显示证照",
			      "This share link has expired: it shows the certificate no more", NULL);
	} else if (ec == E_NOT_FOUND && !strcmp(why, "malformed")) {
		errs_t e = ERRS_INIT;
		errs_add(&e, "token", "malformed", "分享链接不完整或有误（应为64位十六进制字符）",
			 "The share link is cut short or wrong (its token is 64 hexadecimal characters)");
		reply_problem(r, ec, "分享链接无效", "This is not a share link", &e);
		errs_clear(&e);
	} else if (ec == E_NOT_FOUND) {
		reply_problem(r, ec, "没有这个分享链接", "No share link has this address", NULL);
	} else {
		reply_problem(r, ec, NULL, NULL, NULL);
	}
}
