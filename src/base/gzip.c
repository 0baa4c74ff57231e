/* gzip.c — see gzip.h. */
#include "base/gzip.h"
#include "base/mem.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* Each thread keeps one deflate stream and resets it for the next body:
 * setting up a stream allocates and clears ~256 KiB, and giving that back and
 * taking it again (the heap returns it to the system) costs more than
 * compressing a JSON answer of a few KiB at a fast level (measured: ~500 us
 * against 15-30 us). The stream is freed when its thread ends. */
static pthread_key_t stream_key;
static pthread_once_t stream_once = PTHREAD_ONCE_INIT;

static void stream_free(void *p)
{
	deflateEnd(p);
	free(p);
}

static void stream_key_make(void) { pthread_key_create(&stream_key, stream_free); }

static z_stream *thread_stream(void)
{
	pthread_once(&stream_once, stream_key_make);
	z_stream *s = pthread_getspecific(stream_key);
	if (s)
		return s;
	s = xcalloc(1, sizeof *s);
	/* 15 + 16: the whole window, written with a gzip header and trailer */
	if (deflateInit2(s, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(s);
		return NULL;
	}
	pthread_setspecific(stream_key, s);
	return s;
}

unsigned char *gzip_encode(const void *data, size_t len, int level, size_t *out_len)
{
	*out_len = 0;
	z_stream *s = len <= 0x7fffffffu ? thread_stream() : NULL;
	/* a level is set before any input (after a reset nothing is pending to flush) */
	if (!s || deflateReset(s) != Z_OK || deflateParams(s, level, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	uLong cap = deflateBound(s, (uLong)len);
	unsigned char *out = xmalloc(cap);
	s->next_in = (Bytef *)data;
	s->avail_in = (uInt)len;
	s->next_out = out;
	s->avail_out = (uInt)cap;
	int rc = deflate(s, Z_FINISH);
	size_t n = s->total_out;
	s->next_in = s->next_out = NULL;
	if (rc != Z_STREAM_END) {
		free(out);
		return NULL;
	}
	*out_len = n;
	return out;
}

/* q = 0, 0.5, 1 and the like; anything else (q=abc, q=2) is no weight at all. */
static double parse_q(const char *p, size_t n)
{
	char buf[16];
	if (n == 0 || n >= sizeof buf)
		return 0;
	memcpy(buf, p, n);
	buf[n] = '\0';
	char *end;
	double q = strtod(buf, &end);
	end += strspn(end, " \t");
	return *end || q < 0 || q > 1 ? 0 : q;
}

double coding_q(const char *ae, const char *coding)
{
	double own = -1, any = -1;
	size_t clen = strlen(coding);
	for (const char *p = ae; p && *p;) {
		p += strspn(p, " \t,");
		size_t n = strcspn(p, ",");           /* this entry: coding [; q=x] */
		size_t tok = strcspn(p, ";, \t");
		double q = 1;
		for (const char *semi = memchr(p, ';', n); semi;) {
			const char *par = semi + 1 + strspn(semi + 1, " \t");
			const char *next = memchr(par, ';', (size_t)(p + n - par));
			size_t plen = (size_t)((next ? next : p + n) - par);
			if (plen >= 2 && (par[0] == 'q' || par[0] == 'Q') && par[1] == '=')
				q = parse_q(par + 2, plen - 2);
			semi = next;
		}
		if (tok == clen && strncasecmp(p, coding, tok) == 0)
			own = q;
		else if (tok == 1 && *p == '*')
			any = q;
		p += n;
	}
	return own >= 0 ? own : any >= 0 ? any : 0;
}
