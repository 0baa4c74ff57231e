/* files.c — see files.h. */
#include "domain/files/file.h"
#include "base/utf8.h"
#include "domain/core/audit.h"
#include "domain/catalog/matter.h"
#include "base/clock.h"
#include "base/crypto.h"
#include "base/log.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PATH_MAX_FILES 1200

/* ------------------------------------------------------------ sniffing */

static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool is_ofd_entry(const unsigned char *name, size_t n) { return n == 7 && memcmp(name, "OFD.xml", 7) == 0; }

/* Walks the local file headers from the start of the ZIP while they lie in
 * the buffer. An entry whose sizes follow its data (flag bit 3) cannot be
 * skipped without inflating it, so the walk stops there. */
static bool zip_local_has_ofd(const unsigned char *b, size_t n)
{
	size_t p = 0;
	for (int i = 0; i < 512 && p + 30 <= n; i++) {
		if (le32(b + p) != 0x04034b50)
			return false;
		uint16_t flags = le16(b + p + 6), nl = le16(b + p + 26), el = le16(b + p + 28);
		uint32_t csize = le32(b + p + 18);
		if (p + 30 + nl > n)
			return false;
		if (is_ofd_entry(b + p + 30, nl))
			return true;
		if (flags & 0x08)
			return false;
		uint64_t next = (uint64_t)p + 30 + nl + el + csize;
		if (next > n)
			return false;
		p = (size_t)next;
	}
	return false;
}

/* Finds the end-of-central-directory record in the tail and reads the
 * central directory when it lies in the tail too (small archives; an OFD
 * document's directory is a few KB). */
static bool zip_central_has_ofd(const unsigned char *t, size_t tn, uint64_t total)
{
	if (tn < 22 || total < tn)
		return false;
	uint64_t tail_start = total - tn;
	for (size_t i = tn - 22 + 1; i-- > 0;) {
		if (le32(t + i) != 0x06054b50)
			continue;
		uint16_t entries = le16(t + i + 10);
		uint32_t cd_size = le32(t + i + 12), cd_off = le32(t + i + 16);
		if (cd_off < tail_start || (uint64_t)cd_off + cd_size > tail_start + i)
			return false;
		size_t p = (size_t)(cd_off - tail_start), end = p + cd_size;
		for (unsigned k = 0; k < entries && p + 46 <= end; k++) {
			if (le32(t + p) != 0x02014b50)
				return false;
			uint16_t nl = le16(t + p + 28), el = le16(t + p + 30), cl = le16(t + p + 32);
			if (p + 46 + nl > end)
				return false;
			if (is_ofd_entry(t + p + 46, nl))
				return true;
			p += 46u + nl + el + cl;
		}
		return false;
	}
	return false;
}

file_type_t file_sniff(const unsigned char *head, size_t head_len, const unsigned char *tail, size_t tail_len,
		       uint64_t total)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
	if (!head)
		return FILE_TYPE_UNKNOWN;
	if (head_len >= 5 && memcmp(head, "%PDF-", 5) == 0)
		return FILE_TYPE_PDF;
	if (head_len >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
		return FILE_TYPE_JPEG;
	if (head_len >= 8 && memcmp(head, png, 8) == 0)
		return FILE_TYPE_PNG;
	if (head_len >= 4 && memcmp(head, "PK\x03\x04", 4) == 0) {
		if (!tail) {
			tail = head;
			tail_len = head_len;
			total = head_len;
		}
		if (zip_local_has_ofd(head, head_len) || zip_central_has_ofd(tail, tail_len, total))
			return FILE_TYPE_OFD;
	}
	return FILE_TYPE_UNKNOWN;
}

static const struct {
	const char *name, *mime, *ext;
} TYPES[] = {
	[FILE_TYPE_UNKNOWN] = {"", "application/octet-stream", "bin"},
	[FILE_TYPE_PDF] = {"pdf", "application/pdf", "pdf"},
	[FILE_TYPE_JPEG] = {"jpeg", "image/jpeg", "jpg"},
	[FILE_TYPE_PNG] = {"png", "image/png", "png"},
	[FILE_TYPE_OFD] = {"ofd", "application/ofd", "ofd"},
};

const char *file_type_name(file_type_t t) { return TYPES[t <= FILE_TYPE_OFD ? t : 0].name; }
const char *file_type_mime(file_type_t t) { return TYPES[t <= FILE_TYPE_OFD ? t : 0].mime; }

file_type_t file_type_from_name(const char *name)
{
	for (int t = FILE_TYPE_PDF; t <= FILE_TYPE_OFD; t++)
		if (name && strcmp(name, TYPES[t].name) == 0)
			return (file_type_t)t;
	return FILE_TYPE_UNKNOWN;
}

/* ------------------------------------------------------------ names */

/* Characters that would make a name display other than it is: controls and
 * the bidirectional overrides behind "invoice<U+202E>fdp.exe". */
static bool drop_char(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

bool file_name_sanitise(const char *raw, file_type_t t, char out[FILE_NAME_BYTES])
{
	const char *base = raw ? raw : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	/* Replacements never lengthen the text, so the input's size bounds the output. */
	char *buf = malloc(strlen(base) + 1);
	if (!buf)
		return false;
	size_t o = 0, len = strlen(base);
	const unsigned char *s = (const unsigned char *)base;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t at = i;
		if (!utf8_next(s, len, &i, &cp)) {
			buf[o++] = '_';
			i++;
			continue;
		}
		if (!drop_char(cp)) {
			memcpy(buf + o, s + at, i - at);
			o += i - at;
		}
	}
	buf[o] = '\0';
	size_t start = 0;
	while (buf[start] == ' ' || buf[start] == '\t')
		start++;
	while (o > start && (buf[o - 1] == ' ' || buf[o - 1] == '\t'))
		buf[--o] = '\0';
	size_t chars = 0;
	for (size_t i = start; i < o; i++)
		if (((unsigned char)buf[i] & 0xC0) != 0x80)
			chars++;
	bool ok = chars <= FILE_NAME_MAX_CHARS;
	if (ok) {
		if (chars == 0)
			snprintf(out, FILE_NAME_BYTES, "file.%s", TYPES[t <= FILE_TYPE_OFD ? t : 0].ext);
		else
			snprintf(out, FILE_NAME_BYTES, "%s", buf + start);
	}
	free(buf);
	return ok;
}

/* ------------------------------------------------------------ the directory */

bool file_dir_for_db(const char *db_url, char *out, size_t outlen)
{
	int w;
	if (db_url && strncmp(db_url, "sqlite:", 7) == 0) {
		const char *path = db_url + 7, *slash = strrchr(path, '/');
		w = slash ? snprintf(out, outlen, "%.*s/files", (int)(slash - path), path) : snprintf(out, outlen, "files");
	} else {
		w = snprintf(out, outlen, "var/files");
	}
	return w > 0 && (size_t)w < outlen;
}

static bool mkdir_p(const char *path)
{
	char buf[PATH_MAX_FILES];
	int w = snprintf(buf, sizeof buf, "%s", path);
	if (w <= 0 || (size_t)w >= sizeof buf)
		return false;
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0750) != 0 && errno != EEXIST)
			return false;
		*p = '/';
	}
	return mkdir(buf, 0750) == 0 || errno == EEXIST;
}

bool file_dir_prepare(const char *files_dir)
{
	char tmp[PATH_MAX_FILES];
	int w = snprintf(tmp, sizeof tmp, "%s/tmp", files_dir);
	if (w <= 0 || (size_t)w >= sizeof tmp || !mkdir_p(tmp)) {
		log_error("cannot create the file store %s: %s", files_dir, strerror(errno));
		return false;
	}
	/* Left by uploads that never finished (a crash); nothing refers to them. */
	DIR *d = opendir(tmp);
	if (!d) {
		log_error("cannot read %s: %s", tmp, strerror(errno));
		return false;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		char p[PATH_MAX_FILES];
		if (strncmp(e->d_name, "upload-", 7) == 0 && snprintf(p, sizeof p, "%s/%s", tmp, e->d_name) < (int)sizeof p)
			unlink(p);
	}
	closedir(d);
	return true;
}

bool file_blob_path(const char *files_dir, const char *sha256, char *out, size_t outlen)
{
	if (strlen(sha256) != 64)
		return false;
	int w = snprintf(out, outlen, "%s/%.2s/%s", files_dir, sha256, sha256);
	return w > 0 && (size_t)w < outlen;
}

/* ------------------------------------------------------------ the sink */

struct file_sink {
	int fd;
	bool kept, failed, finished;
	uint64_t size;
	size_t head_len;
	crypto_hash_sha256_state sha;
	char sha_hex[65];
	char tmp_path[PATH_MAX_FILES];
	unsigned char head[FILE_HEAD_BYTES];
};

file_sink_t *file_sink_open(const char *files_dir)
{
	file_sink_t *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	int w = snprintf(s->tmp_path, sizeof s->tmp_path, "%s/tmp/upload-XXXXXX", files_dir);
	if (w <= 0 || (size_t)w >= sizeof s->tmp_path) {
		free(s);
		return NULL;
	}
	s->fd = mkostemp(s->tmp_path, O_CLOEXEC);
	if (s->fd < 0) {
		log_error("cannot create a temporary file in %s/tmp: %s", files_dir, strerror(errno));
		free(s);
		return NULL;
	}
	crypto_hash_sha256_init(&s->sha);
	return s;
}

bool file_sink_write(file_sink_t *s, const void *p, size_t n)
{
	if (s->failed || s->finished)
		return false;
	crypto_hash_sha256_update(&s->sha, p, n);
	if (s->head_len < sizeof s->head) {
		size_t k = sizeof s->head - s->head_len;
		if (k > n)
			k = n;
		memcpy(s->head + s->head_len, p, k);
		s->head_len += k;
	}
	const char *b = p;
	size_t left = n;
	while (left) {
		ssize_t w = write(s->fd, b, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			log_error("writing %s: %s", s->tmp_path, w < 0 ? strerror(errno) : "no progress");
			s->failed = true;
			return false;
		}
		b += w;
		left -= (size_t)w;
	}
	s->size += n;
	return true;
}

uint64_t file_sink_size(const file_sink_t *s) { return s ? s->size : 0; }

void file_sink_free(file_sink_t *s)
{
	if (!s)
		return;
	if (s->fd >= 0)
		close(s->fd);
	if (!s->kept)
		unlink(s->tmp_path);
	sodium_memzero(&s->sha, sizeof s->sha);
	free(s);
}

static void sink_finish(file_sink_t *s)
{
	if (s->finished)
		return;
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&s->sha, d);
	sodium_bin2hex(s->sha_hex, sizeof s->sha_hex, d, sizeof d);
	s->finished = true;
}

/* The type from the kept head and, for a file longer than the head, its tail read back. */
static file_type_t sink_sniff(file_sink_t *s)
{
	if (s->size <= s->head_len)
		return file_sniff(s->head, s->head_len, NULL, 0, s->size);
	size_t tn = s->size < FILE_HEAD_BYTES ? (size_t)s->size : FILE_HEAD_BYTES;
	unsigned char *tail = malloc(tn);
	if (!tail)
		return FILE_TYPE_UNKNOWN;
	size_t got = 0;
	while (got < tn) {
		ssize_t r = pread(s->fd, tail + got, tn - got, (off_t)(s->size - tn + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	file_type_t t = got == tn ? file_sniff(s->head, s->head_len, tail, tn, s->size)
				  : file_sniff(s->head, s->head_len, NULL, 0, s->head_len);
	free(tail);
	return t;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Moves the temporary file to its content address, durably, unless the same
 * bytes are there already. Two uploads of the same bytes racing here both
 * rename a complete, identical file into place, so either result is right. */
static bool blob_commit(const char *files_dir, file_sink_t *s, bool *dedup)
{
	char dir[PATH_MAX_FILES], path[PATH_MAX_FILES];
	int w = snprintf(dir, sizeof dir, "%s/%.2s", files_dir, s->sha_hex);
	if (w <= 0 || (size_t)w >= sizeof dir || !file_blob_path(files_dir, s->sha_hex, path, sizeof path))
		return false;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size == s->size) {
		*dedup = true;
		return true;
	}
	*dedup = false;
	if (fsync(s->fd) != 0) {
		log_error("fsync %s: %s", s->tmp_path, strerror(errno));
		return false;
	}
	if (mkdir(dir, 0750) == 0)
		fsync_dir(files_dir);
	else if (errno != EEXIST) {
		log_error("cannot create %s: %s", dir, strerror(errno));
		return false;
	}
	if (rename(s->tmp_path, path) != 0) {
		log_error("cannot move the upload to %s: %s", path, strerror(errno));
		return false;
	}
	s->kept = true;
	fsync_dir(dir);
	return true;
}

/* ------------------------------------------------------------ rows */

static bool is_hex_id(const char *id)
{
	if (!id || strlen(id) != FILE_ID_LEN)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* Checks the upload against its material's formats and max_size in the
 * matter's current version. Errors name the field at fault. */
static void check_material(dbc_t *c, const file_upload_t *up, file_type_t t, uint64_t size, errs_t *e)
{
	if (up->material_too_long)
		errs_add(e, "material", "too_long", "材料代码过长", "the material key is too long");
	if (up->matter_too_long)
		errs_add(e, "matter", "too_long", "事项编码过长", "the matter code is too long");
	if (up->material_too_long || up->matter_too_long || (!up->material[0] && !up->matter[0]))
		return;
	if (!up->matter[0]) {
		errs_add(e, "matter", "required", "指定材料时须同时给出事项编码", "a material needs the matter's code");
		return;
	}
	if (!up->material[0]) {
		errs_add(e, "material", "required", "指定事项时须同时给出材料代码", "a matter needs the material's key");
		return;
	}
	json_t *doc = matter_doc(c, up->matter, 0);
	if (!doc) {
		errs_add(e, "matter", "unknown", "事项不存在", "no such matter");
		return;
	}
	json_t *found = NULL, *m;
	size_t i;
	json_array_foreach(json_object_get(doc, "materials"), i, m) {
		if (json_is_string(json_object_get(m, "key")) &&
		    strcmp(json_string_value(json_object_get(m, "key")), up->material) == 0)
			found = m;
	}
	if (!found) {
		errs_add(e, "material", "unknown", "该事项没有这项材料", "the matter has no such material");
		json_decref(doc);
		return;
	}
	json_t *formats = json_object_get(found, "formats"), *f;
	if (t != FILE_TYPE_UNKNOWN && json_is_array(formats)) {
		bool ok = false;
		char list[128] = "";
		size_t used = 0;
		json_array_foreach(formats, i, f) {
			const char *v = json_string_value(f);
			if (!v)
				continue;
			if (strcmp(v, file_type_name(t)) == 0)
				ok = true;
			int w = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", v);
			if (w > 0 && (size_t)w < sizeof list - used)
				used += (size_t)w;
		}
		if (!ok) {
			char zh[256], en[256];
			snprintf(zh, sizeof zh, "该材料只接受以下格式：%s", list);
			snprintf(en, sizeof en, "this material accepts only: %s", list);
			errs_add(e, "file", "format", zh, en);
		}
	}
	json_t *max = json_object_get(found, "max_size");
	if (json_is_integer(max) && size > (uint64_t)json_integer_value(max)) {
		long long mx = (long long)json_integer_value(max);
		if (mx % (1024 * 1024) == 0)
			errs_addi(e, "file", "too_large", "该材料的文件不能超过 %lld MiB", "this material's file may be at most %lld MiB",
				  mx / (1024 * 1024));
		else
			errs_addi(e, "file", "too_large", "该材料的文件不能超过 %lld 字节", "this material's file may be at most %lld bytes", mx);
	}
	json_decref(doc);
}

struct create_ctx {
	const actor_t *by;
	const file_row_t *f;
	const file_upload_t *up;
	bool dedup;
};

static int create_write(dbc_t *c, void *arg)
{
	struct create_ctx *x = arg;
	const file_row_t *f = x->f;
	dbs_t *s = db_prep(c, "INSERT INTO files (id, sha256, type, size, name, owner_account, created_at) VALUES (?,?,?,?,?,?,?)");
	if (!s)
		return -1;
	db_bind_text(s, 1, f->id);
	db_bind_text(s, 2, f->sha256);
	db_bind_text(s, 3, file_type_name(f->type));
	db_bind_int(s, 4, f->size);
	db_bind_text(s, 5, f->name);
	db_bind_text(s, 6, f->owner);
	db_bind_int(s, 7, f->created_at);
	int rc = db_step(s);
	db_reset(s);
	if (rc != DB_DONE)
		return -1;
	json_t *detail = json_pack("{ss ss sI sb}", "sha256", f->sha256, "type", file_type_name(f->type), "size",
				   (json_int_t)f->size, "deduplicated", x->dedup);
	if (x->up->matter[0])
		json_object_set_new(detail, "matter", json_string(x->up->matter));
	if (x->up->material[0])
		json_object_set_new(detail, "material", json_string(x->up->material));
	rc = audit_append(c, x->by, "file.upload", "file", f->id, 0, 1, detail);
	json_decref(detail);
	return rc;
}

errcode_t file_create(store_t *st, const char *files_dir, const actor_t *by, file_upload_t *up, errs_t *errs,
		      json_t **out)
{
	*out = NULL;
	file_sink_t *s = up->sink;
	file_type_t t = FILE_TYPE_UNKNOWN;
	for (size_t i = 0; i < up->errs.n; i++)
		errs_add(errs, up->errs.v[i].field, up->errs.v[i].code, up->errs.v[i].zh, up->errs.v[i].en);
	if (up->file_parts == 0)
		errs_add(errs, "file", "required", "请选择要上传的文件", "the file part is required");
	else if (up->file_parts > 1)
		errs_add(errs, "file", "multiple", "一次只能上传一个文件", "send exactly one file part");
	else if (!s || s->failed)
		return E_INTERNAL;
	else if (s->size == 0)
		errs_add(errs, "file", "empty", "文件是空的", "the file is empty");
	else if ((t = sink_sniff(s)) == FILE_TYPE_UNKNOWN)
		errs_add(errs, "file", "file_type", "只接受 PDF、OFD、JPEG、PNG 文件（按文件内容判断）",
			 "only PDF, OFD, JPEG and PNG files are accepted (judged by the content)");
	file_row_t f = {0};
	if (up->name_too_long || (s && !file_name_sanitise(up->raw_name, t, f.name)))
		errs_addi(errs, "file", "name_too_long", "文件名不能超过 %lld 个字符", "the file name may be at most %lld characters",
			  FILE_NAME_MAX_CHARS);
	check_material(store_reader(st), up, t, file_sink_size(s), errs);
	if (errs_any(errs))
		return E_VALIDATION;

	sink_finish(s);
	struct create_ctx x = {.by = by, .f = &f, .up = up};
	if (!blob_commit(files_dir, s, &x.dedup))
		return E_INTERNAL;
	rand_hex(f.id, FILE_ID_LEN / 2);
	snprintf(f.sha256, sizeof f.sha256, "%s", s->sha_hex);
	f.type = t;
	f.size = (int64_t)s->size;
	snprintf(f.owner, sizeof f.owner, "%s", by->id);
	f.created_at = clock_now_ms();
	/* A failed row leaves at most a blob nobody names; the same bytes reuse it later. */
	if (store_write(st, create_write, &x) != 0)
		return E_INTERNAL;
	*out = file_json(&f);
	return E_OK;
}

errcode_t file_get(dbc_t *c, const actor_t *a, const char *id, file_row_t *out)
{
	if (!is_hex_id(id))
		return E_NOT_FOUND;
	dbs_t *s = db_prep(c, "SELECT id, sha256, type, size, name, owner_account, created_at FROM files WHERE id = ?");
	if (!s)
		return E_INTERNAL;
	db_bind_text(s, 1, id);
	int rc = db_step(s);
	if (rc == DB_ROW) {
		snprintf(out->id, sizeof out->id, "%s", db_col_text(s, 0));
		snprintf(out->sha256, sizeof out->sha256, "%s", db_col_text(s, 1));
		out->type = file_type_from_name(db_col_text(s, 2));
		out->size = db_col_int(s, 3);
		snprintf(out->name, sizeof out->name, "%s", db_col_text(s, 4));
		snprintf(out->owner, sizeof out->owner, "%s", db_col_text(s, 5));
		out->created_at = db_col_int(s, 6);
	}
	db_reset(s);
	if (rc != DB_ROW)
		return rc == DB_DONE ? E_NOT_FOUND : E_INTERNAL;
	if (a->id[0] && strcmp(out->owner, a->id) == 0)
		return E_OK;
	/* A case that uses the file: its applicant, and once it is submitted, its
	 * department's staff and the supervisors. */
	bool staff = (a->roles & ROLES_STAFF) && a->department[0];
	s = db_prep(c, "SELECT 1 FROM case_files cf JOIN cases c ON c.id = cf.case_id "
		       "WHERE cf.file_id = ? AND (c.applicant_id = ? OR ((c.department = ? OR ? = 1) AND c.status <> 'draft')) LIMIT 1");
	if (!s)
		return E_NOT_FOUND;
	db_bind_text(s, 1, id);
	db_bind_text(s, 2, a->id[0] ? a->id : NULL);
	db_bind_text(s, 3, staff ? a->department : NULL);
	db_bind_int(s, 4, (a->roles & ROLE_SUPERVISOR) != 0);
	rc = db_step(s);
	db_reset(s);
	return rc == DB_ROW ? E_OK : E_NOT_FOUND;
}

json_t *file_json(const file_row_t *f)
{
	char ts[32];
	clock_format_iso(f->created_at, ts);
	return json_pack("{ss ss ss sI ss ss}", "id", f->id, "sha256", f->sha256, "type", file_type_name(f->type), "size",
			 (json_int_t)f->size, "name", f->name, "created_at", ts);
}

int file_open_blob(const char *files_dir, const file_row_t *f)
{
	char path[PATH_MAX_FILES];
	if (!file_blob_path(files_dir, f->sha256, path, sizeof path))
		return -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("file %s: cannot open its blob %s: %s", f->id, path, strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != f->size) {
		log_error("file %s: blob %s is not the recorded %lld bytes", f->id, path, (long long)f->size);
		close(fd);
		return -1;
	}
	return fd;
}
