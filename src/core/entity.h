/* SPDX-License-Identifier: MIT */
/* Entities are declared once (fields, types, limits, Chinese labels); validation, JSON in
 * and out, list filters and sorting, CSV import and spreadsheet export are derived from the
 * declaration by the shared code here and in db/crud.c and io/xlsx.c.
 *
 * A record is a jansson object whose keys are the declared field names; the same names
 * are the table's column names. */
#ifndef YTH_CORE_ENTITY_H
#define YTH_CORE_ENTITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

enum ent_type {
	ENT_TEXT,      /* UTF-8 string; min/max are lengths in characters */
	ENT_INT,       /* int64; min/max are values */
	ENT_BOOL,      /* JSON true/false; stored as integer 0/1 */
	ENT_DATE,      /* ISO civil date "YYYY-MM-DD" */
	ENT_TIMESTAMP, /* ISO UTC time "YYYY-MM-DDTHH:MM:SSZ", always server-set */
	ENT_ENUM,      /* one of enums[].value */
	ENT_ID,        /* an entity id (36-character UUID text) */
	ENT_MONEY,     /* integer fen (分), int64 */
	ENT_JSON,      /* a JSON array or object, stored as text */
};

enum ent_flag {
	EF_REQUIRED = 1 << 0,    /* must be present (and not null) on create */
	EF_READONLY = 1 << 1,    /* set by the server only; refused in input */
	EF_FILTER = 1 << 2,      /* may be used as a list filter ?name=value */
	EF_SORT = 1 << 3,        /* may be used as ?sort=name / ?sort=-name */
	EF_SECRET = 1 << 4,      /* never leaves the server (e.g. password hash) */
	EF_IMMUTABLE = 1 << 5,   /* accepted on create, refused on update */
	EF_NOLIST = 1 << 6,      /* left out of lists and exports */
	EF_NULLABLE = 1 << 7,    /* JSON null accepted (clears the value on update) */
	EF_VIRTUAL = 1 << 8,     /* not a column: computed by the area or stored elsewhere */
};

struct ent_enum {
	const char *value; /* stored and sent as is */
	const char *label; /* Chinese */
};

struct ent_field {
	const char *name;  /* JSON key and column name */
	const char *label; /* Chinese label, used in errors, UI and export headers */
	enum ent_type type;
	unsigned flags;    /* enum ent_flag */
	int64_t min, max;  /* TEXT: length in characters; INT/MONEY: value; 0,0 = no limit */
	const struct ent_enum *enums; /* ENT_ENUM: terminated by {NULL, NULL} */
	/* Extra check of a present, well-typed value; returns true if valid. May be NULL. */
	bool (*check)(const json_t *value);
	const char *check_message; /* Chinese text for a failed check, e.g. "须为12位村级统计代码" */
	const char *rule;          /* rule id cited when the check fails, or NULL */
};

struct entity {
	const char *name;  /* e.g. "institution"; also the OpenAPI schema name */
	const char *label; /* Chinese, e.g. "机构" */
	const char *table; /* SQL table written to */
	const char *view;  /* SQL table or view read from (get, list), NULL = table */
	const struct ent_field *fields;
	size_t nfields;
	const char *default_sort; /* field name, "-" prefix for descending */
};

/* The columns every table has (created / updated time and user), declared once: put
 * ENT_STANDARD_FIELDS last in a field table. */
#define ENT_STANDARD_FIELDS                                                                 \
	{"created_at", "创建时间", ENT_TIMESTAMP, EF_READONLY | EF_NOLIST | EF_SORT},       \
	{"updated_at", "修改时间", ENT_TIMESTAMP, EF_READONLY | EF_SORT},                   \
	{"created_by", "创建人", ENT_TEXT, EF_READONLY | EF_NOLIST},                          \
	{"updated_by", "修改人", ENT_TEXT, EF_READONLY}

#define ENT_FIELDS(arr) .fields = (arr), .nfields = (sizeof(arr) / sizeof((arr)[0]))

enum ent_mode { ENT_CREATE, ENT_UPDATE };

/* The declared field NAME of E, or NULL. Borrowed. */
const struct ent_field *ent_field(const struct entity *e, const char *name);

/* Check IN (a JSON object, borrowed) against E for MODE: unknown fields, read-only
 * fields, immutable fields on update, required fields on create, JSON types, lengths,
 * ranges, enums, dates, and each field's check(). On the first failure fills ERR
 * (naming the field and its Chinese label) and returns -1; returns 0 if valid. */
int ent_validate(const struct entity *e, const json_t *in, enum ent_mode mode,
		 struct app_error *err);

/* Convert a text value (from CSV, a query string or a spreadsheet cell) of field F to
 * its JSON form: INT/MONEY parsed, BOOL from 1/0/true/false/是/否, empty text → NULL
 * (json null). Returns a new reference, or NULL with ERR filled on a bad value. */
json_t *ent_value_from_text(const struct ent_field *f, const char *text,
			    struct app_error *err);

/* Render a JSON value of field F as text for CSV or a spreadsheet cell (enum → its
 * Chinese label if LABELS, bool → 是/否). Returns a new malloc'd string; "" for null. */
char *ent_value_to_text(const struct ent_field *f, const json_t *value, bool labels);

/* A parsed list request: ?limit=&offset=&cursor=&sort=&<field>=<value>... */
#define ENT_MAX_FILTERS 8
struct ent_list {
	const struct entity *e;
	size_t nfilters;
	struct {
		const struct ent_field *field;
		json_t *value; /* owned */
	} filters[ENT_MAX_FILTERS];
	const struct ent_field *sort; /* NULL = e->default_sort */
	bool desc;
	int64_t limit;  /* 1..500, default 50 */
	int64_t offset; /* >= 0 */
};

/* Parse list parameters from N key/value pairs (borrowed) into OUT. Unknown keys, keys
 * that are not EF_FILTER fields, bad values, bad limit/offset/sort fill ERR and return -1.
 * Keys in IGNORE (NULL-terminated, may be NULL) are skipped: area-specific parameters. */
int ent_list_parse(const struct entity *e, size_t n, const char *const *keys,
		   const char *const *vals, const char *const *ignore, struct ent_list *out,
		   struct app_error *err);

/* Apply L's filters, sort and page to ITEMS, records computed in memory (borrowed). Returns
 * a new array of the page (references to the same records); *MORE if more follow and
 * *TOTAL (may be NULL) the number matching the filters. */
json_t *ent_list_apply(const struct ent_list *l, const json_t *items, bool *more, size_t *total);

/* Free the filter values of L (not L itself). */
void ent_list_clear(struct ent_list *l);

/* Drop EF_SECRET fields from REC in place (REC borrowed). */
void ent_strip_secret(const struct entity *e, json_t *rec);

/* True if TEXT is a valid ISO civil date YYYY-MM-DD (with real month lengths). */
bool ent_is_date(const char *text);

#endif
