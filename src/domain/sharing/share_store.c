/* share_store.c — see share_store.h. */
#include "domain/sharing/share_store.h"

#define SHARE_COLS                                                                                           \
	"s.id, s.token_hash, s.certificate_id, s.holder_account, s.created_at, s.expires_at, "               \
	"COALESCE(s.revoked_at, 0), s.version, "                                                             \
	"(SELECT COUNT(*) FROM data_uses u WHERE u.share_id = s.id)"

static void share_row(dbs_t *s, share_row_t *r)
{
	*r = (share_row_t){.id = db_col_text(s, 0),
			   .token_hash = db_col_text(s, 1),
			   .certificate_id = db_col_text(s, 2),
			   .holder_account = db_col_text(s, 3),
			   .created_at = db_col_int(s, 4),
			   .expires_at = db_col_int(s, 5),
			   .revoked_at = db_col_int(s, 6),
			   .version = db_col_int(s, 7),
			   .views = db_col_int(s, 8)};
}

int share_store_insert(dbc_t *c, const share_row_t *r)
{
	return db_run(c,
		      "INSERT INTO certificate_shares (id, token_hash, certificate_id, holder_account, "
		      "created_at, expires_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)",
		      r->id, r->token_hash, r->certificate_id, r->holder_account, r->created_at,
		      r->expires_at) == DB_DONE
		   ? 0
		   : -1;
}

static bool one(dbs_t *s, void (*fn)(const share_row_t *r, void *ctx), void *ctx)
{
	bool found = db_step(s) == DB_ROW;
	if (found) {
		share_row_t r;
		share_row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return found;
}

bool share_store_by_token(dbc_t *c, const char *token_hash, void (*fn)(const share_row_t *r, void *ctx),
			  void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " SHARE_COLS " FROM certificate_shares s WHERE s.token_hash = ?");
	db_bind(s, token_hash);
	return one(s, fn, ctx);
}

bool share_store_get(dbc_t *c, const char *id, void (*fn)(const share_row_t *r, void *ctx), void *ctx)
{
	dbs_t *s = db_prep(c, "SELECT " SHARE_COLS " FROM certificate_shares s WHERE s.id = ?");
	db_bind(s, id);
	return one(s, fn, ctx);
}

int share_store_of_certificate(dbc_t *c, const char *certificate_id, const page_cursor_t *after, int limit,
			       void (*fn)(const share_row_t *r, void *ctx), void *ctx)
{
	/* keyset: read along certificate_shares_certificate from below the cursor's (created_at, id) */
	dbs_t *s = db_prep(c, "SELECT " SHARE_COLS " FROM certificate_shares s WHERE s.certificate_id = ? "
			      "AND s.created_at <= ? AND (s.created_at < ? OR s.id < ?) "
			      "ORDER BY s.created_at DESC, s.id DESC LIMIT ?");
	int64_t below = after->set ? after->at : INT64_MAX;
	db_bind(s, certificate_id, below, below, after->set ? after->id : "", (int64_t)limit);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		share_row_t r;
		share_row(s, &r);
		fn(&r, ctx);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int share_store_revoke(dbc_t *c, const char *id, int64_t version, int64_t now)
{
	int rc = db_run(c,
			"UPDATE certificate_shares SET revoked_at = ?, version = version + 1 "
			"WHERE id = ? AND version = ? AND revoked_at IS NULL",
			now, id, version);
	if (rc != DB_DONE)
		return -1;
	return db_changes(c) > 0 ? 1 : 0;
}
