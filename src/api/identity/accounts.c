/* accounts.c — POST /api/v1/accounts (self-registration of people and
 * enterprises) and POST /api/v1/staff (administrators create staff). */
#include "api/api.h"
#include "base/jsonin.h"
#include "domain/identity/account.h"
#include <string.h>

static void create(req_t *r, bool staff)
{
	account_new_t in = {0};
	jfield_t spec[] = {
		{"kind", JF_STRING, !staff, 1, 16, &in.kind, NULL},
		{"username", JF_STRING, true, 1, 64, &in.username, NULL},
		{"password", JF_STRING, true, 1, 256, &in.password, NULL},
		{"name", JF_STRING, true, 2, 100, &in.name, NULL},
		{"id_number", JF_STRING, false, 1, 32, &in.id_number, NULL},
		{"credit_code", JF_STRING, false, 1, 32, &in.credit_code, NULL},
		{"legal_rep", JF_STRING, false, 2, 50, &in.legal_rep, NULL},
		{"phone", JF_STRING, false, 1, 32, &in.phone, NULL},
		{"email", JF_STRING, false, 1, 254, &in.email, NULL},
		{"department", JF_STRING, staff, 1, 32, &in.department, NULL},
		{"roles", JF_STRING, staff, 1, 200, &in.roles, NULL},
		JF_END,
	};
	if (!req_body(r, spec))
		return;
	if (staff) {
		if (in.kind && strcmp(in.kind, "staff") != 0) {
			errs_t e = ERRS_INIT;
			errs_add(&e, "kind", "not_an_option", "只能创建工作人员账户",
				 "only staff accounts are created here");
			reply_errors(r, E_VALIDATION, &e);
			errs_clear(&e);
			return;
		}
		in.kind = "staff";
	} else if (in.kind && strcmp(in.kind, "staff") == 0) {
		errs_t e = ERRS_INIT;
		errs_add(&e, "kind", "not_an_option", "工作人员账户由管理员创建",
			 "staff accounts are created by administrators");
		reply_errors(r, E_VALIDATION, &e);
		errs_clear(&e);
		return;
	}
	errs_t e = ERRS_INIT;
	char id[ACCOUNT_ID_LEN];
	limit_hit_t hit = {0};
	in.client_addr = r->client_addr;
	in.limited = &hit;
	errcode_t ec = account_create(r->store, &r->actor, &in, &e, id);
	if (ec == E_OK) {
		/* Self-registration shows the new account in clear to its owner; an
		 * administrator creating a staff account sees someone else's data, masked. */
		json_t *acc = account_json(store_reader(r->store), id, !staff);
		char loc[80];
		snprintf(loc, sizeof loc, "/api/v1/accounts/%s", id);
		reply_header(r, "Location", loc);
		reply_json(r, 201, acc);
	} else if (ec == E_VALIDATION || ec == E_CONFLICT) {
		reply_errors(r, ec, &e);
	} else if (ec == E_RATE_LIMITED) {
		reply_rate_limited(r, &hit);
	} else {
		reply_problem(r, ec, NULL, NULL, NULL);
	}
	errs_clear(&e);
}

void api_accounts_create(req_t *r)
{
	if (!r->authenticated)
		snprintf(r->actor.request_id, sizeof r->actor.request_id, "%s", r->request_id);
	create(r, false);
}

void api_staff_create(req_t *r) { create(r, true); }
