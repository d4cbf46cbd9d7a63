/* SPDX-License-Identifier: MIT */
/* Command-line tests of the institutions area on an empty database: importing divisions
 * (UTF-8 and GB18030, idempotent, all or nothing), planning clinics (SR-ORG-1) and the
 * monitors printed by `yitihua check`. Both backends. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static const char *root(void)
{
	const char *r = getenv("YTH_ROOT");
	return r && *r ? r : ".";
}

/* The demo divisions file, path into OUT. */
static void demo_file(char *out, size_t len)
{
	snprintf(out, len, "%s/data/divisions-demo.csv", root());
}

/* Write TEXT to a new file in S's folder named NAME; path into OUT. */
static void write_file(struct srv *s, const char *name, const char *text, size_t len,
		       char *out, size_t out_len)
{
	snprintf(out, out_len, "%s/%s", s->dir, name);
	FILE *f = fopen(out, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

static long long count(struct srv *s, const char *sql)
{
	char *v = srv_sql_value(s, sql);
	assert_non_null(v);
	long long n = atoll(v);
	free(v);
	return n;
}

static int run(struct srv *s, const char *const *args, char **out)
{
	int status = -1;
	assert_int_equal(srv_cli(s, args, NULL, &status, out), 0);
	return status;
}

static void import_writes_every_row_once(void **state)
{
	struct srv *s = *state;
	char path[512], *out;
	demo_file(path, sizeof(path));
	assert_int_equal(run(s, (const char *[]){"import", "divisions", path, NULL}, &out), 0);
	assert_non_null(strstr(out, "读取 210 行（UTF-8），写入 210 行"));
	free(out);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM divisions"), 210);
	/* re-importing the same file changes nothing */
	assert_int_equal(run(s, (const char *[]){"import", "divisions", path, NULL}, &out), 0);
	assert_non_null(strstr(out, "写入 0 行"));
	free(out);
}

static void import_reads_gb18030(void **state)
{
	struct srv *s = *state;
	char path[512], gb_path[512], *out;
	size_t len;
	demo_file(path, sizeof(path));
	char *utf8 = read_all(path, &len);
	size_t cap = len * 2, left_in = len, left_out = cap;
	char *gb = malloc(cap), *in = utf8, *o = gb;
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	assert_true(iconv(cd, &in, &left_in, &o, &left_out) != (size_t)-1);
	iconv_close(cd);
	write_file(s, "gb.csv", gb, cap - left_out, gb_path, sizeof(gb_path));
	assert_int_equal(run(s, (const char *[]){"import", "divisions", gb_path, NULL}, &out), 0);
	/* the same divisions in another encoding: read as GB18030 and nothing changes */
	assert_non_null(strstr(out, "GB18030"));
	assert_non_null(strstr(out, "写入 0 行"));
	free(out);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM divisions WHERE name = '沙塘村委会'"), 1);
	free(gb);
	free(utf8);
}

static void a_bad_row_imports_nothing(void **state)
{
	struct srv *s = *state;
	static const char text[] = "code,name,level,parent_code\n"
				   "450205101901,新村委会,village,450205101\n"
				   "450205101902,错级别,township,450205101\n"
				   "450205101903,无上级,village,450205999\n"
				   "450205101901,又一个新村委会,village,450205101\n";
	char path[512], *err_text = NULL;
	int status;
	write_file(s, "bad.csv", text, sizeof(text) - 1, path, sizeof(path));
	long long before = count(s, "SELECT COUNT(*) FROM divisions");
	assert_int_equal(srv_cli_err(s, (const char *[]){"import", "divisions", path, NULL}, NULL,
				     &status, NULL, &err_text),
			 0);
	assert_int_not_equal(status, 0);
	assert_non_null(strstr(err_text, "第 3 行"));
	assert_non_null(strstr(err_text, "第 4 行"));
	assert_non_null(strstr(err_text, "第 5 行：代码 450205101901 重复"));
	free(err_text);
	assert_int_equal(count(s, "SELECT COUNT(*) FROM divisions"), before);
}

static void plan_creates_a_clinic_per_village_committee(void **state)
{
	struct srv *s = *state;
	char *out;
	assert_int_equal(run(s, (const char *[]){"plan", "clinics", "--county", "450205", NULL}, &out),
			 0);
	long long committees = count(s, "SELECT COUNT(*) FROM divisions WHERE level = 'village' AND "
					"code LIKE '450205%' AND substr(code, 10, 3) BETWEEN '200' AND '399'");
	long long clinics = count(s, "SELECT COUNT(*) FROM institutions WHERE kind = 'clinic'");
	assert_true(committees > 20);
	assert_int_equal(clinics, committees);
	char expect[128];
	snprintf(expect, sizeof(expect), "新建村卫生室 %lld 所", clinics);
	assert_non_null(strstr(out, expect));
	/* the list follows the counts */
	assert_non_null(strstr(out, "沙塘村卫生室"));
	free(out);
	/* no clinic for residents' committees (居委会) */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM institutions WHERE kind = 'clinic' AND "
				  "substr(division_code, 10, 3) < '200'"),
			 0);
	/* every clinic hangs under the centre of its own township (SR-ORG-3) */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM institutions c JOIN institutions p ON "
				  "p.id = c.parent_id WHERE c.kind = 'clinic' AND (p.kind NOT IN "
				  "('centre', 'community') OR p.division_code <> substr(c.division_code, 1, 9))"),
			 0);
	/* towns get a 卫生院; the township seat village is optional */
	assert_int_equal(count(s, "SELECT COUNT(*) FROM institutions WHERE name = '沙塘镇卫生院' AND "
				  "kind = 'centre'"),
			 1);
	assert_int_equal(count(s, "SELECT optional FROM institutions WHERE name = '沙塘村卫生室'"), 1);
	assert_int_equal(count(s, "SELECT optional FROM institutions WHERE name = '杨柳村卫生室'"), 0);
	/* planning again creates nothing */
	assert_int_equal(run(s, (const char *[]){"plan", "clinics", "--county", "450205", NULL}, &out),
			 0);
	assert_non_null(strstr(out, "新建村卫生室 0 所，卫生院 0 所"));
	free(out);
}

static void plan_refuses_an_unknown_county(void **state)
{
	int status;
	char *err_text = NULL;
	assert_int_equal(srv_cli_err(*state, (const char *[]){"plan", "clinics", "--county", "999999", NULL},
				     NULL, &status, NULL, &err_text),
			 0);
	assert_int_equal(status, 1);
	assert_non_null(strstr(err_text, "999999"));
	assert_null(strchr(strchr(err_text, '\n') + 1, '\n')); /* one line */
	free(err_text);
}

static void check_prints_alerts_with_rule_ids(void **state)
{
	struct srv *s = *state;
	char *out;
	assert_int_equal(run(s, (const char *[]){"check", "--county", "450205", NULL}, &out), 0);
	/* every clinic is planned: SR-ORG-1 info lines; coverage 0 %: LB-ORG-1 */
	assert_non_null(strstr(out, "SR-ORG-1"));
	assert_non_null(strstr(out, "LB-ORG-1"));
	assert_non_null(strstr(out, "共 "));
	free(out);
	assert_int_equal(run(s, (const char *[]){"check", "--county", "361125", NULL}, &out), 0);
	assert_non_null(strstr(out, "共 0 条预警"));
	free(out);
}

static void commands_have_help(void **state)
{
	static const char *const names[] = {"init", "migrate", "serve", "import", "plan", "user",
					    "check", "audit", "backup", "demo"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *out;
		assert_int_equal(run(*state, (const char *[]){names[i], "--help", NULL}, &out), 0);
		assert_non_null(strstr(out, names[i]));
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(import_writes_every_row_once),
		cmocka_unit_test(import_reads_gb18030),
		cmocka_unit_test(a_bad_row_imports_nothing),
		cmocka_unit_test(plan_creates_a_clinic_per_village_committee),
		cmocka_unit_test(plan_refuses_an_unknown_county),
		cmocka_unit_test(check_prints_alerts_with_rule_ids),
		cmocka_unit_test(commands_have_help),
	};
	return cmocka_run_group_tests(tests, srv_setup_empty, srv_teardown);
}
