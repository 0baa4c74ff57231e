/* wf.c — the workflow engine (see wf.h). Tables are small (tens of rows):
 * a linear scan is as fast as anything and keeps the rules readable. */
#include "domain/core/wf.h"
#include "domain/core/actor.h"
#include <string.h>

const wf_action_t *wf_action(const wf_machine_t *m, const char *name)
{
	for (size_t i = 0; i < m->nactions; i++)
		if (!strcmp(m->actions[i].name, name))
			return &m->actions[i];
	return NULL;
}

const wf_state_t *wf_state(const wf_machine_t *m, const char *name)
{
	for (size_t i = 0; i < m->nstates; i++)
		if (!strcmp(m->states[i].name, name))
			return &m->states[i];
	return NULL;
}

static bool guard_holds(const wf_machine_t *m, int g, const void *facts)
{
	if (g <= 0)
		return true;
	if ((size_t)g >= m->nguards)
		return false;
	return m->guards[g].holds(facts);
}

static bool ever_permitted(const wf_machine_t *m, const char *action, unsigned who)
{
	for (size_t i = 0; i < m->nrows; i++)
		if (!strcmp(m->rows[i].action, action) && (m->rows[i].who & who))
			return true;
	return false;
}

wf_result_t wf_find(const wf_machine_t *m, const char *state, const char *action, unsigned who,
		    const void *facts, const wf_row_t **row)
{
	if (!wf_action(m, action))
		return WF_NO_SUCH_ACTION;
	bool from_here = false, permitted = false;
	for (size_t i = 0; i < m->nrows; i++) {
		const wf_row_t *r = &m->rows[i];
		if (strcmp(r->from, state) || strcmp(r->action, action))
			continue;
		from_here = true;
		if (!(r->who & who))
			continue;
		permitted = true;
		if (guard_holds(m, r->guard, facts)) {
			*row = r;
			return WF_OK;
		}
	}
	if (!ever_permitted(m, action, who))
		return WF_NEVER_YOURS;
	return !from_here ? WF_NOT_NOW : !permitted ? WF_NOT_YOURS : WF_GUARD;
}

const char *wf_target(const wf_row_t *row, const char *state, const char *prev)
{
	if (!strcmp(row->to, WF_SAME))
		return state;
	if (!strcmp(row->to, WF_PREVIOUS))
		return prev;
	return row->to;
}

json_t *wf_allowed(const wf_machine_t *m, const char *state, unsigned who, const void *facts)
{
	json_t *out = json_array();
	for (size_t i = 0; i < m->nactions; i++) {
		const wf_row_t *row;
		if (wf_find(m, state, m->actions[i].name, who, facts, &row) == WF_OK)
			json_array_append_new(out, json_string(m->actions[i].name));
	}
	return out;
}

const char *wf_state_zh(const wf_machine_t *m, const char *state)
{
	const wf_state_t *s = wf_state(m, state);
	return s ? s->zh : state;
}

const char *wf_state_en(const wf_machine_t *m, const char *state)
{
	const wf_state_t *s = wf_state(m, state);
	return s ? s->en : state;
}

bool wf_is_final(const wf_machine_t *m, const char *state)
{
	const wf_state_t *s = wf_state(m, state);
	return s && s->final;
}

bool wf_validate(const wf_machine_t *m, char *why, size_t n)
{
	for (size_t i = 0; i < m->nrows; i++) {
		const wf_row_t *r = &m->rows[i];
		const wf_state_t *from = wf_state(m, r->from);
		if (!from) {
			snprintf(why, n, "row %zu: unknown state %s", i, r->from);
			return false;
		}
		if (from->final) {
			snprintf(why, n, "row %zu: the final state %s has a way out", i, r->from);
			return false;
		}
		if (strcmp(r->to, WF_SAME) && strcmp(r->to, WF_PREVIOUS) && !wf_state(m, r->to)) {
			snprintf(why, n, "row %zu: unknown state %s", i, r->to);
			return false;
		}
		if (!wf_action(m, r->action)) {
			snprintf(why, n, "row %zu: no descriptor for action %s", i, r->action);
			return false;
		}
		if (r->guard < 0 || (size_t)r->guard >= (m->nguards ? m->nguards : 1)) {
			snprintf(why, n, "row %zu: guard %d out of range", i, r->guard);
			return false;
		}
		if (!r->who) {
			snprintf(why, n, "row %zu: nobody may take it", i);
			return false;
		}
		for (size_t j = 0; j < i; j++) {
			const wf_row_t *o = &m->rows[j];
			if (!strcmp(o->from, r->from) && !strcmp(o->action, r->action) && (o->who & r->who) &&
			    o->guard == r->guard) {
				snprintf(why, n, "rows %zu and %zu overlap", j, i);
				return false;
			}
		}
	}
	for (size_t i = 0; i < m->nactions; i++) {
		bool used = false;
		for (size_t j = 0; j < m->nrows && !used; j++)
			used = !strcmp(m->rows[j].action, m->actions[i].name);
		if (!used) {
			snprintf(why, n, "action %s has no row", m->actions[i].name);
			return false;
		}
	}
	return true;
}

static void print_who(FILE *out, unsigned who)
{
	const char *sep = "";
	for (unsigned b = 1; b < (1u << ROLE_BITS); b <<= 1)
		if (who & b) {
			fprintf(out, "%s%s", sep, role_name(b));
			sep = ", ";
		}
	if (who & WF_OWNER)
		fprintf(out, "%sapplicant (owner)", sep);
}

void wf_print(const wf_machine_t *m, FILE *out)
{
	fprintf(out, "# %s\n\n%s\n\n## States 状态\n\n", m->title, m->intro);
	if (m->state_note)
		fprintf(out, "| state | 中文 | English | final | %s |\n|---|---|---|---|---|\n",
			m->state_note_title);
	else
		fprintf(out, "| state | 中文 | English | final |\n|---|---|---|---|\n");
	for (size_t i = 0; i < m->nstates; i++) {
		const wf_state_t *s = &m->states[i];
		fprintf(out, "| %s | %s | %s | %s |", s->name, s->zh, s->en, s->final ? "yes" : "no");
		if (m->state_note) {
			char note[256];
			m->state_note(s->name, note, sizeof note);
			fprintf(out, " %s |", note);
		}
		fputc('\n', out);
	}
	fprintf(out, "\n## Transitions 流转\n\n| from | action | to | who | guard |\n|---|---|---|---|---|\n");
	for (size_t i = 0; i < m->nrows; i++) {
		const wf_row_t *r = &m->rows[i];
		const char *to = !strcmp(r->to, WF_SAME) ? "(same)"
				 : !strcmp(r->to, WF_PREVIOUS)
				     ? (m->previous_label ? m->previous_label : "(previous)")
				     : r->to;
		const char *g =
		    r->guard > 0 && (size_t)r->guard < m->nguards ? m->guards[r->guard].name : "—";
		fprintf(out, "| %s | %s | %s | ", r->from, r->action, to);
		print_who(out, r->who);
		fprintf(out, " | %s |\n", g);
	}
}
