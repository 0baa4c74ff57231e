/* pii_view.c — see pii_view.h. */
#include "domain/core/pii_view.h"
#include "base/log.h"
#include <string.h>

#define ROLES_HANDLING (ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD | ROLE_DISPATCHER)

bool pii_view_clear(const actor_t *viewer, const char *owner_id, const char *department)
{
	if (!viewer || !viewer->id[0])
		return false;
	if (owner_id && !strcmp(viewer->id, owner_id))
		return true;
	return department && department[0] && (viewer->roles & ROLES_HANDLING) &&
	       !strcmp(viewer->department, department);
}

void pii_view_mask(json_t *doc) { mask_pii_json(doc); }
