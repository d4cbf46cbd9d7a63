/* SPDX-License-Identifier: MIT */
/* Reading the first worksheet of an .xlsx workbook held in memory (libzip, libxml2) into a
 * dense grid of text cells, for imports. The file comes from users: no network, no DTD, no
 * entity expansion, and every size is bounded so that a zip bomb cannot exhaust memory. */
#ifndef YTH_IO_XLSX_READ_H
#define YTH_IO_XLSX_READ_H

#include <stdbool.h>
#include <stddef.h>

#define XLSX_READ_MAX_PART  (50u * 1024 * 1024) /* uncompressed bytes of the sheet or strings */
#define XLSX_READ_MAX_SMALL (8u * 1024 * 1024)  /* workbook, relationships and styles */
#define XLSX_READ_MAX_ROWS  100000              /* rows holding a value */
#define XLSX_READ_MAX_COLS  16384               /* Excel's last column, XFD */
#define XLSX_READ_MAX_CELLS 4000000             /* rows × columns of the dense grid */

/* What a cell held. Numbers are written as text: integral values without a fraction
 * ("13800138000", not "1.3800138E10"), others as stored ("2.5"). Dates are cells whose
 * number format shows a date (built-in formats 14–17, 22, the Chinese built-in date
 * formats 27–31, 36, 50, 51, 54, 57, 58, or a custom format with a year or day part):
 * their text is "YYYY-MM-DD", or "YYYY-MM-DD HH:MM:SS" when the time is not midnight.
 * Booleans are "true" / "false"; errors keep Excel's text ("#N/A"). */
enum xlsx_kind { XLSX_EMPTY, XLSX_TEXT, XLSX_NUMBER, XLSX_BOOL, XLSX_DATE, XLSX_ERROR };

struct xlsx_store; /* private: the text the cells point into */

struct xlsx_sheet {
	size_t rows, cols;   /* up to the last row and column holding a value */
	const char **cells;  /* rows × cols, row-major, UTF-8; "" for an empty cell */
	unsigned char *kinds; /* enum xlsx_kind of each cell */
	bool date1904;       /* the workbook counts dates from 1904 (old Mac Excel) */
	char *name;          /* the worksheet's name */
	struct xlsx_store *store;
};

/* True if DATA starts like a zip archive ("PK\3\4"), as every .xlsx does. */
bool xlsx_is_zip(const void *data, size_t len);

/* Read the first worksheet (in tab order) of the workbook in DATA (LEN bytes, borrowed).
 * Returns 0 and a new sheet in *OUT (free with xlsx_sheet_free), or -1 with a Chinese
 * sentence in WHY (WHY_LEN bytes) saying what is wrong: not a zip, not a workbook, a damaged
 * or encrypted part, a part or grid over the limits above. */
int xlsx_read(const void *data, size_t len, struct xlsx_sheet **out, char *why, size_t why_len);

/* The text of the cell at ROW, COL (0-based); "" outside the grid. Borrowed from S. */
const char *xlsx_cell(const struct xlsx_sheet *s, size_t row, size_t col);
/* The kind of that cell; XLSX_EMPTY outside the grid. */
enum xlsx_kind xlsx_cell_kind(const struct xlsx_sheet *s, size_t row, size_t col);

/* The civil date of spreadsheet serial SERIAL (days, the fraction ignored) in the 1900
 * system (with Excel's phantom 1900-02-29, serial 60, refused) or the 1904 system, into OUT
 * as "YYYY-MM-DD". Returns false if SERIAL is not a date from 1900-01-01 to 9999-12-31. */
bool xlsx_serial_date(double serial, bool date1904, char out[11]);

void xlsx_sheet_free(struct xlsx_sheet *s);

#endif
