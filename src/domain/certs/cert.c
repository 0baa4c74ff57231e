/* cert.c — issuing and revoking certificates (see cert.h); the views are in
 * cert_read.c, the check in cert_check.c, the keys in cert_key.c. */
#include "domain/certs/cert.h"
#include "domain/certs/cert_check.h"
#include "domain/certs/cert_ident.h"
#include "domain/certs/cert_key.h"
#include "domain/certs/cert_store.h"
#include "domain/core/audit.h"
#include "domain/core/geo.h"
#include "domain/identity/account.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/seal.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include <stdlib.h>
#include <string.h>

void cert_department_facts(dbc_t *c, const char *code, char *name, size_t n, char region[REGION_CODE_LEN])
{
	char nm[128];
	region[0] = '\0';
	/* one row, not the whole department list: every notice and certificate asks */
	snprintf(name, n, "%s", geo_department_name(c, code, nm, sizeof nm, region) && nm[0] ? nm : code);
}

int cert_issue(dbc_t *c, const actor_t *by, const cert_issue_t *in)
{
	const char *type = in->type;
	const json_t *title = in->title;
	char kind[ACCOUNT_KIND_LEN], holder[CREDIT_CODE_LEN], name[ACCOUNT_NAME_LEN];
	if (!account_holder(c, in->holder_account, kind, holder, name))
		return E_STATE; /* an applicant with neither ID number nor credit code cannot hold one */
	char dept_name[128], region[REGION_CODE_LEN], issuer_code[CERT_ISSUER_CODE_LEN], type_code[5];
	cert_department_facts(c, in->department, dept_name, sizeof dept_name, region);
	cert_issuer_code(region[0] ? region : in->region, in->department, issuer_code);
	cert_type_code(type, type_code);
	int64_t serial;
	char ident[CERT_IDENT_LEN], id[CERT_ID_LEN], key_id[CERT_KEY_ID_LEN];
	if (cert_store_serial_next(c, in->department, type, &serial) != 0)
		return -1;
	if (cert_ident_make(type_code, issuer_code, serial, 1, ident) != 0)
		return E_INTERNAL;
	id_new(id);
	sign_key_t key;
	if (cert_key_signing(c, in->department, in->now, &key, key_id) != 0)
		return E_INTERNAL; /* no key file: nothing is signed, nothing is issued */
	day_t today = date_from_ms(in->now);
	int y, m, d;
	date_to_ymd(today, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	char issued_on[DATE_STR_LEN], until[DATE_STR_LEN];
	date_format(today, issued_on);
	date_format(date_from_ymd(y + CERT_VALID_YEARS, m, d), until);
	json_t *fields = (json_t *)in->fields;
	json_t *doc = json_pack(
	    "{ss ss ss ss sO s{ss ss ss} s{ss ss ss} sO* ss* ss* sI ss ss ss ss}", "format", "onestop-cert/1",
	    "id", id, "identifier", ident, "type", type, "title", title, "issuer", "department",
	    in->department, "name", dept_name, "code", issuer_code, "holder", "kind", kind, "id", holder,
	    "name", name, "fields", fields ? fields : json_object(), "number", in->number, "case_number",
	    in->case_number, "issued_at", (json_int_t)in->now, "issued_on", issued_on, "valid_until", until,
	    "key_id", key_id, "algorithm", sign_alg_name(key.alg));
	if (!fields)
		json_decref(json_object_get(doc, "fields")); /* sO* of a fresh object: drop the extra ref */
	json_t *signed_cert = doc ? cert_sign_document("certificate", doc, &key, key_id) : NULL;
	sign_key_wipe(&key);
	json_decref(doc);
	if (!signed_cert)
		return E_VALIDATION; /* a field with no canonical form (an integer past 2^53) */
	json_t *sig = json_object_get(signed_cert, "signature");
	char *text = json_dumps(signed_cert, JSON_COMPACT);
	char *sealed = seal(text);
	char bidx[SEAL_INDEX_LEN];
	int rc = -1;
	if (!sealed || !seal_index(SEAL_INDEX_ID_NUMBER, holder, bidx))
		goto out;
	cert_row_t row = {.id = id,
			  .identifier = ident,
			  .type = type,
			  .department = in->department,
			  .case_id = in->case_id,
			  .holder_account = in->holder_account,
			  .holder_bidx = bidx,
			  .document = sealed,
			  .key_id = key_id,
			  .signature = json_string_value(json_object_get(sig, "value")),
			  .issued_at = in->now,
			  .valid_until = until,
			  .number = in->number};
	/* 变更登记: the new version replaces the holder's valid one of the type and number */
	if (cert_store_insert(c, &row) != 0 ||
	    cert_store_supersede(c, in->holder_account, type, in->number, id, in->now) < 0)
		goto out;
	json_t *detail = json_pack("{ss ss ss ss}", "identifier", ident, "type", type, "case",
				   in->case_id ? in->case_id : "", "key_id", key_id);
	rc = audit_append(c, by, "certificate.issue", "certificate", id, 0, 1, detail);
	json_decref(detail);
out:
	free(text);
	free(sealed);
	json_decref(signed_cert);
	return rc;
}

/* The holder's valid certificates of a type, collected to be revoked. */
struct to_revoke {
	const char *type;
	int n;
	char id[8][CERT_ID_LEN];
	int64_t version[8];
};

static void take_valid(const cert_row_t *r, void *ctx)
{
	struct to_revoke *t = ctx;
	if (t->n < 8 && !strcmp(r->type, t->type) && r->status && !strcmp(r->status, "valid")) {
		snprintf(t->id[t->n], CERT_ID_LEN, "%s", r->id);
		t->version[t->n++] = r->version;
	}
}

/* A matter whose result ends a certificate (企业注销登记 ends the business
 * licence: result.revokes) revokes the holder's valid ones of that type when
 * it completes granted, in the same transaction, with the case as the reason. */
static int revoke_ended(const case_change_t *ch, const char *type)
{
	const case_row_t *r = ch->row;
	struct to_revoke t = {.type = type};
	const char *holder = r->principal_id[0] ? r->principal_id : r->applicant_id;
	cert_store_of_holder(ch->c, holder, take_valid, &t);
	char reason[160];
	snprintf(reason, sizeof reason, "办件 %s 准予注销，证照随之注销 / ended by case %s", r->number,
		 r->number);
	for (int i = 0; i < t.n; i++) {
		if (cert_store_revoke(ch->c, t.id[i], t.version[i], ch->by->id, reason, ch->now) < 0)
			return -1;
		json_t *detail = json_pack("{ss ss}", "reason", reason, "case", r->id);
		int64_t v = t.version[i];
		int rc = audit_append(ch->c, ch->by, "certificate.revoke", "certificate", t.id[i], v, v + 1,
				      detail);
		json_decref(detail);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int cert_on_case_change(const case_change_t *ch)
{
	const json_t *result = json_object_get(ch->matter, "result");
	const char *revokes = json_string_value(json_object_get(result, "revokes"));
	if (revokes && !strcmp(ch->to, "completed") && strcmp(ch->from, "denied") != 0)
		return revoke_ended(ch, revokes);
	/* issued at the `issue` step, or on the spot when the matter is done at once (即办) */
	if (strcmp(ch->action, "issue") != 0 && strcmp(ch->action, "handle_now") != 0)
		return 0;
	const json_t *res = json_object_get(ch->matter, "result");
	const char *kind = json_string_value(json_object_get(res, "kind"));
	const char *type = json_string_value(json_object_get(res, "certificate_type"));
	if (!kind || strcmp(kind, "certificate") != 0 || !type || !*type)
		return 0;
	const json_t *title = json_object_get(res, "name");
	json_t *t = json_is_object(title) ? json_incref((json_t *)title)
					  : json_pack("{ss ss}", "zh", type, "en", type);
	const case_row_t *r = ch->row;
	cert_issue_t in = {.department = r->department,
			   .region = r->region,
			   .type = type,
			   .title = t,
			   .holder_account = r->principal_id[0] ? r->principal_id : r->applicant_id,
			   .fields = json_object_get(r->result, "fields"),
			   .number = json_string_value(json_object_get(r->result, "number")),
			   .case_id = r->id,
			   .case_number = r->number,
			   .now = ch->now};
	int rc = cert_issue(ch->c, ch->by, &in);
	json_decref(t);
	return rc;
}

struct found {
	char dept[16];
	int64_t version;
	bool valid;
};

static void take_found(const cert_row_t *r, void *ctx)
{
	struct found *f = ctx;
	snprintf(f->dept, sizeof f->dept, "%s", r->department);
	f->version = r->version;
	f->valid = r->status && !strcmp(r->status, "valid");
}

bool cert_department(dbc_t *c, const char *id, char out[16])
{
	struct found f = {{0}};
	bool ok = cert_store_get(c, id, take_found, &f);
	snprintf(out, 16, "%s", ok ? f.dept : "");
	return ok;
}

struct held {
	const char *account;
	bool mine;
	char dept[16];
};

static void take_held(const cert_row_t *r, void *ctx)
{
	struct held *h = ctx;
	h->mine = r->holder_account && !strcmp(r->holder_account, h->account);
	snprintf(h->dept, sizeof h->dept, "%s", r->department);
}

bool cert_held_by(dbc_t *c, const char *id, const char *account, char dept[16])
{
	struct held h = {account, false, ""};
	bool ok = id && account && *account && cert_store_get(c, id, take_held, &h) && h.mine;
	snprintf(dept, 16, "%s", ok ? h.dept : "");
	return ok;
}

struct revoke_ctx {
	const actor_t *by;
	const char *id, *reason;
	int64_t version, now;
};

static int revoke_write(dbc_t *c, void *p)
{
	struct revoke_ctx *x = p;
	struct found f = {{0}};
	if (!cert_store_get(c, x->id, take_found, &f))
		return E_NOT_FOUND;
	if (!f.valid)
		return E_STATE;
	if (x->version && x->version != f.version)
		return E_STALE;
	int rc = cert_store_revoke(c, x->id, f.version, x->by->id, x->reason, x->now);
	if (rc <= 0)
		return rc == 0 ? E_STALE : -1;
	json_t *detail = json_pack("{ss}", "reason", x->reason);
	rc = audit_append(c, x->by, "certificate.revoke", "certificate", x->id, f.version, f.version + 1,
			  detail);
	json_decref(detail);
	return rc;
}

errcode_t cert_revoke(store_t *st, const actor_t *by, const char *id, int64_t version, const char *reason,
		      errs_t *errs)
{
	size_t n = reason ? utf8_len(reason) : 0;
	if (n < 1 || n > CERT_REASON_MAX) {
		errs_add(errs, "reason", "length", "注销原因应为1至500个字符",
			 "The reason must be 1 to 500 characters");
		return E_VALIDATION;
	}
	struct revoke_ctx x = {by, id, reason, version, clock_now_ms()};
	int rc = store_write(st, revoke_write, &x);
	return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL;
}

struct rotate_ctx {
	const actor_t *by;
	const char *department;
	int64_t now;
	char new_id[CERT_KEY_ID_LEN];
};

static int rotate_write(dbc_t *c, void *p)
{
	struct rotate_ctx *x = p;
	if (!geo_department_exists(c, x->department))
		return E_NOT_FOUND;
	if (cert_key_rotate(c, x->department, x->now, x->new_id) != 0)
		return E_INTERNAL;
	json_t *detail = json_pack("{ss ss}", "department", x->department, "key_id", x->new_id);
	int rc = audit_append(c, x->by, "certificate.key_rotate", "cert_key", x->new_id, 0, 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t cert_rotate(store_t *st, const actor_t *by, const char *department, json_t **out)
{
	struct rotate_ctx x = {by, department, clock_now_ms(), {0}};
	*out = NULL;
	int rc = store_write(st, rotate_write, &x);
	if (rc != 0)
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	json_t *keys = cert_keys_json(store_reader(st));
	size_t i;
	json_t *k;
	json_array_foreach(json_object_get(keys, "keys"), i, k)
	{
		if (!strcmp(json_string_value(json_object_get(k, "id")), x.new_id))
			*out = json_incref(k);
	}
	json_decref(keys);
	return *out ? E_OK : E_INTERNAL;
}
