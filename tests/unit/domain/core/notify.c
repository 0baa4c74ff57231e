/* test_notify.c — the outbox senders: with none registered nothing is sent;
 * a registered sender gets each message once, failures are recorded and not
 * retried, and contact data reaches the sender. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "base/crypto.h"
#include "domain/core/message.h"
#include "domain/core/notify.h"

static char dbpath[64];
static int calls;
static char last_phone[32];

static int fake_sms(const outgoing_t *m, void *ctx, char *why, size_t n)
{
	calls++;
	snprintf(last_phone, sizeof last_phone, "%s", m->phone ? m->phone : "");
	if (strstr(m->body_zh, "FAIL")) {
		snprintf(why, n, "gateway refused %s", m->phone); /* a reason that quotes the number */
		return -1;
	}
	return 0;
}

static int add_two(dbc_t *c, void *arg)
{
	if (db_exec(c, "INSERT INTO accounts (id, kind, username, password_hash, display_name, phone, created_at) "
		       "VALUES ('a1', 'person', 'u1', 'x', '张三', '13800138000', 0)") != DB_OK)
		return -1;
	if (message_add(c, "a1", "case_status", "标题", "Title", "正文", "Body", NULL, NULL))
		return -1;
	return message_add(c, "a1", "case_status", "标题", "Title", "FAIL 正文", "Body", NULL, NULL);
}

static void senders_deliver_once(void **state)
{
	char err[256];
	store_t *st = store_open(dbpath, err, sizeof err);
	assert_non_null(st);
	assert_true(store_migrate(st, err, sizeof err) >= 0);
	assert_int_equal(store_write(st, add_two, NULL), 0);

	notify_clear();
	assert_int_equal(notify_job_deliver(st), 0);          /* default: outbox only */
	assert_int_equal(calls, 0);

	sender_t sms = {"sms", fake_sms, NULL};
	assert_true(notify_register(&sms));
	assert_int_equal(notify_job_deliver(st), 1);          /* one sent, one failed */
	assert_int_equal(calls, 2);
	assert_string_equal(last_phone, "13800138000");
	assert_int_equal(notify_job_deliver(st), 0);          /* nothing twice */
	assert_int_equal(calls, 2);

	dbs_t *s = db_prep(store_reader(st), "SELECT COUNT(*) FROM message_deliveries WHERE outcome LIKE 'failed:%'");
	assert_int_equal(db_step(s), DB_ROW);
	assert_int_equal(db_col_int(s, 0), 1);
	db_reset(s);
	/* the outcome is kept, the number in it masked */
	s = db_prep(store_reader(st), "SELECT outcome FROM message_deliveries WHERE outcome LIKE 'failed:%'");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "failed: gateway refused 138****8000");
	db_reset(s);
	notify_clear();
	store_close(st);
}

int main(void)
{
	crypto_setup();
	snprintf(dbpath, sizeof dbpath, "sqlite:/tmp/onestop-notify-%d.db", (int)getpid());
	const struct CMUnitTest tests[] = {cmocka_unit_test(senders_deliver_once)};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char p[80];
		snprintf(p, sizeof p, "%s%s", dbpath + 7, suffixes[i]);
		unlink(p);
	}
	return rc;
}
