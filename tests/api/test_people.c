/* SPDX-License-Identifier: MIT */
/* API tests of people and qualifications: the citizen id checked against the record
 * (GB 11643), sealed in the database and masked in answers, lists and exports, full reads
 * only for the roles allowed and always audited, the same person never entered twice, scope
 * (a centre sees its own staff only, a village doctor their own file), and qualifications.
 * Demo data, both backends. The people are made here, with citizen ids of an address code
 * (110105) the demo does not use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "harness.h"

/* A GB 11643 number for BIRTH ("YYYYMMDD") and sequence SEQ (odd: male, even: female),
 * computed here independently of the server: ISO 7064 MOD 11-2. */
static void citizen_id(const char *birth, int seq, char out[19])
{
	static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	snprintf(out, 19, "110105%.8s%03d", birth, seq % 1000);
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (out[i] - '0') * weights[i];
	out[17] = "10X98765432"[sum % 11];
	out[18] = '\0';
}

/* The masked form of ID as the server should show it. */
static void masked(const char *id, char out[19])
{
	snprintf(out, 19, "%.4s**********%.4s", id, id + 14);
}

/* The sign-in's institution (the centre of `centre`, the clinic of `clinic`). */
static const char *own_institution(struct api_client *c)
{
	return api_jstr(c->user, "institution_id");
}

static char *sql_value(struct srv *s, const char *fmt, const char *arg)
{
	char sql[512];
	snprintf(sql, sizeof(sql), fmt, arg);
	return srv_sql_value(s, sql);
}

/* POST a person NAME with ID born BIRTH ("YYYY-MM-DD") of SEX under CENTRE; the response. */
static struct api_res *post_person(struct api_client *c, const char *name, const char *sex,
				   const char *birth, const char *id, const char *centre)
{
	return api_sendf(c, "POST", "/api/v1/people",
			 "{\"name\": \"%s\", \"sex\": \"%s\", \"birth_date\": \"%s\", "
			 "\"citizen_id\": \"%s\", \"centre_id\": \"%s\", \"education\": \"secondary\", "
			 "\"ethnic_group\": \"壮族\", \"phone\": \"0772-1234567\"}",
			 name, sex, birth, id, centre);
}

/* Create a man born 1980-01-01 with sequence SEQ under C's own centre; his person id. */
static char *make_person(struct api_client *c, const char *name, int seq)
{
	char id[19];
	citizen_id("19800101", seq, id);
	struct api_res *res = post_person(c, name, seq % 2 ? "male" : "female", "1980-01-01", id,
					  own_institution(c));
	assert_status(res, 201);
	return strdup(api_jstr(res->json, "id"));
}

static void a_person_is_created_with_the_id_masked(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char id[19], mask[19];
	citizen_id("19800101", 101, id);
	masked(id, mask);
	struct api_res *res = post_person(c, "韦建国", "male", "1980-01-01", id, own_institution(c));
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "citizen_id"), mask);
	assert_string_equal(api_jstr(res->json, "centre_name"), "沙塘镇中心卫生院");
	assert_true(api_jint(res->json, "age") >= 44);
	assert_null(api_jget(res->json, "citizen_id_masked"));
	assert_null(strstr(res->body, id));
	char *person = strdup(api_jstr(res->json, "id"));

	res = api_get(c, "/api/v1/people?name=%E9%9F%A6%E5%BB%BA%E5%9B%BD"); /* 韦建国 */
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.id"), person);
	assert_string_equal(api_jstr(res->json, "items.0.citizen_id"), mask);
	assert_null(api_jget(res->json, "items.0.photo"));
	assert_null(strstr(res->body, id));
	free(person);
	api_client_free(c);
}

static void a_wrong_check_character_is_refused_on_citizen_id(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char id[19];
	citizen_id("19800101", 103, id);
	id[17] = id[17] == '0' ? '1' : '0';
	struct api_res *res = post_person(c, "韦误码", "male", "1980-01-01", id, own_institution(c));
	assert_error(res, 422, "invalid_field", "citizen_id", "");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "校验码"));
	api_client_free(c);
}

static void a_birth_date_that_does_not_match_is_refused(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char id[19];
	citizen_id("19800101", 105, id);
	struct api_res *res = post_person(c, "韦错日", "male", "1980-01-02", id, own_institution(c));
	assert_error(res, 422, "invalid_field", "birth_date", "");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "1980-01-01"));
	api_client_free(c);
}

static void a_sex_that_does_not_match_is_refused(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char id[19];
	citizen_id("19800101", 107, id); /* odd: a man */
	struct api_res *res = post_person(c, "韦错性", "female", "1980-01-01", id,
					  own_institution(c));
	assert_error(res, 422, "invalid_field", "sex", "");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "第 17 位"));
	api_client_free(c);
}

/* A sequence whose check character is X for someone born on BIRTH. */
static int seq_with_x(const char *birth, int from)
{
	char id[19];
	for (int seq = from; seq < 1000; seq++) {
		citizen_id(birth, seq, id);
		if (id[17] == 'X')
			return seq;
	}
	fail_msg("no sequence with an X check character");
	return -1;
}

static void an_x_check_character_is_accepted_in_either_case(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char id[19], mask[19];
	int seq = seq_with_x("19750505", 200);
	citizen_id("19750505", seq, id);
	masked(id, mask);
	id[17] = 'x'; /* as typed */
	struct api_res *res = post_person(c, "韦爱克", seq % 2 ? "male" : "female", "1975-05-05",
					  id, own_institution(c));
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "citizen_id"), mask);
	assert_int_equal(mask[17], 'X');
	api_client_free(c);
}

static void the_same_person_cannot_be_entered_twice(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char id[19];
	int seq = seq_with_x("19820303", 300);
	citizen_id("19820303", seq, id);
	const char *sex = seq % 2 ? "male" : "female";
	struct api_res *res = post_person(c, "韦一次", sex, "1982-03-03", id, own_institution(c));
	assert_status(res, 201);
	res = post_person(c, "韦两次", sex, "1982-03-03", id, own_institution(c));
	assert_error(res, 409, "conflict", "citizen_id", "");
	/* The same number with a lower-case x is the same person. */
	id[17] = 'x';
	res = post_person(c, "韦三次", sex, "1982-03-03", id, own_institution(c));
	assert_error(res, 409, "conflict", "citizen_id", "");
	api_client_free(c);
}

static void a_person_belongs_to_a_centre_not_a_clinic(void **state)
{
	struct api_client *clinic = api_login(*state, "clinic");
	char *clinic_id = strdup(own_institution(clinic));
	api_client_free(clinic);
	struct api_client *c = api_login(*state, "centre");
	char id[19];
	citizen_id("19800101", 109, id);
	struct api_res *res = post_person(c, "韦卫生室", "male", "1980-01-01", id, clinic_id);
	assert_error(res, 422, "rule_violation", "centre_id", "SR-ORG-3");
	free(clinic_id);
	api_client_free(c);
}

static void a_full_read_as_centre_shows_the_id_and_is_audited(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char id[19], mask[19], path[128];
	citizen_id("19800101", 111, id);
	masked(id, mask);
	struct api_res *res = post_person(c, "韦全号", "male", "1980-01-01", id, own_institution(c));
	assert_status(res, 201);
	char *person = strdup(api_jstr(res->json, "id"));
	const char *count_sql = "SELECT count(*) FROM audit_log WHERE action = 'read_sensitive' "
				"AND entity = 'person' AND entity_id = '%s'";
	char *before = sql_value(s, count_sql, person);
	assert_string_equal(before, "0");

	snprintf(path, sizeof(path), "/api/v1/people/%s", person);
	res = api_get(c, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "citizen_id"), mask);
	char *after_plain = sql_value(s, count_sql, person);
	assert_string_equal(after_plain, "0");

	snprintf(path, sizeof(path), "/api/v1/people/%s?full=1", person);
	res = api_get(c, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "citizen_id"), id);
	char *after = sql_value(s, count_sql, person);
	assert_string_equal(after, "1");
	char *who = sql_value(s,
			      "SELECT username FROM audit_log WHERE action = 'read_sensitive' "
			      "AND entity_id = '%s'",
			      person);
	assert_string_equal(who, "centre");
	free(who);
	free(after);
	free(after_plain);
	free(before);
	free(person);
	api_client_free(c);
}

static void a_full_read_as_finance_is_forbidden(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char *person = make_person(c, "韦财务", 113);
	api_client_free(c);
	struct api_client *f = api_login(s, "finance");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people/%s", person);
	struct api_res *res = api_get(f, path);
	assert_status(res, 200); /* the masked file is theirs to see */
	snprintf(path, sizeof(path), "/api/v1/people/%s?full=1", person);
	res = api_get(f, path);
	assert_error(res, 403, "forbidden", NULL, NULL);
	assert_null(strstr(res->body, "110105"));
	char *reads = sql_value(s,
				"SELECT count(*) FROM audit_log WHERE action = 'read_sensitive' "
				"AND entity_id = '%s'",
				person);
	assert_string_equal(reads, "0");
	free(reads);
	free(person);
	api_client_free(f);
}

static void the_database_never_holds_the_clear_id(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char id[19];
	citizen_id("19800101", 115, id);
	struct api_res *res = post_person(c, "韦密文", "male", "1980-01-01", id, own_institution(c));
	assert_status(res, 201);
	char *person = strdup(api_jstr(res->json, "id"));
	char *sealed = sql_value(s, "SELECT citizen_id_sealed FROM people WHERE id = '%s'", person);
	assert_non_null(sealed);
	assert_true(strlen(sealed) > 40);
	assert_null(strstr(sealed, id));
	assert_null(strstr(sealed, id + 6)); /* nor the birth date and sequence */
	char *hash = sql_value(s, "SELECT citizen_id_hash FROM people WHERE id = '%s'", person);
	assert_int_equal(strlen(hash), 64);
	assert_null(strstr(hash, id));
	/* Nowhere else either: not in any column of people, not in the audit log. */
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM people WHERE citizen_id_sealed LIKE '%%%s%%' OR "
		 "citizen_id_masked LIKE '%%%s%%' OR citizen_id_hash LIKE '%%%s%%'",
		 id, id, id);
	char *n = srv_sql_value(s, sql);
	assert_string_equal(n, "0");
	free(n);
	snprintf(sql, sizeof(sql),
		 "SELECT count(*) FROM audit_log WHERE after_value LIKE '%%%s%%' OR "
		 "before_value LIKE '%%%s%%'",
		 id, id);
	n = srv_sql_value(s, sql);
	assert_string_equal(n, "0");
	free(n);
	free(hash);
	free(sealed);
	free(person);
	api_client_free(c);
}

static void identity_fields_cannot_be_changed(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *person = make_person(c, "韦身份", 117);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people/%s", person);
	struct api_res *res = api_patch(c, path, "{\"sex\": \"female\"}");
	assert_error(res, 422, "invalid_field", "sex", "");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "身份标识"));
	res = api_patch(c, path, "{\"birth_date\": \"1980-01-02\"}");
	assert_error(res, 422, "invalid_field", "birth_date", "");
	res = api_patch(c, path, "{\"citizen_id\": \"11010519491231002X\"}");
	assert_error(res, 422, "invalid_field", "citizen_id", "");
	res = api_patch(c, path, "{\"phone\": \"13800000000\", \"education\": \"junior_college\"}");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "phone"), "13800000000");
	assert_string_equal(api_jstr(res->json, "education"), "junior_college");
	assert_string_equal(api_jstr(res->json, "sex"), "male");
	free(person);
	api_client_free(c);
}

static char *shibeiping_centre(struct srv *s)
{
	char *id = srv_sql_value(s, "SELECT id FROM institutions WHERE kind = 'centre' AND "
				    "division_code = '450205100'");
	assert_non_null(id);
	return id;
}

static void a_centre_cannot_see_another_centres_staff(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	char *other = shibeiping_centre(s);
	char id[19], path[128];
	citizen_id("19800101", 119, id);
	struct api_res *res = post_person(admin, "韦石碑", "male", "1980-01-01", id, other);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "centre_name"), "石碑坪镇卫生院");
	char *person = strdup(api_jstr(res->json, "id"));
	api_client_free(admin);

	struct api_client *c = api_login(s, "centre");
	snprintf(path, sizeof(path), "/api/v1/people/%s", person);
	res = api_get(c, path);
	assert_error(res, 403, "forbidden", NULL, NULL);
	snprintf(path, sizeof(path), "/api/v1/people/%s/qualifications", person);
	res = api_get(c, path);
	assert_error(res, 403, "forbidden", NULL, NULL);
	res = api_get(c, "/api/v1/people?limit=500");
	assert_status(res, 200);
	assert_null(strstr(res->body, person));
	res = api_get(c, "/api/v1/people?name=%E9%9F%A6%E7%9F%B3%E7%A2%91"); /* 韦石碑 */
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 0);
	/* Nor may it file someone under the other centre. */
	citizen_id("19800101", 121, id);
	res = post_person(c, "韦越权", "male", "1980-01-01", id, other);
	assert_error(res, 403, "forbidden", "centre_id", NULL);

	/* The county sees both centres' staff. */
	struct api_client *county = api_login(s, "county");
	snprintf(path, sizeof(path), "/api/v1/people/%s", person);
	res = api_get(county, path);
	assert_status(res, 200);
	api_client_free(county);
	free(person);
	free(other);
	api_client_free(c);
}

static void a_village_doctor_sees_only_themself(void **state)
{
	struct srv *s = *state;
	struct api_client *doctor = api_login(s, "clinic");
	char *user = strdup(api_jstr(doctor->user, "id"));
	struct api_client *c = api_login(s, "centre");
	char *person = make_person(c, "韦村医", 123);
	char *colleague = make_person(c, "韦同事", 125);
	/* Whoever the demo may have linked to this sign-in, it is this person now. */
	char sql[256], path[128];
	snprintf(sql, sizeof(sql), "UPDATE people SET user_id = NULL WHERE user_id = '%s'", user);
	assert_true(srv_sql(s, sql) >= 0);
	snprintf(path, sizeof(path), "/api/v1/people/%s", person);
	struct api_res *res = api_sendf(c, "PATCH", path, "{\"user_id\": \"%s\"}", user);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "user_id"), user);

	res = api_get(doctor, "/api/v1/people");
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.id"), person);
	res = api_get(doctor, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "name"), "韦村医");
	snprintf(path, sizeof(path), "/api/v1/people/%s/qualifications", person);
	res = api_get(doctor, path);
	assert_status(res, 200);
	snprintf(path, sizeof(path), "/api/v1/people/%s", colleague);
	res = api_get(doctor, path);
	assert_error(res, 403, "forbidden", NULL, NULL);
	/* A sign-in is linked to one file only. */
	res = api_sendf(c, "PATCH", path, "{\"user_id\": \"%s\"}", user);
	assert_error(res, 409, "conflict", "user_id", "");
	free(colleague);
	free(person);
	free(user);
	api_client_free(c);
	api_client_free(doctor);
}

static void qualifications_are_created_and_listed(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *person = make_person(c, "韦执业", 127);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people/%s/qualifications", person);
	struct api_res *res = api_post(
		c, path,
		"{\"kind\": \"village_doctor\", \"certificate_no\": \"LB-QC-0127\", \"issuer\": "
		"\"柳州市柳北区卫生健康局\", \"issued_on\": \"2015-06-01\", \"valid_until\": "
		"\"2030-05-31\", \"district_training_passed\": true}");
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "person_id"), person);
	assert_string_equal(api_jstr(res->json, "kind"), "village_doctor");
	assert_true(json_is_true(api_jget(res->json, "district_training_passed")));
	res = api_post(c, path,
		       "{\"kind\": \"secondary_medical\", \"certificate_no\": \"ZZ-2001-77\", "
		       "\"issuer\": \"广西医科大学附设卫生学校\", \"issued_on\": \"2001-07-01\"}");
	assert_status(res, 201);
	assert_true(json_is_null(api_jget(res->json, "valid_until")));

	res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	assert_string_equal(api_jstr(res->json, "items.0.certificate_no"), "LB-QC-0127");

	/* The same certificate twice, an expiry before issue, a person in the body. */
	res = api_post(c, path,
		       "{\"kind\": \"village_doctor\", \"certificate_no\": \"LB-QC-0127\", "
		       "\"issuer\": \"柳北区卫健局\", \"issued_on\": \"2016-01-01\"}");
	assert_error(res, 409, "conflict", "certificate_no", "");
	res = api_post(c, path,
		       "{\"kind\": \"physician\", \"certificate_no\": \"P-1\", \"issuer\": "
		       "\"柳州市卫健委\", \"issued_on\": \"2016-01-01\", \"valid_until\": "
		       "\"2015-12-31\"}");
	assert_error(res, 422, "invalid_field", "valid_until", "");
	res = api_sendf(c, "POST", path,
			"{\"kind\": \"physician\", \"certificate_no\": \"P-2\", \"issuer\": "
			"\"柳州市卫健委\", \"issued_on\": \"2016-01-01\", \"person_id\": \"%s\"}",
			person);
	assert_error(res, 400, "unknown_field", "person_id", "");
	free(person);
	api_client_free(c);
}

/* Every member of the zip BODY (LEN) under xl/ concatenated: the workbook's text. */
static char *workbook_text(const char *body, size_t len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(body, len, 0, &ze);
	assert_non_null(src);
	zip_t *z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	size_t cap = 1, used = 0;
	char *text = calloc(1, 1);
	for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++) {
		zip_stat_t st;
		assert_int_equal(zip_stat_index(z, (zip_uint64_t)i, 0, &st), 0);
		if (strncmp(st.name, "xl/", 3) != 0)
			continue;
		zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)i, 0);
		assert_non_null(f);
		cap += (size_t)st.size;
		text = realloc(text, cap);
		assert_non_null(text);
		zip_int64_t n = zip_fread(f, text + used, st.size);
		assert_true(n == (zip_int64_t)st.size);
		used += (size_t)n;
		text[used] = '\0';
		zip_fclose(f);
	}
	zip_close(z);
	return text;
}

static void the_export_is_a_workbook_with_masked_ids(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char id[19], mask[19];
	citizen_id("19800101", 129, id);
	masked(id, mask);
	struct api_res *res = post_person(c, "韦导出", "male", "1980-01-01", id, own_institution(c));
	assert_status(res, 201);
	res = api_get(c, "/api/v1/exports/people.xlsx");
	assert_status(res, 200);
	assert_non_null(strstr(api_header(res, "Content-Type"), "spreadsheetml"));
	assert_non_null(strstr(api_header(res, "Content-Disposition"), "attachment"));
	assert_memory_equal(res->body, "PK\x03\x04", 4);
	char *text = workbook_text(res->body, res->body_len);
	assert_non_null(strstr(text, "韦导出"));
	assert_non_null(strstr(text, "公民身份号码"));
	assert_non_null(strstr(text, mask));
	assert_null(strstr(text, id));
	assert_null(strstr(text, "照片"));
	free(text);
	api_client_free(c);
}

static void bad_input_names_the_field(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char id[19];
	citizen_id("19800101", 131, id);
	struct api_res *res = api_sendf(c, "POST", "/api/v1/people",
					"{\"name\": \"韦\", \"sex\": \"male\", \"birth_date\": "
					"\"1980-01-01\", \"citizen_id\": \"%s\", \"centre_id\": \"%s\"}",
					id, own_institution(c));
	assert_error(res, 422, "invalid_field", "name", "");
	res = api_sendf(c, "POST", "/api/v1/people",
			"{\"name\": \"韦照片\", \"sex\": \"male\", \"birth_date\": \"1980-01-01\", "
			"\"citizen_id\": \"%s\", \"centre_id\": \"%s\", \"photo\": \"hello\"}",
			id, own_institution(c));
	assert_error(res, 422, "invalid_field", "photo", "");
	res = api_sendf(c, "POST", "/api/v1/people",
			"{\"name\": \"韦缺号\", \"sex\": \"male\", \"birth_date\": \"1980-01-01\", "
			"\"centre_id\": \"%s\"}",
			own_institution(c));
	assert_error(res, 422, "required", "citizen_id", "");
	char *person = make_person(c, "韦参数", 133);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people/%s?full=maybe", person);
	res = api_get(c, path);
	assert_error(res, 400, "bad_request", "full", "");
	free(person);
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_person_is_created_with_the_id_masked),
		cmocka_unit_test(a_wrong_check_character_is_refused_on_citizen_id),
		cmocka_unit_test(a_birth_date_that_does_not_match_is_refused),
		cmocka_unit_test(a_sex_that_does_not_match_is_refused),
		cmocka_unit_test(an_x_check_character_is_accepted_in_either_case),
		cmocka_unit_test(the_same_person_cannot_be_entered_twice),
		cmocka_unit_test(a_person_belongs_to_a_centre_not_a_clinic),
		cmocka_unit_test(a_full_read_as_centre_shows_the_id_and_is_audited),
		cmocka_unit_test(a_full_read_as_finance_is_forbidden),
		cmocka_unit_test(the_database_never_holds_the_clear_id),
		cmocka_unit_test(identity_fields_cannot_be_changed),
		cmocka_unit_test(a_centre_cannot_see_another_centres_staff),
		cmocka_unit_test(a_village_doctor_sees_only_themself),
		cmocka_unit_test(qualifications_are_created_and_listed),
		cmocka_unit_test(the_export_is_a_workbook_with_masked_ids),
		cmocka_unit_test(bad_input_names_the_field),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
