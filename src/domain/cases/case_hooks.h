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

/* What a material whose source is certificate:TYPE takes from the
 * applicant's certificates (免提交). Answered by registry.c from domain/certs,
 * which the case code never includes. */
typedef enum {
	CASE_CERT_OK,         /* *out: the certificate's view (see below) */
	CASE_CERT_NONE,       /* no id given: the holder has no valid certificate of the type */
	CASE_CERT_UNKNOWN,    /* the id names no certificate of this holder (another's is unknown too) */
	CASE_CERT_NOT_VALID,  /* revoked, expired, superseded, or its signature does not hold */
	CASE_CERT_WRONG_TYPE, /* the holder's, but of another type */
} case_cert_found_t;

/* The holder's certificate of a type: the one named by id, else the newest
 * valid one. On CASE_CERT_OK *out is a new {id, type, name {zh, en}, issuer
 * {department, name}, issued (YYYY-MM-DD), identifier, valid_until, holder
 * {kind, id, name}, fields}; -1 on a database error. */
int domain_case_certificate(dbc_t *c, const char *holder_account, const char *type, const char *id,
			    int64_t now, json_t **out);

/* Fees (domain/payments, answered by registry.c): whether the case's payment
 * notice is paid, and the notice as the case view shows it (new; NULL when
 * the case has none). */
bool domain_case_fee_paid(dbc_t *c, const char *case_id);
json_t *domain_case_payment(dbc_t *c, const char *case_id);

/* The bundle a case is a step of (domain/bundles, answered by registry.c):
 * {id, bundle, name, state, waiting: [{matter, name, join}]} — the steps
 * that wait on this one; new, NULL when the case is no bundle's step. */
json_t *domain_case_bundle(dbc_t *c, const char *case_id);

/* The sealed notices (文书) of a case as its view lists them (domain/certs'
 * notice.h, answered by registry.c): a new array, [] when none. */
json_t *domain_case_notices(dbc_t *c, const char *case_id);

/* Whether any hook is installed (the filing path reads the case back only then). */
bool domain_case_hooked(void);
/* Runs every hook of registry.c's table in order; the first non-zero return stops. */
int domain_case_changed(const case_change_t *ch);

#endif
