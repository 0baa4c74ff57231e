/* rating_subjects.c — the rating subjects other than a case (see rating.h):
 * a bundle case when its last step ends it, and a 12345 request at the
 * callback that closes it. Both become rows of rating_subjects like a
 * completed case, so the rating, the statistics (stats_rating_counted, in
 * rating_record) and the rectification after a 1 or 2 are the same code for
 * every kind. */
#include "domain/ratings/rating.h"
#include "domain/ratings/rating_int.h"
#include "domain/ratings/rectification.h"
#include "domain/core/audit.h"
#include "base/clock.h"
#include <stdio.h>
#include <string.h>

int rating_bundle_hook(const case_change_t *ch)
{
	/* a bundle ends only when one of its steps does */
	static const char *const ENDS[] = {"completed", "denied", "refused", "withdrawn"};
	bool ends = false;
	for (size_t i = 0; i < sizeof ENDS / sizeof ENDS[0]; i++)
		ends |= !strcmp(ch->to, ENDS[i]);
	if (!ends)
		return 0;
	rating_bundle_row_t b;
	int rc = rating_store_bundle_of_case(ch->c, ch->row->id, &b);
	if (rc <= 0)
		return rc;
	if (strcmp(b.status, "completed") != 0 && strcmp(b.status, "partially_completed") != 0)
		return 0;
	rating_subject_t s = {.completed_at = ch->now, .invite_due_at = ch->now + RATING_INVITE_AFTER_MS};
	snprintf(s.kind, sizeof s.kind, "bundle");
	snprintf(s.subject_id, sizeof s.subject_id, "%s", b.id);
	snprintf(s.label, sizeof s.label, "%s", b.name);
	snprintf(s.rater_id, sizeof s.rater_id, "%s", b.applicant_id);
	snprintf(s.department, sizeof s.department, "%s", b.department);
	snprintf(s.region, sizeof s.region, "%s", b.region);
	snprintf(s.channel, sizeof s.channel, "%s", rating_channel_of(b.channel));
	snprintf(s.source_channel, sizeof s.source_channel, "%s", b.channel);
	return rating_store_subject_add(ch->c, &s);
}

/* The channel statistics count a 12345 request's rating under: the web and
 * the app are online and mobile; a call taken by the hotline's operator is
 * an assisted one (filed on the caller's behalf). */
static const char *complaint_stats_channel(const char *channel)
{
	return !strcmp(channel, "web") ? "online" : !strcmp(channel, "mobile") ? "mobile" : "assisted";
}

int rating_complaint_callback(dbc_t *c, const rating_callback_t *cb)
{
	if (!cb->body || !*cb->body)
		return 0; /* answered by the hotline itself: no department to rate */
	const char *stats_channel = complaint_stats_channel(cb->channel);
	rating_subject_t s = {.completed_at = cb->now, .invite_due_at = cb->now};
	snprintf(s.kind, sizeof s.kind, "complaint");
	snprintf(s.subject_id, sizeof s.subject_id, "%s", cb->complaint_id);
	snprintf(s.label, sizeof s.label, "%s", cb->number);
	snprintf(s.rater_id, sizeof s.rater_id, "%s", cb->caller_id ? cb->caller_id : "");
	snprintf(s.department, sizeof s.department, "%s", cb->body);
	snprintf(s.region, sizeof s.region, "%s", cb->district ? cb->district : "");
	snprintf(s.channel, sizeof s.channel, "%s", rating_channel_of(stats_channel));
	snprintf(s.source_channel, sizeof s.source_channel, "%s", stats_channel);
	if (rating_store_subject_add(c, &s) != 0)
		return -1;
	rating_input_t in = {.level = cb->level, .comment = cb->comment};
	rating_record_t r = {.kind = s.kind,
			     .subject_id = s.subject_id,
			     .label = s.label,
			     .rater_id = s.rater_id,
			     .department = s.department,
			     .region = s.region,
			     .channel = s.channel,
			     .stats_channel = stats_channel,
			     .via = "callback",
			     .round = 1,
			     .in = &in,
			     .now = cb->now};
	return rating_record(c, &r, NULL);
}

/* The bundle case's subject when `by`, its applicant, may rate it now. */
static errcode_t subject_of_bundle(dbc_t *c, const actor_t *by, const char *id, rating_subject_t *sub,
				   errs_t *e)
{
	char owner[ACCOUNT_ID_LEN], status[24], dept[DEPT_CODE_LEN];
	if (!id || strlen(id) >= ENTITY_ID_LEN || !rating_store_bundle_owner(c, id, owner, status, dept) ||
	    strcmp(owner, by->id) != 0) {
		errs_add(e, "bundle", "not_found", "没有这个一件事办件", "no such bundle case");
		return E_NOT_FOUND;
	}
	if (!rating_store_subject(c, "bundle", id, sub)) {
		errs_add(e, "bundle", "not_completed", "一件事办结后才能评价",
			 "a bundle case is rated once it is finished");
		return E_STATE;
	}
	if (sub->rated_at || rating_store_exists(c, "bundle", id)) {
		errs_add(e, "bundle", "already_rated", "这个一件事已经评价过了",
			 "this bundle case has been rated already");
		return E_CONFLICT;
	}
	return E_OK;
}

errcode_t rating_rate_bundle(store_t *st, const actor_t *by, const char *bundle_case_id,
			     const rating_input_t *in, errs_t *e)
{
	dbc_t *c = store_reader(st);
	if (!c)
		return E_UNAVAILABLE;
	rating_subject_t sub;
	errcode_t ec = subject_of_bundle(c, by, bundle_case_id, &sub, e);
	int round = 1;
	if (ec == E_CONFLICT && rating_rerate_open(c, "bundle", bundle_case_id)) {
		errs_clear(e); /* re-rating once, after the rectification */
		round = 2;
	} else if (ec != E_OK)
		return ec;
	rating_check(c, &sub, in, e);
	if (errs_any(e))
		return E_VALIDATION;
	return rating_write(st, by, &sub, in, "portal", NULL, round, e);
}

errcode_t rating_rate_bundle_within(dbc_t *c, const actor_t *by, const char *bundle_case_id,
				    const rating_input_t *in, errs_t *e)
{
	rating_subject_t sub;
	errcode_t ec = subject_of_bundle(c, by, bundle_case_id, &sub, e);
	if (ec != E_OK)
		return ec;
	rating_check(c, &sub, in, e);
	if (errs_any(e))
		return E_VALIDATION;
	return rating_write_within(c, by, &sub, in, "portal");
}
