/* erasure.h — deleting a citizen's account at their request (PIPL art. 47),
 * which spans subsystems: the cases say whether the law lets it go yet and
 * drop the drafts, the files drop uploads no case uses, the outbox drops the
 * account's messages, and the identity erases the account's personal data —
 * all in one transaction. Case records that were submitted stay, as the
 * archives rules require (docs/security.md). Subsystems never include this
 * file; it includes them. */
#ifndef ONESTOP_DOMAIN_ERASURE_H
#define ONESTOP_DOMAIN_ERASURE_H

#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "base/errs.h"
#include "store/store.h"

/* The caller (`me`, a person or enterprise) deletes their own account,
 * confirming with their password. E_VALIDATION (errs: "password") when the
 * password is wrong; E_CASES_IN_PROGRESS while a case of theirs is submitted
 * and not yet finished (nothing changes); E_OK when erased. */
errcode_t erasure_delete_own_account(store_t *st, const actor_t *me, const char *password, errs_t *errs);

#endif
