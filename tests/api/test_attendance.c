/* SPDX-License-Identifier: MIT */
/* API tests of duty, attendance and leave (LB-STF-9, LB-STF-7): a day is recorded once per
 * person and date, never in the future; a follow-up day needs the posted schedule and a
 * leave day an approved leave; leave is approved by the centre naming a stand-in of the
 * same centre who is free; absent days are counted per calendar year and the 30th raises an
 * exit review. Demo data, both backends; people are created through the API and absent
 * days are seeded with SQL where the test is about counting them. */
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



/* A new person of CENTRE_ID created by C. Returns the id (malloc'd). */
static char *new_person(struct api_client *c, const char *centre_id, const char *name)
{
	return api_new_person(c, "450205", centre_id, name, true, "1975-09-03");
}

/* A new person of the demo centre (沙塘镇中心卫生院), created by C (the centre). */
static char *own_person(struct api_client *c, const char *name)
{
	return new_person(c, api_jstr(c->user, "institution_id"), name);
}

/* PUT PERSON's day DATE with BODY. */
static struct api_res *put_day(struct api_client *c, const char *person, const char *date,
			       const char *body)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/attendance/%s", person, date);
	return api_put(c, path, body);
}

/* Record PERSON absent on DATE through the API; fails the test otherwise. */
static void absent_on(struct api_client *c, const char *person, const char *date)
{
	assert_status(put_day(c, person, date, "{\"status\": \"absent\"}"), 200);
}

/* Seed PERSON absent on days FIRST..LAST of month MONTH of YEAR straight into the
 * database (the count is the point, not the API). */
static void seed_absent(struct srv *s, const char *person, int year, int month, int first,
			int last)
{
	size_t cap = 256 + (size_t)(last - first + 1) * 256, len = 0;
	char *sql = malloc(cap);
	assert_non_null(sql);
	len += (size_t)snprintf(sql + len, cap - len,
				"INSERT INTO attendance (id, person_id, on_date, status, "
				"schedule_posted, created_at, updated_at, created_by, updated_by) "
				"VALUES ");
	for (int d = first; d <= last; d++)
		len += (size_t)snprintf(sql + len, cap - len,
					"%s('seed-%s-%04d%02d%02d', '%s', '%04d-%02d-%02d', 'absent', 0, "
					"'2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'test', 'test')",
					d == first ? "" : ", ", person, year, month, d, person, year, month,
					d);
	assert_int_equal(srv_sql(s, sql), last - first + 1);
	free(sql);
}

/* Number of exit reviews of PERSON with REASON. */
static int exit_reviews(struct srv *s, const char *person, const char *reason)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM exit_reviews WHERE person_id = '%s' AND reason = '%s'", person,
		 reason);
	char *v = srv_sql_value(s, sql);
	assert_non_null(v);
	int n = atoi(v);
	free(v);
	return n;
}

/* POST a leave request of PERSON from STARTS to ENDS; returns the new request's id
 * (malloc'd), failing the test unless it is created. */
static char *request_leave(struct api_client *c, const char *person, const char *starts,
			   const char *ends)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/leaves", person);
	struct api_res *res = api_sendf(c, "POST", path,
					"{\"starts_on\": \"%s\", \"ends_on\": \"%s\", \"reason\": "
					"\"回家探亲\"}",
					starts, ends);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "pending");
	return strdup(api_jstr(res->json, "id"));
}

/* POST the decision on LEAVE: approve with STAND_IN (NULL: none named) or reject. */
static struct api_res *decide(struct api_client *c, const char *leave, const char *decision,
			      const char *stand_in)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/leaves/%s/decision", leave);
	if (!stand_in)
		return api_sendf(c, "POST", path, "{\"decision\": \"%s\"}", decision);
	return api_sendf(c, "POST", path, "{\"decision\": \"%s\", \"stand_in_id\": \"%s\"}",
			 decision, stand_in);
}

/* Id of a centre of Liubei other than the demo centre (malloc'd). */
static char *other_liubei_centre(struct api_client *county, const char *not_this)
{
	struct api_res *res =
		api_get(county, "/api/v1/institutions?kind=centre&county_code=450205&limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		if (strcmp(api_jstr(it, "id"), not_this) != 0)
			return strdup(api_jstr(it, "id"));
	}
	fail_msg("no second centre in Liubei");
	return NULL;
}

static void a_future_date_is_refused(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = own_person(c, "梁秀英");
	char tomorrow[11];
	api_date_from_today(1, tomorrow);
	assert_error(put_day(c, p, tomorrow, "{\"status\": \"present\"}"), 422, "invalid_field",
		     "on_date", NULL);
	assert_error(put_day(c, p, "2024-02-30", "{\"status\": \"present\"}"), 422, "invalid_field",
		     "on_date", NULL);
	free(p);
	api_client_free(c);
}

static void follow_up_without_the_posted_schedule_is_refused(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = own_person(c, "韦美玲");
	assert_error(put_day(c, p, "2024-04-08", "{\"status\": \"follow_up\"}"), 422,
		     "rule_violation", "schedule_posted", "LB-STF-9");
	struct api_res *res =
		put_day(c, p, "2024-04-08", "{\"status\": \"follow_up\", \"schedule_posted\": true}");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "follow_up");
	assert_true(json_is_true(api_jget(res->json, "schedule_posted")));
	free(p);
	api_client_free(c);
}

static void a_day_is_recorded_once_and_replaced(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = own_person(c, "覃丽华");
	assert_status(put_day(c, p, "2024-04-09", "{\"status\": \"present\"}"), 200);
	assert_status(put_day(c, p, "2024-04-09", "{\"status\": \"absent\", \"note\": \"未到岗\"}"),
		      200);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/attendance?year=2024", p);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.status"), "absent");
	assert_string_equal(api_jstr(res->json, "items.0.on_date"), "2024-04-09");
	assert_int_equal(api_jint(res->json, "absent_days"), 1);
	assert_int_equal(api_jint(res->json, "year"), 2024);
	free(p);
	api_client_free(c);
}

static void a_leave_day_needs_an_approved_leave(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = own_person(c, "黄桂芳"), *stand_in = own_person(c, "陆秀兰");
	assert_error(put_day(c, p, "2024-05-06", "{\"status\": \"leave\"}"), 422, "rule_violation",
		     "status", "LB-STF-9");
	char *leave = request_leave(c, p, "2024-05-06", "2024-05-08");
	/* Requested is not approved. */
	assert_error(put_day(c, p, "2024-05-07", "{\"status\": \"leave\"}"), 422, "rule_violation",
		     "status", "LB-STF-9");
	struct api_res *res = decide(c, leave, "approve", stand_in);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "approved");
	assert_string_equal(api_jstr(res->json, "stand_in_id"), stand_in);
	assert_string_equal(api_jstr(res->json, "stand_in_name"), "陆秀兰");
	assert_status(put_day(c, p, "2024-05-07", "{\"status\": \"leave\"}"), 200);
	/* The day after the leave is not covered by it. */
	assert_error(put_day(c, p, "2024-05-09", "{\"status\": \"leave\"}"), 422, "rule_violation",
		     "status", "LB-STF-9");
	free(leave);
	free(stand_in);
	free(p);
	api_client_free(c);
}

static void twenty_nine_absent_days_raise_nothing_and_the_thirtieth_an_exit_review(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char *p = own_person(c, "蒙金凤");
	int y = this_year() - 1;
	char date[32], path[160];
	seed_absent(s, p, y, 1, 1, 28);
	snprintf(date, sizeof(date), "%04d-01-29", y);
	absent_on(c, p, date);
	assert_int_equal(exit_reviews(s, p, "absence"), 0);
	snprintf(path, sizeof(path), "/api/v1/people/%s/attendance?year=%d", p, y);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(api_jint(res->json, "absent_days"), 29);
	assert_int_equal(api_jint(res->json, "alert_days"), 20);
	assert_int_equal(api_jint(res->json, "exit_days"), 30);
	assert_string_equal(api_jstr(res->json, "rule"), "LB-STF-7");
	snprintf(date, sizeof(date), "%04d-01-30", y);
	absent_on(c, p, date);
	assert_int_equal(exit_reviews(s, p, "absence"), 1);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT evidence FROM exit_reviews WHERE person_id = '%s'", p);
	char *evidence = srv_sql_value(s, sql);
	assert_non_null(evidence);
	json_t *ev = json_loads(evidence, 0, NULL);
	assert_non_null(ev);
	assert_int_equal(api_jint(ev, "days"), 30);
	assert_int_equal(api_jint(ev, "year"), y);
	json_decref(ev);
	free(evidence);
	/* A 31st day does not open a second review while the first is open. */
	snprintf(date, sizeof(date), "%04d-01-31", y);
	absent_on(c, p, date);
	assert_int_equal(exit_reviews(s, p, "absence"), 1);
	free(p);
	api_client_free(c);
}

static void absent_days_are_counted_per_calendar_year(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char *p = own_person(c, "潘凤英");
	int y = this_year() - 2;
	char date[32];
	seed_absent(s, p, y, 12, 1, 28);
	snprintf(date, sizeof(date), "%04d-12-29", y);
	absent_on(c, p, date);
	snprintf(date, sizeof(date), "%04d-01-01", y + 1);
	absent_on(c, p, date);
	assert_int_equal(exit_reviews(s, p, "absence"), 0);
	free(p);
	api_client_free(c);
}

static void approving_leave_needs_a_stand_in(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = own_person(c, "罗小燕");
	char *leave = request_leave(c, p, "2024-06-03", "2024-06-04");
	assert_error(decide(c, leave, "approve", NULL), 422, "rule_violation", "stand_in_id",
		     "LB-STF-9");
	/* Nor can the person stand in for themself. */
	assert_error(decide(c, leave, "approve", p), 422, "rule_violation", "stand_in_id",
		     "LB-STF-9");
	free(leave);
	free(p);
	api_client_free(c);
}

static void a_stand_in_from_another_centre_is_refused(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	struct api_client *county = api_login(*state, "county");
	char *p = own_person(c, "莫春兰");
	char *centre = other_liubei_centre(county, api_jstr(c->user, "institution_id"));
	char *other = new_person(county, centre, "黎秋月");
	char *leave = request_leave(c, p, "2024-06-10", "2024-06-11");
	assert_error(decide(c, leave, "approve", other), 422, "rule_violation", "stand_in_id",
		     "LB-STF-9");
	free(leave);
	free(other);
	free(centre);
	free(p);
	api_client_free(county);
	api_client_free(c);
}

static void a_stand_in_who_is_away_or_gone_is_refused(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char *p = own_person(c, "卢玉梅"), *away = own_person(c, "谭月娥"),
	     *gone = own_person(c, "廖碧云"), *free_one = own_person(c, "甘素珍");
	char *away_leave = request_leave(c, away, "2024-07-01", "2024-07-10");
	assert_status(decide(c, away_leave, "approve", free_one), 200);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "UPDATE people SET exited_on = '2024-01-31', exit_reason = 'resignation' "
		 "WHERE id = '%s'",
		 gone);
	assert_int_equal(srv_sql(s, sql), 1);
	char *leave = request_leave(c, p, "2024-07-05", "2024-07-06");
	assert_error(decide(c, leave, "approve", away), 422, "rule_violation", "stand_in_id",
		     "LB-STF-9");
	assert_error(decide(c, leave, "approve", gone), 422, "rule_violation", "stand_in_id",
		     "LB-STF-9");
	assert_status(decide(c, leave, "approve", free_one), 200);
	free(leave);
	free(away_leave);
	free(free_one);
	free(gone);
	free(away);
	free(p);
	api_client_free(c);
}

static void a_decided_leave_is_not_decided_again(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = own_person(c, "李翠萍");
	char *leave = request_leave(c, p, "2024-08-01", "2024-08-02");
	struct api_res *res = decide(c, leave, "reject", NULL);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "rejected");
	assert_string_equal(api_jstr(res->json, "decided_by"), "centre");
	assert_error(decide(c, leave, "approve", NULL), 409, "conflict", "status", NULL);
	assert_error(decide(c, leave, "maybe", NULL), 422, "invalid_field", "decision", NULL);
	free(leave);
	free(p);
	api_client_free(c);
}

static void overlapping_leave_requests_are_refused(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *p = own_person(c, "周美华");
	char *leave = request_leave(c, p, "2024-09-02", "2024-09-05");
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/leaves", p);
	assert_error(api_post(c, path,
			      "{\"starts_on\": \"2024-09-05\", \"ends_on\": \"2024-09-06\", "
			      "\"reason\": \"看病\"}"),
		     409, "conflict", "starts_on", NULL);
	assert_error(api_post(c, path,
			      "{\"starts_on\": \"2024-09-10\", \"ends_on\": \"2024-09-09\", "
			      "\"reason\": \"看病\"}"),
		     422, "invalid_field", "ends_on", NULL);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	free(leave);
	free(p);
	api_client_free(c);
}

static void the_village_doctor_requests_own_leave_but_cannot_approve_it(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	struct api_client *doctor = api_login(s, "clinic");
	char *p = own_person(c, "韦春花"), *other = own_person(c, "黄丽娟");
	char path[160], sql[160];
	/* The demo links the sign-in to the head of its clinic: move it to P. */
	snprintf(sql, sizeof(sql), "SELECT id FROM people WHERE user_id = '%s'",
		 api_jstr(doctor->user, "id"));
	char *linked = srv_sql_value(s, sql);
	if (linked && *linked) {
		snprintf(path, sizeof(path), "/api/v1/people/%s", linked);
		assert_status(api_sendf(c, "PATCH", path, "{\"user_id\": null}"), 200);
	}
	free(linked);
	snprintf(path, sizeof(path), "/api/v1/people/%s", p);
	assert_status(api_sendf(c, "PATCH", path, "{\"user_id\": \"%s\"}",
				api_jstr(doctor->user, "id")),
		      200);
	char *leave = request_leave(doctor, p, "2024-10-08", "2024-10-09");
	assert_error(decide(doctor, leave, "approve", other), 403, "forbidden", NULL, NULL);
	/* Nor can they ask leave for a colleague. */
	snprintf(path, sizeof(path), "/api/v1/people/%s/leaves", other);
	assert_error(api_post(doctor, path,
			      "{\"starts_on\": \"2024-10-08\", \"ends_on\": \"2024-10-09\", "
			      "\"reason\": \"看病\"}"),
		     403, "forbidden", NULL, NULL);
	/* The centre approves it. */
	assert_status(decide(c, leave, "approve", other), 200);
	free(leave);
	free(other);
	free(p);
	api_client_free(doctor);
	api_client_free(c);
}

static void recording_a_day_and_deciding_a_leave_are_audited(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "centre");
	char *p = own_person(c, "陈桂香"), *stand_in = own_person(c, "吴秀珍");
	struct api_res *res = put_day(c, p, "2024-11-04", "{\"status\": \"present\"}");
	assert_status(res, 200);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE entity = 'attendance' AND entity_id = '%s'",
		 api_jstr(res->json, "id"));
	char *n = srv_sql_value(s, sql);
	assert_string_equal(n, "1");
	free(n);
	char *leave = request_leave(c, p, "2024-11-11", "2024-11-12");
	assert_status(decide(c, leave, "approve", stand_in), 200);
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE entity = 'leave' AND entity_id = '%s'", leave);
	n = srv_sql_value(s, sql);
	assert_string_equal(n, "2");
	free(n);
	free(leave);
	free(stand_in);
	free(p);
	api_client_free(c);
}

static void the_year_shows_the_profile_duty_hours(void **state)
{
	struct api_client *c = api_login(*state, "centre");
	char *person = own_person(c, "莫在岗");
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/attendance", person);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "duty_hours.rule"), "LB-STF-9");
	assert_string_equal(api_jstr(res->json, "duty_hours.periods.0.0"), "08:30");
	assert_string_equal(api_jstr(res->json, "duty_hours.periods.1.1"), "17:30");
	free(person);
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_year_shows_the_profile_duty_hours),
		cmocka_unit_test(a_future_date_is_refused),
		cmocka_unit_test(follow_up_without_the_posted_schedule_is_refused),
		cmocka_unit_test(a_day_is_recorded_once_and_replaced),
		cmocka_unit_test(a_leave_day_needs_an_approved_leave),
		cmocka_unit_test(twenty_nine_absent_days_raise_nothing_and_the_thirtieth_an_exit_review),
		cmocka_unit_test(absent_days_are_counted_per_calendar_year),
		cmocka_unit_test(approving_leave_needs_a_stand_in),
		cmocka_unit_test(a_stand_in_from_another_centre_is_refused),
		cmocka_unit_test(a_stand_in_who_is_away_or_gone_is_refused),
		cmocka_unit_test(a_decided_leave_is_not_decided_again),
		cmocka_unit_test(overlapping_leave_requests_are_refused),
		cmocka_unit_test(the_village_doctor_requests_own_leave_but_cannot_approve_it),
		cmocka_unit_test(recording_a_day_and_deciding_a_leave_are_audited),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
