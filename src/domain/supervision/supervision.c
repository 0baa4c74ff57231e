/* supervision.c — supervision orders about overdue work (see supervision.h). */
#include "domain/supervision/supervision.h"
#include "domain/supervision/supervision_store.h"
#include "domain/core/actor.h"
#include "domain/core/message.h"
#include "domain/identity/account.h"
#include "base/mem.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct overseers {
	const char *department;
	char (*to)[ACCOUNT_ID_LEN];
	size_t n, cap;
};

/* The department's heads and every supervisor. */
static void pick_overseer(const account_staff_t *p, void *ctx)
{
	struct overseers *o = ctx;
	bool head_here = (p->roles & ROLE_DEPT_HEAD) && !strcmp(p->department, o->department);
	if (!head_here && !(p->roles & ROLE_SUPERVISOR))
		return;
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->to = xrealloc(o->to, o->cap * sizeof *o->to);
	}
	snprintf(o->to[o->n++], ACCOUNT_ID_LEN, "%s", p->id);
}

static int notify_overseers(dbc_t *c, const supervision_t *s)
{
	struct overseers o = {s->department, NULL, 0, 0};
	account_staff_each(c, NULL, pick_overseer, &o);
	int rc = 0;
	for (size_t i = 0; i < o.n && rc == 0; i++)
		rc = message_add(c, o.to[i], "supervision", s->title_zh, s->title_en, s->text_zh, s->text_en,
				 s->subject_type, s->subject_id);
	free(o.to);
	return rc;
}

int supervision_open(dbc_t *c, const supervision_t *s, int64_t now, bool *fresh)
{
	int rc = supervision_insert(c, s->subject_type, s->subject_id, s->department, "overdue", now);
	*fresh = rc > 0;
	if (rc < 0)
		return -1;
	return *fresh ? notify_overseers(c, s) : 0;
}

bool supervision_exists(dbc_t *c, const char *subject_type, const char *subject_id)
{
	return supervision_row_exists(c, subject_type, subject_id, "overdue");
}
