/* open311.h — the Open311 GeoReport v2 façade over 12345 requests: existing
 * Open311 clients file and follow requests without knowing onestop.
 *
 *   services          the complaint categories (service_code = category code), every one
 *                     `realtime` with metadata: its definition asks for the district (required),
 *                     the street and the kind of request
 *   POST requests     an application holding an API key files a request through the portal's
 *                     own intake (complaint_create), so it is dispatched at once; the answer
 *                     carries its service_request_id (the request's number, 12345-YYYYMMDD-N)
 *   GET requests      the public face of requests (complaint_public_json): open/closed with
 *                     status notes, never the caller
 *   tokens/{token}    a request's opaque id (what the portal's intake answers) → its number
 *
 * API keys are issued by the system administrator and revocable; only a keyed hash is kept
 * (open311_key.c). The rules without a database are open311_rules.h. */
#ifndef ONESTOP_OPEN311_H
#define ONESTOP_OPEN311_H

#include <jansson.h>
#include <stdbool.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/ids.h"
#include "domain/core/ratelimit.h"
#include "base/errs.h"
#include "store/store.h"

#define OPEN311_KEY_LEN 72 /* "o311_" + 64 hex digits + NUL, with room */

/* Issues a key to the application `name` (1..100 characters). The key is in key_out, shown
 * once; *out gets {id, name, created_at}. E_VALIDATION (e says why). */
errcode_t open311_key_issue(store_t *st, const actor_t *by, const char *name, errs_t *e,
			    char key_out[OPEN311_KEY_LEN], json_t **out);
/* Revokes a key: E_OK (also when it was revoked already), E_NOT_FOUND. */
errcode_t open311_key_revoke(store_t *st, const actor_t *by, const char *id);
/* Whether key is a key issued and not revoked; its id in id_out. */
bool open311_key_check(dbc_t *c, const char *key, char id_out[ENTITY_ID_LEN]);

/* A request as a client sends it (the form's fields, NUL-terminated, NULL when absent).
 * email, first_name, last_name, device_id and account_id are accepted and not kept: the
 * platform keeps only the phone, sealed, which the reply and the callback need. */
typedef struct {
	const char *service_code, *description, *phone, *address_string, *address_id, *media_url, *lat, *lon;
	const json_t *attributes; /* {code: "value" or ["value", …]} */
	const char *client_addr;  /* the caller's address: the intake's per-address limit */
	limit_hit_t *limited;     /* filled when that limit refuses it (E_RATE_LIMITED) */
} open311_new_t;

/* Files a request (by: the anonymous actor of the call; key_id: the key it came with). *out:
 * [{service_request_id, service_notice, account_id}]. E_NOT_FOUND: no such service_code;
 * E_VALIDATION: e names every problem by the Open311 field. */
errcode_t open311_file(store_t *st, const actor_t *by, const char *key_id, const open311_new_t *in, bool en,
		       errs_t *e, json_t **out);

/* The service list, and one service's definition (NULL: no such service_code). Names in English
 * when en, in Chinese otherwise. */
json_t *open311_services(dbc_t *c, bool en);
json_t *open311_service_definition(dbc_t *c, const char *code, bool en);

/* GET requests' arguments as given (NULL or "" when absent). */
typedef struct {
	const char *service_request_id, *service_code, *start_date, *end_date, *status;
} open311_query_t;

/* The requests the query names, as Open311 requests, newest first, at most 1000; now: the
 * clock. E_VALIDATION: e says what is wrong (dates, a span over 90 days, an unknown code or
 * status). */
errcode_t open311_requests(dbc_t *c, const open311_query_t *q, int64_t now, bool en, errs_t *e, json_t **out);
/* One request by its service_request_id; NULL when unknown. */
json_t *open311_request(dbc_t *c, const char *number, bool en);
/* {service_request_id, token} for a token (a request's opaque id); NULL when unknown. */
json_t *open311_token(dbc_t *c, const char *token);

#endif
