/* thread.c — threads started as thread.h says. */
#include "base/thread.h"
#include "base/mem.h"
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

struct start {
	void *(*fn)(void *);
	void *arg;
	char name[16];
};

/* The new thread names itself before it runs: nothing of it runs unnamed. */
static void *trampoline(void *p)
{
	struct start s = *(struct start *)p;
	free(p);
	pthread_setname_np(pthread_self(), s.name);
	return s.fn(s.arg);
}

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg, const char *name)
{
	struct start *s = xcalloc(1, sizeof *s);
	s->fn = fn;
	s->arg = arg;
	snprintf(s->name, sizeof s->name, "%s", name);
	sigset_t all, before;
	sigfillset(&all);
	/* the faults a thread causes itself are its own to take (and a sanitizer's to report) */
	int faults[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP};
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&all, faults[i]);
	pthread_sigmask(SIG_BLOCK, &all, &before); /* the new thread inherits the mask */
	int rc = pthread_create(t, NULL, trampoline, s);
	pthread_sigmask(SIG_SETMASK, &before, NULL);
	if (rc != 0)
		free(s);
	return rc;
}
