/* SPDX-License-Identifier: MIT */
/* API tests of stock requests, deliveries, returns and disposals (请领、配送、退回、销毁):
 * the life of one box from purchase order to dispense (first-expiry-first-out shipping,
 * a short receipt recorded as such and its shortfall back at the centre), the share of
 * non-essential items (LB-DRG-1 in Liubei, no limit in Hengfeng), short stock (SR-DRG-3),
 * receiving twice, returns and expiry disposal (SR-DRG-4) and scope (a clinic sees only its
 * own requests and deliveries). Demo data, both backends; items, orders and lots are made
 * through the API. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define HENGFENG "361125"

/* ---- fixtures ---- */

/* The institution of C's signed-in user. Borrowed from C. */
static const char *home(const struct api_client *c)
{
	const char *id = api_jstr(c->user, "institution_id");
	assert_non_null(id);
	return id;
}

/* A new catalogue item kept by the county bureau (柳北区), or by the administrator for
 * COUNTY when it is not NULL. Returns the id (malloc'd). */
static char *new_item(struct srv *s, const char *county, const char *name, bool essential)
{
	static int next = 1;
	char county_field[64] = "";
	if (county)
		snprintf(county_field, sizeof(county_field), ", \"county_code\": \"%s\"", county);
	struct api_client *keeper = api_login(s, county ? "admin" : "county");
	struct api_res *res = api_sendf(
	    keeper, "POST", "/api/v1/items",
	    "{\"kind\": \"drug\", \"generic_name\": \"%s\", \"strength\": \"0.25g\", "
	    "\"package_unit\": \"盒\", \"base_unit\": \"片\", \"units_per_package\": 24, "
	    "\"approval_no\": \"国药准字H%08d\", \"essential\": %s%s}",
	    name, next++, essential ? "true" : "false", county_field);
	assert_status(res, 201);
	char *id = strdup(api_jstr(res->json, "id"));
	api_client_free(keeper);
	return id;
}

/* Receive QUANTITY of ITEM into CENTRE's store as lot LOT_NO expiring DAYS from today at
 * PRICE fen, through a purchase order and its receipt. Returns the lot id (malloc'd). */
static char *receive_lot(struct srv *s, struct api_client *c, const char *centre,
                         const char *item, const char *lot_no, int days, long long quantity,
                         long long price)
{
	char today[11], expiry[11], path[160], sql[256];
	api_date_from_today(0, today);
	api_date_from_today(days, expiry);
	struct api_res *res = api_sendf(
	    c, "POST", "/api/v1/purchase-orders",
	    "{\"centre_id\": \"%s\", \"supplier\": \"广西柳药集团\", \"platform_order_no\": "
	    "\"GX-%s\", \"ordered_on\": \"%s\", \"lines\": [{\"item_id\": \"%s\", \"quantity\": "
	    "%lld, \"unit_price_fen\": %lld}]}",
	    centre, lot_no, today, item, quantity, price);
	assert_status(res, 201);
	char *order = strdup(api_jstr(res->json, "id"));
	char *line = strdup(api_jstr(res->json, "lines.0.id"));
	snprintf(path, sizeof(path), "/api/v1/purchase-orders/%s/receipt", order);
	res = api_sendf(c, "POST", path,
	                "{\"lines\": [{\"line_id\": \"%s\", \"lot_no\": \"%s\", \"expiry_date\": "
	                "\"%s\", \"quantity\": %lld}]}",
	                line, lot_no, expiry, quantity);
	assert_status(res, 200);
	snprintf(sql, sizeof(sql), "SELECT id FROM lots WHERE lot_no = '%s' AND item_id = '%s'",
	         lot_no, item);
	char *lot = srv_sql_value(s, sql);
	assert_non_null(lot);
	free(line);
	free(order);
	return lot;
}

/* Stock of LOT at PLACE per the stock table (0 if none). */
static long long on_hand(struct srv *s, const char *place, const char *lot)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
	         "SELECT quantity FROM stock WHERE place_id = '%s' AND lot_id = '%s'", place, lot);
	char *v = srv_sql_value(s, sql);
	long long n = v ? atoll(v) : 0;
	free(v);
	return n;
}

/* The sum of the movements of LOT at PLACE: the ledger, which the stock must equal. */
static long long ledger_sum(struct srv *s, const char *place, const char *lot)
{
	char sql[256];
	snprintf(sql, sizeof(sql),
	         "SELECT COALESCE(SUM(quantity), 0) FROM movements WHERE place_id = '%s' AND "
	         "lot_id = '%s'",
	         place, lot);
	char *v = srv_sql_value(s, sql);
	long long n = v ? atoll(v) : 0;
	free(v);
	return n;
}

/* The result of SQL as a number (0 if none). */
static long long sql_count(struct srv *s, const char *sql)
{
	char *v = srv_sql_value(s, sql);
	long long n = v ? atoll(v) : 0;
	free(v);
	return n;
}

/* A request by C for CLINIC of QUANTITY of ITEM. Returns its id (malloc'd). */
static char *request(struct api_client *c, const char *clinic, const char *item,
                     long long quantity)
{
	struct api_res *res =
	    api_sendf(c, "POST", "/api/v1/stock-requests",
	              "{\"clinic_id\": \"%s\", \"note\": \"月度请领\", \"lines\": [{\"item_id\": "
	              "\"%s\", \"requested\": %lld}]}",
	              clinic, item, quantity);
	assert_status(res, 201);
	return strdup(api_jstr(res->json, "id"));
}

/* Approve request ID as asked. */
static void approve(struct api_client *c, const char *id)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s/decision", id);
	assert_status(api_post(c, path, "{\"decision\": \"approve\"}"), 200);
}

/* Ship request ID. Returns the delivery's answer (owned by C until its next request). */
static struct api_res *ship(struct api_client *c, const char *id)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s/ship", id);
	return api_post(c, path, "{}");
}

/* A request of QUANTITY of ITEM for CLINIC by CENTRE_USER, approved and shipped. Returns
 * the delivery id (malloc'd). */
static char *shipped(struct api_client *centre_user, const char *clinic, const char *item,
                     long long quantity)
{
	char *id = request(centre_user, clinic, item, quantity);
	approve(centre_user, id);
	struct api_res *res = ship(centre_user, id);
	assert_status(res, 201);
	free(id);
	return strdup(api_jstr(res->json, "id"));
}

/* The same, received in full by C. */
static void delivered(struct api_client *centre_user, struct api_client *c, const char *clinic,
                      const char *item, long long quantity)
{
	char *delivery = shipped(centre_user, clinic, item, quantity);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/deliveries/%s/receipt", delivery);
	assert_status(api_post(c, path, "{}"), 200);
	free(delivery);
}

/* The NTH clinic (from 0) of CENTRE other than the village doctor's (malloc'd): tests
 * that count what a clinic holds use one of their own. */
static char *nth_clinic(struct api_client *c, const char *centre, const char *not_id, int nth)
{
	char path[200];
	snprintf(path, sizeof(path), "/api/v1/institutions?kind=clinic&parent_id=%s&limit=500",
	         centre);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		const char *id = api_jstr(it, "id");
		if (strcmp(id, not_id) != 0 && strcmp(api_jstr(it, "status"), "closed") != 0 &&
		    nth-- == 0)
			return strdup(id);
	}
	fail_msg("not enough clinics under %s", centre);
	return NULL;
}

/* The first clinic of CENTRE other than the village doctor's: the one shipping tests use. */
static char *other_clinic(struct api_client *c, const char *centre)
{
	struct api_client *doctor = api_login(c->srv, "clinic");
	char *id = nth_clinic(c, centre, home(doctor), 0);
	api_client_free(doctor);
	return id;
}

/* The line of the delivery answer RES for LOT, or NULL. */
static json_t *delivery_line(const struct api_res *res, const char *lot)
{
	size_t i;
	json_t *line;
	json_array_foreach(api_jget(res->json, "lines"), i, line)
	{
		if (strcmp(api_jstr(line, "lot_id"), lot) == 0)
			return line;
	}
	return NULL;
}

/* ---- the life of one box ---- */

static void one_box_from_order_to_dispense(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	struct api_client *clinic_user = api_login(s, "clinic");
	const char *centre = home(pharmacy), *clinic = home(clinic_user);
	char *item = new_item(s, NULL, "阿莫西林胶囊", true);
	/* Two lots: the later one received first, so FEFO and not arrival order decides. */
	char *late = receive_lot(s, pharmacy, centre, item, "AMX-LATE", 400, 30, 12);
	char *early = receive_lot(s, pharmacy, centre, item, "AMX-EARLY", 200, 30, 11);

	/* The clinic asks for 50; the centre cuts it to 40. */
	char *id = request(clinic_user, clinic, item, 50);
	char path[200];
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s", id);
	struct api_res *res = api_get(pharmacy, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "requested");
	assert_string_equal(api_jstr(res->json, "lines.0.item_name"), "阿莫西林胶囊");
	assert_string_equal(api_jstr(res->json, "lines.0.base_unit"), "片");
	char *line = strdup(api_jstr(res->json, "lines.0.id"));
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s/decision", id);
	res = api_sendf(pharmacy, "POST", path,
	                "{\"decision\": \"approve\", \"lines\": [{\"line_id\": \"%s\", "
	                "\"approved\": 40}]}",
	                line);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "approved");
	assert_int_equal(api_jint(res->json, "lines.0.approved"), 40);

	/* Shipping takes the 30 of the early lot, then 10 of the late one. */
	res = ship(pharmacy, id);
	assert_status(res, 201);
	char *delivery = strdup(api_jstr(res->json, "id"));
	assert_string_equal(api_jstr(res->json, "status"), "shipped");
	assert_int_equal(json_array_size(api_jget(res->json, "lines")), 2);
	assert_int_equal(api_jint(delivery_line(res, early), "shipped"), 30);
	assert_int_equal(api_jint(delivery_line(res, late), "shipped"), 10);
	assert_int_equal(api_jint(delivery_line(res, late), "unit_cost_fen"), 12);
	char *late_line = strdup(api_jstr(delivery_line(res, late), "id"));
	assert_int_equal(on_hand(s, centre, early), 0);
	assert_int_equal(on_hand(s, centre, late), 20);
	assert_int_equal(on_hand(s, clinic, late), 0); /* in transit: not yet the clinic's */

	/* Two of the late lot arrive broken: recorded as such, and back in the centre's books. */
	snprintf(path, sizeof(path), "/api/v1/deliveries/%s/receipt", delivery);
	res = api_sendf(clinic_user, "POST", path,
	                "{\"lines\": [{\"line_id\": \"%s\", \"received\": 8, \"discrepancy\": "
	                "\"运输破损 2 片\"}]}",
	                late_line);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "received");
	assert_non_null(api_jstr(res->json, "received_on"));
	assert_int_equal(api_jint(delivery_line(res, late), "received"), 8);
	assert_string_equal(api_jstr(delivery_line(res, late), "discrepancy"), "运输破损 2 片");
	assert_int_equal(api_jint(delivery_line(res, early), "received"), 30);
	assert_int_equal(on_hand(s, clinic, early), 30);
	assert_int_equal(on_hand(s, clinic, late), 8);
	assert_int_equal(on_hand(s, centre, late), 22);
	char sql[400];
	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(*) FROM movements r JOIN movements o ON o.id = r.reverses_id WHERE "
	         "r.kind = 'reversal' AND r.quantity = 2 AND o.kind = 'delivery_out' AND "
	         "r.doc_id = '%s'",
	         delivery);
	assert_int_equal(sql_count(s, sql), 1);
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s", id);
	res = api_get(clinic_user, path);
	assert_string_equal(api_jstr(res->json, "status"), "received");

	/* The clinic dispenses 5 at the lot's cost: first expiry first. */
	res = api_sendf(clinic_user, "POST", "/api/v1/dispenses",
	                "{\"clinic_id\": \"%s\", \"patient_ref\": \"门诊 0001\", \"lines\": "
	                "[{\"item_id\": \"%s\", \"quantity\": 5}]}",
	                clinic, item);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "lines.0.lot_id"), early);
	assert_int_equal(api_jint(res->json, "total_fen"), 5 * 11);
	assert_int_equal(on_hand(s, clinic, early), 25);

	/* Both stock cards, and both ledgers sum to them. */
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/stock?item_id=%s", clinic, item);
	res = api_get(clinic_user, path);
	assert_status(res, 200);
	long long total = 0;
	size_t i;
	json_t *row;
	json_array_foreach(api_jget(res->json, "items"), i, row)
	{
		total += api_jint(row, "quantity");
	}
	assert_int_equal(total, 25 + 8);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/stock?item_id=%s", centre, item);
	res = api_get(pharmacy, path);
	assert_status(res, 200);
	total = 0;
	json_array_foreach(api_jget(res->json, "items"), i, row)
	{
		total += api_jint(row, "quantity");
	}
	assert_int_equal(total, 22);
	const char *places[] = {centre, clinic}, *lots[] = {early, late};
	for (int p = 0; p < 2; p++)
		for (int l = 0; l < 2; l++)
			assert_int_equal(ledger_sum(s, places[p], lots[l]),
			                 on_hand(s, places[p], lots[l]));

	free(late_line);
	free(delivery);
	free(line);
	free(id);
	free(early);
	free(late);
	free(item);
	api_client_free(clinic_user);
	api_client_free(pharmacy);
}

/* ---- shipping ---- */

static void shipping_skips_expired_and_held_lots(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	const char *centre = home(pharmacy);
	char *clinic = other_clinic(pharmacy, centre);
	char *item = new_item(s, NULL, "布洛芬缓释胶囊", true);
	char *expired = receive_lot(s, pharmacy, centre, item, "IBU-OLD", 10, 5, 20);
	char *held = receive_lot(s, pharmacy, centre, item, "IBU-HELD", 20, 5, 20);
	char *good = receive_lot(s, pharmacy, centre, item, "IBU-GOOD", 300, 5, 20);
	char sql[200];
	snprintf(sql, sizeof(sql), "UPDATE lots SET expiry_date = '2020-01-01' WHERE id = '%s'",
	         expired);
	assert_int_equal(srv_sql(s, sql), 1);
	snprintf(sql, sizeof(sql), "UPDATE lots SET on_hold = 1 WHERE id = '%s'", held);
	assert_int_equal(srv_sql(s, sql), 1);
	char *id = request(pharmacy, clinic, item, 4);
	approve(pharmacy, id);
	struct api_res *res = ship(pharmacy, id);
	assert_status(res, 201);
	assert_int_equal(json_array_size(api_jget(res->json, "lines")), 1);
	assert_string_equal(api_jstr(res->json, "lines.0.lot_id"), good);
	assert_int_equal(on_hand(s, centre, expired), 5);
	assert_int_equal(on_hand(s, centre, held), 5);
	assert_int_equal(on_hand(s, centre, good), 1);
	free(id);
	free(good);
	free(held);
	free(expired);
	free(item);
	free(clinic);
	api_client_free(pharmacy);
}

static void short_stock_ships_nothing(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	const char *centre = home(pharmacy);
	char *clinic = other_clinic(pharmacy, centre);
	char *item = new_item(s, NULL, "甲硝唑片", true);
	char *plenty = new_item(s, NULL, "维生素C片", true);
	char *lot = receive_lot(s, pharmacy, centre, item, "MTZ-1", 300, 10, 5);
	char *plenty_lot = receive_lot(s, pharmacy, centre, plenty, "VC-1", 300, 100, 1);
	struct api_res *res = api_sendf(
	    pharmacy, "POST", "/api/v1/stock-requests",
	    "{\"clinic_id\": \"%s\", \"lines\": [{\"item_id\": \"%s\", \"requested\": 50}, "
	    "{\"item_id\": \"%s\", \"requested\": 25}]}",
	    clinic, plenty, item);
	assert_status(res, 201);
	char *id = strdup(api_jstr(res->json, "id"));
	approve(pharmacy, id);
	res = ship(pharmacy, id);
	assert_error(res, 422, "rule_violation", NULL, "SR-DRG-3");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "短缺 15"));
	/* Nothing left the store, not even the line that could have gone. */
	assert_int_equal(on_hand(s, centre, lot), 10);
	assert_int_equal(on_hand(s, centre, plenty_lot), 100);
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM deliveries WHERE request_id = '%s'", id);
	assert_int_equal(sql_count(s, sql), 0);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s", id);
	res = api_get(pharmacy, path);
	assert_string_equal(api_jstr(res->json, "status"), "approved");
	free(id);
	free(plenty_lot);
	free(lot);
	free(plenty);
	free(item);
	free(clinic);
	api_client_free(pharmacy);
}

static void shipping_an_unapproved_request_is_409(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	char *clinic = other_clinic(pharmacy, home(pharmacy));
	char *item = new_item(s, NULL, "氯雷他定片", true);
	char *id = request(pharmacy, clinic, item, 3);
	assert_error(ship(pharmacy, id), 409, "conflict", "status", NULL);
	free(id);
	free(item);
	free(clinic);
	api_client_free(pharmacy);
}

/* ---- decisions ---- */

static void centre_may_cut_but_not_raise(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	char *clinic = other_clinic(pharmacy, home(pharmacy));
	char *item = new_item(s, NULL, "复方甘草片", true);
	char *id = request(pharmacy, clinic, item, 10);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s", id);
	struct api_res *res = api_get(pharmacy, path);
	char *line = strdup(api_jstr(res->json, "lines.0.id"));
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s/decision", id);
	res = api_sendf(pharmacy, "POST", path,
	                "{\"decision\": \"approve\", \"lines\": [{\"line_id\": \"%s\", "
	                "\"approved\": 11}]}",
	                line);
	assert_error(res, 422, "invalid_field", "lines.0.approved", NULL);
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s", id);
	res = api_get(pharmacy, path);
	assert_string_equal(api_jstr(res->json, "status"), "requested"); /* still waiting */
	free(line);
	free(id);
	free(item);
	free(clinic);
	api_client_free(pharmacy);
}

static void deciding_twice_is_409(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	char *clinic = other_clinic(pharmacy, home(pharmacy));
	char *item = new_item(s, NULL, "硝酸甘油片", true);
	char *id = request(pharmacy, clinic, item, 2);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s/decision", id);
	assert_status(api_post(pharmacy, path, "{\"decision\": \"reject\"}"), 200);
	assert_error(api_post(pharmacy, path, "{\"decision\": \"approve\"}"), 409, "conflict",
	             "status", NULL);
	free(id);
	free(item);
	free(clinic);
	api_client_free(pharmacy);
}

static void village_doctor_cannot_approve(void **state)
{
	struct srv *s = *state;
	struct api_client *clinic_user = api_login(s, "clinic");
	struct api_client *pharmacy = api_login(s, "pharmacy");
	char *item = new_item(s, NULL, "西咪替丁片", true);
	char *id = request(clinic_user, home(clinic_user), item, 2);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/stock-requests/%s/decision", id);
	assert_error(api_post(clinic_user, path, "{\"decision\": \"approve\"}"), 403, "forbidden",
	             NULL, NULL);
	free(id);
	free(item);
	api_client_free(pharmacy);
	api_client_free(clinic_user);
}

/* ---- requests: the catalogue and the share of non-essential items ---- */

static void liubei_refuses_non_essential_share_over_limit(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	struct api_client *clinic_user = api_login(s, "clinic");
	/* A clinic of its own, holding and asking for nothing yet. */
	char *clinic = nth_clinic(pharmacy, home(pharmacy), home(clinic_user), 1);
	char *items[6];
	for (int i = 0; i < 4; i++) {
		char name[32];
		snprintf(name, sizeof(name), "基药%d号片", i + 1);
		items[i] = new_item(s, NULL, name, true);
	}
	items[4] = new_item(s, NULL, "非基药甲片", false);
	items[5] = new_item(s, NULL, "非基药乙片", false);
	/* 1 of 5 = 20 %: at the limit, allowed. */
	struct api_res *res = api_sendf(
	    pharmacy, "POST", "/api/v1/stock-requests",
	    "{\"clinic_id\": \"%s\", \"lines\": [{\"item_id\": \"%s\", \"requested\": 1}, "
	    "{\"item_id\": \"%s\", \"requested\": 1}, {\"item_id\": \"%s\", \"requested\": 1}, "
	    "{\"item_id\": \"%s\", \"requested\": 1}, {\"item_id\": \"%s\", \"requested\": 1}]}",
	    clinic, items[0], items[1], items[2], items[3], items[4]);
	assert_status(res, 201);
	/* A second non-essential item: 2 of 6 = 33.3 %. */
	res = api_sendf(pharmacy, "POST", "/api/v1/stock-requests",
	                "{\"clinic_id\": \"%s\", \"lines\": [{\"item_id\": \"%s\", "
	                "\"requested\": 1}]}",
	                clinic, items[5]);
	assert_error(res, 422, "rule_violation", "lines", "LB-DRG-1");
	const char *message = api_jstr(res->json, "error.message");
	assert_non_null(strstr(message, "2/6 = 33.3%"));
	assert_non_null(strstr(message, "20%"));
	/* Essential items are never held back by the share. */
	char *more = new_item(s, NULL, "基药5号片", true);
	free(request(pharmacy, clinic, more, 1));
	free(more);
	for (int i = 0; i < 6; i++)
		free(items[i]);
	free(clinic);
	api_client_free(clinic_user);
	api_client_free(pharmacy);
}

static void hengfeng_sets_no_share_limit(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_res *res = api_get(
	    admin, "/api/v1/institutions?kind=clinic&county_code=" HENGFENG "&limit=500");
	assert_status(res, 200);
	const char *first = NULL;
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		if (api_jstr(it, "parent_id") && strcmp(api_jstr(it, "status"), "closed") != 0) {
			first = api_jstr(it, "id");
			break;
		}
	}
	assert_non_null(first);
	char *clinic = strdup(first);
	char *a = new_item(s, HENGFENG, "头孢克肟胶囊", false);
	char *b = new_item(s, HENGFENG, "奥美拉唑肠溶胶囊", false);
	res = api_sendf(admin, "POST", "/api/v1/stock-requests",
	                "{\"clinic_id\": \"%s\", \"lines\": [{\"item_id\": \"%s\", "
	                "\"requested\": 6}, {\"item_id\": \"%s\", \"requested\": 6}]}",
	                clinic, a, b);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "requested");
	free(b);
	free(a);
	free(clinic);
	api_client_free(admin);
}

static void request_refuses_item_of_another_county(void **state)
{
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_client *clinic_user = api_login(s, "clinic");
	char *item = new_item(s, HENGFENG, "横峰专用片", true);
	struct api_res *res = api_sendf(clinic_user, "POST", "/api/v1/stock-requests",
	                                "{\"clinic_id\": \"%s\", \"lines\": [{\"item_id\": "
	                                "\"%s\", \"requested\": 1}]}",
	                                home(clinic_user), item);
	assert_error(res, 422, "invalid_field", "lines.0.item_id", NULL);
	free(item);
	api_client_free(clinic_user);
	api_client_free(admin);
}

static void request_names_the_bad_line(void **state)
{
	struct srv *s = *state;
	struct api_client *clinic_user = api_login(s, "clinic");
	struct api_client *pharmacy = api_login(s, "pharmacy");
	char *item = new_item(s, NULL, "葡萄糖酸钙片", true);
	struct api_res *res = api_sendf(clinic_user, "POST", "/api/v1/stock-requests",
	                                "{\"clinic_id\": \"%s\", \"lines\": [{\"item_id\": "
	                                "\"%s\", \"requested\": 1}, {\"item_id\": \"%s\", "
	                                "\"requested\": 0}]}",
	                                home(clinic_user), item, item);
	assert_error(res, 422, "invalid_field", "lines.1.requested", NULL);
	free(item);
	api_client_free(pharmacy);
	api_client_free(clinic_user);
}

/* ---- receipts ---- */

static void receiving_twice_is_409(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	struct api_client *clinic_user = api_login(s, "clinic");
	const char *centre = home(pharmacy), *clinic = home(clinic_user);
	char *item = new_item(s, NULL, "蒙脱石散", true);
	char *lot = receive_lot(s, pharmacy, centre, item, "SMT-1", 300, 10, 30);
	char *delivery = shipped(pharmacy, clinic, item, 4);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/deliveries/%s/receipt", delivery);
	assert_status(api_post(clinic_user, path, "{}"), 200);
	assert_error(api_post(clinic_user, path, "{}"), 409, "conflict", "status", NULL);
	assert_int_equal(on_hand(s, clinic, lot), 4); /* counted once */
	free(delivery);
	free(lot);
	free(item);
	api_client_free(clinic_user);
	api_client_free(pharmacy);
}

/* One of several clients confirming the same delivery at the same moment. */
struct receiver {
	struct api_client *c;
	const char *path;
	pthread_barrier_t *start;
	int status;
};

static void *receive_once(void *arg)
{
	struct receiver *t = arg;
	pthread_barrier_wait(t->start);
	struct api_res *res = api_post(t->c, t->path, "{}");
	t->status = res ? res->status : 0;
	return NULL;
}

static void receiving_at_the_same_moment_counts_once(void **state)
{
	enum { CLIENTS = 4 };
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	const char *centre = home(pharmacy);
	char *clinic = other_clinic(pharmacy, centre);
	char *item = new_item(s, NULL, "对乙酰氨基酚片", true);
	char *lot = receive_lot(s, pharmacy, centre, item, "APAP-1", 300, 10, 8);
	char *delivery = shipped(pharmacy, clinic, item, 6);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/deliveries/%s/receipt", delivery);
	struct receiver receivers[CLIENTS];
	pthread_t threads[CLIENTS];
	pthread_barrier_t start;
	pthread_barrier_init(&start, NULL, CLIENTS);
	for (int i = 0; i < CLIENTS; i++) {
		receivers[i] = (struct receiver){
		    .c = api_login(s, "pharmacy"), .path = path, .start = &start};
	}
	for (int i = 0; i < CLIENTS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, receive_once, &receivers[i]), 0);
	int ok = 0, conflicts = 0;
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(threads[i], NULL);
		ok += receivers[i].status == 200;
		conflicts += receivers[i].status == 409;
		api_client_free(receivers[i].c);
	}
	pthread_barrier_destroy(&start);
	assert_int_equal(ok, 1);
	assert_int_equal(conflicts, CLIENTS - 1);
	assert_int_equal(on_hand(s, clinic, lot), 6);
	assert_int_equal(ledger_sum(s, clinic, lot), 6);
	free(delivery);
	free(lot);
	free(item);
	free(clinic);
	api_client_free(pharmacy);
}

static void short_receipt_needs_a_discrepancy(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	struct api_client *clinic_user = api_login(s, "clinic");
	const char *centre = home(pharmacy), *clinic = home(clinic_user);
	char *item = new_item(s, NULL, "板蓝根颗粒", true);
	char *lot = receive_lot(s, pharmacy, centre, item, "BLG-1", 300, 10, 30);
	char *delivery = shipped(pharmacy, clinic, item, 4);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/deliveries/%s", delivery);
	struct api_res *res = api_get(clinic_user, path);
	char *line = strdup(api_jstr(res->json, "lines.0.id"));
	snprintf(path, sizeof(path), "/api/v1/deliveries/%s/receipt", delivery);
	res = api_sendf(clinic_user, "POST", path,
	                "{\"lines\": [{\"line_id\": \"%s\", \"received\": 3}]}", line);
	assert_error(res, 422, "rule_violation", "lines.0.discrepancy", "SR-DRG-3");
	res = api_sendf(clinic_user, "POST", path,
	                "{\"lines\": [{\"line_id\": \"%s\", \"received\": 5, \"discrepancy\": "
	                "\"多了一盒\"}]}",
	                line);
	assert_error(res, 422, "invalid_field", "lines.0.received", NULL);
	assert_int_equal(on_hand(s, clinic, lot), 0);
	assert_int_equal(on_hand(s, centre, lot), 6);
	free(line);
	free(delivery);
	free(lot);
	free(item);
	api_client_free(clinic_user);
	api_client_free(pharmacy);
}

/* ---- returns and disposal (SR-DRG-4) ---- */

static void return_moves_stock_back_to_the_centre(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	struct api_client *clinic_user = api_login(s, "clinic");
	const char *centre = home(pharmacy), *clinic = home(clinic_user);
	char *item = new_item(s, NULL, "藿香正气水", true);
	char *lot = receive_lot(s, pharmacy, centre, item, "HXZQ-1", 300, 10, 40);
	delivered(pharmacy, clinic_user, clinic, item, 6);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/returns", clinic);
	struct api_res *res = api_sendf(clinic_user, "POST", path,
	                                "{\"reason\": \"包装破损\", \"lines\": [{\"lot_id\": \"%s\", "
	                                "\"quantity\": 2}]}",
	                                lot);
	assert_status(res, 201);
	assert_int_equal(json_array_size(api_jget(res->json, "lines")), 2);
	assert_int_equal(on_hand(s, clinic, lot), 4);
	assert_int_equal(on_hand(s, centre, lot), 6);
	char sql[300];
	snprintf(sql, sizeof(sql),
	         "SELECT COUNT(*) FROM movements WHERE doc_type = 'return' AND doc_id = '%s' AND "
	         "kind IN ('return_out', 'return_in')",
	         api_jstr(res->json, "id"));
	assert_int_equal(sql_count(s, sql), 2);
	/* More than the clinic holds: the ledger refuses, nothing moves. */
	res = api_sendf(clinic_user, "POST", path,
	                "{\"reason\": \"过期\", \"lines\": [{\"lot_id\": \"%s\", \"quantity\": 5}]}",
	                lot);
	assert_error(res, 422, "rule_violation", "lines.0.quantity", "SR-DRG-3");
	assert_int_equal(on_hand(s, clinic, lot), 4);
	free(lot);
	free(item);
	api_client_free(clinic_user);
	api_client_free(pharmacy);
}

static void disposal_of_an_expired_lot_at_the_centre(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	const char *centre = home(pharmacy);
	char *item = new_item(s, NULL, "红霉素软膏", true);
	char *lot = receive_lot(s, pharmacy, centre, item, "HMS-1", 300, 10, 50);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/disposals", centre);
	/* Not expired: a disposal would hide a loss. */
	struct api_res *res = api_sendf(pharmacy, "POST", path,
	                                "{\"reason\": \"过期销毁\", \"lines\": [{\"lot_id\": \"%s\", "
	                                "\"quantity\": 10}]}",
	                                lot);
	assert_error(res, 422, "rule_violation", "lines.0.lot_id", "SR-DRG-4");
	char sql[200];
	snprintf(sql, sizeof(sql), "UPDATE lots SET expiry_date = '2021-06-30' WHERE id = '%s'",
	         lot);
	assert_int_equal(srv_sql(s, sql), 1);
	res = api_sendf(pharmacy, "POST", path,
	                "{\"reason\": \"过期销毁\", \"lines\": [{\"lot_id\": \"%s\", \"quantity\": "
	                "10}]}",
	                lot);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "lines.0.kind"), "expiry_disposal");
	assert_int_equal(api_jint(res->json, "lines.0.quantity"), -10);
	assert_int_equal(on_hand(s, centre, lot), 0);
	assert_int_equal(ledger_sum(s, centre, lot), 0);
	free(lot);
	free(item);
	api_client_free(pharmacy);
}

static void village_doctor_cannot_dispose(void **state)
{
	struct srv *s = *state;
	struct api_client *clinic_user = api_login(s, "clinic");
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/disposals", home(clinic_user));
	struct api_res *res = api_post(
	    clinic_user, path,
	    "{\"reason\": \"过期\", \"lines\": [{\"lot_id\": "
	    "\"00000000-0000-7000-8000-000000000000\", \"quantity\": 1}]}");
	assert_error(res, 403, "forbidden", NULL, NULL);
	api_client_free(clinic_user);
}

/* ---- scope ---- */

static void clinic_sees_only_its_own_requests_and_deliveries(void **state)
{
	struct srv *s = *state;
	struct api_client *pharmacy = api_login(s, "pharmacy");
	struct api_client *clinic_user = api_login(s, "clinic");
	const char *centre = home(pharmacy), *clinic = home(clinic_user);
	char *other = other_clinic(pharmacy, centre);
	char *item = new_item(s, NULL, "氨溴索口服液", true);
	char *lot = receive_lot(s, pharmacy, centre, item, "ABS-1", 300, 20, 15);
	char *mine = shipped(pharmacy, clinic, item, 2);
	char *theirs = shipped(pharmacy, other, item, 3);

	struct api_res *res = api_get(clinic_user, "/api/v1/deliveries?limit=500");
	assert_status(res, 200);
	bool saw_mine = false;
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		assert_string_equal(api_jstr(it, "clinic_id"), clinic);
		saw_mine = saw_mine || strcmp(api_jstr(it, "id"), mine) == 0;
	}
	assert_true(saw_mine);
	res = api_get(clinic_user, "/api/v1/stock-requests?limit=500");
	assert_status(res, 200);
	assert_true(json_array_size(api_jget(res->json, "items")) > 0);
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		assert_string_equal(api_jstr(it, "clinic_id"), clinic);
	}
	/* The centre sees both. */
	char path[200];
	snprintf(path, sizeof(path), "/api/v1/deliveries?clinic_id=%s", other);
	res = api_get(pharmacy, path);
	assert_status(res, 200);
	assert_true(json_array_size(api_jget(res->json, "items")) > 0);
	/* Another clinic's delivery: neither read nor received. */
	snprintf(path, sizeof(path), "/api/v1/deliveries/%s", theirs);
	assert_error(api_get(clinic_user, path), 403, "forbidden", NULL, NULL);
	snprintf(path, sizeof(path), "/api/v1/deliveries/%s/receipt", theirs);
	assert_error(api_post(clinic_user, path, "{}"), 403, "forbidden", NULL, NULL);
	/* Nor can a request be made for it. */
	res = api_sendf(clinic_user, "POST", "/api/v1/stock-requests",
	                "{\"clinic_id\": \"%s\", \"lines\": [{\"item_id\": \"%s\", "
	                "\"requested\": 1}]}",
	                other, item);
	assert_error(res, 403, "forbidden", NULL, NULL);
	free(theirs);
	free(mine);
	free(lot);
	free(item);
	free(other);
	api_client_free(clinic_user);
	api_client_free(pharmacy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(one_box_from_order_to_dispense),
	    cmocka_unit_test(shipping_skips_expired_and_held_lots),
	    cmocka_unit_test(short_stock_ships_nothing),
	    cmocka_unit_test(shipping_an_unapproved_request_is_409),
	    cmocka_unit_test(centre_may_cut_but_not_raise),
	    cmocka_unit_test(deciding_twice_is_409),
	    cmocka_unit_test(village_doctor_cannot_approve),
	    cmocka_unit_test(liubei_refuses_non_essential_share_over_limit),
	    cmocka_unit_test(hengfeng_sets_no_share_limit),
	    cmocka_unit_test(request_refuses_item_of_another_county),
	    cmocka_unit_test(request_names_the_bad_line),
	    cmocka_unit_test(receiving_twice_is_409),
	    cmocka_unit_test(receiving_at_the_same_moment_counts_once),
	    cmocka_unit_test(short_receipt_needs_a_discrepancy),
	    cmocka_unit_test(return_moves_stock_back_to_the_centre),
	    cmocka_unit_test(disposal_of_an_expired_lot_at_the_centre),
	    cmocka_unit_test(village_doctor_cannot_dispose),
	    cmocka_unit_test(clinic_sees_only_its_own_requests_and_deliveries),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
