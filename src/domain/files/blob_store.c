/* blob_store.c — every SQL statement of the database blob backend (see
 * blob_store.h). Written once for every store driver. */
#include "domain/files/blob_store.h"
#include "base/mem.h"
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

int blob_store_get(dbc_t *c, const char *sha256, int64_t *size, int64_t *chunks)
{
	dbs_t *s = db_prep(c, "SELECT size, chunks FROM blobs WHERE sha256 = ?");
	db_bind(s, sha256);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		*size = db_col_int(s, 0);
		*chunks = db_col_int(s, 1);
	}
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

int blob_store_insert(dbc_t *c, const char *sha256, int64_t size, int64_t chunks, int64_t created_at,
		      bool *inserted)
{
	int rc = db_run(c,
			"INSERT INTO blobs (sha256, size, chunks, created_at) VALUES (?,?,?,?) "
			"ON CONFLICT DO NOTHING",
			sha256, size, chunks, created_at);
	*inserted = rc == DB_DONE && db_changes(c) == 1;
	return rc;
}

int blob_store_reseal(dbc_t *c, const char *sha256, int64_t old_size, int64_t size, int64_t chunks,
		      bool *updated)
{
	int rc = db_run(c, "UPDATE blobs SET size = ?, chunks = ? WHERE sha256 = ? AND size = ?", size,
			chunks, sha256, old_size);
	*updated = rc == DB_DONE && db_changes(c) == 1;
	if (rc == DB_DONE && *updated)
		rc = db_run(c, "DELETE FROM blob_chunks WHERE sha256 = ?", sha256);
	return rc;
}

int blob_store_insert_chunk(dbc_t *c, const char *sha256, int64_t n, const unsigned char *p, size_t len,
			    char *text, size_t textcap)
{
	size_t tn = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
	char *own = tn > textcap ? xmalloc(tn) : NULL;
	sodium_bin2base64(own ? own : text, tn, p, len, sodium_base64_VARIANT_ORIGINAL);
	int rc = db_run(c, "INSERT INTO blob_chunks (sha256, n, data) VALUES (?,?,?) ON CONFLICT DO NOTHING",
			sha256, n, (const char *)(own ? own : text));
	free(own);
	return rc;
}

int blob_store_chunk(dbc_t *c, const char *sha256, int64_t n, unsigned char *out, size_t cap, size_t *len)
{
	dbs_t *s = db_prep(c, "SELECT data FROM blob_chunks WHERE sha256 = ? AND n = ?");
	db_bind(s, sha256, n);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		const char *text = db_col_text(s, 0);
		if (!text || sodium_base642bin(out, cap, text, strlen(text), NULL, len, NULL,
					       sodium_base64_VARIANT_ORIGINAL) != 0)
			rc = DB_ERR;
	}
	db_reset(s);
	return rc == DB_ROW || rc == DB_DONE ? rc : DB_ERR;
}

bool blob_store_file_blobs(dbc_t *c, blob_list_t *out)
{
	size_t cap = 0;
	memset(out, 0, sizeof *out);
	dbs_t *s = db_prep(c, "SELECT sha256, MAX(size) FROM files GROUP BY sha256 ORDER BY sha256");
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->sha = xrealloc(out->sha, cap * sizeof *out->sha);
			out->size = xrealloc(out->size, cap * sizeof *out->size);
		}
		db_col_str(s, 0, out->sha[out->n], sizeof out->sha[out->n]);
		out->size[out->n++] = db_col_int(s, 1);
	}
	db_reset(s);
	if (rc != DB_DONE)
		blob_list_free(out);
	return rc == DB_DONE;
}

void blob_list_free(blob_list_t *l)
{
	free(l->sha);
	free(l->size);
	memset(l, 0, sizeof *l);
}
