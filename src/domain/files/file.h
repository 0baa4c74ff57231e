/* file.h — uploaded files (材料文件): what the bytes are, where they live,
 * their rows, and who may read them. The one header other subsystems
 * include: sniff.h (types from bytes) and blob.h (the bytes on disk) come
 * with it.
 *
 * The HTTP layer streams the `file` part of an upload into a file_sink_t
 * (blob.h). file_create then decides the type from the bytes
 * (never from the name or the declared Content-Type), checks the optional
 * material's formats and size, stores the bytes with blob_put — in
 * <files_dir>/<aa>/<sha256> on SQLite, in the database on PostgreSQL; either
 * way the same content is kept once — and writes the file row and its audit
 * entry in one transaction. Each upload has its own row (id, owner, name)
 * even when its bytes are shared. The blob is durable before the row
 * commits, so a row never names missing bytes.
 *
 * Who may read a file: its owner; staff of the department handling a case
 * that uses it, and that case's applicant (case_files, cases); supervisors,
 * read-only. Anyone else is told it does not exist (E_NOT_FOUND). */
#ifndef ONESTOP_FILES_H
#define ONESTOP_FILES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "domain/core/actor.h"
#include "domain/core/errcode.h"
#include "domain/core/ratelimit.h"
#include "base/errs.h"
#include "store/store.h"
#include "domain/files/sniff.h"
#include "domain/files/blob.h"

#define FILE_NAME_MAX_CHARS 200
#define FILE_NAME_BYTES (FILE_NAME_MAX_CHARS * 4 + 1)
#define FILE_RAW_NAME_MAX 1024 /* longer names are refused, not truncated */
#define FILE_KEY_MAX 65	       /* material key / matter code as sent, plus NUL */
#define FILE_ID_LEN 32	       /* hex characters */
#define FILE_OWNER_LEN 40      /* an account id and its NUL, as actor_t's id */

/* The stored name for an upload's filename: the last path component, invalid
 * UTF-8 replaced by '_', control and bidirectional-override characters
 * removed, surrounding blanks trimmed. Empty becomes "file.<ext>". Returns
 * false (out untouched) when longer than FILE_NAME_MAX_CHARS characters. */
bool file_name_sanitise(const char *raw, file_type_t t, char out[FILE_NAME_BYTES]);

/* An upload form as the HTTP layer parsed it. Owned by the HTTP layer. */
typedef struct file_upload {
	file_sink_t *sink;		  /* the first `file` part's bytes; NULL when none came */
	int file_parts;			  /* number of `file` parts */
	char raw_name[FILE_RAW_NAME_MAX]; /* the part's filename as sent */
	bool name_too_long;
	char material[FILE_KEY_MAX]; /* "" when not given */
	char matter[FILE_KEY_MAX];
	bool material_too_long, matter_too_long;
	errs_t errs; /* form problems found while streaming (unknown parts) */
	limit_hit_t limited; /* filled by file_create when it answers E_RATE_LIMITED */
} file_upload_t;

/* Validates an upload and stores it (see the top of this file). Every field
 * problem goes to errs and E_VALIDATION is returned: file required/multiple,
 * empty, file_type, name_too_long; material/matter unknown; the material's
 * formats (file, format) and max_size (file, too_large). On success *out is
 * the new file's JSON (as file_json). */
errcode_t file_create(store_t *st, const char *files_dir, const actor_t *by, file_upload_t *up, errs_t *errs,
		      json_t **out);

typedef struct {
	char id[FILE_ID_LEN + 1];
	char sha256[FILE_SHA256_HEX + 1];
	file_type_t type;
	int64_t size;
	char name[FILE_NAME_BYTES];
	char owner[FILE_OWNER_LEN];
	int64_t created_at;
} file_row_t;

/* The file if `a` may read it; E_NOT_FOUND when it does not exist or `a` may
 * not see it (the two are not told apart). */
errcode_t file_get(dbc_t *c, const actor_t *a, const char *id, file_row_t *out);
/* {"id","sha256","type","size","name","created_at"} */
json_t *file_json(const file_row_t *f);
/* Opens the file's bytes for reading (blob_open: from this node's files
 * directory, filled from the database first where blobs live there, opened
 * with the key file); NULL (logged) when the blob is missing, not the
 * recorded size, or does not open. The caller closes it (blob_reader_close). */
blob_reader_t *file_open_blob(store_t *st, const char *files_dir, const file_row_t *f);

/* What a case needs to check a file offered as a material: its type, size
 * and owning account. No access check is made here: the caller compares
 * owner with its applicant and must not reveal anything of a file that is
 * not theirs. */
typedef struct {
	file_type_t type;
	int64_t size;
	char owner[FILE_OWNER_LEN];
} file_facts_t;
/* E_OK and *out filled; E_NOT_FOUND when no file has that id (malformed ids
 * included); E_INTERNAL on a database error. */
errcode_t file_facts(dbc_t *c, const char *id, file_facts_t *out);

/* Inside a write: removes every upload row of `owner` that no case or 12345 request uses (an
 * account erased). The bytes stay in the content-addressed store (another upload may share
 * them). How many, < 0 on error. */
int64_t file_unattached_delete(dbc_t *c, const char *owner);
/* Background job: uploads never attached to a case, older than their
 * retention (domain/core/retention.h). How many, < 0 on error. */
int file_job_purge_unattached(store_t *st);

#endif
