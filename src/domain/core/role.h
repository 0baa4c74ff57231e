/* role.h — the roles an account may hold, as bits, and their names (the
 * words used in the API, the route table and the demo accounts).
 *
 * The order of seniority is fixed here: the audit log records the most
 * senior role an actor holds (see actor_primary_role). */
#ifndef ONESTOP_ROLE_H
#define ONESTOP_ROLE_H

#include <stddef.h>

typedef enum {
	ROLE_PERSON        = 1 << 0,   /* 自然人 applicant */
	ROLE_ENTERPRISE    = 1 << 1,   /* 法人 applicant */
	ROLE_WINDOW_CLERK  = 1 << 2,
	ROLE_REVIEWER      = 1 << 3,
	ROLE_APPROVER      = 1 << 4,
	ROLE_DEPT_HEAD     = 1 << 5,
	ROLE_DISPATCHER    = 1 << 6,
	ROLE_SUPERVISOR    = 1 << 7,
	ROLE_ADMIN         = 1 << 8,   /* 系统管理员: catalogue, calendars, slots, configuration */
	ROLE_SYSTEM        = 1 << 9,   /* background jobs */
	ROLE_SECURITY_ADMIN = 1 << 10, /* 安全管理员: staff accounts, roles, second factors */
	ROLE_AUDIT_ADMIN   = 1 << 11,  /* 审计管理员: reads the audit log and its checkpoints */
	ROLE_OPERATOR      = 1 << 12,  /* 话务员: takes 12345 calls, files on the caller's behalf, calls back */
} role_t;

/* Every role is a bit below 1 << ROLE_BITS. */
#define ROLE_BITS 13

/* The three administrators of MLPS 2.0 level 3 (三员分立): no account holds
 * two of them (account.c refuses it), and none may do another's work (the
 * route table). */
#define ROLES_ADMINS (ROLE_ADMIN | ROLE_SECURITY_ADMIN | ROLE_AUDIT_ADMIN)

#define ROLES_APPLICANT (ROLE_PERSON | ROLE_ENTERPRISE)
#define ROLES_STAFF (ROLE_WINDOW_CLERK | ROLE_REVIEWER | ROLE_APPROVER | ROLE_DEPT_HEAD | ROLE_DISPATCHER | \
		     ROLE_SUPERVISOR | ROLES_ADMINS | ROLE_OPERATOR)
/* The staff who work on cases and see their department's: everyone on staff but the
 * security and audit administrators, whose work is accounts and the audit log. */
#define ROLES_CASEWORK (ROLES_STAFF & ~(unsigned)(ROLE_SECURITY_ADMIN | ROLE_AUDIT_ADMIN))
/* Room for every role name joined by commas. */
#define ROLE_LIST_LEN 256

/* "reviewer" -> ROLE_REVIEWER; 0 when unknown. */
unsigned role_from_name(const char *name);
/* The name of a single bit; "" for anything else. */
const char *role_name(unsigned role);
/* Parses "reviewer,approver"; returns -1 on an unknown name (out untouched). */
int role_parse_list(const char *csv, unsigned *out);
/* Writes "reviewer,approver" into out, least senior first. */
void role_format_list(unsigned roles, char *out, size_t n);
/* The name of the most senior role in `roles`; NULL when none. */
const char *role_most_senior(unsigned roles);

#endif
