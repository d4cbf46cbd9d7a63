/* SPDX-License-Identifier: MIT */
/* API tests of the staff bulk import (批量导入): a good CSV writes every person with their
 * qualification and contract; one bad row and nothing is written, and every bad row is
 * listed with its line, field and reason (a rule refusal with its rule id); the same
 * citizen id twice in a file; GB18030 and .xlsx files; the template downloads and imports
 * as it is; scope and roles. Demo data, both backends. The people are made here, with
 * citizen ids of an address code (110108) the demo does not use. */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "harness.h"
#include "io/xlsx_read.h"

#define HEADER                                                                                     \
	"姓名,性别,出生日期,公民身份号码,联系电话,资格类别,证书编号,发证机关,发证日期,"          \
	"区卫健局培训合格,派驻村卫生室,合同类型,起始日期,到期日期\n"

/* A GB 11643 number for BIRTH ("YYYYMMDD") and sequence SEQ (odd: male, even: female),
 * computed here independently of the server: ISO 7064 MOD 11-2. */
static void citizen_id(const char *birth, int seq, char out[19])
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	snprintf(out, 19, "110108%.8s%03d", birth, seq % 1000);
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * weights[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

/* Every person of these tests has a sequence number of their own. */
static int next_seq = 100;

/* Today and three years on, "YYYY-MM-DD". */
static void contract_dates(char start[11], char end[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(start, 11, "%Y-%m-%d", &tm);
	/* 29 February three years on is the 28th. */
	if (tm.tm_mon == 1 && tm.tm_mday == 29)
		tm.tm_mday = 28;
	tm.tm_year += 3;
	strftime(end, 11, "%Y-%m-%d", &tm);
}

/* The clinic a row posts people to: an open clinic of the signed-in centre. */
struct clinic {
	char name[128];
	char code[16];
};

static void own_clinic(struct api_client *c, struct clinic *out)
{
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/institutions?kind=clinic&status=open&parent_id=%s",
		 api_jstr(c->user, "institution_id"));
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_non_null(api_jget(res->json, "items.0"));
	snprintf(out->name, sizeof(out->name), "%s", api_jstr(res->json, "items.0.name"));
	snprintf(out->code, sizeof(out->code), "%s", api_jstr(res->json, "items.0.division_code"));
}

/* One CSV row: a man or woman (by the parity of the sequence) born in 1980 with an
 * assistant physician's certificate of a number of its own, posted to CLINIC on a three-year
 * labour contract. The options replace the computed values when set. Appended to CSV (CAP
 * bytes); ID_OUT and SEQ_OUT get the citizen id and sequence used. */
struct row_opts {
	const char *name;
	const char *clinic;  /* name or division code */
	int seq;             /* the person's sequence (0: a fresh one) */
	const char *birth;   /* written in the birth date column instead of the id's */
	const char *id;      /* the citizen id instead of the computed one */
	const char *kind;    /* 资格类别, default 执业助理医师 */
	const char *trained; /* 区卫健局培训合格, default 是 */
	char id_out[19];
	int seq_out;
};

static int next_certificate = 1;

static void add_row(char *csv, size_t cap, struct row_opts *o)
{
	int seq = o->seq ? o->seq : next_seq++;
	char birth[16], iso[11], start[11], end[11];
	snprintf(birth, sizeof(birth), "1980%02u%02u", 1 + (unsigned)seq % 12, 1 + (unsigned)seq % 28);
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2s", birth, birth + 4, birth + 6);
	if (o->id)
		snprintf(o->id_out, sizeof(o->id_out), "%s", o->id);
	else
		citizen_id(birth, seq, o->id_out);
	o->seq_out = seq;
	contract_dates(start, end);
	size_t used = strlen(csv);
	snprintf(csv + used, cap - used,
		 "%s,%s,%s,%s,0772-%07d,%s,ZS%08d,柳北区卫生健康局,2010-07-01,%s,%s,编外聘用,%s,%s\n",
		 o->name ? o->name : "测试医生", seq % 2 ? "男" : "女", o->birth ? o->birth : iso,
		 o->id_out, seq, o->kind ? o->kind : "执业助理医师", next_certificate++,
		 o->trained ? o->trained : "是", o->clinic, start, end);
}

static long long count(struct srv *s, const char *table)
{
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	char *v = srv_sql_value(s, sql);
	assert_non_null(v);
	long long n = atoll(v);
	free(v);
	return n;
}

struct counts {
	long long people, qualifications, contracts;
};

static struct counts counts_now(struct srv *s)
{
	return (struct counts){count(s, "people"), count(s, "qualifications"), count(s, "contracts")};
}

static void assert_counts_grew_by(struct srv *s, struct counts before, long long n)
{
	struct counts now = counts_now(s);
	assert_int_equal(now.people, before.people + n);
	assert_int_equal(now.qualifications, before.qualifications + n);
	assert_int_equal(now.contracts, before.contracts + n);
}

static struct api_res *post_file(struct api_client *c, const char *centre, const char *type,
				 const void *data, size_t len)
{
	char path[256], header[128];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/staff-import", centre);
	snprintf(header, sizeof(header), "Content-Type: %s", type);
	const char *headers[] = {header, NULL};
	return api_request(c, "POST", path, headers, data, len);
}

static struct api_res *post_csv(struct api_client *c, const char *csv)
{
	return post_file(c, api_jstr(c->user, "institution_id"), "text/csv; charset=utf-8", csv,
			 strlen(csv));
}

/* The bad rows of RES (a 422) with LINE. */
static json_t *bad_row(struct api_res *res, long long line, const char *field)
{
	json_t *rows = api_jget(res->json, "rows");
	size_t i;
	json_t *r;
	json_array_foreach(rows, i, r)
	{
		if (api_jint(r, "line") == line && strcmp(api_jstr(r, "field"), field) == 0) {
			assert_true(strlen(api_jstr(r, "message")) > 0);
			return r;
		}
	}
	char *text = json_dumps(rows, JSON_INDENT(1));
	fail_msg("no bad row at line %lld on %s in %s", line, field, text);
	free(text);
	return NULL;
}

/* ---- good files ---- */

static void a_good_csv_writes_every_person_qualification_and_contract(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[4096] = HEADER;
	struct row_opts rows[3] = {{.name = "韦秀兰", .clinic = clinic.name},
				   {.name = "覃志强", .clinic = clinic.code},
				   {.name = "蓝海燕", .clinic = clinic.name}};
	for (int i = 0; i < 3; i++)
		add_row(csv, sizeof(csv), &rows[i]);
	struct counts before = counts_now(s);
	struct api_res *res = post_csv(c, csv);
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "people"), 3);
	assert_int_equal(api_jint(res->json, "qualifications"), 3);
	assert_int_equal(api_jint(res->json, "contracts"), 3);
	assert_string_equal(api_jstr(res->json, "format"), "CSV（UTF-8）");
	assert_counts_grew_by(s, before, 3);
	/* The contracts wait for the county (LB-STF-4), employed by the centre. */
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM contracts k JOIN people p ON p.id = k.person_id WHERE "
		 "p.name = '覃志强' AND k.status = 'pending' AND k.employer_id = '%s' AND "
		 "p.centre_id = '%s'",
		 api_jstr(c->user, "institution_id"), api_jstr(c->user, "institution_id"));
	char *n = srv_sql_value(s, sql);
	assert_string_equal(n, "1");
	free(n);
	api_client_free(c);
}

static void an_import_is_audited_once_as_a_whole(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[2048] = HEADER, sql[256];
	struct row_opts row = {.clinic = clinic.name};
	add_row(csv, sizeof(csv), &row);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit_log WHERE action = 'import' AND entity_id = '%s'",
		 api_jstr(c->user, "institution_id"));
	char *before = srv_sql_value(s, sql);
	assert_status(post_csv(c, csv), 201);
	char *after = srv_sql_value(s, sql);
	assert_int_equal(atoi(after), atoi(before) + 1);
	free(before);
	free(after);
	api_client_free(c);
}

static void a_gb18030_csv_is_imported(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[2048] = HEADER;
	struct row_opts row = {.name = "欧阳秀英", .clinic = clinic.name};
	add_row(csv, sizeof(csv), &row);
	char gb[2048];
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = csv, *out = gb;
	size_t inleft = strlen(csv), outleft = sizeof(gb);
	assert_true(iconv(cd, &in, &inleft, &out, &outleft) != (size_t)-1);
	iconv_close(cd);
	size_t len = sizeof(gb) - outleft;
	assert_null(memmem(gb, len, "欧阳", strlen("欧阳"))); /* really converted */
	struct counts before = counts_now(s);
	struct api_res *res = post_file(c, api_jstr(c->user, "institution_id"), "text/csv", gb, len);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "format"), "CSV（GB18030）");
	assert_counts_grew_by(s, before, 1);
	char *n = srv_sql_value(s, "SELECT count(*) FROM people WHERE name = '欧阳秀英'");
	assert_string_equal(n, "1");
	free(n);
	api_client_free(c);
}

static char *read_file(const char *path, size_t *len)
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
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char path[] = "/tmp/yth-import-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = workbook_add_worksheet(wb, "人员");
	lxw_format *date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
	const char *heads[] = {"序号", "姓名", "性别", "出生日期", "身份证号", "手机",
			       "资格类别", "证书编号", "发证机关", "发证日期", "区卫健局培训合格",
			       "村卫生室", "合同类型", "起始日期", "到期日期"};
	for (lxw_col_t i = 0; i < 15; i++)
		worksheet_write_string(ws, 0, i, heads[i], NULL);
	char id[19], start[11], end[11], cert[32];
	int seq = next_seq | 1; /* odd: a man */
	next_seq = seq + 1;
	citizen_id("19781130", seq, id);
	contract_dates(start, end);
	snprintf(cert, sizeof(cert), "XL%08d", seq);
	lxw_datetime birth = {1978, 11, 30, 0, 0, 0}, issued = {2005, 9, 1, 0, 0, 0};
	lxw_datetime from = {atoi(start), atoi(start + 5), atoi(start + 8), 0, 0, 0};
	lxw_datetime to = {atoi(end), atoi(end + 5), atoi(end + 8), 0, 0, 0};
	/* Row 2 left empty: the data is on the sheet's row 3. */
	worksheet_write_number(ws, 2, 0, 1, NULL);
	worksheet_write_string(ws, 2, 1, "黄建华", NULL);
	worksheet_write_string(ws, 2, 2, "男", NULL);
	worksheet_write_datetime(ws, 2, 3, &birth, date);
	worksheet_write_string(ws, 2, 4, id, NULL);
	worksheet_write_number(ws, 2, 5, 13907720001.0, NULL); /* typed as a number */
	worksheet_write_string(ws, 2, 6, "执业医师", NULL);
	worksheet_write_string(ws, 2, 7, cert, NULL);
	worksheet_write_string(ws, 2, 8, "柳州市卫生健康委员会", NULL);
	worksheet_write_datetime(ws, 2, 9, &issued, date);
	worksheet_write_boolean(ws, 2, 10, 1, NULL);
	worksheet_write_string(ws, 2, 11, clinic.code, NULL); /* the clinic by its code */
	worksheet_write_string(ws, 2, 12, "编外聘用", NULL);
	worksheet_write_datetime(ws, 2, 13, &from, date);
	worksheet_write_datetime(ws, 2, 14, &to, date);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
	size_t len;
	char *data = read_file(path, &len);
	unlink(path);
	struct counts before = counts_now(s);
	struct api_res *res =
		post_file(c, api_jstr(c->user, "institution_id"),
			  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, len);
	free(data);
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "people"), 1);
	assert_string_equal(api_jstr(res->json, "format"), "Excel 工作簿（.xlsx）");
	assert_counts_grew_by(s, before, 1);
	char *v = srv_sql_value(s, "SELECT birth_date || ' ' || phone FROM people WHERE name = '黄建华'");
	assert_string_equal(v, "1978-11-30 13907720001");
	free(v);
	api_client_free(c);
}

static void the_template_round_trips(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct api_res *res = api_get(c, "/api/v1/imports/staff/template.xlsx");
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "spreadsheetml"));
	size_t len = res->body_len;
	char *data = malloc(len);
	assert_non_null(data);
	memcpy(data, res->body, len);
	/* The header row is the columns' Chinese labels; the example is a real clinic's. */
	struct xlsx_sheet *sheet;
	char why[256];
	assert_int_equal(xlsx_read(data, len, &sheet, why, sizeof(why)), 0);
	assert_int_equal(sheet->rows, 2);
	const char *want[] = {"姓名", "公民身份号码", "资格类别", "派驻村卫生室", "合同类型", "到期日期"};
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		bool found = false;
		for (size_t col = 0; col < sheet->cols; col++)
			found = found || strcmp(xlsx_cell(sheet, 0, col), want[k]) == 0;
		if (!found)
			fail_msg("no column %s in the template", want[k]);
	}
	xlsx_sheet_free(sheet);
	struct counts before = counts_now(s);
	res = post_file(c, api_jstr(c->user, "institution_id"),
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", data, len);
	free(data);
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "people"), 1);
	assert_counts_grew_by(s, before, 1);
	api_client_free(c);
}

/* ---- bad files ---- */

static void one_bad_row_among_good_ones_writes_nothing(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[4096] = HEADER, bad_id[19];
	struct row_opts good1 = {.clinic = clinic.name}, good2 = {.clinic = clinic.name};
	add_row(csv, sizeof(csv), &good1);
	/* A wrong check character. */
	citizen_id("19800303", 1, bad_id);
	bad_id[17] = bad_id[17] == '0' ? '1' : '0';
	struct row_opts bad = {.clinic = clinic.name, .id = bad_id};
	add_row(csv, sizeof(csv), &bad);
	add_row(csv, sizeof(csv), &good2);
	struct counts before = counts_now(s);
	struct api_res *res = post_csv(c, csv);
	assert_error(res, 422, "invalid_field", "person.citizen_id", NULL);
	assert_int_equal(json_array_size(api_jget(res->json, "rows")), 1);
	json_t *r = bad_row(res, 3, "person.citizen_id");
	assert_string_equal(api_jstr(r, "label"), "公民身份号码");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "第 3 行"));
	assert_counts_grew_by(s, before, 0);
	api_client_free(c);
}

static void every_bad_row_is_listed_with_line_field_and_reason(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[4096] = HEADER;
	/* Line 2: the birth date disagrees with the id; line 3 good; line 4 an unknown
	 * clinic; line 5 a bad date and an unknown qualification. */
	struct row_opts r2 = {.clinic = clinic.name, .birth = "1979-01-01"};
	struct row_opts r3 = {.clinic = clinic.name};
	struct row_opts r4 = {.clinic = "不存在村卫生室"};
	struct row_opts r5 = {.clinic = clinic.name, .birth = "1980-02-30", .kind = "兽医"};
	add_row(csv, sizeof(csv), &r2);
	add_row(csv, sizeof(csv), &r3);
	add_row(csv, sizeof(csv), &r4);
	add_row(csv, sizeof(csv), &r5);
	struct counts before = counts_now(s);
	struct api_res *res = post_csv(c, csv);
	assert_status(res, 422);
	bad_row(res, 2, "person.birth_date");
	bad_row(res, 4, "posting.clinic");
	bad_row(res, 5, "person.birth_date");
	bad_row(res, 5, "qualification.kind");
	assert_int_equal(json_array_size(api_jget(res->json, "rows")), 4);
	/* In line order. */
	assert_int_equal(api_jint(res->json, "rows.0.line"), 2);
	assert_int_equal(api_jint(res->json, "rows.3.line"), 5);
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "3 行"));
	assert_counts_grew_by(s, before, 0);
	api_client_free(c);
}

static void a_bad_row_is_still_checked_in_full(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	/* An unknown clinic does not hide that the birth date disagrees with the id, nor that
	 * the certificate was issued in the future. */
	char csv[4096] = HEADER;
	struct row_opts row = {.clinic = "不存在村卫生室", .birth = "1979-01-01"};
	add_row(csv, sizeof(csv), &row);
	struct row_opts second = {.clinic = "不存在村卫生室"};
	add_row(csv, sizeof(csv), &second);
	char *issued = strstr(strstr(csv, "\n") + 1, "2010-07-01");
	issued = strstr(issued + 1, "2010-07-01");
	assert_non_null(issued);
	memcpy(issued, "2099", 4);
	struct counts before = counts_now(s);
	struct api_res *res = post_csv(c, csv);
	assert_status(res, 422);
	bad_row(res, 2, "posting.clinic");
	bad_row(res, 2, "person.birth_date");
	bad_row(res, 3, "posting.clinic");
	bad_row(res, 3, "qualification.issued_on");
	assert_int_equal(json_array_size(api_jget(res->json, "rows")), 4);
	assert_counts_grew_by(s, before, 0);
	api_client_free(c);
}

static void the_same_citizen_id_twice_in_a_file_is_a_bad_row(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[4096] = HEADER;
	struct row_opts first = {.clinic = clinic.name};
	add_row(csv, sizeof(csv), &first);
	/* The same person again, with another certificate. */
	struct row_opts again = {.clinic = clinic.name, .seq = first.seq_out};
	add_row(csv, sizeof(csv), &again);
	assert_string_equal(again.id_out, first.id_out);
	struct counts before = counts_now(s);
	struct api_res *res = post_csv(c, csv);
	assert_status(res, 422);
	assert_int_equal(json_array_size(api_jget(res->json, "rows")), 1);
	json_t *r = bad_row(res, 3, "person.citizen_id");
	assert_non_null(strstr(api_jstr(r, "message"), "第 2 行"));
	assert_counts_grew_by(s, before, 0);
	api_client_free(c);
}

static void someone_already_on_file_is_a_bad_row(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[4096] = HEADER;
	struct row_opts once = {.clinic = clinic.name};
	add_row(csv, sizeof(csv), &once);
	assert_status(post_csv(c, csv), 201);
	struct counts before = counts_now(s);
	/* The same file again: the person exists now. */
	struct api_res *res = post_csv(c, csv);
	assert_status(res, 422);
	bad_row(res, 2, "person.citizen_id");
	assert_string_equal(api_jstr(res->json, "rows.0.code"), "conflict");
	assert_counts_grew_by(s, before, 0);
	api_client_free(c);
}

static void a_contract_refused_by_a_rule_cites_the_rule(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[4096] = HEADER;
	/* Liubei: a village doctor's certificate qualifies only with the district's training
	 * passed (LB-STF-3). */
	struct row_opts good = {.clinic = clinic.name};
	struct row_opts untrained = {.clinic = clinic.name, .kind = "乡村医生", .trained = "否"};
	add_row(csv, sizeof(csv), &good);
	add_row(csv, sizeof(csv), &untrained);
	struct counts before = counts_now(s);
	struct api_res *res = post_csv(c, csv);
	assert_error(res, 422, "rule_violation", "qualification.kind", "LB-STF-3");
	json_t *r = bad_row(res, 3, "qualification.kind");
	assert_string_equal(api_jstr(r, "rule"), "LB-STF-3");
	assert_counts_grew_by(s, before, 0);
	api_client_free(c);
}

static void a_wrong_header_is_listed_and_nothing_read(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[4096] = "籍贯," HEADER;
	struct row_opts row = {.clinic = clinic.name};
	size_t at = strlen(csv);
	add_row(csv, sizeof(csv), &row);
	memmove(csv + at + strlen("广西,"), csv + at, strlen(csv + at) + 1);
	memcpy(csv + at, "广西,", strlen("广西,"));
	struct counts before = counts_now(s);
	struct api_res *res = post_csv(c, csv);
	assert_status(res, 422);
	assert_int_equal(api_jint(res->json, "rows.0.line"), 1);
	assert_string_equal(api_jstr(res->json, "rows.0.label"), "籍贯");
	assert_counts_grew_by(s, before, 0);
	api_client_free(c);
}

static void an_unreadable_file_is_refused(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct api_res *res =
		post_file(c, api_jstr(c->user, "institution_id"), "text/csv", "\xFF\xFE\xFF", 3);
	assert_error(res, 422, "invalid_field", "file", "");
	res = post_file(c, api_jstr(c->user, "institution_id"), "text/csv", "", 0);
	assert_error(res, 422, "invalid_field", "file", "");
	res = post_file(c, api_jstr(c->user, "institution_id"), "application/zip", "PK\x03\x04xx", 6);
	assert_error(res, 422, "invalid_field", "file", "");
	api_client_free(c);
}

/* ---- who may import where ---- */

static void a_centre_cannot_import_into_another_centre(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_client *c = api_login(s, "centre");
	struct api_res *res = api_get(admin, "/api/v1/institutions?kind=centre&limit=50");
	assert_status(res, 200);
	const char *own = api_jstr(c->user, "institution_id");
	char other[37] = "";
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		if (strcmp(api_jstr(it, "id"), own) != 0) {
			snprintf(other, sizeof(other), "%s", api_jstr(it, "id"));
			break;
		}
	}
	assert_true(other[0]);
	struct clinic clinic;
	own_clinic(c, &clinic);
	char csv[2048] = HEADER;
	struct row_opts row = {.clinic = clinic.name};
	add_row(csv, sizeof(csv), &row);
	struct counts before = counts_now(s);
	res = post_file(c, other, "text/csv", csv, strlen(csv));
	assert_error(res, 403, "forbidden", NULL, NULL);
	assert_counts_grew_by(s, before, 0);
	api_client_free(c);
	api_client_free(admin);
}

static void a_village_doctor_cannot_import(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "clinic");
	struct api_res *res = post_file(c, api_jstr(c->user, "institution_id"), "text/csv",
					HEADER, strlen(HEADER));
	assert_error(res, 403, "forbidden", NULL, NULL);
	api_client_free(c);
}

static void people_are_imported_into_a_centre_not_a_clinic(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/institutions?kind=clinic&parent_id=%s",
		 api_jstr(c->user, "institution_id"));
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	char clinic_id[37];
	snprintf(clinic_id, sizeof(clinic_id), "%s", api_jstr(res->json, "items.0.id"));
	res = post_file(c, clinic_id, "text/csv", HEADER, strlen(HEADER));
	assert_error(res, 422, "rule_violation", "centre_id", "SR-ORG-3");
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_csv_writes_every_person_qualification_and_contract),
		cmocka_unit_test(an_import_is_audited_once_as_a_whole),
		cmocka_unit_test(a_gb18030_csv_is_imported),
		cmocka_unit_test(an_xlsx_file_is_imported),
		cmocka_unit_test(the_template_round_trips),
		cmocka_unit_test(one_bad_row_among_good_ones_writes_nothing),
		cmocka_unit_test(every_bad_row_is_listed_with_line_field_and_reason),
		cmocka_unit_test(a_bad_row_is_still_checked_in_full),
		cmocka_unit_test(the_same_citizen_id_twice_in_a_file_is_a_bad_row),
		cmocka_unit_test(someone_already_on_file_is_a_bad_row),
		cmocka_unit_test(a_contract_refused_by_a_rule_cites_the_rule),
		cmocka_unit_test(a_wrong_header_is_listed_and_nothing_read),
		cmocka_unit_test(an_unreadable_file_is_refused),
		cmocka_unit_test(a_centre_cannot_import_into_another_centre),
		cmocka_unit_test(a_village_doctor_cannot_import),
		cmocka_unit_test(people_are_imported_into_a_centre_not_a_clinic),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
