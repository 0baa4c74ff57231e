/* request.c — replies, problem+json and the resource-scope check shared by
 * every handler (see request.h). */
#include "api/request.h"
#include "base/mem.h"
#include "base/crypto.h"
#include "base/jsonin.h"
#include "base/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *req_param(req_t *r, const char *name)
{
	for (int i = 0; i < r->nparams; i++)
		if (strlen(name) == r->params[i].name_len &&
		    strncmp(r->params[i].name, name, r->params[i].name_len) == 0)
			return r->params[i].value;
	return NULL;
}

const char *req_query(req_t *r, const char *name) { return r->lookup ? r->lookup(r->conn, 0, name) : NULL; }
const char *req_header(req_t *r, const char *name) { return r->lookup ? r->lookup(r->conn, 1, name) : NULL; }

void reply_header(req_t *r, const char *name, const char *value)
{
	if (r->nresp_headers == r->cap_resp_headers) {
		r->cap_resp_headers = r->cap_resp_headers ? r->cap_resp_headers * 2 : 8;
		r->resp_headers =
		    xrealloc(r->resp_headers, (size_t)r->cap_resp_headers * sizeof *r->resp_headers);
	}
	r->resp_headers[r->nresp_headers][0] = xstrdup(name);
	r->resp_headers[r->nresp_headers][1] = xstrdup(value);
	r->nresp_headers++;
}

void reply_raw(req_t *r, int status, const char *content_type, const void *data, size_t len)
{
	if (r->replied) {
		log_msg("error", r->request_id, "handler replied twice on %s", r->path);
		return;
	}
	r->replied = true;
	r->status = status;
	r->content_type = content_type;
	r->resp_body = xmalloc(len + 1);
	if (len)
		memcpy(r->resp_body, data, len);
	r->resp_body[len] = '\0';
	r->resp_len = len;
}

void reply_json(req_t *r, int status, json_t *body)
{
	char *s = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(body);
	if (!s) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	reply_raw(r, status, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

void reply_no_content(req_t *r) { reply_raw(r, 204, NULL, "", 0); }

/* Seconds a client waits after a storage fault: space must be freed by an
 * operator, so sooner than this a retry would most likely fail again. */
#define FAULT_RETRY_AFTER "30"

void reply_fault(req_t *r, store_fault_t f)
{
	static const char *const ZH[] = {
	    [STORE_FAULT_FULL] = "存储空间已满，暂时无法保存；已确认的数据不受影响，请稍后再试",
	    [STORE_FAULT_IO] = "存储设备读写出错，暂时无法保存；已确认的数据不受影响，请稍后再试",
	    [STORE_FAULT_RESOURCES] = "数据库资源不足，暂时无法保存；已确认的数据不受影响，请稍后再试",
	};
	static const char *const EN[] = {
	    [STORE_FAULT_FULL] = "the storage is full, so nothing can be saved for now; what was already "
				 "acknowledged is safe; please try again later",
	    [STORE_FAULT_IO] = "the storage reports I/O errors, so nothing can be saved for now; what was "
			       "already acknowledged is safe; please try again later",
	    [STORE_FAULT_RESOURCES] = "the database is out of resources, so nothing can be saved for now; "
				      "what was already acknowledged is safe; please try again later",
	};
	if (f == STORE_FAULT_NONE) {
		reply_problem(r, E_UNAVAILABLE, NULL, NULL, NULL);
		return;
	}
	log_msg("error", r->request_id, "%s %s: 503, storage fault: %s", r->method ? r->method : "",
		r->path ? r->path : "", store_fault_name(f));
	reply_header(r, "Retry-After", FAULT_RETRY_AFTER);
	r->fault_replied = true;
	reply_problem(r, E_UNAVAILABLE, ZH[f], EN[f], NULL);
}

void reply_problem(req_t *r, int code, const char *detail_zh, const char *detail_en, const errs_t *errs)
{
	if (code == E_INTERNAL && !r->fault_replied) {
		/* a write the storage refused (full, failing) is a fault to wait out, not a bug */
		store_fault_t f = store_write_fault();
		if (f == STORE_FAULT_NONE && r->store)
			f = store_fault(r->store);
		if (f != STORE_FAULT_NONE) {
			reply_fault(r, f);
			return;
		}
	}
	/* a failure while the database does not answer is an outage, not a bug: come back shortly */
	if (code == E_INTERNAL && r->store && store_unavailable(r->store)) {
		code = E_UNAVAILABLE;
		detail_zh = detail_en = NULL;
	}
	if (code == E_UNAVAILABLE && !r->fault_replied) {
		reply_header(r, "Retry-After", "5");
		if (!detail_zh && r->store && store_unavailable(r->store)) {
			detail_zh = "数据库暂时不可用，请稍后再试";
			detail_en = "the database is not answering; please try again shortly";
		}
	}
	if (code == E_UNAUTHORIZED) /* RFC 9110 §11.6.1: a 401 names the scheme to use */
		reply_header(r, "WWW-Authenticate", "Bearer realm=\"onestop\"");
	const problem_info_t *ci = problem_info(code);
	char type[128];
	snprintf(type, sizeof type, "/problems/%s", ci->slug);
	const char *detail =
	    r->lang_en ? (detail_en ? detail_en : ci->title_en) : (detail_zh ? detail_zh : ci->title_zh);
	json_t *p =
	    json_pack("{ss ss si ss ss}", "type", type, "title", r->lang_en ? ci->title_en : ci->title_zh,
		      "status", ci->status, "detail", detail, "instance", r->path ? r->path : "");
	json_object_set_new(p, "code", json_string(ci->slug));
	json_object_set_new(p, "request_id", json_string(r->request_id));
	json_t *arr = json_array();
	if (errs)
		for (size_t i = 0; i < errs->n; i++)
			json_array_append_new(arr, json_pack("{ss ss ss}", "field", errs->v[i].field, "code",
							     errs->v[i].code, "message",
							     r->lang_en ? errs->v[i].en : errs->v[i].zh));
	json_object_set_new(p, "errors", arr);
	r->error_slug = ci->slug;
	char *s = json_dumps(p, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(p);
	reply_raw(r, ci->status, "application/problem+json; charset=utf-8", s ? s : "{}", s ? strlen(s) : 2);
	free(s);
}

void reply_errors(req_t *r, int code, const errs_t *errs)
{
	char zh[256], en[256];
	if (errs && errs->n == 1 && !errs->v[0].field[0]) {
		snprintf(zh, sizeof zh, "%s", errs->v[0].zh);
		snprintf(en, sizeof en, "%s", errs->v[0].en);
	} else if (errs && errs->n == 1) {
		snprintf(zh, sizeof zh, "%s：%s", errs->v[0].field, errs->v[0].zh);
		snprintf(en, sizeof en, "%s: %s", errs->v[0].field, errs->v[0].en);
	} else if (!errs || errs->n == 0) {
		reply_problem(r, code, NULL, NULL, errs);
		return;
	} else {
		snprintf(zh, sizeof zh, "共有 %zu 处问题，请逐项修改", errs ? errs->n : 0);
		snprintf(en, sizeof en, "%zu problems; see errors", errs ? errs->n : 0);
	}
	reply_problem(r, code, zh, en, errs);
}

bool req_body(req_t *r, const void *spec)
{
	errs_t e = ERRS_INIT;
	if (!r->body) {
		errs_add(&e, "", "required", "需要 JSON 请求体", "a JSON body is required");
		reply_errors(r, E_BAD_REQUEST, &e);
		errs_clear(&e);
		return false;
	}
	bool ok = json_spec_parse(r->body, spec, NULL, &e);
	if (!ok)
		reply_errors(r, E_VALIDATION, &e);
	errs_clear(&e);
	return ok;
}

bool authz_resource(req_t *r, const char *owner_account, const char *department, bool write)
{
	const actor_t *a = &r->actor;
	bool owner = owner_account && a->id[0] && strcmp(owner_account, a->id) == 0;
	/* the security and audit administrators' department is where they sit, not work they do */
	bool same_dept = department && a->department[0] && (a->roles & ROLES_CASEWORK) &&
			 strcmp(department, a->department) == 0;
	bool overseer = (a->roles & (ROLE_SUPERVISOR | ROLE_ADMIN)) != 0;
	bool ok;
	switch (r->route->scope) {
	case SCOPE_NONE: ok = true; break;
	case SCOPE_OWNER: ok = owner; break;
	case SCOPE_DEPT: ok = same_dept || (overseer && !write); break;
	case SCOPE_OWNER_OR_DEPT: ok = owner || same_dept || (overseer && !write); break;
	default: ok = false;
	}
	if (!ok) {
		/* Another applicant's resource is "not found" to an applicant: its existence is itself
		 * private. */
		if ((a->roles & ROLES_APPLICANT) && !(a->roles & ROLES_STAFF))
			reply_problem(r, E_NOT_FOUND, NULL, NULL, NULL);
		else
			reply_problem(r, E_FORBIDDEN, "这不是您所在部门的事务",
				      "This belongs to another department", NULL);
	}
	return ok;
}

struct unknown_ctx {
	const char *const *allowed;
	errs_t *e;
};

static void note_unknown(const char *key, const char *value, void *arg)
{
	struct unknown_ctx *x = arg;
	(void)value;
	for (const char *const *a = x->allowed; *a; a++)
		if (strcmp(*a, key) == 0)
			return;
	errs_add(x->e, key, "unknown_parameter", "不认识的查询参数", "unknown query parameter");
}

bool req_query_only(req_t *r, const char *const *allowed)
{
	errs_t e = ERRS_INIT;
	struct unknown_ctx x = {allowed, &e};
	if (r->each_query)
		r->each_query(r->conn, note_unknown, &x);
	bool ok = !errs_any(&e);
	if (!ok)
		reply_errors(r, E_VALIDATION, &e);
	errs_clear(&e);
	return ok;
}

bool req_idempotency_key(req_t *r, const char **key)
{
	*key = req_header(r, "Idempotency-Key");
	if (!*key || (strlen(*key) >= 1 && strlen(*key) <= 64))
		return true;
	errs_t e = ERRS_INIT;
	errs_add(&e, "Idempotency-Key", "too_long", "幂等键应为 1 至 64 个字符",
		 "the Idempotency-Key is 1 to 64 characters");
	reply_errors(r, E_BAD_REQUEST, &e);
	errs_clear(&e);
	return false;
}

bool req_prefers_minimal(req_t *r)
{
	const char *h = req_header(r, "Prefer");
	while (h && *h) {
		/* one preference: a token, "=" and a value (perhaps quoted), then ";" parameters */
		h += strspn(h, " \t,");
		size_t n = strcspn(h, ",;");
		char pref[32];
		size_t k = 0;
		for (size_t i = 0; i < n && k + 1 < sizeof pref; i++)
			if (h[i] != ' ' && h[i] != '\t' && h[i] != '"')
				pref[k++] = h[i];
		pref[k] = '\0';
		if (strcasecmp(pref, "return=minimal") == 0)
			return true;
		h = strchr(h, ',');
	}
	return false;
}

bool req_if_match_optional(req_t *r, int64_t *version)
{
	*version = 0;
	return !req_header(r, "If-Match") || req_if_match(r, version);
}

bool req_if_match(req_t *r, int64_t *version)
{
	const char *h = req_header(r, "If-Match");
	if (!h) {
		reply_problem(r, E_PRECONDITION_REQUIRED, "请在 If-Match 头中给出您看到的版本号",
			      "send the version you read in If-Match", NULL);
		return false;
	}
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	char buf[32];
	size_t n = strlen(h);
	if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
		snprintf(buf, sizeof buf, "%.*s", (int)(n - 2), h + 1);
		/* the ETag of a gzip-coded answer names the same version (reply_encode) */
		size_t k = strlen(buf);
		if (k > 3 && strcmp(buf + k - 3, "-gz") == 0)
			buf[k - 3] = '\0';
		h = buf;
	}
	char *end;
	long long v = strtoll(h, &end, 10);
	if (!*h || *end || v < 1) {
		errs_t e = ERRS_INIT;
		errs_add(&e, "If-Match", "type", "If-Match 应为版本号", "If-Match must be a version number");
		reply_errors(r, E_BAD_REQUEST, &e);
		errs_clear(&e);
		return false;
	}
	*version = v;
	return true;
}

void reply_etag(req_t *r, int64_t version)
{
	char etag[32];
	snprintf(etag, sizeof etag, "\"%lld\"", (long long)version);
	reply_header(r, "ETag", etag);
}

/* If-None-Match (RFC 9110 13.1.2): "*" or a comma-separated list of entity
 * tags, compared weakly (a W/ prefix on either side is ignored). */
bool req_etag_listed(const char *inm, const char *etag)
{
	const char *p = inm;
	if (strncmp(etag, "W/", 2) == 0)
		etag += 2;   /* weak comparison: W/ on either side is ignored */
	size_t elen = strlen(etag);
	while (*p == ' ' || *p == '\t')
		p++;
	if (p[0] == '*' && p[strspn(p + 1, " \t") + 1] == '\0')
		return true;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p)
			return false;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		const char *end = *p == '"' ? strchr(p + 1, '"') : NULL;
		if (!end)
			return false;   /* malformed: treat as no match */
		end++;
		if ((size_t)(end - p) == elen && strncmp(p, etag, elen) == 0)
			return true;
		p = end;
	}
}


void text_etag(const char *text, size_t len, char etag[48])
{
	char h[HASH_HEX_LEN];
	hash_hex(text, len, h);
	snprintf(etag, 48, "W/\"%.32s\"", h);
}

void reply_text_etag(req_t *r, const char *text)
{
	char etag[48];
	size_t len = strlen(text);
	text_etag(text, len, etag);
	reply_json_validated(r, etag, text, len, NULL, 0);
}

void reply_rate_limited(req_t *r, const limit_hit_t *hit)
{
	long long secs = hit->retry_ms > 0 ? (hit->retry_ms + 999) / 1000 : 1;
	char ra[32], zh[256], en[256];
	snprintf(ra, sizeof ra, "%lld", secs);
	snprintf(zh, sizeof zh, "%s已达上限（每%s %lld 次，%s），请 %lld 秒后再试", hit->what_zh, hit->period_zh,
		 (long long)hit->limit, hit->name, secs);
	snprintf(en, sizeof en, "The limit of %lld %s per %s (%s) is reached; try again in %lld s",
		 (long long)hit->limit, hit->what_en, hit->period, hit->name, secs);
	reply_header(r, "Retry-After", ra);
	reply_problem(r, E_RATE_LIMITED, zh, en, NULL);
}

void req_page(req_t *r, int *limit, page_cursor_t *cur, errs_t *e)
{
	const char *cursor = req_query(r, "cursor");
	*limit = page_limit_parse(req_query(r, "limit"));
	if (*limit < 0) {
		*limit = PAGE_LIMIT_DEFAULT;
		errs_add(e, "limit", "type", "应为 1 至 100", "must be 1 to 100");
	}
	if (!page_cursor_parse(cursor, cur) && cursor)
		errs_add(e, "cursor", "invalid", "分页游标无效", "invalid cursor");
}

int req_limit(req_t *r, int dflt, int max, errs_t *e)
{
	int n = page_limit_parse_in(req_query(r, "limit"), dflt, max);
	if (n > 0)
		return n;
	errs_addi(e, "limit", "type", "应为 1 至 %lld", "must be 1 to %lld", max);
	return dflt;
}

bool req_page_valid(req_t *r, int *limit, page_cursor_t *cur, errs_t *e)
{
	req_page(r, limit, cur, e);
	if (!errs_any(e))
		return true;
	reply_errors(r, E_VALIDATION, e);
	errs_clear(e);
	return false;
}
