/* payment.c — issuing, paying and cancelling payment notices (see
 * payment.h): the case hook, the window's record and the provider's signed
 * notification. Every change is audited and tells the payer. */
#include "domain/payments/payment.h"
#include "domain/payments/payment_store.h"
#include "domain/core/audit.h"
#include "domain/core/message.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/jsonin.h"
#include "base/sign.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define CODE_TRIES 5

/* Whether this change is the step that issues the notice: the case
 * reaching the state of the matter's fee_step — accepted (by the window,
 * the reviewer, deemed acceptance, or at filing) or approved — the first
 * time, not coming back to it from a suspension; approved when the matter
 * does not say. An immediate matter's handle_now is every step at once. */
static bool fee_step_now(const json_t *matter, const case_change_t *ch)
{
	if (!strcmp(ch->action, "handle_now"))
		return true;
	if (!strcmp(ch->from, "suspended"))
		return false;
	const char *step = json_string_value(json_object_get(matter, "fee_step"));
	if (step && !strcmp(step, "accept"))
		return !strcmp(ch->to, "accepted");
	return !strcmp(ch->to, "approved");
}

/* A case that ends without a result owes nothing. */
static bool ends_without_result(const char *to)
{
	return !strcmp(to, "refused") || !strcmp(to, "denied") || !strcmp(to, "withdrawn");
}

static void yuan(int64_t fen, char out[32])
{
	snprintf(out, 32, "%lld.%02lld", (long long)(fen / 100), (long long)(fen % 100));
}

static int audit(dbc_t *c, const actor_t *by, const char *action, const payment_row_t *r, int64_t before,
		 json_t *detail)
{
	json_object_set_new(detail, "case_id", json_string(r->case_id));
	int rc = audit_append(c, by, action, "payment_notice", r->id, before, before + 1, detail);
	json_decref(detail);
	return rc;
}

static int issue(const case_change_t *ch, int64_t fee)
{
	const case_row_t *cr = ch->row;
	payment_row_t r = {0};
	if (payment_store_by_case(ch->c, cr->id, &r))
		return 0; /* one notice per case */
	id_new(r.id);
	snprintf(r.case_id, sizeof r.case_id, "%s", cr->id);
	snprintf(r.department, sizeof r.department, "%s", cr->department);
	snprintf(r.payer, sizeof r.payer, "%s", cr->applicant_id);
	snprintf(r.step, sizeof r.step, "%s", ch->action);
	r.amount_fen = fee;
	r.issued_at = ch->now;
	r.result_waits = json_is_true(json_object_get(ch->matter, "fee_before_result"));
	int rc = 1;
	for (int i = 0; i < CODE_TRIES && rc == 1; i++) {
		payment_code_make(r.code);
		rc = payment_store_insert(ch->c, &r);
	}
	if (rc != 0)
		return -1;
	if (audit(ch->c, ch->by, "payment.issue", &r, 0,
		  json_pack("{sI ss}", "amount_fen", (json_int_t)fee, "step", ch->action)) != 0)
		return -1;
	char amount[32], zh[600], en[600];
	yuan(fee, amount);
	const json_t *name = json_object_get(ch->matter, "name");
	snprintf(
	    zh, sizeof zh,
	    "办件 %s（%s）须缴纳费用 %s 元。缴款码：%s。请持缴款码到办事窗口缴纳，或凭缴款码在网上缴费。%s",
	    cr->number, json_string_value(json_object_get(name, "zh")) ?: "", amount, r.code,
	    r.result_waits ? "缴费后方可出具办理结果。" : "");
	snprintf(en, sizeof en,
		 "Case %s (%s): a fee of CNY %s is due. Payment code: %s. Pay at the service window with the "
		 "code, or online with the code.%s",
		 cr->number, json_string_value(json_object_get(name, "en")) ?: "", amount, r.code,
		 r.result_waits ? " The result is issued once the fee is paid." : "");
	return message_add(ch->c, cr->applicant_id, "payment_notice", "缴款通知书", "Payment notice", zh, en,
			   "case", cr->id);
}

int payment_case_hook(const case_change_t *ch)
{
	json_int_t fee = json_integer_value(json_object_get(ch->matter, "fee_fen"));
	if (fee <= 0 || !strcmp(ch->from, ch->to))
		return 0;
	if (ends_without_result(ch->to)) {
		payment_row_t r;
		if (!payment_store_by_case(ch->c, ch->row->id, &r) || strcmp(r.status, "issued") != 0)
			return 0;
		int rc = payment_store_cancel(ch->c, r.id, ch->now, r.version);
		if (rc != 0)
			return -1;
		return audit(ch->c, ch->by, "payment.cancel", &r, r.version,
			     json_pack("{ss}", "case_to", ch->to));
	}
	return fee_step_now(ch->matter, ch) ? issue(ch, fee) : 0;
}

bool payment_case_paid(dbc_t *c, const char *case_id)
{
	payment_row_t r;
	return payment_store_by_case(c, case_id, &r) && !strcmp(r.status, "paid");
}

bool payment_case_owner(dbc_t *c, const char *case_id, char *department, size_t dlen, char *payer,
			size_t plen)
{
	payment_row_t r;
	if (!payment_store_by_case(c, case_id, &r))
		return false;
	snprintf(department, dlen, "%s", r.department);
	snprintf(payer, plen, "%s", r.payer);
	return true;
}

/* ---- paying ---- */

static void receipt_number(int64_t now, char out[PAYMENT_RECEIPT_LEN])
{
	char iso[DATE_STR_LEN], digits[11];
	date_format(date_from_ms(now), iso); /* the day in China, YYYY-MM-DD */
	rand_digits(digits, 10);
	/* the hyphen keeps it from reading as an 18-digit ID number to the log's masking */
	snprintf(out, PAYMENT_RECEIPT_LEN, "R%.4s%.2s%.2s-%s", iso, iso + 5, iso + 8, digits);
}

int payment_pay(dbc_t *c, const actor_t *by, payment_row_t *r, int64_t now)
{
	int64_t before = r->version;
	r->paid_at = now;
	receipt_number(now, r->receipt);
	int rc = payment_store_pay(c, r, before);
	if (rc != 0)
		return rc;
	snprintf(r->status, sizeof r->status, "paid");
	r->version = before + 1;
	json_t *d = json_pack("{ss sI ss}", "channel", r->channel, "amount_fen", (json_int_t)r->amount_fen,
			      "receipt_number", r->receipt);
	if (r->txn[0])
		json_object_set_new(d, "transaction_id", json_string(r->txn));
	if (r->method[0])
		json_object_set_new(d, "method", json_string(r->method));
	if (audit(c, by, "payment.paid", r, before, d) != 0)
		return -1;
	char amount[32], zh[400], en[400];
	yuan(r->amount_fen, amount);
	snprintf(zh, sizeof zh, "已收到您缴纳的费用 %s 元（缴款码 %s），票据号 %s。", amount, r->code,
		 r->receipt);
	snprintf(en, sizeof en, "Your payment of CNY %s (payment code %s) is received; receipt number %s.",
		 amount, r->code, r->receipt);
	return message_add(c, r->payer, "payment_received", "缴费成功", "Payment received", zh, en, "case",
			   r->case_id) == 0
		   ? 0
		   : -1;
}

static const char *const METHODS[] = {"cash", "card", "mobile", NULL};

struct window_ctx {
	const actor_t *by;
	const char *case_id;
	const payment_window_t *in;
	errs_t *errs;
};

static int window_write(dbc_t *c, void *arg)
{
	struct window_ctx *x = arg;
	errs_clear(x->errs);
	payment_row_t r;
	if (!payment_store_by_case(c, x->case_id, &r))
		return E_NOT_FOUND;
	if (strcmp(r.status, "issued") != 0)
		return E_STATE;
	if (strcmp(r.code, x->in->payment_code) != 0)
		errs_add(x->errs, "payment_code", "mismatch", "缴款码与本办件的缴款通知书不符",
			 "the payment code is not this case's notice's");
	if (x->in->amount_fen != r.amount_fen)
		errs_add(x->errs, "amount_fen", "mismatch", "收款金额与缴款通知书金额不符",
			 "the amount differs from the notice's");
	if (errs_any(x->errs))
		return E_VALIDATION;
	snprintf(r.channel, sizeof r.channel, "window");
	snprintf(r.method, sizeof r.method, "%s", x->in->method);
	snprintf(r.recorded_by, sizeof r.recorded_by, "%s", x->by->id);
	int rc = payment_pay(c, x->by, &r, clock_now_ms());
	return rc == 1 ? E_STALE : rc;
}

errcode_t payment_record_window(store_t *st, const actor_t *by, const char *case_id,
				const payment_window_t *in, errs_t *errs)
{
	if (!payment_code_valid(in->payment_code))
		errs_add(errs, "payment_code", "invalid", "缴款码应为 20 位数字且校验位正确",
			 "a payment code is 20 digits with valid check digits");
	bool known = false;
	for (const char *const *m = METHODS; *m && in->method; m++)
		known |= !strcmp(*m, in->method);
	if (!known)
		errs_add(errs, "method", "not_an_option", "收款方式应为 cash、card 或 mobile",
			 "method is cash, card or mobile");
	if (errs_any(errs))
		return E_VALIDATION;
	struct window_ctx x = {by, case_id, in, errs};
	int rc = store_write(st, window_write, &x);
	return rc < 0 ? E_INTERNAL : (errcode_t)rc;
}
