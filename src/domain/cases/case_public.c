/* case_public.c — 双公示: the licensing decisions (准予 / 不予行政许可) of
 * matters of type `licensing`, public as soon as they are taken (the rule
 * asks within 7 working days): the day, the matter, the department, the
 * decision and the holder — an enterprise by its name and 统一社会信用代码, a
 * person by the first character of the name only. No case number, no form,
 * no ID number, no phone. Newest first, paged by a cursor. */
#include "domain/cases/case.h"
#include "domain/cases/case_store.h"
#include "domain/catalog/decision_words.h"
#include "domain/catalog/matter.h"
#include "domain/core/geo.h"
#include "base/date.h"
#include "base/utf8.h"
#include <stdio.h>
#include <string.h>

#define PUBLIC_MAX_DAYS 366

/* 张三丰 -> 张**: the first character, then one * for each of the others. */
static void mask_person(const char *name, char *out, size_t n)
{
	size_t i = 0, len = strlen(name), k = 0;
	uint32_t cp;
	bool first = true;
	out[0] = '\0';
	while (i < len) {
		size_t start = i;
		if (!utf8_next((const unsigned char *)name, len, &i, &cp))
			break;
		if (first) {
			if (i - start + 1 > n)
				break;
			memcpy(out, name + start, i - start);
			k = i - start;
			first = false;
		} else if (k + 2 <= n)
			out[k++] = '*';
		out[k] = '\0';
	}
}

struct page {
	dbc_t *c;
	json_t *items;
	int limit, n;
	char last[80];
	bool more;
};

static void add(const decision_row_t *r, void *ctx)
{
	struct page *p = ctx;
	if (p->n == p->limit) {
		p->more = true;
		return;
	}
	char day[DATE_STR_LEN], masked[64];
	date_format(date_from_ms(r->at), day);
	bool firm = !strcmp(r->holder_kind, "enterprise");
	if (!firm)
		mask_person(r->holder_name, masked, sizeof masked);
	bool granted = !strcmp(r->action, "approve");
	json_t *doc = matter_doc(p->c, r->matter_code, r->matter_version);
	const decision_words_t *w = decision_words_of(doc); /* a registration is 准予登记 */
	json_decref(doc);
	json_t *holder =
	    firm ? json_pack("{ss ss ss?}", "kind", "enterprise", "name", r->holder_name, "credit_code",
			     r->credit_code && *r->credit_code ? r->credit_code : NULL)
		 : json_pack("{ss ss}", "kind", "person", "name", masked);
	json_array_append_new(
	    p->items, json_pack("{ss ss s{ss ss} s{ss s{ss ss}} s{ss s{ss ss}} so}", "decided_on", day,
				"decision", granted ? "granted" : "denied", "decision_label", "zh",
				granted ? w->public_zh : w->public_deny_zh, "en",
				granted ? w->approve_en : w->deny_en, "matter", "code", r->matter_code,
				"name", "zh", r->matter_zh, "en", r->matter_en, "department", "code",
				r->department,
				"name", "zh", r->department_zh, "en", r->department_en, "holder", holder));
	snprintf(p->last, sizeof p->last, "%lld.%s.%lld", (long long)r->at, r->case_id, (long long)r->seq);
	p->n++;
}

errcode_t case_public_decisions(dbc_t *c, const case_public_query_t *q, json_t **out, errs_t *e)
{
	day_t f = 0, t = 0;
	bool fok = q->from && date_parse(q->from, &f), tok = q->to && date_parse(q->to, &t);
	if (!fok)
		errs_add(e, "from", "date", "应为日期 YYYY-MM-DD", "a date YYYY-MM-DD is required");
	if (!tok)
		errs_add(e, "to", "date", "应为日期 YYYY-MM-DD", "a date YYYY-MM-DD is required");
	if (fok && tok && (t < f || t - f + 1 > PUBLIC_MAX_DAYS))
		errs_add(e, "to", "range", "结束日期应不早于开始日期，区间不超过 366 天",
			 "to is on or after from, at most 366 days in all");
	if (q->department && !geo_department_exists(c, q->department))
		errs_add(e, "department", "unknown", "没有这个部门", "no such department");
	decision_cursor_t cur = {0};
	if (q->cursor) {
		long long at, seq;
		int n = 0;
		if (sscanf(q->cursor, "%lld.%32[0-9a-f].%lld%n", &at, cur.case_id, &seq, &n) != 3 ||
		    q->cursor[n] != '\0')
			errs_add(e, "cursor", "invalid", "分页游标无效", "invalid cursor");
		cur.at = at;
		cur.seq = seq;
		cur.set = true;
	}
	if (errs_any(e))
		return E_VALIDATION;
	int limit = q->limit > 0 && q->limit <= 100 ? q->limit : 50;
	struct page p = {.c = c, .items = json_array(), .limit = limit};
	/* the days are Asia/Shanghai: from 00:00 of `from` to the end of `to` */
	int64_t lo = (int64_t)f * 86400000LL - 8 * 3600000LL,
		hi = ((int64_t)t + 1) * 86400000LL - 8 * 3600000LL;
	case_store_decisions(c, lo, hi, q->department, cur.set ? &cur : NULL, limit + 1, add, &p);
	*out = json_pack("{ss ss so so}", "from", q->from, "to", q->to, "items", p.items, "next",
			 p.more ? json_string(p.last) : json_null());
	return E_OK;
}
