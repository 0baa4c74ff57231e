/* case_notice.h — what a case's applicant is told when it moves: the in-app
 * message (and, for those who chose them, the SMS and the mail: notify.h).
 * Each names the matter and the case number, what happened and what to do
 * next: the acceptance carries the statutory deadline, a decision is called
 * what the matter grants (decision_words.h), a correction says to
 * answer every item at once, an approval and an issued result say where and
 * how the result is had (the delivery the applicant chose, the window's
 * place and hours), a refusal or denial names the remedies. */
#ifndef ONESTOP_CASE_NOTICE_H
#define ONESTOP_CASE_NOTICE_H

#include <jansson.h>
#include "domain/cases/case_store.h"

/* Writes the message for the case `r` (its new state) after `action`, with
 * the pinned matter document. 0, or -1 on a database error. */
int case_notice(dbc_t *c, const case_row_t *r, const json_t *matter, const char *action);

#endif
