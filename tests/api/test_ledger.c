/* SPDX-License-Identifier: MIT */
/* API tests of the stock ledger (出入库流水, SR-DRG-3): manual entries cannot add stock to a
 * clinic (SR-DRG-2), damage and loss take it out and are refused beyond what is on hand, a
 * reversal restores once and only once, movements are never changed, the stock card shows
 * each lot with its item, the movement pages follow their cursor newest first, and a
 * village doctor sees only their own clinic's stock. Demo data, both backends; the stock is
 * seeded with SQL (an item, a lot, a stock row and its matching delivery_in movement). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pharm_fixture.h"

/* Seeding: see pharm_fixture.h. */

/* Another clinic than P's (outside the village doctor's scope) into Q. */
static void other_clinic(struct srv *s, const struct place *p, struct place *q)
{
	char sql[256];
	*q = *p;
	snprintf(sql, sizeof(sql),
		 "SELECT id FROM institutions WHERE kind = 'clinic' AND id <> '%s' ORDER BY id",
		 p->clinic);
	char *v = sql_value(s, sql);
	snprintf(q->clinic, sizeof(q->clinic), "%s", v);
	free(v);
	snprintf(sql, sizeof(sql), "SELECT path FROM institutions WHERE id = '%s'", q->clinic);
	v = sql_value(s, sql);
	snprintf(q->clinic_path, sizeof(q->clinic_path), "%s", v);
	free(v);
}

static struct api_res *post_movement(struct api_client *c, const struct place *p,
				     const char *fmt_body)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/movements", p->clinic);
	return api_post(c, path, fmt_body);
}

static struct api_res *take_out(struct api_client *c, const struct place *p, const char *lot,
				const char *kind, long long quantity)
{
	char body[256];
	snprintf(body, sizeof(body),
		 "{\"lot_id\": \"%s\", \"kind\": \"%s\", \"quantity\": %lld, \"reason\": \"药盒受潮破损\"}",
		 lot, kind, quantity);
	return post_movement(c, p, body);
}

static void a_positive_manual_movement_into_a_clinic_is_refused(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37];
	demo_places(s, &p);
	seed_one(s, &p, "阿司匹林肠溶片", 200, 20, 10, item, lot);
	struct api_client *c = api_login(s, "clinic");
	assert_error(take_out(c, &p, lot, "damage", 5), 422, "rule_violation", "quantity",
		     "SR-DRG-2");
	assert_error(take_out(c, &p, lot, "delivery_in", 5), 422, "rule_violation", "quantity",
		     "SR-DRG-2");
	assert_int_equal(on_hand(s, &p, lot), 10);
	assert_int_equal(ledger_sum(s, &p, lot), 10);
	api_client_free(c);
}

static void damage_and_loss_take_stock_out_and_are_audited(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], sql[256];
	demo_places(s, &p);
	seed_one(s, &p, "氢氯噻嗪片", 200, 20, 10, item, lot);
	struct api_client *c = api_login(s, "clinic");
	struct api_res *res = take_out(c, &p, lot, "damage", -2);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "kind"), "damage");
	assert_int_equal(api_jint(res->json, "quantity"), -2);
	assert_int_equal(api_jint(res->json, "unit_cost_fen"), 20);
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM audit_log WHERE entity = 'movement' AND entity_id = '%s'",
		 api_jstr(res->json, "id"));
	assert_int_equal(sql_int(s, sql), 1);
	assert_status(take_out(c, &p, lot, "loss", -1), 201);
	assert_int_equal(on_hand(s, &p, lot), 7);
	assert_int_equal(ledger_sum(s, &p, lot), 7);
	api_client_free(c);
}

static void taking_out_more_than_is_on_hand_is_refused(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37];
	demo_places(s, &p);
	seed_one(s, &p, "格列本脲片", 200, 20, 4, item, lot);
	struct api_client *c = api_login(s, "clinic");
	struct api_res *res = take_out(c, &p, lot, "loss", -5);
	assert_error(res, 422, "rule_violation", "quantity", "SR-DRG-3");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "4"));
	assert_int_equal(on_hand(s, &p, lot), 4);
	api_client_free(c);
}

static void a_reversal_restores_and_cannot_be_repeated(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], body[256], damage[37];
	demo_places(s, &p);
	seed_one(s, &p, "螺内酯片", 200, 20, 10, item, lot);
	struct api_client *c = api_login(s, "clinic");
	struct api_res *res = take_out(c, &p, lot, "damage", -3);
	assert_status(res, 201);
	snprintf(damage, sizeof(damage), "%s", api_jstr(res->json, "id"));
	assert_int_equal(on_hand(s, &p, lot), 7);
	snprintf(body, sizeof(body),
		 "{\"kind\": \"reversal\", \"reverses_id\": \"%s\", \"reason\": \"误登报损\"}", damage);
	res = post_movement(c, &p, body);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "kind"), "reversal");
	assert_int_equal(api_jint(res->json, "quantity"), 3);
	assert_string_equal(api_jstr(res->json, "reverses_id"), damage);
	assert_int_equal(on_hand(s, &p, lot), 10);
	assert_error(post_movement(c, &p, body), 409, "conflict", "reverses_id", NULL);
	assert_int_equal(on_hand(s, &p, lot), 10);
	assert_int_equal(ledger_sum(s, &p, lot), 10);
	api_client_free(c);
}

static void movements_are_never_changed(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], path[256], sql[256];
	demo_places(s, &p);
	seed_one(s, &p, "美托洛尔片", 200, 20, 10, item, lot);
	struct api_client *c = api_login(s, "admin");
	struct api_res *res = take_out(c, &p, lot, "damage", -1);
	assert_status(res, 201);
	char *id = strdup(api_jstr(res->json, "id"));
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/movements/%s", p.clinic, id);
	res = api_patch(c, path, "{\"quantity\": -100}");
	assert_true(res->status == 404 || res->status == 405);
	res = api_put(c, path, "{\"quantity\": -100}");
	assert_true(res->status == 404 || res->status == 405);
	res = api_delete(c, path);
	assert_true(res->status == 404 || res->status == 405);
	snprintf(sql, sizeof(sql), "SELECT quantity FROM movements WHERE id = '%s'", id);
	assert_int_equal(sql_int(s, sql), -1);
	free(id);
	api_client_free(c);
}

static void the_stock_card_shows_each_lot_with_its_item(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], path[256];
	demo_places(s, &p);
	seed_one(s, &p, "奥美拉唑肠溶胶囊", 200, 66, 12, item, lot);
	struct api_client *c = api_login(s, "clinic");
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/stock?lot_id=%s", p.clinic, lot);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.generic_name"), "奥美拉唑肠溶胶囊");
	assert_int_equal(api_jint(res->json, "items.0.quantity"), 12);
	assert_int_equal(api_jint(res->json, "items.0.unit_cost_fen"), 66);
	assert_int_equal(api_jint(res->json, "items.0.value_fen"), 12 * 66);
	assert_string_equal(api_jstr(res->json, "items.0.base_unit"), "片");
	assert_non_null(api_jstr(res->json, "items.0.lot_no"));
	assert_non_null(api_jstr(res->json, "items.0.expiry_date"));
	assert_true(json_is_false(api_jget(res->json, "items.0.on_hold")));
	api_client_free(c);
}

static void movement_pages_follow_the_cursor_newest_first(void **state)
{
	struct srv *s = *state;
	struct place p;
	char item[37], lot[37], path[512], cursor[37] = "";
	demo_places(s, &p);
	seed_one(s, &p, "辛伐他汀片", 200, 20, 100, item, lot);
	struct api_client *c = api_login(s, "clinic");
	for (int i = 0; i < 7; i++)
		assert_status(take_out(c, &p, lot, "damage", -1), 201);
	/* 7 damages and the seeded delivery: pages of 3, 3 and 2. */
	const size_t sizes[] = {3, 3, 2};
	char last[37] = "";
	for (int page = 0; page < 3; page++) {
		snprintf(path, sizeof(path), "/api/v1/institutions/%s/movements?lot_id=%s&limit=3%s%s",
			 p.clinic, lot, cursor[0] ? "&cursor=" : "", cursor);
		struct api_res *res = api_get(c, path);
		assert_status(res, 200);
		json_t *items = api_jget(res->json, "items");
		assert_int_equal(json_array_size(items), sizes[page]);
		for (size_t i = 0; i < json_array_size(items); i++) {
			const char *id = api_jstr(json_array_get(items, i), "id");
			if (last[0])
				assert_true(strcmp(id, last) < 0); /* newest first, no repeat */
			snprintf(last, sizeof(last), "%s", id);
		}
		const char *next = api_jstr(res->json, "next_cursor");
		if (page < 2) {
			assert_non_null(next);
			assert_string_equal(next, last);
			snprintf(cursor, sizeof(cursor), "%s", next);
		} else {
			assert_null(next);
			assert_string_equal(api_jstr(json_array_get(items, 1), "kind"), "delivery_in");
		}
	}
	api_client_free(c);
}

static void a_village_doctor_sees_only_their_own_clinics_stock(void **state)
{
	struct srv *s = *state;
	struct place p, q;
	char item[37], lot[37], other_lot[37], path[256];
	demo_places(s, &p);
	other_clinic(s, &p, &q);
	seed_one(s, &p, "左氧氟沙星片", 200, 20, 10, item, lot);
	seed_lot(s, &q, item, 200, 20, false, other_lot);
	seed_stock(s, &q, item, other_lot, 10);
	struct api_client *c = api_login(s, "clinic");
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/stock", q.clinic);
	assert_status(api_get(c, path), 403);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/movements", q.clinic);
	assert_status(api_get(c, path), 403);
	snprintf(path, sizeof(path), "/api/v1/stock?item_id=%s", item);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	json_t *items = api_jget(res->json, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_string_equal(api_jstr(items, "0.place_id"), p.clinic);
	api_client_free(c);
	/* An administrator sees both. */
	c = api_login(s, "admin");
	res = api_get(c, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	api_client_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_positive_manual_movement_into_a_clinic_is_refused),
	    cmocka_unit_test(damage_and_loss_take_stock_out_and_are_audited),
	    cmocka_unit_test(taking_out_more_than_is_on_hand_is_refused),
	    cmocka_unit_test(a_reversal_restores_and_cannot_be_repeated),
	    cmocka_unit_test(movements_are_never_changed),
	    cmocka_unit_test(the_stock_card_shows_each_lot_with_its_item),
	    cmocka_unit_test(movement_pages_follow_the_cursor_newest_first),
	    cmocka_unit_test(a_village_doctor_sees_only_their_own_clinics_stock),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
