/* decision_words.h — what a decision is called (issue 16, bug 10).
 *
 * The law names a decision by what it grants: a licence is 准予许可 / 不予许可,
 * a registration (设立、变更、注销登记; 婚姻登记) 准予登记 / 不予登记, a filing
 * (备案) 予以备案 / 不予备案, a confirmation 予以确认 / 不予确认, a benefit
 * paid under a policy (政策兑现) 准予兑现 / 不予兑现, and anything
 * else 准予办理 / 不予办理. A matter names its kind in `decision_words`; when it
 * does not, its type says: licensing → licence, confirmation → confirmation,
 * the rest → service. The words follow from the document, so versions stored
 * before the member existed read the same. */
#ifndef ONESTOP_DECISION_WORDS_H
#define ONESTOP_DECISION_WORDS_H

#include <jansson.h>
#include <stdbool.h>

typedef struct {
	const char *kind;                   /* licence, registration, filing, confirmation, service, grant */
	const char *approve_zh, *approve_en; /* the decision to grant */
	const char *deny_zh, *deny_en;       /* the decision to refuse */
	const char *public_zh, *public_deny_zh; /* as 双公示 publishes it */
} decision_words_t;

/* Whether `kind` is one of the kinds above. */
bool decision_kind_known(const char *kind);
/* The words of a matter document (never NULL). */
const decision_words_t *decision_words_of(const json_t *matter_doc);
/* {"kind", "approve": {zh, en}, "deny": {zh, en}}: a new object. */
json_t *decision_words_json(const decision_words_t *w);

#endif
