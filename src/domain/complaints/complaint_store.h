/* complaint_store.h — all SQL of 接诉即办 (internal to domain/complaints/). */
#ifndef ONESTOP_COMPLAINT_STORE_H
#define ONESTOP_COMPLAINT_STORE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include "base/page.h"
#include "domain/core/ids.h"
#include "store/store.h"

#define COMPLAINT_CODE_LEN 32
#define COMPLAINT_NUMBER_LEN 32
#define COMPLAINT_STATUS_LEN 16
#define COMPLAINT_CHAIN_MAX 6

typedef struct complaint_row {
	char id[ENTITY_ID_LEN], number[COMPLAINT_NUMBER_LEN], kind[16], category[COMPLAINT_CODE_LEN],
	    time_class[16], channel[16], caller_id[ACCOUNT_ID_LEN], district[REGION_CODE_LEN],
	    street[REGION_CODE_LEN], status[COMPLAINT_STATUS_LEN], body[DEPT_CODE_LEN],
	    merged_into[ENTITY_ID_LEN]; /* the request whose handling this one follows, or "" */
	bool arbitrated, escalated, anonymous, direct_answer;
	bool supervised; /* has a supervision order (read only: domain/supervision/) */
	int returns, reopens, resolved, satisfied; /* resolved, satisfied: -1 unknown */
	int64_t created_at, dispatched_at, sign_due, signed_at, reply_due, replied_at, closed_at, version;
	char *answer; /* owned, may be NULL */
} complaint_row_t;

void complaint_row_release(complaint_row_t *r);
bool complaint_load(dbc_t *c, const char *id, complaint_row_t *r);
/* Inserts a new request with its sealed phone, text and subject. 0 or -1. */
int complaint_insert(dbc_t *c, const complaint_row_t *r, const char *taken_by, const char *phone_sealed,
		     const char *text, const char *address, const char *subject_name,
		     const char *subject_code);
/* Saves the mutable columns if the version is still `before` (then version+1); 0, 1 stale, -1. */
int complaint_save(dbc_t *c, complaint_row_t *r, int64_t before);
/* Idempotency-Key: claims (account, key) for the request `id` about to be filed (1 claimed, 0 the key
 * is taken, -1); finds the request and body hash a key filed (false: none). */
int complaint_key_claim(dbc_t *c, const char *account, const char *key, const char *hash, const char *id,
			int64_t now);
bool complaint_key_find(dbc_t *c, const char *account, const char *key, char id[ENTITY_ID_LEN],
			char hash[65]);
/* Attaches the files (a JSON array of file ids, may be NULL), in their order. 0 or -1. */
int complaint_files_add(dbc_t *c, const char *id, const json_t *files);
/* The ids of the request's attachments, in order. */
json_t *complaint_file_ids(dbc_t *c, const char *id);
/* Sets the lead and the co-handlers (a JSON array of codes, may be NULL). */
int complaint_bodies_set(dbc_t *c, const char *id, const char *lead, const json_t *co);
bool complaint_has_body(dbc_t *c, const char *id, const char *dept);
int complaint_event_add(dbc_t *c, const char *id, int64_t at, const char *action, const char *from,
			const char *to, const char *actor_id, const char *actor_role, const char *body,
			const json_t *note);
int complaint_number_next(dbc_t *c, const char *day, int64_t *seq);

/* Reference data. */
bool complaint_category_get(dbc_t *c, const char *code, char parent[COMPLAINT_CODE_LEN], char tc[16]);
int complaint_duties_of(dbc_t *c, const char *category, json_t *into); /* appends [category, place, body] */
bool complaint_district_government(dbc_t *c, const char *district, char out[DEPT_CODE_LEN]);
/* level and parent of a region; false when unknown. */
bool complaint_region(dbc_t *c, const char *code, char level[16], char parent[REGION_CODE_LEN]);
/* kind of a department; false when unknown. */
bool complaint_dept_kind(dbc_t *c, const char *code, char kind[32]);
int complaint_category_add(dbc_t *c, const char *code, const char *parent, const char *zh, const char *en,
			   const char *tc, const char *faq_zh, const char *faq_en, int position);
int complaint_duty_add(dbc_t *c, const char *category, const char *region, const char *body);

/* Adds to the body's counters of a day (complaint_stats). */
int complaint_stats_add(dbc_t *c, const char *body, const char *day, int dispatched, int responded,
			int callbacks, int resolved, int satisfied, int direct);
/* Sums per body over [from, to] (days YYYY-MM-DD), one body or all (NULL). */
/* One more request on a day at a place of a category (the hotspot counters). */
int complaint_hotspot_add(dbc_t *c, int64_t day, const char *district, const char *street,
			  const char *category);
/* Each counter row of days [from, to], in the district and category (NULL: any), ordered by
 * district, street, category and day; fn gets the names of the street and category too. */
typedef struct {
	int64_t day, n;
	const char *district, *street, *street_zh, *street_en, *category, *category_zh, *category_en;
} hotspot_row_t;
void complaint_hotspot_each(dbc_t *c, int64_t from, int64_t to, const char *district, const char *category,
			    void (*fn)(const hotspot_row_t *r, void *ctx), void *ctx);
json_t *complaint_view_stats(dbc_t *c, const char *from, const char *to, const char *body);

/* Views: raw rows as JSON objects (complaint_read.c shapes them). */
json_t *complaint_view_row(dbc_t *c, const char *id);
json_t *complaint_view_events(dbc_t *c, const char *id);
json_t *complaint_view_bodies(dbc_t *c, const char *id);
json_t *complaint_view_categories(dbc_t *c);
/* Whether any request is stored at all. */
bool complaint_store_any(dbc_t *c);
/* One page of a list, newest first: scope "caller" (key: account id), "all" (key ignored), "body"
 * (key: department); status NULL: any. Starts below cur (not set: the first page) and fills page. */
json_t *complaint_view_list(dbc_t *c, const char *scope, const char *key, const char *status,
			    const page_cursor_t *cur, page_t *page);
/* The public rows (complaint_public.c masks them): one by number (NULL: none), or those filed in
 * [from, to) — category NULL: all; closed -1 any, 1 status 'closed', 0 any other — newest first. */
json_t *complaint_view_public_one(dbc_t *c, const char *number);
json_t *complaint_view_public(dbc_t *c, int64_t from, int64_t to, const char *category, int closed,
			      int limit);
/* Districts with a district government, each with its streets. */
json_t *complaint_view_places(dbc_t *c);
/* Ids of the requests following this one's handling (status 'merged'). */
json_t *complaint_merged_ids(dbc_t *c, const char *lead);
/* [{id, number, status, created_at}] of requests of the same category and place filed within
 * `window` ms of created_at and in hand (dispatched, signed, handling), but id; at most 10. */
json_t *complaint_view_duplicates(dbc_t *c, const complaint_row_t *r, int64_t window);
/* [{id, number}] of the requests merged into this one, whatever their state now. */
json_t *complaint_view_merged(dbc_t *c, const char *id);
/* Ids of requests in hand (dispatched, signed, handling) past their reply deadline without a
 * supervision order, at most 500. */
json_t *complaint_reply_overdue_ids(dbc_t *c, int64_t now);
/* Ids of dispatched requests not escalated whose sign-for deadline passed. */
json_t *complaint_sign_overdue_ids(dbc_t *c, int64_t now);

#endif
