/* audit_checkpoint.c — see audit_checkpoint.h. */
#include "domain/core/audit_checkpoint.h"
#include "domain/core/audit_store.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/keystore.h"
#include "base/log.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char file_path[1024];

void audit_checkpoint_file(const char *path)
{
	snprintf(file_path, sizeof file_path, "%s", path ? path : "");
}

/* The signed text: a fixed prefix (no other signature of the platform's key
 * can be mistaken for it), then seq, hash and time, one per line. */
static void message(int64_t seq, const char *hash, int64_t at, char *out, size_t n)
{
	snprintf(out, n, "onestop audit checkpoint v1\n%lld\n%s\n%lld", (long long)seq, hash, (long long)at);
}

static void keypair(unsigned char pk[crypto_sign_PUBLICKEYBYTES],
		    unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
	unsigned char seed[KEY_BYTES];
	keystore_derive(KEY_AUDIT_SIGN, seed);
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof seed);
}

void audit_checkpoint_public_key(char out[AUDIT_PK_HEX])
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	keypair(pk, sk);
	sodium_memzero(sk, sizeof sk);
	sodium_bin2hex(out, AUDIT_PK_HEX, pk, sizeof pk);
}

static json_t *as_json(int64_t seq, const char *hash, int64_t at, const char *pk, const char *sig)
{
	return json_pack("{sI ss sI ss ss}", "seq", (json_int_t)seq, "hash", hash, "at", (json_int_t)at,
			 "public_key", pk, "signature", sig);
}

static json_t *as_json_ours(int64_t seq, const char *hash, int64_t at, const char *sig)
{
	char pk[AUDIT_PK_HEX];
	audit_checkpoint_public_key(pk);
	return as_json(seq, hash, at, pk, sig);
}

struct sign_ctx {
	int64_t seq, at;
	char hash[HASH_HEX_LEN];
	char sig[AUDIT_SIG_HEX];
	bool wrote;
};

static int sign_write(dbc_t *c, void *arg)
{
	struct sign_ctx *x = arg;
	x->wrote = false;
	int64_t last = 0;
	if (audit_store_head_hash(c, &x->seq, x->hash, sizeof x->hash) != 0 ||
	    audit_store_last_checkpoint(c, &last) != 0)
		return -1;
	if (x->seq == 0 || x->seq <= last)
		return 0;
	x->at = clock_now_ms();
	char msg[256];
	message(x->seq, x->hash, x->at, msg, sizeof msg);
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
	keypair(pk, sk);
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, strlen(msg), sk);
	sodium_memzero(sk, sizeof sk);
	sodium_bin2hex(x->sig, sizeof x->sig, sig, sizeof sig);
	if (audit_store_checkpoint_insert(c, x->seq, x->hash, x->at, x->sig) != 0)
		return -1;
	x->wrote = true;
	return 0;
}

/* One line, appended and synced. */
static void append_line(const json_t *j)
{
	if (!file_path[0])
		return;
	char *line = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int fd = open(file_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
	bool ok = line && fd >= 0;
	if (ok) {
		size_t n = strlen(line);
		line[n] = '\n'; /* json_dumps leaves room for the NUL we overwrite */
		ok = write(fd, line, n + 1) == (ssize_t)(n + 1) && fsync(fd) == 0;
	}
	if (!ok)
		log_error("audit: cannot append the checkpoint to %s: %s", file_path, strerror(errno));
	if (fd >= 0)
		close(fd);
	free(line);
}

int audit_checkpoint_job(store_t *st)
{
	if (!keystore_loaded())
		return 0;
	struct sign_ctx x = {0};
	if (store_write(st, sign_write, &x) != 0)
		return -1;
	if (!x.wrote)
		return 0;
	json_t *j = as_json_ours(x.seq, x.hash, x.at, x.sig);
	append_line(j);
	json_decref(j);
	return 1;
}

json_t *audit_checkpoint_latest(dbc_t *c)
{
	int64_t seq = 0, at = 0;
	char hash[HASH_HEX_LEN], sig[AUDIT_SIG_HEX];
	if (audit_store_checkpoint_latest(c, &seq, hash, sizeof hash, &at, sig, sizeof sig) != 0)
		return NULL;
	return as_json_ours(seq, hash, at, sig);
}

/* Copies a JSON string of exactly `len` lowercase hex digits into out. */
static bool hex_field(const json_t *j, const char *name, size_t len, char *out)
{
	const char *v = json_string_value(json_object_get(j, name));
	if (!v || json_string_length(json_object_get(j, name)) != len)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
			return false;
	memcpy(out, v, len + 1);
	return true;
}

int audit_checkpoint_parse(const char *line, size_t n, audit_checkpoint_t *cp)
{
	memset(cp, 0, sizeof *cp);
	if (n && line[n - 1] == '\n')
		n--;
	if (memchr(line, '\0', n))
		return -1;
	json_t *j = json_loadb(line, n, JSON_REJECT_DUPLICATES, NULL);
	json_t *seq = json_object_get(j, "seq"), *at = json_object_get(j, "at");
	bool ok = json_is_object(j) && json_object_size(j) == 5 && json_is_integer(seq) &&
		  json_integer_value(seq) >= 1 && json_is_integer(at) && json_integer_value(at) >= 0 &&
		  hex_field(j, "hash", HASH_HEX_LEN - 1, cp->hash) &&
		  hex_field(j, "public_key", AUDIT_PK_HEX - 1, cp->public_key) &&
		  hex_field(j, "signature", AUDIT_SIG_HEX - 1, cp->signature);
	if (ok) {
		cp->seq = json_integer_value(seq);
		cp->at = json_integer_value(at);
	} else {
		memset(cp, 0, sizeof *cp);
	}
	json_decref(j);
	return ok ? 0 : -1;
}

char *audit_checkpoint_format(const audit_checkpoint_t *cp)
{
	json_t *j = as_json(cp->seq, cp->hash, cp->at, cp->public_key, cp->signature);
	char *line = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	return line;
}

bool audit_checkpoint_signed(const audit_checkpoint_t *cp, const char *pk_hex)
{
	char msg[256];
	message(cp->seq, cp->hash, cp->at, msg, sizeof msg);
	unsigned char s[crypto_sign_BYTES], k[crypto_sign_PUBLICKEYBYTES];
	size_t sl = 0, kl = 0;
	const char *sig = cp->signature, *pk = cp->public_key;
	if (strcmp(pk, pk_hex) != 0 || sodium_hex2bin(s, sizeof s, sig, strlen(sig), NULL, &sl, NULL) != 0 ||
	    sodium_hex2bin(k, sizeof k, pk, strlen(pk), NULL, &kl, NULL) != 0 || sl != sizeof s ||
	    kl != sizeof k || crypto_sign_verify_detached(s, (const unsigned char *)msg, strlen(msg), k) != 0)
		return false;
	return true;
}

/* 0 when the line's checkpoint holds, its seq when it does not (why says what), -1 when unreadable. */
static int64_t check_line(dbc_t *c, const char *line, size_t n, const char *pk_hex, char *why, size_t whylen)
{
	audit_checkpoint_t cp;
	if (audit_checkpoint_parse(line, n, &cp) != 0) {
		snprintf(why, whylen, "a line of the checkpoint file is not a checkpoint");
		return -1;
	}
	int64_t seq = cp.seq, bad = 0;
	char stored[HASH_HEX_LEN] = "";
	if (!audit_checkpoint_signed(&cp, pk_hex)) {
		snprintf(why, whylen, "the checkpoint of entry %lld is not signed by this platform's key",
			 (long long)seq);
		bad = seq;
	} else if (audit_store_entry_hash(c, seq, stored, sizeof stored) != 0) {
		snprintf(why, whylen,
			 "entry %lld is missing: a checkpoint signed it, the log no longer has it",
			 (long long)seq);
		bad = seq;
	} else if (strcmp(stored, cp.hash) != 0) {
		snprintf(why, whylen, "entry %lld was rewritten: its hash is not the one a checkpoint signed",
			 (long long)seq);
		bad = seq;
	}
	return bad;
}

int64_t audit_checkpoint_verify(dbc_t *c, const char *path, int64_t *count, char *why, size_t whylen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(why, whylen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	char pk[AUDIT_PK_HEX];
	audit_checkpoint_public_key(pk);
	char *line = NULL;
	size_t cap = 0;
	int64_t bad = 0;
	*count = 0;
	ssize_t len;
	while (bad == 0 && (len = getline(&line, &cap, f)) > 0) {
		if (line[0] == '\n')
			continue;
		bad = check_line(c, line, (size_t)len, pk, why, whylen);
		if (bad == 0)
			(*count)++;
	}
	free(line);
	fclose(f);
	return bad;
}
