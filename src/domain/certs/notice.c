/* notice.c — issuing, listing and verifying the sealed notices of a case
 * (see notice.h); the PDF is notice_pdf.c. */
#include "domain/certs/notice.h"
#include "domain/certs/cert.h"
#include "domain/certs/cert_key.h"
#include "domain/certs/notice_store.h"
#include "domain/catalog/decision_words.h"
#include "domain/core/audit.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/seal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTICE_ID_LEN 33
#define TEXT_MAX 4096

static const char *const REVIEW_ZH =
    "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，或者自收到本决定书之日起六个月内依法"
    "向人民法院提起行政诉讼。";
static const char *const REVIEW_EN =
    "If you disagree with this decision, you may apply for administrative review (行政复议) within 60 days "
    "of receiving it, or bring an administrative lawsuit (行政诉讼) before a people's court within 6 months "
    "of receiving it.";

/* The legal grounds of a refusal at intake (case_act.c's REFUSE_REASONS). */
static const struct {
	const char *code, *zh, *en;
} GROUNDS[] = {
    {"not_in_remit", "申请事项依法不属于本行政机关职权范围",
     "The matter is not within this authority's remit"},
    {"not_a_licensing_matter", "申请事项依法不需要取得行政许可", "The matter needs no licence by law"},
    {"not_eligible", "申请人不具备申请资格或者申请不符合受理条件",
     "The applicant is not eligible, or the application does not meet the conditions of intake"},
    {"other_legal", "其他依法不予受理的情形", "Another ground in law for not accepting"},
};

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

static const char *or_empty(const char *s) { return s ? s : ""; }

/* The notices a step produces, in order. */
static int kinds_of(const char *action, const char *out[2])
{
	if (!strcmp(action, "accept") || !strcmp(action, "deem_accept")) {
		out[0] = "acceptance";
		return 1;
	}
	if (!strcmp(action, "handle_now")) { /* 当场受理并当场作出决定 (Art. 34) */
		out[0] = "acceptance";
		out[1] = "approval";
		return 2;
	}
	if (!strcmp(action, "refuse")) {
		out[0] = "refusal";
		return 1;
	}
	if (!strcmp(action, "approve")) {
		out[0] = "approval";
		return 1;
	}
	if (!strcmp(action, "deny")) {
		out[0] = "denial";
		return 1;
	}
	return 0;
}

static json_t *title_of(const char *kind, const json_t *matter)
{
	const decision_words_t *w = decision_words_of(matter);
	char zh[96], en[128];
	if (!strcmp(kind, "acceptance")) {
		snprintf(zh, sizeof zh, "受理通知书");
		snprintf(en, sizeof en, "Notice of acceptance");
	} else if (!strcmp(kind, "refusal")) {
		snprintf(zh, sizeof zh, "不予受理决定书");
		snprintf(en, sizeof en, "Decision not to accept the application");
	} else if (!strcmp(kind, "approval")) {
		snprintf(zh, sizeof zh, "%s决定书", w->public_zh);
		snprintf(en, sizeof en, "Decision: %s", w->approve_en);
	} else {
		snprintf(zh, sizeof zh, "%s决定书", w->public_deny_zh);
		snprintf(en, sizeof en, "Decision: %s", w->deny_en);
	}
	return json_pack("{ss ss}", "zh", zh, "en", en);
}

/* The statement of the notice, Chinese and English. */
static json_t *text_of(const char *kind, const char *action, const case_row_t *r, const json_t *matter)
{
	const json_t *name = json_object_get(matter, "name");
	const char *mzh = json_is_string(name) ? json_string_value(name) : or_empty(str(name, "zh"));
	const char *men = json_is_object(name) ? or_empty(str(name, "en")) : "";
	const char *day = r->submitted_day[0] ? r->submitted_day : "";
	const decision_words_t *w = decision_words_of(matter);
	char zh[TEXT_MAX], en[TEXT_MAX];
	if (!strcmp(kind, "acceptance") && !strcmp(action, "deem_accept"))
		snprintf(
		    zh, sizeof zh,
		    "你（单位）于%s提出的“%s”申请，本机关未在法定期限内告知是否受理，依照《中华人民共和国"
		    "行政许可法》第三十二条第一款第（四）项的规定，自收到申请材料之日起即为受理。",
		    day, mzh);
	else if (!strcmp(kind, "acceptance"))
		snprintf(zh, sizeof zh,
			 "你（单位）于%s提出的“%s”申请，申请材料齐全、符合法定形式，依照《中华人民共和国行政"
			 "许可法》第三十二条第一款第（五）项的规定，本机关决定予以受理。",
			 day, mzh);
	else if (!strcmp(kind, "refusal"))
		snprintf(zh, sizeof zh,
			 "你（单位）于%s提出的“%s”申请，经审查，依照《中华人民共和国行政许可法》第三十二条的"
			 "规定，本机关决定不予受理。",
			 day, mzh);
	else if (!strcmp(kind, "approval"))
		snprintf(zh, sizeof zh,
			 "你（单位）于%s提出的“%s”申请，经审查，符合法定条件、标准，依照《中华人民共和国行政"
			 "许可法》第三十八条第一款的规定，本机关决定%s。",
			 day, mzh, w->public_zh);
	else
		snprintf(
		    zh, sizeof zh,
		    "你（单位）于%s提出的“%s”申请，经审查，不符合法定条件、标准，依照《中华人民共和国行政"
		    "许可法》第三十八条第二款的规定，本机关决定%s。",
		    day, mzh, w->public_deny_zh);
	const char *what = !strcmp(kind, "acceptance")
			       ? (strcmp(action, "deem_accept") ? "is accepted" : "is deemed accepted")
			   : !strcmp(kind, "refusal")  ? "is not accepted"
			   : !strcmp(kind, "approval") ? "is granted"
						       : "is refused";
	snprintf(en, sizeof en,
		 "Your application of %s for \"%s\" %s (Administrative Licensing Law, Art. %s).", day,
		 men[0] ? men : mzh, what,
		 !strcmp(kind, "acceptance") || !strcmp(kind, "refusal") ? "32" : "38");
	return json_pack("{ss ss}", "zh", zh, "en", en);
}

/* What the decision says, as the step recorded it. */
static json_t *decision_of(const char *kind, const case_row_t *r)
{
	const json_t *d = r->decision;
	json_t *out = json_object();
	static const char *const KEYS[] = {"reason", "detail", "legal_basis", "apply_to", "opinion", NULL};
	if (strcmp(kind, "acceptance") != 0)
		for (const char *const *k = KEYS; *k; k++)
			if (str(d, *k))
				json_object_set_new(out, *k, json_string(str(d, *k)));
	if (!strcmp(kind, "refusal"))
		for (size_t i = 0; i < sizeof GROUNDS / sizeof GROUNDS[0]; i++)
			if (str(d, "reason") && !strcmp(str(d, "reason"), GROUNDS[i].code))
				json_object_set_new(
				    out, "ground",
				    json_pack("{ss ss}", "zh", GROUNDS[i].zh, "en", GROUNDS[i].en));
	if (!strcmp(kind, "acceptance") && r->promised_days > 0 && !r->immediate) {
		json_object_set_new(out, "promised_days", json_integer(r->promised_days));
		if (r->due_day[0])
			json_object_set_new(out, "due_day", json_string(r->due_day));
	}
	return out;
}

static int issue_one(const case_change_t *ch, const char *kind)
{
	const case_row_t *r = ch->row;
	account_brief_t who;
	if (!account_brief(ch->c, r->applicant_id, &who))
		return E_STATE;
	char dept_name[128], region[REGION_CODE_LEN], key_id[CERT_KEY_ID_LEN], id[NOTICE_ID_LEN];
	cert_department_facts(ch->c, r->department, dept_name, sizeof dept_name, region);
	sign_key_t key;
	if (cert_key_signing(ch->c, r->department, ch->now, &key, key_id) != 0)
		return E_INTERNAL; /* no key file: nothing is signed, and the step does not happen */
	id_new(id);
	char issued_on[DATE_STR_LEN];
	date_format(date_from_ms(ch->now), issued_on);
	const json_t *mname = json_object_get(ch->matter, "name");
	json_t *doc =
	    json_pack("{ss ss ss so s{ss ss} s{ss sO} s{ss ss} s{ss ss} sI ss so so ss ss}", "format",
		      NOTICE_FORMAT, "id", id, "kind", kind, "title", title_of(kind, ch->matter), "case",
		      "id", r->id, "number", r->number, "matter", "code", r->matter_code, "name",
		      mname ? mname : json_null(), "applicant", "kind", who.kind, "name", who.name, "issuer",
		      "department", r->department, "name", dept_name, "issued_at", (json_int_t)ch->now,
		      "issued_on", issued_on, "text", text_of(kind, ch->action, r, ch->matter), "decision",
		      decision_of(kind, r), "key_id", key_id, "algorithm", sign_alg_name(key.alg));
	if (doc && (!strcmp(kind, "refusal") || !strcmp(kind, "denial"))) {
		/* the remedies as the decision words them (a denial may, naming the review body), as long
		 * as that names both rights; else the statutory wording */
		const char *own = !strcmp(kind, "denial") ? str(r->decision, "remedies") : NULL;
		bool both = own && strstr(own, "行政复议") && strstr(own, "行政诉讼");
		json_object_set_new(doc, "remedies",
				    json_pack("{si si ss ss}", "review_days", 60, "litigation_months", 6,
					      "zh", both ? own : REVIEW_ZH, "en", both ? "" : REVIEW_EN));
	}
	json_t *signed_notice = doc ? cert_sign_document("notice", doc, &key, key_id) : NULL;
	sign_key_wipe(&key);
	json_decref(doc);
	if (!signed_notice)
		return E_INTERNAL;
	char *text = json_dumps(signed_notice, JSON_COMPACT);
	char *sealed = text ? seal(text) : NULL;
	int rc = -1;
	if (sealed) {
		notice_row_t row = {.id = id,
				    .case_id = r->id,
				    .kind = kind,
				    .department = r->department,
				    .applicant_account = r->applicant_id,
				    .document = sealed,
				    .key_id = key_id,
				    .issued_at = ch->now};
		rc = notice_store_insert(ch->c, &row);
	}
	if (rc == 0) {
		json_t *detail = json_pack("{ss ss ss}", "kind", kind, "case", r->id, "key_id", key_id);
		rc = audit_append(ch->c, ch->by, "notice.issue", "notice", id, 0, 1, detail);
		json_decref(detail);
	}
	free(text);
	free(sealed);
	json_decref(signed_notice);
	return rc;
}

int notice_case_hook(const case_change_t *ch)
{
	const char *kinds[2];
	int n = kinds_of(ch->action, kinds);
	for (int i = 0; i < n; i++) {
		int rc = issue_one(ch, kinds[i]);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- reading ---- */

static bool id_shaped(const char *id)
{
	return id && strlen(id) == NOTICE_ID_LEN - 1 && strspn(id, "0123456789abcdef") == NOTICE_ID_LEN - 1;
}

static json_t *open_doc(const char *sealed)
{
	char *text = seal_open(sealed);
	json_t *out = text ? json_loads(text, JSON_REJECT_DUPLICATES, NULL) : NULL;
	free(text);
	return out;
}

static json_t *brief(const notice_row_t *r, const json_t *signed_notice)
{
	char at[32], pdf[80], verify[80];
	clock_format_iso(r->issued_at, at);
	snprintf(pdf, sizeof pdf, "/api/v1/notices/%s/pdf", r->id);
	snprintf(verify, sizeof verify, "/api/v1/notices/%s/verify", r->id);
	const json_t *doc = json_object_get(signed_notice, "notice");
	return json_pack("{ss ss sO? ss ss ss}", "id", r->id, "kind", r->kind, "title",
			 json_object_get(doc, "title"), "issued_at", at, "pdf", pdf, "verify", verify);
}

static void add_brief(const notice_row_t *r, void *ctx)
{
	json_t *signed_notice = open_doc(r->document);
	json_array_append_new(ctx, brief(r, signed_notice));
	json_decref(signed_notice);
}

json_t *notice_of_case(dbc_t *c, const char *case_id)
{
	json_t *items = json_array();
	notice_store_of_case(c, case_id, add_brief, items);
	return items;
}

struct one {
	char owner[64], dept[16];
	json_t *out;
	bool with_doc;
};

static void take_one(const notice_row_t *r, void *ctx)
{
	struct one *o = ctx;
	snprintf(o->owner, sizeof o->owner, "%s", or_empty(r->applicant_account));
	snprintf(o->dept, sizeof o->dept, "%s", r->department);
	if (!o->with_doc)
		return;
	json_t *signed_notice = open_doc(r->document);
	if (!signed_notice)
		return;
	o->out = brief(r, signed_notice);
	json_object_set(o->out, "case", json_object_get(json_object_get(signed_notice, "notice"), "case"));
	json_object_set_new(o->out, "signed", signed_notice);
}

bool notice_owner_dept(dbc_t *c, const char *id, char owner[64], char dept[16])
{
	struct one o = {{0}, {0}, NULL, false};
	bool found = id_shaped(id) && notice_store_get(c, id, take_one, &o);
	snprintf(owner, 64, "%s", o.owner);
	snprintf(dept, 16, "%s", o.dept);
	return found;
}

json_t *notice_get(dbc_t *c, const char *id)
{
	struct one o = {{0}, {0}, NULL, true};
	if (!id_shaped(id) || !notice_store_get(c, id, take_one, &o))
		return NULL;
	return o.out;
}

/* ---- verifying ---- */

static bool kind_known(const char *k)
{
	return k && (!strcmp(k, "acceptance") || !strcmp(k, "refusal") || !strcmp(k, "approval") ||
		     !strcmp(k, "denial"));
}

void notice_check(const json_t *signed_notice, const json_t *keys, cert_check_t *out)
{
	memset(out, 0, sizeof *out);
	const json_t *doc = json_object_get(signed_notice, "notice");
	const json_t *sig = json_object_get(signed_notice, "signature");
	const json_t *issued = json_object_get(doc, "issued_at");
	const char *fmt = str(doc, "format"), *key_id = str(doc, "key_id"), *alg = str(doc, "algorithm");
	if (!json_is_object(signed_notice) || json_object_size(signed_notice) != 2 || !json_is_object(doc) ||
	    !json_is_object(sig) || !fmt || strcmp(fmt, NOTICE_FORMAT) != 0 || !id_shaped(str(doc, "id")) ||
	    !kind_known(str(doc, "kind")) || !json_is_integer(issued) ||
	    !str(json_object_get(doc, "issuer"), "department") || !key_id || !str(sig, "key_id") ||
	    strcmp(key_id, str(sig, "key_id")) != 0 || !alg || !str(sig, "algorithm") ||
	    strcmp(alg, str(sig, "algorithm")) != 0) {
		out->verdict = CERT_INVALID;
		out->reason = "malformed";
		out->reason_zh = "文书格式不正确";
		out->reason_en = "The notice is malformed";
		return;
	}
	if (!cert_check_signature(doc, sig, str(json_object_get(doc, "issuer"), "department"),
				  json_integer_value(issued), keys, out))
		return;
	out->verdict = CERT_VALID;
	out->reason = "";
	out->reason_zh = "文书有效：由签发部门签发，内容未被改动";
	out->reason_en = "The notice is genuine: signed by the issuing department and unaltered";
}

static json_t *answer(const cert_check_t *k, const json_t *doc)
{
	json_t *out = json_pack("{ss ss s{ss ss}}", "status", cert_verdict_name(k->verdict), "reason",
				k->reason, "message", "zh", k->reason_zh, "en", k->reason_en);
	if (k->verdict == CERT_VALID) {
		const json_t *a = json_object_get(doc, "applicant"), *iss = json_object_get(doc, "issuer");
		char *masked = cert_mask_name(or_empty(str(a, "name")));
		json_object_set_new(
		    out, "notice",
		    json_pack("{sO sO sO? s{sO sO?} sO? sO? s{sO? ss}}", "id", json_object_get(doc, "id"),
			      "kind", json_object_get(doc, "kind"), "title", json_object_get(doc, "title"),
			      "issuer", "department", json_object_get(iss, "department"), "name",
			      json_object_get(iss, "name"), "issued_on", json_object_get(doc, "issued_on"),
			      "matter", json_object_get(doc, "matter"), "applicant", "kind",
			      json_object_get(a, "kind"), "name", masked));
		free(masked);
	}
	return out;
}

json_t *notice_verify_signed(dbc_t *c, const json_t *signed_notice)
{
	json_t *keys = cert_published_keys(c);
	cert_check_t k;
	notice_check(signed_notice, keys, &k);
	json_t *out = answer(&k, json_object_get(signed_notice, "notice"));
	json_decref(keys);
	return out;
}

json_t *notice_verify_id(dbc_t *c, const char *id)
{
	struct one o = {{0}, {0}, NULL, true};
	if (!id_shaped(id) || !notice_store_get(c, id, take_one, &o) || !o.out)
		return json_pack("{ss ss s{ss ss}}", "status", "unknown", "reason", "unknown", "message",
				 "zh", "没有这份文书：请核对编号", "en",
				 "No such notice was issued: check the address");
	json_t *out = notice_verify_signed(c, json_object_get(o.out, "signed"));
	json_decref(o.out);
	return out;
}
