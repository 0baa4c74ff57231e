/* fuzz_checkpoint.c — the lines of an audit checkpoint file
 * (domain/core/audit_checkpoint.h), read by `onestop audit-verify
 * --checkpoints FILE`, which an attacker who can write that file controls.
 *
 * The input is one line. Checked, by rules stated apart from the code:
 *   - a line with a NUL byte is never a checkpoint;
 *   - a parsed checkpoint has seq >= 1, at >= 0, a hash of 64 and a public
 *     key of 64 lowercase hex digits and a signature of 128; a refused one
 *     leaves nothing behind (all zero);
 *   - parse -> format -> parse gives the same checkpoint, and formatting
 *     that again the same line;
 *   - audit_checkpoint_signed is true only when the signature verifies,
 *     checked here with libsodium over the documented message, under the
 *     key given; a different key or a changed hash is never signed.
 * The seeds include a line signed with this harness's own key (seed 0x42…),
 * so that the verifying path runs. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/core/audit_checkpoint.h"

#include "check.h"

static bool lower_hex(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* What the checkpoint's signature must cover, as audit_checkpoint.h describes it. */
static bool verifies(const audit_checkpoint_t *cp, const unsigned char pk[crypto_sign_PUBLICKEYBYTES])
{
	char msg[512];
	snprintf(msg, sizeof msg, "onestop audit checkpoint v1\n%lld\n%s\n%lld", (long long)cp->seq, cp->hash,
		 (long long)cp->at);
	unsigned char sig[crypto_sign_BYTES];
	if (sodium_hex2bin(sig, sizeof sig, cp->signature, strlen(cp->signature), NULL, NULL, NULL) != 0)
		return false;
	return crypto_sign_verify_detached(sig, (const unsigned char *)msg, strlen(msg), pk) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	static char pk_hex[AUDIT_PK_HEX], other_hex[AUDIT_PK_HEX];
	if (!pk_hex[0]) {
		unsigned char seed[crypto_sign_SEEDBYTES];
		CHECK(sodium_init() >= 0);
		memset(seed, 0x42, sizeof seed);
		crypto_sign_seed_keypair(pk, sk, seed);
		sodium_bin2hex(pk_hex, sizeof pk_hex, pk, sizeof pk);
		memset(other_hex, '0', AUDIT_PK_HEX - 1);
	}
	const char *line = (const char *)data;
	audit_checkpoint_t cp;
	int rc = audit_checkpoint_parse(line, size, &cp);
	if (rc != 0) {
		static const audit_checkpoint_t zero;
		CHECK(rc == -1);
		CHECK(memcmp(&cp, &zero, sizeof cp) == 0);
		return 0;
	}
	CHECK(!memchr(data, 0, size));
	CHECK(cp.seq >= 1 && cp.at >= 0);
	CHECK(lower_hex(cp.hash, 64) && lower_hex(cp.public_key, 64) && lower_hex(cp.signature, 128));

	char *text = audit_checkpoint_format(&cp);
	CHECK(text);
	audit_checkpoint_t again;
	CHECK(audit_checkpoint_parse(text, strlen(text), &again) == 0);
	CHECK(again.seq == cp.seq && again.at == cp.at && !strcmp(again.hash, cp.hash) &&
	      !strcmp(again.public_key, cp.public_key) && !strcmp(again.signature, cp.signature));
	char *text2 = audit_checkpoint_format(&again);
	CHECK(text2 && !strcmp(text, text2));
	free(text);
	free(text2);

	bool ours = audit_checkpoint_signed(&cp, pk_hex);
	CHECK(ours == (!strcmp(cp.public_key, pk_hex) && verifies(&cp, pk)));
	CHECK(!audit_checkpoint_signed(&cp, other_hex));
	if (ours) {
		cp.hash[0] = cp.hash[0] == '0' ? '1' : '0';
		CHECK(!audit_checkpoint_signed(&cp, pk_hex));
	}
	return 0;
}
