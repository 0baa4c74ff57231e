/* registry.h — the domain's tables that span its subsystems: the workflow
 * machines (printed by `onestop workflow`, walked by the unit tests) and the
 * background jobs (run by the HTTP layer's timer, and by the test build's
 * /api/v1/test/jobs). Subsystems never include this file; it includes them. */
#ifndef ONESTOP_DOMAIN_REGISTRY_H
#define ONESTOP_DOMAIN_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include "domain/core/wf.h"
#include "store/store.h"

const wf_machine_t *const *domain_machines(size_t *n);

typedef struct {
	const char *name;
	int (*run)(store_t *st);   /* returns the number of items handled, < 0 on error */
} domain_job_t;

/* The jobs, ending with a row whose name is NULL. */
const domain_job_t *domain_jobs(void);
/* Runs every job once, logging what each did. Each job holds a lock across
 * every node on the database while it runs (store_try_lock; released if the
 * node dies), so one node at a time runs it; a job another node is running is
 * skipped, or waited for when `wait` (the test build's /api/v1/test/jobs,
 * which must see every job run). Jobs are safe to run again after a crash:
 * each item's effect commits with the state change that marks it done. */
void domain_jobs_run_all(store_t *st, bool wait);

#endif
