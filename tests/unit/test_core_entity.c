/* SPDX-License-Identifier: MIT */
/* Unit tests of core/entity.c: validation, text conversion and list parameters derived
 * from a declaration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/entity.h"

static const struct ent_enum colours[] = {{"red", "红"}, {"green", "绿"}, {NULL, NULL}};

static bool even(const json_t *v)
{
	return json_integer_value(v) % 2 == 0;
}

static const struct ent_field fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY},
	{"name", "名称", ENT_TEXT, EF_REQUIRED | EF_SORT, 2, 4},
	{"colour", "颜色", ENT_ENUM, EF_FILTER, .enums = colours},
	{"count", "数量", ENT_INT, EF_FILTER | EF_SORT | EF_NULLABLE, 0, 100, .check = even,
	 .check_message = "须为偶数", .rule = "XX-TST-1"},
	{"on", "日期", ENT_DATE, EF_IMMUTABLE},
	{"paid", "金额", ENT_MONEY, 0},
	{"ok", "启用", ENT_BOOL, EF_FILTER},
};

static const struct entity thing = {.name = "thing", .label = "物品", .table = "things",
				    ENT_FIELDS(fields)};

static int check(const char *text, enum ent_mode mode, struct app_error *err)
{
	json_t *in = json_loads(text, 0, NULL);
	assert_non_null(in);
	int rc = ent_validate(&thing, in, mode, err);
	json_decref(in);
	return rc;
}

static void valid_record_passes(void **state)
{
	(void)state;
	struct app_error err;
	assert_int_equal(check("{\"name\":\"张三\",\"colour\":\"red\",\"count\":4,\"on\":\"2024-02-29\","
			       "\"paid\":1999,\"ok\":true}",
			       ENT_CREATE, &err),
			 0);
}

static void unknown_and_readonly_fields_are_refused(void **state)
{
	(void)state;
	struct app_error err;
	assert_int_equal(check("{\"name\":\"张三\",\"size\":1}", ENT_CREATE, &err), -1);
	assert_int_equal(err.code, ERR_UNKNOWN_FIELD);
	assert_string_equal(err.field, "size");
	assert_int_equal(check("{\"name\":\"张三\",\"id\":\"x\"}", ENT_CREATE, &err), -1);
	assert_string_equal(err.field, "id");
}

static void missing_required_field_is_named(void **state)
{
	(void)state;
	struct app_error err;
	assert_int_equal(check("{\"colour\":\"red\"}", ENT_CREATE, &err), -1);
	assert_int_equal(err.code, ERR_REQUIRED);
	assert_string_equal(err.field, "name");
	assert_non_null(strstr(err.message, "名称"));
	/* an update need not carry it */
	assert_int_equal(check("{\"colour\":\"red\"}", ENT_UPDATE, &err), 0);
}

static void length_counts_characters_not_bytes(void **state)
{
	(void)state;
	struct app_error err;
	assert_int_equal(check("{\"name\":\"四个汉字\"}", ENT_CREATE, &err), 0);
	assert_int_equal(check("{\"name\":\"五个汉字啊\"}", ENT_CREATE, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_int_equal(check("{\"name\":\"一\"}", ENT_CREATE, &err), -1);
}

static void types_ranges_enums_and_dates(void **state)
{
	(void)state;
	struct app_error err;
	assert_int_equal(check("{\"name\":\"张三\",\"count\":\"4\"}", ENT_CREATE, &err), -1);
	assert_int_equal(err.code, ERR_TYPE);
	assert_int_equal(check("{\"name\":\"张三\",\"count\":102}", ENT_CREATE, &err), -1);
	assert_int_equal(err.code, ERR_INVALID);
	assert_int_equal(check("{\"name\":\"张三\",\"colour\":\"blue\"}", ENT_CREATE, &err), -1);
	assert_non_null(strstr(err.message, "red（红）"));
	assert_int_equal(check("{\"name\":\"张三\",\"on\":\"2023-02-29\"}", ENT_CREATE, &err), -1);
	assert_string_equal(err.field, "on");
	assert_int_equal(check("{\"name\":\"张三\",\"paid\":1.5}", ENT_CREATE, &err), -1);
	assert_int_equal(err.code, ERR_TYPE);
	assert_int_equal(check("{\"name\":\"张三\",\"count\":null}", ENT_CREATE, &err), 0);
	assert_int_equal(check("{\"name\":null}", ENT_UPDATE, &err), -1);
}

static void a_failed_check_cites_its_rule(void **state)
{
	(void)state;
	struct app_error err;
	assert_int_equal(check("{\"name\":\"张三\",\"count\":3}", ENT_CREATE, &err), -1);
	assert_int_equal(err.code, ERR_RULE);
	assert_string_equal(err.rule, "XX-TST-1");
	assert_non_null(strstr(err.message, "须为偶数"));
}

static void immutable_fields_refused_on_update(void **state)
{
	(void)state;
	struct app_error err;
	assert_int_equal(check("{\"on\":\"2024-01-01\"}", ENT_UPDATE, &err), -1);
	assert_string_equal(err.field, "on");
}

static void text_values_convert_by_type(void **state)
{
	(void)state;
	struct app_error err;
	json_t *v = ent_value_from_text(ent_field(&thing, "count"), " 42 ", &err);
	assert_int_equal(json_integer_value(v), 42);
	json_decref(v);
	v = ent_value_from_text(ent_field(&thing, "ok"), "是", &err);
	assert_true(json_is_true(v));
	json_decref(v);
	v = ent_value_from_text(ent_field(&thing, "colour"), "绿", &err);
	assert_string_equal(json_string_value(v), "green");
	json_decref(v);
	v = ent_value_from_text(ent_field(&thing, "count"), "", &err);
	assert_true(json_is_null(v));
	json_decref(v);
	assert_null(ent_value_from_text(ent_field(&thing, "count"), "4x", &err));
	assert_string_equal(err.field, "count");
	json_t *g = json_string("green");
	char *text = ent_value_to_text(ent_field(&thing, "colour"), g, true);
	assert_string_equal(text, "绿");
	free(text);
	json_decref(g);
}

static void list_parameters_parse_and_apply(void **state)
{
	(void)state;
	struct app_error err;
	struct ent_list l;
	const char *keys[] = {"colour", "sort", "limit", "offset"};
	const char *vals[] = {"red", "-count", "2", "1"};
	assert_int_equal(ent_list_parse(&thing, 4, keys, vals, NULL, &l, &err), 0);
	assert_int_equal(l.nfilters, 1);
	assert_true(l.desc);
	json_t *items = json_loads("[{\"colour\":\"red\",\"count\":1},{\"colour\":\"green\",\"count\":9},"
				   "{\"colour\":\"red\",\"count\":5},{\"colour\":\"red\",\"count\":3}]",
				   0, NULL);
	bool more;
	size_t total;
	json_t *page = ent_list_apply(&l, items, &more, &total);
	assert_int_equal(total, 3);
	assert_int_equal(json_array_size(page), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(page, 0), "count")), 3);
	assert_false(more);
	json_decref(page);
	json_decref(items);
	ent_list_clear(&l);
	const char *bad_keys[] = {"name"};
	const char *bad_vals[] = {"x"};
	assert_int_equal(ent_list_parse(&thing, 1, bad_keys, bad_vals, NULL, &l, &err), -1);
	assert_int_equal(err.code, ERR_BAD_REQUEST);
	const char *limit_keys[] = {"limit"};
	const char *limit_vals[] = {"501"};
	assert_int_equal(ent_list_parse(&thing, 1, limit_keys, limit_vals, NULL, &l, &err), -1);
}

static void dates_know_month_lengths(void **state)
{
	(void)state;
	assert_true(ent_is_date("2024-02-29"));
	assert_false(ent_is_date("2100-02-29"));
	assert_true(ent_is_date("2000-02-29"));
	assert_false(ent_is_date("2026-04-31"));
	assert_false(ent_is_date("2026-4-1"));
	assert_false(ent_is_date(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_record_passes),
		cmocka_unit_test(unknown_and_readonly_fields_are_refused),
		cmocka_unit_test(missing_required_field_is_named),
		cmocka_unit_test(length_counts_characters_not_bytes),
		cmocka_unit_test(types_ranges_enums_and_dates),
		cmocka_unit_test(a_failed_check_cites_its_rule),
		cmocka_unit_test(immutable_fields_refused_on_update),
		cmocka_unit_test(text_values_convert_by_type),
		cmocka_unit_test(list_parameters_parse_and_apply),
		cmocka_unit_test(dates_know_month_lengths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
