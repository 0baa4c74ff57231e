/* inspection.c — registers, plans, the draw on the real registers, findings
 * (see inspection.h). Each write validates its input outside the writer, then
 * reads, checks and changes inside one store_write, with an audit entry. */
#include "domain/inspections/inspection.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "domain/core/audit.h"
#include "domain/identity/account.h"
#include "domain/inspections/draw.h"
#include "domain/inspections/inspection_store.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

static const char *const RISKS[] = {"high", "medium", "low", NULL};
/* The sampling strata: the risk levels, and "flagged" — firms with complaints in the last 365 days or
 * past non-compliant findings, sampled apart from their risk level (draw.h). */
static const char *const STRATA[] = {"high", "medium", "low", "flagged", NULL};
static const char *const TAX_CREDIT[] = {"A", "B", "M", "C", "D", NULL};
static const char *const RESULTS[] = {"compliant", "non_compliant", "not_found", NULL};

/* A JSON array of non-empty strings of at most max characters, at most n of them. */
static bool string_list(const json_t *a, size_t n, size_t max)
{
	if (!json_is_array(a) || json_array_size(a) > n)
		return false;
	size_t i;
	const json_t *v;
	json_array_foreach(a, i, v) if (!json_is_string(v) || !json_string_length(v) ||
					json_string_length(v) > max) return false;
	return true;
}

static errcode_t write_rc(int rc) { return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL; }

/* ------------------------------------------------------------ registers */

struct reg_ctx {
	const actor_t *by;
	const char *account, *street;
	const insp_item_t *item;
	const json_t *body, *quals, *relations, *employers;
};

static int item_write(dbc_t *c, void *arg)
{
	struct reg_ctx *x = arg;
	if (insp_store_item_put(c, x->item, clock_now_ms()) != DB_DONE)
		return -1;
	json_t *d = json_pack("{ss ss}", "department", x->item->department, "legal_basis",
			      x->item->legal_basis);
	int rc = audit_append(c, x->by, "inspection_item.put", "inspection_item", x->item->code, 0, 0, d);
	json_decref(d);
	return rc;
}

errcode_t insp_item_put(store_t *st, const actor_t *by, const insp_item_t *item, errs_t *e)
{
	if (!*by->department)
		return E_FORBIDDEN;
	insp_item_t it = *item;
	it.department = by->department;
	struct reg_ctx x = {.by = by, .item = &it};
	return write_rc(store_write(st, item_write, &x));
}

static int profile_write(dbc_t *c, void *arg)
{
	struct reg_ctx *x = arg;
	account_brief_t b;
	if (!account_brief(c, x->account, &b) || strcmp(b.kind, "enterprise") != 0)
		return E_NOT_FOUND;
	int64_t now = clock_now_ms();
	if (insp_store_profile_put(c, x->account, x->body, now) != DB_DONE)
		return -1;
	int rc = audit_append(c, x->by, "enterprise_profile.put", "account", x->account, 0, 0,
			      (json_t *)x->body);
	return rc ? rc : domain_enterprise_changed(c, x->by, x->account, now);
}

errcode_t insp_profile_put(store_t *st, const actor_t *by, const char *account, const json_t *body, errs_t *e)
{
	const char *industry = NULL, *district = NULL, *street = "", *risk = NULL, *size = "", *founded = "",
		   *tax = "";
	long long employees = 0;
	jfield_t spec[] = {
	    {"industry", JF_STRING, true, 1, 32, &industry, NULL},
	    {"district", JF_STRING, true, 1, 32, &district, NULL},
	    {"street", JF_STRING, false, 0, 32, &street, NULL},
	    {"risk", JF_STRING, true, 1, 16, &risk, NULL},
	    {"size", JF_STRING, false, 0, 16, &size, NULL},
	    {"founded", JF_STRING, false, 0, 10, &founded, NULL},
	    {"tax_credit", JF_STRING, false, 0, 1, &tax, NULL},
	    {"employees", JF_INT, false, 0, 10000000, &employees, NULL},
	    JF_END,
	};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	day_t d;
	if (!in_list(risk, RISKS))
		errs_add(e, "risk", "not_allowed", "风险等级应为 high、medium 或 low",
			 "risk is high, medium or low");
	if (*founded && !date_parse(founded, &d))
		errs_add(e, "founded", "invalid_date", "成立日期应为 YYYY-MM-DD",
			 "founded is a date YYYY-MM-DD");
	if (*tax && !in_list(tax, TAX_CREDIT))
		errs_add(e, "tax_credit", "not_allowed", "纳税信用等级应为 A、B、M、C 或 D",
			 "tax_credit is A, B, M, C or D");
	if (errs_any(e))
		return E_VALIDATION;
	struct reg_ctx x = {.by = by, .account = account, .body = body};
	return write_rc(store_write(st, profile_write, &x));
}

static int inspector_write(dbc_t *c, void *arg)
{
	struct reg_ctx *x = arg;
	unsigned roles;
	if (!account_staff_roles(c, x->account, x->by->department, &roles))
		return E_NOT_FOUND; /* not a member of the head's department */
	if (insp_store_inspector_put(c, x->account, x->by->department, x->quals, x->street, x->relations,
				     x->employers, clock_now_ms()) != DB_DONE)
		return -1;
	/* the declarations are personal data: the audit entry says that they changed, not what they are */
	json_t *d = json_pack("{ss}", "department", x->by->department);
	int rc = audit_append(c, x->by, "inspector.put", "account", x->account, 0, 0, d);
	json_decref(d);
	return rc;
}

errcode_t insp_inspector_put(store_t *st, const actor_t *by, const char *account, const json_t *body,
			     errs_t *e)
{
	const char *street = NULL;
	json_t *quals = NULL, *relations = NULL, *employers = NULL;
	jfield_t spec[] = {
	    {"qualifications", JF_ARRAY, true, 1, 20, &quals, NULL},
	    {"street", JF_STRING, true, 1, 32, &street, NULL},
	    {"relations", JF_ARRAY, false, 0, 50, &relations, NULL},
	    {"employers", JF_ARRAY, false, 0, 50, &employers, NULL},
	    JF_END,
	};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	json_t *empty = json_array();
	if (!string_list(quals, 20, 64))
		errs_add(e, "qualifications", "invalid", "执法资格应为文字列表",
			 "qualifications: a list of names");
	if (relations && !string_list(relations, 50, 40))
		errs_add(e, "relations", "invalid", "应为企业账户编号列表",
			 "relations: a list of account ids");
	if (employers && !string_list(employers, 50, 40))
		errs_add(e, "employers", "invalid", "应为企业账户编号列表",
			 "employers: a list of account ids");
	errcode_t ec = E_VALIDATION;
	if (!errs_any(e)) {
		struct reg_ctx x = {.by = by,
				    .account = account,
				    .street = street,
				    .quals = quals,
				    .relations = relations ?: empty,
				    .employers = employers ?: empty};
		ec = *by->department ? write_rc(store_write(st, inspector_write, &x)) : E_FORBIDDEN;
	}
	json_decref(empty);
	return ec;
}

/* ------------------------------------------------------------ plans */

struct create_ctx {
	const actor_t *by;
	insp_plan_t *p;
	errs_t *e;
};

static int create_write(dbc_t *c, void *arg)
{
	struct create_ctx *x = arg;
	/* the departments of the plan are those of its items */
	json_t *depts = insp_store_item_departments(c, x->p->items);
	json_t *list = json_array();
	size_t i;
	const json_t *v;
	int rc = 0;
	json_array_foreach(x->p->items, i, v)
	{
		const char *d = json_string_value(json_object_get(depts, json_string_value(v)));
		if (!d) {
			errs_add2(x->e, "items", json_string_value(v), "unknown_item", "没有这个检查事项",
				  "no such inspection item");
			rc = E_VALIDATION;
			continue;
		}
		bool seen = false;
		size_t k;
		const json_t *w;
		json_array_foreach(list, k, w) seen |= !strcmp(json_string_value(w), d);
		if (!seen)
			json_array_append_new(list, json_string(d));
	}
	json_decref(depts);
	long long per = json_integer_value(json_object_get(x->p->rules, "inspectors_per_target"));
	if (!rc && per < (long long)json_array_size(list)) {
		errs_add(x->e, "inspectors_per_target", "too_small", "每个对象的检查人员应至少每个部门一名",
			 "inspectors per target: at least one from each department involved");
		rc = E_VALIDATION;
	}
	json_object_set_new(x->p->rules, "departments", list);
	if (rc)
		return rc;
	if (insp_store_plan_insert(c, x->p, clock_now_ms()) != DB_DONE)
		return -1;
	return audit_append(c, x->by, "inspection_plan.create", "inspection_plan", x->p->id, 0, 1,
			    x->p->rules);
}

errcode_t insp_plan_create(store_t *st, const actor_t *by, const json_t *body, errs_t *e, char *id_out)
{
	const char *title = NULL, *title_en = "", *start = NULL, *end = NULL;
	json_t *items = NULL, *filter = NULL, *ratios = NULL;
	long long per = 2;
	jfield_t spec[] = {
	    {"title", JF_STRING, true, 1, 80, &title, NULL},
	    {"title_en", JF_STRING, false, 0, 160, &title_en, NULL},
	    {"items", JF_ARRAY, true, 1, 20, &items, NULL},
	    {"filter", JF_OBJECT, false, 0, 0, &filter, NULL},
	    {"ratios", JF_OBJECT, true, 0, 0, &ratios, NULL},
	    {"inspectors_per_target", JF_INT, false, 2, 20, &per, NULL},
	    {"period_start", JF_STRING, true, 10, 10, &start, NULL},
	    {"period_end", JF_STRING, true, 10, 10, &end, NULL},
	    JF_END,
	};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	if (!string_list(items, 20, 32))
		errs_add(e, "items", "invalid", "检查事项应为编码列表", "items: a list of item codes");
	const char *k;
	json_t *v;
	json_object_foreach(ratios, k, v) if (!in_list(k, STRATA) || !json_is_integer(v) ||
					      json_integer_value(v) < 0 || json_integer_value(v) > 1000)
	{
		errs_add(e, "ratios", "invalid",
			 "抽查比例按风险等级 high/medium/low（及 flagged：一年内被投诉或曾有不合格结果）"
			 "给出千分比 0–1000",
			 "ratios: per mille 0–1000 for the risk levels high, medium, low (and flagged: "
			 "firms with complaints in the last 365 days or past non-compliant findings)");
		break;
	}
	const char *fkeys[] = {"industries", "districts"};
	for (int i = 0; filter && i < 2; i++) {
		json_t *f = json_object_get(filter, fkeys[i]);
		if (f && !string_list(f, 50, 32))
			errs_add2(e, "filter", fkeys[i], "invalid", "应为文字列表", "a list of codes");
	}
	const char *flags[] = {"with_complaints", "with_findings"};
	size_t known = 0;
	for (int i = 0; filter && i < 2; i++) {
		json_t *f = json_object_get(filter, flags[i]);
		if (f && !json_is_boolean(f))
			errs_add2(e, "filter", flags[i], "invalid", "应为 true 或 false", "true or false");
		known += (json_object_get(filter, fkeys[i]) != NULL) + (f != NULL);
	}
	if (filter && json_object_size(filter) > known)
		errs_add(e, "filter", "unknown_member",
			 "筛选条件只有 industries、districts、with_complaints 和 with_findings",
			 "the filter has industries, districts, with_complaints and with_findings only");
	day_t ds, de;
	if (!date_parse(start, &ds))
		errs_add(e, "period_start", "invalid_date", "应为 YYYY-MM-DD", "a date YYYY-MM-DD");
	else if (!date_parse(end, &de) || de < ds)
		errs_add(e, "period_end", "invalid_date", "应为不早于开始日期的 YYYY-MM-DD",
			 "a date YYYY-MM-DD not before period_start");
	if (errs_any(e))
		return E_VALIDATION;
	insp_plan_t p = {0};
	id_new(p.id);
	snprintf(p.title, sizeof p.title, "%s", title);
	snprintf(p.title_en, sizeof p.title_en, "%s", title_en);
	snprintf(p.period_start, sizeof p.period_start, "%s", start);
	snprintf(p.period_end, sizeof p.period_end, "%s", end);
	snprintf(p.created_by, sizeof p.created_by, "%s", by->id);
	p.items = json_deep_copy(items);
	p.filter = filter ? json_deep_copy(filter) : json_object();
	p.rules = json_pack("{sO sI}", "ratios", ratios, "inspectors_per_target", (json_int_t)per);
	struct create_ctx x = {by, &p, e};
	errcode_t ec = write_rc(store_write(st, create_write, &x));
	if (ec == E_OK)
		memcpy(id_out, p.id, INSP_ID_LEN);
	insp_plan_release(&p);
	return ec;
}

/* ------------------------------------------------------------ the actions */

typedef struct {
	dbc_t *c;
	const actor_t *by;
	errs_t *e;
	int64_t now;
} act_ctx_t;

typedef struct {
	const char *public_value;
} act_input_t;

/* "T-" or "I-" and 12 hex digits of HMAC-SHA256(salt, account): stable within a plan, unlinkable
 * across plans and to the account without the salt, which is never stored or published. */
static void pseudonym(const char *prefix, const unsigned char salt[32], const char *account, char out[16])
{
	unsigned char mac[32];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, salt, 32);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)account, strlen(account));
	crypto_auth_hmacsha256_final(&st, mac);
	char hex[13];
	sodium_bin2hex(hex, sizeof hex, mac, 6);
	snprintf(out, 16, "%s%s", prefix, hex);
}

static bool listed(const json_t *a, const char *s)
{
	if (!a)
		return true; /* no filter on this attribute */
	if (!json_array_size(a))
		return true;
	size_t i;
	const json_t *v;
	json_array_foreach(a, i, v) if (!strcmp(json_string_value(v), s)) return true;
	return false;
}

/* The draw record of draw.h from the plan's columns (a new object). */
static json_t *plan_record(const insp_plan_t *p, bool with_seed)
{
	json_t *rec = json_pack("{ss ss ss sO}", "algorithm", DRAW_ALGORITHM, "plan", p->id, "seed_sha256",
				p->seed_sha256, "rules", p->rules);
	json_object_set_new(rec, "registers_sha256", json_string(p->registers_sha256));
	if (p->record) {
		json_object_set(rec, "targets", json_object_get(p->record, "targets"));
		json_object_set(rec, "inspectors", json_object_get(p->record, "inspectors"));
	}
	if (*p->public_value)
		json_object_set_new(rec, "public_value", json_string(p->public_value));
	if (with_seed)
		json_object_set_new(rec, "seed", json_string(p->seed));
	if (p->drawn)
		json_object_set(rec, "drawn", p->drawn);
	return rec;
}

static int apply_commit(void *ctx, void *item, const void *input, json_t *note)
{
	act_ctx_t *x = ctx;
	insp_plan_t *p = item;
	json_t *targets = insp_store_targets(x->c), *insps = insp_store_inspectors(x->c);
	json_t *filter_ind = json_object_get(p->filter, "industries");
	json_t *filter_dis = json_object_get(p->filter, "districts");
	bool need_complaints = json_is_true(json_object_get(p->filter, "with_complaints"));
	bool need_findings = json_is_true(json_object_get(p->filter, "with_findings"));
	bool weigh = json_object_get(json_object_get(p->rules, "ratios"), "flagged") != NULL;
	/* complaints of the last 365 days and past non-compliant findings, per account */
	json_t *history = json_object(), *reg = insp_store_register(x->c, x->now - 365 * 86400000LL);
	json_t *depts = json_object_get(p->rules, "departments");
	unsigned char salt[32];
	randombytes_buf(salt, sizeof salt);
	json_t *tlist = json_array(), *ilist = json_array(), *names = json_object(), *mine = json_array();
	char ps[16];
	size_t i, k;
	json_t *t, *in;
	json_array_foreach(reg, i, t)
	    json_object_set(history, json_string_value(json_object_get(t, "account")), t);
	json_array_foreach(targets, i, t)
	{
		json_t *h = json_object_get(history, json_string_value(json_object_get(t, "account")));
		bool complained = json_integer_value(json_object_get(h, "complaints")) > 0;
		bool found = json_integer_value(json_object_get(h, "findings")) > 0;
		if (!listed(filter_ind, json_string_value(json_object_get(t, "industry"))) ||
		    !listed(filter_dis, json_string_value(json_object_get(t, "district"))) ||
		    (need_complaints && !complained) || (need_findings && !found))
			continue;
		pseudonym("T-", salt, json_string_value(json_object_get(t, "account")), ps);
		json_object_set_new(t, "id", json_string(ps));
		json_array_append(mine, t);
		json_t *entry = json_pack("{ss sO}", "id", ps, "risk", json_object_get(t, "risk"));
		if (weigh && (complained || found))
			json_object_set_new(entry, "flagged", json_true());
		json_array_append_new(tlist, entry);
		json_object_set(names, ps, json_object_get(t, "account"));
	}
	json_array_foreach(insps, i, in)
	{
		if (!listed(depts, json_string_value(json_object_get(in, "department"))))
			continue;
		const char *acc = json_string_value(json_object_get(in, "account"));
		json_t *recused = json_array();
		json_array_foreach(mine, k,
				   t) if (draw_recused(json_string_value(json_object_get(in, "street")),
						       json_object_get(in, "relations"),
						       json_object_get(in, "employers"),
						       json_string_value(json_object_get(t, "account")),
						       json_string_value(json_object_get(t, "street"))))
		    json_array_append(recused, json_object_get(t, "id"));
		pseudonym("I-", salt, acc, ps);
		json_array_append_new(ilist,
				      json_pack("{ss sO so}", "id", ps, "department",
						json_object_get(in, "department"), "recused", recused));
		json_object_set_new(names, ps, json_string(acc));
	}
	sodium_memzero(salt, sizeof salt);
	json_decref(history);
	json_decref(reg);
	json_decref(targets);
	json_decref(insps);
	json_decref(mine);
	int rc = 0;
	if (!json_array_size(tlist)) {
		errs_add(x->e, "filter", "no_targets", "没有符合筛选条件的检查对象",
			 "no enterprise in the target register matches the filter");
		rc = E_VALIDATION;
	}
	json_decref(p->record);
	json_decref(p->pseudonyms);
	p->record = json_pack("{so so}", "targets", tlist, "inspectors", ilist);
	p->pseudonyms = names;
	rand_hex(p->seed, 32);
	draw_sha256_hex(p->seed, strlen(p->seed), p->seed_sha256);
	json_t *rec = plan_record(p, false);
	char why[DRAW_WHY];
	char *text = draw_registers_text(rec, why, sizeof why);
	json_decref(rec);
	if (!text)
		return rc ? rc : -1;
	draw_sha256_hex(text, strlen(text), p->registers_sha256);
	free(text);
	json_object_set_new(note, "seed_sha256", json_string(p->seed_sha256));
	json_object_set_new(note, "registers_sha256", json_string(p->registers_sha256));
	return rc;
}

/* Splits draw.c's "zh / en" message into an error of the field "inspectors". */
static void too_few(errs_t *e, const char *why)
{
	const char *sep = strstr(why, " / ");
	char zh[DRAW_WHY];
	snprintf(zh, sizeof zh, "%.*s", sep ? (int)(sep - why) : (int)strlen(why), why);
	errs_add(e, "inspectors", "too_few_after_recusal", zh, sep ? sep + 3 : why);
}

static int apply_draw(void *ctx, void *item, const void *input, json_t *note)
{
	act_ctx_t *x = ctx;
	insp_plan_t *p = item;
	const act_input_t *in = input;
	char why[DRAW_WHY];
	snprintf(p->public_value, sizeof p->public_value, "%s", in->public_value);
	json_t *rec = plan_record(p, true), *drawn = NULL;
	draw_rc_t dr = draw_check(rec, why, sizeof why);
	if (dr == DRAW_OK)
		dr = draw_run(rec, &drawn, why, sizeof why);
	json_decref(rec);
	if (dr == DRAW_TOO_FEW) {
		too_few(x->e, why);
		return E_VALIDATION;
	}
	if (dr != DRAW_OK)
		return -1;
	size_t i, k;
	json_t *d, *a;
	json_array_foreach(drawn, i, d)
	{
		const char *t = json_string_value(
		    json_object_get(p->pseudonyms, json_string_value(json_object_get(d, "target"))));
		json_array_foreach(json_object_get(d, "inspectors"), k, a)
		{
			const char *who =
			    json_string_value(json_object_get(p->pseudonyms, json_string_value(a)));
			if (!t || !who || insp_store_assign(x->c, p->id, t, who) != DB_DONE) {
				json_decref(drawn);
				return -1;
			}
		}
	}
	json_decref(p->drawn);
	p->drawn = drawn;
	json_object_set_new(note, "public_value", json_string(p->public_value));
	json_object_set_new(note, "targets", json_integer((json_int_t)json_array_size(drawn)));
	return 0;
}

static int apply_reveal(void *ctx, void *item, const void *input, json_t *note)
{
	json_object_set_new(note, "seed", json_string(((insp_plan_t *)item)->seed));
	return 0;
}

static int apply_nothing(void *ctx, void *item, const void *input, json_t *note) { return 0; }

static int apply_publish(void *ctx, void *item, const void *input, json_t *note)
{
	((insp_plan_t *)item)->published_at = ((act_ctx_t *)ctx)->now;
	return 0;
}

static void draw_spec(void *input, jfield_t spec[WF_SPEC_MAX])
{
	act_input_t *in = input;
	spec[0] = (jfield_t){"public_value", JF_STRING, true, 1, 200, &in->public_value, NULL};
	spec[1] = (jfield_t)JF_END;
}

const wf_action_t insp_actions[INSP_NACTIONS] = {
    {"commit", NULL, NULL, apply_commit, 0},   {"draw", draw_spec, NULL, apply_draw, 0},
    {"reveal", NULL, NULL, apply_reveal, 0},   {"start", NULL, NULL, apply_nothing, 0},
    {"publish", NULL, NULL, apply_publish, 0},
};

struct act_write {
	const actor_t *by;
	const char *id;
	const wf_action_t *action;
	act_input_t input;
	int64_t if_version;
	errs_t *e;
	char state[16];
};

static int act_write(dbc_t *c, void *arg)
{
	struct act_write *x = arg;
	errs_clear(x->e);
	insp_plan_t p;
	int rc = insp_store_plan_get(c, x->id, &p);
	if (rc != DB_ROW)
		return rc == DB_DONE ? E_NOT_FOUND : -1;
	snprintf(x->state, sizeof x->state, "%s", p.state);
	const wf_row_t *row;
	switch (wf_find(&inspection_machine, p.state, x->action->name, x->by->roles, NULL, &row)) {
	case WF_OK:
		rc = 0;
		break;
	case WF_NO_SUCH_ACTION:
		rc = E_NOT_FOUND;
		break;
	case WF_NEVER_YOURS:
	case WF_NOT_YOURS:
		rc = E_FORBIDDEN;
		break;
	default:
		rc = x->if_version && p.version != x->if_version ? E_STALE : E_STATE;
	}
	if (!rc && x->if_version && p.version != x->if_version)
		rc = E_STALE;
	json_t *note = json_object();
	act_ctx_t ctx = {c, x->by, x->e, clock_now_ms()};
	if (!rc)
		rc = x->action->apply(&ctx, &p, &x->input, note);
	if (!rc) {
		int64_t before = p.version;
		snprintf(p.state, sizeof p.state, "%s", wf_target(row, p.state, p.state));
		p.version++;
		rc = insp_store_plan_save(c, &p, ctx.now);
		rc = rc == DB_DONE ? 0 : rc == DB_CONSTRAINT ? E_STALE : -1;
		char action[48];
		snprintf(action, sizeof action, "inspection_plan.%s", x->action->name);
		if (!rc)
			rc = audit_append(c, x->by, action, "inspection_plan", p.id, before, p.version, note);
	}
	json_decref(note);
	insp_plan_release(&p);
	return rc;
}

errcode_t insp_plan_act(store_t *st, const actor_t *by, const char *id, const char *action,
			const json_t *body, int64_t if_version, errs_t *e, char *state_out)
{
	struct act_write x = {.by = by, .id = id, .if_version = if_version, .e = e};
	x.action = wf_action(&inspection_machine, action);
	if (!x.action)
		return E_NOT_FOUND;
	if (x.action->spec) {
		jfield_t spec[WF_SPEC_MAX];
		x.action->spec(&x.input, spec);
		if (!json_spec_parse(body, spec, NULL, e))
			return E_VALIDATION;
	}
	errcode_t ec = write_rc(store_write(st, act_write, &x));
	snprintf(state_out, 16, "%s", x.state);
	return ec;
}

/* ------------------------------------------------------------ findings */

struct finding_ctx {
	const actor_t *by;
	const char *plan, *target, *item, *result, *note, *deadline;
	errs_t *e;
};

static int finding_write(dbc_t *c, void *arg)
{
	struct finding_ctx *x = arg;
	insp_plan_t p;
	int rc = insp_store_plan_get(c, x->plan, &p);
	if (rc != DB_ROW)
		return rc == DB_DONE ? E_NOT_FOUND : -1;
	const char *account =
	    p.pseudonyms ? json_string_value(json_object_get(p.pseudonyms, x->target)) : NULL;
	bool item_ok = listed(p.items, x->item) && json_array_size(p.items);
	if (!account || !insp_store_assigned(c, p.id, account, x->by->id))
		rc = E_FORBIDDEN; /* not drawn for this caller */
	else if (strcmp(p.state, "inspecting") != 0)
		rc = E_STATE;
	else if (!item_ok) {
		errs_add(x->e, "item", "not_in_plan", "该检查事项不在本计划内",
			 "the item is not part of this plan");
		rc = E_VALIDATION;
	} else {
		char id[INSP_ID_LEN];
		id_new(id);
		rc = insp_store_finding_insert(c, id, p.id, account, x->item, x->by->id, x->result, x->note,
					       x->deadline, clock_now_ms());
		if (rc == DB_CONSTRAINT) {
			errs_add(x->e, "item", "recorded", "该对象的这一事项已记录结果",
				 "a finding for this item of this target is recorded already");
			rc = E_CONFLICT;
		} else if (rc != DB_DONE)
			rc = -1;
		else {
			json_t *d = json_pack("{ss ss ss}", "target", x->target, "item", x->item, "result",
					      x->result);
			rc = audit_append(c, x->by, "inspection.finding", "inspection_plan", p.id, 0, 0, d);
			json_decref(d);
		}
	}
	insp_plan_release(&p);
	return rc;
}

errcode_t insp_finding_record(store_t *st, const actor_t *by, const char *plan, const json_t *body, errs_t *e)
{
	struct finding_ctx x = {.by = by, .plan = plan, .note = "", .e = e};
	jfield_t spec[] = {
	    {"target", JF_STRING, true, 1, 32, &x.target, NULL},
	    {"item", JF_STRING, true, 1, 32, &x.item, NULL},
	    {"result", JF_STRING, true, 1, 16, &x.result, NULL},
	    {"note", JF_TEXT, false, 0, 2000, &x.note, NULL},
	    {"correction_deadline", JF_STRING, false, 10, 10, &x.deadline, NULL},
	    JF_END,
	};
	if (!json_spec_parse(body, spec, NULL, e))
		return E_VALIDATION;
	day_t d;
	if (!in_list(x.result, RESULTS))
		errs_add(e, "result", "not_allowed", "结果应为 compliant、non_compliant 或 not_found",
			 "result is compliant, non_compliant or not_found");
	else if (x.deadline && strcmp(x.result, "non_compliant") != 0)
		errs_add(e, "correction_deadline", "not_allowed", "只有不合格的结果才能责令改正",
			 "only a non-compliant finding orders a correction");
	if (x.deadline && !date_parse(x.deadline, &d))
		errs_add(e, "correction_deadline", "invalid_date", "应为 YYYY-MM-DD", "a date YYYY-MM-DD");
	if (errs_any(e))
		return E_VALIDATION;
	return write_rc(store_write(st, finding_write, &x));
}
