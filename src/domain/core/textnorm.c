/* textnorm.c — see textnorm.h. OpenCC's converter is opened once; calls are
 * serialised because the library does not promise thread safety. */
#include "domain/core/textnorm.h"
#include "base/log.h"
#include "base/mem.h"
#include <opencc/opencc.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static opencc_t cc = (opencc_t)-1;
static int tried;

static char *fold(const char *s)
{
	size_t n = strlen(s);
	char *out = xmalloc(n + 1);
	size_t j = 0;
	bool space = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		/* full-width ASCII U+FF01..U+FF5E is EF BC 81..EF BD 9E */
		if (c == 0xEF && i + 2 < n &&
		    ((unsigned char)s[i + 1] == 0xBC || (unsigned char)s[i + 1] == 0xBD)) {
			unsigned cp = 0xFF00 + (((unsigned char)s[i + 1] & 0x03) << 6) +
				((unsigned char)s[i + 2] & 0x3F);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				c = (unsigned char)(cp - 0xFF01 + 0x21);
				i += 3;
				goto ascii;
			}
		}
		/* ideographic space U+3000 = E3 80 80 */
		if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    (unsigned char)s[i + 2] == 0x80) {
			c = ' ';
			i += 3;
			goto ascii;
		}
		if (c >= 0x80) {
			out[j++] = (char)c;
			i++;
			space = false;
			continue;
		}
		i++;
	ascii:
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			if (!space && j > 0)
				out[j++] = ' ';
			space = true;
			continue;
		}
		space = false;
		out[j++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	while (j > 0 && out[j - 1] == ' ')
		j--;
	out[j] = '\0';
	return out;
}

char *textnorm(const char *s)
{
	char *simplified = NULL;
	pthread_mutex_lock(&mu);
	if (!tried) {
		tried = 1;
		cc = opencc_open("t2s.json");
		if (cc == (opencc_t)-1)
			log_error("OpenCC t2s.json is not available: %s", opencc_error());
	}
	if (cc != (opencc_t)-1)
		simplified = opencc_convert_utf8(cc, s, strlen(s));
	pthread_mutex_unlock(&mu);
	char *out = fold(simplified ? simplified : s);
	if (simplified)
		opencc_convert_utf8_free(simplified);
	return out;
}
