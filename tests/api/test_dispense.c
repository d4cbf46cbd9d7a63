/* SPDX-License-Identifier: MIT */
/* API tests of dispensing (发药) at zero mark-up: lots first-expiry-first-out or the lot
 * named, expired lots refused (SR-DRG-4) and skipped, lots on hold refused (SR-DRG-5), any
 * price but the lot's cost refused (SR-DRG-1), an infusion without its indication refused
 * (SR-DRG-6), short stock refused with nothing written (SR-DRG-3), the total, and the
 * concurrent test: sixteen clients taking the last units of one lot, which never goes
 * negative and whose ledger always sums to its stock. Demo data, both backends; the stock
 * is seeded with SQL (an item, a lot, a stock row and its matching delivery_in movement),
 * since these tests are about dispensing, not deliveries. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pharm_fixture.h"

/* Seeding: see pharm_fixture.h. */

static struct api_res *dispense(struct api_client *c, const struct place *p, const char *lines)
{
	return api_sendf(c, "POST", "/api/v1/dispenses",
			 "{\"clinic_id\": \"%s\", \"patient_ref\": \"门诊-001\", \"lines\": %s}",
			 p->clinic, lines);
}

/* ---- tests ---- */

static void fefo_takes_the_earlier_expiry_first_and_spills_into_the_next(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], early[37], late[37], lines[256];
	demo_places(s, &p);
	seed_item(s, &p, "阿莫西林胶囊", false, item);
	seed_lot(s, &p, item, 400, 50, false, late); /* made first: order is not the point */
	seed_lot(s, &p, item, 60, 50, false, early);
	seed_stock(s, &p, item, late, 10);
	seed_stock(s, &p, item, early, 3);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 5}]", item);
	struct api_res *res = dispense(c, &p, lines);
	assert_status(res, 201);
	assert_int_equal(json_array_size(api_jget(res->json, "lines")), 2);
	assert_string_equal(api_jstr(res->json, "lines.0.lot_id"), early);
	assert_int_equal(api_jint(res->json, "lines.0.quantity"), 3);
	assert_string_equal(api_jstr(res->json, "lines.1.lot_id"), late);
	assert_int_equal(api_jint(res->json, "lines.1.quantity"), 2);
	assert_int_equal(on_hand(s, &p, early), 0);
	assert_int_equal(on_hand(s, &p, late), 8);
	assert_int_equal(ledger_sum(s, &p, late), 8);
	api_client_free(c);
}

static void a_named_lot_is_taken_even_if_another_expires_first(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], early[37], late[37], lines[256];
	demo_places(s, &p);
	seed_item(s, &p, "布洛芬片", false, item);
	seed_lot(s, &p, item, 60, 30, false, early);
	seed_lot(s, &p, item, 400, 30, false, late);
	seed_stock(s, &p, item, early, 10);
	seed_stock(s, &p, item, late, 10);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 4, \"lot_id\": \"%s\"}]",
		 item, late);
	struct api_res *res = dispense(c, &p, lines);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "lines.0.lot_id"), late);
	assert_int_equal(on_hand(s, &p, late), 6);
	assert_int_equal(on_hand(s, &p, early), 10);
	api_client_free(c);
}

static void a_named_expired_lot_is_refused(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], lines[256];
	demo_places(s, &p);
	seed_one(s, &p, "过期的维生素C片", -1, 10, 20, item, lot);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 1, \"lot_id\": \"%s\"}]",
		 item, lot);
	assert_error(dispense(c, &p, lines), 422, "rule_violation", "lines[0].lot_id", "SR-DRG-4");
	assert_int_equal(on_hand(s, &p, lot), 20);
	api_client_free(c);
}

static void a_lot_on_its_expiry_date_is_dispensed(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], lines[256];
	demo_places(s, &p);
	seed_one(s, &p, "今天到期的维生素B1片", 0, 10, 20, item, lot);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 1}]", item);
	assert_status(dispense(c, &p, lines), 201);
	assert_int_equal(on_hand(s, &p, lot), 19);
	api_client_free(c);
}

static void fefo_skips_an_expired_lot(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], old[37], fresh[37], lines[256];
	demo_places(s, &p);
	seed_item(s, &p, "对乙酰氨基酚片", false, item);
	seed_lot(s, &p, item, -10, 20, false, old);
	seed_lot(s, &p, item, 300, 20, false, fresh);
	seed_stock(s, &p, item, old, 10);
	seed_stock(s, &p, item, fresh, 10);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 2}]", item);
	struct api_res *res = dispense(c, &p, lines);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "lines.0.lot_id"), fresh);
	assert_int_equal(on_hand(s, &p, old), 10);
	api_client_free(c);
}

static void a_lot_on_hold_is_refused_and_skipped(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], held[37], other[37], lines[256];
	demo_places(s, &p);
	seed_item(s, &p, "头孢拉定胶囊", false, item);
	seed_lot(s, &p, item, 60, 40, true, held);
	seed_lot(s, &p, item, 300, 40, false, other);
	seed_stock(s, &p, item, held, 10);
	seed_stock(s, &p, item, other, 10);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 1, \"lot_id\": \"%s\"}]",
		 item, held);
	assert_error(dispense(c, &p, lines), 422, "rule_violation", "lines[0].lot_id", "SR-DRG-5");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 1}]", item);
	struct api_res *res = dispense(c, &p, lines);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "lines.0.lot_id"), other);
	assert_int_equal(on_hand(s, &p, held), 10);
	api_client_free(c);
}

static void a_price_other_than_the_lot_cost_is_refused(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], lines[256];
	demo_places(s, &p);
	seed_one(s, &p, "硝苯地平片", 200, 125, 10, item, lot);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines),
		 "[{\"item_id\": \"%s\", \"quantity\": 2, \"unit_price_fen\": 126}]", item);
	struct api_res *res = dispense(c, &p, lines);
	assert_error(res, 422, "rule_violation", "lines[0].unit_price_fen", "SR-DRG-1");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "125"));
	assert_int_equal(on_hand(s, &p, lot), 10);
	snprintf(lines, sizeof(lines),
		 "[{\"item_id\": \"%s\", \"quantity\": 2, \"unit_price_fen\": 125}]", item);
	res = dispense(c, &p, lines);
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "lines.0.unit_price_fen"), 125);
	api_client_free(c);
}

static void an_infusion_needs_its_indication(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], lines[256];
	demo_places(s, &p);
	seed_item(s, &p, "0.9%氯化钠注射液", true, item);
	seed_lot(s, &p, item, 200, 300, false, lot);
	seed_stock(s, &p, item, lot, 10);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 1}]", item);
	assert_error(dispense(c, &p, lines), 422, "rule_violation", "lines[0].indication",
		     "SR-DRG-6");
	assert_int_equal(on_hand(s, &p, lot), 10);
	snprintf(lines, sizeof(lines),
		 "[{\"item_id\": \"%s\", \"quantity\": 1, \"indication\": \"重度脱水不能口服补液\"}]",
		 item);
	assert_status(dispense(c, &p, lines), 201);
	assert_int_equal(on_hand(s, &p, lot), 9);
	api_client_free(c);
}

static void short_stock_is_refused_and_nothing_is_written(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], item2[37], lot2[37], lines[512];
	demo_places(s, &p);
	seed_one(s, &p, "甲硝唑片", 200, 15, 5, item, lot);
	seed_one(s, &p, "复方甘草片", 200, 5, 50, item2, lot2);
	long long movements = sql_int(s, "SELECT COUNT(*) FROM movements");
	long long dispenses = sql_int(s, "SELECT COUNT(*) FROM dispenses");
	struct api_client *c = api_login(s, "clinic");
	/* The first line could be taken; the second cannot: neither is. */
	snprintf(lines, sizeof(lines),
		 "[{\"item_id\": \"%s\", \"quantity\": 3}, {\"item_id\": \"%s\", \"quantity\": 6}]",
		 item2, item);
	struct api_res *res = dispense(c, &p, lines);
	assert_error(res, 422, "rule_violation", "lines[1].quantity", "SR-DRG-3");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "5"));
	assert_int_equal(sql_int(s, "SELECT COUNT(*) FROM movements"), movements);
	assert_int_equal(sql_int(s, "SELECT COUNT(*) FROM dispenses"), dispenses);
	assert_int_equal(on_hand(s, &p, lot), 5);
	assert_int_equal(on_hand(s, &p, lot2), 50);
	api_client_free(c);
}

static void the_total_is_the_sum_of_the_lines_at_cost(void **state)
{
	struct srv *s = *state;
	struct place p;
	char a[37], lot_a[37], b[37], lot_b[37], lines[512];
	demo_places(s, &p);
	seed_one(s, &p, "二甲双胍片", 200, 125, 100, a, lot_a);
	seed_one(s, &p, "卡托普利片", 200, 80, 100, b, lot_b);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines),
		 "[{\"item_id\": \"%s\", \"quantity\": 7}, {\"item_id\": \"%s\", \"quantity\": 3}]", a,
		 b);
	struct api_res *res = dispense(c, &p, lines);
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "total_fen"), 7 * 125 + 3 * 80);
	assert_int_equal(api_jint(res->json, "lines.0.amount_fen"), 7 * 125);
	assert_int_equal(api_jint(res->json, "lines.1.amount_fen"), 3 * 80);
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT total_fen FROM dispenses WHERE id = '%s'",
		 api_jstr(res->json, "id"));
	assert_int_equal(sql_int(s, sql), 7 * 125 + 3 * 80);
	api_client_free(c);
}

static void a_village_doctor_cannot_dispense_at_another_clinic(void **state)
{
	struct srv *s = *state;
	struct place p;
	char lines[256], item[37], lot[37];
	demo_places(s, &p);
	seed_one(s, &p, "氨氯地平片", 200, 50, 10, item, lot);
	char sql[256];
	snprintf(sql, sizeof(sql),
		 "SELECT id FROM institutions WHERE kind = 'clinic' AND id <> '%s' ORDER BY id", p.clinic);
	char *other = sql_value(s, sql);
	struct place q = p;
	snprintf(q.clinic, sizeof(q.clinic), "%s", other);
	free(other);
	struct api_client *c = api_login(s, "clinic");
	snprintf(lines, sizeof(lines), "[{\"item_id\": \"%s\", \"quantity\": 1}]", item);
	assert_status(dispense(c, &q, lines), 403);
	api_client_free(c);
}

/* ---- the concurrent test ---- */

#define CLIENTS 16
#define ROUNDS  6
#define UNITS   11 /* fewer units than requests: the last ones are fought over */

struct taker {
	struct api_client *c;
	const struct place *p;
	const char *item;
	pthread_barrier_t *start;
	int status;
	char rule[24];
	char movement[37];
};

static void *take_one(void *arg)
{
	struct taker *t = arg;
	char body[512];
	snprintf(body, sizeof(body),
		 "{\"clinic_id\": \"%s\", \"lines\": [{\"item_id\": \"%s\", \"quantity\": 1}]}",
		 t->p->clinic, t->item);
	pthread_barrier_wait(t->start);
	struct api_res *res = api_request(t->c, "POST", "/api/v1/dispenses", NULL, body,
					  strlen(body));
	t->status = res ? res->status : 0;
	const char *rule = res && res->json ? api_jstr(res->json, "error.rule") : NULL;
	const char *mv = res && res->json ? api_jstr(res->json, "lines.0.movement_id") : NULL;
	snprintf(t->rule, sizeof(t->rule), "%s", rule ? rule : "");
	snprintf(t->movement, sizeof(t->movement), "%s", mv ? mv : "");
	return NULL;
}

static void concurrent_dispensing_never_goes_negative_and_the_ledger_sums_to_the_stock(
	void **state)
{
	struct srv *s = *state;
	struct place p;
	struct taker takers[CLIENTS];
	pthread_t threads[CLIENTS];
	demo_places(s, &p);
	for (int i = 0; i < CLIENTS; i++)
		takers[i] = (struct taker){.c = api_login(s, "clinic"), .p = &p};
	for (int round = 0; round < ROUNDS; round++) {
		char item[37], lot[37], name[64];
		pthread_barrier_t start;
		snprintf(name, sizeof(name), "争抢的最后几片药%d", round);
		seed_one(s, &p, name, 200, 35, UNITS, item, lot);
		pthread_barrier_init(&start, NULL, CLIENTS);
		for (int i = 0; i < CLIENTS; i++) {
			takers[i].item = item;
			takers[i].start = &start;
			assert_int_equal(pthread_create(&threads[i], NULL, take_one, &takers[i]), 0);
		}
		for (int i = 0; i < CLIENTS; i++)
			pthread_join(threads[i], NULL);
		pthread_barrier_destroy(&start);
		int ok = 0;
		for (int i = 0; i < CLIENTS; i++) {
			if (takers[i].status == 201) {
				char sql[256];
				ok++;
				snprintf(sql, sizeof(sql),
					 "SELECT COUNT(*) FROM movements WHERE id = '%s' AND lot_id = '%s' "
					 "AND quantity = -1 AND kind = 'dispense'",
					 takers[i].movement, lot);
				assert_int_equal(sql_int(s, sql), 1);
			} else {
				if (takers[i].status != 422 || strcmp(takers[i].rule, "SR-DRG-3") != 0)
					fail_msg("round %d client %d: %d %s", round, i, takers[i].status,
						 takers[i].rule);
			}
		}
		long long stock = on_hand(s, &p, lot);
		assert_true(stock >= 0);
		assert_int_equal(ok, UNITS - stock);
		assert_int_equal(stock, 0); /* more requests than units: all were taken */
		assert_int_equal(ledger_sum(s, &p, lot), stock);
		char sql[256];
		snprintf(sql, sizeof(sql),
			 "SELECT COUNT(*) FROM dispense_lines WHERE lot_id = '%s'", lot);
		assert_int_equal(sql_int(s, sql), ok);
	}
	for (int i = 0; i < CLIENTS; i++)
		api_client_free(takers[i].c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(fefo_takes_the_earlier_expiry_first_and_spills_into_the_next),
	    cmocka_unit_test(a_named_lot_is_taken_even_if_another_expires_first),
	    cmocka_unit_test(a_named_expired_lot_is_refused),
	    cmocka_unit_test(a_lot_on_its_expiry_date_is_dispensed),
	    cmocka_unit_test(fefo_skips_an_expired_lot),
	    cmocka_unit_test(a_lot_on_hold_is_refused_and_skipped),
	    cmocka_unit_test(a_price_other_than_the_lot_cost_is_refused),
	    cmocka_unit_test(an_infusion_needs_its_indication),
	    cmocka_unit_test(short_stock_is_refused_and_nothing_is_written),
	    cmocka_unit_test(the_total_is_the_sum_of_the_lines_at_cost),
	    cmocka_unit_test(a_village_doctor_cannot_dispense_at_another_clinic),
	    cmocka_unit_test(
		    concurrent_dispensing_never_goes_negative_and_the_ledger_sums_to_the_stock),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
