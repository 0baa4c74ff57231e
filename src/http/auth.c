/* auth.c — see auth.h. */
#include "http/auth.h"
#include "api/app.h"
#include "base/crypto.h"
#include "domain/identity/account.h"
#include <stdio.h>
#include <string.h>

static bool is_write(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

/* The operator's routes (/metrics): only the configured token, compared in
 * constant time; no session counts. Without a configured token the route
 * does not exist on this port. */
static bool operator_check(req_t *r, const char *authz)
{
	const char *want = r->app ? r->app->cfg.metrics_token : "";
	if (!want[0]) {
		reply_problem(r, E_NO_ROUTE, NULL, NULL, NULL);
		return false;
	}
	if (!authz || strncmp(authz, "Bearer ", 7) != 0 || !str_eq_ct(authz + 7, want)) {
		reply_problem(r, E_UNAUTHORIZED, "需要监控令牌（Authorization: Bearer）",
			      "The metrics token is required (Authorization: Bearer)", NULL);
		return false;
	}
	return true;
}

bool auth_check(req_t *r)
{
	const char *authz = req_header(r, "Authorization");
	if (r->route->access == ACCESS_OPERATOR)
		return operator_check(r, authz);
	const char *cookie = r->lookup ? r->lookup(r->conn, 2, SESSION_COOKIE) : NULL;
	const char *token = NULL;
	bool bad_scheme = false;
	if (authz) {
		if (strncmp(authz, "Bearer ", 7) == 0)
			token = authz + 7;
		else
			bad_scheme = true;
	} else if (cookie && *cookie) {
		token = cookie;
		r->via_cookie = true;
	}
	char csrf[TOKEN_HEX_LEN] = "";
	if (token) {
		snprintf(r->token, sizeof r->token, "%s", token);
		dbc_t *c = store_reader(r->store);
		r->authenticated = c && session_resolve(c, token, &r->actor, csrf);
		if (r->authenticated)
			snprintf(r->actor.request_id, sizeof r->actor.request_id, "%s", r->request_id);
		else if (store_unavailable(r->store)) {
			/* not a bad token: the database did not answer (the client keeps its session) */
			reply_problem(r, E_UNAVAILABLE, NULL, NULL, NULL);
			return false;
		}
	}
	if (r->route->access == ACCESS_PUBLIC) {
		/* A public route still refuses a forged or expired Bearer token: the client should know. */
		if ((token && !r->authenticated && !r->via_cookie) || bad_scheme) {
			reply_problem(r, E_UNAUTHORIZED, "登录凭证无效或已过期",
				      "The token is invalid or expired", NULL);
			return false;
		}
	} else {
		if (!r->authenticated) {
			reply_problem(
			    r, E_UNAUTHORIZED, token ? "登录凭证无效或已过期，请重新登录" : "请先登录",
			    token ? "The token is invalid or expired; log in again" : "Log in first", NULL);
			return false;
		}
		if (r->route->roles && !(r->actor.roles & r->route->roles)) {
			reply_problem(r, E_FORBIDDEN, "您的角色不能进行此操作", "Your role may not do this", NULL);
			return false;
		}
	}
	if (r->authenticated && r->via_cookie && is_write(r->method)) {
		const char *sent = req_header(r, "X-CSRF-Token");
		if (!sent || !csrf[0] || !str_eq_ct(sent, csrf)) {
			reply_problem(r, E_CSRF, "缺少或错误的 CSRF 令牌（X-CSRF-Token）",
				      "Missing or wrong X-CSRF-Token", NULL);
			return false;
		}
	}
	return true;
}
