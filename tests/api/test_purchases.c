/* SPDX-License-Identifier: MIT */
/* API tests of the centre's purchases and lots: an order for the centre, its receipt into
 * lots with the stock appearing in the centre's store (through the ledger), a receipt in
 * parts, more than ordered refused, an expired lot refused (SR-DRG-4) while one expiring
 * today is taken, a clinic cannot buy (SR-DRG-2), only the county's catalogue can be bought,
 * a lot put on hold and released (SR-DRG-5). Demo data, both backends; the items are made
 * here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static int next_seq = 5000;

/* A new drug of the Liubei catalogue (made by the county user); its id (malloc'd). */
static char *new_item(struct srv *s, const char *name)
{
	struct api_client *c = api_login(s, "county");
	struct api_res *res = api_sendf(
		c, "POST", "/api/v1/items",
		"{\"kind\": \"drug\", \"generic_name\": \"%s\", \"strength\": \"0.5g\", "
		"\"package_unit\": \"盒\", \"base_unit\": \"片\", \"units_per_package\": 12, "
		"\"approval_no\": \"国药准字H8%07d\", \"essential\": true}",
		name, next_seq++);
	assert_status(res, 201);
	char *id = strdup(api_jstr(res->json, "id"));
	api_client_free(c);
	return id;
}

/* An order by C for its own centre of QUANTITY of ITEM at 35 fen; the answer (owned by C). */
static struct api_res *order(struct api_client *c, const char *item, long long quantity)
{
	return api_sendf(c, "POST", "/api/v1/purchase-orders",
			 "{\"centre_id\": \"%s\", \"supplier\": \"柳州医药股份有限公司\", "
			 "\"platform_order_no\": \"GX2025%06d\", \"ordered_on\": \"2025-03-01\", "
			 "\"lines\": [{\"item_id\": \"%s\", \"quantity\": %lld, \"unit_price_fen\": 35}]}",
			 api_jstr(c->user, "institution_id"), next_seq++, item, quantity);
}

/* A receipt of QUANTITY of line LINE of order ORDER, lot LOT expiring in DAYS days. */
static struct api_res *receive(struct api_client *c, const char *order_id, const char *line,
			       const char *lot, int days, long long quantity)
{
	char path[128], expiry[11];
	snprintf(path, sizeof(path), "/api/v1/purchase-orders/%s/receipt", order_id);
	api_date_from_today(days, expiry);
	return api_sendf(c, "POST", path,
			 "{\"lines\": [{\"line_id\": \"%s\", \"lot_no\": \"%s\", \"expiry_date\": "
			 "\"%s\", \"quantity\": %lld, \"unit_cost_fen\": 35}]}",
			 line, lot, expiry, quantity);
}

/* An open order of QUANTITY of a new item by the pharmacist P: ids into ORDER_ID, LINE_ID
 * and ITEM_ID. */
static void open_order(struct srv *s, struct api_client *p, long long quantity,
		       char order_id[37], char line_id[37], char item_id[37])
{
	char *item = new_item(s, "阿莫西林胶囊");
	snprintf(item_id, 37, "%s", item);
	free(item);
	struct api_res *res = order(p, item_id, quantity);
	assert_status(res, 201);
	snprintf(order_id, 37, "%s", api_jstr(res->json, "id"));
	snprintf(line_id, 37, "%s", api_jstr(res->json, "lines.0.id"));
}

static char *sql_value(struct srv *s, const char *fmt, const char *a, const char *b)
{
	char sql[512];
	snprintf(sql, sizeof(sql), fmt, a, b);
	return srv_sql_value(s, sql);
}

static void assert_sql(struct srv *s, const char *expected, const char *fmt, const char *a,
		       const char *b)
{
	char *v = sql_value(s, fmt, a, b);
	assert_non_null(v);
	assert_string_equal(v, expected);
	free(v);
}

static void the_centre_orders_for_its_clinics(void **state)
{
	struct srv *s = *state;
	struct api_client *p = api_login(s, "pharmacy");
	char *item = new_item(s, "布洛芬缓释胶囊");
	struct api_res *res = order(p, item, 600);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "open");
	assert_string_equal(api_jstr(res->json, "centre_id"), api_jstr(p->user, "institution_id"));
	assert_int_equal(json_array_size(api_jget(res->json, "lines")), 1);
	assert_string_equal(api_jstr(res->json, "lines.0.item_id"), item);
	assert_int_equal(api_jint(res->json, "lines.0.quantity"), 600);
	assert_int_equal(api_jint(res->json, "lines.0.received"), 0);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/purchase-orders/%s", api_jstr(res->json, "id"));
	struct api_client *county = api_login(s, "county");
	res = api_get(county, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "lines.0.generic_name"), "布洛芬缓释胶囊");
	api_client_free(county);
	free(item);
	api_client_free(p);
}

static void a_receipt_makes_a_lot_with_stock_in_the_centres_store(void **state)
{
	struct srv *s = *state;
	struct api_client *p = api_login(s, "pharmacy");
	char order_id[37], line_id[37], item_id[37];
	open_order(s, p, 240, order_id, line_id, item_id);
	struct api_res *res = receive(p, order_id, line_id, "L20250301", 400, 240);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "received");
	assert_int_equal(api_jint(res->json, "lines.0.received"), 240);
	const char *centre = api_jstr(p->user, "institution_id");
	char *lot = sql_value(s, "SELECT id FROM lots WHERE item_id = '%s' AND centre_id = '%s'",
			      item_id, centre);
	assert_non_null(lot);
	assert_sql(s, "35", "SELECT unit_cost_fen FROM lots WHERE id = '%s'%s", lot, "");
	/* The store holds it, by a receipt movement of the order. */
	assert_sql(s, "240", "SELECT quantity FROM stock WHERE lot_id = '%s' AND place_id = '%s'",
		   lot, centre);
	assert_sql(s, "240",
		   "SELECT sum(quantity) FROM movements WHERE lot_id = '%s' AND kind = 'receipt' AND "
		   "doc_id = '%s'",
		   lot, order_id);
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/stock?limit=500", centre);
	res = api_get(p, path);
	assert_status(res, 200);
	bool seen = false;
	size_t i;
	json_t *row;
	json_array_foreach(api_jget(res->json, "items"), i, row)
	{
		if (strcmp(api_jstr(row, "lot_id"), lot) == 0) {
			assert_int_equal(api_jint(row, "quantity"), 240);
			seen = true;
		}
	}
	assert_true(seen);
	free(lot);
	api_client_free(p);
}

static void a_receipt_in_parts_keeps_the_order_open_until_all_came(void **state)
{
	struct srv *s = *state;
	struct api_client *p = api_login(s, "pharmacy");
	char order_id[37], line_id[37], item_id[37];
	open_order(s, p, 100, order_id, line_id, item_id);
	struct api_res *res = receive(p, order_id, line_id, "P1", 300, 60);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "open");
	assert_int_equal(api_jint(res->json, "lines.0.received"), 60);
	res = receive(p, order_id, line_id, "P2", 500, 40);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "received");
	assert_sql(s, "2", "SELECT count(*) FROM lots WHERE item_id = '%s'%s", item_id, "");
	/* A received order takes no more. */
	res = receive(p, order_id, line_id, "P3", 500, 1);
	assert_error(res, 409, "conflict", NULL, NULL);
	api_client_free(p);
}

static void more_than_ordered_is_refused(void **state)
{
	struct srv *s = *state;
	struct api_client *p = api_login(s, "pharmacy");
	char order_id[37], line_id[37], item_id[37];
	open_order(s, p, 50, order_id, line_id, item_id);
	struct api_res *res = receive(p, order_id, line_id, "X1", 300, 51);
	assert_error(res, 422, "invalid_field", "lines.0.quantity", NULL);
	assert_sql(s, "0", "SELECT count(*) FROM lots WHERE item_id = '%s'%s", item_id, "");
	assert_sql(s, "0", "SELECT received FROM purchase_lines WHERE id = '%s'%s", line_id, "");
	api_client_free(p);
}

static void an_expired_lot_is_refused(void **state)
{
	struct srv *s = *state;
	struct api_client *p = api_login(s, "pharmacy");
	char order_id[37], line_id[37], item_id[37];
	open_order(s, p, 50, order_id, line_id, item_id);
	struct api_res *res = receive(p, order_id, line_id, "E1", -1, 50);
	assert_error(res, 422, "rule_violation", "lines.0.expiry_date", "SR-DRG-4");
	assert_sql(s, "0", "SELECT count(*) FROM lots WHERE item_id = '%s'%s", item_id, "");
	/* On its expiry date a lot may still be used, so it may be received. */
	res = receive(p, order_id, line_id, "E2", 0, 50);
	assert_status(res, 200);
	api_client_free(p);
}

static void a_clinic_cannot_buy(void **state)
{
	struct srv *s = *state;
	char *item = new_item(s, "复方甘草片");
	/* The village doctor has no right to order at all... */
	struct api_client *clinic = api_login(s, "clinic");
	struct api_res *res = order(clinic, item, 10);
	assert_error(res, 403, "forbidden", NULL, NULL);
	/* ...and the centre cannot name one of its clinics as the buyer (SR-DRG-2). */
	struct api_client *centre = api_login(s, "centre");
	res = api_sendf(centre, "POST", "/api/v1/purchase-orders",
			"{\"centre_id\": \"%s\", \"supplier\": \"柳州医药股份有限公司\", "
			"\"ordered_on\": \"2025-03-01\", \"lines\": [{\"item_id\": \"%s\", "
			"\"quantity\": 10, \"unit_price_fen\": 12}]}",
			api_jstr(clinic->user, "institution_id"), item);
	assert_error(res, 422, "rule_violation", "centre_id", "SR-DRG-2");
	assert_sql(s, "0",
		   "SELECT count(*) FROM purchase_orders WHERE centre_id = '%s'%s",
		   api_jstr(clinic->user, "institution_id"), "");
	api_client_free(centre);
	api_client_free(clinic);
	free(item);
}

static void an_item_of_another_county_cannot_be_bought(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_res *res = api_sendf(
		admin, "POST", "/api/v1/items",
		"{\"county_code\": \"361125\", \"kind\": \"drug\", \"generic_name\": \"硝苯地平片\", "
		"\"package_unit\": \"盒\", \"base_unit\": \"片\", \"units_per_package\": 30, "
		"\"approval_no\": \"国药准字H8%07d\"}",
		next_seq++);
	assert_status(res, 201);
	char *item = strdup(api_jstr(res->json, "id"));
	struct api_client *p = api_login(s, "pharmacy");
	res = order(p, item, 10);
	assert_error(res, 422, "invalid_field", "lines.0.item_id", NULL);
	free(item);
	api_client_free(p);
	api_client_free(admin);
}

static void a_bad_line_is_named_by_its_place(void **state)
{
	struct srv *s = *state;
	char *item = new_item(s, "维生素B1片");
	struct api_client *p = api_login(s, "pharmacy");
	struct api_res *res = api_sendf(
		p, "POST", "/api/v1/purchase-orders",
		"{\"centre_id\": \"%s\", \"supplier\": \"柳州医药股份有限公司\", \"ordered_on\": "
		"\"2025-03-01\", \"lines\": [{\"item_id\": \"%s\", \"quantity\": 10, "
		"\"unit_price_fen\": 5}, {\"item_id\": \"%s\", \"quantity\": 0, \"unit_price_fen\": 5}]}",
		api_jstr(p->user, "institution_id"), item, item);
	assert_error(res, 422, "invalid_field", "lines.1.quantity", NULL);
	free(item);
	api_client_free(p);
}

static void a_lot_is_put_on_hold_and_released(void **state)
{
	struct srv *s = *state;
	struct api_client *p = api_login(s, "pharmacy");
	char order_id[37], line_id[37], item_id[37], path[128];
	open_order(s, p, 20, order_id, line_id, item_id);
	assert_status(receive(p, order_id, line_id, "H1", 200, 20), 200);
	char *lot = sql_value(s, "SELECT id FROM lots WHERE item_id = '%s'%s", item_id, "");
	assert_non_null(lot);
	snprintf(path, sizeof(path), "/api/v1/lots/%s/hold", lot);
	/* A hold says why. */
	assert_error(api_post(p, path, "{\"on_hold\": true}"), 422, "required", "reason", NULL);
	struct api_res *res = api_post(p, path, "{\"on_hold\": true, \"reason\": \"收到严重不良反应报告\"}");
	assert_status(res, 200);
	assert_true(json_is_true(api_jget(res->json, "on_hold")));
	assert_string_equal(api_jstr(res->json, "hold_reason"), "收到严重不良反应报告");
	assert_sql(s, "1", "SELECT on_hold FROM lots WHERE id = '%s'%s", lot, "");
	res = api_post(p, path, "{\"on_hold\": false}");
	assert_status(res, 200);
	assert_true(json_is_false(api_jget(res->json, "on_hold")));
	snprintf(path, sizeof(path), "/api/v1/lots/%s", lot);
	res = api_get(p, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "lot_no"), "H1");
	assert_string_equal(api_jstr(res->json, "item_name"), "阿莫西林胶囊");
	assert_sql(s, "2", "SELECT count(*) FROM audit_log WHERE entity = 'lot' AND entity_id = '%s'%s",
		   lot, "");
	free(lot);
	api_client_free(p);
}

static void another_centres_order_is_out_of_reach(void **state)
{
	struct srv *s = *state;
	struct api_client *p = api_login(s, "pharmacy");
	char order_id[37], line_id[37], item_id[37], path[128];
	open_order(s, p, 20, order_id, line_id, item_id);
	/* Move the order to another centre of the county, as if that centre had made it. */
	char *other = sql_value(s, "SELECT path FROM institutions WHERE kind = 'centre' AND id <> '%s'%s "
				"ORDER BY path LIMIT 1",
				api_jstr(p->user, "institution_id"), "");
	assert_non_null(other);
	char sql[512];
	snprintf(sql, sizeof(sql), "UPDATE purchase_orders SET path = '%s' WHERE id = '%s'", other,
		 order_id);
	assert_int_equal(srv_sql(s, sql), 1);
	snprintf(path, sizeof(path), "/api/v1/purchase-orders/%s", order_id);
	assert_error(api_get(p, path), 403, "forbidden", NULL, NULL);
	struct api_res *res = api_get(p, "/api/v1/purchase-orders?limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *row;
	json_array_foreach(api_jget(res->json, "items"), i, row)
		assert_string_not_equal(api_jstr(row, "id"), order_id);
	free(other);
	api_client_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_centre_orders_for_its_clinics),
		cmocka_unit_test(a_receipt_makes_a_lot_with_stock_in_the_centres_store),
		cmocka_unit_test(a_receipt_in_parts_keeps_the_order_open_until_all_came),
		cmocka_unit_test(more_than_ordered_is_refused),
		cmocka_unit_test(an_expired_lot_is_refused),
		cmocka_unit_test(a_clinic_cannot_buy),
		cmocka_unit_test(an_item_of_another_county_cannot_be_bought),
		cmocka_unit_test(a_bad_line_is_named_by_its_place),
		cmocka_unit_test(a_lot_is_put_on_hold_and_released),
		cmocka_unit_test(another_centres_order_is_out_of_reach),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
