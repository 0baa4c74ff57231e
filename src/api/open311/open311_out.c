/* open311_out.c — the Open311 façade's answers (see open311_out.h). XML is
 * written from the same JSON tree the .json answer would carry, by the
 * specification's mapping: a list is an element holding one element per item
 * (services/service, service_requests/request, attributes/attribute,
 * values/value, endpoints/endpoint, formats/format, errors/error), true and
 * false are the words, null is an empty element. */
#include "api/open311/open311_out.h"
#include "base/mem.h"
#include "base/xmlw.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const ITEMS[][2] = {
    {"services", "service"}, {"service_requests", "request"}, {"attributes", "attribute"},
    {"values", "value"},     {"endpoints", "endpoint"},       {"formats", "format"},
    {"errors", "error"},
};

static const char *item_of(const char *list)
{
	for (size_t i = 0; i < sizeof ITEMS / sizeof ITEMS[0]; i++)
		if (!strcmp(ITEMS[i][0], list))
			return ITEMS[i][1];
	return "item";
}

bool open311_format(req_t *r, open311_fmt_t *fmt)
{
	const char *f = req_param(r, "format");
	if (f && !strcmp(f, "json"))
		*fmt = OPEN311_JSON;
	else if (f && !strcmp(f, "xml"))
		*fmt = OPEN311_XML;
	else {
		open311_error(r, OPEN311_JSON, 404, "没有这种格式：请用 .json 或 .xml",
			      "no such format: use .json or .xml");
		return false;
	}
	return true;
}

/* A number as the specification writes it: integers whole, coordinates without trailing zeros. */
static void number_text(json_t *v, char *out, size_t n)
{
	if (json_is_integer(v)) {
		snprintf(out, n, "%lld", (long long)json_integer_value(v));
		return;
	}
	snprintf(out, n, "%.6f", json_real_value(v));
	size_t l = strlen(out);
	while (l > 1 && out[l - 1] == '0')
		out[--l] = '\0';
	if (l > 1 && out[l - 1] == '.')
		out[--l] = '\0';
}

static void write_value(xmlw_t *w, const char *name, json_t *v)
{
	if (json_is_object(v)) {
		xmlw_open(w, name);
		const char *k;
		json_t *x;
		json_object_foreach(v, k, x) write_value(w, k, x);
		xmlw_close(w, name);
	} else if (json_is_array(v)) {
		const char *item = item_of(name);
		xmlw_open(w, name);
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) write_value(w, item, x);
		xmlw_close(w, name);
	} else if (json_is_string(v))
		xmlw_elem(w, name, json_string_value(v));
	else if (json_is_number(v)) {
		char num[64];
		number_text(v, num, sizeof num);
		xmlw_elem(w, name, num);
	} else if (json_is_boolean(v))
		xmlw_elem(w, name, json_is_true(v) ? "true" : "false");
	else
		xmlw_elem(w, name, NULL);
}

void open311_reply(req_t *r, open311_fmt_t fmt, int status, json_t *doc, const char *root)
{
	if (fmt == OPEN311_JSON) {
		char *s = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
		json_decref(doc);
		reply_raw(r, status, "application/json; charset=utf-8", s ? s : "[]", s ? strlen(s) : 2);
		free(s);
		return;
	}
	xmlw_t w;
	xmlw_init(&w);
	write_value(&w, root, doc);
	json_decref(doc);
	size_t len;
	char *x = xmlw_finish(&w, &len);
	reply_raw(r, status, "text/xml; charset=utf-8", x, len);
	free(x);
}

static json_t *error_item(int status, const char *field, const char *zh, const char *en)
{
	char d[1200];
	snprintf(d, sizeof d, "%s%s%s (%s)", field && field[0] ? field : "", field && field[0] ? ": " : "",
		 zh, en);
	return json_pack("{si ss}", "code", status, "description", d);
}

void open311_error(req_t *r, open311_fmt_t fmt, int status, const char *zh, const char *en)
{
	open311_reply(r, fmt, status, json_pack("[o]", error_item(status, NULL, zh, en)), "errors");
}

void open311_errors(req_t *r, open311_fmt_t fmt, int status, const errs_t *e)
{
	json_t *list = json_array();
	for (size_t i = 0; i < e->n; i++)
		json_array_append_new(list, error_item(status, e->v[i].field, e->v[i].zh, e->v[i].en));
	if (!e->n)
		json_array_append_new(
		    list, error_item(status, NULL, "请求无法完成", "the request cannot be fulfilled"));
	open311_reply(r, fmt, status, list, "errors");
}
