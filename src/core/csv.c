/* SPDX-License-Identifier: MIT */
/* This file contains the implementation of the RFC 4180 CSV reader and the field quoting
 * helper. Imports of thousands of rows go through csv_next, so a record costs no malloc
 * once the reader's buffers have grown to the widest record: the unquoted text of every
 * field goes into one reused buffer, NUL-separated. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

struct csv_reader {
	const char *data; /* borrowed */
	size_t len;
	size_t pos;         /* next byte to read */
	size_t line;        /* physical line of data[pos], 1-based */
	size_t record_line; /* where the last record (or the malformed one) began */
	const char *error;  /* set once the data turned out malformed; sticky */
	char *text;         /* the fields of the current record, each NUL-terminated */
	size_t text_len, text_cap;
	size_t *starts; /* offset of each field in TEXT while it may still move */
	char **fields;  /* pointers into TEXT handed to the caller */
	size_t nfields, fields_cap;
};

static const char msg_unterminated[] =
    "引号未闭合：字段以双引号开始，但直到文件结束也没有对应的结束引号";
static const char msg_after_quote[] = "结束引号之后只能是逗号或换行";
static const char msg_nul[] = "含有空字符（NUL），不是文本文件";
static const char msg_memory[] = "内存不足";

struct csv_reader *csv_open_mem(const char *data, size_t len)
{
	struct csv_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	/* Spreadsheet software often starts UTF-8 files with a byte order mark; left in, it
	 * would become part of the first header name. */
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	r->data = data;
	r->len = len;
	r->line = 1;
	return r;
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->fields);
	free(r->starts);
	free(r->text);
	free(r);
}

size_t csv_line(const struct csv_reader *r)
{
	return r->record_line;
}

const char *csv_error(const struct csv_reader *r)
{
	return r->error;
}

/* Make room for N more bytes of field text. Returns false when out of memory. */
static bool reserve_text(struct csv_reader *r, size_t n)
{
	if (r->text_cap - r->text_len >= n)
		return true;
	size_t cap = r->text_cap ? r->text_cap : 256;
	while (cap - r->text_len < n)
		cap *= 2;
	char *text = realloc(r->text, cap);
	if (!text)
		return false;
	r->text = text;
	r->text_cap = cap;
	return true;
}

static bool append_text(struct csv_reader *r, const char *s, size_t n)
{
	if (n == 0)
		return true; /* TEXT may not exist yet, and memcpy must not see NULL */
	if (!reserve_text(r, n))
		return false;
	memcpy(r->text + r->text_len, s, n);
	r->text_len += n;
	return true;
}

/* Begin a new field at the current end of TEXT. */
static bool start_field(struct csv_reader *r)
{
	if (r->nfields == r->fields_cap) {
		size_t cap = r->fields_cap ? r->fields_cap * 2 : 16;
		size_t *starts = realloc(r->starts, cap * sizeof(*starts));
		if (!starts)
			return false;
		r->starts = starts;
		char **fields = realloc(r->fields, cap * sizeof(*fields));
		if (!fields)
			return false;
		r->fields = fields;
		r->fields_cap = cap;
	}
	r->starts[r->nfields++] = r->text_len;
	return true;
}

static int fail(struct csv_reader *r, const char *why)
{
	r->error = why;
	return -1;
}

/* Skip lines that hold nothing at all (a trailing blank line is common in exports). */
static void skip_blank_lines(struct csv_reader *r)
{
	for (;;) {
		if (r->pos < r->len && r->data[r->pos] == '\n') {
			r->pos++;
		} else if (r->pos + 1 < r->len && r->data[r->pos] == '\r' &&
		           r->data[r->pos + 1] == '\n') {
			r->pos += 2;
		} else {
			return;
		}
		r->line++;
	}
}

/* Read a quoted field; R->pos is just after the opening quote. */
static int read_quoted(struct csv_reader *r)
{
	const char *d = r->data;
	for (;;) {
		/* Copy the run up to the next quote in one go. */
		size_t run = r->pos;
		while (run < r->len && d[run] != '"') {
			if (d[run] == '\n')
				r->line++;
			else if (d[run] == '\0')
				return fail(r, msg_nul);
			run++;
		}
		if (!append_text(r, d + r->pos, run - r->pos))
			return fail(r, msg_memory);
		r->pos = run;
		if (r->pos >= r->len)
			return fail(r, msg_unterminated);
		if (r->pos + 1 < r->len && d[r->pos + 1] == '"') {
			if (!append_text(r, "\"", 1))
				return fail(r, msg_memory);
			r->pos += 2;
			continue;
		}
		r->pos++; /* the closing quote */
		return 0;
	}
}

/* Read an unquoted field up to a comma, a line end or the end of the data. */
static int read_plain(struct csv_reader *r)
{
	const char *d = r->data;
	size_t end = r->pos;
	while (end < r->len) {
		char c = d[end];
		if (c == ',' || c == '\n')
			break;
		if (c == '\r' && end + 1 < r->len && d[end + 1] == '\n')
			break;
		if (c == '\0')
			return fail(r, msg_nul);
		end++;
	}
	if (!append_text(r, d + r->pos, end - r->pos))
		return fail(r, msg_memory);
	r->pos = end;
	return 0;
}

int csv_next(struct csv_reader *r, char ***fields, size_t *nfields)
{
	if (r->error)
		return -1;
	skip_blank_lines(r);
	if (r->pos >= r->len)
		return 0;
	r->record_line = r->line;
	r->text_len = 0;
	r->nfields = 0;
	const char *d = r->data;
	for (;;) {
		if (!start_field(r))
			return fail(r, msg_memory);
		bool quoted = d[r->pos] == '"';
		int rc;
		if (quoted) {
			r->pos++;
			rc = read_quoted(r);
		} else {
			rc = read_plain(r);
		}
		if (rc < 0)
			return -1;
		if (!append_text(r, "", 1))
			return fail(r, msg_memory);
		if (r->pos >= r->len)
			break; /* a last line without a line end */
		if (d[r->pos] == ',') {
			r->pos++;
			if (r->pos < r->len)
				continue;
			/* "a,b," at the very end: the comma still opens an empty last field. */
			if (!start_field(r) || !append_text(r, "", 1))
				return fail(r, msg_memory);
			break;
		}
		if (d[r->pos] == '\n') {
			r->pos++;
			r->line++;
			break;
		}
		if (d[r->pos] == '\r' && r->pos + 1 < r->len && d[r->pos + 1] == '\n') {
			r->pos += 2;
			r->line++;
			break;
		}
		/* Only reachable after a closing quote: "ab"c is neither one field nor two. */
		return fail(r, msg_after_quote);
	}
	/* TEXT no longer moves: hand out pointers. */
	for (size_t i = 0; i < r->nfields; i++)
		r->fields[i] = r->text + r->starts[i];
	*fields = r->fields;
	*nfields = r->nfields;
	return 1;
}

char *csv_quote(const char *field)
{
	if (!field)
		field = "";
	size_t len = strlen(field);
	size_t quotes = 0;
	bool special = false;
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			quotes++;
		if (*p == '"' || *p == ',' || *p == '\r' || *p == '\n')
			special = true;
	}
	if (!special)
		return strdup(field);
	char *out = malloc(len + quotes + 3);
	if (!out)
		return NULL;
	char *w = out;
	*w++ = '"';
	for (const char *p = field; *p; p++) {
		if (*p == '"')
			*w++ = '"';
		*w++ = *p;
	}
	*w++ = '"';
	*w = '\0';
	return out;
}
