/* SPDX-License-Identifier: MIT */
/* Spreadsheet (.xlsx) export derived from an entity declaration (core/entity.h). */
#ifndef YTH_IO_XLSX_H
#define YTH_IO_XLSX_H

#include <jansson.h>
#include <stddef.h>

#include "core/entity.h"

/* ITEMS: JSON array of records of E (borrowed). Writes a workbook with one sheet named
 * TITLE (Chinese, at most 31 characters; characters Excel forbids in sheet names, []:*?/\,
 * become "_" and a longer title is cut): a bold, frozen header row of the fields' Chinese
 * labels (EF_SECRET and EF_NOLIST fields left out) with an autofilter, then one row per
 * record: enums as their Chinese labels, booleans 是/否, integers as numbers, ENT_MONEY as
 * yuan (fen/100) with the number format 0.00, dates as text YYYY-MM-DD, JSON arrays joined
 * with "、", null as an empty cell; columns as wide as their longest text.
 * Returns 0 and a new malloc'd buffer in *OUT (*LEN bytes; caller frees), or -1 (logged
 * on stderr) with *OUT untouched. */
int xlsx_export(const struct entity *e, const json_t *items, const char *title, char **out,
                size_t *len);

/* Make a workbook in memory: FILL (with CLS) writes its sheets into WB; the workbook is
 * written to a private temporary file (libxlsxwriter writes files only), read back and
 * removed. Returns 0 and a new buffer in *OUT (*LEN bytes; caller frees), or -1 (logged).
 * FILL returns 0 or -1. */
typedef struct lxw_workbook lxw_workbook;
int xlsx_build(int (*fill)(lxw_workbook *wb, void *cls), void *cls, char **out, size_t *len);

/* ERR from libxlsxwriter while doing WHAT: 0 if none, else -1 (logged). */
int xlsx_check(int err, const char *what);

#endif
