/* SPDX-License-Identifier: MIT */
/* API tests of stocktakes (盘点, SR-DRG-3): the book quantity of every lot on hand is
 * listed, counts are entered with a reason for every variance, posting turns each variance
 * into a stocktake movement of the ledger so that the stock equals the count, and the
 * variance report stays; posting twice, counting after posting and posting over a book
 * that moved are refused; a village doctor counts only their own clinic. Demo data, both
 * backends; stock is seeded directly (the tests are not about deliveries). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pharm_fixture.h"

static long long stock_of(struct srv *s, const char *place, const char *lot)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT COALESCE(SUM(quantity), 0) FROM stock WHERE place_id = '%s' AND lot_id = "
		 "'%s'",
		 place, lot);
	char *v = srv_sql_value(s, sql);
	long long q = v ? atoll(v) : -1;
	free(v);
	return q;
}

/* POST /api/v1/stocktakes for PLACE today; fails unless 201. Returns the id (malloc'd). */
static char *start(struct api_client *c, const char *place)
{
	char today[11];
	api_date_from_today(0, today);
	struct api_res *res = api_sendf(c, "POST", "/api/v1/stocktakes",
					"{\"place_id\": \"%s\", \"counted_on\": \"%s\", \"note\": "
					"\"季度盘点\"}",
					place, today);
	assert_status(res, 201);
	return strdup(api_jstr(res->json, "id"));
}

/* The line of LOT in the stocktake answer BODY, or NULL. */
static json_t *line_of(json_t *body, const char *lot)
{
	size_t i;
	json_t *l;
	json_array_foreach(api_jget(body, "lines"), i, l)
	{
		if (strcmp(api_jstr(l, "lot_id"), lot) == 0)
			return l;
	}
	return NULL;
}

struct count {
	const char *lot;
	long long counted;
	const char *reason; /* NULL: none sent */
};

/* PUT the counts of stocktake ID: the N COUNTS given, every other line counted as its
 * book. Returns the response. */
static struct api_res *put_counts(struct api_client *c, const char *id, const struct count *counts,
				  size_t n)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s", id);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	json_t *lines = json_array();
	size_t i;
	json_t *l;
	json_array_foreach(api_jget(res->json, "lines"), i, l)
	{
		const char *lot = api_jstr(l, "lot_id");
		json_t *line = json_pack("{s:s, s:I}", "lot_id", lot, "counted",
					 (json_int_t)api_jint(l, "book"));
		for (size_t k = 0; k < n; k++) {
			if (strcmp(counts[k].lot, lot) != 0)
				continue;
			json_object_set_new(line, "counted", json_integer(counts[k].counted));
			if (counts[k].reason)
				json_object_set_new(line, "reason", json_string(counts[k].reason));
		}
		json_array_append_new(lines, line);
	}
	json_t *body = json_pack("{s:o}", "lines", lines);
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s/counts", id);
	res = api_send_json(c, "PUT", path, body);
	json_decref(body);
	return res;
}

static struct api_res *post(struct api_client *c, const char *id)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s/post", id);
	return api_post(c, path, "{}");
}

/* Per test: the pharmacist, the centre and a clinic of its own with three lots on hand
 * (100, 50 and 20 tablets) and one lot used up. */
struct fixture {
	struct api_client *c;
	char *centre, *clinic;
	char item[37], short_lot[37], over_lot[37], equal_lot[37], empty_lot[37];
};

static void fixture(struct srv *s, int n, struct fixture *f)
{
	struct api_client *doctor = api_login(s, "clinic");
	f->c = api_login(s, "pharmacy");
	f->centre = strdup(api_jstr(f->c->user, "institution_id"));
	f->clinic = clinic_of_centre(s, f->centre, api_jstr(doctor->user, "institution_id"), n);
	api_client_free(doctor);
	seed_item_of(s, "450205", "阿莫西林胶囊", false, f->item);
	seed_stock_at(s, f->centre, f->clinic, "delivery_in", f->item, "A2401", "2027-03-31", 35, 100,
		   NULL, f->short_lot);
	seed_stock_at(s, f->centre, f->clinic, "delivery_in", f->item, "A2402", "2027-06-30", 35, 50,
		   NULL, f->over_lot);
	seed_stock_at(s, f->centre, f->clinic, "delivery_in", f->item, "A2403", "2027-09-30", 40, 20,
		   NULL, f->equal_lot);
	seed_stock_at(s, f->centre, f->clinic, "delivery_in", f->item, "A2404", "2027-12-31", 40, 1,
		   NULL, f->empty_lot);
	/* Used up: the stock row stays at 0. */
	char sql[256];
	snprintf(sql, sizeof(sql), "UPDATE stock SET quantity = 0 WHERE lot_id = '%s'", f->empty_lot);
	assert_int_equal(srv_sql(s, sql), 1);
}

static void fixture_free(struct fixture *f)
{
	api_client_free(f->c);
	free(f->centre);
	free(f->clinic);
}

static void a_stocktake_lists_the_book_of_every_lot_on_hand(void **state)
{
	struct fixture f;
	fixture(*state, 0, &f);
	char *id = start(f.c, f.clinic);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s", id);
	struct api_res *res = api_get(f.c, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "open");
	assert_string_equal(api_jstr(res->json, "place_id"), f.clinic);
	assert_int_equal(api_jint(line_of(res->json, f.short_lot), "book"), 100);
	assert_int_equal(api_jint(line_of(res->json, f.over_lot), "book"), 50);
	assert_int_equal(api_jint(line_of(res->json, f.equal_lot), "book"), 20);
	assert_string_equal(api_jstr(line_of(res->json, f.short_lot), "lot_no"), "A2401");
	assert_true(json_is_null(api_jget(line_of(res->json, f.short_lot), "counted")));
	/* A lot used up is not on hand: nothing to count. */
	assert_null(line_of(res->json, f.empty_lot));
	free(id);
	fixture_free(&f);
}

static void variances_are_posted_with_their_reasons_and_the_stock_equals_the_counts(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, 1, &f);
	char *id = start(f.c, f.clinic);
	const struct count counts[] = {
		{f.short_lot, 97, "破损 3 片"},
		{f.over_lot, 52, "上次发药少记"},
		{f.equal_lot, 20, NULL},
	};
	struct api_res *res = put_counts(f.c, id, counts, 3);
	assert_status(res, 200);
	assert_int_equal(api_jint(line_of(res->json, f.short_lot), "variance"), -3);
	res = post(f.c, id);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "posted");
	/* The stock equals the counts. */
	assert_int_equal(stock_of(s, f.clinic, f.short_lot), 97);
	assert_int_equal(stock_of(s, f.clinic, f.over_lot), 52);
	assert_int_equal(stock_of(s, f.clinic, f.equal_lot), 20);
	/* Each variance is one stocktake movement with its reason; no movement for the equal. */
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT reason FROM movements WHERE kind = 'stocktake' AND doc_id = '%s' AND "
		 "lot_id = '%s' AND quantity = -3",
		 id, f.short_lot);
	char *reason = srv_sql_value(s, sql);
	assert_non_null(reason);
	assert_string_equal(reason, "破损 3 片");
	free(reason);
	snprintf(sql, sizeof(sql),
		 "SELECT reason FROM movements WHERE kind = 'stocktake' AND doc_id = '%s' AND "
		 "lot_id = '%s' AND quantity = 2",
		 id, f.over_lot);
	reason = srv_sql_value(s, sql);
	assert_non_null(reason);
	assert_string_equal(reason, "上次发药少记");
	free(reason);
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM movements WHERE doc_id = '%s'", id);
	reason = srv_sql_value(s, sql);
	assert_string_equal(reason, "2");
	free(reason);
	/* The variance report stays: 3 short at 0.35 yuan, 2 over at 0.35 yuan. */
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s", id);
	res = api_get(f.c, path);
	assert_status(res, 200);
	assert_int_equal(api_jint(res->json, "report.variances"), 2);
	assert_int_equal(api_jint(res->json, "report.short_units"), 3);
	assert_int_equal(api_jint(res->json, "report.over_units"), 2);
	assert_int_equal(api_jint(res->json, "report.short_value_fen"), 105);
	assert_int_equal(api_jint(res->json, "report.over_value_fen"), 70);
	assert_int_equal(api_jint(line_of(res->json, f.over_lot), "variance_value_fen"), 70);
	assert_string_equal(api_jstr(line_of(res->json, f.short_lot), "reason"), "破损 3 片");
	free(id);
	fixture_free(&f);
}

static void posting_twice_is_a_conflict(void **state)
{
	struct fixture f;
	fixture(*state, 2, &f);
	char *id = start(f.c, f.clinic);
	const struct count counts[] = {{f.short_lot, 99, "过期回收漏记"}};
	assert_status(put_counts(f.c, id, counts, 1), 200);
	assert_status(post(f.c, id), 200);
	assert_error(post(f.c, id), 409, "conflict", NULL, NULL);
	assert_int_equal(stock_of(*state, f.clinic, f.short_lot), 99);
	free(id);
	fixture_free(&f);
}

static void a_variance_without_a_reason_is_refused(void **state)
{
	struct fixture f;
	fixture(*state, 3, &f);
	char *id = start(f.c, f.clinic);
	const struct count counts[] = {{f.over_lot, 49, NULL}};
	struct api_res *res = put_counts(f.c, id, counts, 1);
	assert_error(res, 422, "rule_violation", NULL, "SR-DRG-3");
	assert_non_null(strstr(api_jstr(res->json, "error.field"), ".reason"));
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "A2402"));
	/* Nothing was recorded: the line is still uncounted. */
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s", id);
	res = api_get(f.c, path);
	assert_true(json_is_null(api_jget(line_of(res->json, f.over_lot), "counted")));
	free(id);
	fixture_free(&f);
}

static void counts_after_posting_are_refused(void **state)
{
	struct fixture f;
	fixture(*state, 4, &f);
	char *id = start(f.c, f.clinic);
	assert_status(put_counts(f.c, id, NULL, 0), 200);
	assert_status(post(f.c, id), 200);
	const struct count counts[] = {{f.short_lot, 90, "改数"}};
	assert_error(put_counts(f.c, id, counts, 1), 409, "conflict", NULL, NULL);
	free(id);
	fixture_free(&f);
}

static void posting_needs_every_lot_counted(void **state)
{
	struct fixture f;
	fixture(*state, 5, &f);
	char *id = start(f.c, f.clinic);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s/counts", id);
	struct api_res *res = api_sendf(f.c, "PUT", path,
					"{\"lines\": [{\"lot_id\": \"%s\", \"counted\": 100}]}",
					f.short_lot);
	assert_status(res, 200);
	assert_error(post(f.c, id), 422, "rule_violation", "lines", "SR-DRG-3");
	free(id);
	fixture_free(&f);
}

static void posting_refuses_a_book_that_moved_since_the_count_started(void **state)
{
	struct srv *s = *state;
	struct fixture f;
	fixture(s, 6, &f);
	char *id = start(f.c, f.clinic);
	const struct count counts[] = {{f.short_lot, 95, "破损"}};
	assert_status(put_counts(f.c, id, counts, 1), 200);
	/* Five tablets dispensed while the count was under way. */
	char sql[256];
	snprintf(sql, sizeof(sql), "UPDATE stock SET quantity = 95 WHERE lot_id = '%s'", f.short_lot);
	assert_int_equal(srv_sql(s, sql), 1);
	struct api_res *res = post(f.c, id);
	assert_error(res, 409, "conflict", "lines", "SR-DRG-3");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "A2401"));
	/* Nothing posted. */
	assert_int_equal(stock_of(s, f.clinic, f.short_lot), 95);
	snprintf(sql, sizeof(sql), "SELECT status FROM stocktakes WHERE id = '%s'", id);
	char *status = srv_sql_value(s, sql);
	assert_string_equal(status, "open");
	free(status);
	free(id);
	fixture_free(&f);
}

static void a_second_open_stocktake_of_a_place_is_refused(void **state)
{
	struct fixture f;
	fixture(*state, 7, &f);
	char *id = start(f.c, f.clinic);
	char today[11];
	api_date_from_today(0, today);
	assert_error(api_sendf(f.c, "POST", "/api/v1/stocktakes",
			       "{\"place_id\": \"%s\", \"counted_on\": \"%s\"}", f.clinic, today),
		     409, "conflict", "place_id", NULL);
	free(id);
	fixture_free(&f);
}

static void a_clinic_counts_only_its_own_stock(void **state)
{
	struct srv *s = *state;
	struct api_client *doctor = api_login(s, "clinic");
	struct api_client *pharmacist = api_login(s, "pharmacy");
	const char *own = api_jstr(doctor->user, "institution_id");
	const char *centre = api_jstr(pharmacist->user, "institution_id");
	char item[37], lot[37], centre_lot[37], today[11];
	api_date_from_today(0, today);
	seed_item_of(s, "450205", "布洛芬片", false, item);
	seed_stock_at(s, centre, own, "delivery_in", item, "B2401", "2027-05-31", 12, 30, NULL, lot);
	seed_stock_at(s, centre, centre, "receipt", item, "B2402", "2027-08-31", 12, 500, NULL,
		      centre_lot);
	/* The centre's store is not the doctor's to count. */
	assert_error(api_sendf(doctor, "POST", "/api/v1/stocktakes",
			       "{\"place_id\": \"%s\", \"counted_on\": \"%s\"}", centre, today),
		     403, "forbidden", NULL, NULL);
	char *centre_count = start(pharmacist, centre);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s", centre_count);
	assert_error(api_get(doctor, path), 403, "forbidden", NULL, NULL);
	/* Their own clinic is. */
	char *own_count = start(doctor, own);
	snprintf(path, sizeof(path), "/api/v1/stocktakes/%s", own_count);
	struct api_res *res = api_get(doctor, path);
	assert_status(res, 200);
	assert_int_equal(api_jint(line_of(res->json, lot), "book"), 30);
	assert_null(line_of(res->json, centre_lot));
	/* Their list holds only their clinic's stocktakes. */
	res = api_get(doctor, "/api/v1/stocktakes?limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *t;
	bool mine = false;
	json_array_foreach(api_jget(res->json, "items"), i, t)
	{
		assert_string_equal(api_jstr(t, "place_id"), own);
		mine = mine || strcmp(api_jstr(t, "id"), own_count) == 0;
	}
	assert_true(mine);
	free(own_count);
	free(centre_count);
	api_client_free(pharmacist);
	api_client_free(doctor);
}

static void minimum_stock_is_set_per_place_and_item(void **state)
{
	struct srv *s = *state;
	struct api_client *c = api_login(s, "pharmacy");
	struct api_client *doctor = api_login(s, "clinic");
	const char *clinic = api_jstr(doctor->user, "institution_id");
	char item[37], path[256];
	seed_item_of(s, "450205", "硝苯地平片", false, item);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/min-stock/%s", clinic, item);
	struct api_res *res = api_put(c, path, "{\"minimum\": 60}");
	assert_status(res, 200);
	assert_int_equal(api_jint(res->json, "minimum"), 60);
	assert_status(api_put(c, path, "{\"minimum\": 80}"), 200);
	assert_error(api_put(c, path, "{\"minimum\": -1}"), 422, "invalid_field", "minimum", NULL);
	/* The doctor sees their clinic's minimums but does not set them. */
	assert_error(api_put(doctor, path, "{\"minimum\": 1}"), 403, "forbidden", NULL, NULL);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/min-stock?limit=500", clinic);
	res = api_get(doctor, path);
	assert_status(res, 200);
	bool found = false;
	size_t i;
	json_t *m;
	json_array_foreach(api_jget(res->json, "items"), i, m)
	{
		if (strcmp(api_jstr(m, "item_id"), item) == 0) {
			found = true;
			assert_int_equal(api_jint(m, "minimum"), 80);
			assert_string_equal(api_jstr(m, "item_name"), "硝苯地平片");
		}
	}
	assert_true(found);
	api_client_free(doctor);
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_stocktake_lists_the_book_of_every_lot_on_hand),
		cmocka_unit_test(variances_are_posted_with_their_reasons_and_the_stock_equals_the_counts),
		cmocka_unit_test(posting_twice_is_a_conflict),
		cmocka_unit_test(a_variance_without_a_reason_is_refused),
		cmocka_unit_test(counts_after_posting_are_refused),
		cmocka_unit_test(posting_needs_every_lot_counted),
		cmocka_unit_test(posting_refuses_a_book_that_moved_since_the_count_started),
		cmocka_unit_test(a_second_open_stocktake_of_a_place_is_refused),
		cmocka_unit_test(a_clinic_counts_only_its_own_stock),
		cmocka_unit_test(minimum_stock_is_set_per_place_and_item),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
