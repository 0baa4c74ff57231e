/* test_notify.c — the outbox senders: with none registered nothing is sent;
 * a registered sender gets the messages of accounts that chose its channel,
 * each once; a passing failure is tried again when its time comes (not
 * before), a final one never, and after NOTIFY_ATTEMPTS attempts it stays
 * failed; contact data reaches the sender; a channel that is down is left
 * for the next run after a few failures in a row. */
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
		return strstr(m->body_zh, "FAIL FOR GOOD") ? NOTIFY_GIVE_UP : NOTIFY_RETRY;
	}
	return NOTIFY_SENT;
}

static int add_two(dbc_t *c, void *arg)
{
	if (db_exec(c, "INSERT INTO accounts (id, kind, username, password_hash, display_name, phone, created_at) "
		       "VALUES ('a1', 'person', 'u1', 'x', '张三', '13800138000', 0)") != DB_OK)
		return -1;
	if (db_exec(c, "INSERT INTO notify_channels (account_id, channel, chosen_at) VALUES ('a1', 'sms', 0)")
	    != DB_OK)
		return -1;
	if (message_add(c, "a1", "case_status", "标题", "Title", "正文", "Body", NULL, NULL))
		return -1;
	if (message_add(c, "a1", "case_status", "标题", "Title", "FAIL FOR GOOD 正文", "Body", NULL, NULL))
		return -1;
	return message_add(c, "a1", "case_status", "标题", "Title", "FAIL 正文", "Body", NULL, NULL);
}

static int64_t count(store_t *st, const char *sql)
{
	dbs_t *s = db_prep(store_reader(st), sql);
	assert_int_equal(db_step(s), DB_ROW);
	int64_t n = db_col_int(s, 0);
	db_reset(s);
	return n;
}

static int make_due(dbc_t *c, void *arg)
{
	return db_exec(c, "UPDATE message_deliveries SET next_at = 1 WHERE next_at IS NOT NULL") == DB_OK ? 0 : -1;
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
	assert_int_equal(notify_job_deliver(st), 1);          /* one sent, two failed */
	assert_int_equal(calls, 3);
	assert_string_equal(last_phone, "13800138000");
	assert_int_equal(notify_job_deliver(st), 0);          /* nothing twice, no retry before its time */
	assert_int_equal(calls, 3);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM message_deliveries WHERE outcome LIKE 'failed:%'"), 2);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM message_deliveries WHERE next_at IS NOT NULL"), 1);

	/* when its time comes the passing failure is tried again, the final one never */
	for (int k = 2; k <= NOTIFY_ATTEMPTS; k++) {
		assert_int_equal(store_write(st, make_due, NULL), 0);
		assert_int_equal(notify_job_deliver(st), 0);
		assert_int_equal(calls, 3 + k - 1);
	}
	assert_int_equal(count(st, "SELECT MAX(attempts) FROM message_deliveries"), NOTIFY_ATTEMPTS);
	/* attempts used up: failed for good */
	assert_int_equal(count(st, "SELECT COUNT(*) FROM message_deliveries WHERE next_at IS NOT NULL"), 0);
	assert_int_equal(store_write(st, make_due, NULL), 0);
	assert_int_equal(notify_job_deliver(st), 0);
	assert_int_equal(calls, 2 + NOTIFY_ATTEMPTS);

	/* the outcome is kept, the number in it masked */
	dbs_t *s = db_prep(store_reader(st), "SELECT outcome FROM message_deliveries WHERE outcome LIKE 'failed:%'");
	assert_int_equal(db_step(s), DB_ROW);
	assert_string_equal(db_col_text(s, 0), "failed: gateway refused 138****8000");
	db_reset(s);
	notify_clear();
	store_close(st);
}

static int down_calls;

static int down_email(const outgoing_t *m, void *ctx, char *why, size_t n)
{
	down_calls++;
	snprintf(why, n, "connection refused");
	return NOTIFY_RETRY;
}

static int add_five(dbc_t *c, void *arg)
{
	if (db_exec(c, "INSERT INTO accounts (id, kind, username, password_hash, display_name, email, created_at) "
		       "VALUES ('a2', 'person', 'u2', 'x', '李四', 'li@example.com', 0);"
		       "INSERT INTO notify_channels (account_id, channel, chosen_at) VALUES ('a2', 'email', 0)") != DB_OK)
		return -1;
	for (int i = 0; i < 5; i++)
		if (message_add(c, "a2", "case_status", "标题", "Title", "正文", "Body", NULL, NULL))
			return -1;
	return 0;
}

/* a relay that is down: a run stops trying after NOTIFY_DOWN_AFTER failures in
 * a row and leaves the rest, untouched, to the next run */
static void channel_down_leaves_the_rest(void **state)
{
	char err[256];
	store_t *st = store_open(dbpath, err, sizeof err);
	assert_non_null(st);
	assert_true(store_migrate(st, err, sizeof err) >= 0);
	assert_int_equal(store_write(st, add_five, NULL), 0);
	notify_clear();
	sender_t email = {"email", down_email, NULL};
	assert_true(notify_register(&email));
	assert_int_equal(notify_job_deliver(st), 0);
	assert_int_equal(down_calls, NOTIFY_DOWN_AFTER);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM message_deliveries WHERE channel = 'email'"),
			 NOTIFY_DOWN_AFTER);
	assert_int_equal(notify_job_deliver(st), 0);   /* the rest now; the failed ones wait for their time */
	assert_int_equal(down_calls, 5);
	assert_int_equal(count(st, "SELECT COUNT(*) FROM message_deliveries WHERE channel = 'email'"), 5);
	notify_clear();
	store_close(st);
}

int main(void)
{
	crypto_setup();
	snprintf(dbpath, sizeof dbpath, "sqlite:/tmp/onestop-notify-%d.db", (int)getpid());
	const struct CMUnitTest tests[] = {cmocka_unit_test(senders_deliver_once),
					   cmocka_unit_test(channel_down_leaves_the_rest)};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	static const char *const suffixes[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < 3; i++) {
		char p[80];
		snprintf(p, sizeof p, "%s%s", dbpath + 7, suffixes[i]);
		unlink(p);
	}
	return rc;
}
