/* SPDX-License-Identifier: MIT */
/* CSV (RFC 4180) over a UTF-8 buffer in memory: a reader that reports the physical line
 * where each record starts, for "第 N 行" errors, and the quoting helper for writers.
 * Pure logic, no I/O. */
#ifndef YTH_CORE_CSV_H
#define YTH_CORE_CSV_H

#include <stddef.h>

struct csv_reader;

/* A reader over LEN bytes of DATA (borrowed: it must outlive the reader). A UTF-8 byte
 * order mark at the start is skipped. Returns NULL only when out of memory; free with
 * csv_close. */
struct csv_reader *csv_open_mem(const char *data, size_t len);

/* The next record. Returns 1 and sets *FIELDS to *NFIELDS NUL-terminated fields (the array
 * and the strings are borrowed until the next call or csv_close), 0 at the end of the data,
 * or -1 if the data is malformed (csv_error says why, csv_line where; every later call
 * returns -1 too). Fields may be quoted ("a,b"), with doubled quotes ("say ""hi""") and
 * line ends inside the quotes; records end with CR LF, LF or the end of the data. Lines
 * that are entirely empty are skipped; a lone CR that is not followed by LF is data. */
int csv_next(struct csv_reader *r, char ***fields, size_t *nfields);

/* The physical line (1-based) where the last record returned began; after -1, where the
 * malformed record began. 0 before the first record. */
size_t csv_line(const struct csv_reader *r);

/* Why csv_next returned -1: a Chinese sentence (static string), or NULL if it did not. */
const char *csv_error(const struct csv_reader *r);

void csv_close(struct csv_reader *r);

/* FIELD as one CSV field: unchanged if it has no comma, quote, CR or LF, else in double
 * quotes with inner quotes doubled. NULL is written as the empty field. Returns a new
 * malloc'd string (caller frees), or NULL when out of memory. */
char *csv_quote(const char *field);

#endif
