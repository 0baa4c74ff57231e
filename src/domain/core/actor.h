/* actor.h — who is acting: the authenticated account behind a request (or
 * the system itself, for background jobs), with its roles and department.
 * Every domain write takes an actor so the audit log can say who did it.
 * The roles themselves are in role.h, included here so callers need one. */
#ifndef ONESTOP_ACTOR_H
#define ONESTOP_ACTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/core/ids.h"
#include "domain/core/role.h"

#define ACTOR_ID_LEN ACCOUNT_ID_LEN  /* an account id (32 hex digits), "system" */
#define ACTOR_KIND_LEN 16
#define ACTOR_DEPT_LEN DEPT_CODE_LEN /* a department code */
#define ACTOR_NAME_LEN 128

typedef struct {
	char id[ACTOR_ID_LEN];            /* account id, "system" for jobs, "" when anonymous */
	char kind[ACTOR_KIND_LEN];        /* person | enterprise | staff | system | "" */
	unsigned roles;                   /* role_t bits */
	char department[ACTOR_DEPT_LEN];  /* staff only */
	char display_name[ACTOR_NAME_LEN];
	char request_id[REQUEST_ID_LEN];
} actor_t;

/* The role the audit log records: the most senior one held, "anonymous" for none. */
const char *actor_primary_role(const actor_t *a);
/* The actor of background jobs and seeding. */
void actor_system(actor_t *a, const char *request_id);

#endif
