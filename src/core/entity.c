/* SPDX-License-Identifier: MIT */
/* This file contains the shared code that derives validation, text conversion (CSV,
 * spreadsheets, query strings) and list parameters from an entity declaration. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"
#include "core/text.h"

const struct ent_field *ent_field(const struct entity *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

bool ent_is_date(const char *s)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

static const char *type_text(const struct ent_field *f)
{
	switch (f->type) {
	case ENT_TEXT:
	case ENT_ID:
	case ENT_TIMESTAMP:
		return "文本";
	case ENT_INT:
		return "整数";
	case ENT_BOOL:
		return "布尔值（true 或 false）";
	case ENT_DATE:
		return "日期（YYYY-MM-DD）";
	case ENT_ENUM:
		return "选项文本";
	case ENT_MONEY:
		return "金额（整数，单位：分）";
	case ENT_JSON:
		return "JSON 数组或对象";
	}
	return "值";
}

/* "许可证号（licence_no）": how every message names a field. */
#define FIELD_FMT "字段“%s”（%s）"

static int enum_error(const struct ent_field *f, struct app_error *err)
{
	char list[400] = "";
	size_t used = 0;
	for (const struct ent_enum *v = f->enums; v && v->value && used < sizeof(list); v++) {
		int n = snprintf(list + used, sizeof(list) - used, "%s%s（%s）",
				 used ? "、" : "", v->value, v->label);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	return err_set(err, ERR_INVALID, f->name, NULL, FIELD_FMT "应为以下之一：%s", f->label,
		       f->name, list);
}

static bool enum_has(const struct ent_field *f, const char *value)
{
	for (const struct ent_enum *v = f->enums; v && v->value; v++)
		if (strcmp(v->value, value) == 0)
			return true;
	return false;
}

/* Check one present value V of field F. Returns 0 or -1 with ERR. */
static int check_value(const struct ent_field *f, const json_t *v, struct app_error *err)
{
	if (json_is_null(v)) {
		if (f->flags & EF_NULLABLE)
			return 0;
		return err_set(err, ERR_TYPE, f->name, NULL, FIELD_FMT "不能为空（null）",
			       f->label, f->name);
	}
	switch (f->type) {
	case ENT_TEXT:
	case ENT_ID:
	case ENT_TIMESTAMP:
	case ENT_DATE:
	case ENT_ENUM:
		if (!json_is_string(v))
			return err_set(err, ERR_TYPE, f->name, NULL, FIELD_FMT "应为%s", f->label,
				       f->name, type_text(f));
		break;
	case ENT_INT:
	case ENT_MONEY:
		if (!json_is_integer(v))
			return err_set(err, ERR_TYPE, f->name, NULL, FIELD_FMT "应为%s", f->label,
				       f->name, type_text(f));
		break;
	case ENT_BOOL:
		if (!json_is_boolean(v))
			return err_set(err, ERR_TYPE, f->name, NULL, FIELD_FMT "应为%s", f->label,
				       f->name, type_text(f));
		break;
	case ENT_JSON:
		if (!json_is_array(v) && !json_is_object(v))
			return err_set(err, ERR_TYPE, f->name, NULL, FIELD_FMT "应为%s", f->label,
				       f->name, type_text(f));
		break;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (strlen(s) != json_string_length(v))
			return err_set(err, ERR_INVALID, f->name, NULL, FIELD_FMT "不能包含空字符",
				       f->label, f->name);
		size_t chars = text_utf8_chars(s);
		if ((f->min || f->max) &&
		    ((int64_t)chars < f->min || (f->max && (int64_t)chars > f->max)))
			return err_set(err, ERR_INVALID, f->name, NULL,
				       FIELD_FMT "长度应在 %" PRId64 " 至 %" PRId64 " 个字符之间",
				       f->label, f->name, f->min, f->max);
		if (f->type == ENT_DATE && !ent_is_date(s))
			return err_set(err, ERR_INVALID, f->name, NULL,
				       FIELD_FMT "应为有效日期，格式 YYYY-MM-DD", f->label, f->name);
		if (f->type == ENT_ENUM && !enum_has(f, s))
			return enum_error(f, err);
		if (f->type == ENT_ID && chars != 36)
			return err_set(err, ERR_INVALID, f->name, NULL, FIELD_FMT "不是有效的编号",
				       f->label, f->name);
	}
	if (json_is_integer(v) && (f->min || f->max)) {
		json_int_t i = json_integer_value(v);
		if (i < f->min || i > f->max)
			return err_set(err, ERR_INVALID, f->name, NULL,
				       FIELD_FMT "应在 %" PRId64 " 至 %" PRId64 " 之间", f->label,
				       f->name, f->min, f->max);
	}
	if (f->check && !f->check(v))
		return err_set(err, f->rule ? ERR_RULE : ERR_INVALID, f->name, f->rule,
			       FIELD_FMT "%s", f->label, f->name,
			       f->check_message ? f->check_message : "无效");
	return 0;
}

int ent_validate(const struct entity *e, const json_t *in, enum ent_mode mode,
		 struct app_error *err)
{
	if (!json_is_object(in))
		return err_set(err, ERR_BAD_JSON, NULL, NULL, NULL);
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)in, key, v)
	{
		const struct ent_field *f = ent_field(e, key);
		if (!f)
			return err_set(err, ERR_UNKNOWN_FIELD, key, NULL, "%s不包含字段“%s”",
				       e->label, key);
		if (f->flags & (EF_READONLY | EF_SECRET))
			return err_set(err, ERR_UNKNOWN_FIELD, key, NULL,
				       FIELD_FMT "由系统生成，不可填写", f->label, f->name);
		if (mode == ENT_UPDATE && (f->flags & EF_IMMUTABLE))
			return err_set(err, ERR_INVALID, key, NULL, FIELD_FMT "创建后不可修改",
				       f->label, f->name);
		if (check_value(f, v, err) != 0)
			return -1;
	}
	if (mode == ENT_CREATE) {
		for (size_t i = 0; i < e->nfields; i++) {
			const struct ent_field *f = &e->fields[i];
			if (!(f->flags & EF_REQUIRED))
				continue;
			json_t *value = json_object_get(in, f->name);
			if (!value || json_is_null(value))
				return err_set(err, ERR_REQUIRED, f->name, NULL,
					       "缺少必填" FIELD_FMT, f->label, f->name);
		}
	}
	return 0;
}

static bool parse_int(const char *s, int64_t *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end)
		return false;
	*out = v;
	return true;
}

json_t *ent_value_from_text(const struct ent_field *f, const char *text, struct app_error *err)
{
	while (*text == ' ' || *text == '\t')
		text++;
	size_t len = strlen(text);
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t' || text[len - 1] == '\r'))
		len--;
	if (len == 0)
		return json_null();
	/* Plain text needs no copy of its own (the common case of an import). */
	if (f->type == ENT_TEXT || f->type == ENT_ID || f->type == ENT_DATE) {
		json_t *out = json_stringn(text, len);
		if (!out)
			err_set(err, ERR_INVALID, f->name, NULL, FIELD_FMT "不是有效的 UTF-8 文本",
				f->label, f->name);
		return out;
	}
	char *s = strndup(text, len);
	if (!s) {
		err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
		return NULL;
	}
	json_t *out = NULL;
	int64_t i;
	switch (f->type) {
	case ENT_INT:
	case ENT_MONEY:
		if (parse_int(s, &i))
			out = json_integer(i);
		else
			err_set(err, ERR_TYPE, f->name, NULL, FIELD_FMT "应为%s，实为“%s”", f->label,
				f->name, type_text(f), s);
		break;
	case ENT_BOOL:
		if (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "是"))
			out = json_true();
		else if (!strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "否"))
			out = json_false();
		else
			err_set(err, ERR_TYPE, f->name, NULL, FIELD_FMT "应为 是/否，实为“%s”",
				f->label, f->name, s);
		break;
	case ENT_JSON:
		out = json_loads(s, JSON_DECODE_ANY, NULL);
		if (!out)
			err_set(err, ERR_TYPE, f->name, NULL, FIELD_FMT "应为%s", f->label, f->name,
				type_text(f));
		break;
	case ENT_ENUM:
		/* Accept the Chinese label as well as the value (spreadsheets carry labels). */
		for (const struct ent_enum *v = f->enums; v && v->value; v++)
			if (!strcmp(v->label, s)) {
				out = json_string(v->value);
				break;
			}
		if (!out)
			out = json_string(s);
		break;
	default:
		out = json_string(s);
		break;
	}
	free(s);
	return out;
}

char *ent_value_to_text(const struct ent_field *f, const json_t *v, bool labels)
{
	char buf[32];
	if (!v || json_is_null(v))
		return strdup("");
	if (json_is_boolean(v))
		return strdup(labels ? (json_is_true(v) ? "是" : "否") : (json_is_true(v) ? "1" : "0"));
	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return strdup(buf);
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (labels && f->type == ENT_ENUM)
			for (const struct ent_enum *e = f->enums; e && e->value; e++)
				if (!strcmp(e->value, s))
					return strdup(e->label);
		return strdup(s);
	}
	if (json_is_array(v)) {
		/* Arrays of strings are joined with the Chinese enumeration comma. */
		size_t cap = 1, i;
		json_t *item;
		json_array_foreach(v, i, item) cap += json_is_string(item) ? json_string_length(item) + 3 : 0;
		char *out = calloc(1, cap);
		if (!out)
			return NULL;
		json_array_foreach(v, i, item)
		{
			if (!json_is_string(item))
				continue;
			if (*out)
				strcat(out, "、");
			strcat(out, json_string_value(item));
		}
		return out;
	}
	return json_dumps(v, JSON_COMPACT);
}

int ent_list_parse(const struct entity *e, size_t n, const char *const *keys,
		   const char *const *vals, const char *const *ignore, struct ent_list *out,
		   struct app_error *err)
{
	memset(out, 0, sizeof(*out));
	out->e = e;
	out->limit = 50;
	for (size_t i = 0; i < n; i++) {
		const char *k = keys[i], *v = vals[i] ? vals[i] : "";
		bool skip = false;
		for (const char *const *g = ignore; g && *g; g++)
			skip = skip || !strcmp(*g, k);
		if (skip)
			continue;
		if (!strcmp(k, "limit")) {
			if (!parse_int(v, &out->limit) || out->limit < 1 || out->limit > 500)
				goto fail_param;
		} else if (!strcmp(k, "offset") || !strcmp(k, "cursor")) {
			if (!parse_int(v, &out->offset) || out->offset < 0)
				goto fail_param;
		} else if (!strcmp(k, "sort")) {
			bool desc = v[0] == '-';
			const struct ent_field *f = ent_field(e, v + desc);
			if (!f || !(f->flags & EF_SORT)) {
				err_set(err, ERR_BAD_REQUEST, "sort", NULL, "不能按“%s”排序", v);
				goto fail;
			}
			out->sort = f;
			out->desc = desc;
		} else {
			const struct ent_field *f = ent_field(e, k);
			if (!f || !(f->flags & EF_FILTER)) {
				err_set(err, ERR_BAD_REQUEST, k, NULL, "不能按“%s”筛选%s", k, e->label);
				goto fail;
			}
			if (out->nfilters == ENT_MAX_FILTERS) {
				err_set(err, ERR_BAD_REQUEST, k, NULL, "筛选条件过多");
				goto fail;
			}
			json_t *value = ent_value_from_text(f, v, err);
			if (!value) {
				err->code = ERR_BAD_REQUEST;
				goto fail;
			}
			if (check_value(f, value, err) != 0 && !json_is_null(value)) {
				err->code = ERR_BAD_REQUEST; /* a bad query string is a bad request */
				json_decref(value);
				goto fail;
			}
			out->filters[out->nfilters].field = f;
			out->filters[out->nfilters].value = value;
			out->nfilters++;
		}
	}
	return 0;
fail_param:
	err_set(err, ERR_BAD_REQUEST, NULL, NULL,
		"分页参数无效：limit 应为 1–500，offset 应为非负整数");
fail:
	ent_list_clear(out);
	return -1;
}

static bool matches(const struct ent_list *l, const json_t *rec)
{
	for (size_t i = 0; i < l->nfilters; i++) {
		json_t *v = json_object_get(rec, l->filters[i].field->name);
		if (!json_equal(v ? v : json_null(), l->filters[i].value))
			return false;
	}
	return true;
}

/* qsort has no context argument: the sort key travels in a thread-local. */
static _Thread_local const struct ent_list *sorting;

static int by_sort_field(const void *a, const void *b)
{
	const json_t *x = json_object_get(*(json_t *const *)a, sorting->sort->name);
	const json_t *y = json_object_get(*(json_t *const *)b, sorting->sort->name);
	int c;
	if (json_is_integer(x) && json_is_integer(y))
		c = json_integer_value(x) < json_integer_value(y)   ? -1
		    : json_integer_value(x) > json_integer_value(y) ? 1
								    : 0;
	else
		c = strcmp(json_is_string(x) ? json_string_value(x) : "",
			   json_is_string(y) ? json_string_value(y) : "");
	return sorting->desc ? -c : c;
}

json_t *ent_list_apply(const struct ent_list *l, const json_t *items, bool *more, size_t *total)
{
	size_t n = json_array_size(items), kept = 0, i;
	json_t **list = calloc(n ? n : 1, sizeof(*list));
	json_t *rec, *page = json_array();
	if (!list || !page) {
		free(list);
		json_decref(page);
		return NULL;
	}
	json_array_foreach(items, i, rec) if (matches(l, rec)) list[kept++] = rec;
	if (l->sort) {
		sorting = l;
		qsort(list, kept, sizeof(*list), by_sort_field);
	}
	for (size_t k = (size_t)l->offset; k < kept && k < (size_t)(l->offset + l->limit); k++)
		json_array_append(page, list[k]);
	*more = (size_t)(l->offset + l->limit) < kept;
	if (total)
		*total = kept;
	free(list);
	return page;
}

void ent_list_clear(struct ent_list *l)
{
	for (size_t i = 0; i < l->nfilters; i++)
		json_decref(l->filters[i].value);
	l->nfilters = 0;
}

void ent_strip_secret(const struct entity *e, json_t *rec)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (e->fields[i].flags & EF_SECRET)
			json_object_del(rec, e->fields[i].name);
}
