/* open311_store.c — all SQL of the Open311 façade (see open311_store.h). It
 * writes its own two tables and reads complaints only to find a request's row
 * by its number. */
#include "domain/open311/open311_store.h"
#include <string.h>

int open311_store_key_insert(dbc_t *c, const char *id, const char *name, const char *hash, const char *by,
			     int64_t now)
{
	return db_run(c,
		      "INSERT INTO open311_keys (id, name, key_hash, created_by, created_at) VALUES (?, ?, "
		      "?, ?, ?)",
		      id, name, hash, by, now) == DB_DONE
		   ? 0
		   : -1;
}

int open311_store_key_revoke(dbc_t *c, const char *id, const char *by, int64_t now)
{
	dbs_t *s = db_prep(c, "SELECT revoked_at FROM open311_keys WHERE id = ?");
	db_bind(s, id);
	int st = db_step(s);
	bool found = st == DB_ROW, revoked = found && !db_col_null(s, 0);
	db_reset(s);
	if (st != DB_ROW && st != DB_DONE)
		return -1;
	if (!found)
		return -2;
	if (revoked)
		return 0;
	return db_run(c,
		      "UPDATE open311_keys SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS "
		      "NULL",
		      now, by, id) == DB_DONE
		   ? 1
		   : -1;
}

bool open311_store_key_live(dbc_t *c, const char *hash, char id[ENTITY_ID_LEN])
{
	dbs_t *s = db_prep(c, "SELECT id FROM open311_keys WHERE key_hash = ? AND revoked_at IS NULL");
	db_bind(s, hash);
	bool ok = db_step(s) == DB_ROW;
	if (ok)
		db_col_str(s, 0, id, ENTITY_ID_LEN);
	db_reset(s);
	return ok;
}

int open311_store_request_insert(dbc_t *c, const char *complaint_id, const char *key_id,
				 const open311_extras_t *x)
{
	db_val_t lat = x->has_point ? db_v_int(x->lat_e6) : db_v_null(NULL);
	db_val_t lon = x->has_point ? db_v_int(x->long_e6) : db_v_null(NULL);
	return db_run(c,
		      "INSERT INTO open311_requests (complaint_id, key_id, lat_e6, long_e6, address_id, "
		      "media_url) "
		      "VALUES (?, ?, ?, ?, ?, ?)",
		      complaint_id, key_id, lat, lon, x->address_id, x->media_url) == DB_DONE
		   ? 0
		   : -1;
}

json_t *open311_store_extras(dbc_t *c, const char *number)
{
	dbs_t *s = db_prep(c, "SELECT o.lat_e6, o.long_e6, o.address_id, o.media_url FROM open311_requests o "
			      "JOIN complaints p ON p.id = o.complaint_id WHERE p.number = ?");
	db_bind(s, number);
	json_t *o = NULL;
	if (db_step(s) == DB_ROW) {
		o = json_object();
		if (!db_col_null(s, 0) && !db_col_null(s, 1)) {
			json_object_set_new(o, "lat_e6", json_integer(db_col_int(s, 0)));
			json_object_set_new(o, "long_e6", json_integer(db_col_int(s, 1)));
		}
		for (int i = 2; i < 4; i++)
			if (!db_col_null(s, i))
				json_object_set_new(o, i == 2 ? "address_id" : "media_url",
						    json_string(db_col_text(s, i)));
	}
	db_reset(s);
	return o;
}
