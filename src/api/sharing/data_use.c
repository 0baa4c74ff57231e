/* data_use.c — the data-use log's route: GET /api/v1/me/data-use, the
 * caller's own records, newest first (domain/sharing/data_use.h). */
#include "api/api.h"
#include "domain/sharing/data_use.h"

void api_me_data_use(req_t *r)
{
	static const char *const none[] = {NULL};
	if (!req_query_only(r, none))
		return;
	json_t *out = data_use_of_subject(store_reader(r->store), r->actor.id);
	if (!out) {
		reply_problem(r, E_INTERNAL, NULL, NULL, NULL);
		return;
	}
	reply_json(r, 200, out);
}
