/* SPDX-License-Identifier: MIT */
/* The shared importer of spreadsheets: a table of rows read from CSV (UTF-8 or GB18030) or
 * .xlsx, whose columns are derived from entity declarations (core/entity.h). One row may
 * carry several records — a staff row is a person, a qualification and a contract — so a
 * spec names its parts and each column belongs to one part: "person.name",
 * "qualification.kind". Headers are matched by the columns' Chinese labels (or the field
 * names); each cell is converted by its field's type and each record validated; every bad
 * cell is reported with the line the user sees. The same spec makes the template workbook. */
#ifndef YTH_IO_SHEET_H
#define YTH_IO_SHEET_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/entity.h"
#include "core/error.h"

#define SHEET_MAX_COLUMNS  128  /* columns of one spec */
#define SHEET_MAX_PROBLEMS 1000 /* problems listed; a file past that is told so */

/* One record of each row. */
struct sheet_part {
	const char *name;          /* the record's key in each row: "person" */
	const struct entity *e;    /* its declaration */
	/* The fields read from the file, in column order (NULL-terminated); NULL = every field
	 * that may be written on create (not EF_READONLY or EF_SECRET), in declared order. */
	const char *const *fields;
	const char *const *skip;   /* with FIELDS NULL: fields left out (NULL-terminated) */
	/* Values put into every record before it is validated (borrowed, may be NULL): what
	 * the importer fills in itself, such as the employing centre, or a stand-in for an id
	 * that exists only once the row is written. */
	const json_t *fixed;
};

/* Other names a column is known by in users' spreadsheets ("身份证号" for 公民身份号码). */
struct sheet_alias {
	const char *key;  /* "person.citizen_id" */
	const char *name; /* header text */
};

/* A sentence for the template's explanation sheet. */
struct sheet_note {
	const char *key;  /* "person.citizen_id" */
	const char *text; /* Chinese */
};

struct sheet_spec {
	const struct sheet_part *parts;
	size_t nparts;
	const struct sheet_alias *aliases; /* terminated by {NULL, NULL}; may be NULL */
	const struct sheet_note *notes;    /* terminated by {NULL, NULL}; may be NULL */
	const char *const *ignore;         /* header texts of columns to skip ("序号") */
};

/* A column derived from a spec. */
struct sheet_column {
	size_t part; /* index into spec->parts */
	const struct ent_field *f;
	char key[96];     /* "person.name" */
	char header[160]; /* the field's label; "<entity label><label>" where two parts share it */
};

/* The columns of SPEC into OUT (room for MAX). Returns how many there are (at most
 * SHEET_MAX_COLUMNS; more than MAX are not written). */
size_t sheet_columns(const struct sheet_spec *spec, struct sheet_column *out, size_t max);

/* What a file held. */
struct sheet_result {
	const char *format; /* "CSV（UTF-8）", "CSV（GB18030）" or "Excel 工作簿（.xlsx）"; static */
	size_t header_line;
	/* One object per data row (rows entirely empty are skipped): {"line": n, "ok": bool,
	 * "<part>": record, ...}; each record holds the values of its non-empty cells and its
	 * part's fixed values. New reference. */
	json_t *rows;
	/* Every bad cell, header problem or missing value: {"line", "field" (a column key
	 * or ""), "label" (the column's header), "message", "code", "rule" (when a rule
	 * refused)}. New reference. */
	json_t *problems;
	bool truncated;   /* more than SHEET_MAX_PROBLEMS: the rest are not listed */
	size_t count_all; /* problems found, listed or not */
};

/* Read DATA (LEN bytes, borrowed): .xlsx if it starts with "PK\3\4" (the first worksheet),
 * otherwise CSV in UTF-8 or GB18030. The first non-empty row is the header; each later
 * non-empty row is converted and validated (ENT_CREATE). Returns 0 with OUT filled (free
 * with sheet_result_free) — problems may be listed, and when the header has any, no row
 * is read — or -1 with ERR (ERR_INVALID, field "file") when the file cannot be read at
 * all: empty, another format (.xls), damaged, too large. */
int sheet_read(const struct sheet_spec *spec, const char *data, size_t len,
	       struct sheet_result *out, struct app_error *err);

/* Add problem ERR (its field a field of part PART, or "" / NULL) at LINE to RES, named by
 * the column it came from when there is one. PART may be NULL for a problem of the row. */
void sheet_problem(struct sheet_result *res, const struct sheet_spec *spec, size_t line,
		   const char *part, const struct app_error *err);

/* Sort RES's problems by line, keeping the order of each line's problems. */
void sheet_problems_sort(struct sheet_result *res);

/* Number of distinct lines among RES's problems. */
size_t sheet_bad_lines(const struct sheet_result *res);

/* ERR for an import refused because of RES's problems: the first one (its field, rule and
 * line), how many there are on how many lines, and that nothing was written. */
void sheet_refusal(const struct sheet_result *res, struct app_error *err);

void sheet_result_free(struct sheet_result *res);

/* Date text in the forms spreadsheets and people write it — "1980/5/12", "1980-5-12",
 * "1980.5.12", "1980年5月12日", "19800512" — as "YYYY-MM-DD" into OUT. Returns false
 * (OUT untouched) if TEXT is none of these or not a real date. */
bool sheet_date_text(const char *text, char out[11]);

/* The template workbook of SPEC: a first sheet TITLE whose bold header row holds the
 * columns' headers (required ones in red), then EXAMPLE (borrowed, may be NULL: {"<part>":
 * {field: value}}) as one row, with drop-down lists for options and 是/否, and text columns
 * formatted as text (so that 18-digit ids keep every digit); and a second sheet "填写说明"
 * with each column's header, whether it is required, its type, the values it accepts and
 * the spec's note. Returns 0 and a new buffer *OUT (*LEN bytes; caller frees) or -1
 * (logged on stderr). */
int sheet_template(const struct sheet_spec *spec, const json_t *example, const char *title,
		   char **out, size_t *len);

#endif
