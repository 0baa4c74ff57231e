/* case_certs.c — materials taken from the applicant's electronic
 * certificates instead of an upload (免提交; see case.h). A material whose
 * source is certificate:TYPE takes, when no file is sent for it, the
 * applicant's valid certificate of that type by reference; the applicant may
 * also name one ({"key", "certificate": id}), which must be the applicant's
 * own, valid, and of that type. An uploaded file always stands: the
 * certificate is taken only where there is none. Which certificate holds
 * is domain/certs' answer through the seam of case_hooks.h. */
#include "domain/cases/case.h"
#include "domain/cases/case_hooks.h"
#include "domain/cases/case_store.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>

/* The TYPE of a material's source certificate:TYPE, or NULL. */
static const char *cert_type_of(const json_t *mdef)
{
	const char *src = json_string_value(json_object_get(mdef, "source"));
	return src && !strncmp(src, "certificate:", 12) ? src + 12 : NULL;
}

static void refuse(errs_t *e, const char *path, const char *code, const json_t *mdef, const char *zh,
		   const char *en)
{
	const json_t *name = json_object_get(mdef, "name");
	char z[384], n[384];
	snprintf(z, sizeof z, "「%s」：%s", json_string_value(json_object_get(name, "zh")) ?: "", zh);
	snprintf(n, sizeof n, "\"%s\": %s", json_string_value(json_object_get(name, "en")) ?: "", en);
	errs_add(e, path, code, z, n);
}

/* The certificate from the account the case is for first (an enterprise's
 * licence), then from the applicant who acts for it (their own ID card). */
static int held(dbc_t *c, const char *principal, const char *applicant, const char *type, const char *id,
		int64_t now, json_t **view)
{
	int rc = CASE_CERT_NONE;
	if (principal && *principal)
		rc = domain_case_certificate(c, principal, type, id, now, view);
	if (rc == CASE_CERT_NONE || rc == CASE_CERT_UNKNOWN)
		rc = domain_case_certificate(c, applicant, type, id, now, view);
	return rc;
}

int case_certs_resolve(dbc_t *c, const json_t *matter, const char *applicant, const char *principal,
		       const json_t *named, const json_t *files, bool fill, int64_t now, json_t *out,
		       errs_t *e)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(matter, "materials"), i, m)
	{
		const char *key = json_string_value(json_object_get(m, "key"));
		const char *type = cert_type_of(m);
		const json_t *n = key ? json_object_get(named, key) : NULL;
		if (!key || (!n && (!fill || !type || json_object_get(files, key))))
			continue;
		const char *path = json_string_value(json_object_get(n, "path"));
		if (n && !type) {
			refuse(e, path, "not_from_certificate", m, "该材料不能以电子证照提交",
			       "this material cannot be given as a certificate");
			continue;
		}
		json_t *view = NULL;
		const char *id = n ? json_string_value(json_object_get(n, "id")) : NULL;
		int rc = held(c, principal, applicant, type, id, now, &view);
		if (rc < 0)
			return -1;
		if (rc == CASE_CERT_OK) {
			json_object_set_new(out, key, json_pack("{so sb}", "view", view, "auto", !n));
			continue;
		}
		if (rc == CASE_CERT_UNKNOWN)
			refuse(e, path, "unknown_certificate", m, "证照不存在或不属于申请人",
			       "no such certificate of the applicant");
		else if (rc == CASE_CERT_WRONG_TYPE)
			refuse(e, path, "wrong_certificate_type", m, "该证照不是此材料所需的证照类型",
			       "the certificate is not of the type this material takes");
		else if (rc == CASE_CERT_NOT_VALID)
			refuse(e, path, "certificate_not_valid", m, "该证照已注销、已过期或已被替代",
			       "the certificate is revoked, expired or superseded");
		/* CASE_CERT_NONE: nothing taken; a required material is reported missing */
	}
	return 0;
}

int case_certs_save(dbc_t *c, const char *case_id, const json_t *certs, int64_t now)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)certs, key, v)
	{
		const json_t *view = json_object_get(v, "view");
		if (case_cert_set(c, case_id, key, json_string_value(json_object_get(view, "id")),
				  json_is_true(json_object_get(v, "auto")), view, now) != 0)
			return -1;
	}
	return 0;
}

static void add_named(const case_cert_t *f, void *ctx)
{
	char path[96];
	snprintf(path, sizeof path, "materials.%s", f->material_key);
	json_object_set_new(ctx, f->material_key,
			    json_pack("{ss ss}", "id", f->certificate_id, "path", path));
}

int case_certs_refresh(dbc_t *c, const char *case_id, const json_t *matter, const char *applicant,
		       const char *principal, const json_t *files, bool fill, int64_t now, json_t *out,
		       errs_t *e)
{
	/* the certificates the case already names are checked again now: one
	 * revoked since the draft was saved no longer serves */
	json_t *named = json_object();
	int rc = case_scan_certs(c, case_id, add_named, named);
	if (rc == 0)
		rc = case_certs_resolve(c, matter, applicant, principal, named, files, fill, now, out, e);
	json_decref(named);
	return rc;
}

static void add_link(const case_cert_t *f, void *ctx)
{
	json_array_append_new(ctx, json_pack("{ss ss sb sO}", "key", f->material_key, "certificate",
					     f->certificate_id, "auto", f->automatic, "view", f->view));
}

json_t *case_certificates_of(dbc_t *c, const char *case_id)
{
	json_t *arr = json_array();
	if (case_scan_certs(c, case_id, add_link, arr) != 0)
		log_error("the certificates of case %s could not be read", case_id);
	return arr;
}

static void add_key(const case_cert_t *f, void *ctx)
{
	json_object_set_new(ctx, f->material_key, json_string(f->certificate_id));
}

json_t *case_certificates_by_key(dbc_t *c, const char *case_id)
{
	json_t *o = json_object();
	if (case_scan_certs(c, case_id, add_key, o) != 0)
		log_error("the certificates of case %s could not be read", case_id);
	return o;
}

int case_form_fill(dbc_t *c, const char *case_id, const json_t *form)
{
	return case_store_form_set(c, case_id, form);
}
