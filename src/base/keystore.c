/* keystore.c — see keystore.h. */
#include "base/keystore.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned char master[KEY_BYTES];
static bool loaded;

void keystore_set(const unsigned char key[KEY_BYTES])
{
	memcpy(master, key, KEY_BYTES);
	loaded = true;
}

void keystore_unload(void)
{
	sodium_memzero(master, sizeof master);
	loaded = false;
}

bool keystore_loaded(void) { return loaded; }

void keystore_derive(key_use_t use, unsigned char out[KEY_BYTES])
{
	if (!loaded) {
		memset(out, 0, KEY_BYTES);
		return;
	}
	crypto_kdf_derive_from_key(out, KEY_BYTES, (uint64_t)use, "onestop_", master);
}

int keystore_parse(const char *text, size_t n, unsigned char key[KEY_BYTES])
{
	if (n == KEY_BYTES * 2 + 1 && text[n - 1] == '\n')
		n--;
	size_t len = 0;
	const char *end = NULL;
	if (n != KEY_BYTES * 2 || sodium_hex2bin(key, KEY_BYTES, text, n, NULL, &len, &end) != 0 ||
	    len != KEY_BYTES || end != text + n) {
		sodium_memzero(key, KEY_BYTES);
		return -1;
	}
	return 0;
}

/* A new random key at path, written whole before anyone can see the name. */
static int create(const char *path, char *err, size_t errlen)
{
	char tmp[1100];
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create the key file %s: %s", path, strerror(errno));
		return -1;
	}
	unsigned char key[KEY_BYTES];
	char hex[KEY_BYTES * 2 + 2];
	randombytes_buf(key, sizeof key);
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	sodium_memzero(key, sizeof key);
	size_t n = strlen(hex);
	hex[n++] = '\n';
	bool ok = fchmod(fd, 0600) == 0 && write(fd, hex, n) == (ssize_t)n && fsync(fd) == 0;
	sodium_memzero(hex, sizeof hex);
	close(fd);
	/* link() fails if another process created the key meanwhile: then its key is the one */
	if (!ok || (link(tmp, path) != 0 && errno != EEXIST)) {
		snprintf(err, errlen, "cannot create the key file %s: %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	unlink(tmp);
	return 0;
}

int keystore_open(const char *path, bool create_missing, char *err, size_t errlen)
{
	if (create_missing && access(path, F_OK) != 0 && create(path, err, errlen) != 0)
		return -1;
	int fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(err, errlen, "cannot read the key file %s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	char hex[KEY_BYTES * 2 + 8];
	ssize_t n = fstat(fd, &st) == 0 ? read(fd, hex, sizeof hex - 1) : -1;
	close(fd);
	if (n < 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot read the key file %s", path);
		return -1;
	}
	if (st.st_mode & 077) {
		snprintf(err, errlen, "the key file %s may be read by others (mode %03o): chmod 600 it", path,
			 (unsigned)(st.st_mode & 0777));
		return -1;
	}
	unsigned char key[KEY_BYTES];
	/* a full buffer means a longer file than a key and its newline */
	if (n == (ssize_t)sizeof hex - 1 || keystore_parse(hex, (size_t)n, key) != 0) {
		sodium_memzero(hex, sizeof hex);
		snprintf(err, errlen, "the key file %s does not hold a key (64 hex characters)", path);
		return -1;
	}
	sodium_memzero(hex, sizeof hex);
	keystore_set(key);
	sodium_memzero(key, sizeof key);
	return 0;
}
