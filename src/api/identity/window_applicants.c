/* window_applicants.c — POST /api/v1/window/applicants: a window clerk, the
 * applicant's ID card in hand, finds the applicant's account (200) or
 * registers the person there and then (201; a claim code goes to their
 * phone). The answer carries what the intake form is filled with: name, ID
 * number and phone in clear, for the clerk serving that person. The rules
 * are domain/identity/walkin.h's. */
#include "api/api.h"
#include "base/clock.h"
#include "base/jsonin.h"
#include "domain/identity/walkin.h"
#include <stdio.h>

void api_window_applicants(req_t *r)
{
	const char *id_number = NULL, *name = NULL, *phone = NULL;
	jfield_t spec[] = {
	    {"id_number", JF_STRING, true, 1, 32, &id_number, NULL},
	    {"name", JF_STRING, false, 2, 50, &name, NULL},
	    {"phone", JF_STRING, false, 1, 32, &phone, NULL},
	    JF_END,
	};
	if (!req_body(r, spec))
		return;
	errs_t e = ERRS_INIT;
	walkin_t w;
	errcode_t ec = walkin_find_or_register(r->store, &r->actor, id_number, name, phone, &e, &w);
	if (ec == E_OK) {
		json_t *o = json_pack("{ss ss ss ss ss sb}", "account_id", w.account_id, "username",
				      w.username, "name", w.name, "id_number", w.id_number, "phone", w.phone,
				      "created", w.created);
		if (w.created) {
			char ts[32];
			clock_format_iso(w.claim_expires_at, ts);
			json_object_set_new(o, "claim",
					    json_pack("{ss ss}", "channel", "sms", "expires_at", ts));
		}
		/* personal data for the person at the window, never for a cache */
		reply_header(r, "Cache-Control", "no-store");
		reply_json(r, w.created ? 201 : 200, o);
	} else if (ec == E_VALIDATION || ec == E_CONFLICT) {
		reply_errors(r, ec, &e);
	} else {
		reply_problem(r, ec, NULL, NULL, NULL);
	}
	errs_clear(&e);
}
