/* actor.c — role names (the words used in the API, the route table and the demo accounts). */
#include <stddef.h>
#include "domain/core/actor.h"
#include <stdio.h>
#include <string.h>

static const struct { unsigned bit; const char *name; } ROLES[] = {
	{ROLE_ADMIN, "admin"},
	{ROLE_SUPERVISOR, "supervisor"},
	{ROLE_DEPT_HEAD, "dept_head"},
	{ROLE_APPROVER, "approver"},
	{ROLE_REVIEWER, "reviewer"},
	{ROLE_WINDOW_CLERK, "window_clerk"},
	{ROLE_DISPATCHER, "dispatcher"},
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
	char buf[256];
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
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

const char *actor_primary_role(const actor_t *a)
{
	for (size_t i = 0; i < NROLES; i++)
		if (a->roles & ROLES[i].bit)
			return ROLES[i].name;
	return "anonymous";
}

void actor_system(actor_t *a, const char *request_id)
{
	memset(a, 0, sizeof *a);
	snprintf(a->id, sizeof a->id, "system");
	snprintf(a->kind, sizeof a->kind, "system");
	a->roles = ROLE_SYSTEM;
	snprintf(a->display_name, sizeof a->display_name, "系统 System");
	snprintf(a->request_id, sizeof a->request_id, "%s", request_id ? request_id : "job");
}
