/* session.c — POST /api/v1/session (log in: a Bearer token for API clients,
 * and the same token as an HttpOnly SameSite=Strict cookie plus a CSRF token
 * for browsers) and DELETE /api/v1/session (log out). */
#include "api/api.h"
#include "api/app.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "domain/identity/account.h"
#include <stdio.h>
#include <string.h>

/* "; Secure" when the platform is public over https (--public-url) or the
 * client came over TLS through a trusted proxy: the browser then never sends
 * the session over plain HTTP. */
static const char *secure_flag(const req_t *r)
{
	bool public_https = r->app && strncmp(r->app->cfg.public_url, "https://", 8) == 0;
	return public_https || r->via_https ? "; Secure" : "";
}

void api_session_create(req_t *r)
{
	const char *username = NULL, *password = NULL, *otp = NULL;
	jfield_t spec[] = {
		{"username", JF_STRING, true, 1, 64, &username, NULL},
		{"password", JF_STRING, true, 1, 256, &password, NULL},
		/* staff: the authenticator's 6-digit code; applicants have none and may leave it out */
		{"otp", JF_STRING, false, 0, 16, &otp, NULL},
		JF_END,
	};
	if (!req_body(r, spec))
		return;
	session_t s;
	int64_t wait_ms = 0;
	errcode_t ec =
	    session_login(r->store, username, password, otp, r->client_addr, r->request_id, &s, &wait_ms);
	if (ec == E_THROTTLED) {
		char secs[32], zh[128], en[128];
		long long w = (wait_ms + 999) / 1000;
		snprintf(secs, sizeof secs, "%lld", w);
		snprintf(zh, sizeof zh, "登录失败次数过多，请 %lld 秒后再试", w);
		snprintf(en, sizeof en, "Too many failed logins; try again in %lld s", w);
		reply_header(r, "Retry-After", secs);
		reply_problem(r, ec, zh, en, NULL);
		return;
	}
	if (ec == E_OTP_REQUIRED || ec == E_OTP_INVALID || ec == E_OTP_REUSED) {
		errs_t e = ERRS_INIT;
		if (ec == E_OTP_REQUIRED)
			errs_add(&e, "otp", "required", "请输入身份验证器显示的 6 位动态验证码",
				 "enter the 6-digit code your authenticator app shows");
		else if (ec == E_OTP_INVALID)
			errs_add(&e, "otp", "invalid", "动态验证码错误或已过期",
				 "the one-time code is wrong or expired");
		else
			errs_add(&e, "otp", "reused", "该动态验证码已使用过，请等待下一个验证码",
				 "this code was used already; wait for the next one");
		reply_problem(r, ec, NULL, NULL, &e);
		errs_clear(&e);
		return;
	}
	if (ec == E_OTP_NOT_ENROLLED) {
		reply_problem(r, ec, "该工作人员账户尚未设置动态验证码，请联系安全管理员设置后再登录",
			      "This staff account has no second factor; ask the security administrator "
			      "to set it up, then sign in",
			      NULL);
		return;
	}
	if (ec != E_OK) {
		reply_problem(r, ec, NULL, NULL, NULL);
		return;
	}
	char cookie[256], ts[32];
	snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%lld%s",
		 SESSION_COOKIE, s.token, (long long)(SESSION_TTL_MS / 1000), secure_flag(r));
	reply_header(r, "Set-Cookie", cookie);
	clock_format_iso(s.expires_at, ts);
	json_t *acc = account_json(store_reader(r->store), s.account_id, true);
	reply_json(r, 201,
		   json_pack("{ss ss ss ss so}", "token", s.token, "token_type", "Bearer", "csrf_token",
			     s.csrf, "expires_at", ts, "account", acc ? acc : json_null()));
}

void api_session_delete(req_t *r)
{
	errcode_t ec = session_logout(r->store, &r->actor, r->token);
	if (ec != E_OK) {
		reply_problem(r, ec, NULL, NULL, NULL);
		return;
	}
	char cookie[128];
	snprintf(cookie, sizeof cookie, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s", SESSION_COOKIE,
		 secure_flag(r));
	reply_header(r, "Set-Cookie", cookie);
	reply_no_content(r);
}
