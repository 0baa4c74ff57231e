/* bundle_merge.h — a bundle's one application form and one list of
 * materials, derived from its matters' own (docs/bundles.md).
 *
 * Fields are merged by data element (`de`): the matters that ask for
 * DE.enterprise.name ask once. Where they constrain the element differently
 * the stricter rule wins (required if any requires it, the larger min_len and
 * min, the smaller max_len and max, the options every matter accepts); where
 * no value could satisfy all of them — different types, disjoint options, an
 * empty range, two different patterns — the conflict is reported. A field
 * without `de` belongs to its matter alone and is kept as it is (its key
 * suffixed when another field already took it). Fields a mapping fills from
 * an earlier step's output are not asked. Materials are merged by key: one
 * upload serves every matter that lists it (required if any requires it,
 * the formats all accept, the smallest size limit). */
#ifndef ONESTOP_BUNDLE_MERGE_H
#define ONESTOP_BUNDLE_MERGE_H

#include <jansson.h>
#include "base/errs.h"

/* Merges the matters (an array of matter documents, each with its "code")
 * into a new object:
 *   "form":      {"fields": [...]}    a form schema (form.h) of the fields asked
 *   "sources":   {merged key: [{"matter", "key"}, ...]}   where each value goes
 *   "mapped":    [{"matter", "key"}, ...]   fields a mapping fills (not asked)
 *   "materials": [...]                material definitions, merged by key
 *   "material_matters": {key: [matter code, ...]}
 *   "fields_total", "materials_total": what the matters ask when applied for one by one
 * `mapped` (may be NULL) is an array of {"matter", "key"}: the target fields
 * of the bundle's mappings. Conflicts are added to errs at
 * "merged_form.<de>" or "merged_materials.<key>". */
json_t *bundle_merge(const json_t *matters, const json_t *mapped, errs_t *errs);

#endif
