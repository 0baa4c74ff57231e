/* audit.c — the hash-chained audit log (see audit.h). */
#include "domain/core/audit.h"
#include "base/clock.h"
#include "base/crypto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The canonical text that the hash covers: every field but the hashes. */
static char *canonical(int64_t seq, int64_t at, const char *req, const char *actor, const char *role, const char *dept,
		       const char *action, const char *entity, const char *eid, int64_t vb, int64_t va, const char *detail)
{
	json_t *o = json_pack("{sI sI ss ss ss ss ss ss ss sI sI ss}", "seq", (json_int_t)seq, "at", (json_int_t)at,
			      "request_id", req, "actor", actor, "role", role, "dept", dept, "action", action,
			      "entity", entity, "entity_id", eid, "version_before", (json_int_t)vb,
			      "version_after", (json_int_t)va, "detail", detail);
	if (!o)
		return NULL;
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return s;
}

int audit_append(dbc_t *c, const actor_t *a, const char *action, const char *entity, const char *entity_id,
		 int64_t version_before, int64_t version_after, json_t *detail)
{
	char prev[HASH_HEX_LEN] = AUDIT_GENESIS;
	int64_t seq = 1;
	dbs_t *s = db_prep(c, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
	if (!s)
		return -1;
	int rc = db_step(s);
	if (rc == DB_ROW) {
		seq = db_col_int(s, 0) + 1;
		snprintf(prev, sizeof prev, "%s", db_col_text(s, 1));
	}
	db_reset(s);
	if (rc != DB_ROW && rc != DB_DONE)
		return -1;

	char *det = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : strdup("{}");
	int64_t at = clock_now_ms();
	const char *role = actor_primary_role(a);
	const char *dept = a->department;
	const char *actor = a->id[0] ? a->id : "anonymous";
	const char *req = a->request_id[0] ? a->request_id : "-";
	char *canon = canonical(seq, at, req, actor, role, dept, action, entity, entity_id, version_before,
				version_after, det ? det : "{}");
	if (!canon || !det) {
		free(canon);
		free(det);
		return -1;
	}
	char h[HASH_HEX_LEN];
	hash2_hex(prev, canon, strlen(canon), h);
	free(canon);

	s = db_prep(c, "INSERT INTO audit_log (seq, at, request_id, actor_id, actor_role, actor_dept, action, entity, "
		       "entity_id, version_before, version_after, detail, prev_hash, hash) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!s) {
		free(det);
		return -1;
	}
	db_bind_int(s, 1, seq);
	db_bind_int(s, 2, at);
	db_bind_text(s, 3, req);
	db_bind_text(s, 4, actor);
	db_bind_text(s, 5, role);
	db_bind_text(s, 6, dept);
	db_bind_text(s, 7, action);
	db_bind_text(s, 8, entity);
	db_bind_text(s, 9, entity_id);
	db_bind_int(s, 10, version_before);
	db_bind_int(s, 11, version_after);
	db_bind_text(s, 12, det);
	db_bind_text(s, 13, prev);
	db_bind_text(s, 14, h);
	rc = db_step(s);
	db_reset(s);
	free(det);
	return rc == DB_DONE ? 0 : -1;
}

int64_t audit_verify(dbc_t *c, int64_t *count, char *why, size_t whylen)
{
	char prev[HASH_HEX_LEN] = AUDIT_GENESIS;
	int64_t expect_seq = 1, n = 0, bad = 0;
	dbs_t *s = db_prep(c, "SELECT seq, at, request_id, actor_id, actor_role, actor_dept, action, entity, entity_id, "
			      "version_before, version_after, detail, prev_hash, hash FROM audit_log ORDER BY seq");
	if (!s)
		return -1;
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		int64_t seq = db_col_int(s, 0);
		const char *prev_stored = db_col_text(s, 12), *hash_stored = db_col_text(s, 13);
		if (seq != expect_seq) {
			snprintf(why, whylen, "entry %lld is missing (next is %lld)", (long long)expect_seq, (long long)seq);
			bad = expect_seq;
			break;
		}
		if (!prev_stored || strcmp(prev_stored, prev) != 0) {
			snprintf(why, whylen, "entry %lld does not link to the previous entry", (long long)seq);
			bad = seq;
			break;
		}
		char *canon = canonical(seq, db_col_int(s, 1), db_col_text(s, 2), db_col_text(s, 3), db_col_text(s, 4),
					db_col_text(s, 5), db_col_text(s, 6), db_col_text(s, 7), db_col_text(s, 8),
					db_col_int(s, 9), db_col_int(s, 10), db_col_text(s, 11));
		char h[HASH_HEX_LEN];
		if (!canon) {
			snprintf(why, whylen, "entry %lld is not well-formed text", (long long)seq);
			bad = seq;
			break;
		}
		hash2_hex(prev, canon, strlen(canon), h);
		free(canon);
		if (!hash_stored || strcmp(h, hash_stored) != 0) {
			snprintf(why, whylen, "entry %lld was altered: its hash does not match its content", (long long)seq);
			bad = seq;
			break;
		}
		memcpy(prev, h, sizeof prev);
		expect_seq++;
		n++;
	}
	db_reset(s);
	if (!bad && rc != DB_DONE && rc != DB_ROW)
		return -1;
	*count = n;
	return bad;
}

json_t *audit_list(dbc_t *c, const char *entity, const char *entity_id, int64_t before_seq, int limit)
{
	json_t *arr = json_array();
	dbs_t *s = db_prep(c, "SELECT seq, at, request_id, actor_id, actor_role, actor_dept, action, entity, entity_id, "
			      "version_before, version_after, detail, hash FROM audit_log "
			      "WHERE (? IS NULL OR entity = ?) AND (? IS NULL OR entity_id = ?) AND (? = 0 OR seq < ?) "
			      "ORDER BY seq DESC LIMIT ?");
	if (!s)
		return arr;
	db_bind_text(s, 1, entity);
	db_bind_text(s, 2, entity);
	db_bind_text(s, 3, entity_id);
	db_bind_text(s, 4, entity_id);
	db_bind_int(s, 5, before_seq);
	db_bind_int(s, 6, before_seq);
	db_bind_int(s, 7, limit);
	while (db_step(s) == DB_ROW) {
		char ts[32];
		clock_format_iso(db_col_int(s, 1), ts);
		json_t *detail = json_loads(db_col_text(s, 11), 0, NULL);
		json_array_append_new(arr, json_pack("{sI ss ss ss ss ss ss ss ss sI sI so ss}", "seq",
						     (json_int_t)db_col_int(s, 0), "at", ts, "request_id", db_col_text(s, 2),
						     "actor", db_col_text(s, 3), "role", db_col_text(s, 4), "department",
						     db_col_text(s, 5), "action", db_col_text(s, 6), "entity",
						     db_col_text(s, 7), "entity_id", db_col_text(s, 8), "version_before",
						     (json_int_t)db_col_int(s, 9), "version_after", (json_int_t)db_col_int(s, 10),
						     "detail", detail ? detail : json_object(), "hash", db_col_text(s, 12)));
	}
	db_reset(s);
	return arr;
}
