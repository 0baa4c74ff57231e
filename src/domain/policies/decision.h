/* decision.h — a policy's eligibility as a decision table over enterprise
 * attributes, with DMN-like hit policies. Pure: no database.
 *
 * A table (JSON):
 *   {"hit_policy": "unique" | "first" | "collect",
 *    "rules": [{"when": {ATTRIBUTE: CONDITION, ...}, "benefit": fen}, ...]}
 * A benefit is 0 to DECISION_MAX_BENEFIT fen.
 * Attributes (the enterprise profile): industry, size, district, tax_credit (text),
 * employees (integer), founded (YYYY-MM-DD). A condition is {"in": [values]} for
 * text, {"min": x, "max": y} (either or both, inclusive) for employees (integers) and
 * founded (dates); an attribute a rule does not name matches anything.
 * unique: at most one row may match any enterprise — rows that could both match are
 * refused when the table is defined; first: the first matching row; collect: every
 * matching row, benefits added. */
#ifndef ONESTOP_POLICY_DECISION_H
#define ONESTOP_POLICY_DECISION_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/errs.h"

#define DECISION_MAX_RULES 50
/* The largest benefit of a row, in fen (10 billion yuan): the rows of a
 * "collect" table add up, and DECISION_MAX_RULES of them must stay exact in
 * 64 bits. */
#define DECISION_MAX_BENEFIT 1000000000000LL

/* Checks a table; appends every problem to e under the field prefix
 * (e.g. "eligibility.rules[2].when.revenue"). True when sound. */
bool decision_validate(const json_t *table, const char *prefix, errs_t *e);

/* Evaluates a validated table on an enterprise's facts (an object of the attributes;
 * missing facts match no condition on them). Returns the matched rows as a new array
 * [{"row": n (1-based), "benefit": fen, "explanation": "row 3 matched: industry = 餐饮,
 * employees ≤ 50"}] (empty when none) and sets *benefit to the total of the hit rows. */
json_t *decision_eval(const json_t *table, const json_t *facts, int64_t *benefit);

#endif
