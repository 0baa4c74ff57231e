/* faultvfs.c — in the test build only (onestop-test; the Makefile's
 * TEST_VARIANT_SRC compiles it with ONESTOP_TEST_CLOCK, and in the library it
 * is empty): when ONESTOP_TEST_IO_FAULT names a file, SQLite's writes fail
 * with an I/O error while that file exists (faultvfs.h), so that the API
 * tests can show a node answering I/O errors 503 and recovering from them —
 * a fault no filesystem here can be made to produce. */
#ifdef ONESTOP_TEST_CLOCK
#include "store/sqlite/faultvfs.h"
#include <stdio.h>
#include <stdlib.h>

__attribute__((constructor)) static void faultvfs_from_environment(void)
{
	const char *flag = getenv("ONESTOP_TEST_IO_FAULT");
	if (!flag || !flag[0])
		return;
	faultvfs_flag = flag;
	if (faultvfs_install() != 0)
		fprintf(stderr, "onestop-test: cannot install the I/O fault VFS\n");
}
#else
typedef int faultvfs_not_in_this_build;
#endif
