/* open311_out.h — how the Open311 façade answers: the document in the format
 * the path's extension names (.json: application/json through jansson; .xml:
 * text/xml through base/xmlw.h, element names as GeoReport v2 spells them),
 * and errors in the specification's format — a list of {code, description}
 * (<errors><error>…) with the HTTP status, the description in Chinese and
 * English. */
#ifndef ONESTOP_OPEN311_OUT_H
#define ONESTOP_OPEN311_OUT_H

#include <jansson.h>
#include <stdbool.h>
#include "api/request.h"
#include "base/errs.h"

typedef enum { OPEN311_JSON, OPEN311_XML } open311_fmt_t;

/* The format of the request's {format} parameter; false after answering 404 (in JSON) for any
 * other extension. */
bool open311_format(req_t *r, open311_fmt_t *fmt);
/* Answers doc (stolen): an array becomes <root><item>…</item></root>, an object <root>…</root>. */
void open311_reply(req_t *r, open311_fmt_t fmt, int status, json_t *doc, const char *root);
/* Answers one error. */
void open311_error(req_t *r, open311_fmt_t fmt, int status, const char *zh, const char *en);
/* Answers every error of e ("field: 中文 (English)"), all with this status. */
void open311_errors(req_t *r, open311_fmt_t fmt, int status, const errs_t *e);

#endif
