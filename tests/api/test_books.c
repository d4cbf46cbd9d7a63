/* SPDX-License-Identifier: MIT */
/* API tests of the books (账簿): vouchers that balance to the fen and are never edited or
 * deleted, only reversed (SR-FIN-2); month close and a closed month refusing postings;
 * the trial balance, balance sheet and income and expense statement, per clinic and rolled
 * up per centre, and their .xlsx export; verification; and who may do what (the auditor
 * reads and verifies but writes nothing, a village doctor sees only their own clinic's
 * book). Demo data, both backends. Tests that count start from a clinic of the demo centre
 * that has no book yet, so the demo's year of books does not disturb them. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The demo village doctor's clinic and its centre (the finance officer's). */
static void demo_clinic(struct srv *s, char clinic[37], char centre[37])
{
	struct api_client *c = api_login(s, "clinic");
	snprintf(clinic, 37, "%s", api_jstr(c->user, "institution_id"));
	api_client_free(c);
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT parent_id FROM institutions WHERE id = '%s'", clinic);
	char *v = srv_sql_value(s, sql);
	assert_non_null(v);
	snprintf(centre, 37, "%s", v);
	free(v);
}

/* A clinic of the demo centre without a book yet into OUT (each call after a posting to it
 * gives another). */
static void fresh_clinic(struct srv *s, char out[37])
{
	char clinic[37], centre[37], sql[400];
	demo_clinic(s, clinic, centre);
	snprintf(
	    sql, sizeof(sql),
	    "SELECT id FROM institutions WHERE parent_id = '%s' AND kind = 'clinic' AND id NOT "
	    "IN (SELECT institution_id FROM fin_books) ORDER BY name, id LIMIT 1",
	    centre);
	char *v = srv_sql_value(s, sql);
	if (!v)
		fail_msg("no clinic of the demo centre without a book is left");
	snprintf(out, 37, "%s", v);
	free(v);
}

/* Today, the 15th of last month, and the months of today and of last month. */
struct dates {
	char today[11], this_month[8];
	/* Roomier than the text needs: the compiler cannot tell the numbers are in range. */
	char last_month_day[24], last_month[16], months_ago3_day[24], months_ago3[16],
	    months_ago2[16];
};

static void month_back(int y, int m, int back, int *oy, int *om)
{
	int n = y * 12 + (m - 1) - back;
	*oy = n / 12;
	*om = n % 12 + 1;
}

static void dates_of_today(struct dates *d)
{
	int y, m, py, pm;
	api_date_from_today(0, d->today);
	y = atoi(d->today);
	m = atoi(d->today + 5);
	snprintf(d->this_month, sizeof(d->this_month), "%.7s", d->today);
	month_back(y, m, 1, &py, &pm);
	snprintf(d->last_month, sizeof(d->last_month), "%04d-%02d", py % 10000, pm % 100);
	snprintf(d->last_month_day, sizeof(d->last_month_day), "%s-15", d->last_month);
	month_back(y, m, 2, &py, &pm);
	snprintf(d->months_ago2, sizeof(d->months_ago2), "%04d-%02d", py % 10000, pm % 100);
	month_back(y, m, 3, &py, &pm);
	snprintf(d->months_ago3, sizeof(d->months_ago3), "%04d-%02d", py % 10000, pm % 100);
	snprintf(d->months_ago3_day, sizeof(d->months_ago3_day), "%s-10", d->months_ago3);
}

/* POST a two-line voucher: debit DR, credit CR, AMOUNT fen each. */
static struct api_res *post_voucher(struct api_client *c, const char *institution, const char *date,
                                    const char *dr, const char *cr, long long amount,
                                    const char *summary)
{
	return api_sendf(c, "POST", "/api/v1/vouchers",
	                 "{\"institution_id\":\"%s\",\"voucher_date\":\"%s\",\"summary\":\"%s\","
	                 "\"source_doc\":\"附件-%lld\",\"lines\":[{\"account_code\":\"%s\","
	                 "\"debit_fen\":%lld,\"memo\":\"借\"},{\"account_code\":\"%s\","
	                 "\"credit_fen\":%lld,\"memo\":\"贷\"}]}",
	                 institution, date, summary, amount, dr, amount, cr, amount);
}

/* Post as C and require 201; the new voucher's id into ID (may be NULL). */
static void posted(struct api_client *c, const char *institution, const char *date, const char *dr,
                   const char *cr, long long amount, char id[37])
{
	struct api_res *res = post_voucher(c, institution, date, dr, cr, amount, "测试凭证");
	assert_status(res, 201);
	if (id)
		snprintf(id, 37, "%s", api_jstr(res->json, "id"));
}

/* GET the statement KIND of INSTITUTION for QUERY (e.g. "period=2026"); 200 required.
 * Borrowed from C's last response. */
static json_t *statement(struct api_client *c, const char *institution, const char *kind,
                         const char *query)
{
	char path[300];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/statements?kind=%s&%s", institution,
	         kind, query);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	return res->json;
}

/* The trial balance item of ACCOUNT in TB, or NULL. */
static json_t *tb_item(const json_t *tb, const char *account)
{
	size_t i;
	json_t *item;
	json_array_foreach(api_jget(tb, "items"), i, item)
	{
		if (strcmp(api_jstr(item, "account_code"), account) == 0)
			return item;
	}
	return NULL;
}

/* ---- vouchers ---- */

static void a_balanced_voucher_is_posted_with_the_next_number(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37];
	dates_of_today(&d);
	fresh_clinic(s, clinic);
	struct api_client *fin = api_login(s, "finance");
	struct api_res *res = post_voucher(fin, clinic, d.today, "1002", "4901", 12345, "其他收入");
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "serial"), 1);
	assert_int_equal(api_jint(res->json, "total_fen"), 12345);
	assert_int_equal(json_array_size(api_jget(res->json, "lines")), 2);
	assert_int_equal(api_jint(res->json, "lines.0.debit_fen"), 12345);
	assert_int_equal(api_jint(res->json, "lines.1.credit_fen"), 12345);
	res = post_voucher(fin, clinic, d.today, "1002", "4901", 1, "其他收入");
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "serial"), 2);
	api_client_free(fin);
}

static void a_voucher_one_fen_off_is_refused_with_sr_fin_2(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], centre[37];
	dates_of_today(&d);
	demo_clinic(s, clinic, centre);
	struct api_client *fin = api_login(s, "finance");
	struct api_res *res =
	    api_sendf(fin, "POST", "/api/v1/vouchers",
	              "{\"institution_id\":\"%s\",\"voucher_date\":\"%s\",\"summary\":\"差一分\","
	              "\"lines\":[{\"account_code\":\"1002\",\"debit_fen\":10001},"
	              "{\"account_code\":\"4901\",\"credit_fen\":10000}]}",
	              clinic, d.today);
	assert_error(res, 422, "rule_violation", "lines", "SR-FIN-2");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "借贷不平衡"));
	res = api_sendf(fin, "POST", "/api/v1/vouchers",
	                "{\"institution_id\":\"%s\",\"voucher_date\":\"%s\",\"summary\":\"单边\","
	                "\"lines\":[{\"account_code\":\"1002\",\"debit_fen\":100}]}",
	                clinic, d.today);
	assert_error(res, 422, "rule_violation", "lines", "SR-FIN-2");
	res =
	    api_sendf(fin, "POST", "/api/v1/vouchers",
	              "{\"institution_id\":\"%s\",\"voucher_date\":\"%s\",\"summary\":\"两边\","
	              "\"lines\":[{\"account_code\":\"1002\",\"debit_fen\":100,\"credit_fen\":100},"
	              "{\"account_code\":\"4901\",\"credit_fen\":100}]}",
	              clinic, d.today);
	assert_error(res, 422, "invalid_field", "lines", "SR-FIN-2");
	api_client_free(fin);
}

static void a_posted_voucher_is_neither_edited_nor_deleted(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], centre[37], id[37], path[128];
	dates_of_today(&d);
	demo_clinic(s, clinic, centre);
	struct api_client *fin = api_login(s, "finance");
	posted(fin, clinic, d.today, "1002", "4901", 500, id);
	snprintf(path, sizeof(path), "/api/v1/vouchers/%s", id);
	assert_error(api_patch(fin, path, "{\"summary\":\"改了\"}"), 409, "conflict", NULL,
	             "SR-FIN-2");
	assert_error(api_delete(fin, path), 409, "conflict", NULL, "SR-FIN-2");
	struct api_res *res = api_get(fin, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "summary"), "测试凭证");
	api_client_free(fin);
}

static void a_reversal_swaps_the_sides_once(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], id[37], path[128];
	dates_of_today(&d);
	fresh_clinic(s, clinic);
	struct api_client *fin = api_login(s, "finance");
	posted(fin, clinic, d.today, "1002", "4901", 777, id);
	snprintf(path, sizeof(path), "/api/v1/vouchers/%s/reverse", id);
	struct api_res *res = api_post(fin, path, "{\"reason\":\"金额录错\"}");
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "reverses_id"), id);
	assert_string_equal(api_jstr(res->json, "kind"), "reversal");
	assert_string_equal(api_jstr(res->json, "lines.0.account_code"), "1002");
	assert_int_equal(api_jint(res->json, "lines.0.credit_fen"), 777);
	assert_int_equal(api_jint(res->json, "lines.1.debit_fen"), 777);
	assert_error(api_post(fin, path, "{\"reason\":\"再冲一次\"}"), 409, "conflict", NULL,
	             "SR-FIN-2");
	/* Both stay in the books: the year's movements show both, the balance is back to 0. */
	char query[40];
	snprintf(query, sizeof(query), "period=%.4s", d.today);
	json_t *tb = statement(fin, clinic, "trial_balance", query);
	json_t *bank = tb_item(tb, "1002");
	assert_non_null(bank);
	assert_int_equal(api_jint(bank, "debit_fen"), 777);
	assert_int_equal(api_jint(bank, "credit_fen"), 777);
	assert_int_equal(api_jint(bank, "closing_debit_fen"), 0);
	assert_int_equal(api_jint(bank, "closing_credit_fen"), 0);
	api_client_free(fin);
}

/* ---- month close ---- */

static void a_closed_month_refuses_postings_and_the_open_month_takes_them(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], path[128];
	dates_of_today(&d);
	fresh_clinic(s, clinic);
	struct api_client *fin = api_login(s, "finance");
	posted(fin, clinic, d.last_month_day, "1002", "4901", 30000, NULL);
	posted(fin, clinic, d.last_month_day, "1001", "4101", 2500, NULL);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/closes", clinic);
	struct api_res *res = api_sendf(fin, "POST", path, "{\"month\":\"%s\"}", d.last_month);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "month"), d.last_month);
	assert_string_equal(api_jstr(res->json, "institution_id"), clinic);
	assert_int_equal(api_jint(res->json, "head_seq"), 4);
	assert_int_equal(strlen(api_jstr(res->json, "head_hash")), 64);
	assert_int_equal(api_jint(res->json, "debit_fen"), 32500);
	assert_int_equal(api_jint(res->json, "credit_fen"), 32500);

	res = post_voucher(fin, clinic, d.last_month_day, "1002", "4901", 100, "补记上月");
	assert_error(res, 422, "rule_violation", "voucher_date", "SR-FIN-2");
	posted(fin, clinic, d.today, "1002", "4901", 100, NULL);

	res = api_get(fin, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 1);
	assert_string_equal(api_jstr(res->json, "items.0.month"), d.last_month);
	char book[128];
	snprintf(book, sizeof(book), "/api/v1/institutions/%s/book", clinic);
	res = api_get(fin, book);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "closed_through"), d.last_month);
	/* What a close would begin with next: this month. */
	assert_string_equal(api_jstr(res->json, "next_close_month"), d.this_month);
	api_client_free(fin);
}

static void closing_a_month_closes_the_months_before_it(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], path[128];
	dates_of_today(&d);
	fresh_clinic(s, clinic);
	struct api_client *fin = api_login(s, "finance");
	char book[128];
	snprintf(book, sizeof(book), "/api/v1/institutions/%s/book", clinic);
	posted(fin, clinic, d.months_ago3_day, "1002", "4901", 4000, NULL);
	posted(fin, clinic, d.last_month_day, "1002", "4901", 600, NULL);
	/* Never closed: a close would begin with the month of the first posting. */
	struct api_res *b = api_get(fin, book);
	assert_status(b, 200);
	assert_string_equal(api_jstr(b->json, "next_close_month"), d.months_ago3);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/closes", clinic);
	assert_status(api_sendf(fin, "POST", path, "{\"month\":\"%s\"}", d.last_month), 201);
	struct api_res *res = api_get(fin, path);
	assert_status(res, 200);
	json_t *items = api_jget(res->json, "items");
	assert_int_equal(json_array_size(items), 3); /* three months ago, two, last */
	assert_string_equal(api_jstr(items, "0.month"), d.last_month);
	assert_int_equal(api_jint(items, "0.debit_fen"), 600);
	assert_string_equal(api_jstr(items, "1.month"), d.months_ago2);
	assert_int_equal(api_jint(items, "1.debit_fen"), 0);
	assert_string_equal(api_jstr(items, "2.month"), d.months_ago3);
	assert_int_equal(api_jint(items, "2.debit_fen"), 4000);
	res = post_voucher(fin, clinic, d.months_ago3_day, "1002", "4901", 1, "补记");
	assert_error(res, 422, "rule_violation", "voucher_date", "SR-FIN-2");
	api_client_free(fin);
}

static void only_an_ended_month_after_the_last_close_can_be_closed(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], path[128];
	dates_of_today(&d);
	fresh_clinic(s, clinic);
	struct api_client *fin = api_login(s, "finance");
	posted(fin, clinic, d.last_month_day, "1002", "4901", 100, NULL);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/closes", clinic);
	assert_error(api_sendf(fin, "POST", path, "{\"month\":\"%s\"}", d.this_month), 422,
	             "invalid_field", "month", NULL);
	int y = atoi(d.today) + 1;
	assert_error(api_sendf(fin, "POST", path, "{\"month\":\"%04d-01\"}", y % 10000), 422,
	             "invalid_field", "month", NULL);
	assert_error(api_post(fin, path, "{\"month\":\"2026-13\"}"), 422, "invalid_field", "month",
	             NULL);
	assert_error(api_post(fin, path, "{\"month\":\"2026-7\"}"), 422, "invalid_field", "month",
	             NULL);
	assert_error(api_post(fin, path, "{}"), 422, "required", "month", NULL);
	assert_status(api_sendf(fin, "POST", path, "{\"month\":\"%s\"}", d.last_month), 201);
	assert_error(api_sendf(fin, "POST", path, "{\"month\":\"%s\"}", d.last_month), 409,
	             "conflict", "month", NULL);
	assert_error(api_sendf(fin, "POST", path, "{\"month\":\"%s\"}", d.months_ago3), 409,
	             "conflict", "month", NULL);
	api_client_free(fin);
}

/* ---- statements ---- */

static void the_trial_balance_balances_and_shows_each_account(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], demo[37], centre[37], query[40];
	dates_of_today(&d);
	fresh_clinic(s, clinic);
	demo_clinic(s, demo, centre);
	snprintf(query, sizeof(query), "period=%.4s", d.today);
	struct api_client *fin = api_login(s, "finance");
	posted(fin, clinic, d.today, "1002", "4901", 10000, NULL);
	posted(fin, clinic, d.today, "5301", "1002", 2999, NULL);
	json_t *tb = statement(fin, clinic, "trial_balance", query);
	assert_string_equal(api_jstr(tb, "kind"), "trial_balance");
	assert_true(json_is_true(api_jget(tb, "balanced")));
	assert_int_equal(api_jint(tb, "totals.debit_fen"), 12999);
	assert_int_equal(api_jint(tb, "totals.credit_fen"), 12999);
	assert_int_equal(api_jint(tb, "totals.closing_debit_fen"),
	                 api_jint(tb, "totals.closing_credit_fen"));
	json_t *bank = tb_item(tb, "1002");
	assert_int_equal(api_jint(bank, "debit_fen"), 10000);
	assert_int_equal(api_jint(bank, "credit_fen"), 2999);
	assert_int_equal(api_jint(bank, "closing_debit_fen"), 7001);
	assert_string_equal(api_jstr(bank, "section"), "asset");
	json_t *other = tb_item(tb, "4901");
	assert_int_equal(api_jint(other, "closing_credit_fen"), 10000);
	assert_non_null(tb_item(tb, "5301"));
	assert_null(tb_item(tb, "1001"));

	/* A later period opens with the balances. */
	char next_year[64];
	snprintf(next_year, sizeof(next_year), "from=%04d-01-01&to=%04d-12-31", atoi(d.today) + 1,
	         atoi(d.today) + 1);
	tb = statement(fin, clinic, "trial_balance", next_year);
	bank = tb_item(tb, "1002");
	assert_int_equal(api_jint(bank, "opening_debit_fen"), 7001);
	assert_int_equal(api_jint(bank, "debit_fen"), 0);
	assert_true(json_is_true(api_jget(tb, "balanced")));

	/* The demo clinic's year of books balances too. */
	tb = statement(fin, demo, "trial_balance", query);
	assert_true(json_is_true(api_jget(tb, "balanced")));
	assert_true(api_jint(tb, "totals.debit_fen") > 0);
	api_client_free(fin);
}

static void the_balance_sheet_balances_with_the_surplus(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], demo[37], centre[37], query[40];
	dates_of_today(&d);
	fresh_clinic(s, clinic);
	demo_clinic(s, demo, centre);
	snprintf(query, sizeof(query), "period=%.4s", d.today);
	struct api_client *fin = api_login(s, "finance");
	posted(fin, clinic, d.today, "1002", "4901", 10000, NULL);
	posted(fin, clinic, d.today, "5301", "1002", 3000, NULL);
	posted(fin, clinic, d.today, "1303", "2201", 800, NULL);
	json_t *bs = statement(fin, clinic, "balance_sheet", query);
	assert_true(json_is_true(api_jget(bs, "balanced")));
	assert_int_equal(api_jint(bs, "assets_fen"), 7800);
	assert_int_equal(api_jint(bs, "liabilities_fen"), 800);
	assert_int_equal(api_jint(bs, "surplus_fen"), 7000);
	assert_int_equal(api_jint(bs, "net_assets_fen"), 7000);
	assert_int_equal(api_jint(bs, "liabilities_and_net_assets_fen"), 7800);
	json_t *last =
	    json_array_get(api_jget(bs, "items"), json_array_size(api_jget(bs, "items")) - 1);
	assert_string_equal(api_jstr(last, "section"), "net_assets");
	assert_true(json_is_null(api_jget(last, "account_code")));
	assert_int_equal(api_jint(last, "amount_fen"), 7000);

	json_t *is = statement(fin, clinic, "income", query);
	assert_int_equal(api_jint(is, "income_fen"), 10000);
	assert_int_equal(api_jint(is, "expense_fen"), 3000);
	assert_int_equal(api_jint(is, "surplus_fen"), 7000);
	assert_int_equal(json_array_size(api_jget(is, "items")), 2);
	assert_string_equal(api_jstr(is, "items.0.account_code"), "4901");
	assert_string_equal(api_jstr(is, "items.1.section"), "expense");

	/* The surplus of a past period carries into a later balance sheet, not its income. */
	char next_year[40];
	snprintf(next_year, sizeof(next_year), "period=%04d", atoi(d.today) + 1);
	bs = statement(fin, clinic, "balance_sheet", next_year);
	assert_int_equal(api_jint(bs, "surplus_fen"), 7000);
	is = statement(fin, clinic, "income", next_year);
	assert_int_equal(api_jint(is, "surplus_fen"), 0);

	bs = statement(fin, demo, "balance_sheet", query);
	assert_true(json_is_true(api_jget(bs, "balanced")));
	api_client_free(fin);
}

static void the_centre_roll_up_includes_its_clinics(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char demo[37], centre[37], query[60], year[20];
	dates_of_today(&d);
	demo_clinic(s, demo, centre);
	snprintf(query, sizeof(query), "period=%.4s&rollup=1", d.today);
	snprintf(year, sizeof(year), "period=%.4s", d.today);
	struct api_client *fin = api_login(s, "finance");
	json_t *before = json_deep_copy(statement(fin, centre, "trial_balance", query));
	json_t *own_before = json_deep_copy(statement(fin, demo, "trial_balance", year));
	posted(fin, demo, d.today, "1002", "4901", 4321, NULL);
	json_t *after = statement(fin, centre, "trial_balance", query);
	assert_true(json_is_true(api_jget(after, "rollup")));
	assert_true(json_is_true(api_jget(after, "balanced")));
	assert_int_equal(api_jint(after, "totals.debit_fen") - api_jint(before, "totals.debit_fen"),
	                 4321);
	/* The clinic's whole year is in the roll-up, not only the new voucher. */
	assert_true(api_jint(own_before, "totals.debit_fen") > 0);
	assert_true(api_jint(after, "totals.debit_fen") >=
	            api_jint(own_before, "totals.debit_fen") + 4321);
	json_t *bs = statement(fin, centre, "balance_sheet", query);
	assert_true(json_is_true(api_jget(bs, "balanced")));
	/* Without rollup the centre's own book alone. */
	json_t *alone = statement(fin, centre, "trial_balance", year);
	assert_true(api_jint(alone, "totals.debit_fen") <
	            api_jint(before, "totals.debit_fen") + 4321);
	json_decref(own_before);
	json_decref(before);
	api_client_free(fin);
}

static void a_statement_exports_as_xlsx(void **state)
{
	struct srv *s = *state;
	char clinic[37], centre[37], path[200];
	demo_clinic(s, clinic, centre);
	struct api_client *fin = api_login(s, "finance");
	const char *kinds[] = {"trial_balance", "balance_sheet", "income"};
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "/api/v1/institutions/%s/statements.xlsx?kind=%s%s",
		         i == 2 ? centre : clinic, kinds[i], i == 2 ? "&rollup=1" : "");
		struct api_res *res = api_get(fin, path);
		assert_status(res, 200);
		assert_true(res->body_len > 1000);
		assert_memory_equal(res->body, "PK", 2);
		assert_non_null(strstr(api_header(res, "Content-Type"), "spreadsheetml"));
	}
	api_client_free(fin);
}

static void bad_statement_parameters_are_refused(void **state)
{
	struct srv *s = *state;
	char clinic[37], centre[37], path[200];
	demo_clinic(s, clinic, centre);
	struct api_client *fin = api_login(s, "finance");
	const struct {
		const char *query, *field;
	} cases[] = {
	    {"kind=cash_flow", "kind"},   {"period=2026-13", "period"},
	    {"period=2026-Q5", "period"}, {"rollup=yes", "rollup"},
	    {"from=2026-02-30", "from"},  {"from=2026-05-01&to=2026-04-30", "from"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(path, sizeof(path), "/api/v1/institutions/%s/statements?%s", clinic,
		         cases[i].query);
		assert_error(api_get(fin, path), 400, "bad_request", cases[i].field, NULL);
	}
	api_client_free(fin);
}

/* ---- verification and access ---- */

static void the_books_verify_intact(void **state)
{
	struct srv *s = *state;
	char clinic[37], centre[37], path[200];
	demo_clinic(s, clinic, centre);
	struct api_client *fin = api_login(s, "finance");
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/books/verify", centre);
	struct api_res *res = api_get(fin, path);
	assert_status(res, 200);
	assert_true(json_is_true(api_jget(res->json, "ok")));
	assert_true(api_jint(res->json, "books") >= 1);
	assert_true(api_jint(res->json, "postings") >= 2);
	assert_true(json_is_null(api_jget(res->json, "seq")));
	assert_true(json_is_null(api_jget(res->json, "why")));
	api_client_free(fin);

	char *out = NULL, *err = NULL;
	int status = -1;
	const char *args[] = {"books", "verify", NULL};
	assert_int_equal(srv_cli_err(s, args, NULL, &status, &out, &err), 0);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "账簿链完好"));
	assert_non_null(strstr(out, "postings/s"));
	free(out);
	free(err);
	const char *one[] = {"books", "verify", "--clinic", clinic, NULL};
	assert_int_equal(srv_cli_err(s, one, NULL, &status, &out, &err), 0);
	assert_int_equal(status, 0);
	assert_non_null(strstr(out, "1 个账套"));
	free(out);
	free(err);
	const char *nobody[] = {"books", "verify", "--clinic", "no-such-clinic", NULL};
	assert_int_equal(srv_cli_err(s, nobody, NULL, &status, &out, &err), 0);
	assert_int_equal(status, 2);
	assert_non_null(strstr(err, "不存在"));
	free(out);
	free(err);
	const char *bad[] = {"books", "check", NULL};
	assert_int_equal(srv_cli_err(s, bad, NULL, &status, &out, &err), 0);
	assert_int_equal(status, 2);
	free(out);
	free(err);
}

static void the_auditor_reads_and_verifies_but_writes_nothing(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], centre[37], path[200];
	dates_of_today(&d);
	demo_clinic(s, clinic, centre);
	struct api_client *aud = api_login(s, "auditor");
	statement(aud, clinic, "trial_balance", "rollup=0");
	statement(aud, centre, "balance_sheet", "rollup=1");
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/books/verify", clinic);
	struct api_res *res = api_get(aud, path);
	assert_status(res, 200);
	assert_true(json_is_true(api_jget(res->json, "ok")));
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/closes", clinic);
	assert_status(api_get(aud, path), 200);
	assert_error(post_voucher(aud, clinic, d.today, "1002", "4901", 100, "审计不记账"), 403,
	             "forbidden", NULL, NULL);
	assert_error(api_sendf(aud, "POST", path, "{\"month\":\"%s\"}", d.last_month), 403,
	             "forbidden", NULL, NULL);
	api_client_free(aud);
}

static void a_village_doctor_sees_only_their_own_book(void **state)
{
	struct srv *s = *state;
	struct dates d;
	char clinic[37], centre[37], other[37], path[400];
	dates_of_today(&d);
	demo_clinic(s, clinic, centre);
	snprintf(path, sizeof(path),
	         "SELECT id FROM institutions WHERE parent_id = '%s' AND kind = 'clinic' AND id <> "
	         "'%s' ORDER BY name, id LIMIT 1",
	         centre, clinic);
	char *v = srv_sql_value(s, path);
	assert_non_null(v);
	snprintf(other, sizeof(other), "%s", v);
	free(v);
	struct api_client *doc = api_login(s, "clinic");
	statement(doc, clinic, "income", "rollup=0");
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/closes", clinic);
	assert_status(api_get(doc, path), 200);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/statements?kind=income", other);
	assert_error(api_get(doc, path), 403, "forbidden", NULL, NULL);
	snprintf(path, sizeof(path),
	         "/api/v1/institutions/%s/statements?kind=trial_balance&rollup=1", centre);
	assert_error(api_get(doc, path), 403, "forbidden", NULL, NULL);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/closes", clinic);
	assert_error(api_sendf(doc, "POST", path, "{\"month\":\"%s\"}", d.last_month), 403,
	             "forbidden", NULL, NULL);
	api_client_free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(a_balanced_voucher_is_posted_with_the_next_number),
	    cmocka_unit_test(a_voucher_one_fen_off_is_refused_with_sr_fin_2),
	    cmocka_unit_test(a_posted_voucher_is_neither_edited_nor_deleted),
	    cmocka_unit_test(a_reversal_swaps_the_sides_once),
	    cmocka_unit_test(a_closed_month_refuses_postings_and_the_open_month_takes_them),
	    cmocka_unit_test(closing_a_month_closes_the_months_before_it),
	    cmocka_unit_test(only_an_ended_month_after_the_last_close_can_be_closed),
	    cmocka_unit_test(the_trial_balance_balances_and_shows_each_account),
	    cmocka_unit_test(the_balance_sheet_balances_with_the_surplus),
	    cmocka_unit_test(the_centre_roll_up_includes_its_clinics),
	    cmocka_unit_test(a_statement_exports_as_xlsx),
	    cmocka_unit_test(bad_statement_parameters_are_refused),
	    cmocka_unit_test(the_books_verify_intact),
	    cmocka_unit_test(the_auditor_reads_and_verifies_but_writes_nothing),
	    cmocka_unit_test(a_village_doctor_sees_only_their_own_book),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
