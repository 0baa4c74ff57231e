/* case_brief.c — one case in brief, for the bundle it belongs to (case.h):
 * the combined correction notice and the savings read it. */
#include "domain/cases/case.h"
#include "domain/cases/case_store.h"
#include <stdio.h>
#include <string.h>

static void add_file(const case_file_t *f, void *ctx) { json_array_append_new(ctx, json_string(f->id)); }

static void add_cert(const case_cert_t *f, void *ctx)
{
	(void)f;
	(*(int *)ctx)++;
}

bool case_brief(dbc_t *c, const char *id, case_brief_t *out)
{
	memset(out, 0, sizeof *out);
	case_row_t r;
	if (!case_load(c, id, &r))
		return false;
	snprintf(out->status, sizeof out->status, "%s", r.status);
	snprintf(out->department, sizeof out->department, "%s", r.department);
	snprintf(out->region, sizeof out->region, "%s", r.region);
	snprintf(out->submitted_day, sizeof out->submitted_day, "%s", r.submitted_day);
	snprintf(out->finished_day, sizeof out->finished_day, "%s", r.finished_day);
	if (!strcmp(r.status, "correction") && r.correction)
		out->correction = json_incref(r.correction);
	out->files = json_array();
	case_scan_files(c, id, add_file, out->files);
	case_scan_certs(c, id, add_cert, &out->certificates);
	case_row_release(&r);
	return true;
}

void case_brief_release(case_brief_t *b)
{
	json_decref(b->correction);
	json_decref(b->files);
	b->correction = b->files = NULL;
}
