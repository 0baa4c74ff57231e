/* replay.c — runs a fuzz harness over its corpus as a plain test.
 *
 * Every harness in tests/fuzz/ defines the libFuzzer entry point
 * LLVMFuzzerTestOneInput. `make fuzz` links it with libFuzzer to search for
 * new inputs; `make test` links it with this main() instead, so the corpus
 * the fuzzer found (and the seeds written by hand) run on every build, with
 * gcc and under the sanitizers, and a fixed bug stays fixed.
 *
 *   fuzz_<name> [PATH...]
 *
 * Each PATH is a file or a directory of files (not recursive). Without one
 * the corpus is tests/fuzz/corpus/<name>/, <name> being the program's own
 * name, relative to the current directory (the repository root when run by
 * tests/run.sh). A harness reports a problem by crashing or aborting, so the
 * program exits non-zero on the first bad input, after naming it on stderr;
 * otherwise it prints "fuzz <name>: N inputs ok". An empty or missing corpus
 * is a failure too: a harness that runs nothing tests nothing.
 *
 * Like libFuzzer (-timeout, -rss_limit_mb), an input that runs too long or
 * makes the process too big is a failure, so that a timeout or out-of-memory
 * input the fuzzer found fails here as well: REPLAY_TIMEOUT seconds per input
 * (default 10) and REPLAY_RSS_MB of peak resident memory (default 256; every
 * input of a healthy harness stays far below, sanitizers included). */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional in libFuzzer; a harness may define it to set itself up. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Inputs larger than this are not corpus material; refuse rather than run a
 * different, truncated input. libFuzzer's default -max_len is 4096. */
#define REPLAY_MAX_BYTES (1024 * 1024)

static unsigned timeout_s = 10;
static long rss_limit_mb = 256;
static char current[4096];        /* the input being run, for the timeout message */

static void on_alarm(int sig)
{
	(void)sig;
	/* Only async-signal-safe calls here. */
	static const char a[] = "replay failed: timeout (REPLAY_TIMEOUT) on ";
	ssize_t w = write(2, a, sizeof a - 1);
	w = write(2, current, strlen(current));
	w = write(2, "\n", 1);
	(void)w;
	_exit(1);
}

static long env_long(const char *name, long dflt, long min, long max)
{
	const char *v = getenv(name);
	if (!v || !*v)
		return dflt;
	char *end;
	long x = strtol(v, &end, 10);
	return *end || x < min || x > max ? dflt : x;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads a whole file into a malloc'd buffer of exactly its size (an empty
 * file gives a 1-byte allocation and size 0), so a harness that reads one
 * byte too far meets the end of the allocation under ASan. */
static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay failed: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fileno(f), &st) != 0 || st.st_size < 0 || st.st_size > REPLAY_MAX_BYTES) {
		fprintf(stderr, "replay failed: %s: not a regular file of at most %d bytes\n", path, REPLAY_MAX_BYTES);
		fclose(f);
		return NULL;
	}
	size_t n = (size_t)st.st_size;
	uint8_t *buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != n) {
		fprintf(stderr, "replay failed: cannot read %s\n", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = n;
	return buf;
}

static long ran, over;             /* inputs run; inputs that went over a limit */
static long peak_kb;              /* the process's peak RSS before the current input */

/* Runs one input; -1 when it cannot be read. An input that raises the
 * process's peak RSS over the limit is counted in `over` and the run goes
 * on (the peak only grows, so only the input that raised it is blamed). */
static int run_one(const char *path)
{
	size_t n = 0;
	uint8_t *buf = read_file(path, &n);
	if (!buf)
		return -1;
	/* Named before the call, so a crash report says which input it was. */
	fprintf(stderr, "replay: %s\n", path);
	snprintf(current, sizeof current, "%s", path);
	alarm(timeout_s);
	LLVMFuzzerTestOneInput(buf, n);
	alarm(0);
	free(buf);
	ran++;
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0 && ru.ru_maxrss > peak_kb) {
		peak_kb = ru.ru_maxrss;
		if (peak_kb / 1024 > rss_limit_mb) {
			fprintf(stderr, "replay failed: %s: peak RSS %ld MB, over the limit of %ld MB (REPLAY_RSS_MB)\n",
				path, peak_kb / 1024, rss_limit_mb);
			over++;
		}
	}
	return 0;
}

/* Runs every regular file of dir in name order; -1 on an I/O error. */
static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "replay failed: cannot open %s: %s\n", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **v = realloc(names, cap * sizeof *v);
			if (!v)
				goto out;
			names = v;
		}
		size_t len = strlen(dir) + 1 + strlen(e->d_name) + 1;
		if (!(names[n] = malloc(len)))
			goto out;
		snprintf(names[n], len, "%s/%s", dir, e->d_name);
		n++;
	}
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(names[i], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (run_one(names[i]) != 0)
			goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

static int run_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay failed: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return S_ISDIR(st.st_mode) ? run_dir(path) : run_one(path);
}

int main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');
	name = name ? name + 1 : argv[0];
	timeout_s = (unsigned)env_long("REPLAY_TIMEOUT", 10, 1, 86400);
	rss_limit_mb = env_long("REPLAY_RSS_MB", 256, 16, 1L << 20);
	signal(SIGALRM, on_alarm);
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		peak_kb = ru.ru_maxrss;

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (run_path(argv[i]) != 0)
				return 1;
	} else {
		char dir[4096];
		int w = snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", name);
		if (w < 0 || (size_t)w >= sizeof dir || run_path(dir) != 0)
			return 1;
	}
	if (ran == 0) {
		fprintf(stderr, "replay failed: fuzz %s: no inputs\n", name);
		return 1;
	}
	if (over) {
		printf("fuzz %s: %ld inputs, %ld over the limits\n", name, ran, over);
		return 1;
	}
	printf("fuzz %s: %ld inputs ok\n", name, ran);
	return 0;
}
