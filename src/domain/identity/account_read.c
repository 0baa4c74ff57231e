/* account_read.c — an account as JSON (see account.h). Someone other than
 * the owner sees the 身份证号 and the phone masked: an administrator needs to
 * recognise an account, not to copy its identity. */
#include "domain/identity/account.h"
#include "domain/identity/account_store.h"
#include "base/clock.h"
#include "base/log.h"

#define MASKED_LEN 64

json_t *account_json(dbc_t *c, const char *id, bool self)
{
	account_row_t r;
	if (!account_store_get(c, id, &r))
		return NULL;
	char masked[MASKED_LEN], ts[32];
	clock_format_iso(r.created_at, ts);
	json_t *o = json_pack("{ss ss ss ss ss sI}", "id", r.id, "kind", r.kind, "username", r.username,
			      "name", r.display_name, "created_at", ts, "version", (json_int_t)r.version);
	if (r.id_number) {
		if (!self)
			mask_id_number(r.id_number, masked, sizeof masked);
		json_object_set_new(o, "id_number", json_string(self ? r.id_number : masked));
	}
	if (r.credit_code)
		json_object_set_new(o, "credit_code", json_string(r.credit_code));
	if (r.legal_rep)
		json_object_set_new(o, "legal_rep", json_string(r.legal_rep));
	if (r.phone) {
		if (!self)
			mask_phone(r.phone, masked, sizeof masked);
		json_object_set_new(o, "phone", json_string(self ? r.phone : masked));
	}
	if (r.email)
		json_object_set_new(o, "email", json_string(r.email));
	if (r.department)
		json_object_set_new(o, "department", json_pack("{ss ss ss}", "code", r.department, "zh",
							       r.department_zh ? r.department_zh : "", "en",
							       r.department_en ? r.department_en : ""));
	json_t *roles = json_array();
	unsigned bits = 0;
	role_parse_list(r.roles ? r.roles : "", &bits);
	for (unsigned b = 1; b < (1u << ROLE_BITS); b <<= 1)
		if (bits & b)
			json_array_append_new(roles, json_string(role_name(b)));
	json_object_set_new(o, "roles", roles);
	account_row_release(&r);
	return o;
}
