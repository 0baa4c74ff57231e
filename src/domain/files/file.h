/* files.h — uploaded files (材料文件): what the bytes are, where they live,
 * their rows, and who may read them.
 *
 * The HTTP layer streams the `file` part of an upload into a file_sink_t: a
 * temporary file under <files_dir>/tmp, hashed with SHA-256 as the bytes
 * arrive, with the first FILE_HEAD_BYTES kept in memory for sniffing; the
 * body is never held whole. file_create then decides the type from the bytes
 * (never from the name or the declared Content-Type), checks the optional
 * material's formats and size, moves the temporary file to
 * <files_dir>/<aa>/<sha256> — unless those bytes are stored already: the
 * same content is kept once — and writes the file row and its audit entry in
 * one transaction. Each upload has its own row (id, owner, name) even when
 * its bytes are shared. The blob is durable (fsync) before the row commits,
 * so a row never names missing bytes.
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
#include "base/errs.h"
#include "store/store.h"

#define FILE_HEAD_BYTES (64 * 1024)  /* kept for sniffing; also the tail read back for OFD */
#define FILE_NAME_MAX_CHARS 200
#define FILE_NAME_BYTES (FILE_NAME_MAX_CHARS * 4 + 1)
#define FILE_RAW_NAME_MAX 1024       /* longer names are refused, not truncated */
#define FILE_KEY_MAX 65              /* material key / matter code as sent, plus NUL */
#define FILE_ID_LEN 32               /* hex characters */

typedef enum {
	FILE_TYPE_UNKNOWN = 0,
	FILE_TYPE_PDF,
	FILE_TYPE_JPEG,
	FILE_TYPE_PNG,
	FILE_TYPE_OFD,
} file_type_t;

/* Decides the type from the bytes: PDF "%PDF-", JPEG FF D8 FF, PNG's 8-byte
 * signature, OFD = a ZIP whose entries include "OFD.xml" (found among the
 * local headers in `head`, or in the central directory in `tail`). `head` is
 * the start of the file, `tail` its last tail_len bytes and `total` its size;
 * tail may be NULL when head is the whole file. Bounded work: no more than
 * the two buffers are read. */
file_type_t file_sniff(const unsigned char *head, size_t head_len, const unsigned char *tail, size_t tail_len,
		       uint64_t total);
const char *file_type_name(file_type_t t);   /* "pdf", …; "" for unknown */
const char *file_type_mime(file_type_t t);   /* "application/pdf", … */
file_type_t file_type_from_name(const char *name);

/* The stored name for an upload's filename: the last path component, invalid
 * UTF-8 replaced by '_', control and bidirectional-override characters
 * removed, surrounding blanks trimmed. Empty becomes "file.<ext>". Returns
 * false (out untouched) when longer than FILE_NAME_MAX_CHARS characters. */
bool file_name_sanitise(const char *raw, file_type_t t, char out[FILE_NAME_BYTES]);

/* <dir of the SQLite file>/files for "sqlite:PATH"; "var/files" otherwise.
 * Returns false when it does not fit. */
bool file_dir_for_db(const char *db_url, char *out, size_t outlen);
/* Creates files_dir and files_dir/tmp, and removes temporary files left by an
 * interrupted upload. Returns false (logged) when the directory is unusable. */
bool file_dir_prepare(const char *files_dir);

/* The streamed bytes of one upload. */
typedef struct file_sink file_sink_t;
/* Opens a temporary file under <files_dir>/tmp. NULL on error (logged). */
file_sink_t *file_sink_open(const char *files_dir);
/* Appends bytes (hash, head, disk). False on a write error (then stays failed). */
bool file_sink_write(file_sink_t *s, const void *p, size_t n);
uint64_t file_sink_size(const file_sink_t *s);
/* Closes the sink; removes the temporary file unless it was moved into the store. NULL is fine. */
void file_sink_free(file_sink_t *s);

/* An upload form as the HTTP layer parsed it. Owned by the HTTP layer. */
typedef struct file_upload {
	file_sink_t *sink;                   /* the first `file` part's bytes; NULL when none came */
	int file_parts;                      /* number of `file` parts */
	char raw_name[FILE_RAW_NAME_MAX];    /* the part's filename as sent */
	bool name_too_long;
	char material[FILE_KEY_MAX];         /* "" when not given */
	char matter[FILE_KEY_MAX];
	bool material_too_long, matter_too_long;
	errs_t errs;                         /* form problems found while streaming (unknown parts) */
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
	char sha256[65];
	file_type_t type;
	int64_t size;
	char name[FILE_NAME_BYTES];
	char owner[40];
	int64_t created_at;
} file_row_t;

/* The file if `a` may read it; E_NOT_FOUND when it does not exist or `a` may
 * not see it (the two are not told apart). */
errcode_t file_get(dbc_t *c, const actor_t *a, const char *id, file_row_t *out);
/* {"id","sha256","type","size","name","created_at"} */
json_t *file_json(const file_row_t *f);
/* <files_dir>/<aa>/<sha256>. False when it does not fit. */
bool file_blob_path(const char *files_dir, const char *sha256, char *out, size_t outlen);
/* Opens the file's bytes for reading; returns the descriptor (the caller
 * closes it) or -1 (logged) when the blob is missing or not the recorded size. */
int file_open_blob(const char *files_dir, const file_row_t *f);

#endif
