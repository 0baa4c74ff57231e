/* request.h — what an API handler receives and how it answers.
 *
 * The HTTP layer (src/http/) turns a libmicrohttpd request into a req_t:
 * method, path, the route's path parameters, query, headers of interest,
 * the parsed JSON body (limits already enforced), the authenticated actor,
 * and the route's declared access rule. A handler calls exactly one reply_*
 * function; the HTTP layer sends it, logs it and frees the request. */
#ifndef ONESTOP_REQUEST_H
#define ONESTOP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "base/errs.h"
#include "base/page.h"
#include "domain/core/actor.h"
#include "domain/core/ratelimit.h"
#include "api/problem.h"
#include "store/store.h"

#define MAX_PATH_PARAMS 4

typedef struct app app_t;   /* the running platform: store, config (api/app.h) */

#define SESSION_COOKIE "onestop_session"

/* Who may call a route: declared per route in the one route table. */
typedef enum {
	ACCESS_PUBLIC,   /* anyone, logged in or not */
	ACCESS_USER,     /* any logged-in account whose roles intersect `roles` (0 = any role) */
	ACCESS_OPERATOR, /* the operator's Bearer token (--metrics-token), never a session; 404 without one */
} access_t;

/* How a resource's department and owner limit access (checked by authz_resource). */
typedef enum {
	SCOPE_NONE,          /* the route's roles are enough */
	SCOPE_OWNER,         /* the account that owns the resource */
	SCOPE_DEPT,          /* staff of the resource's department; supervisors and admins read everywhere */
	SCOPE_OWNER_OR_DEPT, /* either */
} scope_t;

typedef struct req req_t;
typedef void (*handler_fn)(req_t *r);

typedef struct {
	const char *method;
	const char *pattern;   /* "/api/v1/calendar/{region}/{year}" */
	handler_fn handler;
	access_t access;
	unsigned roles;        /* role_t bits allowed (ACCESS_USER) */
	scope_t scope;
	const char *summary;   /* one line, for docs/openapi.yaml and the route listing */
	bool upload;           /* multipart body streamed to disk (http/upload.h), not gathered as JSON */
	bool form;             /* a body of any media type handed over raw (raw_body): the handler reads
	                        * it (Open311's application/x-www-form-urlencoded) and answers its errors */
	bool secret_path;      /* the path carries a secret (a share link's token): the request log writes
	                        * the route's pattern in its place */
} route_t;

typedef struct {
	const char *name;      /* points into the route pattern; name_len bytes */
	size_t name_len;
	char *value;           /* owned by the request */
} path_param_t;

struct req {
	app_t *app;
	store_t *store;
	const route_t *route;
	const char *method;
	const char *path;
	path_param_t params[MAX_PATH_PARAMS];
	int nparams;
	void *conn;            /* the HTTP layer's connection, for lookups */
	/* kind 0: query argument, 1: header, 2: cookie; NULL when absent */
	const char *(*lookup)(void *conn, int kind, const char *name);
	/* calls fn for every query argument; for rejecting unknown ones */
	void (*each_query)(void *conn, void (*fn)(const char *key, const char *value, void *ctx), void *ctx);
	json_t *body;          /* parsed JSON body or NULL */
	const char *raw_body;
	size_t raw_len;
	actor_t actor;         /* id "" when anonymous */
	bool authenticated;
	bool via_cookie;
	char token[72];        /* the session token used, if any */
	char request_id[REQUEST_ID_LEN];
	char client_addr[64];
	bool lang_en;          /* Accept-Language prefers English */
	bool via_https;        /* a trusted proxy said the client came over TLS (X-Forwarded-Proto) */

	/* the answer */
	bool fault_replied;    /* reply_fault answered (its Retry-After is set) */
	int status;
	char *resp_body;       /* owned */
	size_t resp_len;
	const char *content_type;
	char *(*resp_headers)[2]; /* owned name/value pairs, as many as the handler adds */
	int nresp_headers, cap_resp_headers;
	bool replied;
	const char *error_slug; /* for the log line */

	/* Upload routes: the streamed multipart form (domain/files.h); NULL otherwise. */
	struct file_upload *upload;
	/* A reply whose body is read piece by piece by the HTTP layer as the
	 * client takes it (a stored file, opened a frame at a time: api/files):
	 * resp_read(resp_stream, buf, max) gives the next bytes (their count; 0
	 * at the end; -1 on an error, which cuts the answer short), the HTTP
	 * layer calls resp_close(resp_stream) once; resp_body stays NULL. */
	void *resp_stream;
	ssize_t (*resp_read)(void *stream, void *buf, size_t max);
	void (*resp_close)(void *stream);
	uint64_t resp_stream_len;
};

const char *req_param(req_t *r, const char *name);
const char *req_query(req_t *r, const char *name);
const char *req_header(req_t *r, const char *name);
/* True when the client sent Prefer: return=minimal (RFC 7240): a write answers with
 * the few fields it needs, and the response says Preference-Applied. */
bool req_prefers_minimal(req_t *r);

void reply_json(req_t *r, int status, json_t *body);          /* steals body */
void reply_raw(req_t *r, int status, const char *content_type, const void *data, size_t len);
void reply_problem(req_t *r, int code, const char *detail_zh, const char *detail_en, const errs_t *errs);
/* Convenience for validation failures: 422 with every field error. */
void reply_errors(req_t *r, int code, const errs_t *errs);
/* 503 problem+json with Retry-After naming a storage fault (store.h: disk
 * full, I/O error); reply_problem turns an E_INTERNAL into this when the
 * request's write failed for one (store_write_fault) or the store has one. */
void reply_fault(req_t *r, store_fault_t f);
void reply_header(req_t *r, const char *name, const char *value);
void reply_no_content(req_t *r);
/* 429 too-many-requests naming the limit (ratelimit.h) in zh and en, with
 * Retry-After: the seconds until its window frees. */
void reply_rate_limited(req_t *r, const limit_hit_t *hit);

/* Replies 422 naming every query argument not in `allowed` (NULL-terminated); returns false then. */
bool req_query_only(req_t *r, const char *const *allowed);
/* ?limit= and ?cursor= of a paged list, as the case list reads them (base/page.h): each bad one
 * is added to e, named ("limit", "cursor") in Chinese and English; *cur is the first page when
 * no cursor is given. */
void req_page(req_t *r, int *limit, page_cursor_t *cur, errs_t *e);
/* ?limit= of a list of its own sizes, 1 to max (page_limit_parse_in): dflt when left out; a bad one
 * is added to e (naming `limit`, with the range) and gives dflt. */
int req_limit(req_t *r, int dflt, int max, errs_t *e);
/* req_page, then, when e holds any problem (the caller's own checks included), the 422 naming them
 * all: e cleared, false. */
bool req_page_valid(req_t *r, int *limit, page_cursor_t *cur, errs_t *e);
/* If-Match: <version> (quotes and W/ accepted). Replies 428 when missing and
 * 400 when malformed, returning false; otherwise sets *version. */
bool req_if_match(req_t *r, int64_t *version);
/* Idempotency-Key (optional, 1 to 64 characters): *key is NULL when absent; replies 400 naming the
 * header and returns false when it is malformed. */
bool req_idempotency_key(req_t *r, const char **key);
/* The same where If-Match is optional: *version is 0 when it is absent. */
bool req_if_match_optional(req_t *r, int64_t *version);
/* If-None-Match (RFC 9110): "*" or a list of entity tags, compared weakly. */
bool req_etag_listed(const char *if_none_match, const char *etag);
/* The weak ETag of a JSON text, derived from its bytes: W/"<32 hex digits>". */
void text_etag(const char *json_text, size_t len, char etag[48]);
/* Replies 200 with a JSON text and its text_etag, or 304 when If-None-Match
 * names it (reply_json_validated). */
void reply_text_etag(req_t *r, const char *json_text);

/* Compression of JSON answers. A 200 application/json answer to GET or HEAD
 * whose body is over REPLY_GZIP_MIN bytes goes gzip-coded (Content-Encoding:
 * gzip) to a client whose Accept-Encoding gives gzip (or "*") a q-value above
 * 0; below that size the coding's header, trailer and the two header lines
 * cost about what it saves. Every such answer, coded or not, and every 304 to
 * GET says Vary: Accept-Encoding. A gzip-coded answer's ETag has "-gz" inside
 * its quotes, so that each representation has its own (req_if_match takes a
 * version with that suffix too). An answer is compressed at REPLY_GZIP_LEVEL
 * (a fast level: docs/architecture.md, "Speed"); the cached bodies of
 * respcache.h once, at REPLY_GZIP_LEVEL_CACHED. */
#define REPLY_GZIP_MIN 1024
#define REPLY_GZIP_LEVEL 1
#define REPLY_GZIP_LEVEL_CACHED 6
/* True when an answer of `len` bytes to this request is to go gzip-coded. */
bool reply_gzip_wanted(req_t *r, size_t len);
/* Replies to a GET with a JSON body under a validator: the representation the
 * client takes (gzip as above: `gz`, gz_len when given, compressed here when
 * NULL), its ETag (`etag` or its "-gz" form; none when etag is NULL or ""),
 * Cache-Control: no-cache, and 304 when If-None-Match names that ETag. */
void reply_json_validated(req_t *r, const char *etag, const char *body, size_t len, const void *gz,
			  size_t gz_len);
/* Called by the HTTP layer on every answer before it is sent: the coding of
 * a JSON answer not yet coded, the ETag that goes with it, and Vary. */
void reply_encode(req_t *r);
/* Sets ETag: "<version>". */
void reply_etag(req_t *r, int64_t version);

/* Parses the JSON body with a spec (see base/jsonin.h); on failure replies 400/422 and returns false. */
bool req_body(req_t *r, const void *spec /* const jfield_t * */);

/* Ownership and department checks of the route's declared scope.
 * Returns true when allowed; otherwise replies 403 (or 404 to hide another
 * person's resource) and returns false. */
bool authz_resource(req_t *r, const char *owner_account, const char *department, bool write);

#endif
