/* complaint_read.c — a 12345 request as its viewer may see it: the caller
 * sees their own phone and a timeline without staff names; the handling
 * bodies see the phone unless the caller asked to stay anonymous; everyone
 * else who may read it sees it masked (pii_view.h). */
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_flow.h"
#include "domain/complaints/complaint_rules.h"
#include "domain/complaints/complaint_store.h"
#include "domain/core/pii_view.h"
#include "domain/files/file.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/seal.h"
#include <stdlib.h>
#include <string.h>

static void set_label(json_t *o, const char *key, const char *state)
{
	char k[40];
	snprintf(k, sizeof k, "%s_zh", key);
	json_object_set_new(o, k, json_string(wf_state_zh(&complaint_machine, state)));
	snprintf(k, sizeof k, "%s_en", key);
	json_object_set_new(o, k, json_string(wf_state_en(&complaint_machine, state)));
}

json_t *complaint_json(dbc_t *c, const char *id, const actor_t *v)
{
	json_t *o = complaint_view_row(c, id);
	if (!o)
		return NULL;
	complaint_row_t r;
	if (!complaint_load(c, id, &r)) {
		json_decref(o);
		return NULL;
	}
	bool caller = r.caller_id[0] && !strcmp(r.caller_id, v->id);
	bool body =
	    v->department[0] && complaint_has_body(c, id, v->department) && (v->roles & ROLES_CASEWORK);
	bool clear = caller || (body && !r.anonymous);
	/* the phone: opened from its seal, then whole or masked */
	char *phone = seal_open(json_string_value(json_object_get(o, "caller_phone")));
	if (phone && !clear) {
		char m[64];
		mask_phone(phone, m, sizeof m);
		json_object_set_new(o, "caller_phone", json_string(m));
	} else
		json_object_set_new(o, "caller_phone", phone ? json_string(phone) : json_null());
	free(phone);
	if (!clear) {
		json_t *text = json_object_get(o, "text");
		pii_view_mask(text);
	}
	if (r.anonymous && !caller && body)
		json_object_set_new(o, "caller_id", json_null());
	json_object_set_new(o, "mine", json_boolean(caller));
	set_label(o, "status", r.status);
	int64_t now = clock_now_ms();
	json_object_set_new(o, "sign_colour",
			    json_string(r.signed_at || !r.sign_due
					    ? "none"
					    : complaint_colour(r.dispatched_at, r.sign_due, now)));
	json_object_set_new(
	    o, "reply_colour",
	    json_string(r.replied_at ? "none" : complaint_colour(r.created_at, r.reply_due, now)));
	json_object_set_new(o, "bodies", complaint_view_bodies(c, id));
	json_object_set_new(o, "supervised", json_boolean(r.supervised));
	/* merged (合并办理): the request it follows, by number; the ones that follow it */
	char lead[COMPLAINT_NUMBER_LEN];
	if (r.merged_into[0] && complaint_number_of(c, r.merged_into, lead, sizeof lead))
		json_object_set_new(o, "merged_into",
				    json_pack("{ss ss}", "id", r.merged_into, "number", lead));
	else
		json_object_set_new(o, "merged_into", json_null());
	json_object_set_new(o, "merged", complaint_view_merged(c, id));
	/* attachments as this reader may see them (file_get: whole to their uploader, the name masked
	 * to everyone else) */
	json_t *files = complaint_file_ids(c, id), *att = json_array(), *fid;
	size_t k;
	json_array_foreach(files, k, fid)
	{
		file_row_t fr;
		if (file_get(c, v, json_string_value(fid), &fr) == E_OK)
			json_array_append_new(att, file_json(&fr));
	}
	json_decref(files);
	json_object_set_new(o, "attachments", att);
	/* the hotline's dispatcher sees what it could be merged into */
	unsigned who = complaint_who(c, v, &r);
	bool open =
	    !strcmp(r.status, "received") || !strcmp(r.status, "dispatched") || !strcmp(r.status, "returned");
	if ((who & ROLE_DISPATCHER) && open)
		json_object_set_new(o, "duplicates",
				    complaint_view_duplicates(c, &r, COMPLAINT_DUPLICATE_MS));
	json_t *events = complaint_view_events(c, id);
	size_t i;
	json_t *ev;
	json_array_foreach(events, i, ev)
	{
		set_label(ev, "to", json_string_value(json_object_get(ev, "to")));
		if (caller && !(v->roles & ROLES_STAFF)) {
			/* the caller's timeline: which body, never which person; and no internal notes */
			json_object_del(ev, "actor_name");
			json_t *note = json_object_get(ev, "note");
			json_t *answer = json_incref(json_object_get(note, "answer"));
			json_object_clear(note);
			if (answer)
				json_object_set_new(note, "answer", answer);
		}
	}
	json_object_set_new(o, "timeline", events);
	complaint_facts_t f;
	complaint_facts(&r, now, &f);
	json_object_set_new(o, "allowed_actions", wf_allowed(&complaint_machine, r.status, who, &f));
	complaint_row_release(&r);
	return o;
}
