/* me.c — GET /api/v1/me (the caller's own account, in clear, with the CSRF
 * token for browser writes and any warnings for administrators),
 * GET /api/v1/session (the same, or null: who is signed in, asked at every
 * page load), GET /api/v1/me/messages (the in-app inbox, with the unread count), POST
 * /api/v1/me/messages/read (seen up to an id) and POST /api/v1/me/deletion
 * (a person or enterprise deletes their own account: domain/erasure.h). */
#include "api/api.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "domain/erasure.h"
#include "domain/identity/account.h"
#include "domain/identity/email_change.h"
#include "domain/core/message.h"
#include "domain/calendar/workcal.h"
#include <limits.h>
#include <stdlib.h>

/* The caller's own account as GET /api/v1/me shows it; NULL when gone. */
static json_t *me_json(req_t *r)
{
	dbc_t *c = store_reader(r->store);
	json_t *acc = account_json(c, r->actor.id, true);
	if (!acc)
		return NULL;
	if (r->via_cookie) {
		actor_t tmp;
		char csrf[TOKEN_HEX_LEN];
		if (session_resolve(c, r->token, &tmp, csrf))
			json_object_set_new(acc, "csrf_token", json_string(csrf));
	}
	if (r->actor.roles & ROLE_ADMIN)
		json_object_set_new(acc, "warnings", workcal_warnings(c, clock_now_ms()));
	/* a new email address waiting for its code (我的账户) */
	json_t *pending = email_change_pending_json(c, r->actor.id, clock_now_ms());
	if (pending)
		json_object_set_new(acc, "email_pending", pending);
	/* the badge beside 我的消息 on every page */
	json_object_set_new(acc, "unread_messages", json_integer(message_unread(c, r->actor.id)));
	return acc;
}

void api_me(req_t *r)
{
	json_t *acc = me_json(r);
	if (!acc) {
		reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
		return;
	}
	reply_json(r, 200, acc);
}

void api_session_get(req_t *r)
{
	/* 200 either way: a page asks at every load whether someone is signed
	 * in, and being signed out is no error (a 401 would be one in every
	 * anonymous visitor's console) */
	json_t *acc = r->authenticated ? me_json(r) : NULL;
	reply_json(r, 200, json_pack("{so}", "account", acc ? acc : json_null()));
}

void api_me_messages(req_t *r)
{
	const char *before = req_query(r, "before");
	long long b = 0;
	if (before) {
		char *end;
		b = strtoll(before, &end, 10);
		if (*end || b < 0) {
			errs_t e = ERRS_INIT;
			errs_add(&e, "before", "type", "应为正整数", "must be a positive integer");
			reply_errors(r, E_VALIDATION, &e);
			errs_clear(&e);
			return;
		}
	}
	json_t *items = message_list(store_reader(r->store), r->actor.id, b, 50);
	json_t *out = json_pack("{so sI}", "items", items, "unread",
				(json_int_t)message_unread(store_reader(r->store), r->actor.id));
	size_t n = json_array_size(items);
	if (n == 50)   /* a full page: the next one starts below its last id */
		json_object_set(out, "next_before", json_object_get(json_array_get(items, n - 1), "id"));
	reply_json(r, 200, out);
}

void api_me_messages_read(req_t *r)
{
	long long up_to = 0;
	jfield_t spec[] = {
		{"up_to", JF_INT, true, 1, LLONG_MAX, &up_to, NULL},
		JF_END,
	};
	if (!req_body(r, spec))
		return;
	errcode_t ec = message_mark_read(r->store, r->actor.id, (int64_t)up_to);
	if (ec != E_OK) {
		reply_problem(r, ec, NULL, NULL, NULL);
		return;
	}
	json_int_t n = (json_int_t)message_unread(store_reader(r->store), r->actor.id);
	reply_json(r, 200, json_pack("{sI}", "unread", n));
}

void api_me_deletion(req_t *r)
{
	const char *password = NULL;
	jfield_t spec[] = {
		{"password", JF_STRING, true, 1, 256, &password, NULL},
		JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	errcode_t ec = erasure_delete_own_account(r->store, &r->actor, password, &e);
	if (ec == E_OK)
		reply_json(r, 200,
			   json_pack("{ss s{ss ss}}", "status", "deleted", "message", "zh",
				     "账户已注销，个人信息已删除；已办结的办件作为政务档案依法保存。",
				     "en",
				     "The account is deleted and its personal data erased; finished cases "
				     "are kept as government records, as the law requires."));
	else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}
