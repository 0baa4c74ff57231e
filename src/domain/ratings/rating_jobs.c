/* rating_jobs.c — the invitation to rate (see rating.h): a subject still
 * unrated three days after completion puts one message in its rater's
 * outbox, in the transaction that marks the invitation sent, so a crash
 * never sends it twice or not at all. */
#include "domain/ratings/rating.h"
#include "domain/ratings/rating_int.h"
#include "domain/core/message.h"
#include "base/clock.h"
#include <stdio.h>

#define INVITE_BATCH 200

typedef struct {
	int n;
} invite_ctx_t;

static int invite_write(dbc_t *c, void *p)
{
	invite_ctx_t *x = p;
	x->n = 0;
	int64_t now = clock_now_ms();
	static __thread rating_subject_t due[INVITE_BATCH];
	int n = rating_store_due_invites(c, now, INVITE_BATCH, due);
	for (int i = 0; i < n; i++) {
		char zh[160], en[160];
		snprintf(zh, sizeof zh, "您的办件 %s 已办结，欢迎对办理服务作出评价（好差评）。",
			 due[i].label);
		snprintf(en, sizeof en, "Your case %s is completed: please rate the service you received.",
			 due[i].label);
		if (message_add(c, due[i].rater_id, "rating.invite", "请评价您的办件",
				"Please rate your case", zh, en, due[i].kind, due[i].subject_id) != 0 ||
		    rating_store_invited(c, due[i].kind, due[i].subject_id, now) != 0)
			return -1;
	}
	x->n = n;
	return 0;
}

int rating_job_invite(store_t *st)
{
	int total = 0;
	for (;;) {
		invite_ctx_t x = {0};
		if (store_write(st, invite_write, &x) != 0)
			return -1;
		total += x.n;
		if (x.n < INVITE_BATCH)
			return total;
	}
}
