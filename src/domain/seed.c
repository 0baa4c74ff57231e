/* seed.c — see seed.h. Demo accounts go through account_create, so they obey
 * the same rules as real registrations; regions, departments and calendar
 * years go through the public functions of their subsystems, so seeding
 * holds no SQL of its own. */
#include "domain/seed.h"
#include "domain/synth.h"
#include "domain/identity/account.h"
#include "domain/identity/totp.h"
#include "domain/appointments/appointment.h"
#include "domain/certs/cert.h"
#include "domain/sharing/dataset.h"
#include "domain/core/audit.h"
#include "domain/core/geo.h"
#include "domain/catalog/matter.h"
#include "domain/complaints/complaint.h"
#include "domain/bundles/bundle.h"
#include "domain/calendar/workcal.h"
#include "domain/inspections/inspection.h"
#include "domain/policies/policy.h"
#include "base/embedded.h"
#include "base/log.h"
#include <stdio.h>
#include <string.h>

static json_t *load_embedded(const char *name)
{
	const embedded_file_t *f = embedded_find(embedded_data, name);
	if (!f) {
		log_error("seed: %s is not in the binary", name);
		return NULL;
	}
	json_error_t e;
	json_t *j = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &e);
	if (!j)
		log_error("seed: %s line %d: %s", name, e.line, e.text);
	return j;
}

struct rows_ctx {
	json_t *rows;
	actor_t actor;
	int added;
};

static const char *str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* Optional text columns of departments default to "". */
static const char *str0(const json_t *o, const char *key)
{
	const char *v = str(o, key);
	return v ? v : "";
}

/* Audits a row that was added; returns -1 on a database error. */
static int audit_added(dbc_t *c, struct rows_ctx *x, int added, const char *action, const char *entity,
		       const char *code)
{
	if (added < 0)
		return -1;
	if (added == 0)
		return 0;
	x->added++;
	return audit_append(c, &x->actor, action, entity, code, 0, 1, NULL) ? -1 : 0;
}

static int regions_write(dbc_t *c, void *arg)
{
	struct rows_ctx *x = arg;
	x->added = 0;
	size_t i;
	json_t *r;
	json_array_foreach(x->rows, i, r) {
		json_t *name = json_object_get(r, "name");
		geo_region_t g = {str(r, "code"), str(name, "zh"), str(name, "en"), str(r, "parent"),
				  str(r, "level")};
		if (audit_added(c, x, geo_region_add(c, &g), "region.create", "region", g.code) != 0)
			return -1;
	}
	return 0;
}

static int departments_write(dbc_t *c, void *arg)
{
	struct rows_ctx *x = arg;
	x->added = 0;
	size_t i;
	json_t *r;
	json_array_foreach(x->rows, i, r) {
		json_t *name = json_object_get(r, "name");
		geo_department_t d = {str0(r, "code"), str(name, "zh"), str(name, "en"),
				      str0(r, "region"), str0(r, "kind"), str0(r, "address"),
				      str0(r, "phone"), str0(r, "hours"), str0(r, "address_en"),
				      str0(r, "hours_en")};
		int added = geo_department_add(c, &d);
		if (audit_added(c, x, added, "department.create", "department", d.code) != 0)
			return -1;
	}
	return 0;
}

bool seed_db_empty(store_t *st)
{
	return !account_any(store_reader(st));
}

static int seed_rows(store_t *st, const char *file, store_fn fn, const char *what)
{
	struct rows_ctx x = {0};
	actor_system(&x.actor, "seed");
	x.rows = load_embedded(file);
	if (!x.rows)
		return -1;
	int r = store_write(st, fn, &x);
	json_decref(x.rows);
	if (r != 0) {
		log_error("seed: %s failed", what);
		return -1;
	}
	if (x.added)
		log_info("seed: %d %s added", x.added, what);
	return 0;
}

/* Seeding checks what exists, then adds what is missing: nodes that start
 * together on one database take turns (a lock across every process on it,
 * held on a connection of its own). */
#define SEED_LOCK 0x5eed0001

static int locked(store_t *st, int (*fn)(store_t *st))
{
	dbc_t *c = store_connect(st);
	if (!c)
		return -1;
	store_lock(c, SEED_LOCK);
	int r = fn(st);
	store_unlock(c, SEED_LOCK);
	store_disconnect(c);
	return r;
}

static int reference(store_t *st)
{
	json_t *root = json_pack("[{ss s{ss ss} sn ss}]", "code", NATIONAL_REGION, "name", "zh", "全国", "en",
				 "National", "parent", "level", "national");
	struct rows_ctx x = {.rows = root};
	actor_system(&x.actor, "seed");
	int r = store_write(st, regions_write, &x);
	json_decref(root);
	if (r != 0)
		return -1;
	dbc_t *c = store_reader(st);
	for (const embedded_file_t *f = embedded_data; f->name; f++) {
		int year;
		char tail[16];
		if (sscanf(f->name, "calendar/%4d.%15s", &year, tail) != 2 || strcmp(tail, "json") != 0)
			continue;
		if (workcal_year_loaded(c, NATIONAL_REGION, year))
			continue;
		errs_t e = ERRS_INIT;
		int moved = 0;
		errcode_t ec = workcal_load_year(st, &x.actor, NATIONAL_REGION, year, (const char *)f->data,
						 f->len, &e, &moved);
		if (ec != E_OK) {
			log_error("seed: calendar %d: %s %s", year, e.n ? e.v[0].field : "",
				  e.n ? e.v[0].en : "");
			errs_clear(&e);
			return -1;
		}
		log_info("seed: calendar %d loaded", year);
	}
	/* derived data: the catalogue's search text under the current rules */
	return matter_search_refresh(st);
}

static int seed_accounts(store_t *st)
{
	json_t *rows = load_embedded("demo/accounts.json");
	if (!rows)
		return -1;
	actor_t sys;
	actor_system(&sys, "seed");
	dbc_t *c = store_reader(st);
	size_t i;
	json_t *r;
	int added = 0, rc = 0;
	json_array_foreach(rows, i, r) {
		const char *u = json_string_value(json_object_get(r, "username"));
		if (account_username_taken(c, u))
			continue;
		account_new_t in = {
			.kind = json_string_value(json_object_get(r, "kind")),
			.username = u,
			.password = json_string_value(json_object_get(r, "password")),
			.name = json_string_value(json_object_get(r, "name")),
			.id_number = json_string_value(json_object_get(r, "id_number")),
			.credit_code = json_string_value(json_object_get(r, "credit_code")),
			.legal_rep = json_string_value(json_object_get(r, "legal_rep")),
			.phone = json_string_value(json_object_get(r, "phone")),
			.department = json_string_value(json_object_get(r, "department")),
			.roles = json_string_value(json_object_get(r, "roles")),
		};
		errs_t e = ERRS_INIT;
		char id[ACCOUNT_ID_LEN];
		errcode_t ec = account_create(st, &sys, &in, &e, id);
		if (ec != E_OK) {
			log_error("seed: account %s: %s %s", u, e.n ? e.v[0].field : "",
				  e.n ? e.v[0].en : "");
			rc = -1;
		} else
			added++;
		/* The demo staff's second factor: a fixed secret, published in the demo file (demo only). */
		const char *totp = json_string_value(json_object_get(r, "totp_secret"));
		if (ec == E_OK && totp) {
			char secret[TOTP_BASE32_LEN], uri[TOTP_URI_LEN];
			if (totp_enrol(st, &sys, id, NULL, totp, secret, uri) != E_OK) {
				log_error("seed: account %s: totp_secret is not base32 of 20 bytes", u);
				rc = -1;
			}
		}
		errs_clear(&e);
	}
	json_decref(rows);
	if (added)
		log_info("seed: %d demo accounts added", added);
	return rc;
}

/* Later modules add their demo loaders here (the catalogue, …). */
typedef int (*seed_fn)(store_t *st);
static const struct { const char *name; seed_fn fn; } DEMO_STEPS[] = {
	{"accounts", seed_accounts},
	{"matters", matter_seed_demo},
	{"appointments", appointment_seed_demo},
	{"complaints", complaint_seed_demo},
	{"inspections", insp_seed_demo},
	{"policies", policy_seed_demo},
	{"certificates", cert_seed_demo},
	{"datasets", dataset_seed_demo},
	{"bundles", bundle_seed_demo},
};

int seed_reference(store_t *st) { return locked(st, reference); }

static int demo(store_t *st)
{
	if (reference(st) != 0)
		return -1;
	if (seed_rows(st, "demo/regions.json", regions_write, "regions") != 0)
		return -1;
	if (seed_rows(st, "demo/departments.json", departments_write, "departments") != 0)
		return -1;
	for (size_t i = 0; i < sizeof DEMO_STEPS / sizeof DEMO_STEPS[0]; i++)
		if (DEMO_STEPS[i].fn(st) != 0) {
			log_error("seed: %s failed", DEMO_STEPS[i].name);
			return -1;
		}
	return 0;
}

int seed_demo(store_t *st) { return locked(st, demo); }

int seed_demo_history(store_t *st, const char *files_dir)
{
	int rc = locked(st, complaint_seed_history);
	return rc == 0 && files_dir ? synth_demo(st, files_dir) : rc;
}
