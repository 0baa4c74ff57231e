/* notify_senders.c — email by SMTP and SMS by an HTTP gateway (see notify_senders.h). */
#include "domain/core/notify_senders.h"
#include "domain/core/notify.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/log.h"
#include "base/mailmsg.h"
#include "base/outbound.h"
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
	char smtp_url[512], smtp_from[256], smtp_user[256], smtp_password[256];
	char sms_url[512], sms_secret[256];
} cfg;

static const char *const FOOTER =
	"\n\n—\n一网通办 · 此邮件由系统自动发送，请勿直接回复。可在“我的账户 → 消息通知”中更改接收方式。\n"
	"onestop · This mail was sent automatically; please do not reply. You can change how you are "
	"notified under My account → Notifications.\n";

/* scheme://host…, no user:password@ (credentials go in their own settings, so a
 * URL can be logged) */
static bool url_ok(const char *v, const char *const *schemes)
{
	for (; *schemes; schemes++) {
		size_t n = strlen(*schemes);
		if (!strncmp(v, *schemes, n) && v[n]) {
			const char *host = v + n, *end = host + strcspn(host, "/?#");
			for (const char *p = v; *p; p++)
				if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
					return false;
			return !memchr(host, '@', (size_t)(end - host));
		}
	}
	return false;
}

static int set(char *dst, size_t cap, const char *v, char *err, size_t n, const char *name)
{
	if (strlen(v) >= cap) {
		snprintf(err, n, "%s 过长 / %s is too long", name, name);
		return -1;
	}
	snprintf(dst, cap, "%s", v);
	return 0;
}

int notify_configure(const char *name, const char *v, char *err, size_t n)
{
	static const char *const SMTP[] = {"smtp://", "smtps://", NULL};
	static const char *const HTTP[] = {"http://", "https://", NULL};
	if (!strcmp(name, "smtp_url")) {
		if (!url_ok(v, SMTP)) {
			snprintf(err, n,
				 "--smtp-url 须为 smtp(s)://主机[:端口]，账号密码另行设置 / wants "
				 "smtp(s)://HOST[:PORT] without credentials "
				 "(ONESTOP_SMTP_USER, ONESTOP_SMTP_PASSWORD)");
			return -1;
		}
		return set(cfg.smtp_url, sizeof cfg.smtp_url, v, err, n, name);
	}
	if (!strcmp(name, "smtp_from")) {
		if (!mailmsg_address_ok(v)) {
			snprintf(err, n,
				 "--smtp-from 须为邮箱地址 / wants an address such as noreply@example.gov.cn");
			return -1;
		}
		return set(cfg.smtp_from, sizeof cfg.smtp_from, v, err, n, name);
	}
	if (!strcmp(name, "sms_url")) {
		if (!url_ok(v, HTTP)) {
			snprintf(err, n, "--sms-url 须为 http(s) 地址，不含账号密码 / wants an http(s) URL "
				 "without credentials (the secret is ONESTOP_SMS_SECRET)");
			return -1;
		}
		return set(cfg.sms_url, sizeof cfg.sms_url, v, err, n, name);
	}
	if (!strcmp(name, "sms_secret")) {
		if (strlen(v) < 16) {
			snprintf(err, n, "ONESTOP_SMS_SECRET 至少 16 个字符 / wants at least 16 characters");
			return -1;
		}
		return set(cfg.sms_secret, sizeof cfg.sms_secret, v, err, n, name);
	}
	if (!strcmp(name, "smtp_user"))
		return set(cfg.smtp_user, sizeof cfg.smtp_user, v, err, n, name);
	if (!strcmp(name, "smtp_password"))
		return set(cfg.smtp_password, sizeof cfg.smtp_password, v, err, n, name);
	snprintf(err, n, "unknown setting %s", name);
	return -1;
}

static int send_email(const outgoing_t *m, void *ctx, char *why, size_t n)
{
	if (!m->email || !*m->email) {
		snprintf(why, n, "no email address");
		return NOTIFY_GIVE_UP;
	}
	size_t slen = strlen(m->title_zh) + strlen(m->title_en) + 4;
	char *subject = malloc(slen);
	snprintf(subject, slen, "%s / %s", m->title_zh, m->title_en);
	size_t blen = strlen(m->body_zh) + strlen(m->body_en) + strlen(FOOTER) + 4;
	char *body = malloc(blen);
	snprintf(body, blen, "%s\n\n%s%s", m->body_zh, m->body_en, FOOTER);
	char id[64], nonce[17];
	rand_hex(nonce, 8);
	snprintf(id, sizeof id, "onestop.%lld.%s", (long long)m->id, nonce);
	char *msg = mailmsg_build(cfg.smtp_from, m->email, subject, body, clock_now_ms(), id);
	free(subject);
	free(body);
	if (!msg) {
		snprintf(why, n, "the email address is not usable");
		return NOTIFY_GIVE_UP;
	}
	smtp_target_t t = {cfg.smtp_url, cfg.smtp_user[0] ? cfg.smtp_user : NULL, cfg.smtp_password,
			   NOTIFY_TIMEOUT_S};
	int rc = outbound_smtp(&t, cfg.smtp_from, m->email, msg, why, n);
	free(msg);
	return rc == 0 ? NOTIFY_SENT : NOTIFY_RETRY;
}

/* hex HMAC-SHA256(secret, ts "." body) */
static void sign(const char *ts, const char *body, char out[2 * crypto_auth_hmacsha256_BYTES + 1])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)cfg.sms_secret, strlen(cfg.sms_secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, strlen(ts));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, strlen(body));
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, 2 * crypto_auth_hmacsha256_BYTES + 1, mac, sizeof mac);
}

static int send_sms(const outgoing_t *m, void *ctx, char *why, size_t n)
{
	if (!m->phone || !*m->phone) {
		snprintf(why, n, "no phone number");
		return NOTIFY_GIVE_UP;
	}
	char zh[1200], en[1200];
	snprintf(zh, sizeof zh, "【一网通办】%s：%s", m->title_zh, m->body_zh);
	snprintf(en, sizeof en, "[onestop] %s: %s", m->title_en, m->body_en);
	json_t *j = json_pack("{sI ss ss ss ss}", "message_id", (json_int_t)m->id, "to", m->phone, "text", zh,
			      "text_en", en, "kind", m->kind);
	char *body = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	char ts[24], sig[2 * crypto_auth_hmacsha256_BYTES + 1];
	snprintf(ts, sizeof ts, "%lld", (long long)(clock_now_ms() / 1000));
	sign(ts, body, sig);
	char h_ts[64], h_sig[128], h_idem[64];
	snprintf(h_ts, sizeof h_ts, "X-Onestop-Timestamp: %s", ts);
	snprintf(h_sig, sizeof h_sig, "X-Onestop-Signature: sha256=%s", sig);
	snprintf(h_idem, sizeof h_idem, "Idempotency-Key: onestop-message-%lld", (long long)m->id);
	const char *headers[] = {h_ts, h_sig, h_idem, NULL};
	long status = outbound_post_json(cfg.sms_url, headers, body, NOTIFY_TIMEOUT_S, why, n);
	free(body);
	if (status >= 200 && status < 300)
		return NOTIFY_SENT;
	if (status > 0)
		snprintf(why, n, "gateway answered %ld", status);
	return NOTIFY_RETRY;
}

/* scheme://host[:port] of a URL, for the log (a path may carry a key) */
static void origin(const char *url, char *out, size_t n)
{
	const char *host = strstr(url, "://");
	host = host ? host + 3 : url;
	snprintf(out, n, "%.*s", (int)(host - url + strcspn(host, "/?#")), url);
}

int notify_senders_start(char *err, size_t n)
{
	char o[512];
	if (cfg.smtp_url[0]) {
		if (!cfg.smtp_from[0]) {
			snprintf(err, n, "--smtp-url 需要 --smtp-from（发件地址）/ --smtp-url needs --smtp-from");
			return -1;
		}
		static const sender_t email = {"email", send_email, NULL};
		notify_register(&email);
		origin(cfg.smtp_url, o, sizeof o);
		log_info("notify: email through %s from %s%s", o, cfg.smtp_from,
			 cfg.smtp_user[0] ? " (with credentials, STARTTLS required)" : "");
	}
	if (cfg.sms_url[0]) {
		if (!cfg.sms_secret[0]) {
			snprintf(err, n, "--sms-url 需要 ONESTOP_SMS_SECRET（签名密钥）/ --sms-url needs "
				 "ONESTOP_SMS_SECRET (the signing secret)");
			return -1;
		}
		static const sender_t sms = {"sms", send_sms, NULL};
		notify_register(&sms);
		origin(cfg.sms_url, o, sizeof o);
		log_info("notify: SMS through %s (signed)", o);
	}
	return 0;
}
