/* payment_read.c — a case's payment notice as the case view shows it (see
 * payment.h): the sum, the payment code, where it stands, how to pay, and
 * the receipt once paid. Whoever may see the case sees it: the code only
 * lets someone pay the fee, and names nobody. */
#include "domain/payments/payment.h"
#include "domain/payments/payment_store.h"
#include "base/clock.h"
#include <stdio.h>
#include <string.h>

static json_t *iso(int64_t ms)
{
	if (!ms)
		return json_null();
	char ts[32];
	clock_format_iso(ms, ts);
	return json_string(ts);
}

static json_t *text_or_null(const char *s) { return s[0] ? json_string(s) : json_null(); }

static const struct {
	const char *status, *zh, *en;
} LABELS[] = {
    {"issued", "待缴费", "Awaiting payment"},
    {"paid", "已缴费", "Paid"},
    {"cancelled", "已作废", "Cancelled"},
};

json_t *payment_case_json(dbc_t *c, const char *case_id)
{
	payment_row_t r;
	if (!payment_store_by_case(c, case_id, &r))
		return NULL;
	const char *zh = r.status, *en = r.status;
	for (size_t i = 0; i < sizeof LABELS / sizeof LABELS[0]; i++)
		if (!strcmp(LABELS[i].status, r.status)) {
			zh = LABELS[i].zh;
			en = LABELS[i].en;
		}
	char amount[32];
	snprintf(amount, sizeof amount, "%lld.%02lld", (long long)(r.amount_fen / 100),
		 (long long)(r.amount_fen % 100));
	json_t *o = json_pack("{ss sI ss ss ss s{ss ss} so ss sb}", "id", r.id, "amount_fen",
			      (json_int_t)r.amount_fen, "amount_yuan", amount, "payment_code", r.code,
			      "status", r.status, "status_label", "zh", zh, "en", en, "issued_at",
			      iso(r.issued_at), "issued_step", r.step, "result_waits", r.result_waits);
	json_object_set_new(o, "paid_at", iso(r.paid_at));
	json_object_set_new(o, "channel", text_or_null(r.channel));
	json_object_set_new(o, "method", text_or_null(r.method));
	json_object_set_new(o, "receipt_number", text_or_null(r.receipt));
	json_object_set_new(o, "transaction_id", text_or_null(r.txn));
	json_object_set_new(o, "cancelled_at", iso(r.cancelled_at));
	json_object_set_new(
	    o, "how_to_pay",
	    json_pack(
		"{ss ss}", "zh",
		"持缴款码到办理部门的办事窗口缴纳（现金、银行卡或扫码），或在网上缴费平台输入缴款码缴纳；"
		"缴费成功后本页显示票据号。",
		"en",
		"Pay at the department's service window with the payment code (cash, bank card or "
		"mobile), or online by entering the payment code on the payment platform; once paid, "
		"the receipt number shows here."));
	return o;
}
