/* SPDX-License-Identifier: MIT */
/* This file contains the implementation of the .xlsx export: one sheet derived from an
 * entity's declaration. libxlsxwriter only writes files, so the workbook goes to a private
 * temporary file that is read back into memory and removed. */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "io/xlsx.h"

#define SHEET_NAME_MAX   31  /* characters, Excel's limit */
#define COLUMN_WIDTH_MIN 8.0 /* in Excel's character units */
#define COLUMN_WIDTH_MAX 60.0
#define EXACT_INT_MAX    (INT64_C(1) << 53) /* larger integers would lose digits as doubles */

/* What every cell write needs. */
struct sheet {
	lxw_worksheet *ws;
	lxw_format *money; /* number format 0.00 */
	double *widths;    /* per exported column, in display columns of text */
};

static bool exported(const struct ent_field *f)
{
	return !(f->flags & (EF_SECRET | EF_NOLIST));
}

/* Display width of UTF-8 text S: CJK and other characters from U+0800 up take two columns
 * in a spreadsheet's default font, the rest one. */
static double display_width(const char *s)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xC0) == 0x80)
			continue;
		w += *p >= 0xE0 ? 2 : 1;
	}
	return w;
}

static void widen(struct sheet *sh, lxw_col_t col, const char *text)
{
	double w = display_width(text);
	if (w > sh->widths[col])
		sh->widths[col] = w;
}

static int check(lxw_error err, const char *what)
{
	if (err == LXW_NO_ERROR)
		return 0;
	fprintf(stderr, "xlsx: %s: %s\n", what, lxw_strerror(err));
	return -1;
}

static int write_text(struct sheet *sh, lxw_row_t row, lxw_col_t col, const char *text)
{
	if (!text)
		return -1;
	widen(sh, col, text);
	if (!*text)
		return 0; /* an empty cell, not an empty string */
	return check(worksheet_write_string(sh->ws, row, col, text, NULL), "write_string");
}

/* Write value V (borrowed) of field F into the cell at ROW, COL. */
static int write_cell(struct sheet *sh, lxw_row_t row, lxw_col_t col, const struct ent_field *f,
                      const json_t *v)
{
	char num[32];
	if (!v || json_is_null(v))
		return 0;
	if ((f->type == ENT_INT || f->type == ENT_MONEY) && json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		if (f->type == ENT_MONEY) {
			/* Fen to yuan for display only; the digits stay exact up to 2^53 fen. */
			uint64_t fen = n < 0 ? -(uint64_t)n : (uint64_t)n; /* INT64_MIN too */
			snprintf(num, sizeof(num), "%s%" PRIu64 ".%02" PRIu64, n < 0 ? "-" : "",
			         fen / 100, fen % 100);
			widen(sh, col, num);
			return check(
			    worksheet_write_number(sh->ws, row, col, (double)n / 100.0, sh->money),
			    "write_number");
		}
		snprintf(num, sizeof(num), "%" PRId64, (int64_t)n);
		if (n > EXACT_INT_MAX || n < -EXACT_INT_MAX)
			return write_text(sh, row, col, num); /* keep every digit */
		widen(sh, col, num);
		return check(worksheet_write_number(sh->ws, row, col, (double)n, NULL),
		             "write_number");
	}
	/* Enum labels, 是/否 and arrays joined with "、" are the entity code's, as in CSV. */
	char *text = ent_value_to_text(f, v, true);
	int rc = write_text(sh, row, col, text);
	free(text);
	return rc;
}

/* TITLE (UTF-8) made acceptable as a sheet name into NAME, which has room for
 * SHEET_NAME_MAX characters of 4 bytes, so a cut never falls inside a character. */
static void sheet_name(const char *title, char name[SHEET_NAME_MAX * 4 + 1])
{
	size_t size = SHEET_NAME_MAX * 4 + 1;
	size_t chars = 0, w = 0;
	for (const char *p = title ? title : ""; *p; p++) {
		bool lead = (*p & 0xC0) != 0x80;
		if ((lead && chars == SHEET_NAME_MAX) || w + 1 == size)
			break; /* the second test only stops titles that are not UTF-8 */
		chars += lead;
		name[w++] = strchr("[]:*?/\\", *p) ? '_' : *p;
	}
	name[w] = '\0';
	/* Excel refuses names that begin or end with an apostrophe. */
	if (name[0] == '\'')
		name[0] = '_';
	if (w > 0 && name[w - 1] == '\'')
		name[w - 1] = '_';
	if (!name[0])
		snprintf(name, size, "Sheet1");
}

/* Fill the workbook WB from E and ITEMS. */
static int fill(lxw_workbook *wb, const struct entity *e, const json_t *items, const char *title)
{
	char name[SHEET_NAME_MAX * 4 + 1];
	sheet_name(title, name);
	if (check(workbook_validate_sheet_name(wb, name), "sheet name") < 0)
		return -1;
	struct sheet sh = {.ws = workbook_add_worksheet(wb, name)};
	lxw_format *bold = workbook_add_format(wb);
	sh.money = workbook_add_format(wb);
	if (!sh.ws || !bold || !sh.money) {
		fprintf(stderr, "xlsx: cannot add the worksheet or its formats\n");
		return -1;
	}
	format_set_bold(bold);
	format_set_num_format(sh.money, "0.00");

	int rc = -1;
	sh.widths = calloc(e->nfields ? e->nfields : 1, sizeof(*sh.widths));
	if (!sh.widths)
		return -1;
	lxw_col_t ncols = 0;
	for (size_t i = 0; i < e->nfields; i++) {
		const struct ent_field *f = &e->fields[i];
		if (!exported(f))
			continue;
		widen(&sh, ncols, f->label);
		if (check(worksheet_write_string(sh.ws, 0, ncols, f->label, bold), "header") < 0)
			goto out_free_widths;
		ncols++;
	}
	size_t r;
	const json_t *rec;
	json_array_foreach(items, r, rec)
	{
		if (!json_is_object(rec)) {
			fprintf(stderr, "xlsx: item %zu is not a JSON object\n", r);
			goto out_free_widths;
		}
		lxw_row_t row = (lxw_row_t)(r + 1);
		lxw_col_t col = 0;
		for (size_t i = 0; i < e->nfields; i++) {
			const struct ent_field *f = &e->fields[i];
			if (!exported(f))
				continue;
			if (write_cell(&sh, row, col, f, json_object_get(rec, f->name)) < 0)
				goto out_free_widths;
			col++;
		}
	}
	worksheet_freeze_panes(sh.ws, 1, 0);
	if (ncols > 0) {
		lxw_row_t last = (lxw_row_t)json_array_size(items);
		if (check(worksheet_autofilter(sh.ws, 0, 0, last, ncols - 1), "autofilter") < 0)
			goto out_free_widths;
	}
	for (lxw_col_t c = 0; c < ncols; c++) {
		/* Room for the autofilter button beside the header text. */
		double w = sh.widths[c] + 3;
		w = w < COLUMN_WIDTH_MIN   ? COLUMN_WIDTH_MIN
		    : w > COLUMN_WIDTH_MAX ? COLUMN_WIDTH_MAX
		                           : w;
		if (check(worksheet_set_column(sh.ws, c, c, w, NULL), "set_column") < 0)
			goto out_free_widths;
	}
	rc = 0;

out_free_widths:
	free(sh.widths);
	return rc;
}

/* The whole content of the open file FD into a new buffer. */
static int slurp(int fd, char **out, size_t *len)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	size_t size = (size_t)st.st_size;
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return -1;
	size_t got = 0;
	while (got < size) {
		ssize_t n = read(fd, buf + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(buf);
			return -1;
		}
		got += (size_t)n;
	}
	*out = buf;
	*len = size;
	return 0;
}

int xlsx_build(int (*fill_fn)(lxw_workbook *wb, void *cls), void *cls, char **out, size_t *len)
{
	const char *env = getenv("TMPDIR");
	char dir[512];
	snprintf(dir, sizeof(dir), "%s", env && *env ? env : "/tmp");
	char path[600];
	snprintf(path, sizeof(path), "%s/yitihua-xlsx-XXXXXX", dir);
	/* The file is ours alone (mode 0600). libxlsxwriter reopens it by name and rewrites the
	 * same inode; we read it back through the descriptor we created it with. */
	int fd = mkstemp(path);
	if (fd < 0) {
		fprintf(stderr, "xlsx: cannot create a temporary file in %s: %s\n", dir,
		        strerror(errno));
		return -1;
	}
	int rc = -1;
	lxw_workbook_options options = {.tmpdir = dir};
	lxw_workbook *wb = workbook_new_opt(path, &options);
	if (!wb) {
		fprintf(stderr, "xlsx: cannot start a workbook in %s\n", path);
		goto out_remove_file;
	}
	int filled = fill_fn(wb, cls);
	/* workbook_close writes and frees the workbook whatever happened before. */
	if (check(workbook_close(wb), "close") < 0 || filled < 0)
		goto out_remove_file;
	if (slurp(fd, out, len) < 0) {
		fprintf(stderr, "xlsx: cannot read back %s\n", path);
		goto out_remove_file;
	}
	rc = 0;

out_remove_file:
	unlink(path);
	close(fd);
	return rc;
}

int xlsx_check(int err, const char *what)
{
	return check((lxw_error)err, what);
}

struct export_args {
	const struct entity *e;
	const json_t *items;
	const char *title;
};

static int fill_export(lxw_workbook *wb, void *cls)
{
	const struct export_args *a = cls;
	return fill(wb, a->e, a->items, a->title);
}

int xlsx_export(const struct entity *e, const json_t *items, const char *title, char **out,
                size_t *len)
{
	if (!json_is_array(items)) {
		fprintf(stderr, "xlsx: items is not a JSON array\n");
		return -1;
	}
	struct export_args a = {.e = e, .items = items, .title = title};
	return xlsx_build(fill_export, &a, out, len);
}
