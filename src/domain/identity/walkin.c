/* walkin.c — the applicant at the window (see walkin.h). The account row is
 * written through account_store.c like any registration; the claim code is
 * reset.c's. */
#include "domain/identity/walkin.h"
#include "domain/identity/account_store.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/idcheck.h"
#include "base/textcheck.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

struct walkin_ctx {
	const actor_t *clerk;
	const char *id_number, *name, *phone;
	const char *pw_hash; /* NULL: look up only */
	walkin_t *out;
	int64_t now;
};

static void fill_from_row(walkin_t *o, const account_row_t *r)
{
	snprintf(o->username, sizeof o->username, "%s", r->username ? r->username : "");
	snprintf(o->name, sizeof o->name, "%s", r->display_name ? r->display_name : "");
	snprintf(o->phone, sizeof o->phone, "%s", r->phone ? r->phone : "");
}

static int walkin_write(dbc_t *c, void *arg)
{
	struct walkin_ctx *x = arg;
	walkin_t *o = x->out;
	o->created = false;
	o->claim_expires_at = 0;
	if (account_find_active_by_id_number(c, x->id_number, o->account_id)) {
		account_row_t r;
		if (!account_store_get(c, o->account_id, &r))
			return -1;
		bool person = r.kind && strcmp(r.kind, "person") == 0;
		fill_from_row(o, &r);
		account_row_release(&r);
		if (!person)
			return E_NOT_FOUND;
		json_t *d = json_pack("{ss}", "checked", "id_card");
		int rc =
		    audit_append(c, x->clerk, "account.found_at_window", "account", o->account_id, 0, 0, d);
		json_decref(d);
		return rc;
	}
	if (account_store_id_number_taken(c, x->id_number))
		return E_CONFLICT;
	if (!x->pw_hash)
		return E_NOT_FOUND;
	char hex[11];
	rand_hex(hex, 5);
	snprintf(o->username, sizeof o->username, "w%s", hex);
	id_new(o->account_id);
	account_insert_t row = {
	    .id = o->account_id,
	    .kind = "person",
	    .username = o->username,
	    .password_hash = x->pw_hash,
	    .display_name = x->name,
	    .id_number = x->id_number,
	    .phone = x->phone,
	    .roles = "person",
	    .created_at = x->now,
	};
	int rc = account_store_insert(c, &row);
	if (rc == DB_CONSTRAINT)
		return E_CONFLICT; /* the number registered meanwhile, or the username drawn twice */
	if (rc != DB_DONE)
		return -1;
	json_t *d = json_pack("{ss ss ss ss}", "kind", "person", "username", o->username, "roles", "person",
			      "channel", "window");
	rc = audit_append(c, x->clerk, "account.create", "account", o->account_id, 0, 1, d);
	json_decref(d);
	if (rc != 0)
		return rc;
	snprintf(o->name, sizeof o->name, "%s", x->name);
	snprintf(o->phone, sizeof o->phone, "%s", x->phone);
	o->created = true;
	return reset_claim_code_on(c, x->clerk, o->account_id, o->username, x->name, x->now,
				   &o->claim_expires_at);
}

errcode_t walkin_find_or_register(store_t *st, const actor_t *clerk, const char *id_number, const char *name,
				  const char *phone, errs_t *errs, walkin_t *out)
{
	memset(out, 0, sizeof *out);
	int y, m, d;
	date_to_ymd(date_from_ms(clock_now_ms()), &y, &m, &d);
	idnum_info_t info;
	if (!id_number)
		errs_add(errs, "id_number", "required", "请填写身份证号码", "the ID number is required");
	else if (idnum_check(id_number, y, m, d, &info) != IDNUM_OK)
		errs_add(errs, "id_number", "id_number", "身份证号码无效", "the ID number is not valid");
	if (name && text_has_invisible(name))
		errs_add(errs, "name", "invisible_chars", "姓名不能包含不可见字符或文字方向控制字符",
			 "the name must not contain invisible or bidirectional control characters");
	if (phone && !phone_ok(phone))
		errs_add(errs, "phone", "phone", "手机号码格式不正确", "the phone number is not valid");
	if (errs_any(errs))
		return E_VALIDATION;
	memcpy(out->id_number, info.normalized, ID_NUMBER_LEN);
	struct walkin_ctx x = {.clerk = clerk,
			       .id_number = out->id_number,
			       .name = name,
			       .phone = phone,
			       .out = out,
			       .now = clock_now_ms()};
	char hash[PW_HASH_LEN];
	bool registering = name && phone;
	if (registering) {
		/* a password nobody knows until the person claims the account; the
		 * slow argon2id outside the writer */
		char pw[65];
		rand_hex(pw, 32);
		int hrc = pw_hash(pw, hash);
		sodium_memzero(pw, sizeof pw);
		if (hrc != 0)
			return E_INTERNAL;
		x.pw_hash = hash;
	}
	int rc = store_write(st, walkin_write, &x);
	if (rc == 0)
		return E_OK;
	if (rc == E_CONFLICT) {
		errs_add(errs, "id_number", "taken", "该身份证号码已登记在一个停用的账户上，请联系管理员",
			 "this ID number belongs to an account that is not active: ask an administrator");
		return E_CONFLICT;
	}
	if (rc == E_NOT_FOUND) {
		if (!name)
			errs_add(errs, "name", "unregistered", "申请人尚未注册：请填写姓名，为其登记",
				 "the applicant is not registered: give their name to register them");
		if (!phone)
			errs_add(errs, "phone", "unregistered",
				 "申请人尚未注册：请填写手机号码，认领账户的验证码将发送至该手机",
				 "the applicant is not registered: give a mobile number; the code to claim "
				 "the account goes to it");
		if (name && phone) /* the number is an enterprise's or staff's: cannot be */
			return E_INTERNAL;
		return E_VALIDATION;
	}
	return E_INTERNAL;
}
