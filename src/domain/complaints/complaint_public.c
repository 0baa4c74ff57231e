/* complaint_public.c — the public face of 12345 requests, for the Open311
 * façade's unauthenticated reads (see complaint.h): what the place and the
 * progress of a request are, never who asked. The rows come from
 * complaint_store.c without the caller's columns; here the free text is masked
 * and a report's text withheld. */
#include "domain/complaints/complaint.h"
#include "domain/complaints/complaint_store.h"
#include "domain/core/pii_view.h"
#include <stdio.h>
#include <string.h>

static json_t *shaped(json_t *o)
{
	if (!o)
		return NULL;
	const char *kind = json_string_value(json_object_get(o, "kind"));
	if (kind && !strcmp(kind, "report")) /* 举报: the text may tell who reported */
		json_object_set_new(o, "text", json_null());
	else
		pii_view_mask(json_object_get(o, "text"));
	pii_view_mask(json_object_get(o, "address"));
	return o;
}

json_t *complaint_public_json(dbc_t *c, const char *number)
{
	if (strlen(number) >= COMPLAINT_NUMBER_LEN)
		return NULL;
	return shaped(complaint_view_public_one(c, number));
}

json_t *complaint_public_list(dbc_t *c, int64_t from, int64_t to, const char *category, int closed, int limit)
{
	json_t *rows = complaint_view_public(c, from, to, category, closed, limit);
	size_t i;
	json_t *o;
	json_array_foreach(rows, i, o) shaped(o);
	return rows;
}

bool complaint_number_of(dbc_t *c, const char *id, char *number, size_t len)
{
	complaint_row_t r;
	if (strlen(id) >= ENTITY_ID_LEN || !complaint_load(c, id, &r))
		return false;
	snprintf(number, len, "%s", r.number);
	complaint_row_release(&r);
	return true;
}

json_t *complaint_places_json(dbc_t *c) { return complaint_view_places(c); }
