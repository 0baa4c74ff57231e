/* bundle.h — bundles (一件事, 一事联办): several departments' matters joined
 * into one application (docs/bundles.md).
 *
 * A definition names its matters, the dependencies between them (a DAG with
 * a join policy per edge, bundle_dag.h), a promised time in working days and
 * output -> input mappings (the registration's credit code fills
 * DE.enterprise.credit_code of the later matters). bundle_check refuses a
 * definition with every problem listed — a cycle, an unknown or retired
 * matter, a mapping to a field that does not exist or of another type, an
 * irreconcilable merge (bundle_merge.h) — and nothing is stored. Versioned
 * like matters: creating makes version 1, an update the next version, the
 * old ones stay readable; each version records the matter versions its
 * merged form was derived from. Every change names the row version it read
 * and is audited. */
#ifndef ONESTOP_BUNDLE_H
#define ONESTOP_BUNDLE_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

#define BUNDLE_CODE_LEN 40

/* Checks a definition; on success returns the served document of a new
 * version (definition, pinned matter versions, steps, merged form and
 * materials, sums), without "version". */
json_t *bundle_check(dbc_t *c, const json_t *in, const char *code_from_url, errs_t *errs);

/* Where bundle_check finds the matters a definition names. `matter` returns
 * the served document of the matter's current version (a new reference) when
 * the matter is active; otherwise NULL, with *retired set when the code names
 * a retired matter rather than none. */
typedef struct {
	json_t *(*matter)(void *ctx, const char *code, bool *retired);
	void *ctx;
} bundle_catalog_t;

/* bundle_check over a catalogue given as functions: the rules of a
 * definition without a store (bundle_check passes the store's matters; the
 * fuzz harness passes a fixed set). */
json_t *bundle_check_in(const bundle_catalog_t *cat, const json_t *in, const char *code_from_url,
			errs_t *errs);

errcode_t bundle_create(store_t *st, const actor_t *by, const json_t *doc, errs_t *errs, int64_t *rv_out);
errcode_t bundle_update(store_t *st, const actor_t *by, const char *code, int64_t if_version,
			const json_t *doc, errs_t *errs, int64_t *rv_out);
errcode_t bundle_retire(store_t *st, const actor_t *by, const char *code, int64_t if_version,
			int64_t *rv_out);

/* The served document of a version (0 = current), with "version" and
 * "status"; *row_version for ETag / If-Match. NULL when absent. */
json_t *bundle_get(dbc_t *c, const char *code, int64_t version, int64_t *row_version);
/* Active bundles, newest code order: {"items": [summary, ...]}. */
json_t *bundle_list(dbc_t *c);

/* The outputs a step can hand to later ones, by name: its type (a form
 * type, form.h) and the certificate its matter must issue. NULL: unknown. */
const char *bundle_output_type(const char *output, const json_t *matter);

/* Loads data/demo/bundles.json (idempotent: existing codes are skipped). */
int bundle_seed_demo(store_t *st);

#endif
