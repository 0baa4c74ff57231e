/* case_hooks.h — what other subsystems do when a case changes, in the same
 * transaction as the change: statistics counters, a certificate at the issue
 * step, a bundle's next steps. The table of hooks is domain/registry.c's
 * (cases sit below those subsystems and never include them); the case code
 * calls domain_case_changed() after each filing and each transition, inside
 * the writer. A hook's non-zero return (an errcode_t, or -1 for a database
 * error) rolls the whole change back and is the request's answer. */
#ifndef ONESTOP_CASE_HOOKS_H
#define ONESTOP_CASE_HOOKS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "domain/cases/case_store.h"
#include "domain/core/actor.h"
#include "store/store.h"

typedef struct {
	dbc_t *c;                /* the writer's connection, inside the transaction */
	const actor_t *by;
	const case_row_t *row;   /* the case as saved by this change */
	const char *action;      /* "create" or "submit" when filed; else the machine's action */
	const char *from, *to;   /* states; from is "" when the case was just filed */
	const json_t *matter;    /* the matter document of the case's version */
	int64_t now;             /* ms since the epoch (the clock the change used) */
} case_change_t;

typedef int (*case_hook_t)(const case_change_t *ch);

/* Whether any hook is installed (the filing path reads the case back only then). */
bool domain_case_hooked(void);
/* Runs every hook of registry.c's table in order; the first non-zero return stops. */
int domain_case_changed(const case_change_t *ch);

#endif
