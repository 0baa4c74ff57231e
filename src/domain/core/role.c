/* role.c — role names and their order of seniority (see role.h). One table
 * serves parsing, formatting and the audit log's primary role, so the three
 * cannot disagree. */
#include "domain/core/role.h"
#include <stdio.h>
#include <string.h>

/* Most senior first. */
static const struct { unsigned bit; const char *name; } ROLES[] = {
	{ROLE_ADMIN, "admin"},
	{ROLE_SECURITY_ADMIN, "security_admin"},
	{ROLE_AUDIT_ADMIN, "audit_admin"},
	{ROLE_SUPERVISOR, "supervisor"},
	{ROLE_DEPT_HEAD, "dept_head"},
	{ROLE_APPROVER, "approver"},
	{ROLE_REVIEWER, "reviewer"},
	{ROLE_WINDOW_CLERK, "window_clerk"},
	{ROLE_DISPATCHER, "dispatcher"},
	{ROLE_OPERATOR, "operator"},
	{ROLE_ENTERPRISE, "enterprise"},
	{ROLE_PERSON, "person"},
	{ROLE_SYSTEM, "system"},
};
#define NROLES (sizeof ROLES / sizeof ROLES[0])

unsigned role_from_name(const char *name)
{
	for (size_t i = 0; i < NROLES; i++)
		if (strcmp(ROLES[i].name, name) == 0)
			return ROLES[i].bit;
	return 0;
}

const char *role_name(unsigned role)
{
	for (size_t i = 0; i < NROLES; i++)
		if (ROLES[i].bit == role)
			return ROLES[i].name;
	return "";
}

int role_parse_list(const char *csv, unsigned *out)
{
	unsigned r = 0;
	char buf[ROLE_LIST_LEN];
	snprintf(buf, sizeof buf, "%s", csv);
	char *save = NULL;
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		unsigned b = role_from_name(t);
		if (!b)
			return -1;
		r |= b;
	}
	*out = r;
	return 0;
}

void role_format_list(unsigned roles, char *out, size_t n)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = NROLES; i-- > 0;) {
		if (!(roles & ROLES[i].bit))
			continue;
		int w = snprintf(out + used, n - used, "%s%s", used ? "," : "", ROLES[i].name);
		if (w < 0 || (size_t)w >= n - used) {
			out[used] = '\0';   /* whole names only: a cut one would parse as another or none */
			break;
		}
		used += (size_t)w;
	}
}

const char *role_most_senior(unsigned roles)
{
	for (size_t i = 0; i < NROLES; i++)
		if (roles & ROLES[i].bit)
			return ROLES[i].name;
	return NULL;
}
