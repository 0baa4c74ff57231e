/* case_process.h — a matter's 办理流程 (process) as the applicant reads it:
 * the steps a case of the matter goes through on the case machine's happy
 * path (case_flow.c), each with the case states it covers and its time limit
 * where the matter or the law sets one. Shown on the guide
 * (GET /api/v1/matters/{code}/process) and, on a case, as the steps that
 * remain after its current state.
 *
 * Steps, in order (keys):
 *   apply    申请            draft
 *   intake   受理            submitted, correction — within CASE_INTAKE_DAYS working days
 *                           of submission (Art. 32 行政许可法), else deemed accepted
 *   handle   受理并当场办结  (immediate matters, instead of intake … complete) submitted, correction
 *   review   审查            accepted
 *   decide   决定            in_review, suspended — the promised working days from
 *                           acceptance (review and decision together), the legal ones beside
 *   pay      缴费            (a matter with a fee) after intake or after the decision, by its
 *                           fee_step; covers no state: the payment notice is part of the case
 *   issue    制证            approved (a matter with a result)
 *   deliver  送达            issued (a matter with a result), by the matter's delivery methods
 *   complete 办结            delivered, denied, completed (and approved without a result)
 * refused and withdrawn belong to no step: nothing remains. */
#ifndef ONESTOP_CASE_PROCESS_H
#define ONESTOP_CASE_PROCESS_H

#include <jansson.h>

/* The steps of a matter (its stored document): a new array of
 * {key, name {zh, en}, role, states [...], days?, from?, legal_days?, ...}. */
json_t *case_process_steps(const json_t *matter);

/* The key of the step covering a case state, or NULL (refused, withdrawn, unknown). */
const char *case_process_step_of(const json_t *steps, const char *status);

#endif
