/* account.c — the registration rules (see account.h): what a username,
 * password, 身份证号 and 统一社会信用代码 must be, which fields each kind of
 * account takes, and the write that creates one. The statements are in
 * account_store.c, the JSON view in account_read.c. */
#include "domain/identity/email_change.h"
#include "domain/identity/account.h"
#include "domain/identity/account_store.h"
#include "domain/identity/reset_store.h"
#include "domain/identity/session_store.h"
#include "domain/core/audit.h"
#include "domain/core/geo.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/date.h"
#include "base/idcheck.h"
#include "base/log.h"
#include "base/textcheck.h"
#include <stdio.h>
#include <string.h>

/* A username is stored, matched and logged as typed, so it must not be one of
 * the numbers kept sealed: whatever mask_pii would mask is refused. */
static bool username_holds_pii(const char *u)
{
	char m[64];
	size_t n = strlen(u);
	if (n >= sizeof m)
		return false;
	mask_pii(u, m, sizeof m);
	return strcmp(m, u) != 0;
}

static bool username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 3 || n > 32)
		return false;
	for (const char *p = u; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.' || c == '-'))
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
		errs_add(errs, "password", "length", "密码长度应为 8 至 128 个字符",
			 "the password must be 8 to 128 characters");
	else if (!letter || !digit)
		errs_add(errs, "password", "weak", "密码须同时包含字母和数字",
			 "the password must contain letters and digits");
	else if (username && strcmp(username, password) == 0)
		errs_add(errs, "password", "weak", "密码不能与用户名相同",
			 "the password must differ from the username");
}

static void today_ymd(int *y, int *m, int *d)
{
	date_to_ymd(date_from_ms(clock_now_ms()), y, m, d);
}

static void check_id_number(const char *v, errs_t *errs, char norm[ID_NUMBER_LEN])
{
	int y, m, d;
	today_ymd(&y, &m, &d);
	idnum_info_t info;
	idnum_status_t st = idnum_check(v, y, m, d, &info);
	switch (st) {
	case IDNUM_OK:
		memcpy(norm, info.normalized, ID_NUMBER_LEN);
		return;
	case IDNUM_LENGTH:
		errs_add(errs, "id_number", "id_number", "身份证号码应为 18 位（或旧版 15 位）",
			 "an ID number has 18 characters (or 15 for old numbers)");
		break;
	case IDNUM_CHARSET:
		errs_add(errs, "id_number", "id_number", "身份证号码含有无效字符",
			 "the ID number contains invalid characters");
		break;
	case IDNUM_REGION:
		errs_add(errs, "id_number", "id_number", "身份证号码的地址码无效",
			 "the ID number's region code is invalid");
		break;
	case IDNUM_BIRTHDATE:
		errs_add(errs, "id_number", "id_number", "身份证号码中的出生日期不存在",
			 "the ID number's birth date is impossible");
		break;
	case IDNUM_CHECK_DIGIT:
		errs_add(errs, "id_number", "check_digit", "身份证号码校验码错误",
			 "the ID number's check digit is wrong");
		break;
	}
}

struct create_ctx {
	const account_new_t *in;
	const actor_t *by;
	char id[ACCOUNT_ID_LEN];
	char hash[PW_HASH_LEN];
	char id_norm[ID_NUMBER_LEN];
	char credit[CREDIT_CODE_LEN];
	unsigned roles;
	const char *conflict_field;
	bool self; /* a self-registration, counted per client address */
};

static int create_write(dbc_t *c, void *arg)
{
	struct create_ctx *x = arg;
	const account_new_t *in = x->in;
	x->conflict_field = NULL;
	if (x->self) {
		int limited = ratelimit_take(c, LIMIT_REGISTRATIONS, x->by, in->client_addr, clock_now_ms(),
					     in->limited);
		if (limited != 0)
			return limited;
	}
	if (account_store_username_taken(c, in->username))
		x->conflict_field = "username";
	else if (account_store_id_number_taken(c, x->id_norm))
		x->conflict_field = "id_number";
	else if (account_store_credit_code_taken(c, x->credit))
		x->conflict_field = "credit_code";
	if (x->conflict_field)
		return E_CONFLICT;
	char roles[ROLE_LIST_LEN];
	role_format_list(x->roles, roles, sizeof roles);
	account_insert_t row = {
		.id = x->id,
		.kind = in->kind,
		.username = in->username,
		.password_hash = x->hash,
		.display_name = in->name,
		.id_number = x->id_norm[0] ? x->id_norm : NULL,
		.credit_code = x->credit[0] ? x->credit : NULL,
		.legal_rep = in->legal_rep,
		.phone = in->phone,
		.email = in->email,
		.department = in->department,
		.roles = roles,
		.created_at = clock_now_ms(),
	};
	int rc = account_store_insert(c, &row);
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

errcode_t account_create(store_t *st, const actor_t *by, const account_new_t *in, errs_t *errs,
			 char out_id[ACCOUNT_ID_LEN])
{
	struct create_ctx x = {.in = in, .by = by};
	bool staff = in->kind && strcmp(in->kind, "staff") == 0;
	bool person = in->kind && strcmp(in->kind, "person") == 0;
	bool enterprise = in->kind && strcmp(in->kind, "enterprise") == 0;
	if (!staff && !person && !enterprise)
		errs_add(errs, "kind", "not_an_option", "账户类型应为 person（个人）或 enterprise（企业）",
			 "kind must be person or enterprise");
	if (!username_ok(in->username))
		errs_add(errs, "username", "invalid", "用户名应为 3 至 32 位字母、数字或 _ . -",
			 "the username must be 3 to 32 letters, digits or _ . -");
	else if (username_holds_pii(in->username))
		errs_add(errs, "username", "personal_number",
			 "用户名不能含身份证号或手机号（用户名以明文保存和记录）",
			 "the username must not hold an ID number or a phone number (usernames are stored "
			 "and logged as typed)");
	account_check_password(in->username, in->password, errs);
	if (person) {
		if (!in->id_number)
			errs_add(errs, "id_number", "required", "请填写身份证号码",
				 "the ID number is required");
		else
			check_id_number(in->id_number, errs, x.id_norm);
		if (in->credit_code || in->legal_rep)
			errs_add(errs, in->credit_code ? "credit_code" : "legal_rep", "not_allowed",
				 "个人账户不填写此项", "not used for a person");
	}
	if (enterprise) {
		if (!in->credit_code)
			errs_add(errs, "credit_code", "required", "请填写统一社会信用代码",
				 "the unified social credit code is required");
		else {
			credit_status_t cs = credit_code_check(in->credit_code);
			if (cs == CREDIT_CHECK_DIGIT)
				errs_add(errs, "credit_code", "check_digit", "统一社会信用代码校验码错误",
					 "the credit code's check character is wrong");
			else if (cs != CREDIT_OK)
				errs_add(errs, "credit_code", "credit_code",
					 "统一社会信用代码应为 18 位有效字符",
					 "the credit code must be 18 valid characters");
			else
				snprintf(x.credit, sizeof x.credit, "%s", in->credit_code);
		}
		if (!in->legal_rep)
			errs_add(errs, "legal_rep", "required", "请填写法定代表人姓名",
				 "the legal representative is required");
		if (in->id_number)
			errs_add(errs, "id_number", "not_allowed", "企业账户不填写身份证号码",
				 "not used for an enterprise");
	}
	if (staff) {
		if (!in->department)
			errs_add(errs, "department", "required", "请选择所属部门",
				 "the department is required");
		if (!in->roles || role_parse_list(in->roles, &x.roles) != 0 ||
		    (x.roles & ~(unsigned)ROLES_STAFF) || !x.roles)
			errs_add(errs, "roles", "not_an_option", "角色无效", "unknown role");
		else if (__builtin_popcount(x.roles & ROLES_ADMINS) > 1)
			/* 三员分立 (MLPS 2.0 level 3): one person, one of the three */
			errs_add(errs, "roles", "separation_of_duties",
				 "系统管理员、安全管理员、审计管理员不能由同一账户兼任",
				 "no account may hold two of the system, security and audit "
				 "administrator roles");
		/* Refused rather than silently dropped: nothing stores them for staff. */
		if (in->id_number || in->credit_code || in->legal_rep)
			errs_add(errs,
				 in->id_number             ? "id_number"
					 : in->credit_code ? "credit_code"
							   : "legal_rep",
				 "not_allowed", "工作人员账户不填写此项", "not used for a staff account");
	} else {
		x.roles = person ? ROLE_PERSON : ROLE_ENTERPRISE;
		if (in->department || in->roles)
			errs_add(errs, in->department ? "department" : "roles", "not_allowed",
				 "自助注册不能指定部门或角色",
				 "self-registration cannot set a department or roles");
	}
	/* A name is shown to staff and to the public as written: characters that
	 * reverse or hide part of it would let one name pass for another. */
	if (in->name && text_has_invisible(in->name))
		errs_add(errs, "name", "invisible_chars", "名称不能包含不可见字符或文字方向控制字符",
			 "the name must not contain invisible or bidirectional control characters");
	if (in->legal_rep && text_has_invisible(in->legal_rep))
		errs_add(errs, "legal_rep", "invisible_chars",
			 "法定代表人姓名不能包含不可见字符或文字方向控制字符",
			 "the legal representative's name must not contain invisible or bidirectional "
			 "control characters");
	if (in->phone && !phone_ok(in->phone))
		errs_add(errs, "phone", "phone", "电话号码格式不正确", "the phone number is not valid");
	if (in->email && !email_ok(in->email))
		errs_add(errs, "email", "email", "电子邮箱格式不正确", "the email address is not valid");
	if (errs_any(errs))
		return E_VALIDATION;
	if (staff) {
		if (!geo_department_exists(store_reader(st), in->department)) {
			errs_add(errs, "department", "unknown", "部门不存在", "no such department");
			return E_VALIDATION;
		}
	}
	/* Not even the hash for an address over its limit; the write counts for good.
	 * Seeding (the system actor) is the platform's own doing, not an address's. */
	x.self = !staff && strcmp(by->kind, "system") != 0;
	if (x.self && ratelimit_peek(store_reader(st), LIMIT_REGISTRATIONS, by, in->client_addr,
				     clock_now_ms(), in->limited) == E_RATE_LIMITED)
		return E_RATE_LIMITED;
	/* The slow part (argon2id) runs here, outside the writer. */
	if (in->password_hash && strlen(in->password_hash) < sizeof x.hash)
		snprintf(x.hash, sizeof x.hash, "%s", in->password_hash);
	else if (pw_hash(in->password, x.hash) != 0)
		return E_INTERNAL;
	id_new(x.id);
	int r = store_write(st, create_write, &x);
	if (r == E_RATE_LIMITED)
		return E_RATE_LIMITED;
	if (r == E_CONFLICT) {
		errs_add(errs, x.conflict_field ? x.conflict_field : "username", "taken", "已被注册",
			 "is already registered");
		return E_CONFLICT;
	}
	if (r != 0)
		return E_INTERNAL;
	memcpy(out_id, x.id, ACCOUNT_ID_LEN);
	return E_OK;
}

int account_hash_password(const char *password, char *out, size_t n)
{
	char h[PW_HASH_LEN];
	if (pw_hash(password, h) != 0 || strlen(h) >= n)
		return -1;
	snprintf(out, n, "%s", h);
	return 0;
}

bool account_find_active_by_id_number(dbc_t *c, const char *id_number, char out[ACCOUNT_ID_LEN])
{
	return account_store_active_by_id_number(c, id_number, out);
}

bool account_find_active_by_credit_code(dbc_t *c, const char *credit_code, char out[ACCOUNT_ID_LEN])
{
	return account_store_active_by_credit_code(c, credit_code, out);
}

bool account_applicant_facts(dbc_t *c, const char *id, char kind[ACCOUNT_KIND_LEN],
			     char credit_code[CREDIT_CODE_LEN])
{
	kind[0] = credit_code[0] = '\0';
	return account_store_kind_credit(c, id, kind, credit_code);
}

bool account_holder(dbc_t *c, const char *id, char kind[ACCOUNT_KIND_LEN], char holder_id[CREDIT_CODE_LEN],
		    char name[ACCOUNT_NAME_LEN])
{
	account_row_t r;
	kind[0] = holder_id[0] = name[0] = '\0';
	if (!account_store_get(c, id, &r))
		return false;
	const char *hid = r.kind && !strcmp(r.kind, "enterprise") ? r.credit_code : r.id_number;
	bool ok = hid && *hid && r.kind && strcmp(r.kind, "staff") != 0;
	if (ok) {
		snprintf(kind, ACCOUNT_KIND_LEN, "%s", r.kind);
		snprintf(holder_id, CREDIT_CODE_LEN, "%s", hid);
		snprintf(name, ACCOUNT_NAME_LEN, "%s", r.display_name ? r.display_name : "");
	}
	account_row_release(&r);
	return ok;
}

/* Upper-cased letters and digits of s, nothing else: an ID number or credit
 * code as registered, a phone's digits. */
static void proof_form(const char *s, bool digits_only, char *out, size_t n)
{
	size_t k = 0;
	for (; s && *s && k + 1 < n; s++) {
		char ch = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
		if ((ch >= '0' && ch <= '9') || (!digits_only && ch >= 'A' && ch <= 'Z'))
			out[k++] = ch;
	}
	out[k] = '\0';
}

static bool proof_eq(const char *stored, const char *proof, bool digits_only)
{
	char a[64], b[64];
	proof_form(stored, digits_only, a, sizeof a);
	proof_form(proof, digits_only, b, sizeof b);
	return a[0] && b[0] && str_eq_ct(a, b);
}

bool account_proof_matches(dbc_t *c, const char *id, const char *proof)
{
	account_row_t r;
	if (!proof || !*proof || !account_store_get(c, id, &r))
		return false;
	bool applicant = r.kind && strcmp(r.kind, "staff") != 0;
	/* each compared, so that the time taken does not say which one matched */
	bool idn = proof_eq(r.id_number, proof, false), cc = proof_eq(r.credit_code, proof, false),
	     ph = proof_eq(r.phone, proof, true);
	account_row_release(&r);
	return applicant && (idn || cc || ph);
}

bool account_brief(dbc_t *c, const char *id, account_brief_t *out)
{
	return account_store_brief(c, id, out);
}

bool account_username_taken(dbc_t *c, const char *username)
{
	return account_store_username_taken(c, username);
}

bool account_any(dbc_t *c)
{
	return account_store_any(c);
}

void account_staff_each(dbc_t *c, const char *department, void (*fn)(const account_staff_t *s, void *ctx),
			void *ctx)
{
	account_store_staff_each(c, department, fn, ctx);
}

bool account_staff_roles(dbc_t *c, const char *id, const char *department, unsigned *roles)
{
	char list[ROLE_LIST_LEN];
	*roles = 0;
	if (!account_store_staff_roles(c, id, department, list, sizeof list))
		return false;
	if (role_parse_list(list, roles) != 0)
		*roles = 0;
	return true;
}

bool account_password_matches(dbc_t *c, const char *id, const char *password)
{
	char h[PW_HASH_LEN];
	return account_store_password_hash(c, id, h) && pw_verify(h, password);
}

int account_erase(dbc_t *c, const actor_t *by, const char *id)
{
	account_row_t r;
	if (!account_store_get(c, id, &r))
		return E_NOT_FOUND;
	/* what the audit keeps of whose account it was: masked, as in the log */
	char idm[40] = "", phm[40] = "";
	if (r.id_number)
		mask_id_number(r.id_number, idm, sizeof idm);
	if (r.phone)
		mask_phone(r.phone, phm, sizeof phm);
	json_t *d = json_pack("{ss ss ss ss}", "kind", r.kind ? r.kind : "", "username",
			      r.username ? r.username : "", "id_number", idm, "phone", phm);
	int64_t version = r.version;
	account_row_release(&r);
	int rc = account_store_erase_personal(c, id, clock_now_ms());
	if (rc != 0) {
		json_decref(d);
		return E_NOT_FOUND;
	}
	if (session_store_revoke_all(c, id) != 0 || reset_store_delete(c, id) != 0 ||
	    email_change_erase(c, id) != 0) {
		json_decref(d);
		return -1;
	}
	rc = audit_append(c, by, "account.erase", "account", id, version, version + 1, d);
	json_decref(d);
	return rc;
}
