/* SPDX-License-Identifier: MIT */
/* API tests of training (培训, LB-STF-8): courses are recorded against a person and the
 * year's figures are judged against the profile's minimums — two courses and fourteen days
 * a year in Liubei, full-time further study every five years with a warning from the third
 * — while in Shangrao the figures are shown and not judged. Demo data, both backends; the
 * people are created through the API. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

/* This year, as a number. */
static int this_year(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_year + 1900;
}


/* A new person of CENTRE_ID created by C (POST /api/v1/people). Returns the id (malloc'd). */
static char *new_person(struct api_client *c, const char *centre_id, const char *name)
{
	return api_new_person(c, "450205", centre_id, name, false, "1980-05-12");
}

/* A new person of the demo centre (沙塘镇中心卫生院, Liubei), created by C (the centre). */
static char *liubei_person(struct api_client *c, const char *name)
{
	return new_person(c, api_jstr(c->user, "institution_id"), name);
}

/* POST a training of PERSON from STARTS to ENDS with DAYS; returns the response. */
static struct api_res *add_training(struct api_client *c, const char *person, const char *kind,
				    const char *starts, const char *ends, int days)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people/%s/trainings", person);
	return api_sendf(c, "POST", path,
			 "{\"title\": \"基本公共卫生服务培训\", \"kind\": \"%s\", \"provider\": "
			 "\"柳北区卫生健康局\", \"starts_on\": \"%s\", \"ends_on\": \"%s\", \"days\": %d, "
			 "\"result\": \"passed\"}",
			 kind, starts, ends, days);
}

/* A training of DAYS days in March of YEAR; fails the test unless it is recorded. */
static void add_course(struct api_client *c, const char *person, int year, int first_day,
		       int days)
{
	char starts[32], ends[32];
	snprintf(starts, sizeof(starts), "%04d-03-%02d", year, first_day);
	snprintf(ends, sizeof(ends), "%04d-03-%02d", year, first_day + days - 1);
	assert_status(add_training(c, person, "job", starts, ends, days), 201);
}

/* The training answer of PERSON (owned by C until its next request). */
static json_t *trainings_of(struct api_client *c, const char *person)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people/%s/trainings", person);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	return res->json;
}

/* The figures of YEAR in the training answer BODY; fails the test if it is absent. */
static json_t *year_of(json_t *body, int year)
{
	size_t i;
	json_t *y;
	json_array_foreach(api_jget(body, "years"), i, y) if (api_jint(y, "year") == year) return y;
	fail_msg("year %d missing from the training figures", year);
	return NULL;
}

static void thirteen_days_fall_short_and_fourteen_meet_the_year(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "黄志强");
	int y = this_year() - 1;
	add_course(c, p, y, 1, 7);
	json_t *fig = year_of(trainings_of(c, p), y);
	assert_int_equal(api_jint(fig, "courses"), 1);
	assert_int_equal(api_jint(fig, "days"), 7);
	assert_true(json_is_false(api_jget(fig, "ok")));
	add_course(c, p, y, 10, 6);
	fig = year_of(trainings_of(c, p), y);
	assert_int_equal(api_jint(fig, "courses"), 2);
	assert_int_equal(api_jint(fig, "days"), 13);
	assert_int_equal(api_jint(fig, "min_courses"), 2);
	assert_int_equal(api_jint(fig, "min_days"), 14);
	assert_string_equal(api_jstr(fig, "rule"), "LB-STF-8");
	assert_true(json_is_false(api_jget(fig, "ok")));
	/* The year before: two courses of seven days, fourteen in all. */
	add_course(c, p, y - 1, 1, 7);
	add_course(c, p, y - 1, 10, 7);
	fig = year_of(trainings_of(c, p), y - 1);
	assert_int_equal(api_jint(fig, "days"), 14);
	assert_true(json_is_true(api_jget(fig, "ok")));
	free(p);
	api_client_free(c);
}

static void one_long_course_is_not_enough(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "莫秋菊");
	int y = this_year() - 1;
	add_course(c, p, y, 1, 20);
	json_t *fig = year_of(trainings_of(c, p), y);
	assert_int_equal(api_jint(fig, "courses"), 1);
	assert_int_equal(api_jint(fig, "days"), 20);
	assert_true(json_is_false(api_jget(fig, "ok")));
	free(p);
	api_client_free(c);
}

static void the_current_year_shows_even_without_training(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "覃国华");
	json_t *body = trainings_of(c, p);
	assert_int_equal(json_array_size(api_jget(body, "items")), 0);
	json_t *fig = year_of(body, this_year());
	assert_int_equal(api_jint(fig, "courses"), 0);
	assert_int_equal(api_jint(fig, "days"), 0);
	assert_true(json_is_false(api_jget(fig, "ok")));
	free(p);
	api_client_free(c);
}

/* A further study of 30 days in March of YEAR (its end is the date that counts). */
static void add_further_study(struct api_client *c, const char *person, int year, int days)
{
	char starts[32], ends[32];
	snprintf(starts, sizeof(starts), "%04d-03-01", year);
	snprintf(ends, sizeof(ends), "%04d-03-%02d", year, days);
	assert_status(add_training(c, person, "further_study", starts, ends, days), 201);
}

static void further_study_goes_overdue_after_five_years_and_due_soon_after_three(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "韦建新");
	int y = this_year();
	char last[32];
	add_further_study(c, p, y - 6, 30);
	json_t *study = api_jget(trainings_of(c, p), "further_study");
	snprintf(last, sizeof(last), "%04d-03-30", y - 6);
	assert_string_equal(api_jstr(study, "last"), last);
	assert_string_equal(api_jstr(study, "status"), "overdue");
	assert_string_equal(api_jstr(study, "rule"), "LB-STF-8");
	add_further_study(c, p, y - 4, 30);
	study = api_jget(trainings_of(c, p), "further_study");
	assert_string_equal(api_jstr(study, "status"), "due_soon");
	/* Ten days of further study are not the month the rule asks for. */
	add_further_study(c, p, y - 1, 10);
	study = api_jget(trainings_of(c, p), "further_study");
	snprintf(last, sizeof(last), "%04d-03-30", y - 4);
	assert_string_equal(api_jstr(study, "last"), last);
	assert_string_equal(api_jstr(study, "status"), "due_soon");
	add_further_study(c, p, y - 1, 30);
	study = api_jget(trainings_of(c, p), "further_study");
	assert_string_equal(api_jstr(study, "status"), "ok");
	free(p);
	api_client_free(c);
}

static void days_beyond_the_dates_are_refused(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "蒙丽萍");
	char starts[32], ends[32];
	snprintf(starts, sizeof(starts), "%04d-03-01", this_year() - 1);
	snprintf(ends, sizeof(ends), "%04d-03-05", this_year() - 1);
	assert_error(add_training(c, p, "job", starts, ends, 6), 422, "invalid_field", "days", NULL);
	assert_status(add_training(c, p, "job", starts, ends, 5), 201);
	free(p);
	api_client_free(c);
}

static void an_end_before_the_start_is_refused(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "陆永生");
	char starts[32], ends[32];
	snprintf(starts, sizeof(starts), "%04d-03-05", this_year() - 1);
	snprintf(ends, sizeof(ends), "%04d-03-01", this_year() - 1);
	assert_error(add_training(c, p, "job", starts, ends, 1), 422, "invalid_field", "ends_on",
		     NULL);
	free(p);
	api_client_free(c);
}

static void bad_kinds_and_missing_fields_name_the_field(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "潘志明");
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/people/%s/trainings", p);
	assert_error(add_training(c, p, "holiday", "2024-03-01", "2024-03-02", 2), 422,
		     "invalid_field", "kind", NULL);
	assert_error(api_post(c, path, "{\"title\": \"急救培训\", \"kind\": \"job\"}"), 422, "required",
		     NULL, NULL);
	free(p);
	api_client_free(c);
}

static void recording_a_training_is_audited(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "罗春燕");
	struct api_res *res = add_training(c, p, "online", "2024-05-06", "2024-05-06", 1);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "person_id"), p);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE entity = 'training' AND action = 'create' "
		 "AND entity_id = '%s'",
		 api_jstr(res->json, "id"));
	char *n = srv_sql_value(*state, sql);
	assert_string_equal(n, "1");
	free(n);
	free(p);
	api_client_free(c);
}

static void the_list_filters_by_year_and_kind(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = liubei_person(c, "黎文斌");
	int y = this_year() - 1;
	add_course(c, p, y, 1, 3);
	add_course(c, p, y - 1, 1, 3);
	add_further_study(c, p, y - 1, 30);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/trainings?year=%d", p, y - 1);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	snprintf(path, sizeof(path), "/api/v1/people/%s/trainings?kind=further_study", p);
	res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	snprintf(path, sizeof(path), "/api/v1/people/%s/trainings?year=nineteen", p);
	assert_error(api_get(c, path), 400, "bad_request", "year", NULL);
	free(p);
	api_client_free(c);
}

static void shangrao_shows_the_figures_without_judging_them(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	struct api_res *res =
		api_get(admin, "/api/v1/institutions?kind=centre&county_code=361125&limit=1");
	assert_status(res, 200);
	char *centre = strdup(api_jstr(res->json, "items.0.id"));
	char *p = new_person(admin, centre, "王建华");
	add_course(admin, p, this_year() - 1, 1, 3);
	json_t *body = trainings_of(admin, p);
	json_t *fig = year_of(body, this_year() - 1);
	assert_int_equal(api_jint(fig, "courses"), 1);
	assert_int_equal(api_jint(fig, "days"), 3);
	assert_true(json_is_null(api_jget(fig, "ok")));
	assert_true(json_is_null(api_jget(fig, "rule")));
	assert_true(json_is_null(api_jget(fig, "min_days")));
	assert_true(json_is_null(api_jget(body, "further_study.status")));
	free(p);
	free(centre);
	api_client_free(admin);
}

static void another_centre_cannot_record_training(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	struct api_client *c = api_login(*state, "centre");
	struct api_res *res =
		api_get(admin, "/api/v1/institutions?kind=centre&county_code=361125&limit=1");
	assert_status(res, 200);
	char *centre = strdup(api_jstr(res->json, "items.0.id"));
	char *p = new_person(admin, centre, "周国强");
	assert_error(add_training(c, p, "job", "2024-03-01", "2024-03-02", 2), 403, "forbidden",
		     NULL, NULL);
	free(p);
	free(centre);
	api_client_free(c);
	api_client_free(admin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(thirteen_days_fall_short_and_fourteen_meet_the_year),
		cmocka_unit_test(one_long_course_is_not_enough),
		cmocka_unit_test(the_current_year_shows_even_without_training),
		cmocka_unit_test(further_study_goes_overdue_after_five_years_and_due_soon_after_three),
		cmocka_unit_test(days_beyond_the_dates_are_refused),
		cmocka_unit_test(an_end_before_the_start_is_refused),
		cmocka_unit_test(bad_kinds_and_missing_fields_name_the_field),
		cmocka_unit_test(recording_a_training_is_audited),
		cmocka_unit_test(the_list_filters_by_year_and_kind),
		cmocka_unit_test(shangrao_shows_the_figures_without_judging_them),
		cmocka_unit_test(another_centre_cannot_record_training),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
