/* thread.h — the program's own threads: started with every signal blocked,
 * and named.
 *
 * A signal sent to the process goes to any one of its threads that does not
 * block it. `onestop serve` takes SIGTERM and SIGINT in its main thread
 * (sigtimedwait, http/server.c) to finish in-flight requests; a thread started
 * before that, with the signals open, could be the one chosen, and the
 * default action ended the process at once. So every thread of ours starts
 * with all signals blocked, whenever it starts, but the faults it may cause
 * itself (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP); the name shows
 * in top -H and /proc/PID/task/TID/comm. */
#ifndef ONESTOP_BASE_THREAD_H
#define ONESTOP_BASE_THREAD_H

#include <pthread.h>

/* pthread_create with every signal but those faults blocked in the new thread, which is named
 * `name` (at most 15 bytes); its result. */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg, const char *name);

#endif
