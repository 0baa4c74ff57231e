/* erasure.c — an account's deletion at its owner's request (see erasure.h). */
#include "domain/erasure.h"
#include "domain/cases/case.h"
#include "domain/core/message.h"
#include "domain/files/file.h"
#include "domain/identity/account.h"
#include <stdint.h>

static int erase_write(dbc_t *c, void *arg)
{
	const actor_t *me = arg;
	if (case_applicant_in_progress(c, me->id))
		return E_CASES_IN_PROGRESS;
	/* drafts first: their materials are then uploads that no case uses */
	if (case_drafts_erase(c, me->id) < 0 || file_unattached_delete(c, me->id) < 0 ||
	    message_erase_account(c, me->id) != 0)
		return -1;
	return account_erase(c, me, me->id);
}

errcode_t erasure_delete_own_account(store_t *st, const actor_t *me, const char *password, errs_t *errs)
{
	if (!account_password_matches(store_reader(st), me->id, password)) {
		errs_add(errs, "password", "wrong", "密码不正确", "the password is wrong");
		return E_VALIDATION;
	}
	/* a quick answer before the write; the write asks again under its lock */
	if (case_applicant_in_progress(store_reader(st), me->id))
		return E_CASES_IN_PROGRESS;
	int rc = store_write(st, erase_write, (void *)me);
	if (rc == E_CASES_IN_PROGRESS || rc == E_NOT_FOUND)
		return (errcode_t)rc;
	return rc == 0 ? E_OK : E_INTERNAL;
}
