/* case_flow.h — the case life cycle as a machine of the workflow engine
 * (domain/core/wf.h): states, transition rows, guards, and the task each
 * state puts in the department's queue. The action descriptors are in
 * case_act.c. Read case_flow.c as the rules: who may do what, from which
 * state, to which state. */
#ifndef ONESTOP_CASE_FLOW_H
#define ONESTOP_CASE_FLOW_H

#include <stdbool.h>
#include <jansson.h>
#include "domain/catalog/decision_words.h"
#include "domain/core/wf.h"

/* What a guard may look at. */
typedef struct {
	bool immediate;          /* 即办件 */
	bool has_result;         /* the matter's result is a certificate or document */
	bool extended;           /* the one extension was granted */
	bool intake_overdue;     /* more than 5 working days passed since submission */
	bool separate_approval;  /* 审批分离: an approver decides, never the reviewer */
	bool fee_unpaid;         /* the matter keeps the result back until its fee is paid, and it is not */
	bool electronic;         /* the applicant chose electronic delivery: the platform delivers */
} case_facts_t;

/* Flags of case action descriptors. */
enum {
	CASE_ACT_SYSTEM_ONLY = 1u << 0,   /* taken by the platform when due, never through the API */
	CASE_ACT_INTAKE_CLOCK = 1u << 1,  /* (re)starts the 5-working-day intake clock (Art. 32) */
	CASE_ACT_NOTIFY_SAME = 1u << 2,   /* tells the applicant even when the state stays */
};

extern const wf_machine_t case_machine;

/* The task (kind, role) a state puts in the department's queue; false when none. */
bool case_task_for(const char *status, bool has_result, const char **kind, const char **role);
/* The machine calls the two decided states 准予许可 / 不予许可; a case whose matter
 * grants something else (a registration, a filing) is labelled in its words:
 * replaces `status_label` of `o` when `status` is approved or denied. */
void case_status_label_words(json_t *o, const char *status, const decision_words_t *w);

#endif
