/* throttle.c — the delay rule and its rows (see throttle.h). */
#include "domain/core/throttle.h"
#include "domain/core/throttle_store.h"
#include "base/clock.h"

int64_t throttle_delay_ms(int64_t failures)
{
	return throttle_delay_free_ms(failures, THROTTLE_FREE_FAILURES);
}

int64_t throttle_delay_free_ms(int64_t failures, int64_t free)
{
	if (failures < free)
		return 0;
	int64_t shift = failures - free;
	if (shift > 20)
		return THROTTLE_MAX_DELAY_MS;
	int64_t d = (int64_t)1000 << shift;
	return d > THROTTLE_MAX_DELAY_MS ? THROTTLE_MAX_DELAY_MS : d;
}

int64_t throttle_wait_ms(dbc_t *c, const char *key, int64_t now_ms)
{
	int64_t until = throttle_store_until(c, key, now_ms - THROTTLE_FORGET_MS);
	return until > now_ms ? until - now_ms : 0;
}

struct fail_ctx {
	const char *const *keys;
	const int64_t *frees; /* NULL: THROTTLE_FREE_FAILURES each */
	int n;
	int64_t now;
};

static int fail_write(dbc_t *c, void *arg)
{
	struct fail_ctx *x = arg;
	for (int i = 0; i < x->n; i++) {
		int64_t failures = throttle_store_fail(c, x->keys[i], x->now, x->now - THROTTLE_FORGET_MS);
		if (failures < 0)
			return -1;
		int64_t d = throttle_delay_free_ms(failures, x->frees ? x->frees[i] : THROTTLE_FREE_FAILURES);
		if (d > 0 && throttle_store_set_until(c, x->keys[i], x->now + d) != 0)
			return -1;
	}
	return 0;
}

int throttle_fail(store_t *st, const char *const *keys, int n, int64_t now_ms)
{
	struct fail_ctx x = {keys, NULL, n, now_ms};
	return store_write(st, fail_write, &x);
}

int throttle_fail_free(store_t *st, const char *const *keys, const int64_t *frees, int n, int64_t now_ms)
{
	struct fail_ctx x = {keys, frees, n, now_ms};
	return store_write(st, fail_write, &x);
}

int throttle_clear(dbc_t *c, const char *key) { return throttle_store_delete(c, key); }

static int forget_write(dbc_t *c, void *arg)
{
	int64_t n = throttle_store_forget(c, clock_now_ms() - THROTTLE_FORGET_MS);
	if (n < 0)
		return -1;
	*(int64_t *)arg = n;
	return 0;
}

int throttle_job_forget(store_t *st)
{
	int64_t n = 0;
	return store_write(st, forget_write, &n) == 0 ? (int)n : -1;
}
