/* case_certs_store.c — the statements on case_certificates: a case's
 * materials taken from the applicant's certificates by reference (免提交;
 * see case_store.h). The certificate's view kept with the link names its
 * holder, so it is sealed like the case's form (base/seal.h). */
#include "domain/cases/case_store.h"
#include "base/log.h"
#include "base/seal.h"
#include <stdlib.h>

int case_cert_set(dbc_t *c, const char *id, const char *key, const char *cert_id, bool automatic,
		  const json_t *view, int64_t now)
{
	char *t = json_dumps(view, JSON_COMPACT | JSON_PRESERVE_ORDER);
	char *sealed = t ? seal(t) : NULL;
	free(t);
	if (!sealed)
		return -1;
	int rc =
	    db_run(
		c,
		"INSERT INTO case_certificates (case_id, material_key, certificate_id, automatic, document, "
		"attached_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (case_id, material_key) DO UPDATE SET "
		"certificate_id = excluded.certificate_id, automatic = excluded.automatic, "
		"document = excluded.document, attached_at = excluded.attached_at",
		id, key, cert_id, (int64_t)(automatic ? 1 : 0), sealed, now) == DB_DONE
		? 0
		: -1;
	free(sealed);
	/* a material is a file or a certificate, never both */
	if (rc == 0 &&
	    (db_run(c, "DELETE FROM case_files WHERE case_id = ? AND material_key = ?", id, key) != DB_DONE ||
	     db_run(c, "DELETE FROM case_file_pages WHERE case_id = ? AND material_key = ?", id, key) !=
		 DB_DONE))
		rc = -1;
	return rc;
}

int case_cert_unset(dbc_t *c, const char *id, const char *key)
{
	return db_run(c, "DELETE FROM case_certificates WHERE case_id = ? AND material_key = ?", id, key) ==
		       DB_DONE
		   ? 0
		   : -1;
}

int case_scan_certs(dbc_t *c, const char *case_id, void (*fn)(const case_cert_t *f, void *ctx), void *ctx)
{
	dbs_t *s =
	    db_prep(c, "SELECT material_key, certificate_id, automatic, document FROM case_certificates "
		       "WHERE case_id = ? ORDER BY material_key");
	db_bind(s, case_id);
	int rc;
	while ((rc = db_step(s)) == DB_ROW) {
		char *t = seal_open(db_col_text(s, 3));
		json_t *view = t ? json_loads(t, 0, NULL) : NULL;
		free(t);
		if (!view) {
			log_error("a sealed certificate view of a case does not open with this key file");
			continue;
		}
		case_cert_t f = {db_col_text(s, 0), db_col_text(s, 1), db_col_int(s, 2) != 0, view};
		fn(&f, ctx);
		json_decref(view);
	}
	db_reset(s);
	return rc == DB_DONE ? 0 : -1;
}

int case_certs_delete(dbc_t *c, const char *case_id)
{
	return db_run(c, "DELETE FROM case_certificates WHERE case_id = ?", case_id) == DB_DONE ? 0 : -1;
}
