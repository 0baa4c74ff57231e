/* decision_words.c — the words of a decision, by kind (see decision_words.h). */
#include "domain/catalog/decision_words.h"
#include <string.h>

static const decision_words_t WORDS[] = {
	{"licence", "准予许可", "Licence granted", "不予许可", "Licence refused", "准予行政许可", "不予行政许可"},
	{"registration", "准予登记", "Registered", "不予登记", "Registration refused", "准予登记", "不予登记"},
	{"filing", "予以备案", "Filing accepted", "不予备案", "Filing refused", "予以备案", "不予备案"},
	{"confirmation", "予以确认", "Confirmed", "不予确认", "Not confirmed", "予以确认", "不予确认"},
	{"service", "准予办理", "Approved", "不予办理", "Not approved", "准予办理", "不予办理"},
	{"grant", "准予兑现", "Benefit granted", "不予兑现", "Benefit refused", "准予兑现", "不予兑现"},
};

static const decision_words_t *find(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof WORDS / sizeof WORDS[0]; i++)
		if (!strcmp(WORDS[i].kind, kind))
			return &WORDS[i];
	return NULL;
}

bool decision_kind_known(const char *kind)
{
	return find(kind) != NULL;
}

const decision_words_t *decision_words_of(const json_t *doc)
{
	const decision_words_t *w = find(json_string_value(json_object_get(doc, "decision_words")));
	if (w)
		return w;
	const char *type = json_string_value(json_object_get(doc, "type"));
	if (type && !strcmp(type, "licensing"))
		return find("licence");
	if (type && !strcmp(type, "confirmation"))
		return find("confirmation");
	return find("service");
}

json_t *decision_words_json(const decision_words_t *w)
{
	return json_pack("{ss s{ss ss} s{ss ss}}", "kind", w->kind, "approve", "zh", w->approve_zh, "en",
			 w->approve_en, "deny", "zh", w->deny_zh, "en", w->deny_en);
}
