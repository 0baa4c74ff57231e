/* share.c — share links to a held certificate (see share.h). */
#include "domain/sharing/share.h"
#include "domain/sharing/data_use_store.h"
#include "domain/sharing/share_store.h"
#include "domain/certs/cert.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY_MS 86400000LL

bool share_token_wellformed(const char *token)
{
	return token && strlen(token) == SHARE_TOKEN_LEN - 1 &&
	       strspn(token, "0123456789abcdef") == SHARE_TOKEN_LEN - 1;
}

static const char *status_of(const share_row_t *r, int64_t now)
{
	if (r->revoked_at)
		return "revoked";
	return now >= r->expires_at ? "expired" : "active";
}

static json_t *share_json(const share_row_t *r, int64_t now)
{
	char created[32], expires[32];
	clock_format_iso(r->created_at, created);
	clock_format_iso(r->expires_at, expires);
	json_t *out = json_pack("{ss ss ss ss sI sI}", "id", r->id, "created_at", created, "expires_at",
				expires, "status", status_of(r, now), "views", (json_int_t)r->views,
				"version", (json_int_t)r->version);
	if (r->revoked_at) {
		char revoked[32];
		clock_format_iso(r->revoked_at, revoked);
		json_object_set_new(out, "revoked_at", json_string(revoked));
	}
	return out;
}

struct create_ctx {
	const actor_t *by;
	const char *cert_id;
	int64_t now, days;
	share_row_t row;
};

static int create_write(dbc_t *c, void *p)
{
	struct create_ctx *x = p;
	char dept[16];
	if (!cert_held_by(c, x->cert_id, x->by->id, dept))
		return E_NOT_FOUND;
	if (share_store_insert(c, &x->row) != 0)
		return -1;
	json_t *detail = json_pack("{ss sI}", "certificate", x->cert_id, "days", (json_int_t)x->days);
	int rc = audit_append(c, x->by, "certificate.share", "certificate_share", x->row.id, 0, 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t share_create(store_t *st, const actor_t *by, const char *cert_id, bool days_given, int64_t days,
		       json_t **out, errs_t *errs)
{
	*out = NULL;
	if (!days_given)
		days = SHARE_DAYS_DEFAULT;
	if (days < 1 || days > SHARE_DAYS_MAX) {
		errs_add(errs, "days", "range", "有效天数应为1至90天", "days must be 1 to 90");
		return E_VALIDATION;
	}
	char id[33], token[SHARE_TOKEN_LEN], digest[HASH_HEX_LEN];
	id_new(id);
	rand_hex(token, 32);
	hash_hex(token, strlen(token), digest);
	int64_t now = clock_now_ms();
	struct create_ctx x = {by,
			       cert_id,
			       now,
			       days,
			       {.id = id,
				.token_hash = digest,
				.certificate_id = cert_id,
				.holder_account = by->id,
				.created_at = now,
				.expires_at = now + days * DAY_MS,
				.version = 1}};
	int rc = store_write(st, create_write, &x);
	if (rc != 0)
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	*out = share_json(&x.row, now);
	json_object_set_new(*out, "token", json_string(token));
	return E_OK;
}

struct list_ctx {
	int64_t now;
	json_t *items;
};

struct share_page {
	int64_t now;
	json_t *items;
	page_t page;
};

static void add_page_share(const share_row_t *r, void *ctx)
{
	struct share_page *p = ctx;
	if (page_take(&p->page, r->created_at, r->id))
		json_array_append_new(p->items, share_json(r, p->now));
}

json_t *share_list(dbc_t *c, const actor_t *by, const char *cert_id, int64_t now, int limit,
		   const page_cursor_t *after, bool *failed)
{
	*failed = false;
	char dept[16];
	if (!cert_held_by(c, cert_id, by->id, dept))
		return NULL;
	struct share_page p = {now, json_array(), page_start(limit)};
	if (share_store_of_certificate(c, cert_id, after, p.page.limit + 1, add_page_share, &p) != 0) {
		json_decref(p.items);
		*failed = true;
		return NULL;
	}
	return page_answer(p.items, &p.page);
}

/* A link as read: its columns copied out of the callback. */
struct found {
	bool mine;
	const char *account, *cert_id; /* the caller's, for mine */
	char id[33], certificate[33], holder[64];
	int64_t expires_at, revoked_at, version;
};

static void take_found(const share_row_t *r, void *ctx)
{
	struct found *f = ctx;
	snprintf(f->id, sizeof f->id, "%s", r->id);
	snprintf(f->certificate, sizeof f->certificate, "%s", r->certificate_id);
	snprintf(f->holder, sizeof f->holder, "%s", r->holder_account);
	f->expires_at = r->expires_at;
	f->revoked_at = r->revoked_at;
	f->version = r->version;
	f->mine = f->account && !strcmp(r->holder_account, f->account) && f->cert_id &&
		  !strcmp(r->certificate_id, f->cert_id);
}

/* Why a link shows nothing any more, or NULL while it is open: revoked by its
 * holder, or expired (it is open until, not at, its expires_at). */
static const char *ended(const struct found *f, int64_t now)
{
	if (f->revoked_at)
		return "revoked";
	if (now >= f->expires_at)
		return "expired";
	return NULL;
}

struct revoke_ctx {
	const actor_t *by;
	const char *cert_id, *share_id;
	int64_t version, now;
};

static int revoke_write(dbc_t *c, void *p)
{
	struct revoke_ctx *x = p;
	char dept[16];
	struct found f = {.account = x->by->id, .cert_id = x->cert_id};
	if (!cert_held_by(c, x->cert_id, x->by->id, dept) ||
	    !share_store_get(c, x->share_id, take_found, &f) || !f.mine)
		return E_NOT_FOUND;
	if (f.revoked_at)
		return E_STATE;
	if (x->version && x->version != f.version)
		return E_STALE;
	int rc = share_store_revoke(c, x->share_id, f.version, x->now);
	if (rc <= 0)
		return rc == 0 ? E_STALE : -1;
	json_t *detail = json_pack("{ss}", "certificate", x->cert_id);
	rc = audit_append(c, x->by, "certificate.share_revoke", "certificate_share", x->share_id, f.version,
			  f.version + 1, detail);
	json_decref(detail);
	return rc;
}

static void take_json(const share_row_t *r, void *ctx)
{
	struct list_ctx *l = ctx;
	l->items = share_json(r, l->now);
}

errcode_t share_revoke(store_t *st, const actor_t *by, const char *cert_id, const char *share_id,
		       int64_t version, json_t **out)
{
	*out = NULL;
	struct revoke_ctx x = {by, cert_id, share_id, version, clock_now_ms()};
	int rc = store_write(st, revoke_write, &x);
	if (rc != 0)
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	struct list_ctx l = {x.now, NULL};
	share_store_get(store_reader(st), share_id, take_json, &l);
	*out = l.items;
	return *out ? E_OK : E_INTERNAL;
}

/* The names of what a view showed: the holder, each field, the signed form. */
static char *fields_shown(const json_t *view)
{
	json_t *names = json_pack("[ss]", "holder.name", "holder.id");
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)json_object_get(json_object_get(view, "certificate"), "fields"), k, v)
	    json_array_append_new(names, json_string(k));
	if (json_is_object(json_object_get(view, "signed")))
		json_array_append_new(names, json_string("signed"));
	char *out = json_dumps(names, JSON_COMPACT);
	json_decref(names);
	return out;
}

struct open_ctx {
	const char *digest, *fields, *department;
	int64_t now;
	struct found f;
	const char *why;
};

static int open_write(dbc_t *c, void *p)
{
	struct open_ctx *x = p;
	x->f = (struct found){0};
	if (!share_store_by_token(c, x->digest, take_found, &x->f))
		return E_NOT_FOUND;
	if ((x->why = ended(&x->f, x->now)) != NULL)
		return E_GONE;
	char id[33];
	id_new(id);
	data_use_row_t u = {.id = id,
			    .subject_account = x->f.holder,
			    .at = x->now,
			    .kind = "share_view",
			    .actor_id = "anonymous",
			    .actor_role = "share_link",
			    .department = x->department,
			    .certificate_id = x->f.certificate,
			    .purpose = "share_link",
			    .purpose_name =
				"{\"zh\":\"经分享链接查看\",\"en\":\"Viewed through a share link\"}",
			    .fields = x->fields,
			    .share_id = x->f.id};
	return data_use_store_insert(c, &u);
}

errcode_t share_open(store_t *st, const char *token, int64_t now, json_t **out, const char **why)
{
	*out = NULL;
	*why = "";
	if (!share_token_wellformed(token)) {
		*why = "malformed";
		return E_NOT_FOUND;
	}
	char digest[HASH_HEX_LEN];
	hash_hex(token, strlen(token), digest);
	struct open_ctx x = {.digest = digest, .now = now};
	/* read first: what is shown, and a quick answer for a link that shows nothing */
	dbc_t *rd = store_reader(st);
	if (!share_store_by_token(rd, digest, take_found, &x.f)) {
		*why = "unknown";
		return E_NOT_FOUND;
	}
	if ((*why = ended(&x.f, now)) != NULL)
		return E_GONE;
	*why = "";
	json_t *view = cert_shared_view(rd, x.f.certificate, now);
	if (!view)
		return E_INTERNAL;
	char *fields = fields_shown(view);
	x.fields = fields ? fields : "[]";
	x.department = json_string_value(
	    json_object_get(json_object_get(json_object_get(view, "certificate"), "issuer"), "department"));
	int rc = x.department ? store_write(st, open_write, &x) : E_INTERNAL;
	free(fields);
	if (rc != 0) {
		json_decref(view);
		if (rc == E_GONE || rc == E_NOT_FOUND)
			*why = rc == E_NOT_FOUND ? "unknown" : x.why;
		return rc > 0 ? (errcode_t)rc : E_INTERNAL;
	}
	char expires[32];
	clock_format_iso(x.f.expires_at, expires);
	json_object_set_new(view, "share", json_pack("{ss}", "expires_at", expires));
	*out = view;
	return E_OK;
}
