/* cases.c — filing cases and reading them (see cases.h). Transitions are in
 * case_actions.c, the clock in case_clock.c. */
#include "domain/cases/case.h"
#include "domain/identity/account.h"
#include "domain/files/file.h"
#include "domain/core/audit.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_store.h"
#include "domain/catalog/matter.h"
#include "domain/catalog/form.h"
#include "domain/core/geo.h"
#include "domain/appointments/visit.h"
#include "domain/calendar/workcal.h"
#include "domain/cases/case_flow.h"
#include "domain/cases/case_hooks.h"
#include "domain/cases/case_notice.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/idcheck.h"
#include "base/jsonin.h"
#include "base/log.h"
#include "base/textcheck.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPLAYED 1000

static bool region_cb(const char *code, void *ctx) { return geo_region_known((dbc_t *)ctx, code); }

void case_form_opts(dbc_t *c, const char *prefix, form_opts_t *o)
{
	memset(o, 0, sizeof *o);
	o->prefix = prefix;
	date_to_ymd(today_day(), &o->today_y, &o->today_m, &o->today_d);
	o->region_exists = region_cb;
	o->region_ctx = c;
	/* the two callers check a matter version's form (matter_doc: parsed once, never changed) */
	o->shared_schema = true;
}

const json_t *case_material_def(const json_t *matter, const char *key)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(matter, "materials"), i, m)
		if (key && !strcmp(json_string_value(json_object_get(m, "key")), key))
			return m;
	return NULL;
}

/* Checks one attached file against its material: exists, owned by `owner`,
 * an accepted format, within the size limit. */
bool case_check_file(dbc_t *c, const json_t *mdef, const char *file_id, const char *owner, const char *path,
		     errs_t *e)
{
	file_facts_t f;
	bool ok = true;
	if (file_facts(c, file_id, &f) != E_OK || strcmp(f.owner, owner) != 0) {
		errs_add(e, path, "unknown_file", "文件不存在或不属于您", "no such file of yours");
		ok = false;
	} else {
		bool fmt = false;
		size_t i;
		json_t *t;
		json_array_foreach(json_object_get(mdef, "formats"), i, t)
			fmt |= !strcmp(json_string_value(t), file_type_name(f.type));
		if (!fmt) {
			errs_add(e, path, "file_type", "该材料不接受此文件格式",
				 "this material does not accept that file type");
			ok = false;
		}
		long long max = json_integer_value(json_object_get(mdef, "max_size"));
		if (max > 0 && f.size > max) {
			errs_addi(e, path, "too_large", "文件不能超过 %lld 字节",
				  "the file may be at most %lld bytes", max);
			ok = false;
		}
	}
	return ok;
}

/* Normalises the materials array of a request into {key: file} (an object),
 * checking each entry (shared with case_actions.c for resubmissions and drafts). */
/* A material's files after the first ({key, files: [a, b, …]}, up to the
 * material's max_files): each checked as the first is; NULL on a problem. */
static json_t *more_files(dbc_t *c, const json_t *def, const json_t *files, const char *owner,
			  const char *p, errs_t *e)
{
	char fp[96];
	json_int_t most = json_integer_value(json_object_get(def, "max_files"));
	if (most < 1)
		most = 1;
	if ((json_int_t)json_array_size(files) > most) {
		snprintf(fp, sizeof fp, "%s.files", p);
		errs_addi(e, fp, "too_many", "该材料最多上传 %lld 个文件", "the material takes at most %lld files",
			  (long long)most);
		return NULL;
	}
	json_t *rest = json_array();
	bool ok = true;
	size_t i;
	json_t *v;
	json_array_foreach(files, i, v) {
		snprintf(fp, sizeof fp, "%s.files[%zu]", p, i);
		const char *id = json_string_value(v);
		bool twice = false;
		for (size_t j = 0; id && j < i; j++)
			twice |= json_equal(v, json_array_get(files, j));
		if (!id || !id[0] || strlen(id) > 64) {
			errs_add(e, fp, "type", "应为文件编号", "a file id is expected");
			ok = false;
		} else if (twice) {
			errs_add(e, fp, "duplicate_file", "同一文件重复提交", "the same file is given twice");
			ok = false;
		} else if (!case_check_file(c, def, id, owner, fp, e)) {
			ok = false;
		} else if (i > 0) {
			json_array_append(rest, v);
		}
	}
	if (!ok) {
		json_decref(rest);
		return NULL;
	}
	return rest;
}

json_t *case_parse_materials(dbc_t *c, const json_t *matter, const json_t *arr, const char *owner,
			     json_t *named, errs_t *e, json_t *pages)
{
	json_t *out = json_object();
	size_t i;
	json_t *m;
	char p[64];
	char fp[80];
	json_array_foreach(arr, i, m) {
		snprintf(p, sizeof p, "materials[%zu]", i);
		const char *key = NULL, *file = NULL, *cert = NULL;
		json_t *files = NULL;
		jfield_t spec[] = {
			{"key", JF_STRING, true, 1, 64, &key, NULL},
			{"file", JF_STRING, false, 1, 64, &file, NULL},
			{"files", JF_ARRAY, false, 1, 10, &files, NULL},
			{"certificate", JF_STRING, false, 1, 64, &cert, NULL},
			JF_END,
		};
		if (!json_spec_parse(m, spec, p, e))
			continue;
		/* several files (正反面, pages): the first stands for the material, the rest follow it */
		if (files && file) {
			snprintf(fp, sizeof fp, "%s.files", p);
			errs_add(e, fp, "not_allowed", "给出 file 或 files 之一", "give file or files, not both");
			continue;
		}
		if (files)
			file = json_string_value(json_array_get(files, 0)) ?: "";
		/* a file, or (免提交) one of the applicant's certificates: exactly one */
		if (!file == !cert || (cert && !named)) {
			snprintf(fp, sizeof fp, "%s.%s", p, cert && !named ? "certificate" : "file");
			if (cert && !named)
				errs_add(e, fp, "not_allowed", "此处只能上传文件", "only a file can be given here");
			else
				errs_add(e, fp, file ? "not_allowed" : "required",
					 "每项材料给出文件或电子证照之一",
					 "give each material a file or a certificate, not both");
			continue;
		}
		const json_t *def = case_material_def(matter, key);
		snprintf(fp, sizeof fp, "%s.key", p);
		if (!def) {
			errs_add(e, fp, "unknown_material", "该事项没有这项材料", "the matter has no such material");
			continue;
		}
		if (json_object_get(out, key) || json_object_get(named, key)) {
			errs_add(e, fp, "duplicate_key", "同一材料重复提交", "the material is given twice");
			continue;
		}
		if (cert) {
			snprintf(fp, sizeof fp, "%s.certificate", p);
			json_object_set_new(named, key, json_pack("{ss ss}", "id", cert, "path", fp));
			continue;
		}
		if (files) {
			json_t *rest = more_files(c, def, files, owner, p, e);
			if (rest)
				json_object_set_new(out, key, json_string(file));
			if (rest && pages && json_array_size(rest))
				json_object_set(pages, key, rest);
			json_decref(rest);
			continue;
		}
		snprintf(fp, sizeof fp, "%s.file", p);
		if (case_check_file(c, def, file, owner, fp, e))
			json_object_set_new(out, key, json_string(file));
	}
	return out;
}

/* Every required material present. */
void case_require_materials(const json_t *matter, const json_t *files, const json_t *certs, errs_t *e)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(matter, "materials"), i, m) {
		const char *key = json_string_value(json_object_get(m, "key"));
		if (json_is_true(json_object_get(m, "required")) && !json_object_get(files, key) &&
		    !json_object_get(certs, key)) {
			char p[96], zh[256], en[256];
			snprintf(p, sizeof p, "materials.%s", key);
			snprintf(zh, sizeof zh, "缺少必需材料「%s」",
				 json_string_value(json_object_get(json_object_get(m, "name"), "zh")));
			snprintf(en, sizeof en, "the required material \"%s\" is missing",
				 json_string_value(json_object_get(json_object_get(m, "name"), "en")));
			errs_add(e, p, "required", zh, en);
		}
	}
}

bool case_applicant_check(dbc_t *c, const json_t *matter, const char *applicant, const char *channel,
			  const json_t *agent, const char *field, form_opts_t *fo,
			  char credit[CREDIT_CODE_LEN], errs_t *e)
{
	char kind[ACCOUNT_KIND_LEN];
	/* An agent whose authorisation the clerk has filed acts for the
	 * organisation the form names (经办人): the letter is the evidence. */
	fo->check_binds = !(channel && !strcmp(channel, "assisted") && agent &&
			    json_object_get(agent, "authorization_file"));
	fo->applicant_credit_code = NULL;
	if (!account_applicant_facts(c, applicant, kind, credit))
		return true; /* no such applicant: reported where it was named */
	fo->applicant_credit_code = credit[0] ? credit : NULL;
	const json_t *who = json_object_get(matter, "applicants");
	bool allowed = !who;
	size_t i;
	json_t *v;
	json_array_foreach(who, i, v) allowed |= !strcmp(json_string_value(v) ?: "", kind);
	if (!allowed) {
		bool person = !strcmp(kind, "person");
		errs_add(e, field, "applicant_kind",
			 person ? "该事项只受理企业（法人）申请，个人不能申请"
				: "该事项只受理个人申请，企业（法人）不能申请",
			 person ? "only enterprises may apply for this matter, not a person"
				: "only persons may apply for this matter, not an enterprise");
		/* whose code the form carries is moot when this applicant may not apply */
		fo->check_binds = false;
	}
	return allowed;
}

static json_t *check_delivery(const json_t *matter, const json_t *d, errs_t *e)
{
	const char *method = NULL, *address = NULL, *recipient = NULL, *phone = NULL;
	jfield_t spec[] = {
		{"method", JF_STRING, true, 1, 16, &method, NULL},
		{"address", JF_STRING, false, 5, 200, &address, NULL},
		{"recipient", JF_STRING, false, 1, 50, &recipient, NULL},
		{"phone", JF_STRING, false, 5, 20, &phone, NULL},
		JF_END,
	};
	if (!json_spec_parse(d, spec, "delivery", e))
		return NULL;
	if (recipient && text_has_invisible(recipient)) {
		errs_add(
		    e, "delivery.recipient", "invisible_chars",
		    "收件人姓名不能包含不可见字符或文字方向控制字符",
		    "the recipient's name must not contain invisible or bidirectional control characters");
		return NULL;
	}
	bool offered = false;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(matter, "delivery"), i, o) offered |=
	    !strcmp(json_string_value(o), method);
	if (!offered) {
		errs_add(e, "delivery.method", "not_an_option", "该事项不提供此送达方式",
			 "the matter does not offer this delivery method");
		return NULL;
	}
	if (!strcmp(method, "post") && (!address || !recipient || !phone)) {
		errs_add(e,
			 address ? (recipient ? "delivery.phone" : "delivery.recipient") : "delivery.address",
			 "required", "邮寄送达须填写地址、收件人和电话",
			 "delivery by post needs address, recipient and phone");
		return NULL;
	}
	return json_deep_copy(d);
}

struct create_ctx {
	const actor_t *by;
	const char *idem_key;
	char req_hash[HASH_HEX_LEN];
	char id[CASE_ID_LEN];
	char applicant[ACCOUNT_ID_LEN];
	const char *matter_code;
	int64_t matter_version;
	char department[DEPT_CODE_LEN], region[REGION_CODE_LEN];
	const char *channel;
	json_t *form, *delivery, *agent, *files, *pages;
	json_t *certs; /* {key: {"view", "auto"}}: materials taken from certificates (case_certs.c) */
	int64_t now;
	bool submit, immediate, has_result;
	int promised_days;
	char number[CASE_NUMBER_LEN];
	limit_hit_t *limited;
	bool bundled;
	bool accept;  /* accepted at filing (case_new_t.accept) */
	errs_t *errs; /* where the acceptance says why it could not be */
	case_head_t *head; /* case_new_t.head */
	/* agent, form and delivery sealed before the write (case_insert_t) */
	char *sealed_agent, *sealed_form, *sealed_delivery;
};

/* The hooks of case_hooks.h on the case just filed, read back whole. */
/* What follows the new row in its transaction, on the row read once: the
 * applicant's message on a submission (case_notice.h), the audit entry, then
 * the other subsystems' hooks (statistics, bundles, …). */
static int filed_follow(dbc_t *c, const struct create_ctx *x, int64_t now)
{
	bool hooked = domain_case_hooked();
	case_row_t full;
	json_t *matter = NULL;
	/* the documents just inserted are taken as they are, not unsealed and parsed back */
	if ((x->submit || hooked) && !case_load_fresh(c, x->id, x->agent, x->form, x->delivery, &full))
		return -1;
	int rc = 0;
	if (x->submit || hooked) {
		matter = matter_doc(c, x->matter_code, x->matter_version);
		rc = matter ? 0 : -1;
	}
	if (rc == 0 && x->submit)
		rc = case_notice(c, &full, matter, "submit");
	if (rc == 0) {
		json_t *detail =
		    json_pack("{ss ss sI ss}", "number", x->number, "matter", x->matter_code,
			      "matter_version", (json_int_t)x->matter_version, "channel", x->channel);
		rc = audit_append(c, x->by, x->submit ? "case.submit" : "case.create", "case", x->id, 0, 1,
				  detail);
		json_decref(detail);
	}
	if (rc == 0 && hooked) {
		const char *action = x->submit ? "submit" : "create";
		case_change_t ch = {c, x->by, &full, action, "", full.status, matter, now};
		rc = domain_case_changed(&ch);
	}
	json_decref(matter);
	if (x->submit || hooked)
		case_row_release(&full);
	return rc;
}

/* 办件编号: region, date, the day's sequence (310101-20261123-000042). */
static int next_number(dbc_t *c, const char *region, char out[CASE_NUMBER_LEN])
{
	char day[DATE_STR_LEN], compact[9];
	today_str(day);
	snprintf(compact, sizeof compact, "%.4s%.2s%.2s", day, day + 5, day + 8);
	int64_t seq;
	if (case_number_next(c, region, day, &seq) != 0)
		return -1;
	snprintf(out, CASE_NUMBER_LEN, "%s-%s-%06lld", region, compact, (long long)seq);
	return 0;
}

static int create_write(dbc_t *c, void *arg)
{
	struct create_ctx *x = arg;
	id_new(x->id);
	if (x->head)
		x->head->number[0] = '\0'; /* a write tried again, or a replay: nothing from before */
	if (x->idem_key) {
		/* the key is claimed first: a request with the same key racing on
		 * another node waits for this one's commit, then replays its case */
		int claimed = case_idem_claim(c, x->by->id, x->idem_key, x->req_hash, x->id, clock_now_ms());
		if (claimed < 0)
			return -1;
		char hash[HASH_HEX_LEN];
		if (claimed == 0 && !case_idem_find(c, x->by->id, x->idem_key, x->id, hash))
			return -1;
		if (claimed == 0)
			return strcmp(hash, x->req_hash) == 0 ? REPLAYED : E_IDEMPOTENCY_MISMATCH;
	}
	/* counted here, in the case's own transaction: a refusal rolls back its count */
	int limited =
	    x->bundled ? 0 : ratelimit_take(c, LIMIT_CASES, x->by, NULL, clock_now_ms(), x->limited);
	if (limited != 0)
		return limited;
	if (next_number(c, x->region, x->number) != 0)
		return -1;
	int64_t now = clock_now_ms();
	char day[DATE_STR_LEN];
	today_str(day);
	case_insert_t ins = {x->id,
			     x->number,
			     x->matter_code,
			     x->matter_version,
			     x->department,
			     x->region,
			     x->applicant,
			     x->channel,
			     x->by->id,
			     x->sealed_agent,
			     x->submit ? "submitted" : "draft",
			     x->sealed_form,
			     x->sealed_delivery,
			     x->immediate,
			     x->promised_days,
			     x->submit ? day : NULL,
			     now};
	if (case_insert(c, &ins) != 0)
		return -1;
	if (case_files_insert(c, x->id, x->files, x->pages) != 0)
		return -1;
	if (case_certs_save(c, x->id, x->certs, now) != 0)
		return -1;
	/* the authorisation material is part of the case: its staff may read it */
	if (x->agent &&
	    case_file_set(c, x->id, CASE_AGENT_AUTHORIZATION,
			  json_string_value(json_object_get(x->agent, "authorization_file"))) != 0)
		return -1;
	int rc;
	/* what the timeline and the task queue need of the new row */
	case_row_t row = {0};
	snprintf(row.id, sizeof row.id, "%s", x->id);
	snprintf(row.department, sizeof row.department, "%s", x->department);
	snprintf(row.status, sizeof row.status, "%s", x->submit ? "submitted" : "draft");
	json_t *note = json_pack("{ss}", "channel", x->channel);
	if (x->agent)
		json_object_set_new(note, "agent",
				    json_string(json_string_value(json_object_get(x->agent, "name"))));
	rc = case_event(c, &row, x->by, x->submit ? "submit" : "create", "draft", row.status, note);
	json_decref(note);
	if (rc == 0 && x->submit) {
		/* the intake term first: the intake task is queued by it */
		char due[DATE_STR_LEN];
		rc = case_intake_term(c, x->id, x->region, x->applicant, due);
		if (rc == 0)
			rc = case_tasks_first(c, &row, x->has_result, due); /* a new case: nothing to close */
	}
	if (rc == 0 && (!strcmp(x->channel, "window") || !strcmp(x->channel, "assisted")))
		rc = visit_record(c, x->applicant, x->department, "window_intake", x->id, NULL, x->by->id);
	if (rc == 0)
		rc = filed_follow(c, x, now);
	if (rc == 0 && x->accept) {
		/* the machine's own acceptance, by the clerk, so it is checked and recorded as any other */
		case_input_t none = {0};
		const wf_action_t *accept = wf_action(&case_machine, "accept");
		errcode_t ec = case_act_within(c, x->by, x->id, accept, &none, NULL, false, x->errs);
		if (ec != E_OK)
			return ec == E_INTERNAL ? -1 : (int)ec;
	}
	/* the answer's head, read where the rows are at hand: the answer then reads nothing */
	if (rc == 0 && x->head && !case_head(c, x->id, x->head))
		return -1;
	return rc;
}

/* Finds the applicant a clerk names: {"id_number"} or {"credit_code"} of a registered account. */
static bool resolve_applicant(dbc_t *c, const json_t *a, char out[ACCOUNT_ID_LEN], errs_t *e)
{
	const char *idn = NULL, *cc = NULL;
	jfield_t spec[] = {
		{"id_number", JF_STRING, false, 15, 18, &idn, NULL},
		{"credit_code", JF_STRING, false, 18, 18, &cc, NULL},
		JF_END,
	};
	if (!json_spec_parse(a, spec, "applicant", e))
		return false;
	if (!idn == !cc) {
		errs_add(e, "applicant", "required", "请给出申请人的身份证号码或统一社会信用代码之一",
			 "give the applicant's ID number or credit code");
		return false;
	}
	char norm[19] = "";
	if (idn) {
		int y, m, d;
		date_to_ymd(today_day(), &y, &m, &d);
		idnum_info_t info;
		if (idnum_check(idn, y, m, d, &info) != IDNUM_OK) {
			errs_add(e, "applicant.id_number", "id_number", "身份证号码无效", "invalid ID number");
			return false;
		}
		memcpy(norm, info.normalized, sizeof norm);
	}
	bool ok = idn ? account_find_active_by_id_number(c, norm, out)
		      : account_find_active_by_credit_code(c, cc, out);
	if (!ok)
		errs_add(e, idn ? "applicant.id_number" : "applicant.credit_code", "not_registered",
			 "申请人尚未注册，请先在窗口为其注册账户",
			 "the applicant has no account yet: register one at the window first");
	return ok;
}

static json_t *check_agent(dbc_t *c, const json_t *a, const char *clerk, errs_t *e)
{
	const char *name = NULL, *idn = NULL, *relation = NULL, *file = NULL;
	jfield_t spec[] = {
		{"name", JF_STRING, true, 2, 50, &name, NULL},
		{"id_number", JF_STRING, true, 15, 18, &idn, NULL},
		{"relation", JF_STRING, true, 1, 50, &relation, NULL},
		{"authorization_file", JF_STRING, true, 1, 64, &file, NULL},
		JF_END,
	};
	if (!json_spec_parse(a, spec, "agent", e))
		return NULL;
	if (text_has_invisible(name)) {
		errs_add(e, "agent.name", "invisible_chars", "代办人姓名不能包含不可见字符或文字方向控制字符",
			 "the agent's name must not contain invisible or bidirectional control characters");
		return NULL;
	}
	int y, m, d;
	date_to_ymd(today_day(), &y, &m, &d);
	idnum_info_t info;
	if (idnum_check(idn, y, m, d, &info) != IDNUM_OK) {
		errs_add(e, "agent.id_number", "id_number", "代办人身份证号码无效", "the agent's ID number is invalid");
		return NULL;
	}
	json_t *def = json_pack("{s[ssss] sI}", "formats", "pdf", "jpeg", "png", "ofd", "max_size",
				(json_int_t)(20 * 1024 * 1024));
	bool ok = case_check_file(c, def, file, clerk, "agent.authorization_file", e);
	json_decref(def);
	if (!ok)
		return NULL;
	return json_pack("{ss ss ss ss}", "name", name, "id_number", info.normalized, "relation", relation,
			 "authorization_file", file);
}

/* Files a case. The API has parsed the envelope (errors already in e are
 * kept); everything that can still be checked is checked, so that one answer
 * names every problem at once (一次性告知). */
static errcode_t create(store_t *st, dbc_t *w, const actor_t *by, const case_new_t *in, errs_t *e,
		       char id_out[CASE_ID_LEN], bool *replayed)
{
	dbc_t *c = w ? w : store_reader(st);
	struct create_ctx x = {.by = by,
			       .idem_key = w ? NULL : in->idem_key,
			       .submit = in->submit,
			       .limited = in->limited,
			       .bundled = in->bundled,
			       .accept = in->accept,
			       .errs = e,
			       .head = in->head};
	json_t *doc = NULL;
	errcode_t ec = E_VALIDATION;
	bool clerk = (by->roles & ROLE_WINDOW_CLERK) != 0,
	     applicant_self = (by->roles & ROLES_APPLICANT) != 0;
	const char *channel = in->channel;
	bool in_person = channel && (!strcmp(channel, "window") || !strcmp(channel, "assisted"));
	if (channel && strcmp(channel, "online") && strcmp(channel, "mobile") && !in_person) {
		errs_add(e, "channel", "not_an_option", "渠道应为 online、mobile、window 或 assisted",
			 "channel is online, mobile, window or assisted");
		channel = NULL;
	}
	if (channel && ((in_person && !clerk) || (!in_person && !applicant_self))) {
		ec = E_FORBIDDEN;
		goto out;
	}
	int64_t current;
	if (in->matter && !matter_is_active(c, in->matter, &current)) {
		errcode_t mec;
		char *t = matter_get_text(c, in->matter, 0, &current, &mec);
		free(t);
		if (t)
			errs_add(e, "matter", "retired", "该事项已停止受理新申请",
				 "the matter no longer accepts applications");
		else
			errs_add(e, "matter", "unknown", "没有这个事项", "no such matter");
	} else if (in->matter && !(doc = matter_doc(c, in->matter, current))) {
		ec = E_INTERNAL;
		goto out;
	}
	if (doc) {
		x.matter_code = in->matter;
		x.matter_version = current;
		x.immediate = json_is_true(json_object_get(doc, "immediate"));
		x.has_result = matter_has_result(doc);
		x.promised_days = (int)json_integer_value(json_object_get(doc, "promised_days"));
		snprintf(x.department, sizeof x.department, "%s",
			 json_string_value(json_object_get(doc, "department")));
		if (!geo_department_region(c, x.department, x.region))
			snprintf(x.region, sizeof x.region, "000000");
	}
	x.channel = channel;
	if (in_person && channel) {
		/* a bundle's window clerk files every step of it, whatever its department (一窗受理) */
		if (doc && !in->bundled && strcmp(by->department, x.department) != 0) {
			ec = E_FORBIDDEN;
			goto out;
		}
		if (!in->applicant)
			errs_add(e, "applicant", "required", "请给出申请人", "the applicant is required");
		else
			resolve_applicant(c, in->applicant, x.applicant, e);
		if (!strcmp(channel, "assisted")) {
			if (!in->agent)
				errs_add(e, "agent", "required", "帮办代办须登记代办人和授权委托材料",
					 "an assisted application records the agent and the authorisation");
			else
				x.agent = check_agent(c, in->agent, by->id, e);
		} else if (in->agent)
			errs_add(e, "agent", "not_allowed", "本人到场办理无需代办人",
				 "no agent when the applicant is present");
	} else if (channel) {
		snprintf(x.applicant, sizeof x.applicant, "%s", by->id);
		if (in->applicant)
			errs_add(e, "applicant", "not_allowed", "在线申请人即为登录账户",
				 "online, the applicant is the logged-in account");
		if (in->agent)
			errs_add(e, "agent", "not_allowed", "代办须在窗口登记",
				 "assisted applications are recorded at a window");
	}
	form_opts_t fo;
	char credit[CREDIT_CODE_LEN] = "";
	case_form_opts(c, "form", &fo);
	if (doc && x.applicant[0] && !in->bundled)
		case_applicant_check(c, doc, x.applicant, channel, x.agent,
				     in_person ? "applicant" : "matter", &fo, credit, e);
	if (doc) {
		if (x.submit && in->form)
			form_validate(json_object_get(doc, "form"), in->form, &fo, e);
		json_t *named = json_object();
		x.pages = json_object();
		x.files = in->materials
			      ? case_parse_materials(c, doc, in->materials, by->id, named, e, x.pages)
			      : json_object();
		/* 免提交: the applicant's own certificates, named or (when submitted) taken */
		x.certs = json_object();
		x.now = clock_now_ms();
		if (x.applicant[0] &&
		    case_certs_resolve(c, doc, x.applicant, NULL, named, x.files, x.submit, x.now, x.certs,
				       e) != 0)
			ec = E_INTERNAL;
		json_decref(named);
		if (ec == E_INTERNAL)
			goto out;
		if (x.submit)
			case_require_materials(doc, x.files, x.certs, e);
		if (in->delivery)
			x.delivery = check_delivery(doc, in->delivery, e);
	}
	if (in->accept && (!in_person || !in->submit))
		errs_add(e, "accept", "not_allowed", "只有在窗口提交、材料经当面核验的申请才能当场受理",
			 "only an application submitted at a window, its materials checked in person, is "
			 "accepted as it is filed");
	else if (in->accept && doc && x.immediate)
		errs_add(e, "accept", "immediate", "即办件当场办结，无需另行受理",
			 "an immediate matter is handled on the spot, not accepted first");
	if (errs_any(e) || !doc || !channel)
		goto out;
	x.form = in->form;
	hash_hex(in->raw ? in->raw : "", in->raw ? in->raw_len : 0, x.req_hash);
	/* the documents are serialised and sealed here, on the request's thread, not by the writer */
	bool sealed = true;
	x.sealed_agent = case_seal_json(x.agent, &sealed);
	x.sealed_form = case_seal_json(x.form, &sealed);
	x.sealed_delivery = case_seal_json(x.delivery, &sealed);
	if (!sealed) { /* no key file */
		ec = E_INTERNAL;
		goto out;
	}
	int r = w ? create_write(w, &x) : store_write(st, create_write, &x);
	if (r == REPLAYED || r == 0) {
		memcpy(id_out, x.id, CASE_ID_LEN);
		*replayed = r == REPLAYED;
		ec = E_OK;
	} else if (r == E_IDEMPOTENCY_MISMATCH) {
		errs_add(e, "Idempotency-Key", "reused", "该幂等键已用于另一个不同的请求",
			 "this Idempotency-Key was already used with a different request");
		ec = E_IDEMPOTENCY_MISMATCH;
	} else
		ec = r > 0 ? (errcode_t)r : E_INTERNAL;
out:
	free(x.sealed_agent);
	free(x.sealed_form);
	free(x.sealed_delivery);
	json_decref(doc);
	json_decref(x.files);
	json_decref(x.pages);
	json_decref(x.certs);
	json_decref(x.delivery);
	json_decref(x.agent);
	return ec;
}

errcode_t case_create(store_t *st, const actor_t *by, const case_new_t *in, errs_t *e,
		      char id_out[CASE_ID_LEN], bool *replayed)
{
	return create(st, NULL, by, in, e, id_out, replayed);
}

errcode_t case_create_within(dbc_t *c, const actor_t *by, const case_new_t *in, errs_t *e,
			     char id_out[CASE_ID_LEN])
{
	bool replayed;
	return create(NULL, c, by, in, e, id_out, &replayed);
}

struct draft_ctx {
	const actor_t *by;
	const char *id;
	int64_t if_version;
	json_t *form, *files, *pages, *delivery;
	json_t *certs; /* the certificates named, checked (case_certs.c) */
};

static int draft_write(dbc_t *c, void *arg)
{
	struct draft_ctx *x = arg;
	case_row_t r;
	if (!case_load(c, x->id, &r))
		return E_NOT_FOUND;
	int rc = 0;
	if (strcmp(r.status, "draft") != 0) {
		rc = E_STATE;
		goto out;
	}
	if (r.version != x->if_version) {
		rc = E_STALE;
		goto out;
	}
	if (x->form) {
		json_decref(r.form);
		r.form = json_incref(x->form);
	}
	if (x->delivery) {
		json_decref(r.delivery);
		r.delivery = json_incref(x->delivery);
	}
	int64_t before = r.version;
	if ((rc = case_save(c, &r, before)) != 0) {
		rc = rc > 0 ? E_STALE : -1;
		goto out;
	}
	/* materials given anew are the draft's uploads from now on: one left out is removed */
	if (x->files && case_files_clear(c, r.id) != 0) {
		rc = -1;
		goto out;
	}
	if (case_files_attach(c, r.id, x->files, x->pages) != 0) {
		rc = -1;
		goto out;
	}
	if (case_certs_save(c, r.id, x->certs, clock_now_ms()) != 0) {
		rc = -1;
		goto out;
	}
	rc = audit_append(c, x->by, "case.update_draft", "case", r.id, before, r.version, NULL);
out:
	case_row_release(&r);
	return rc;
}

errcode_t case_update_draft(store_t *st, const actor_t *by, const char *id, int64_t if_version,
			    const case_draft_t *in, errs_t *e)
{
	dbc_t *c = store_reader(st);
	case_row_t r;
	if (!case_load(c, id, &r))
		return E_NOT_FOUND;
	json_t *matter = matter_doc(c, r.matter_code, r.matter_version);
	if (!matter) {
		case_row_release(&r);
		return E_INTERNAL;
	}
	struct draft_ctx x = {
	    .by = by, .id = id, .if_version = if_version, .form = in->form, .delivery = in->delivery};
	json_t *named = json_object();
	x.certs = json_object();
	int crc = 0;
	if (in->materials) {
		x.pages = json_object();
		x.files = case_parse_materials(c, matter, in->materials, by->id, named, e, x.pages);
		crc = case_certs_resolve(c, matter, r.applicant_id, r.principal_id, named, x.files, false,
					 clock_now_ms(), x.certs, e);
	}
	json_decref(named);
	json_decref(matter);
	case_row_release(&r);
	if (crc != 0) {
		json_decref(x.files);
		json_decref(x.pages);
		json_decref(x.certs);
		return E_INTERNAL;
	}
	errcode_t ec = E_VALIDATION;
	if (!errs_any(e)) {
		int rc = store_write(st, draft_write, &x);
		ec = rc < 0 ? E_INTERNAL : (errcode_t)rc;
	}
	json_decref(x.files);
	json_decref(x.pages);
	json_decref(x.certs);
	return ec;
}
