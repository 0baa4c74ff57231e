/* accounts.c — see accounts.h. */
#include "domain/identity/account.h"
#include "domain/core/audit.h"
#include "domain/core/throttle.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/idcheck.h"
#include "base/jsonin.h"
#include "base/log.h"
#include "base/textcheck.h"
#include <stdio.h>
#include <string.h>

static bool username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 3 || n > 32)
		return false;
	for (const char *p = u; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
			return false;
	}
	return true;
}

void account_check_password(const char *username, const char *password, errs_t *errs)
{
	size_t n = strlen(password);
	bool letter = false, digit = false;
	for (const char *p = password; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			letter = true;
		if (*p >= '0' && *p <= '9')
			digit = true;
	}
	if (n < 8 || n > 128)
		errs_add(errs, "password", "length", "密码长度应为 8 至 128 个字符", "the password must be 8 to 128 characters");
	else if (!letter || !digit)
		errs_add(errs, "password", "weak", "密码须同时包含字母和数字", "the password must contain letters and digits");
	else if (username && strcmp(username, password) == 0)
		errs_add(errs, "password", "weak", "密码不能与用户名相同", "the password must differ from the username");
}

static void today_ymd(int *y, int *m, int *d)
{
	date_to_ymd(date_from_ms(clock_now_ms()), y, m, d);
}

static void check_id_number(const char *v, errs_t *errs, char norm[19])
{
	int y, m, d;
	today_ymd(&y, &m, &d);
	idnum_info_t info;
	idnum_status_t st = idnum_check(v, y, m, d, &info);
	switch (st) {
	case IDNUM_OK:
		memcpy(norm, info.normalized, 19);
		return;
	case IDNUM_LENGTH:
		errs_add(errs, "id_number", "id_number", "身份证号码应为 18 位（或旧版 15 位）", "an ID number has 18 characters (or 15 for old numbers)");
		break;
	case IDNUM_CHARSET:
		errs_add(errs, "id_number", "id_number", "身份证号码含有无效字符", "the ID number contains invalid characters");
		break;
	case IDNUM_REGION:
		errs_add(errs, "id_number", "id_number", "身份证号码的地址码无效", "the ID number's region code is invalid");
		break;
	case IDNUM_BIRTHDATE:
		errs_add(errs, "id_number", "id_number", "身份证号码中的出生日期不存在", "the ID number's birth date is impossible");
		break;
	case IDNUM_CHECK_DIGIT:
		errs_add(errs, "id_number", "check_digit", "身份证号码校验码错误", "the ID number's check digit is wrong");
		break;
	}
}

struct create_ctx {
	const account_new_t *in;
	const actor_t *by;
	char id[40];
	char hash[PW_HASH_LEN];
	char id_norm[19];
	char credit[19];
	unsigned roles;
	const char *conflict_field;
};

static bool exists(dbc_t *c, const char *sql, const char *v)
{
	if (!v || !*v)
		return false;
	dbs_t *s = db_prep(c, sql);
	db_bind_text(s, 1, v);
	bool r = db_step(s) == DB_ROW;
	db_reset(s);
	return r;
}

static int create_write(dbc_t *c, void *arg)
{
	struct create_ctx *x = arg;
	const account_new_t *in = x->in;
	x->conflict_field = NULL;
	if (exists(c, "SELECT 1 FROM accounts WHERE username = ?", in->username))
		x->conflict_field = "username";
	else if (exists(c, "SELECT 1 FROM accounts WHERE id_number = ?", x->id_norm))
		x->conflict_field = "id_number";
	else if (exists(c, "SELECT 1 FROM accounts WHERE credit_code = ?", x->credit))
		x->conflict_field = "credit_code";
	if (x->conflict_field)
		return E_CONFLICT;
	char roles[256];
	role_format_list(x->roles, roles, sizeof roles);
	dbs_t *s = db_prep(c, "INSERT INTO accounts (id, kind, username, password_hash, display_name, id_number, credit_code, "
			      "legal_rep, phone, email, department, roles, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!s)
		return -1;
	db_bind_text(s, 1, x->id);
	db_bind_text(s, 2, in->kind);
	db_bind_text(s, 3, in->username);
	db_bind_text(s, 4, x->hash);
	db_bind_text(s, 5, in->name);
	db_bind_text(s, 6, x->id_norm[0] ? x->id_norm : NULL);
	db_bind_text(s, 7, x->credit[0] ? x->credit : NULL);
	db_bind_text(s, 8, in->legal_rep);
	db_bind_text(s, 9, in->phone);
	db_bind_text(s, 10, in->email);
	db_bind_text(s, 11, in->department);
	db_bind_text(s, 12, roles);
	db_bind_int(s, 13, clock_now_ms());
	int rc = db_step(s);
	db_reset(s);
	if (rc == DB_CONSTRAINT)
		return E_CONFLICT;
	if (rc != DB_DONE)
		return -1;
	json_t *detail = json_pack("{ss ss ss}", "kind", in->kind, "username", in->username, "roles", roles);
	if (in->department)
		json_object_set_new(detail, "department", json_string(in->department));
	rc = audit_append(c, x->by, "account.create", "account", x->id, 0, 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t account_create(store_t *st, const actor_t *by, const account_new_t *in, errs_t *errs, char out_id[40])
{
	struct create_ctx x = {.in = in, .by = by};
	bool staff = in->kind && strcmp(in->kind, "staff") == 0;
	bool person = in->kind && strcmp(in->kind, "person") == 0;
	bool enterprise = in->kind && strcmp(in->kind, "enterprise") == 0;
	if (!staff && !person && !enterprise)
		errs_add(errs, "kind", "not_an_option", "账户类型应为 person（个人）或 enterprise（企业）", "kind must be person or enterprise");
	if (!username_ok(in->username))
		errs_add(errs, "username", "invalid", "用户名应为 3 至 32 位字母、数字或 _ . -", "the username must be 3 to 32 letters, digits or _ . -");
	account_check_password(in->username, in->password, errs);
	if (person) {
		if (!in->id_number)
			errs_add(errs, "id_number", "required", "请填写身份证号码", "the ID number is required");
		else
			check_id_number(in->id_number, errs, x.id_norm);
		if (in->credit_code || in->legal_rep)
			errs_add(errs, in->credit_code ? "credit_code" : "legal_rep", "not_allowed", "个人账户不填写此项", "not used for a person");
	}
	if (enterprise) {
		if (!in->credit_code)
			errs_add(errs, "credit_code", "required", "请填写统一社会信用代码", "the unified social credit code is required");
		else {
			credit_status_t cs = credit_code_check(in->credit_code);
			if (cs == CREDIT_CHECK_DIGIT)
				errs_add(errs, "credit_code", "check_digit", "统一社会信用代码校验码错误", "the credit code's check character is wrong");
			else if (cs != CREDIT_OK)
				errs_add(errs, "credit_code", "credit_code", "统一社会信用代码应为 18 位有效字符", "the credit code must be 18 valid characters");
			else
				snprintf(x.credit, sizeof x.credit, "%s", in->credit_code);
		}
		if (!in->legal_rep)
			errs_add(errs, "legal_rep", "required", "请填写法定代表人姓名", "the legal representative is required");
		if (in->id_number)
			errs_add(errs, "id_number", "not_allowed", "企业账户不填写身份证号码", "not used for an enterprise");
	}
	if (staff) {
		if (!in->department)
			errs_add(errs, "department", "required", "请选择所属部门", "the department is required");
		if (!in->roles || role_parse_list(in->roles, &x.roles) != 0 || (x.roles & ~(unsigned)ROLES_STAFF) || !x.roles)
			errs_add(errs, "roles", "not_an_option", "角色无效", "unknown role");
		/* Refused rather than silently dropped: nothing stores them for staff. */
		if (in->id_number || in->credit_code || in->legal_rep)
			errs_add(errs, in->id_number ? "id_number" : in->credit_code ? "credit_code" : "legal_rep", "not_allowed",
				 "工作人员账户不填写此项", "not used for a staff account");
	} else {
		x.roles = person ? ROLE_PERSON : ROLE_ENTERPRISE;
		if (in->department || in->roles)
			errs_add(errs, in->department ? "department" : "roles", "not_allowed", "自助注册不能指定部门或角色", "self-registration cannot set a department or roles");
	}
	if (in->phone && !phone_ok(in->phone))
		errs_add(errs, "phone", "phone", "电话号码格式不正确", "the phone number is not valid");
	if (in->email && !email_ok(in->email))
		errs_add(errs, "email", "email", "电子邮箱格式不正确", "the email address is not valid");
	if (errs_any(errs))
		return E_VALIDATION;
	if (staff) {
		dbc_t *rc = store_reader(st);
		if (!exists(rc, "SELECT 1 FROM departments WHERE code = ?", in->department)) {
			errs_add(errs, "department", "unknown", "部门不存在", "no such department");
			return E_VALIDATION;
		}
	}
	/* The slow part (argon2id) runs here, outside the writer. */
	if (pw_hash(in->password, x.hash) != 0)
		return E_INTERNAL;
	rand_hex(x.id, 16);
	int r = store_write(st, create_write, &x);
	if (r == E_CONFLICT) {
		errs_add(errs, x.conflict_field ? x.conflict_field : "username", "taken", "已被注册", "is already registered");
		return E_CONFLICT;
	}
	if (r != 0)
		return E_INTERNAL;
	memcpy(out_id, x.id, 40);
	return E_OK;
}

struct login_ctx {
	const char *account_id;
	char token_hash[HASH_HEX_LEN];
	const char *csrf;
	int64_t now, expires;
	actor_t actor;
};

static int login_write(dbc_t *c, void *arg)
{
	struct login_ctx *x = arg;
	dbs_t *s = db_prep(c, "DELETE FROM sessions WHERE account_id = ? AND expires_at < ?");
	db_bind_text(s, 1, x->account_id);
	db_bind_int(s, 2, x->now);
	db_step(s);
	db_reset(s);
	s = db_prep(c, "INSERT INTO sessions (token_hash, account_id, csrf_token, created_at, expires_at) VALUES (?,?,?,?,?)");
	db_bind_text(s, 1, x->token_hash);
	db_bind_text(s, 2, x->account_id);
	db_bind_text(s, 3, x->csrf);
	db_bind_int(s, 4, x->now);
	db_bind_int(s, 5, x->expires);
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	return audit_append(c, &x->actor, "session.create", "account", x->account_id, 0, 0, NULL);
}

errcode_t session_login(store_t *st, const char *username, const char *password, const char *client_addr,
			const char *request_id, session_t *out, int64_t *retry_after_ms)
{
	char ukey[160], akey[160];
	snprintf(ukey, sizeof ukey, "u:%s", username);
	snprintf(akey, sizeof akey, "a:%s", client_addr ? client_addr : "-");
	int64_t now = clock_now_ms();
	int64_t w1 = throttle_wait_ms(ukey, now), w2 = throttle_wait_ms(akey, now);
	if (w1 || w2) {
		*retry_after_ms = w1 > w2 ? w1 : w2;
		return E_THROTTLED;
	}
	dbc_t *c = store_reader(st);
	dbs_t *s = db_prep(c, "SELECT id, password_hash, status, kind, roles, COALESCE(department, ''), display_name FROM accounts WHERE username = ?");
	db_bind_text(s, 1, username);
	char id[40] = "", hash[PW_HASH_LEN] = "", status[16] = "";
	struct login_ctx x = {0};
	if (db_step(s) == DB_ROW) {
		snprintf(id, sizeof id, "%s", db_col_text(s, 0));
		snprintf(hash, sizeof hash, "%s", db_col_text(s, 1));
		snprintf(status, sizeof status, "%s", db_col_text(s, 2));
		snprintf(x.actor.kind, sizeof x.actor.kind, "%s", db_col_text(s, 3));
		if (role_parse_list(db_col_text(s, 4), &x.actor.roles) != 0)
			x.actor.roles = 0;
		snprintf(x.actor.department, sizeof x.actor.department, "%s", db_col_text(s, 5));
		snprintf(x.actor.display_name, sizeof x.actor.display_name, "%s", db_col_text(s, 6));
	}
	db_reset(s);
	/* Verify against a real hash even for unknown users, so timing does not tell which usernames exist. */
	static char dummy[PW_HASH_LEN];
	if (!hash[0]) {
		if (!dummy[0])
			pw_hash("dummy-password-0", dummy);
		pw_verify(dummy, password);
		throttle_fail(ukey, now);
		throttle_fail(akey, now);
		return E_BAD_CREDENTIALS;
	}
	if (!pw_verify(hash, password) || strcmp(status, "active") != 0) {
		throttle_fail(ukey, now);
		throttle_fail(akey, now);
		return E_BAD_CREDENTIALS;
	}
	throttle_clear(ukey);
	rand_hex(out->token, 32);
	rand_hex(out->csrf, 32);
	hash_hex(out->token, strlen(out->token), x.token_hash);
	x.account_id = id;
	x.csrf = out->csrf;
	x.now = now;
	x.expires = now + SESSION_TTL_MS;
	snprintf(x.actor.id, sizeof x.actor.id, "%s", id);
	snprintf(x.actor.request_id, sizeof x.actor.request_id, "%s", request_id ? request_id : "-");
	if (store_write(st, login_write, &x) != 0)
		return E_INTERNAL;
	out->expires_at = x.expires;
	snprintf(out->account_id, sizeof out->account_id, "%s", id);
	return E_OK;
}

bool session_resolve(dbc_t *c, const char *token, actor_t *out, char csrf[TOKEN_HEX_LEN])
{
	if (strlen(token) != 64)
		return false;
	char h[HASH_HEX_LEN];
	hash_hex(token, 64, h);
	dbs_t *s = db_prep(c, "SELECT a.id, a.kind, a.roles, COALESCE(a.department, ''), a.display_name, s.csrf_token "
			      "FROM sessions s JOIN accounts a ON a.id = s.account_id "
			      "WHERE s.token_hash = ? AND s.expires_at > ? AND a.status = 'active'");
	if (!s)
		return false;
	db_bind_text(s, 1, h);
	db_bind_int(s, 2, clock_now_ms());
	bool ok = false;
	if (db_step(s) == DB_ROW) {
		snprintf(out->id, sizeof out->id, "%s", db_col_text(s, 0));
		snprintf(out->kind, sizeof out->kind, "%s", db_col_text(s, 1));
		ok = role_parse_list(db_col_text(s, 2), &out->roles) == 0;
		snprintf(out->department, sizeof out->department, "%s", db_col_text(s, 3));
		snprintf(out->display_name, sizeof out->display_name, "%s", db_col_text(s, 4));
		if (csrf)
			snprintf(csrf, TOKEN_HEX_LEN, "%s", db_col_text(s, 5));
	}
	db_reset(s);
	return ok;
}

struct logout_ctx {
	const actor_t *a;
	char h[HASH_HEX_LEN];
};

static int logout_write(dbc_t *c, void *arg)
{
	struct logout_ctx *x = arg;
	dbs_t *s = db_prep(c, "DELETE FROM sessions WHERE token_hash = ?");
	db_bind_text(s, 1, x->h);
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	return audit_append(c, x->a, "session.delete", "account", x->a->id, 0, 0, NULL);
}

errcode_t session_logout(store_t *st, const actor_t *a, const char *token)
{
	struct logout_ctx x = {.a = a};
	hash_hex(token, strlen(token), x.h);
	return store_write(st, logout_write, &x) == 0 ? E_OK : E_INTERNAL;
}

json_t *account_json(dbc_t *c, const char *id, bool self)
{
	dbs_t *s = db_prep(c, "SELECT a.id, a.kind, a.username, a.display_name, a.id_number, a.credit_code, a.legal_rep, "
			      "a.phone, a.email, a.department, a.roles, a.created_at, a.version, d.name_zh, d.name_en "
			      "FROM accounts a LEFT JOIN departments d ON d.code = a.department WHERE a.id = ?");
	db_bind_text(s, 1, id);
	json_t *o = NULL;
	if (db_step(s) == DB_ROW) {
		char masked[64], ts[32];
		clock_format_iso(db_col_int(s, 11), ts);
		o = json_pack("{ss ss ss ss ss sI}", "id", db_col_text(s, 0), "kind", db_col_text(s, 1), "username",
			      db_col_text(s, 2), "name", db_col_text(s, 3), "created_at", ts, "version",
			      (json_int_t)db_col_int(s, 12));
		if (!db_col_null(s, 4)) {
			const char *v = db_col_text(s, 4);
			if (!self)
				mask_id_number(v, masked, sizeof masked);
			json_object_set_new(o, "id_number", json_string(self ? v : masked));
		}
		if (!db_col_null(s, 5))
			json_object_set_new(o, "credit_code", json_string(db_col_text(s, 5)));
		if (!db_col_null(s, 6))
			json_object_set_new(o, "legal_rep", json_string(db_col_text(s, 6)));
		if (!db_col_null(s, 7)) {
			const char *v = db_col_text(s, 7);
			if (!self)
				mask_phone(v, masked, sizeof masked);
			json_object_set_new(o, "phone", json_string(self ? v : masked));
		}
		if (!db_col_null(s, 8))
			json_object_set_new(o, "email", json_string(db_col_text(s, 8)));
		if (!db_col_null(s, 9))
			json_object_set_new(o, "department", json_pack("{ss ss ss}", "code", db_col_text(s, 9), "zh",
								       db_col_text(s, 13) ? db_col_text(s, 13) : "", "en",
								       db_col_text(s, 14) ? db_col_text(s, 14) : ""));
		json_t *roles = json_array();
		unsigned bits = 0;
		role_parse_list(db_col_text(s, 10), &bits);
		for (unsigned b = 1; b < (1u << 10); b <<= 1)
			if (bits & b)
				json_array_append_new(roles, json_string(role_name(b)));
		json_object_set_new(o, "roles", roles);
	}
	db_reset(s);
	return o;
}
