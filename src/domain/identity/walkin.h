/* walkin.h — the applicant at the window: found by their ID card, or
 * registered there and then.
 *
 * The window is never closed to anyone. A clerk who holds a person's ID card
 * looks the person up by its number; when no account has it, the clerk
 * registers the person with the number, the name on the card and a mobile
 * phone, and the platform sends a claim code with the new username to that
 * phone (reset.h: the person sets a password with it on the 忘记密码 page,
 * or asks a window for a code later). The account is active at once, so
 * the case being filed is the person's own; until it is claimed its
 * password is a random one nobody knows. */
#ifndef ONESTOP_WALKIN_H
#define ONESTOP_WALKIN_H

#include <stdbool.h>
#include <stdint.h>
#include "domain/identity/account.h"
#include "domain/identity/reset.h"

typedef struct {
	char account_id[ACCOUNT_ID_LEN];
	char username[RESET_USERNAME_LEN];
	char name[ACCOUNT_NAME_LEN];
	char id_number[ID_NUMBER_LEN]; /* normalised */
	char phone[32];                /* "" when the account has none */
	bool created;                  /* registered by this call */
	int64_t claim_expires_at;      /* UTC ms, when created */
} walkin_t;

/* Finds the active person's account registered with id_number, or, when
 * there is none and name and phone are given, creates it and sends the claim
 * code. E_VALIDATION (errs) for an ID number, name or phone that is not one,
 * and for a missing name or phone when the number is not registered
 * (code "unregistered": the clerk is asked for them); E_CONFLICT (errs,
 * id_number) when the number belongs to an account that is not active.
 * Both the look-up and the registration are audited with the clerk's id. */
errcode_t walkin_find_or_register(store_t *st, const actor_t *clerk, const char *id_number, const char *name,
				  const char *phone, errs_t *errs, walkin_t *out);

#endif
