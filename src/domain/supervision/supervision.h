/* supervision.h — 督办: a supervision order about a piece of overdue work —
 * a case that turned red, a 12345 request past its reply deadline, a
 * rectification after a bad rating past its deadline — one table for all
 * (subject_type, subject_id), one order per subject and kind. Opening one
 * tells the responsible department's heads and every supervisor, in the
 * caller's transaction. */
#ifndef ONESTOP_SUPERVISION_H
#define ONESTOP_SUPERVISION_H

#include <stdbool.h>
#include <stdint.h>
#include "store/store.h"

typedef struct {
	const char *subject_type; /* "case", "complaint", "rectification" */
	const char *subject_id;
	const char *department;                              /* whose work is overdue */
	const char *title_zh, *title_en, *text_zh, *text_en; /* the message to the overseers */
} supervision_t;

/* Opens the order (kind 'overdue') unless the subject has one; on a new one
 * (*fresh) sends the message to the department's heads and the supervisors.
 * 0 or -1. */
int supervision_open(dbc_t *c, const supervision_t *s, int64_t now, bool *fresh);
/* Whether the subject has an order of kind 'overdue'. */
bool supervision_exists(dbc_t *c, const char *subject_type, const char *subject_id);

#endif
