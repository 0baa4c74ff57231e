/* outbound.c — mail by SMTP and JSON by HTTP, through libcurl (see outbound.h). */
#include "base/outbound.h"
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

int outbound_setup(void) { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1; }

typedef struct {
	const char *p;
	size_t left;
} reader_t;

static size_t read_cb(char *out, size_t size, size_t n, void *arg)
{
	reader_t *r = arg;
	size_t take = size * n < r->left ? size * n : r->left;
	memcpy(out, r->p, take);
	r->p += take;
	r->left -= take;
	return take;
}

static size_t discard_cb(char *p, size_t size, size_t n, void *arg) { return size * n; }

static void common(CURL *h, const char *url, long timeout_s, char *errbuf)
{
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_s < 10 ? timeout_s : 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	errbuf[0] = '\0';
}

static void reason(char *why, size_t n, CURLcode rc, const char *errbuf)
{
	snprintf(why, n, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
}

int outbound_smtp(const smtp_target_t *t, const char *from, const char *to, const char *message,
		  char *why, size_t whylen)
{
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(why, whylen, "curl_easy_init failed");
		return -1;
	}
	char errbuf[CURL_ERROR_SIZE], addr_from[300], addr_to[300];
	common(h, t->url, t->timeout_s, errbuf);
	snprintf(addr_from, sizeof addr_from, "<%s>", from);
	snprintf(addr_to, sizeof addr_to, "<%s>", to);
	struct curl_slist *rcpt = curl_slist_append(NULL, addr_to);
	reader_t r = {message, strlen(message)};
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, addr_from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &r);
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	bool auth = t->user && *t->user;
	if (auth) {
		curl_easy_setopt(h, CURLOPT_USERNAME, t->user);
		curl_easy_setopt(h, CURLOPT_PASSWORD, t->password ? t->password : "");
	}
	curl_easy_setopt(h, CURLOPT_USE_SSL, auth ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
	CURLcode rc = curl_easy_perform(h);
	if (rc != CURLE_OK)
		reason(why, whylen, rc, errbuf);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(h);
	return rc == CURLE_OK ? 0 : -1;
}

long outbound_post_json(const char *url, const char *const *headers, const char *body, long timeout_s,
			char *why, size_t whylen)
{
	CURL *h = curl_easy_init();
	if (!h) {
		snprintf(why, whylen, "curl_easy_init failed");
		return -1;
	}
	char errbuf[CURL_ERROR_SIZE];
	common(h, url, timeout_s, errbuf);
	struct curl_slist *hs = curl_slist_append(NULL, "Content-Type: application/json");
	hs = curl_slist_append(hs, "Expect:");   /* no 100-continue round trip */
	for (; headers && *headers; headers++)
		hs = curl_slist_append(hs, *headers);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hs);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard_cb);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(h);
	long status = -1;
	if (rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	else
		reason(why, whylen, rc, errbuf);
	curl_slist_free_all(hs);
	curl_easy_cleanup(h);
	return status;
}
