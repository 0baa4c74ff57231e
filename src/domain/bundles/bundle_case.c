/* bundle_case.c — filing a bundle case, withdrawing it, and its JSON view
 * (see bundle_case.h). How its steps move on is bundle_steps.c's. */
#include "domain/bundles/bundle_case.h"
#include "domain/bundles/bundle.h"
#include "domain/bundles/bundle_correction.h"
#include "domain/bundles/bundle_dag.h"
#include "domain/bundles/bundle_flow.h"
#include "domain/bundles/bundle_steps.h"
#include "domain/bundles/bundle_store.h"
#include "domain/cases/case.h"
#include "domain/catalog/form.h"
#include "domain/catalog/matter.h"
#include "domain/core/audit.h"
#include "domain/files/file.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/date.h"
#include "base/idcheck.h"
#include "base/crypto.h"
#include "base/jsonin.h"
#include <stdio.h>
#include <string.h>

#define REPLAYED 1000

static const char *str(const json_t *o, const char *k) { return json_string_value(json_object_get(o, k)); }

/* Whether the applicant holds a valid certificate a certificate:TYPE material
 * takes (免提交): each step's filing takes it then, as a single case's does. */
static bool held(dbc_t *c, const json_t *m, const char *applicant)
{
	const char *src = str(m, "source");
	json_t *view = NULL;
	int64_t now = clock_now_ms();
	bool ok = src && !strncmp(src, "certificate:", 12) &&
		  domain_case_certificate(c, applicant, src + 12, NULL, now, &view) == CASE_CERT_OK;
	json_decref(view);
	return ok;
}

/* The materials as {key: file}: each a material of the bundle, a file of the
 * uploader's, none twice; every required one present, or held by the
 * applicant as a certificate. */
static json_t *check_materials(dbc_t *c, const json_t *doc, const json_t *arr, const char *owner,
			       const char *applicant, bool submit, errs_t *e)
{
	json_t *out = json_object();
	size_t i;
	json_t *m;
	json_array_foreach(arr, i, m)
	{
		char p[48], pk[64], pf[64];
		snprintf(p, sizeof p, "materials[%zu]", i);
		snprintf(pk, sizeof pk, "%s.key", p);
		snprintf(pf, sizeof pf, "%s.file", p);
		const char *key = NULL, *file = NULL;
		jfield_t spec[] = {
		    {"key", JF_STRING, true, 1, 64, &key, NULL},
		    {"file", JF_STRING, true, 1, 64, &file, NULL},
		    JF_END,
		};
		if (!json_spec_parse(m, spec, p, e))
			continue;
		if (!json_object_get(json_object_get(doc, "material_matters"), key)) {
			errs_add(e, pk, "unknown_material", "该一件事没有这项材料",
				 "the bundle has no such material");
			continue;
		}
		if (json_object_get(out, key)) {
			errs_add(e, pk, "duplicate_key", "同一材料重复提交（一次上传即供各事项共用）",
				 "the material is given twice (one upload serves every matter)");
			continue;
		}
		file_facts_t f;
		if (file_facts(c, file, &f) != E_OK || strcmp(f.owner, owner) != 0) {
			errs_add(e, pf, "unknown_file", "文件不存在或不属于您", "no such file of yours");
			continue;
		}
		json_object_set_new(out, key, json_string(file));
	}
	json_array_foreach(json_object_get(doc, "materials"), i, m)
	{
		if (!submit || !json_is_true(json_object_get(m, "required")) ||
		    json_object_get(out, str(m, "key")) || held(c, m, applicant))
			continue;
		char p[96], zh[512], en[512];
		snprintf(p, sizeof p, "materials.%s", str(m, "key"));
		char who[256] = "";
		size_t j, n = 0;
		json_t *v;
		json_array_foreach(json_object_get(json_object_get(doc, "material_matters"), str(m, "key")),
				   j, v) n += (size_t)snprintf(who + n, n < sizeof who ? sizeof who - n : 0,
							       "%s%s", j ? "、" : "", json_string_value(v));
		snprintf(zh, sizeof zh, "缺少必需材料「%s」（事项 %s 需要）",
			 str(json_object_get(m, "name"), "zh"), who);
		snprintf(en, sizeof en, "the required material \"%s\" is missing (needed by %s)",
			 str(json_object_get(m, "name"), "en"), who);
		errs_add(e, p, "required", zh, en);
	}
	return out;
}

struct apply_ctx {
	const actor_t *by;
	char applicant[ACCOUNT_ID_LEN]; /* who the bundle case is for: `by`, or the walk-in a clerk names */
	json_t *named;                  /* at a window, {"id_number"} normalised, for the sub-cases */
	const json_t *doc;
	const bundle_apply_t *in;
	json_t *files; /* {key: file} */
	char req_hash[HASH_HEX_LEN];
	char id[BUNDLE_CASE_ID_LEN];
	errs_t errs; /* the sub-cases' own refusals, afresh on each run */
};

/* One step's share of the merged answers and materials. */
static json_t *sub_form(const json_t *doc, const json_t *form, const char *matter)
{
	json_t *out = json_object();
	const char *mk;
	json_t *srcs;
	json_object_foreach(json_object_get(doc, "field_sources"), mk, srcs)
	{
		json_t *v = json_object_get(form, mk);
		size_t i;
		json_t *s;
		json_array_foreach(srcs, i, s) if (v && !strcmp(str(s, "matter"), matter))
		    json_object_set(out, str(s, "key"), v);
	}
	return out;
}

static json_t *sub_materials(const json_t *doc, const json_t *files, const char *matter)
{
	json_t *out = json_array();
	const char *key;
	json_t *file;
	json_object_foreach((json_t *)files, key, file)
	{
		size_t i;
		json_t *m;
		json_array_foreach(json_object_get(json_object_get(doc, "material_matters"), key), i,
				   m) if (!strcmp(json_string_value(m), matter))
		    json_array_append_new(out, json_pack("{ss sO}", "key", key, "file", file));
	}
	return out;
}

/* How a step's result reaches the applicant: electronically where the
 * matter offers it (the bundle is applied for online), else its first
 * option that needs no address. */
static json_t *delivery_of(dbc_t *c, const char *matter)
{
	json_t *doc = matter_doc(c, matter, 0);
	const char *pick = NULL;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(doc, "delivery"), i, v)
	{
		const char *m = json_string_value(v);
		if (!strcmp(m, "electronic") || (!pick && strcmp(m, "post") != 0))
			pick = m;
	}
	json_t *out = json_pack("{ss}", "method", pick ? pick : "electronic");
	json_decref(doc);
	return out;
}

static int apply_write(dbc_t *c, void *arg)
{
	struct apply_ctx *x = arg;
	errs_clear(&x->errs);
	const char *code = str(x->doc, "code");
	if (x->in->idem_key) {
		char hash[65];
		int rc = bundle_store_case_by_key(c, x->applicant, x->in->idem_key, x->id, hash);
		if (rc == DB_ROW)
			return strcmp(hash, x->req_hash) == 0 ? REPLAYED : E_IDEMPOTENCY_MISMATCH;
		if (rc != DB_DONE)
			return -1;
	}
	id_new(x->id);
	int64_t now = clock_now_ms();
	if (bundle_store_case_insert(c, x->id, code, json_integer_value(json_object_get(x->doc, "version")),
				     x->applicant, x->in->idem_key, x->req_hash, now) != DB_DONE)
		return -1;
	bundle_dag_t g;
	bundle_graph(x->doc, &g);
	bundle_step_t st[BUNDLE_MAX_MATTERS];
	for (int i = 0; i < g.n; i++)
		st[i] = STEP_PENDING;
	int ready[BUNDLE_MAX_MATTERS], nready = x->in->submit ? bundle_dag_ready(&g, st, ready) : 0;
	for (int i = 0; i < g.n; i++) {
		const char *matter =
		    json_string_value(json_array_get(json_object_get(x->doc, "matters"), (size_t)i));
		bool now_ready = false;
		for (int k = 0; k < nready; k++)
			now_ready |= ready[k] == i;
		json_t *form = sub_form(x->doc, x->in->form, matter);
		json_t *mats = sub_materials(x->doc, x->files, matter), *delivery = delivery_of(c, matter);
		case_new_t cn = {.matter = matter,
				 .channel = x->in->channel,
				 .applicant = x->named,
				 .agent = x->in->agent,
				 .form = form,
				 .materials = mats,
				 .delivery = delivery,
				 .submit = now_ready,
				 .bundled = true};
		char cid[CASE_ID_LEN];
		errcode_t ec = case_create_within(c, x->by, &cn, &x->errs, cid);
		json_decref(form);
		json_decref(mats);
		json_decref(delivery);
		if (ec != E_OK)
			return ec == E_INTERNAL ? -1 : (int)ec;
		if (bundle_store_step_insert(c, x->id, i, matter, cid, now_ready ? "running" : "pending") !=
		    DB_DONE)
			return -1;
	}
	json_t *detail = json_pack("{ss sI}", "bundle", code, "bundle_version",
				   json_integer_value(json_object_get(x->doc, "version")));
	int rc = audit_append(c, x->by, x->in->submit ? "bundle_case.submit" : "bundle_case.create",
			      "bundle_case", x->id, 0, 1, detail);
	json_decref(detail);
	return rc;
}

/* Whether `by` is a window clerk of a department with a step in the bundle (一窗受理: the clerk of
 * any of them files the whole bundle). */
static bool window_clerk_of(const json_t *doc, const actor_t *by)
{
	if (!(by->roles & ROLE_WINDOW_CLERK) || !by->department[0])
		return false;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(doc, "steps"), i, s)
	{
		if (!strcmp(str(s, "department"), by->department))
			return true;
	}
	return false;
}

/* The walk-in a clerk names: {"id_number"} of a registered person. Their account id goes to `out`;
 * returns what the sub-cases name them by (a new object), or NULL with the problem in e. */
static json_t *walk_in(dbc_t *c, const json_t *a, char out[ACCOUNT_ID_LEN], errs_t *e)
{
	const char *idn = NULL;
	jfield_t spec[] = {{"id_number", JF_STRING, true, 15, 18, &idn, NULL}, JF_END};
	if (!a) {
		errs_add(e, "applicant", "required", "请给出申请人的身份证号码", "give the applicant's ID number");
		return NULL;
	}
	if (!json_spec_parse(a, spec, "applicant", e))
		return NULL;
	int y, m, d;
	date_to_ymd(date_from_ms(clock_now_ms()), &y, &m, &d);
	idnum_info_t info;
	if (idnum_check(idn, y, m, d, &info) != IDNUM_OK) {
		errs_add(e, "applicant.id_number", "id_number", "身份证号码无效", "invalid ID number");
		return NULL;
	}
	if (!account_find_active_by_id_number(c, info.normalized, out)) {
		errs_add(e, "applicant.id_number", "not_registered", "申请人尚未注册，请先在窗口为其注册账户",
			 "the applicant has no account yet: register one at the window first");
		return NULL;
	}
	return json_pack("{ss}", "id_number", info.normalized);
}

/* bundle_apply on its own write (st), or inside the caller's (st NULL, on c). */
static errcode_t apply_on(store_t *st, dbc_t *c, const actor_t *by, const char *code,
			  const bundle_apply_t *in, errs_t *e, char id_out[BUNDLE_CASE_ID_LEN],
			  bool *replayed)
{
	int64_t rv;
	json_t *doc = bundle_get(c, code, 0, &rv);
	errcode_t ec = E_VALIDATION;
	struct apply_ctx x = {.by = by, .doc = doc, .in = in, .errs = ERRS_INIT};
	if (!doc || strcmp(str(doc, "status"), "active") != 0) {
		ec = E_NOT_FOUND;
		goto out;
	}
	/* at a window the clerk names the walk-in (a registered person: the bundles that create an
	 * enterprise are applied for by one), and is of a department with a step in the bundle */
	bool assisted = in->channel && !strcmp(in->channel, "assisted"); /* 帮办代办: an agent acts */
	bool window = in->channel && (!strcmp(in->channel, "window") || assisted);
	const char *kind = by->kind;
	snprintf(x.applicant, sizeof x.applicant, "%s", by->id);
	if (window && !window_clerk_of(doc, by)) {
		ec = E_FORBIDDEN;
		goto out;
	}
	if (!window && in->channel && (by->roles & ROLES_APPLICANT) == 0) {
		ec = E_FORBIDDEN;
		goto out;
	}
	if (window) {
		kind = "person";
		x.named = walk_in(c, in->applicant, x.applicant, e);
	} else if (in->applicant)
		errs_add(e, "applicant", "not_allowed", "在线申请人即为登录账户",
			 "online, the applicant is the logged-in account");
	/* the agent and the authorisation are recorded on every step (each sub-case checks them) */
	if (assisted && !in->agent)
		errs_add(e, "agent", "required", "帮办代办须登记代办人和授权委托材料",
			 "an assisted application records the agent and the authorisation");
	else if (!assisted && in->agent)
		errs_add(e, "agent", "not_allowed", "只有帮办代办（assisted）登记代办人",
			 "only an assisted application records an agent");
	bool allowed = false;
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(doc, "applicants"), i, v) allowed |=
	    !strcmp(json_string_value(v), kind);
	if (!allowed)
		errs_add(e, "bundle", "applicant_kind",
			 !strcmp(kind, "person")
			     ? "该一件事只受理企业申请"
			     : "该一件事由个人（未来的法定代表人或其委托的经办人）申请",
			 !strcmp(kind, "person") ? "only enterprises may apply for this bundle"
						 : "a person applies for this bundle (the future legal "
						   "representative or an agent they name)");
	if (in->channel && strcmp(in->channel, "online") != 0 && strcmp(in->channel, "mobile") != 0 &&
	    !window)
		errs_add(e, "channel", "not_an_option",
			 "一件事受理网上申请（online、mobile）、窗口申请（window）和帮办代办（assisted）",
			 "bundles are applied for online (online, mobile), at a window (window) or assisted "
			 "(assisted)");
	if (in->form && in->submit) {
		form_opts_t fo = {.prefix = "form"};
		form_validate(json_object_get(doc, "form"), in->form, &fo, e);
	}
	/* uploaded by `by`; certificates held by the applicant */
	x.files = check_materials(c, doc, in->materials, by->id, x.applicant, in->submit, e);
	if (errs_any(e) || !in->form || !in->channel)
		goto out;
	hash_hex(in->raw ? in->raw : "", in->raw ? in->raw_len : 0, x.req_hash);
	int r = st ? store_write(st, apply_write, &x) : apply_write(c, &x);
	if (r == 0 || r == REPLAYED) {
		memcpy(id_out, x.id, BUNDLE_CASE_ID_LEN);
		*replayed = r == REPLAYED;
		ec = E_OK;
	} else if (r == E_IDEMPOTENCY_MISMATCH) {
		errs_add(e, "Idempotency-Key", "reused", "该幂等键已用于另一个不同的请求",
			 "this Idempotency-Key was already used with a different request");
		ec = E_IDEMPOTENCY_MISMATCH;
	} else {
		for (size_t k = 0; k < x.errs.n; k++)
			errs_add(e, x.errs.v[k].field, x.errs.v[k].code, x.errs.v[k].zh, x.errs.v[k].en);
		ec = r > 0 ? (errcode_t)r : E_INTERNAL;
	}
out:
	errs_clear(&x.errs);
	json_decref(x.named);
	json_decref(x.files);
	json_decref(doc);
	return ec;
}

errcode_t bundle_apply(store_t *st, const actor_t *by, const char *code, const bundle_apply_t *in, errs_t *e,
		       char id_out[BUNDLE_CASE_ID_LEN], bool *replayed)
{
	return apply_on(st, store_reader(st), by, code, in, e, id_out, replayed);
}

errcode_t bundle_apply_within(dbc_t *c, const actor_t *by, const char *code, const bundle_apply_t *in,
			      errs_t *e, char id_out[BUNDLE_CASE_ID_LEN])
{
	bool replayed = false;
	return apply_on(NULL, c, by, code, in, e, id_out, &replayed);
}

struct withdraw_ctx {
	const actor_t *by;
	const char *id, *reason;
	int64_t if_version;
};

static int withdraw_write(dbc_t *c, void *arg)
{
	struct withdraw_ctx *x = arg;
	bundle_case_row_t b;
	if (bundle_store_case_load(c, x->id, &b) != DB_ROW || strcmp(b.applicant_id, x->by->id) != 0)
		return E_NOT_FOUND;
	const wf_row_t *row;
	bundle_facts_t f = {false, false};
	if (wf_find(&bundle_machine, b.status, "withdraw", WF_OWNER, &f, &row) != WF_OK)
		return E_STATE;
	if (b.version != x->if_version)
		return E_STALE;
	int rc = bundle_steps_withdraw(c, x->by, &b, x->reason);
	if (rc == 0)
		rc = audit_append(c, x->by, "bundle_case.withdraw", "bundle_case", x->id, b.version,
				  b.version + 1, NULL);
	return rc;
}

errcode_t bundle_case_withdraw(store_t *st, const actor_t *by, const char *id, int64_t if_version,
			       const char *reason)
{
	struct withdraw_ctx x = {by, id, reason, if_version};
	int r = store_write(st, withdraw_write, &x);
	return r < 0 ? E_INTERNAL : (errcode_t)r;
}

struct retry_ctx {
	const actor_t *by;
	const char *id;
	int64_t if_version;
	int started, blocked;
};

static int retry_write(dbc_t *c, void *arg)
{
	struct retry_ctx *x = arg;
	bundle_case_row_t b;
	if (bundle_store_case_load(c, x->id, &b) != DB_ROW || strcmp(b.applicant_id, x->by->id) != 0)
		return E_NOT_FOUND;
	if (strcmp(b.status, "in_progress") != 0)
		return E_STATE;
	if (b.version != x->if_version)
		return E_STALE;
	int rc = bundle_steps_retry(c, x->by, &b, &x->started, &x->blocked);
	if (rc == 0 && x->started + x->blocked == 0)
		return E_STATE;
	int64_t v = b.version;
	if (rc == 0 && bundle_store_case_set(c, b.id, b.status, b.credit_code, clock_now_ms()) != DB_DONE)
		rc = -1;
	json_t *detail = json_pack("{si si}", "started", x->started, "blocked", x->blocked);
	if (rc == 0)
		rc = audit_append(c, x->by, "bundle_case.retry", "bundle_case", x->id, v, v + 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t bundle_case_retry(store_t *st, const actor_t *by, const char *id, int64_t if_version,
			    int *still_blocked)
{
	struct retry_ctx x = {by, id, if_version, 0, 0};
	int r = store_write(st, retry_write, &x);
	*still_blocked = x.blocked;
	return r < 0 ? E_INTERNAL : (errcode_t)r;
}

json_t *bundle_case_json(dbc_t *c, const char *id, const actor_t *viewer)
{
	bundle_case_row_t b;
	if (bundle_store_case_load(c, id, &b) != DB_ROW)
		return NULL;
	bundle_step_row_t steps[BUNDLE_MAX_MATTERS];
	int n = bundle_store_steps(c, id, steps, BUNDLE_MAX_MATTERS);
	if (n < 0)
		return NULL;
	bool all = !strcmp(b.applicant_id, viewer->id) || (viewer->roles & (ROLE_SUPERVISOR | ROLE_ADMIN));
	bool staff = (viewer->roles & ROLES_CASEWORK) && viewer->department[0];
	json_t *arr = json_array();
	bool mine_any = false;
	for (int i = 0; i < n; i++) {
		char status[24] = "", dept[32] = "";
		bundle_store_case_status(c, steps[i].case_id, status, dept);
		bool mine = staff && !strcmp(dept, viewer->department);
		mine_any |= mine;
		json_t *s = json_pack("{ss ss sb}", "matter", steps[i].matter_code, "department", dept,
				      "yours", mine);
		if (all || mine)
			json_object_update_new(s, json_pack("{ss ss ss}", "case_id", steps[i].case_id,
							    "case_status", status, "state", steps[i].state));
		if ((all || mine) && steps[i].reason[0])
			json_object_set_new(s, "reason", json_string(steps[i].reason));
		json_array_append_new(arr, s);
	}
	if (!all && !mine_any) {
		json_decref(arr);
		return NULL;
	}
	json_t *o = json_pack("{ss ss sI ss so}", "id", b.id, "bundle", b.bundle_code, "bundle_version",
			      (json_int_t)b.bundle_version, "status", b.status, "steps", arr);
	if (all) {
		json_object_set_new(o, "version", json_integer(b.version));
		if (b.credit_code[0])
			json_object_set_new(o, "credit_code", json_string(b.credit_code));
		json_t *doc = bundle_get(c, b.bundle_code, b.bundle_version, NULL);
		if (doc) {
			/* each step's case read once, for the correction notice and the savings both */
			case_brief_t briefs[BUNDLE_MAX_MATTERS];
			for (int i = 0; i < n; i++)
				if (!case_brief(c, steps[i].case_id, &briefs[i]))
					memset(&briefs[i], 0, sizeof briefs[i]);
			json_t *corr = bundle_correction_json(doc, steps, briefs, n);
			json_object_set_new(o, "correction", corr ? corr : json_null());
			bool ended = strcmp(b.status, "in_progress") != 0;
			json_object_set_new(o, "savings", bundle_savings_json(c, doc, briefs, n, ended));
			for (int i = 0; i < n; i++)
				case_brief_release(&briefs[i]);
		}
		json_decref(doc);
	}
	return o;
}

json_t *bundle_of_case(dbc_t *c, const char *case_id)
{
	char bid[40];
	bundle_step_row_t me;
	bundle_case_row_t b;
	if (bundle_store_step_of_case(c, case_id, bid, &me) != DB_ROW ||
	    bundle_store_case_load(c, bid, &b) != DB_ROW)
		return NULL;
	json_t *doc = bundle_get(c, b.bundle_code, b.bundle_version, NULL);
	if (!doc)
		return NULL;
	bundle_step_row_t steps[BUNDLE_MAX_MATTERS];
	int n = bundle_store_steps(c, bid, steps, BUNDLE_MAX_MATTERS);
	json_t *waiting = json_array();
	size_t i, j;
	json_t *d, *s;
	json_array_foreach(json_object_get(doc, "dependencies"), i, d)
	{
		if (strcmp(str(d, "requires") ?: "", me.matter_code) != 0)
			continue;
		const char *dep = str(d, "matter") ?: "";
		bool pending = false;
		for (int k = 0; k < n; k++)
			pending |= !strcmp(steps[k].matter_code, dep) && !strcmp(steps[k].state, "pending");
		const json_t *name = NULL;
		json_array_foreach(json_object_get(doc, "steps"), j, s)
		{
			if (!strcmp(str(s, "matter") ?: "", dep))
				name = json_object_get(s, "name");
		}
		if (pending)
			json_array_append_new(waiting, json_pack("{ss sO? sO?}", "matter", dep, "name", name,
								 "join", json_object_get(d, "join")));
	}
	json_t *o = json_pack("{ss ss sO? ss ss so}", "id", b.id, "bundle", b.bundle_code, "name",
			      json_object_get(doc, "name"), "status", b.status, "state", me.state, "waiting",
			      waiting);
	json_decref(doc);
	return o;
}
