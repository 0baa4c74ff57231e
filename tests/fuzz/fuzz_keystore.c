/* fuzz_keystore.c — the key file's text (base/keystore.h, keystore_parse),
 * read at every start from a file an operator writes or copies.
 *
 * The input is the file's content. Checked, by rules stated apart from the
 * code: the text is a key exactly when it is 64 hex digits (either case)
 * followed by nothing or by one newline; then the key is those digits
 * decoded (here, by hand), and writing it back as hex reads as the same key;
 * anything else is refused and leaves the key all zero. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/keystore.h"

#include "check.h"

static int nibble(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char key[KEY_BYTES], want[KEY_BYTES], zero[KEY_BYTES] = {0};
	bool is_key = size == 2 * KEY_BYTES || (size == 2 * KEY_BYTES + 1 && data[size - 1] == '\n');
	for (size_t i = 0; is_key && i < KEY_BYTES; i++) {
		int hi = nibble(data[2 * i]), lo = nibble(data[2 * i + 1]);
		is_key = hi >= 0 && lo >= 0;
		want[i] = (unsigned char)(hi * 16 + lo);
	}
	memset(key, 0xAA, sizeof key);
	int rc = keystore_parse((const char *)data, size, key);
	if (!is_key) {
		CHECK(rc == -1);
		CHECK(memcmp(key, zero, sizeof key) == 0);
		return 0;
	}
	CHECK(rc == 0);
	CHECK(memcmp(key, want, sizeof key) == 0);
	char hex[2 * KEY_BYTES + 1];
	unsigned char again[KEY_BYTES];
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	CHECK(keystore_parse(hex, strlen(hex), again) == 0 && memcmp(again, key, sizeof key) == 0);
	return 0;
}
