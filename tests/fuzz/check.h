/* check.h — CHECK(cond) for the fuzz harnesses: a property that must hold
 * for every input; when it does not, says which and where, and aborts so
 * that libFuzzer (and the corpus replay of `make test`) reports the input. */
#ifndef ONESTOP_FUZZ_CHECK_H
#define ONESTOP_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond)                                                                          \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                             \
		}                                                                            \
	} while (0)

#endif
