/* actor.h — who is acting: the authenticated account behind a request (or
 * the system itself, for background jobs), with its roles and department.
 * Every domain write takes an actor so the audit log can say who did it. */
#ifndef ONESTOP_ACTOR_H
#define ONESTOP_ACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/core/ids.h"

typedef enum {
	ROLE_PERSON        = 1 << 0,   /* 自然人 applicant */
	ROLE_ENTERPRISE    = 1 << 1,   /* 法人 applicant */
	ROLE_WINDOW_CLERK  = 1 << 2,
	ROLE_REVIEWER      = 1 << 3,
	ROLE_APPROVER      = 1 << 4,
	ROLE_DEPT_HEAD     = 1 << 5,
	ROLE_DISPATCHER    = 1 << 6,
	ROLE_SUPERVISOR    = 1 << 7,
	ROLE_ADMIN         = 1 << 8,
	ROLE_SYSTEM        = 1 << 9,   /* background jobs */
} role_t;

#define ROLES_APPLICANT (ROLE_PERSON | ROLE_ENTERPRISE)
#define ROLES_STAFF (ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD | ROLE_DISPATCHER | ROLE_SUPERVISOR | ROLE_ADMIN)

typedef struct {
	char id[ACCOUNT_ID_LEN]; /* account id, "system" for jobs, "" when anonymous */
	char kind[16];          /* person | enterprise | staff | system | "" */
	unsigned roles;         /* role_t bits */
	char department[DEPT_CODE_LEN]; /* staff only */
	char display_name[128];
	char request_id[REQUEST_ID_LEN];
} actor_t;

/* "reviewer" -> ROLE_REVIEWER; 0 when unknown. */
unsigned role_from_name(const char *name);
const char *role_name(unsigned role);    /* a single bit */
/* Parses "reviewer,approver"; returns -1 on an unknown name. */
int role_parse_list(const char *csv, unsigned *out);
/* Writes "reviewer,approver" into out. */
void role_format_list(unsigned roles, char *out, size_t n);
/* The role the audit log records: the most senior one held. */
const char *actor_primary_role(const actor_t *a);
void actor_system(actor_t *a, const char *request_id);

#endif
