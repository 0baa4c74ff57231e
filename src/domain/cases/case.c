/* cases.c — filing cases and reading them (see cases.h). Transitions are in
 * case_actions.c, the clock in case_clock.c. */
#include "domain/cases/case.h"
#include "domain/core/audit.h"
#include "domain/cases/case_clock.h"
#include "domain/cases/case_store.h"
#include "domain/catalog/matter.h"
#include "domain/catalog/form.h"
#include "domain/core/geo.h"
#include "domain/core/message.h"
#include "domain/appointments/visit.h"
#include "domain/calendar/workcal.h"
#include "domain/cases/case_flow.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/idcheck.h"
#include "base/jsonin.h"
#include "base/log.h"
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
bool case_check_file(dbc_t *c, const json_t *mdef, const char *file_id, const char *owner, const char *path, errs_t *e)
{
	dbs_t *s = db_prep(c, "SELECT type, size, owner_account FROM files WHERE id = ?");
	if (!s) {
		errs_add(e, path, "unknown_file", "文件不存在", "no such file");
		return false;
	}
	db_bind_text(s, 1, file_id);
	bool ok = true;
	if (db_step(s) != DB_ROW || strcmp(db_col_text(s, 2), owner) != 0) {
		errs_add(e, path, "unknown_file", "文件不存在或不属于您", "no such file of yours");
		ok = false;
	} else {
		const char *type = db_col_text(s, 0);
		bool fmt = false;
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(mdef, "formats"), i, f) fmt |= !strcmp(json_string_value(f), type);
		if (!fmt) {
			errs_add(e, path, "file_type", "该材料不接受此文件格式", "this material does not accept that file type");
			ok = false;
		}
		long long max = json_integer_value(json_object_get(mdef, "max_size"));
		if (max > 0 && db_col_int(s, 1) > max) {
			errs_addi(e, path, "too_large", "文件不能超过 %lld 字节", "the file may be at most %lld bytes", max);
			ok = false;
		}
	}
	db_reset(s);
	return ok;
}

/* Normalises the materials array of a request into {key: file} (an object),
 * checking each entry (shared with case_actions.c for resubmissions and drafts). */
json_t *case_parse_materials(dbc_t *c, const json_t *matter, const json_t *arr, const char *owner, errs_t *e)
{
	json_t *out = json_object();
	size_t i;
	json_t *m;
	char p[64];
	json_array_foreach(arr, i, m) {
		snprintf(p, sizeof p, "materials[%zu]", i);
		const char *key = NULL, *file = NULL;
		jfield_t spec[] = {
			{"key", JF_STRING, true, 1, 64, &key, NULL},
			{"file", JF_STRING, true, 1, 64, &file, NULL},
			JF_END,
		};
		if (!json_spec_parse(m, spec, p, e))
			continue;
		const json_t *def = case_material_def(matter, key);
		char fp[80];
		snprintf(fp, sizeof fp, "%s.key", p);
		if (!def) {
			errs_add(e, fp, "unknown_material", "该事项没有这项材料", "the matter has no such material");
			continue;
		}
		if (json_object_get(out, key)) {
			errs_add(e, fp, "duplicate_key", "同一材料重复提交", "the material is given twice");
			continue;
		}
		snprintf(fp, sizeof fp, "%s.file", p);
		if (case_check_file(c, def, file, owner, fp, e))
			json_object_set_new(out, key, json_string(file));
	}
	return out;
}

/* Every required material present. */
void case_require_materials(const json_t *matter, const json_t *have, errs_t *e)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(matter, "materials"), i, m) {
		const char *key = json_string_value(json_object_get(m, "key"));
		if (json_is_true(json_object_get(m, "required")) && !json_object_get(have, key)) {
			char p[96], zh[256], en[256];
			snprintf(p, sizeof p, "materials.%s", key);
			snprintf(zh, sizeof zh, "缺少必需材料「%s」", json_string_value(json_object_get(json_object_get(m, "name"), "zh")));
			snprintf(en, sizeof en, "the required material \"%s\" is missing", json_string_value(json_object_get(json_object_get(m, "name"), "en")));
			errs_add(e, p, "required", zh, en);
		}
	}
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
	bool offered = false;
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(matter, "delivery"), i, o) offered |= !strcmp(json_string_value(o), method);
	if (!offered) {
		errs_add(e, "delivery.method", "not_an_option", "该事项不提供此送达方式", "the matter does not offer this delivery method");
		return NULL;
	}
	if (!strcmp(method, "post") && (!address || !recipient || !phone)) {
		errs_add(e, address ? (recipient ? "delivery.phone" : "delivery.recipient") : "delivery.address", "required",
			 "邮寄送达须填写地址、收件人和电话", "delivery by post needs address, recipient and phone");
		return NULL;
	}
	return json_deep_copy(d);
}

struct create_ctx {
	const actor_t *by;
	const char *idem_key;
	char req_hash[HASH_HEX_LEN];
	char id[40];
	char applicant[40];
	const char *matter_code;
	int64_t matter_version;
	char department[32], region[16];
	const char *channel;
	json_t *form, *delivery, *agent, *files;
	bool submit, immediate, has_result;
	int promised_days;
	char number[40];
};

static int next_number(dbc_t *c, const char *region, char out[40])
{
	char day[DATE_STR_LEN], compact[9];
	today_str(day);
	snprintf(compact, sizeof compact, "%.4s%.2s%.2s", day, day + 5, day + 8);
	dbs_t *s = db_prep(c, "INSERT INTO case_numbers (region, day, last) VALUES (?, ?, 1) "
			      "ON CONFLICT (region, day) DO UPDATE SET last = case_numbers.last + 1");
	db_bind_text(s, 1, region);
	db_bind_text(s, 2, day);
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	s = db_prep(c, "SELECT last FROM case_numbers WHERE region = ? AND day = ?");
	db_bind_text(s, 1, region);
	db_bind_text(s, 2, day);
	if (db_step(s) != DB_ROW) {
		db_reset(s);
		return -1;
	}
	snprintf(out, 40, "%s-%s-%06lld", region, compact, (long long)db_col_int(s, 0));
	db_reset(s);
	return 0;
}

static int create_write(dbc_t *c, void *arg)
{
	struct create_ctx *x = arg;
	if (x->idem_key) {
		dbs_t *s = db_prep(c, "SELECT case_id, request_hash FROM idempotency WHERE account_id = ? AND key = ?");
		db_bind_text(s, 1, x->by->id);
		db_bind_text(s, 2, x->idem_key);
		int found = db_step(s) == DB_ROW;
		int r = 0;
		if (found) {
			snprintf(x->id, sizeof x->id, "%s", db_col_text(s, 0));
			r = strcmp(db_col_text(s, 1), x->req_hash) == 0 ? REPLAYED : E_IDEMPOTENCY_MISMATCH;
		}
		db_reset(s);
		if (found)
			return r;
	}
	rand_hex(x->id, 16);
	if (next_number(c, x->region, x->number) != 0)
		return -1;
	int64_t now = clock_now_ms();
	char day[DATE_STR_LEN];
	today_str(day);
	char *form = json_dumps(x->form, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *delivery = json_dumps(x->delivery, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *agent = x->agent ? json_dumps(x->agent, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	dbs_t *s = db_prep(c, "INSERT INTO cases (id, number, matter_code, matter_version, department, region, applicant_id, "
			      "channel, created_by, agent, status, form, delivery, immediate, promised_days, submitted_day, "
			      "created_at, submitted_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	int k = 1;
	db_bind_text(s, k++, x->id);
	db_bind_text(s, k++, x->number);
	db_bind_text(s, k++, x->matter_code);
	db_bind_int(s, k++, x->matter_version);
	db_bind_text(s, k++, x->department);
	db_bind_text(s, k++, x->region);
	db_bind_text(s, k++, x->applicant);
	db_bind_text(s, k++, x->channel);
	db_bind_text(s, k++, x->by->id);
	db_bind_text(s, k++, agent);
	db_bind_text(s, k++, x->submit ? "submitted" : "draft");
	db_bind_text(s, k++, form);
	db_bind_text(s, k++, delivery);
	db_bind_int(s, k++, x->immediate);
	db_bind_int(s, k++, x->promised_days);
	db_bind_text(s, k++, x->submit ? day : NULL);
	db_bind_int(s, k++, now);
	if (x->submit)
		db_bind_int(s, k++, now);
	else
		db_bind_null(s, k++);
	db_bind_int(s, k++, now);
	int rc = db_step(s);
	db_reset(s);
	free(form);
	free(delivery);
	free(agent);
	if (rc != DB_DONE)
		return -1;
	const char *key;
	json_t *fid;
	json_object_foreach(x->files, key, fid) {
		s = db_prep(c, "INSERT INTO case_files (case_id, material_key, file_id) VALUES (?,?,?)");
		db_bind_text(s, 1, x->id);
		db_bind_text(s, 2, key);
		db_bind_text(s, 3, json_string_value(fid));
		rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	if (x->agent) {
		/* the authorisation material is part of the case: its staff may read it */
		s = db_prep(c, "INSERT INTO case_files (case_id, material_key, file_id) VALUES (?, '_agent_authorization', ?)");
		db_bind_text(s, 1, x->id);
		db_bind_text(s, 2, json_string_value(json_object_get(x->agent, "authorization_file")));
		rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	if (x->idem_key) {
		s = db_prep(c, "INSERT INTO idempotency (account_id, key, request_hash, case_id, created_at) VALUES (?,?,?,?,?)");
		db_bind_text(s, 1, x->by->id);
		db_bind_text(s, 2, x->idem_key);
		db_bind_text(s, 3, x->req_hash);
		db_bind_text(s, 4, x->id);
		db_bind_int(s, 5, now);
		rc = db_step(s);
		db_reset(s);
		if (rc != DB_DONE)
			return -1;
	}
	/* what the timeline and the task queue need of the new row */
	case_row_t row = {0};
	snprintf(row.id, sizeof row.id, "%s", x->id);
	snprintf(row.department, sizeof row.department, "%s", x->department);
	snprintf(row.status, sizeof row.status, "%s", x->submit ? "submitted" : "draft");
	json_t *note = json_pack("{ss}", "channel", x->channel);
	if (x->agent)
		json_object_set_new(note, "agent", json_string(json_string_value(json_object_get(x->agent, "name"))));
	rc = case_event(c, &row, x->by, x->submit ? "submit" : "create", "draft", row.status, note);
	json_decref(note);
	if (rc == 0 && x->submit)
		rc = case_tasks_follow(c, &row, x->has_result);
	if (rc == 0 && x->submit) {
		deadline_t d;
		rc = deadline_set(c, "case", x->id, "intake", x->region, today_day(), 5, x->applicant, &d);
	}
	if (rc == 0 && (!strcmp(x->channel, "window") || !strcmp(x->channel, "assisted")))
		rc = visit_record(c, x->applicant, x->department, "window_intake", x->id, NULL, x->by->id);
	if (rc == 0 && x->submit) {
		char zh[256], en[256];
		snprintf(zh, sizeof zh, "您的申请已提交，办件编号 %s。", x->number);
		snprintf(en, sizeof en, "Your application was submitted: case %s.", x->number);
		rc = message_add(c, x->applicant, "case_status", "申请已提交", "Application submitted", zh, en, "case", x->id);
	}
	if (rc == 0) {
		json_t *detail = json_pack("{ss ss sI ss}", "number", x->number, "matter", x->matter_code, "matter_version",
					   (json_int_t)x->matter_version, "channel", x->channel);
		rc = audit_append(c, x->by, x->submit ? "case.submit" : "case.create", "case", x->id, 0, 1, detail);
		json_decref(detail);
	}
	return rc;
}

/* Finds the applicant a clerk names: {"id_number"} or {"credit_code"} of a registered account. */
static bool resolve_applicant(dbc_t *c, const json_t *a, char out[40], errs_t *e)
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
	dbs_t *s = db_prep(c, idn ? "SELECT id FROM accounts WHERE id_number = ? AND status = 'active'"
				  : "SELECT id FROM accounts WHERE credit_code = ? AND status = 'active'");
	db_bind_text(s, 1, idn ? norm : cc);
	bool ok = db_step(s) == DB_ROW;
	if (ok)
		snprintf(out, 40, "%s", db_col_text(s, 0));
	db_reset(s);
	if (!ok)
		errs_add(e, idn ? "applicant.id_number" : "applicant.credit_code", "not_registered",
			 "申请人尚未注册，请先在窗口为其注册账户", "the applicant has no account yet: register one at the window first");
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
	int y, m, d;
	date_to_ymd(today_day(), &y, &m, &d);
	idnum_info_t info;
	if (idnum_check(idn, y, m, d, &info) != IDNUM_OK) {
		errs_add(e, "agent.id_number", "id_number", "代办人身份证号码无效", "the agent's ID number is invalid");
		return NULL;
	}
	json_t *def = json_pack("{s[ssss] sI}", "formats", "pdf", "jpeg", "png", "ofd", "max_size", (json_int_t)(20 * 1024 * 1024));
	bool ok = case_check_file(c, def, file, clerk, "agent.authorization_file", e);
	json_decref(def);
	if (!ok)
		return NULL;
	return json_pack("{ss ss ss ss}", "name", name, "id_number", info.normalized, "relation", relation,
			 "authorization_file", file);
}

errcode_t case_create(store_t *st, const actor_t *by, const json_t *body, const char *idem_key, const char *raw,
		      size_t raw_len, errs_t *e, char id_out[40], bool *replayed)
{
	dbc_t *c = store_reader(st);
	struct create_ctx x = {.by = by, .idem_key = idem_key, .submit = true};
	json_t *form = NULL, *materials = NULL, *delivery = NULL, *applicant = NULL, *agent = NULL;
	const char *matter = NULL, *channel = NULL;
	jfield_t spec[] = {
		{"matter", JF_STRING, true, 1, 16, &matter, NULL},
		{"form", JF_OBJECT, true, 0, 0, &form, NULL},
		{"materials", JF_ARRAY, false, 0, 50, &materials, NULL},
		{"channel", JF_STRING, true, 1, 16, &channel, NULL},
		{"delivery", JF_OBJECT, true, 0, 0, &delivery, NULL},
		{"submit", JF_BOOL, false, 0, 0, &x.submit, NULL},
		{"applicant", JF_OBJECT, false, 0, 0, &applicant, NULL},
		{"agent", JF_OBJECT, false, 0, 0, &agent, NULL},
		JF_END,
	};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	bool clerk = (by->roles & ROLE_WINDOW_CLERK) != 0, applicant_self = (by->roles & ROLES_APPLICANT) != 0;
	bool in_person = !strcmp(channel, "window") || !strcmp(channel, "assisted");
	if (strcmp(channel, "online") && strcmp(channel, "mobile") && !in_person) {
		errs_add(e, "channel", "not_an_option", "渠道应为 online、mobile、window 或 assisted", "channel is online, mobile, window or assisted");
		return E_VALIDATION;
	}
	if (in_person && !clerk)
		return E_FORBIDDEN;
	if (!in_person && !applicant_self)
		return E_FORBIDDEN;
	json_t *doc = NULL;
	int64_t current;
	if (!matter_is_active(c, matter, &current)) {
		errcode_t ec;
		char *t = matter_get_text(c, matter, 0, &current, &ec);
		free(t);
		if (t)
			errs_add(e, "matter", "retired", "该事项已停止受理新申请", "the matter no longer accepts applications");
		else
			errs_add(e, "matter", "unknown", "没有这个事项", "no such matter");
		return E_VALIDATION;
	}
	doc = matter_doc(c, matter, current);
	if (!doc)
		return E_INTERNAL;
	x.matter_code = matter;
	x.matter_version = current;
	x.immediate = json_is_true(json_object_get(doc, "immediate"));
	x.has_result = matter_has_result(doc);
	x.promised_days = (int)json_integer_value(json_object_get(doc, "promised_days"));
	snprintf(x.department, sizeof x.department, "%s", json_string_value(json_object_get(doc, "department")));
	if (!geo_department_region(c, x.department, x.region))
		snprintf(x.region, sizeof x.region, "000000");
	x.channel = channel;
	if (in_person) {
		if (!clerk || strcmp(by->department, x.department) != 0) {
			json_decref(doc);
			return E_FORBIDDEN;
		}
		if (!applicant)
			errs_add(e, "applicant", "required", "请给出申请人", "the applicant is required");
		else
			resolve_applicant(c, applicant, x.applicant, e);
		if (!strcmp(channel, "assisted")) {
			if (!agent)
				errs_add(e, "agent", "required", "帮办代办须登记代办人和授权委托材料", "an assisted application records the agent and the authorisation");
			else
				x.agent = check_agent(c, agent, by->id, e);
		} else if (agent)
			errs_add(e, "agent", "not_allowed", "本人到场办理无需代办人", "no agent when the applicant is present");
	} else {
		snprintf(x.applicant, sizeof x.applicant, "%s", by->id);
		if (applicant)
			errs_add(e, "applicant", "not_allowed", "在线申请人即为登录账户", "online, the applicant is the logged-in account");
		if (agent)
			errs_add(e, "agent", "not_allowed", "代办须在窗口登记", "assisted applications are recorded at a window");
	}
	form_opts_t fo;
	case_form_opts(c, "form", &fo);
	json_t *schema = json_object_get(doc, "form");
	if (x.submit)
		form_validate(schema, form, &fo, e);
	x.files = case_parse_materials(c, doc, materials ? materials : json_array(), by->id, e);
	if (x.submit)
		case_require_materials(doc, x.files, e);
	x.delivery = check_delivery(doc, delivery, e);
	if (errs_any(e)) {
		json_decref(doc);
		json_decref(x.files);
		json_decref(x.delivery);
		json_decref(x.agent);
		return E_VALIDATION;
	}
	x.form = form;
	hash_hex(raw ? raw : "", raw ? raw_len : 0, x.req_hash);
	int r = store_write(st, create_write, &x);
	json_decref(doc);
	json_decref(x.files);
	json_decref(x.delivery);
	json_decref(x.agent);
	if (r == REPLAYED || r == 0) {
		memcpy(id_out, x.id, 40);
		*replayed = r == REPLAYED;
		return E_OK;
	}
	return r > 0 ? (errcode_t)r : E_INTERNAL;
}

bool case_owner_dept(dbc_t *c, const char *id, const char *viewer, char owner[40], char dept[32])
{
	dbs_t *s = db_prep(c, "SELECT applicant_id, department FROM cases WHERE id = ? AND (status <> 'draft' OR applicant_id = ?)");
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, viewer);
	bool ok = db_step(s) == DB_ROW;
	if (ok) {
		snprintf(owner, 40, "%s", db_col_text(s, 0));
		snprintf(dept, 32, "%s", db_col_text(s, 1));
	}
	db_reset(s);
	return ok;
}
