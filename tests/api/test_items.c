/* SPDX-License-Identifier: MIT */
/* API tests of the catalogue (药械目录): an item is created in the signed-in user's county,
 * the same item twice is a conflict, an approval number that does not fit the kind is
 * refused naming the field, each county sees its own catalogue, the bulk import (CSV in
 * UTF-8 or GB18030, .xlsx) writes all or nothing and lists every bad row, and the export is
 * a workbook. Demo data, both backends. Every item here has an approval number of its own
 * (a sequence), so that the demo's catalogue does not matter. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "harness.h"

#define HEADER "类别,通用名,剂型,规格,包装单位,基本单位,包装含量,生产企业,批准文号,基本药物\n"

/* Every approval number of these tests is new: 国药准字H9<seq>. */
static int next_seq = 1000;

static long long count_sql(struct srv *s, const char *sql)
{
	char *v = srv_sql_value(s, sql);
	assert_non_null(v);
	long long n = atoll(v);
	free(v);
	return n;
}

static long long items_count(struct srv *s)
{
	return count_sql(s, "SELECT count(*) FROM items");
}

/* The county code of C's institution. */
static void own_county(struct api_client *c, char out[16])
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s", api_jstr(c->user, "institution_id"));
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	snprintf(out, 16, "%s", api_jstr(res->json, "county_code"));
}

/* POST a drug named NAME with a fresh approval number (into APPROVAL, 32 bytes). */
static struct api_res *post_drug(struct api_client *c, const char *name, char approval[32])
{
	snprintf(approval, 32, "国药准字H9%07d", next_seq++);
	return api_sendf(c, "POST", "/api/v1/items",
			 "{\"kind\": \"drug\", \"generic_name\": \"%s\", \"dosage_form\": \"片剂\", "
			 "\"strength\": \"0.25g\", \"package_unit\": \"盒\", \"base_unit\": \"片\", "
			 "\"units_per_package\": 24, \"approval_no\": \"%s\", \"essential\": true}",
			 name, approval);
}

static void an_item_is_created_in_the_users_county(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char approval[32], county[16];
	own_county(c, county);
	struct api_res *res = post_drug(c, "阿莫西林胶囊", approval);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "county_code"), county);
	assert_string_equal(api_jstr(res->json, "approval_no"), approval);
	assert_int_equal(api_jint(res->json, "units_per_package"), 24);
	assert_true(json_is_true(api_jget(res->json, "essential")));
	assert_true(json_is_true(api_jget(res->json, "active")));
	api_client_free(c);
}

/* The catalogue is the county's: centres and clinics read it and do not write it. */
static void only_the_county_keeps_the_catalogue(void **state)
{
	struct srv *s = *state;
	const char *users[] = {"pharmacy", "centre", "clinic", "finance"};
	char approval[32];
	for (size_t i = 0; i < 4; i++) {
		struct api_client *c = api_login(s, users[i]);
		assert_error(post_drug(c, "头孢氨苄片", approval), 403, "forbidden", NULL, NULL);
		api_client_free(c);
	}
}

static void the_same_item_twice_is_a_conflict(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char approval[32];
	assert_status(post_drug(c, "氨溴索片", approval), 201);
	long long before = items_count(s);
	struct api_res *res = api_sendf(
		c, "POST", "/api/v1/items",
		"{\"kind\": \"drug\", \"generic_name\": \"氨溴索片\", \"strength\": \"0.25g\", "
		"\"package_unit\": \"盒\", \"base_unit\": \"片\", \"units_per_package\": 24, "
		"\"approval_no\": \"%s\"}",
		approval);
	assert_error(res, 409, "conflict", "approval_no", NULL);
	assert_int_equal(items_count(s), before);
	api_client_free(c);
}

static void an_approval_number_of_another_kind_is_refused_naming_the_field(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	/* A drug with a device registration number, then a device with a drug's number. */
	struct api_res *res = api_post(
		c, "/api/v1/items",
		"{\"kind\": \"drug\", \"generic_name\": \"维生素C片\", \"package_unit\": \"瓶\", "
		"\"base_unit\": \"片\", \"units_per_package\": 100, \"approval_no\": "
		"\"国械注准20153140001\"}");
	assert_error(res, 422, "invalid_field", "approval_no", NULL);
	res = api_post(c, "/api/v1/items",
		       "{\"kind\": \"device\", \"generic_name\": \"电子血压计\", \"package_unit\": "
		       "\"台\", \"base_unit\": \"台\", \"units_per_package\": 1, \"approval_no\": "
		       "\"国药准字H20000001\"}");
	assert_error(res, 422, "invalid_field", "approval_no", NULL);
	/* The right register is accepted. */
	res = api_post(c, "/api/v1/items",
		       "{\"kind\": \"device\", \"generic_name\": \"电子血压计\", \"package_unit\": "
		       "\"台\", \"base_unit\": \"台\", \"units_per_package\": 1, \"approval_no\": "
		       "\"苏械注准20192070999\"}");
	assert_status(res, 201);
	api_client_free(c);
}

static void an_update_keeps_the_approval_number_fitting_the_kind(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char approval[32], path[128];
	struct api_res *res = post_drug(c, "甲硝唑片", approval);
	assert_status(res, 201);
	snprintf(path, sizeof(path), "/api/v1/items/%s", api_jstr(res->json, "id"));
	res = api_patch(c, path, "{\"approval_no\": \"械备20200001\"}");
	assert_error(res, 422, "invalid_field", "approval_no", NULL);
	res = api_patch(c, path, "{\"active\": false, \"category\": \"抗感染药\"}");
	assert_status(res, 200);
	assert_true(json_is_false(api_jget(res->json, "active")));
	assert_string_equal(api_jstr(res->json, "category"), "抗感染药");
	api_client_free(c);
}

static void an_administrator_names_a_county_and_it_must_be_one(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "admin");
	struct api_res *res = api_post(
		c, "/api/v1/items",
		"{\"kind\": \"drug\", \"generic_name\": \"二甲双胍片\", \"package_unit\": \"盒\", "
		"\"base_unit\": \"片\", \"units_per_package\": 48, \"approval_no\": "
		"\"国药准字H90000001\"}");
	assert_error(res, 422, "required", "county_code", NULL);
	res = api_post(c, "/api/v1/items",
		       "{\"county_code\": \"361100\", \"kind\": \"drug\", \"generic_name\": "
		       "\"二甲双胍片\", \"package_unit\": \"盒\", \"base_unit\": \"片\", "
		       "\"units_per_package\": 48, \"approval_no\": \"国药准字H90000001\"}");
	assert_error(res, 422, "invalid_field", "county_code", NULL);
	api_client_free(c);
}

static void a_hengfeng_item_is_not_in_liubeis_catalogue(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_res *res = api_post(
		admin, "/api/v1/items",
		"{\"county_code\": \"361125\", \"kind\": \"drug\", \"generic_name\": "
		"\"横峰专用硝苯地平片\", \"package_unit\": \"盒\", \"base_unit\": \"片\", "
		"\"units_per_package\": 30, \"approval_no\": \"国药准字H93611250\"}");
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "county_code"), "361125");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/items/%s", api_jstr(res->json, "id"));
	const char *list = "/api/v1/items?generic_name=%E6%A8%AA%E5%B3%B0%E4%B8%93%E7%94%A8";
	res = api_get(admin, list);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	const char *users[] = {"county", "centre", "clinic", "pharmacy"};
	for (size_t i = 0; i < 4; i++) {
		struct api_client *c = api_login(s, users[i]);
		res = api_get(c, list);
		assert_status(res, 200);
		assert_int_equal(json_array_size(api_jget(res->json, "items")), 0);
		api_client_free(c);
	}
	/* Nor can Liubei's bureau change it. */
	struct api_client *county = api_login(s, "county");
	assert_error(api_patch(county, path, "{\"active\": false}"), 403, "forbidden", NULL, NULL);
	api_client_free(county);
	api_client_free(admin);
}

static void a_clinic_sees_its_countys_catalogue(void **state)
{
	struct srv *s = *state;
	struct api_client *county = api_login(s, "county");
	char approval[32];
	assert_status(post_drug(county, "氯雷他定片", approval), 201);
	struct api_client *c = api_login(s, "clinic");
	struct api_res *res = api_get(
		c, "/api/v1/items?generic_name=%E6%B0%AF%E9%9B%B7%E4%BB%96%E5%AE%9A&kind=drug");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.approval_no"), approval);
	api_client_free(c);
	api_client_free(county);
}

/* ---- import ---- */

static struct api_res *post_file(struct api_client *c, const char *type, const void *data,
				 size_t len)
{
	char header[128];
	snprintf(header, sizeof(header), "Content-Type: %s", type);
	const char *headers[] = {header, NULL};
	return api_request(c, "POST", "/api/v1/imports/items", headers, data, len);
}

/* A good CSV row for a drug NAME with a fresh approval number, appended to CSV (CAP). */
static void add_row(char *csv, size_t cap, const char *name)
{
	size_t used = strlen(csv);
	snprintf(csv + used, cap - used, "药品,%s,片剂,10mg,盒,片,20,某某制药有限公司,国药准字H9%07d,是\n",
		 name, next_seq++);
}

/* The bad row of RES (a 422) at LINE on FIELD. */
static void assert_bad_row(struct api_res *res, long long line, const char *field)
{
	json_t *rows = api_jget(res->json, "rows");
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		const char *f = api_jstr(r, "field");
		if (api_jint(r, "line") == line && f && strstr(f, field)) {
			assert_true(strlen(api_jstr(r, "message")) > 0);
			return;
		}
	}
	char *text = json_dumps(rows, JSON_INDENT(1));
	fail_msg("no bad row at line %lld on %s in %s", line, field, text);
	free(text);
}

static void a_good_csv_writes_every_item(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char csv[2048] = HEADER;
	add_row(csv, sizeof(csv), "硝酸甘油片");
	add_row(csv, sizeof(csv), "卡托普利片");
	add_row(csv, sizeof(csv), "复方丹参片");
	long long before = items_count(s);
	struct api_res *res = post_file(c, "text/csv", csv, strlen(csv));
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "items"), 3);
	assert_string_equal(api_jstr(res->json, "format"), "CSV（UTF-8）");
	assert_int_equal(items_count(s), before + 3);
	api_client_free(c);
}

static void one_bad_row_writes_nothing_and_every_bad_row_is_listed(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char csv[2048] = HEADER;
	add_row(csv, sizeof(csv), "奥美拉唑肠溶胶囊");                        /* line 2: good */
	strcat(csv, "药品,雷尼替丁胶囊,胶囊剂,0.15g,盒,粒,30,某厂,国械注准20153140002,是\n"); /* 3 */
	add_row(csv, sizeof(csv), "多潘立酮片");                              /* line 4: good */
	strcat(csv, "药品,蒙脱石散,散剂,3g,盒,袋,,某厂,国药准字H91234567,是\n");    /* 5: no units */
	long long before = items_count(s);
	struct api_res *res = post_file(c, "text/csv", csv, strlen(csv));
	assert_status(res, 422);
	assert_non_null(api_jget(res->json, "error.message"));
	assert_int_equal(json_array_size(api_jget(res->json, "rows")), 2);
	assert_bad_row(res, 3, "approval_no");
	assert_bad_row(res, 5, "units_per_package");
	assert_int_equal(items_count(s), before);
	api_client_free(c);
}

static void the_same_item_twice_in_a_file_is_a_bad_row(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char csv[2048] = HEADER;
	int seq = next_seq++;
	for (int i = 0; i < 2; i++) {
		size_t used = strlen(csv);
		snprintf(csv + used, sizeof(csv) - used,
			 "药品,阿司匹林肠溶片,片剂,100mg,盒,片,30,某厂,国药准字H9%07d,是\n", seq);
	}
	long long before = items_count(s);
	struct api_res *res = post_file(c, "text/csv", csv, strlen(csv));
	assert_status(res, 422);
	assert_bad_row(res, 3, "approval_no");
	assert_int_equal(items_count(s), before);
	api_client_free(c);
}

static void a_gb18030_csv_is_imported(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char csv[2048] = HEADER;
	add_row(csv, sizeof(csv), "藿香正气水");
	char gb[2048];
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = csv, *out = gb;
	size_t inleft = strlen(csv), outleft = sizeof(gb);
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	size_t len = sizeof(gb) - outleft;
	assert_null(memmem(gb, len, "藿香", strlen("藿香"))); /* really converted */
	struct api_res *res = post_file(c, "text/csv", gb, len);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "format"), "CSV（GB18030）");
	assert_int_equal(count_sql(s, "SELECT count(*) FROM items WHERE generic_name = '藿香正气水'"),
			 1);
	api_client_free(c);
}

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return buf;
}

static void an_xlsx_file_is_imported(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char path[] = "/tmp/yth-items-XXXXXX", approval[32];
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "目录");
	const char *heads[] = {"序号", "类别", "药品名称", "规格", "包装单位", "最小单位",
			       "转换比", "生产厂家", "批准文号", "是否基药"};
	for (lxw_col_t i = 0; i < 10; i++)
		worksheet_write_string(ws, 0, i, heads[i], NULL);
	snprintf(approval, sizeof(approval), "国药准字Z9%07d", next_seq++);
	worksheet_write_number(ws, 1, 0, 1, NULL);
	worksheet_write_string(ws, 1, 1, "药品", NULL);
	worksheet_write_string(ws, 1, 2, "板蓝根颗粒", NULL);
	worksheet_write_string(ws, 1, 3, "10g", NULL);
	worksheet_write_string(ws, 1, 4, "包", NULL);
	worksheet_write_string(ws, 1, 5, "袋", NULL);
	worksheet_write_number(ws, 1, 6, 20, NULL); /* typed as a number */
	worksheet_write_string(ws, 1, 7, "某某药业", NULL);
	worksheet_write_string(ws, 1, 8, approval, NULL);
	worksheet_write_boolean(ws, 1, 9, 1, NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	size_t len;
	char *data = read_whole(path, &len);
	unlink(path);
	struct api_res *res = post_file(
		c, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, len);
	free(data);
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "items"), 1);
	assert_string_equal(api_jstr(res->json, "format"), "Excel 工作簿（.xlsx）");
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT units_per_package || ' ' || essential FROM items WHERE approval_no = '%s'",
		 approval);
	char *v = srv_sql_value(s, sql);
	assert_non_null(v);
	assert_string_equal(v, "20 1");
	free(v);
	api_client_free(c);
}

static void the_export_is_a_workbook(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "county");
	char approval[32];
	assert_status(post_drug(c, "对乙酰氨基酚片", approval), 201);
	struct api_res *res = api_get(c, "/api/v1/exports/items.xlsx");
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "spreadsheetml"));
	assert_true(res->body_len > 4);
	assert_memory_equal(res->body, "PK\x03\x04", 4);
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_item_is_created_in_the_users_county),
		cmocka_unit_test(only_the_county_keeps_the_catalogue),
		cmocka_unit_test(the_same_item_twice_is_a_conflict),
		cmocka_unit_test(an_approval_number_of_another_kind_is_refused_naming_the_field),
		cmocka_unit_test(an_update_keeps_the_approval_number_fitting_the_kind),
		cmocka_unit_test(an_administrator_names_a_county_and_it_must_be_one),
		cmocka_unit_test(a_hengfeng_item_is_not_in_liubeis_catalogue),
		cmocka_unit_test(a_clinic_sees_its_countys_catalogue),
		cmocka_unit_test(a_good_csv_writes_every_item),
		cmocka_unit_test(one_bad_row_writes_nothing_and_every_bad_row_is_listed),
		cmocka_unit_test(the_same_item_twice_in_a_file_is_a_bad_row),
		cmocka_unit_test(a_gb18030_csv_is_imported),
		cmocka_unit_test(an_xlsx_file_is_imported),
		cmocka_unit_test(the_export_is_a_workbook),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
