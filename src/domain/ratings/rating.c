/* rating.c — the rules of 好差评 (see rating.h): levels and tag sets as
 * tables, the check of a rating, the case hook that makes a completed case
 * ratable, and the owner's rating. Walk-in codes are rating_code.c's, the
 * JSON view rating_read.c's, the invitations rating_jobs.c's. */
#include "domain/ratings/rating.h"
#include "domain/ratings/rating_int.h"
#include "domain/ratings/rating_store.h"
#include "domain/ratings/rectification.h"
#include "domain/stats/stats.h"
#include "domain/cases/case.h"
#include "domain/core/audit.h"
#include "domain/identity/account.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/utf8.h"
#include <stdio.h>
#include <string.h>

static const struct {
	int level;
	const char *zh, *en;
} LEVELS[] = {
    {5, "非常满意", "very satisfied"},      {4, "满意", "satisfied"},
    {3, "基本满意", "fairly satisfied"},    {2, "不满意", "dissatisfied"},
    {1, "非常不满意", "very dissatisfied"},
};

/* The tags of each channel (国办发〔2019〕51号's 好差评 evaluation points). */
static const struct {
	const char *channel, *code, *zh, *en;
} TAGS[] = {
    {"online", "efficiency", "效率", "efficiency"},
    {"online", "accurate_guide", "指南准确", "accurate guide"},
    {"online", "convenience", "便利", "convenience"},
    {"online", "easy_platform", "平台易用", "easy to use platform"},
    {"in_person", "efficiency", "效率", "efficiency"},
    {"in_person", "service", "服务水平", "quality of service"},
    {"in_person", "attitude", "态度", "attitude"},
};
#define N_TAGS (sizeof TAGS / sizeof TAGS[0])

const char *rating_level_zh(long long level)
{
	for (size_t i = 0; i < sizeof LEVELS / sizeof LEVELS[0]; i++)
		if (LEVELS[i].level == level)
			return LEVELS[i].zh;
	return NULL;
}

const char *rating_level_en(long long level)
{
	for (size_t i = 0; i < sizeof LEVELS / sizeof LEVELS[0]; i++)
		if (LEVELS[i].level == level)
			return LEVELS[i].en;
	return NULL;
}

const char *rating_channel_of(const char *case_channel)
{
	return !strcmp(case_channel, "online") || !strcmp(case_channel, "mobile") ? "online" : "in_person";
}

json_t *rating_tags(const char *channel)
{
	json_t *a = json_array();
	for (size_t i = 0; i < N_TAGS; i++)
		if (!strcmp(TAGS[i].channel, channel))
			json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "code", TAGS[i].code, "zh",
							   TAGS[i].zh, "en", TAGS[i].en));
	return a;
}

bool rating_tag_label(const char *channel, const char *code, const char **zh, const char **en)
{
	for (size_t i = 0; i < N_TAGS; i++)
		if (!strcmp(TAGS[i].channel, channel) && !strcmp(TAGS[i].code, code)) {
			*zh = TAGS[i].zh;
			*en = TAGS[i].en;
			return true;
		}
	return false;
}

void rating_check(dbc_t *c, const rating_subject_t *sub, const rating_input_t *in, errs_t *e)
{
	if (!rating_level_zh(in->level))
		errs_add(e, "level", "range", "评价等级应为 1 至 5（1 非常不满意，5 非常满意）",
			 "the level is 1 to 5 (1 very dissatisfied, 5 very satisfied)");
	size_t i, j;
	json_t *t, *u;
	json_array_foreach(in->tags, i, t)
	{
		char field[32];
		snprintf(field, sizeof field, "tags[%zu]", i);
		const char *zh, *en, *code = json_string_value(t);
		if (!code) {
			errs_add(e, field, "type", "标签应为文字", "a tag is a string");
			continue;
		}
		if (!rating_tag_label(sub->channel, code, &zh, &en)) {
			errs_add(e, field, "unknown",
				 !strcmp(sub->channel, "online")
				     ? "网上办理的评价标签为：efficiency, accurate_guide, "
				       "convenience, easy_platform"
				     : "现场办理的评价标签为：efficiency, service, attitude",
				 !strcmp(sub->channel, "online")
				     ? "tags of an online service: efficiency, accurate_guide, convenience, "
				       "easy_platform"
				     : "tags of an in-person service: efficiency, service, attitude");
			continue;
		}
		json_array_foreach(in->tags, j, u)
		{
			if (j >= i)
				break;
			if (json_equal(t, u)) {
				errs_add(e, field, "duplicate", "标签重复", "the tag is given twice");
				break;
			}
		}
	}
	if (in->staff && *in->staff) {
		unsigned roles = 0;
		if (!account_staff_roles(c, in->staff, sub->department, &roles))
			errs_add(e, "staff", "unknown", "办理部门没有这位工作人员",
				 "no such staff member in the department that served you");
	}
}

int rating_record(dbc_t *c, const rating_record_t *r, char id_out[ENTITY_ID_LEN])
{
	char id[ENTITY_ID_LEN];
	id_new(id);
	json_t *empty = r->in->tags ? NULL : json_array();
	rating_row_t row = {.id = id,
			    .kind = r->kind,
			    .subject_id = r->subject_id,
			    .round = r->round,
			    .level = r->in->level,
			    .tags = r->in->tags ? r->in->tags : empty,
			    .comment = r->in->comment && *r->in->comment ? r->in->comment : NULL,
			    .staff_id = r->in->staff && *r->in->staff ? r->in->staff : NULL,
			    .window_label = r->in->window && *r->in->window ? r->in->window : NULL,
			    .via = r->via,
			    .rater_id = r->rater_id && *r->rater_id ? r->rater_id : NULL,
			    .department = r->department,
			    .matter_code = r->matter_code && *r->matter_code ? r->matter_code : NULL,
			    .region = r->region && *r->region ? r->region : NULL,
			    .channel = r->channel,
			    .created_at = r->now};
	int rc = rating_store_insert(c, &row);
	json_decref(empty);
	if (rc == 1)
		return E_CONFLICT;
	if (rc < 0 || rating_store_subject_rated(c, r->kind, r->subject_id, r->now) < 0)
		return -1;
	if (r->round == 1 && stats_rating_counted(c, r->now, r->department, r->matter_code,
						  r->stats_channel ? r->stats_channel : r->channel, r->region,
						  r->in->level) != 0)
		return -1;
	if (r->round == 1 && r->in->level <= 2 &&
	    rectification_open(c, r->kind, r->subject_id, r->label, id, r->department, r->region, r->now) !=
		0)
		return -1;
	if (id_out)
		snprintf(id_out, ENTITY_ID_LEN, "%s", id);
	return 0;
}

int rating_case_hook(const case_change_t *ch)
{
	if (strcmp(ch->to, "completed") != 0)
		return 0;
	const case_row_t *row = ch->row;
	rating_subject_t s = {.completed_at = ch->now, .invite_due_at = ch->now + RATING_INVITE_AFTER_MS};
	snprintf(s.kind, sizeof s.kind, "case");
	snprintf(s.subject_id, sizeof s.subject_id, "%s", row->id);
	snprintf(s.label, sizeof s.label, "%s", row->number);
	snprintf(s.rater_id, sizeof s.rater_id, "%s", row->applicant_id);
	snprintf(s.department, sizeof s.department, "%s", row->department);
	snprintf(s.matter_code, sizeof s.matter_code, "%s", row->matter_code);
	snprintf(s.region, sizeof s.region, "%s", row->region);
	snprintf(s.channel, sizeof s.channel, "%s", rating_channel_of(row->channel));
	snprintf(s.source_channel, sizeof s.source_channel, "%s", row->channel);
	return rating_store_subject_add(ch->c, &s);
}

bool rating_rerate_open(dbc_t *c, const char *kind, const char *subject_id)
{
	return rectification_fixed(c, kind, subject_id) && !rating_store_round_exists(c, kind, subject_id, 2);
}

errcode_t rating_subject_of_case(dbc_t *c, const actor_t *by, const char *case_id, bool owner_only,
				 rating_subject_t *sub, errs_t *e)
{
	char owner[ACCOUNT_ID_LEN], dept[DEPT_CODE_LEN];
	if (!case_id || strlen(case_id) >= ENTITY_ID_LEN ||
	    !case_owner_dept(c, case_id, by->id, owner, dept) || (owner_only && strcmp(owner, by->id) != 0)) {
		errs_add(e, "case", "not_found", "没有这个办件", "no such case");
		return E_NOT_FOUND;
	}
	if (!rating_store_subject(c, "case", case_id, sub)) {
		errs_add(e, "case", "not_completed", "办件办结后才能评价",
			 "a case is rated once it is completed");
		return E_STATE;
	}
	if (sub->rated_at || rating_store_exists(c, "case", case_id)) {
		errs_add(e, "case", "already_rated", "这个办件已经评价过了",
			 "this case has been rated already");
		return E_CONFLICT;
	}
	return E_OK;
}

typedef struct {
	const actor_t *by;
	const rating_subject_t *sub;
	const rating_input_t *in;
	const char *via, *code_hash;
	int round;
	char id[ENTITY_ID_LEN];
} rate_ctx_t;

static int rate_write(dbc_t *c, void *p)
{
	rate_ctx_t *x = p;
	int64_t now = clock_now_ms();
	if (x->code_hash && rating_store_code_use(c, x->code_hash, now) != 0)
		return E_VALIDATION; /* the code was used meanwhile */
	rating_record_t r = {.kind = x->sub->kind,
			     .subject_id = x->sub->subject_id,
			     .label = x->sub->label,
			     .rater_id = x->code_hash ? NULL : x->by->id,
			     .department = x->sub->department,
			     .matter_code = x->sub->matter_code,
			     .region = x->sub->region,
			     .channel = x->sub->channel,
			     .stats_channel = x->sub->source_channel[0] ? x->sub->source_channel : NULL,
			     .via = x->via,
			     .round = x->round,
			     .in = x->in,
			     .now = now};
	int rc = rating_record(c, &r, x->id);
	if (rc != 0)
		return rc;
	json_t *d = json_pack("{s:s, s:I, s:s, s:i}", "rating", x->id, "level", (json_int_t)x->in->level,
			      "via", x->via, "round", x->round);
	rc = audit_append(c, x->by, "rating.create", x->sub->kind, x->sub->subject_id, 0, 0, d);
	json_decref(d);
	return rc < 0 ? -1 : 0;
}

errcode_t rating_write(store_t *st, const actor_t *by, const rating_subject_t *sub, const rating_input_t *in,
		       const char *via, const char *code_hash, int round, errs_t *e)
{
	rate_ctx_t x = {.by = by, .sub = sub, .in = in, .via = via, .code_hash = code_hash, .round = round};
	int rc = store_write(st, rate_write, &x);
	if (rc == E_CONFLICT)
		errs_add(e, sub->kind, "already_rated", "已经评价过了（每次办理评价一次）",
			 "it has been rated already (once for each service)");
	else if (rc == E_VALIDATION)
		errs_add(e, "code", "invalid", "评价码无效、已使用或已过期",
			 "the rating code is wrong, used or expired");
	return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL;
}

errcode_t rating_rate_case(store_t *st, const actor_t *by, const char *case_id, const rating_input_t *in,
			   errs_t *e)
{
	dbc_t *c = store_reader(st);
	if (!c)
		return E_UNAVAILABLE;
	rating_subject_t sub;
	errcode_t ec = rating_subject_of_case(c, by, case_id, true, &sub, e);
	int round = 1;
	if (ec == E_CONFLICT && rating_rerate_open(c, "case", case_id)) {
		errs_clear(e); /* re-rating once, after the rectification */
		round = 2;
	} else if (ec != E_OK)
		return ec;
	rating_check(c, &sub, in, e);
	if (errs_any(e))
		return E_VALIDATION;
	return rating_write(st, by, &sub, in, "portal", NULL, round, e);
}

errcode_t rating_write_within(dbc_t *c, const actor_t *by, const rating_subject_t *sub,
			      const rating_input_t *in, const char *via)
{
	rate_ctx_t x = {.by = by, .sub = sub, .in = in, .via = via, .round = 1};
	int rc = rate_write(c, &x);
	return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL;
}

errcode_t rating_rate_case_within(dbc_t *c, const actor_t *by, const char *case_id, const rating_input_t *in,
				  errs_t *e)
{
	rating_subject_t sub;
	errcode_t ec = rating_subject_of_case(c, by, case_id, true, &sub, e);
	if (ec != E_OK)
		return ec;
	rating_check(c, &sub, in, e);
	if (errs_any(e))
		return E_VALIDATION;
	rate_ctx_t x = {.by = by, .sub = &sub, .in = in, .via = "portal", .round = 1};
	int rc = rate_write(c, &x);
	return rc == 0 ? E_OK : rc > 0 ? (errcode_t)rc : E_INTERNAL;
}
