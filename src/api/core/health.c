/* health.c — /healthz (the process answers), /readyz (the database answers
 * and the server is not shutting down). /metrics is served by http/metrics.c. */
#include "api/api.h"
#include "api/app.h"
#include <stdlib.h>
#include <string.h>

void api_healthz(req_t *r)
{
	reply_json(r, 200, json_pack("{ss}", "status", "ok"));
}

void api_readyz(req_t *r)
{
	bool db_ok = store_ping(r->store);
	if (!db_ok || !r->app->ready) {
		reply_problem(r, E_UNAVAILABLE, db_ok ? "正在停止服务" : "数据库不可用",
			      db_ok ? "shutting down" : "database unavailable", NULL);
		return;
	}
	/* job_rounds: the background jobs' rounds finished since the start; 0 while the first
	 * (the catch-up on what fell due while the node was down) still runs */
	reply_json(r, 200, json_pack("{ss ss sI}", "status", "ready", "database", "ok", "job_rounds",
				     (json_int_t)atomic_load(&r->app->job_rounds)));
}
