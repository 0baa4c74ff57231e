/* actor.c — the acting account as the audit log names it (see actor.h). */
#include "domain/core/actor.h"
#include <stdio.h>
#include <string.h>

const char *actor_primary_role(const actor_t *a)
{
	const char *r = role_most_senior(a->roles);
	return r ? r : "anonymous";
}

void actor_system(actor_t *a, const char *request_id)
{
	memset(a, 0, sizeof *a);
	snprintf(a->id, sizeof a->id, "system");
	snprintf(a->kind, sizeof a->kind, "system");
	a->roles = ROLE_SYSTEM;
	snprintf(a->display_name, sizeof a->display_name, "系统 System");
	snprintf(a->request_id, sizeof a->request_id, "%s", request_id ? request_id : "job");
}
