/* writer.c — the group-commit writer (see writer.h). */
#include "store/writer.h"
#include "base/thread.h"
#include "base/log.h"
#include "base/mem.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define BATCH_MAX 512
#define BUSY_RETRIES 8
#define WRITE_RETRIES 5   /* a write that met a deadlock or serialization failure */

typedef struct job {
	store_fn fn;
	void *ctx;
	int result;
	store_fault_t fault;   /* why it failed, if a storage fault */
	bool done;
	pthread_cond_t done_cv; /* its submitter waits on it alone: a commit wakes only its own writes */
	struct job *next;
} job_t;

struct writer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work_cv;
	job_t *head, *tail;
	bool stopping;
	dbc_t *conn;
};

static _Atomic uint64_t n_commits, n_writes, n_queued;
uint64_t writer_commits(void) { return atomic_load(&n_commits); }
uint64_t writer_queued(void) { return atomic_load(&n_queued); }
uint64_t writer_writes(void) { return atomic_load(&n_writes); }

static void nap(int attempt)
{
	struct timespec ts = {0, (long)(1000000L << (attempt < 6 ? attempt : 6))};
	nanosleep(&ts, NULL);
}

/* Every transaction step of the writer, with the additions kept until the commit (defer.c)
 * following it: written just before COMMIT, a failure to write them failing the commit. */
static int tx(dbc_t *c, tx_op_t op)
{
	if (op == TX_COMMIT && store_defer_flush(c) != 0)
		return DB_ERR;
	store_defer_tx(c, op);
	return c->drv->tx(c, op);
}

/* BEGIN and COMMIT may find the database busy (another process): retry with back-off. */
static int tx_retry(dbc_t *c, tx_op_t op)
{
	int rc = DB_BUSY;
	for (int i = 0; i < BUSY_RETRIES && rc == DB_BUSY; i++) {
		rc = tx(c, op);
		if (rc == DB_BUSY)
			nap(i);
	}
	return rc;
}

/* Runs a job's callback in its own transaction, again (with back-off) while
 * it fails only because the engine asked for it (c->retry: a deadlock or a
 * serialization failure, which aborted the transaction). */
static int apply_alone(dbc_t *c, job_t *j)
{
	for (int attempt = 0;; attempt++) {
		c->retry = false;
		int r = j->fn(c, j->ctx);
		/* its kept additions written in its own retries, before its commit */
		if (r == 0 && store_defer_flush(c) != 0)
			r = -1;
		if (r >= 0 || !c->retry || attempt == WRITE_RETRIES)
			return r;
		tx(c, TX_ROLLBACK);
		nap(attempt);
		if (tx_retry(c, TX_BEGIN) != DB_OK)
			return r;
	}
}

/* A commit: the storage takes writes again. */
static void committed(dbc_t *c)
{
	atomic_fetch_add(&n_commits, 1);
	store_note_fault(c->store, STORE_FAULT_NONE);
}

/* Runs one job alone in its own transaction: the fallback after a failed
 * batch. Sets j->result, and j->fault when a storage fault made it fail. */
static void run_alone(dbc_t *c, job_t *j)
{
	c->fault = STORE_FAULT_NONE;
	j->fault = STORE_FAULT_NONE;
	int r = STORE_FAILED;
	if (tx_retry(c, TX_BEGIN) != DB_OK)
		goto out;
	r = apply_alone(c, j);
	if (r != 0) {
		tx(c, TX_ROLLBACK);
		r = r < 0 ? STORE_FAILED : r;
		goto out;
	}
	if (tx_retry(c, TX_COMMIT) != DB_OK) {
		tx(c, TX_ROLLBACK);
		r = STORE_FAILED;
		goto out;
	}
	committed(c);
out:
	j->result = r;
	if (r == STORE_FAILED)
		j->fault = c->fault;
}

static void run_each_alone(dbc_t *c, job_t *batch)
{
	for (job_t *j = batch; j; j = j->next)
		run_alone(c, j);
}

static void run_batch(dbc_t *c, job_t *batch)
{
	c->fault = STORE_FAULT_NONE;
	if (tx_retry(c, TX_BEGIN) != DB_OK) {
		for (job_t *j = batch; j; j = j->next) {
			j->result = STORE_FAILED;
			j->fault = c->fault;
		}
		return;
	}
	if (!batch->next) {
		/* a batch of one needs no savepoint: its transaction is its own */
		int r = apply_alone(c, batch);
		batch->result = r < 0 ? STORE_FAILED : r;
		if (r != 0) {
			batch->fault = r < 0 ? c->fault : STORE_FAULT_NONE;
			tx(c, TX_ROLLBACK);
			return;
		}
	} else {
		for (job_t *j = batch; j; j = j->next) {
			tx(c, TX_SAVEPOINT);
			c->retry = false;
			int r = j->fn(c, j->ctx);
			if (r < 0 && c->retry) {
				/* another process holds what this batch needs while it waits
				 * for what the batch holds: give everything back and run each
				 * write alone, each retried as long as the engine asks */
				tx(c, TX_ROLLBACK);
				run_each_alone(c, batch);
				return;
			}
			if (c->fault) {
				/* the disk is full or failing: the engine may have rolled
				 * back the whole transaction, the writes before this one
				 * with it, so none of them may be reported as kept; each
				 * is tried once more alone and answered for itself */
				log_error("a write failed (%s); the batch is rolled back, "
					  "each write tried alone",
					  store_fault_name(c->fault));
				tx(c, TX_ROLLBACK);
				run_each_alone(c, batch);
				return;
			}
			if (r != 0)
				tx(c, TX_ROLLBACK_TO);
			tx(c, TX_RELEASE);
			j->result = r < 0 ? STORE_FAILED : r;
		}
	}
	if (tx_retry(c, TX_COMMIT) == DB_OK) {
		committed(c);
		return;
	}
	log_error("batch commit failed (%s); retrying each write alone", db_errmsg(c));
	tx(c, TX_ROLLBACK);
	run_each_alone(c, batch);
}

static void *writer_main(void *arg)
{
	writer_t *w = arg;
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
		atomic_fetch_sub(&n_queued, (uint64_t)n);
		pthread_mutex_unlock(&w->mu);

		run_batch(w->conn, batch);
		atomic_fetch_add(&n_writes, (uint64_t)n);

		/* each job is on its submitter's stack: it is signalled under the lock, and its
		 * `next` read before, so that a submitter woken cannot free what is still read */
		pthread_mutex_lock(&w->mu);
		for (job_t *j = batch, *next; j; j = next) {
			next = j->next;
			j->done = true;
			pthread_cond_signal(&j->done_cv);
		}
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

writer_t *writer_start(dbc_t *conn)
{
	writer_t *w = xcalloc(1, sizeof *w);
	w->conn = conn;
	store_defer_enable(conn);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->work_cv, NULL);
	if (thread_start(&w->thread, writer_main, w, "onestop-writer") != 0) {
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->work_cv);
		free(w);
		return NULL;
	}
	return w;
}

void writer_stop(writer_t *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->stopping = true;
	pthread_cond_signal(&w->work_cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	store_defer_free(w->conn);
	store_disconnect(w->conn);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->work_cv);
	free(w);
}

int writer_submit(writer_t *w, store_fn fn, void *ctx, store_fault_t *fault)
{
	*fault = STORE_FAULT_NONE;
	job_t j = {.fn = fn, .ctx = ctx};
	pthread_cond_init(&j.done_cv, NULL);
	pthread_mutex_lock(&w->mu);
	if (w->stopping) {
		pthread_mutex_unlock(&w->mu);
		pthread_cond_destroy(&j.done_cv);
		return STORE_FAILED;
	}
	if (w->tail)
		w->tail->next = &j;
	else
		w->head = &j;
	w->tail = &j;
	atomic_fetch_add(&n_queued, 1);
	pthread_cond_signal(&w->work_cv);
	while (!j.done)
		pthread_cond_wait(&j.done_cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
	pthread_cond_destroy(&j.done_cv);
	*fault = j.fault;
	return j.result;
}
