/* problem.h — the one registry of outcome codes as the API answers them:
 * for every code, the domain's (domain/core/errcode.h) and the transport's
 * below, its HTTP status, the slug of its problem type (/problems/<slug>)
 * a title and an explanation (what it means, what to do) in Chinese and
 * English, served as a page at GET /problems/<slug>. reply_problem (request.h) builds
 * problem+json bodies from it. */
#ifndef ONESTOP_PROBLEM_H
#define ONESTOP_PROBLEM_H

#include "domain/core/errcode.h"

/* The transport's own codes: requests that never reach the domain. */
enum {
	E_BAD_REQUEST = E__DOMAIN_END, /* 400 malformed request */
	E_MALFORMED_JSON,    /* 400 */
	E_TOO_DEEP,          /* 400 JSON nesting too deep */
	E_TOO_MANY_FIELDS,   /* 400 */
	E_BODY_TOO_LARGE,    /* 413 */
	E_HEADERS_TOO_LARGE, /* 431 */
	E_UNSUPPORTED_MEDIA, /* 415 */
	E_UNAUTHORIZED,      /* 401 no valid session */
	E_CSRF,              /* 403 cookie write without the CSRF token */
	E_NO_ROUTE,          /* 404 */
	E_METHOD,            /* 405 */
	E_PRECONDITION_REQUIRED, /* 428 If-Match missing */
	E_BAD_FRAMING,       /* 400 ambiguous body length (RFC 9112 §6.1); the connection is closed */
	E_NUL_BYTE,          /* 400 NUL in the path, the query or a header */
	E__COUNT
};

typedef struct {
	int code;
	const char *slug;     /* stable, in URLs and tests */
	int status;           /* HTTP status */
	const char *title_zh;
	const char *title_en;
	const char *explain_zh; /* what it means and what to do: the /problems/<slug> page */
	const char *explain_en;
} problem_info_t;

/* The row of a code; unknown codes are E_INTERNAL's. */
const problem_info_t *problem_info(int code);
/* The whole registry, for docs and tests (E__COUNT rows). */
const problem_info_t *problem_table(void);
/* The row of a problem type's slug (status 400 and above); NULL if none. */
const problem_info_t *problem_by_slug(const char *slug);

#endif
