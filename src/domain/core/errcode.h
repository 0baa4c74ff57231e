/* errcode.h — the one registry of outcome codes.
 *
 * Every refusal the platform can give has a code here with its HTTP status
 * and a title in Chinese and English. Domain functions return these codes;
 * the API turns them into problem+json (`type` is /problems/<slug>). Field
 * details travel separately in an errs_t. */
#ifndef ONESTOP_ERRCODE_H
#define ONESTOP_ERRCODE_H

typedef enum {
	E_OK = 0,
	E_VALIDATION,        /* 422 the input breaks a rule; errors[] says which */
	E_BAD_REQUEST,       /* 400 malformed request */
	E_MALFORMED_JSON,    /* 400 */
	E_TOO_DEEP,          /* 400 JSON nesting too deep */
	E_TOO_MANY_FIELDS,   /* 400 */
	E_BODY_TOO_LARGE,    /* 413 */
	E_HEADERS_TOO_LARGE, /* 431 */
	E_UNSUPPORTED_MEDIA, /* 415 */
	E_UNAUTHORIZED,      /* 401 no valid session */
	E_BAD_CREDENTIALS,   /* 401 wrong username or password */
	E_CSRF,              /* 403 cookie write without the CSRF token */
	E_FORBIDDEN,         /* 403 role, department or ownership */
	E_NOT_FOUND,         /* 404 */
	E_NO_ROUTE,          /* 404 */
	E_METHOD,            /* 405 */
	E_CONFLICT,          /* 409 already exists */
	E_STALE,             /* 409 version mismatch */
	E_STATE,             /* 409 action not allowed in this state */
	E_PRECONDITION_REQUIRED, /* 428 If-Match missing */
	E_THROTTLED,         /* 429 */
	E_IDEMPOTENCY_MISMATCH, /* 422 */
	E_TASK_CLAIMED,      /* 409 a colleague holds the task */
	E_INTERNAL,          /* 500 */
	E_UNAVAILABLE,       /* 503 */
	E_SLOT_FULL,         /* 409 the appointment slot is fully booked */
	E__COUNT
} errcode_t;

typedef struct {
	errcode_t code;
	const char *slug;     /* stable, in URLs and tests */
	int status;           /* HTTP status */
	const char *title_zh;
	const char *title_en;
} errcode_info_t;

const errcode_info_t *errcode_info(errcode_t code);
/* The whole registry, for docs and tests (E__COUNT rows). */
const errcode_info_t *errcode_table(void);

#endif
