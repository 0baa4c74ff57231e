/* payments.c — fees over HTTP (domain/payments, docs/payments.md).
 *   POST /api/v1/cases/{id}/payment   a window clerk of the case's department records the fee taken
 *   POST /api/v1/payments/notify      the payment provider's signed notification (no login) */
#include "api/api.h"
#include "api/app.h"
#include "base/jsonin.h"
#include "domain/cases/case.h"
#include "domain/payments/payment.h"
#include <string.h>

void api_case_payment(req_t *r)
{
	const char *id = req_param(r, "id");
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (strlen(id) > 64 || !case_owner_dept(store_reader(r->store), id, r->actor.id, owner, dept)) {
		reply_problem(r, E_NOT_FOUND, "没有这个办件", "no such case", NULL);
		return;
	}
	if (!authz_resource(r, owner, dept, true))
		return;
	payment_window_t in = {0};
	long long amount = 0;
	jfield_t spec[] = {
	    {"payment_code", JF_STRING, true, 1, 32, &in.payment_code, NULL},
	    {"amount_fen", JF_INT, true, 1, 100000000, &amount, NULL},
	    {"method", JF_STRING, true, 1, 16, &in.method, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	in.amount_fen = amount;
	errs_t e = ERRS_INIT;
	errcode_t ec = payment_record_window(r->store, &r->actor, id, &in, &e);
	if (ec == E_OK) {
		json_t *view = payment_case_json(store_reader(r->store), id);
		if (view)
			reply_json(r, 200, view);
		else
			reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
	} else if (ec == E_VALIDATION)
		reply_errors(r, ec, &e);
	else if (ec == E_NOT_FOUND)
		reply_problem(r, ec, "该办件没有缴款通知书", "this case has no payment notice", NULL);
	else if (ec == E_STATE)
		reply_problem(r, ec, "缴款通知书已缴费或已作废",
			      "the payment notice is paid or cancelled already", NULL);
	else
		reply_problem(r, ec, NULL, NULL, NULL);
	errs_clear(&e);
}

void api_payments_notify(req_t *r)
{
	const config_t *cfg = &r->app->cfg;
	errs_t e = ERRS_INIT;
	json_t *out = NULL;
	bool replayed = false;
	errcode_t ec = payment_provider_notify(r->store, cfg->payment_key_set ? cfg->payment_key : NULL,
					       r->raw_body, r->raw_len, req_header(r, "X-Payment-Signature"),
					       r->request_id, &e, &out, &replayed);
	switch (ec) {
	case E_OK:
		if (replayed)
			reply_header(r, "Idempotent-Replayed", "true");
		reply_json(r, 200, out);
		break;
	case E_VALIDATION:
		reply_errors(r, ec, &e);
		break;
	case E_UNAVAILABLE:
		reply_problem(r, ec, "未配置网上缴费（支付机构公钥）",
			      "online payment is not configured (no provider key)", NULL);
		break;
	case E_BAD_SIGNATURE:
		reply_problem(r, ec, "签名无效，通知未被处理",
			      "the signature does not verify; nothing was done", NULL);
		break;
	case E_NOT_FOUND:
		reply_problem(r, ec, "没有这个缴款码的缴款通知书", "no payment notice has this payment code",
			      NULL);
		break;
	case E_STATE:
		reply_problem(r, ec, "缴款通知书已缴费或已作废",
			      "the payment notice is paid or cancelled already", NULL);
		break;
	case E_CONFLICT:
		reply_problem(r, ec, "该交易号已用于另一笔缴费", "this transaction id paid another notice",
			      NULL);
		break;
	default:
		reply_problem(r, ec, NULL, NULL, NULL);
	}
	errs_clear(&e);
}
