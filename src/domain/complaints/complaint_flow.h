/* complaint_flow.h — the machine of 12345 requests (internal to domain/complaints/). */
#ifndef ONESTOP_COMPLAINT_FLOW_H
#define ONESTOP_COMPLAINT_FLOW_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "domain/core/wf.h"

/* The lead body's staff act with these roles (only when their department is the lead). */
#define COMPLAINT_BODY_ROLES (ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD)

typedef struct {
	bool enquiry, arbitrated, sign_overdue, resolved, reply_overdue, supervised;
} complaint_facts_t;

#define COMPLAINT_NACTIONS 15
extern const wf_action_t complaint_actions[COMPLAINT_NACTIONS];

#include "domain/complaints/complaint_store.h"
#include "store/store.h"
/* The roles `by` acts with on the request (role bits | WF_OWNER; ROLE_SYSTEM for jobs). */
unsigned complaint_who(dbc_t *c, const actor_t *by, const complaint_row_t *r);
void complaint_facts(const complaint_row_t *r, int64_t now, complaint_facts_t *f);
/* Whether the department is a hotline centre (kind 'hotline'). */
bool complaint_is_hotline(dbc_t *c, const char *dept);
/* Whether the department may handle requests (street office, district government, bureau). */
bool complaint_is_body(dbc_t *c, const char *dept);

#endif
