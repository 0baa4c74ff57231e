/* rating_read.c — the rating of a case as JSON (see rating.h). The staff
 * member named is shown with their display name; the rater's identity is
 * never part of the view (the owner knows it, and the others who may read
 * it — supervisors, the department head — see the case itself). */
#include "domain/ratings/rating.h"
#include "domain/ratings/rating_int.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include <string.h>

typedef struct {
	dbc_t *c;
	const char *channel;
	json_t *first, *second;
} read_ctx_t;

static void one(const rating_row_t *r, void *p)
{
	read_ctx_t *x = p;
	json_t *tags = json_array();
	size_t i;
	json_t *t;
	json_array_foreach(r->tags, i, t)
	{
		const char *zh = "", *en = "", *code = json_string_value(t);
		if (code && rating_tag_label(x->channel, code, &zh, &en))
			json_array_append_new(tags,
					      json_pack("{s:s, s:s, s:s}", "code", code, "zh", zh, "en", en));
	}
	char at[32];
	clock_format_iso(r->created_at, at);
	json_t *o = json_pack("{s:s, s:i, s:I, s:s, s:s, s:o, s:s?, s:s?, s:s, s:s}", "id", r->id, "round",
			      r->round, "level", (json_int_t)r->level, "level_zh", rating_level_zh(r->level),
			      "level_en", rating_level_en(r->level), "tags", tags, "comment", r->comment,
			      "window", r->window_label, "via", r->via, "created_at", at);
	if (r->staff_id) {
		account_brief_t b;
		json_object_set_new(o, "staff",
				    json_pack("{s:s, s:s}", "id", r->staff_id, "name",
					      account_brief(x->c, r->staff_id, &b) ? b.name : ""));
	} else
		json_object_set_new(o, "staff", json_null());
	if (r->round == 1 && !x->first)
		x->first = o;
	else if (!x->second)
		x->second = o;
	else
		json_decref(o);
}

/* The rating of one subject: {<kind>: id, completed, may_rate, channel, tags_offered, rating, rerating}. */
static json_t *subject_json(dbc_t *c, const char *kind, const char *id, const actor_t *viewer)
{
	rating_subject_t sub;
	bool subject = rating_store_subject(c, kind, id, &sub);
	read_ctx_t x = {c, subject ? sub.channel : "online", NULL, NULL};
	if (subject)
		rating_store_of_subject(c, kind, id, one, &x);
	bool owner = subject && sub.rater_id[0] && !strcmp(sub.rater_id, viewer->id);
	json_t *o = json_pack("{s:s, s:b, s:b}", kind, id, "completed", subject, "may_rate",
			      owner && ((!x.first && !sub.rated_at) || rating_rerate_open(c, kind, id)));
	json_object_set_new(o, "channel", subject ? json_string(sub.channel) : json_null());
	json_object_set_new(o, "tags_offered", subject ? rating_tags(sub.channel) : json_array());
	json_object_set_new(o, "rating", x.first ? x.first : json_null());
	json_object_set_new(o, "rerating", x.second ? x.second : json_null());
	return o;
}

json_t *rating_case_json(dbc_t *c, const char *case_id, const actor_t *viewer)
{
	return subject_json(c, "case", case_id, viewer);
}

errcode_t rating_bundle_json(dbc_t *c, const char *id, const actor_t *viewer, json_t **out)
{
	*out = NULL;
	char owner[ACCOUNT_ID_LEN], status[24], dept[DEPT_CODE_LEN];
	if (strlen(id) >= ENTITY_ID_LEN || !rating_store_bundle_owner(c, id, owner, status, dept))
		return E_NOT_FOUND;
	bool head = (viewer->roles & ROLE_DEPT_HEAD) && !strcmp(dept, viewer->department);
	if (!strcmp(owner, viewer->id) || (viewer->roles & ROLE_SUPERVISOR) || head) {
		*out = subject_json(c, "bundle", id, viewer);
		return E_OK;
	}
	return (viewer->roles & ROLES_STAFF) ? E_FORBIDDEN : E_NOT_FOUND; /* another applicant's: not said */
}
