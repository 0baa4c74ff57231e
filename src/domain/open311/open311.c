/* open311.c — the Open311 façade's services, filing and reads (see
 * open311.h): a translation between GeoReport v2's fields and the 12345
 * subsystem's, which keeps every rule of its own (intake, dispatch, privacy). */
#include "domain/open311/open311.h"
#include "domain/open311/open311_rules.h"
#include "domain/open311/open311_store.h"
#include "domain/complaints/complaint.h"
#include "domain/core/wf.h"
#include "base/textcheck.h"
#include "base/w3cdt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZONE_MIN 480 /* answers are written in the region's time, UTC+8 */

static const char *const KINDS[][3] = {
    {"complaint", "投诉", "Complaint"},   {"enquiry", "咨询", "Enquiry"},
    {"help", "求助", "Request for help"}, {"report", "举报", "Report"},
    {"suggestion", "建议", "Suggestion"},
};

/* What the time class promises, in the caller's language. */
static const char *promise(const char *tc, bool en)
{
	static const char *const P[][3] = {
	    {"urgent", "2小时内答复", "a reply within 2 hours"},
	    {"utility", "24小时内答复", "a reply within 24 hours"},
	    {"general", "7个工作日内答复", "a reply within 7 working days"},
	    {"complex", "15个工作日内答复", "a reply within 15 working days"},
	};
	for (size_t i = 0; tc && i < sizeof P / sizeof P[0]; i++)
		if (!strcmp(P[i][0], tc))
			return P[i][en ? 2 : 1];
	return NULL;
}

static const char *lang(json_t *o, const char *key, bool en)
{
	char k[48];
	snprintf(k, sizeof k, "%s_%s", key, en ? "en" : "zh");
	return json_string_value(json_object_get(o, k));
}

/* ---- services ---- */

static void add_services(json_t *out, json_t *nodes, const char *group_zh, const char *group_en, bool en)
{
	size_t i;
	json_t *k;
	json_array_foreach(nodes, i, k)
	{
		const char *zh = json_string_value(json_object_get(k, "zh")),
			   *enn = json_string_value(json_object_get(k, "en"));
		const char *gzh = group_zh ? group_zh : zh, *gen = group_en ? group_en : enn;
		char desc[256], kw[256];
		snprintf(desc, sizeof desc, en ? "%s: %s" : "%s：%s", en ? enn : zh,
			 promise(json_string_value(json_object_get(k, "time_class")), en));
		if (group_zh) /* synonyms: the names in both languages and the group's */
			snprintf(kw, sizeof kw, "%s, %s, %s, %s", zh, enn, gzh, gen);
		else
			snprintf(kw, sizeof kw, "%s, %s", zh, enn);
		json_array_append_new(out,
				      json_pack("{ss ss ss sb ss ss ss}", "service_code",
						json_string_value(json_object_get(k, "code")), "service_name",
						en ? enn : zh, "description", desc, "metadata", 1, "type",
						"realtime", "keywords", kw, "group", en ? gen : gzh));
		add_services(out, json_object_get(k, "children"), gzh, gen, en);
	}
}

json_t *open311_services(dbc_t *c, bool en)
{
	json_t *tree = complaint_categories_json(c), *out = json_array();
	add_services(out, json_object_get(tree, "items"), NULL, NULL, en);
	json_decref(tree);
	return out;
}

/* The service with this code from the list, or NULL. */
static json_t *service_of(json_t *services, const char *code)
{
	size_t i;
	json_t *s;
	json_array_foreach(services, i, s) if (!strcmp(json_string_value(json_object_get(s, "service_code")),
						       code)) return s;
	return NULL;
}

static json_t *attribute(const char *code, bool required, int order, const char *zh, const char *en_text,
			 bool en, json_t *values)
{
	return json_pack("{sb ss ss sb so si ss so}", "variable", 1, "code", code, "datatype",
			 "singlevaluelist", "required", required, "datatype_description", json_null(),
			 "order", order, "description", en ? en_text : zh, "values", values);
}

json_t *open311_service_definition(dbc_t *c, const char *code, bool en)
{
	json_t *services = open311_services(c, en);
	bool known = service_of(services, code) != NULL;
	json_decref(services);
	if (!known)
		return NULL;
	json_t *places = complaint_places_json(c), *districts = json_array(), *streets = json_array(),
	       *kinds = json_array();
	size_t i, j;
	json_t *d, *s;
	json_array_foreach(places, i, d)
	{
		const char *dname = json_string_value(json_object_get(d, en ? "en" : "zh"));
		json_array_append_new(districts,
				      json_pack("{sO ss}", "key", json_object_get(d, "code"), "name", dname));
		json_array_foreach(json_object_get(d, "streets"), j, s)
		{
			char name[200];
			snprintf(name, sizeof name, en ? "%s (%s)" : "%s（%s）",
				 json_string_value(json_object_get(s, en ? "en" : "zh")), dname);
			json_array_append_new(
			    streets, json_pack("{sO ss}", "key", json_object_get(s, "code"), "name", name));
		}
	}
	json_decref(places);
	for (i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++)
		json_array_append_new(kinds,
				      json_pack("{ss ss}", "key", KINDS[i][0], "name", KINDS[i][en ? 2 : 1]));
	json_t *attrs = json_pack(
	    "[ooo]", attribute("district", true, 1, "所在区", "The district where it is", en, districts),
	    attribute("street", false, 2, "所在街道（须在所选的区内）", "The street (in the chosen district)",
		      en, streets),
	    attribute("kind", false, 3, "诉求类型（默认为投诉）",
		      "The kind of request (a complaint if not given)", en, kinds));
	return json_pack("{ss so}", "service_code", code, "attributes", attrs);
}

/* ---- filing ---- */

struct file_ctx {
	const char *key_id;
	open311_extras_t x;
	char number[64];
};

static int file_also(dbc_t *c, const char *id, const char *number, void *arg)
{
	struct file_ctx *f = arg;
	snprintf(f->number, sizeof f->number, "%s", number);
	return open311_store_request_insert(c, id, f->key_id, &f->x);
}

/* A value an attribute was given: one string. */
static const char *attr_one(const json_t *attrs, const char *code, errs_t *e)
{
	json_t *v = json_object_get(attrs, code);
	if (!v)
		return NULL;
	char field[64];
	snprintf(field, sizeof field, "attribute[%s]", code);
	if (!json_is_string(v)) {
		errs_add(e, field, "single", "此项只能选一个值", "this attribute takes one value");
		return NULL;
	}
	return json_string_value(v);
}

static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* Every check of the façade's own fields; the 12345 intake checks the rest. */
static void check_new(const open311_new_t *in, open311_extras_t *x, errs_t *e)
{
	bool has_lat = in->lat && in->lat[0], has_lon = in->lon && in->lon[0];
	if (has_lat != has_lon)
		errs_add(e, has_lat ? "long" : "lat", "pair", "lat 与 long 须同时给出",
			 "lat and long are given together");
	else if (has_lat) {
		bool ok_lat = open311_degrees(in->lat, 90, &x->lat_e6),
		     ok_lon = open311_degrees(in->lon, 180, &x->long_e6);
		if (!ok_lat)
			errs_add(e, "lat", "degrees", "纬度应为 -90 至 90 之间的十进制度数",
				 "lat is a decimal degree from -90 to 90");
		if (!ok_lon)
			errs_add(e, "long", "degrees", "经度应为 -180 至 180 之间的十进制度数",
				 "long is a decimal degree from -180 to 180");
		x->has_point = ok_lat && ok_lon;
	}
	bool has_addr = in->address_string && in->address_string[0],
	     has_id = in->address_id && in->address_id[0];
	if (!has_lat && !has_lon && !has_addr && !has_id)
		errs_add(e, "location", "required", "请给出位置：lat 与 long、address_string 或 address_id",
			 "give a location: lat and long, address_string or address_id");
	if (has_addr && (open311_chars(in->address_string) > 200 || text_has_invisible(in->address_string)))
		errs_add(e, "address_string", "length", "地址至多 200 个字符，且不含不可见字符",
			 "the address is at most 200 characters, with no invisible ones");
	if (has_id && (strlen(in->address_id) > 64 || !printable(in->address_id)))
		errs_add(e, "address_id", "format", "address_id 至多 64 个可见字符",
			 "address_id is at most 64 visible characters");
	x->address_id = has_id ? in->address_id : NULL;
	const char *m = in->media_url && in->media_url[0] ? in->media_url : NULL;
	if (m && (strlen(m) > 500 || !printable(m) ||
		  (strncmp(m, "https://", 8) && strncmp(m, "http://", 7)) || strlen(m) < 10))
		errs_add(e, "media_url", "url", "media_url 应为 http(s) 网址，至多 500 个字符",
			 "media_url is an http(s) URL of at most 500 characters");
	x->media_url = m;
	if (!in->description || !in->description[0])
		errs_add(e, "description", "required", "请描述诉求内容", "describe the request");
	else if (open311_chars(in->description) > OPEN311_DESCRIPTION_MAX)
		errs_addi(e, "description", "too_long", "描述至多 %lld 个字符",
			  "the description is at most %lld characters", OPEN311_DESCRIPTION_MAX);
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)in->attributes, k,
			    v) if (strcmp(k, "district") && strcmp(k, "street") && strcmp(k, "kind"))
	{
		char field[80];
		snprintf(field, sizeof field, "attribute[%.60s]", k);
		errs_add(e, field, "unknown", "此服务没有这个属性", "the service has no such attribute");
	}
	if (!json_object_get(in->attributes, "district"))
		errs_add(e, "attribute[district]", "required", "缺少必填属性：所在区",
			 "a required attribute is missing: the district");
}

/* The intake's field names as Open311 names them. */
static const char *open311_field(const char *f)
{
	static const char *const MAP[][2] = {{"text", "description"},
					     {"category", "service_code"},
					     {"district", "attribute[district]"},
					     {"street", "attribute[street]"},
					     {"kind", "attribute[kind]"},
					     {"address", "address_string"}};
	for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
		if (!strcmp(MAP[i][0], f))
			return MAP[i][1];
	return f;
}

errcode_t open311_file(store_t *st, const actor_t *by, const char *key_id, const open311_new_t *in, bool en,
		       errs_t *e, json_t **out)
{
	dbc_t *c = store_reader(st);
	if (!in->service_code || !in->service_code[0]) {
		errs_add(e, "service_code", "required", "缺少 service_code", "service_code was not provided");
		return E_VALIDATION;
	}
	json_t *services = open311_services(c, en);
	bool known = service_of(services, in->service_code) != NULL;
	json_decref(services);
	if (!known) {
		errs_add(e, "service_code", "unknown", "没有这个 service_code", "no such service_code");
		return E_NOT_FOUND;
	}
	struct file_ctx f = {key_id, {0}, ""};
	check_new(in, &f.x, e);
	const char *district = attr_one(in->attributes, "district", e),
		   *street = attr_one(in->attributes, "street", e),
		   *kind = attr_one(in->attributes, "kind", e);
	if (errs_any(e))
		return E_VALIDATION;
	complaint_new_t cn = {.kind = kind ? kind : "complaint",
			      .category = in->service_code,
			      .text = in->description,
			      .channel = "mobile",
			      .phone = in->phone && in->phone[0] ? in->phone : NULL,
			      .district = district,
			      .street = street && street[0] ? street : NULL,
			      .address =
				  in->address_string && in->address_string[0] ? in->address_string : NULL,
			      .client_addr = in->client_addr,
			      .limited = in->limited,
			      .also = file_also,
			      .also_arg = &f};
	errs_t ce = ERRS_INIT;
	char id[ENTITY_ID_LEN];
	errcode_t ec = complaint_create(st, by, &cn, &ce, id);
	for (size_t i = 0; i < ce.n; i++)
		errs_add(e, open311_field(ce.v[i].field), ce.v[i].code, ce.v[i].zh, ce.v[i].en);
	errs_clear(&ce);
	if (ec != E_OK)
		return ec;
	json_t *pub = complaint_public_json(c, f.number);
	char notice[400];
	const char *body = lang(pub, "body", en),
		   *p = promise(json_string_value(json_object_get(pub, "time_class")), en);
	if (body)
		snprintf(notice, sizeof notice,
			 en ? "Dispatched to %s by the responsibility list; %s." : "已按职责清单派至%s，%s。",
			 body, p ? p : "");
	else
		snprintf(notice, sizeof notice, "%s", en ? "Received." : "已受理。");
	json_decref(pub);
	*out = json_pack("[{ss ss so}]", "service_request_id", f.number, "service_notice", notice,
			 "account_id", json_null());
	return E_OK;
}

/* ---- reading ---- */

static json_t *w3c_or_null(json_t *ms)
{
	if (!json_is_integer(ms))
		return json_null();
	char out[W3CDT_LEN];
	w3cdt_format(json_integer_value(ms), ZONE_MIN, out);
	return json_string(out);
}

/* A public 12345 request as an Open311 request. */
static json_t *as_request(dbc_t *c, json_t *p, bool en)
{
	const char *number = json_string_value(json_object_get(p, "number")),
		   *state = json_string_value(json_object_get(p, "status"));
	const char *status = open311_status_of(state);
	char notes[300];
	const char *label =
	    en ? wf_state_en(&complaint_machine, state) : wf_state_zh(&complaint_machine, state);
	bool direct = json_integer_value(json_object_get(p, "direct_answer")) == 1;
	bool resolved = json_integer_value(json_object_get(p, "resolved")) == 1;
	snprintf(notes, sizeof notes, "%s%s", label ? label : state,
		 !strcmp(status, "closed") && direct
		     ? (en ? ": answered directly by the hotline" : "：热线直接答复")
		 : !strcmp(status, "closed") && resolved
		     ? (en ? ": resolved, confirmed at callback" : "：回访确认已解决")
		     : "");
	char address[600] = "";
	const char *parts[3] = {json_string_value(json_object_get(p, "address")), lang(p, "street", en),
				lang(p, "district", en)};
	for (int i = 0; i < 3; i++)
		if (parts[i] && parts[i][0]) {
			size_t used = strlen(address);
			snprintf(address + used, sizeof address - used, "%s%s", used ? ", " : "", parts[i]);
		}
	json_t *x = open311_store_extras(c, number);
	json_t *lat = json_object_get(x, "lat_e6"), *lon = json_object_get(x, "long_e6");
	json_t *closed_at = json_object_get(p, "closed_at"), *updated = json_object_get(p, "updated_at");
	const char *body = lang(p, "body", en);
	const char *pr = promise(json_string_value(json_object_get(p, "time_class")), en);
	json_t *o = json_object();
	json_object_set_new(o, "service_request_id", json_string(number));
	json_object_set_new(o, "status", json_string(status));
	json_object_set_new(o, "status_notes", json_string(notes));
	json_object_set_new(o, "service_name", json_string(lang(p, "category", en)));
	json_object_set_new(o, "service_code", json_incref(json_object_get(p, "category")));
	json_object_set_new(o, "description", json_incref(json_object_get(p, "text")));
	json_object_set_new(o, "agency_responsible", body ? json_string(body) : json_null());
	json_object_set_new(o, "service_notice", pr ? json_string(pr) : json_null());
	json_object_set_new(o, "requested_datetime", w3c_or_null(json_object_get(p, "created_at")));
	/* for a closed request the time it was closed, as the specification asks */
	json_t *upd = !strcmp(status, "closed") && json_is_integer(closed_at) ? closed_at
		      : json_is_integer(updated)                              ? updated
						 : json_object_get(p, "created_at");
	json_object_set_new(o, "updated_datetime", w3c_or_null(upd));
	json_object_set_new(o, "expected_datetime", w3c_or_null(json_object_get(p, "reply_due")));
	json_object_set_new(o, "address", json_string(address));
	json_t *aid = json_object_get(x, "address_id"), *media = json_object_get(x, "media_url");
	json_object_set_new(o, "address_id", aid ? json_incref(aid) : json_null());
	json_object_set_new(o, "zipcode", json_null());
	json_object_set_new(o, "lat", lat ? json_real((double)json_integer_value(lat) / 1e6) : json_null());
	json_object_set_new(o, "long", lon ? json_real((double)json_integer_value(lon) / 1e6) : json_null());
	json_object_set_new(o, "media_url", media ? json_incref(media) : json_null());
	json_decref(x);
	return o;
}

json_t *open311_request(dbc_t *c, const char *number, bool en)
{
	json_t *p = complaint_public_json(c, number);
	if (!p)
		return NULL;
	json_t *o = as_request(c, p, en);
	json_decref(p);
	return o;
}

json_t *open311_token(dbc_t *c, const char *token)
{
	char number[64];
	if (!complaint_number_of(c, token, number, sizeof number))
		return NULL;
	return json_pack("{ss ss}", "service_request_id", number, "token", token);
}

/* Splits a comma list into its non-empty items (spaces around them dropped); at most max, else -1. */
static int split(const char *s, char ***items, int max)
{
	*items = NULL;
	int n = 0;
	char *copy = strdup(s ? s : ""), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		while (*t == ' ')
			t++;
		size_t l = strlen(t);
		while (l && t[l - 1] == ' ')
			t[--l] = '\0';
		if (!l)
			continue;
		if (n == max) { /* too many: nothing is kept */
			for (int i = 0; i < n; i++)
				free((*items)[i]);
			free(*items);
			*items = NULL;
			n = -1;
			break;
		}
		*items = realloc(*items, (size_t)(n + 1) * sizeof **items);
		(*items)[n++] = strdup(t);
	}
	free(copy);
	return n;
}

static void free_items(char **items, int n)
{
	for (int i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

static int newest_first(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	json_int_t tx = json_integer_value(json_object_get(x, "created_at")),
		   ty = json_integer_value(json_object_get(y, "created_at"));
	if (tx != ty)
		return tx < ty ? 1 : -1;
	return -strcmp(json_string_value(json_object_get(x, "number")),
		       json_string_value(json_object_get(y, "number")));
}

static bool given(const char *s) { return s && s[0]; }

errcode_t open311_requests(dbc_t *c, const open311_query_t *q, int64_t now, bool en, errs_t *e, json_t **out)
{
	json_t *rows = json_array();
	char **items = NULL;
	int n;
	if (given(q->service_request_id)) { /* overrides every other argument */
		if ((n = split(q->service_request_id, &items, OPEN311_MAX_RESULTS)) < 0) {
			errs_addi(e, "service_request_id", "too_many", "至多 %lld 个 service_request_id",
				  "at most %lld service_request_id values", OPEN311_MAX_RESULTS);
			json_decref(rows);
			return E_VALIDATION;
		}
		json_t *res = json_array();
		for (int i = 0; i < n; i++) {
			json_t *o = open311_request(c, items[i], en);
			if (o)
				json_array_append_new(res, o);
		}
		free_items(items, n);
		json_decref(rows);
		*out = res;
		return E_OK;
	}
	int64_t start = 0, end = 0, from, to;
	if (given(q->start_date) && !w3cdt_parse(q->start_date, &start))
		errs_add(e, "start_date", "datetime",
			 "start_date 应为 W3C 日期时间，如 2026-01-01T00:00:00+08:00",
			 "start_date is a W3C datetime such as 2026-01-01T00:00:00Z");
	if (given(q->end_date) && !w3cdt_parse(q->end_date, &end))
		errs_add(e, "end_date", "datetime",
			 "end_date 应为 W3C 日期时间，如 2026-01-31T23:59:59+08:00",
			 "end_date is a W3C datetime such as 2026-01-31T23:59:59Z");
	int closed = -1;
	if (given(q->status)) {
		n = split(q->status, &items, 8);
		bool want_open = false, want_closed = false, bad = n <= 0;
		for (int i = 0; i < n; i++) {
			if (!strcmp(items[i], "open"))
				want_open = true;
			else if (!strcmp(items[i], "closed"))
				want_closed = true;
			else
				bad = true;
		}
		free_items(items, n > 0 ? n : 0);
		items = NULL;
		if (bad)
			errs_add(e, "status", "not_an_option", "status 应为 open 或 closed",
				 "status is open or closed");
		else if (want_open != want_closed)
			closed = want_closed ? 1 : 0;
	}
	char **codes = NULL;
	int ncodes = 0;
	if (given(q->service_code)) {
		json_t *services = open311_services(c, en);
		ncodes = split(q->service_code, &codes, (int)json_array_size(services));
		if (ncodes < 0)
			errs_add(e, "service_code", "too_many", "service_code 重复过多",
				 "too many service_code values");
		for (int i = 0; i < ncodes; i++)
			if (!service_of(services, codes[i])) {
				char zh[200], enm[200];
				snprintf(zh, sizeof zh, "没有这个 service_code：%.60s", codes[i]);
				snprintf(enm, sizeof enm, "no such service_code: %.60s", codes[i]);
				errs_add(e, "service_code", "unknown", zh, enm);
			}
		json_decref(services);
	}
	if (!errs_any(e)) {
		open311_window_t w =
		    open311_window(given(q->start_date), start, given(q->end_date), end, now, &from, &to);
		if (w == OPEN311_WINDOW_REVERSED)
			errs_add(e, "end_date", "before_start", "end_date 早于 start_date",
				 "end_date is before start_date");
		else if (w == OPEN311_WINDOW_TOO_LONG)
			errs_add(e, "end_date", "too_long", "查询时间跨度不能超过 90 天",
				 "start_date and end_date may not span more than 90 days");
	}
	if (errs_any(e)) {
		free_items(codes, ncodes > 0 ? ncodes : 0);
		json_decref(rows);
		return E_VALIDATION;
	}
	for (int i = 0; i < (ncodes > 0 ? ncodes : 1); i++) {
		json_t *part = complaint_public_list(c, from, to, ncodes > 0 ? codes[i] : NULL, closed,
						     OPEN311_MAX_RESULTS);
		json_array_extend(rows, part);
		json_decref(part);
	}
	free_items(codes, ncodes > 0 ? ncodes : 0);
	size_t total = json_array_size(rows);
	json_t **v = malloc((total ? total : 1) * sizeof *v);
	for (size_t i = 0; i < total; i++)
		v[i] = json_array_get(rows, i);
	qsort(v, total, sizeof *v, newest_first);
	json_t *res = json_array();
	for (size_t i = 0; i < total && i < OPEN311_MAX_RESULTS; i++)
		json_array_append_new(res, as_request(c, v[i], en));
	free(v);
	json_decref(rows);
	*out = res;
	return E_OK;
}
