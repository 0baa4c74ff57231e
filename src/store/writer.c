/* writer.c — the group-commit writer (see writer.h). */
#include "store/writer.h"
#include "store/db_internal.h"
#include "base/log.h"
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define BATCH_MAX 512
#define BUSY_RETRIES 8

typedef struct job {
	write_fn fn;
	void *ctx;
	int result;
	bool done;
	struct job *next;
} job_t;

struct writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work_cv, done_cv;
	job_t *head, *tail;
	bool stopping;
	dbc_t *conn;
};

static _Atomic uint64_t n_commits, n_writes;
uint64_t writer_commits(void) { return atomic_load(&n_commits); }
uint64_t writer_writes(void) { return atomic_load(&n_writes); }

static void nap(int attempt)
{
	struct timespec ts = {0, (long)(1000000L << (attempt < 6 ? attempt : 6))};
	nanosleep(&ts, NULL);
}

static int with_busy_retry(dbc_t *c, int (*op)(dbc_t *))
{
	int rc = DB_BUSY;
	for (int i = 0; i < BUSY_RETRIES && rc == DB_BUSY; i++) {
		rc = op(c);
		if (rc == DB_BUSY)
			nap(i);
	}
	return rc;
}

/* Runs one job alone in its own transaction: the fallback after a failed batch commit. */
static int run_alone(dbc_t *c, job_t *j)
{
	if (with_busy_retry(c, db_begin) != DB_OK)
		return WRITE_FAILED;
	int r = j->fn(c, j->ctx);
	if (r != 0) {
		db_rollback(c);
		return r < 0 ? WRITE_FAILED : r;
	}
	if (with_busy_retry(c, db_commit) != DB_OK) {
		db_rollback(c);
		return WRITE_FAILED;
	}
	atomic_fetch_add(&n_commits, 1);
	return 0;
}

/* Runs one statement of the batch protocol, prepared once and cached. */
static int step_once(dbc_t *c, const char *sql)
{
	dbs_t *s = db_prep(c, sql);
	if (!s)
		return DB_ERR;
	int rc = db_step(s);
	db_reset(s);
	return rc == DB_DONE ? DB_OK : rc;
}

static void run_batch(dbc_t *c, job_t *batch)
{
	if (with_busy_retry(c, db_begin) != DB_OK) {
		for (job_t *j = batch; j; j = j->next)
			j->result = WRITE_FAILED;
		return;
	}
	if (!batch->next) {
		/* a batch of one needs no savepoint: its transaction is its own */
		int r = batch->fn(c, batch->ctx);
		batch->result = r < 0 ? WRITE_FAILED : r;
		if (r != 0) {
			db_rollback(c);
			return;
		}
	} else {
		for (job_t *j = batch; j; j = j->next) {
			step_once(c, "SAVEPOINT w");
			int r = j->fn(c, j->ctx);
			if (r != 0)
				step_once(c, "ROLLBACK TO w");
			step_once(c, "RELEASE w");
			j->result = r < 0 ? WRITE_FAILED : r;
		}
	}
	if (with_busy_retry(c, db_commit) == DB_OK) {
		atomic_fetch_add(&n_commits, 1);
		return;
	}
	log_error("batch commit failed (%s); retrying each write alone", db_errmsg(c));
	db_rollback(c);
	for (job_t *j = batch; j; j = j->next)
		j->result = run_alone(c, j);
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->work_cv, &w->mu);
		if (!w->head && w->stopping)
			break;
		job_t *batch = w->head, *last = batch;
		int n = 1;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&w->mu);

		run_batch(w->conn, batch);
		atomic_fetch_add(&n_writes, (uint64_t)n);

		pthread_mutex_lock(&w->mu);
		for (job_t *j = batch; j; j = j->next)
			j->done = true;
		pthread_cond_broadcast(&w->done_cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int writer_start(store_t *s)
{
	if (s->writer)
		return 0;
	struct writer *w = calloc(1, sizeof *w);
	if (!w)
		abort();
	w->conn = store_connect(s);
	if (!w->conn) {
		free(w);
		return -1;
	}
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work_cv, NULL);
	pthread_cond_init(&w->done_cv, NULL);
	if (pthread_create(&w->thread, NULL, writer_main, w) != 0) {
		dbc_close(w->conn);
		free(w);
		return -1;
	}
	s->writer = w;
	return 0;
}

void writer_stop(store_t *s)
{
	struct writer *w = s->writer;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_signal(&w->work_cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	dbc_close(w->conn);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work_cv);
	pthread_cond_destroy(&w->done_cv);
	free(w);
	s->writer = NULL;
}

int store_write(store_t *s, write_fn fn, void *ctx)
{
	struct writer *w = s->writer;
	if (!w)
		return WRITE_FAILED;
	job_t j = {.fn = fn, .ctx = ctx};
	pthread_mutex_lock(&w->mu);
	if (w->stopping) {
		pthread_mutex_unlock(&w->mu);
		return WRITE_FAILED;
	}
	if (w->tail)
		w->tail->next = &j;
	else
		w->head = &j;
	w->tail = &j;
	pthread_cond_signal(&w->work_cv);
	while (!j.done)
		pthread_cond_wait(&w->done_cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
	return j.result;
}
