/* thread.c — threads started as thread.h says. */
#include "base/thread.h"
#include <signal.h>
#include <stddef.h>

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg, const char *name)
{
	sigset_t all, before;
	sigfillset(&all);
	/* the faults a thread causes itself are its own to take (and a sanitizer's to report) */
	int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP};
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&all, faults[i]);
	pthread_sigmask(SIG_BLOCK, &all, &before); /* the new thread inherits the mask */
	int rc = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	if (rc == 0)
		pthread_setname_np(*t, name);
	return rc;
}
