/* SPDX-License-Identifier: MIT */
/* This file contains the SQL derived from entity declarations: insert, update, get, list,
 * and the conversion of a result row back into a JSON record. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/crud.h"

#define MAX_COLS 64

/* A growable SQL text. Statements are small; on allocation failure the text is dropped and
 * the caller sees NULL. */
struct sql {
	char *text;
	size_t len, cap;
};

static void add(struct sql *q, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct sql *q, const char *fmt, ...)
{
	if (!q->text && q->cap == SIZE_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || q->len + (size_t)n + 1 > q->cap) {
		size_t cap = (q->cap ? q->cap * 2 : 256) + (size_t)(n > 0 ? n : 0);
		char *t = realloc(q->text, cap);
		if (!t || n < 0) {
			free(q->text);
			q->text = NULL;
			q->cap = SIZE_MAX;
			return;
		}
		q->text = t;
		q->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(q->text + q->len, q->cap - q->len, fmt, ap);
	va_end(ap);
	q->len += (size_t)n;
}

static bool is_column(const struct ent_field *f)
{
	return !(f->flags & EF_VIRTUAL);
}

/* Values bound for one statement; JSON texts are owned here and freed by unbind(). */
struct binds {
	struct db_val v[MAX_COLS + 16];
	char *owned[MAX_COLS + 16];
	size_t n, nowned;
};

static int bind(struct binds *b, const struct ent_field *f, const json_t *value)
{
	if (b->n >= sizeof(b->v) / sizeof(b->v[0]))
		return -1;
	if (f && f->type == ENT_JSON && value && !json_is_null(value)) {
		char *text = json_dumps(value, JSON_COMPACT);
		if (!text)
			return -1;
		b->owned[b->nowned++] = text;
		b->v[b->n++] = DB_TEXT(text);
		return 0;
	}
	b->v[b->n++] = f ? crud_bind(f, value) : DB_NULL;
	return 0;
}

static void unbind(struct binds *b)
{
	for (size_t i = 0; i < b->nowned; i++)
		free(b->owned[i]);
	b->nowned = 0;
	b->n = 0;
}

struct db_val crud_bind(const struct ent_field *f, const json_t *v)
{
	if (!v || json_is_null(v))
		return DB_NULL;
	switch (f->type) {
	case ENT_BOOL:
		return DB_INT(json_is_true(v) ? 1 : 0);
	case ENT_INT:
	case ENT_MONEY:
		return DB_INT(json_integer_value(v));
	default:
		return DB_TEXT(json_string_value(v));
	}
}

int crud_insert(struct db *db, const struct entity *e, const json_t *rec, const json_t *extra,
		const char *by)
{
	struct sql cols = {0}, vals = {0};
	struct binds b = {0};
	char now[21];
	int rc = DB_HARD;
	db_now(now);
	add(&cols, "INSERT INTO %s (", e->table);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct ent_field *f = &e->fields[i];
		json_t *v = json_object_get(rec, f->name);
		if (!v || !is_column(f))
			continue;
		if (bind(&b, f, v) != 0)
			goto out_free;
		add(&cols, "%s, ", f->name);
		add(&vals, "$%zu, ", b.n);
	}
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)extra, key, v)
	{
		if (json_object_get(rec, key))
			continue; /* given twice: the record wins */
		if (b.n >= MAX_COLS)
			goto out_free;
		b.v[b.n++] = json_is_integer(v) ? DB_INT(json_integer_value(v))
			     : json_is_boolean(v) ? DB_INT(json_is_true(v))
						   : DB_TEXT(json_string_value(v));
		add(&cols, "%s, ", key);
		add(&vals, "$%zu, ", b.n);
	}
	b.v[b.n++] = DB_TEXT(now);
	b.v[b.n++] = DB_TEXT(by);
	add(&cols, "created_at, updated_at, created_by, updated_by) VALUES (%s$%zu, $%zu, $%zu, $%zu)",
	    vals.text ? vals.text : "", b.n - 1, b.n - 1, b.n, b.n);
	if (cols.text)
		rc = db_exec(db, cols.text, b.v, b.n, NULL);
out_free:
	unbind(&b);
	free(vals.text);
	free(cols.text);
	return rc;
}

int crud_update(struct db *db, const struct entity *e, const char *key_field, const char *key,
		const json_t *changes, const char *by)
{
	struct sql q = {0};
	struct binds b = {0};
	char now[21];
	int rc = DB_HARD;
	db_now(now);
	add(&q, "UPDATE %s SET ", e->table);
	for (size_t i = 0; i < e->nfields; i++) {
		const struct ent_field *f = &e->fields[i];
		json_t *v = json_object_get(changes, f->name);
		if (!v || !is_column(f))
			continue;
		if (bind(&b, f, v) != 0)
			goto out_free;
		add(&q, "%s = $%zu, ", f->name, b.n);
	}
	b.v[b.n++] = DB_TEXT(now);
	b.v[b.n++] = DB_TEXT(by);
	b.v[b.n++] = DB_TEXT(key);
	add(&q, "updated_at = $%zu, updated_by = $%zu WHERE %s = $%zu", b.n - 2, b.n - 1,
	    key_field, b.n);
	if (q.text)
		rc = db_exec(db, q.text, b.v, b.n, NULL);
out_free:
	unbind(&b);
	free(q.text);
	return rc;
}

static void add_columns(struct sql *q, const struct entity *e)
{
	bool first = true;
	for (size_t i = 0; i < e->nfields; i++) {
		if (!is_column(&e->fields[i]))
			continue;
		add(q, "%s%s", first ? "" : ", ", e->fields[i].name);
		first = false;
	}
}

json_t *crud_row(const struct entity *e, const struct db_res *res, size_t row)
{
	json_t *rec = json_object();
	if (!rec)
		return NULL;
	for (size_t c = 0; c < db_res_cols(res); c++) {
		const struct ent_field *f = ent_field(e, db_res_colname(res, c));
		if (!f)
			continue;
		json_t *v;
		if (db_res_null(res, row, c)) {
			v = json_null();
		} else {
			switch (f->type) {
			case ENT_INT:
			case ENT_MONEY:
				v = json_integer(db_res_int(res, row, c));
				break;
			case ENT_BOOL:
				v = json_boolean(db_res_int(res, row, c) != 0);
				break;
			case ENT_JSON:
				v = json_loads(db_res_text(res, row, c), 0, NULL);
				if (!v)
					v = json_null();
				break;
			default:
				v = json_string(db_res_text(res, row, c));
				break;
			}
		}
		json_object_set_new(rec, f->name, v);
	}
	return rec;
}

int crud_get(struct db *db, const struct entity *e, const char *key_field, const char *key,
	     json_t **out)
{
	struct sql q = {0};
	struct db_res *res = NULL;
	*out = NULL;
	add(&q, "SELECT ");
	add_columns(&q, e);
	add(&q, " FROM %s WHERE %s = $1", e->view ? e->view : e->table, key_field);
	if (!q.text)
		return DB_HARD;
	int rc = db_exec(db, q.text, DB_PARAMS(DB_TEXT(key)), &res);
	free(q.text);
	if (rc < 0)
		return rc;
	if (db_res_rows(res) == 0) {
		db_res_free(res);
		return DB_NONE;
	}
	*out = crud_row(e, res, 0);
	db_res_free(res);
	return *out ? DB_ONE : DB_HARD;
}

json_t *crud_get_view(struct db *db, const struct entity *e, const char *id,
		      int (*complete)(struct db *db, json_t *items), struct app_error *err)
{
	json_t *rec = NULL;
	int rc = crud_get(db, e, "id", id, &rec);
	if (rc == DB_NONE) {
		err_set(err, ERR_NOT_FOUND, NULL, NULL, "%s不存在", e->label);
		return NULL;
	}
	json_t *items = rc > 0 ? json_pack("[O]", rec) : NULL;
	if (!items || (complete && complete(db, items) < 0)) {
		json_decref(items);
		json_decref(rec);
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	json_decref(items);
	return rec;
}

int crud_list(struct db *db, const struct entity *e, const char *key_field,
	      const struct ent_list *l, const char *where, const struct db_val *where_params,
	      size_t nwhere, json_t **items, bool *more)
{
	struct sql q = {0};
	struct binds b = {0};
	struct db_res *res = NULL;
	int rc = DB_HARD;
	*items = NULL;
	*more = false;
	if (nwhere > MAX_COLS)
		return DB_HARD;
	for (size_t i = 0; i < nwhere; i++)
		b.v[b.n++] = where_params[i];
	add(&q, "SELECT ");
	add_columns(&q, e);
	add(&q, " FROM %s WHERE 1 = 1", e->view ? e->view : e->table);
	if (where)
		add(&q, " AND (%s)", where);
	for (size_t i = 0; i < l->nfilters; i++) {
		const struct ent_field *f = l->filters[i].field;
		if (json_is_null(l->filters[i].value)) {
			add(&q, " AND %s IS NULL", f->name);
			continue;
		}
		if (bind(&b, f, l->filters[i].value) != 0)
			goto out_free;
		add(&q, " AND %s = $%zu", f->name, b.n);
	}
	const struct ent_field *sort = l->sort;
	bool desc = l->desc;
	if (!sort && e->default_sort) {
		desc = e->default_sort[0] == '-';
		sort = ent_field(e, e->default_sort + desc);
	}
	if (sort && is_column(sort))
		add(&q, " ORDER BY %s %s, %s", sort->name, desc ? "DESC" : "ASC", key_field);
	else
		add(&q, " ORDER BY %s", key_field);
	b.v[b.n++] = DB_INT(l->limit + 1);
	b.v[b.n++] = DB_INT(l->offset);
	add(&q, " LIMIT $%zu OFFSET $%zu", b.n - 1, b.n);
	if (!q.text)
		goto out_free;
	rc = db_exec(db, q.text, b.v, b.n, &res);
	if (rc < 0)
		goto out_free;
	size_t rows = db_res_rows(res);
	if (rows > (size_t)l->limit) {
		*more = true;
		rows = (size_t)l->limit;
	}
	*items = json_array();
	for (size_t r = 0; r < rows && *items; r++)
		json_array_append_new(*items, crud_row(e, res, r));
	rc = *items ? (int)rows : DB_HARD;
	db_res_free(res);
out_free:
	unbind(&b);
	free(q.text);
	return rc;
}

int crud_list_scoped(struct db *db, const struct entity *e, const char *scope,
		     const struct ent_list *l, json_t **items, bool *more)
{
	return crud_list(db, e, "id", l, DB_IN_SUBTREE("path"), DB_PARAMS(DB_TEXT(scope)), items,
			 more);
}
