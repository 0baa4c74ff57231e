/* case_notice.c — the texts a case's applicant gets (see case_notice.h). */
#include "domain/cases/case_notice.h"
#include "domain/catalog/decision_words.h"
#include "domain/core/message.h"
#include <stdio.h>
#include <string.h>

#define TXT 1200

static const char *const REMEDIES_ZH =
    "如不服，可自收到决定之日起六十日内依法申请行政复议，或者六个月内依法提起行政诉讼。";
static const char *const REMEDIES_EN =
    " If you disagree, you may apply for administrative reconsideration within 60 days of receiving "
    "the decision, or bring an administrative lawsuit within 6 months.";

static const char *str(const json_t *o, const char *k)
{
	const char *v = json_string_value(json_object_get(o, k));
	return v ? v : "";
}

/* A catalogue text: a string (Chinese only), or {"zh", "en"}; "" when there
 * is none in that language. */
static const char *in_lang(const json_t *v, bool en)
{
	if (json_is_string(v))
		return en ? "" : json_string_value(v);
	return str(v, en ? "en" : "zh");
}

/* Where and how the result is had, by the delivery the applicant chose. */
static void where_to_get(const case_row_t *r, const json_t *matter, char *zh, size_t zn, char *en,
			 size_t en_n)
{
	const char *method = str(r->delivery, "method");
	const json_t *place = json_array_get(json_object_get(matter, "service_places"), 0);
	const json_t *hours = json_object_get(matter, "service_hours");
	const char *pz = in_lang(place, false), *pe = in_lang(place, true);
	const char *hz = in_lang(hours, false), *he = in_lang(hours, true);
	if (!strcmp(method, "post")) {
		snprintf(zh, zn, "结果将邮寄至您填写的地址，请留意查收。");
		snprintf(en, en_n, " The result will be posted to the address you gave.");
	} else if (!strcmp(method, "window")) {
		snprintf(zh, zn, "请携带有效身份证件到%s领取结果%s%s%s。", pz[0] ? pz : "办理窗口",
			 hz[0] ? "（办公时间：" : "", hz, hz[0] ? "）" : "");
		snprintf(en, en_n, " Collect the result with your ID at the %s%s%s%s.",
			 pe[0] ? pe : "service window named in the matter's guide", he[0] ? " (hours: " : "",
			 he, he[0] ? ")" : "");
	} else {
		snprintf(zh, zn,
			 "结果将以电子方式送达，可在“我的办件”中查看，电子证照在“我的证照”中下载和出示。");
		snprintf(en, en_n,
			 " The result is delivered electronically: see it under My cases; an "
			 "electronic certificate is under My certificates, to download and show.");
	}
}

int case_notice(dbc_t *c, const case_row_t *r, const json_t *matter, const char *action)
{
	const json_t *name = json_object_get(matter, "name");
	const char *mzh = str(name, "zh"), *men = str(name, "en"), *st = r->status;
	bool has_result = json_object_get(json_object_get(matter, "result"), "kind") != NULL;
	const decision_words_t *words = decision_words_of(matter);   /* 准予许可, 准予登记, 予以备案 … */
	char tzh[300], ten[300], zh[TXT], en[TXT], wzh[400] = "", wen[400] = "";
	int days = r->promised_days + r->extension_days;
	const char *due = r->due_day[0] ? r->due_day : "";
	/* the opening: the matter and the case */
	int a = snprintf(zh, sizeof zh, "您申请的「%s」（办件编号 %s）", mzh, r->number);
	int b = snprintf(en, sizeof en, "Your application for %s (case %s)", men, r->number);
	char *z = zh + a, *e = en + b;
	size_t zl = sizeof zh - (size_t)a, el = sizeof en - (size_t)b;
	if (!strcmp(action, "extend")) {
		snprintf(tzh, sizeof tzh, "%s：办理期限已延长", mzh);
		snprintf(ten, sizeof ten, "%s: time limit extended", men);
		snprintf(z, zl, "的办理期限已依法延长，新的办结期限为 %s（共 %d 个工作日）。无需您操作。",
			 due, days);
		snprintf(e, el,
			 ": the time limit was extended as the law allows; the new deadline is %s "
			 "(%d working days in all). Nothing to do for now.",
			 due, days);
	} else if (!strcmp(action, "resume")) {
		snprintf(tzh, sizeof tzh, "%s：恢复办理", mzh);
		snprintf(ten, sizeof ten, "%s: handling resumed", men);
		snprintf(z, zl, "的特别程序已结束，恢复计时，办结期限为 %s。无需您操作。", due);
		snprintf(e, el,
			 ": the special procedure is over and the clock runs again; the deadline is %s. "
			 "Nothing to do for now.",
			 due);
	} else if (!strcmp(st, "submitted") && !strcmp(action, "resubmit")) {
		snprintf(tzh, sizeof tzh, "%s：补正材料已收到", mzh);
		snprintf(ten, sizeof ten, "%s: corrections received", men);
		snprintf(z, zl,
			 "的补正材料已收到，部门将在 5 个工作日内重新审查并决定是否受理，结果会通知您。");
		snprintf(e, el,
			 ": your corrections were received; the department checks them again within 5 "
			 "working days and tells you whether the application is accepted.");
	} else if (!strcmp(st, "submitted")) {
		snprintf(tzh, sizeof tzh, "%s：申请已提交", mzh);
		snprintf(ten, sizeof ten, "%s: application submitted", men);
		snprintf(z, zl,
			 "已提交。部门将在 5 个工作日内审查材料并决定是否受理，受理或需要补正时会通知您；"
			 "可随时在“我的办件”或“进度查询”中查看进度。");
		snprintf(e, el,
			 " was submitted. The department checks it within 5 working days and tells you "
			 "whether it is accepted or what to correct; follow it any time under My cases or "
			 "Track progress.");
	} else if (!strcmp(st, "correction")) {
		snprintf(tzh, sizeof tzh, "%s：请补正材料", mzh);
		snprintf(ten, sizeof ten, "%s: corrections needed", men);
		snprintf(
		    z, zl,
		    "需要补正。请在“我的办件”中打开该办件查看补正告知，一次性补齐所列全部内容后重新提交；"
		    "补正前不予受理。");
		snprintf(e, el,
			 " needs corrections. Open the case under My cases, read the correction notice "
			 "and supply every listed item at once, then submit again; it cannot be accepted "
			 "before.");
	} else if (!strcmp(st, "accepted")) {
		snprintf(tzh, sizeof tzh, "%s：已受理", mzh);
		snprintf(ten, sizeof ten, "%s: accepted", men);
		snprintf(z, zl, "已受理。法定办结期限：%s（%d 个工作日）。无需您操作，作出决定后会通知您。",
			 due, days);
		snprintf(e, el,
			 " was accepted. Statutory deadline: %s (%d working day%s). Nothing to do for "
			 "now; you will be told the decision.",
			 due, days, days == 1 ? "" : "s");
	} else if (!strcmp(st, "in_review")) {
		snprintf(tzh, sizeof tzh, "%s：审查中", mzh);
		snprintf(ten, sizeof ten, "%s: under review", men);
		snprintf(z, zl, "已进入审查，将于 %s 前作出决定。无需您操作。", due);
		snprintf(e, el, " is under review; the decision is due by %s. Nothing to do for now.", due);
	} else if (!strcmp(st, "suspended")) {
		snprintf(tzh, sizeof tzh, "%s：特别程序", mzh);
		snprintf(ten, sizeof ten, "%s: special procedure", men);
		snprintf(
		    z, zl,
		    "进入特别程序（如听证、检验、检测、专家评审），期间不计入办理时限；程序结束后恢复计时，"
		    "届时会通知您。");
		snprintf(e, el,
			 " is in a special procedure (such as a hearing, an inspection or an expert "
			 "review), which does not count against the time limit; you will be told when the "
			 "clock runs again.");
	} else if (!strcmp(st, "approved")) {
		snprintf(tzh, sizeof tzh, "%s：%s", mzh, words->approve_zh);
		snprintf(ten, sizeof ten, "%s: %s", men, words->approve_en);
		if (has_result)
			where_to_get(r, matter, wzh, sizeof wzh, wen, sizeof wen);
		snprintf(z, zl, "已作出%s决定。%s%s", words->approve_zh,
			 has_result ? "结果正在制作，完成后会再通知您。" : "无需再办理其他手续。", wzh);
		snprintf(e, el, " was decided: %s.%s%s", words->approve_en,
			 has_result ? " The result is being prepared; you will be told when it is ready."
				    : " Nothing more to do.",
			 wen);
	} else if (!strcmp(st, "issued")) {
		snprintf(tzh, sizeof tzh, "%s：结果已制作", mzh);
		snprintf(ten, sizeof ten, "%s: result ready", men);
		where_to_get(r, matter, wzh, sizeof wzh, wen, sizeof wen);
		snprintf(z, zl, "已准予，结果已制作完成。%s", wzh);
		snprintf(e, el, " was approved and the result is ready.%s", wen);
	} else if (!strcmp(st, "delivered")) {
		snprintf(tzh, sizeof tzh, "%s：结果已送达", mzh);
		snprintf(ten, sizeof ten, "%s: result delivered", men);
		snprintf(z, zl, "的结果已送达，可在“我的办件”中查看送达记录。如未收到，请联系办理部门。");
		snprintf(e, el,
			 ": the result was delivered; see the delivery record under My cases. If it has "
			 "not reached you, contact the department.");
	} else if (!strcmp(st, "denied")) {
		snprintf(tzh, sizeof tzh, "%s：%s", mzh, words->deny_zh);
		snprintf(ten, sizeof ten, "%s: %s", men, words->deny_en);
		snprintf(z, zl, "已作出%s决定，理由见“我的办件”中的决定书。%s", words->deny_zh, REMEDIES_ZH);
		snprintf(e, el, " was decided: %s; the reasons are in the decision under My cases.%s",
			 words->deny_en, REMEDIES_EN);
	} else if (!strcmp(st, "refused")) {
		snprintf(tzh, sizeof tzh, "%s：不予受理", mzh);
		snprintf(ten, sizeof ten, "%s: not accepted", men);
		snprintf(z, zl, "不予受理，理由见“我的办件”中的不予受理决定。%s", REMEDIES_ZH);
		snprintf(e, el, " was not accepted; the reasons are in the decision under My cases.%s",
			 REMEDIES_EN);
	} else if (!strcmp(st, "completed")) {
		snprintf(tzh, sizeof tzh, "%s：已办结", mzh);
		snprintf(ten, sizeof ten, "%s: completed", men);
		/* electronic delivery completes the case at once: this is the one message of both */
		if (!strcmp(str(r->delivery_record, "method"), "electronic")) {
			snprintf(wzh, sizeof wzh, "%s",
				 "结果已以电子方式送达您的账户：可在“我的办件”中查看，"
				 "电子证照在“我的证照”中下载和出示。");
			snprintf(wen, sizeof wen, "%s",
				 " The result was delivered to your account: see it under My cases; "
				 "an electronic certificate is under My certificates.");
		}
		snprintf(z, zl, "已办结。%s欢迎在“我的办件”中对本次服务作出评价（好差评）。", wzh);
		snprintf(e, el, " is completed.%s Please rate the service under My cases.", wen);
	} else if (!strcmp(st, "withdrawn")) {
		snprintf(tzh, sizeof tzh, "%s：已撤回", mzh);
		snprintf(ten, sizeof ten, "%s: withdrawn", men);
		snprintf(z, zl, "已撤回。如仍需办理，可重新申请。");
		snprintf(e, el, " was withdrawn. You may apply again whenever you need.");
	} else {
		snprintf(tzh, sizeof tzh, "%s：办件进度更新", mzh);
		snprintf(ten, sizeof ten, "%s: case update", men);
		snprintf(z, zl, "有新的进展，请在“我的办件”中查看。");
		snprintf(e, el, " has moved on; see it under My cases.");
	}
	return message_add(c, r->applicant_id, "case_status", tzh, ten, zh, en, "case", r->id);
}
