/* errcode.h — the outcomes the domain can give.
 *
 * Domain functions return these codes; field details travel separately in
 * an errs_t. What they mean on the wire — the HTTP status, the slug of the
 * problem type and the titles in Chinese and English — is the API's one
 * registry (api/problem.c), which also holds the transport's own codes
 * (malformed JSON, no route, headers too large …) that the domain never
 * sees. */
#ifndef ONESTOP_ERRCODE_H
#define ONESTOP_ERRCODE_H

typedef enum {
	E_OK = 0,
	E_VALIDATION,        /* 422 the input breaks a rule; errors[] says which */
	E_BAD_CREDENTIALS,   /* 401 wrong username or password */
	E_FORBIDDEN,         /* 403 role, department or ownership */
	E_NOT_FOUND,         /* 404 */
	E_CONFLICT,          /* 409 already exists */
	E_STALE,             /* 409 version mismatch */
	E_STATE,             /* 409 action not allowed in this state */
	E_THROTTLED,         /* 429 */
	E_IDEMPOTENCY_MISMATCH, /* 422 */
	E_TASK_CLAIMED,      /* 409 a colleague holds the task */
	E_INTERNAL,          /* 500 */
	E_UNAVAILABLE,       /* 503 */
	E_SLOT_FULL,         /* 409 the appointment slot is fully booked */
	E_RATE_LIMITED,      /* 429 an abuse limit (domain/core/ratelimit.h) is reached */
	E_OTP_REQUIRED,      /* 401 a staff login without its one-time code */
	E_OTP_INVALID,       /* 401 the one-time code is wrong or out of its time window */
	E_OTP_REUSED,        /* 401 the one-time code was accepted once already (RFC 6238 §5.2) */
	E_OTP_NOT_ENROLLED,  /* 403 a staff account without a second factor */
	E_RESET_CODE,        /* 400 a password reset code that does not (or no longer) hold */
	E_CASES_IN_PROGRESS, /* 409 the account has cases in progress: it cannot be deleted yet */
	E_BAD_SIGNATURE,     /* 403 a signed notification whose signature does not hold */
	E_GONE,              /* 410 it was here and has ended (a share link expired or revoked) */
	E__DOMAIN_END        /* the API's transport codes continue from here (api/problem.h) */
} errcode_t;

#endif
