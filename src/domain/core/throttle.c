/* throttle.c — a fixed-size table of recent failures (see throttle.h). When
 * it is full the oldest entry is forgotten, so memory stays bounded whatever
 * an attacker sends. */
#include "domain/core/throttle.h"
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define SLOTS 4096
#define FREE_FAILURES 3
#define MAX_DELAY_MS (15 * 60 * 1000)
#define FORGET_MS (60 * 60 * 1000)

typedef struct {
	char key[160];
	int fails;
	int64_t last_ms;
	int64_t until_ms;
} slot_t;

static slot_t slots[SLOTS];
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;

static slot_t *find(const char *key, int64_t now, int create)
{
	slot_t *oldest = &slots[0];
	for (int i = 0; i < SLOTS; i++) {
		slot_t *s = &slots[i];
		if (s->key[0] && now - s->last_ms > FORGET_MS)
			s->key[0] = '\0';
		if (s->key[0] && strcmp(s->key, key) == 0)
			return s;
		if (!s->key[0] || s->last_ms < oldest->last_ms)
			oldest = s;
		if (!s->key[0] && create)
			oldest = s;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	snprintf(oldest->key, sizeof oldest->key, "%s", key);
	oldest->last_ms = now;
	return oldest;
}

int64_t throttle_wait_ms(const char *key, int64_t now_ms)
{
	pthread_mutex_lock(&mu);
	slot_t *s = find(key, now_ms, 0);
	int64_t w = s && s->until_ms > now_ms ? s->until_ms - now_ms : 0;
	pthread_mutex_unlock(&mu);
	return w;
}

void throttle_fail(const char *key, int64_t now_ms)
{
	pthread_mutex_lock(&mu);
	slot_t *s = find(key, now_ms, 1);
	s->fails++;
	s->last_ms = now_ms;
	if (s->fails >= FREE_FAILURES) {
		int shift = s->fails - FREE_FAILURES;
		int64_t d = shift > 20 ? MAX_DELAY_MS : (int64_t)1000 << shift;
		s->until_ms = now_ms + (d > MAX_DELAY_MS ? MAX_DELAY_MS : d);
	}
	pthread_mutex_unlock(&mu);
}

void throttle_clear(const char *key)
{
	pthread_mutex_lock(&mu);
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].key[0] && strcmp(slots[i].key, key) == 0)
			slots[i].key[0] = '\0';
	pthread_mutex_unlock(&mu);
}
