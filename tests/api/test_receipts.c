/* SPDX-License-Identifier: MIT */
/* Receipts, remittance and the money between a clinic and its centre, black-box: a charge →
 * receipt → voucher → remittance round trip; gapless receipt numbers under concurrent
 * clients at one clinic; cancellation; refusals of a clinic paying from its takings
 * (SR-FIN-3), of a short payout (SR-FIN-3, SR-INS-1); the takings alert; scope. */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char clinic_id[37];

/* The demo village doctor's clinic. */
static void find_clinic(struct srv *s)
{
	if (clinic_id[0])
		return;
	struct api_client *c = api_login(s, "clinic");
	struct api_res *res = api_get(c, "/api/v1/session");
	assert_status(res, 200);
	snprintf(clinic_id, sizeof(clinic_id), "%s", api_jstr(res->json, "user.institution_id"));
	api_client_free(c);
}

static struct api_res *issue(struct api_client *c, const char *payer, int fee, int insurance)
{
	return api_sendf(c, "POST", "/api/v1/receipts",
			 "{\"clinic_id\":\"%s\",\"payer\":\"%s\",\"insurance_fen\":%d,\"lines\":["
			 "{\"kind\":\"consultation\",\"amount_fen\":%d},"
			 "{\"kind\":\"tcm\",\"description\":\"艾灸\",\"amount_fen\":2000}]}",
			 clinic_id, payer, insurance, fee);
}

/* The voucher of receipt REC: its lines balance and credit income by kind. */
static void assert_receipt_voucher(struct api_client *c, const json_t *rec)
{
	char path[128];
	snprintf(path, sizeof(path), "/api/v1/vouchers/%s", api_jstr(rec, "voucher_id"));
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "kind"), "receipt");
	long long debit = 0, credit = 0;
	size_t i;
	json_t *l;
	json_array_foreach(api_jget(res->json, "lines"), i, l)
	{
		debit += api_jint(l, "debit_fen");
		credit += api_jint(l, "credit_fen");
	}
	assert_int_equal(debit, credit);
	assert_int_equal(debit, api_jint(rec, "total_fen"));
}

static void charge_receipt_voucher_remittance_round_trip(void **state)
{
	struct srv *s = *state;
	find_clinic(s);
	struct api_client *doctor = api_login(s, "clinic");
	struct api_res *res = issue(doctor, "张三", 1000, 500);
	assert_status(res, 201);
	json_t *rec = json_incref(res->json);
	assert_int_equal(api_jint(rec, "total_fen"), 3000);
	assert_int_equal(api_jint(rec, "cash_fen"), 2500);
	assert_int_equal(api_jint(rec, "insurance_fen"), 500);
	assert_string_equal(api_jstr(rec, "status"), "issued");
	assert_true(api_jint(rec, "serial") > 0);
	assert_receipt_voucher(doctor, rec);

	/* The printable receipt carries the voucher's lines. */
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/receipts/%s", api_jstr(rec, "id"));
	res = api_get(doctor, path);
	assert_status(res, 200);
	assert_true(json_array_size(api_jget(res->json, "voucher_lines")) >= 3);

	/* Takings outstanding include it; handing in less is refused, in full accepted. */
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/takings", clinic_id);
	res = api_get(doctor, path);
	assert_status(res, 200);
	long long outstanding = api_jint(res->json, "outstanding_fen");
	assert_true(outstanding >= 2500);
	res = api_sendf(doctor, "POST", "/api/v1/remittances",
			"{\"clinic_id\":\"%s\",\"amount_fen\":%lld}", clinic_id, outstanding - 1);
	assert_error(res, 422, "rule_violation", "amount_fen", "SR-FIN-3");
	res = api_sendf(doctor, "POST", "/api/v1/remittances",
			"{\"clinic_id\":\"%s\",\"amount_fen\":%lld}", clinic_id, outstanding);
	assert_status(res, 201);
	assert_int_equal(api_jint(res->json, "amount_fen"), outstanding);
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/takings", clinic_id);
	res = api_get(doctor, path);
	assert_int_equal(api_jint(res->json, "outstanding_fen"), 0);

	/* The clinic's cash fell by the remittance; the centre holds it for the clinic. */
	snprintf(path, sizeof(path), "/api/v1/receipts/%s", api_jstr(rec, "id"));
	res = api_get(doctor, path);
	assert_non_null(api_jstr(res->json, "remittance_id"));
	/* A receipt handed in can no longer be cancelled by the clinic. */
	snprintf(path, sizeof(path), "/api/v1/receipts/%s/cancel", api_jstr(rec, "id"));
	res = api_post(doctor, path, "{\"reason\":\"开错\"}");
	assert_error(res, 409, "conflict", NULL, "SR-FIN-3");
	json_decref(rec);
	api_client_free(doctor);
}

static void a_cancelled_receipt_stays_with_its_number_and_reason(void **state)
{
	struct srv *s = *state;
	find_clinic(s);
	struct api_client *doctor = api_login(s, "clinic");
	struct api_res *res = issue(doctor, "李四", 1000, 0);
	assert_status(res, 201);
	char id[37], voucher[37];
	snprintf(id, sizeof(id), "%s", api_jstr(res->json, "id"));
	snprintf(voucher, sizeof(voucher), "%s", api_jstr(res->json, "voucher_id"));
	long long serial = api_jint(res->json, "serial");
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/receipts/%s/cancel", id);
	res = api_post(doctor, path, "{}");
	assert_error(res, 422, "required", "reason", NULL);
	res = api_post(doctor, path, "{\"reason\":\"收费项目开错\"}");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "cancelled");
	assert_string_equal(api_jstr(res->json, "cancel_reason"), "收费项目开错");
	assert_int_equal(api_jint(res->json, "serial"), serial);
	assert_non_null(api_jstr(res->json, "cancel_voucher_id"));
	res = api_post(doctor, path, "{\"reason\":\"again\"}");
	assert_status(res, 409);
	/* The receipt's voucher was reversed, not removed; the voucher itself cannot be
	 * reversed again by hand. */
	struct api_client *finance = api_login(s, "finance");
	snprintf(path, sizeof(path), "/api/v1/vouchers/%s", voucher);
	res = api_get(finance, path);
	assert_status(res, 200);
	assert_non_null(api_jstr(res->json, "reversed_by"));
	snprintf(path, sizeof(path), "/api/v1/vouchers/%s/reverse", voucher);
	res = api_post(finance, path, "{\"reason\":\"重复\"}");
	assert_status(res, 409);
	api_client_free(finance);
	api_client_free(doctor);
}

#define CLIENTS 16
#define EACH 12

struct issuer {
	struct srv *srv;
	int created;
};

static void *issue_many(void *arg)
{
	struct issuer *w = arg;
	struct api_client *c = api_login(w->srv, "clinic");
	for (int i = 0; i < EACH; i++) {
		struct api_res *res = issue(c, "并发", 1000 + i, 0);
		if (res && res->status == 201)
			w->created++;
	}
	api_client_free(c);
	return NULL;
}

static void concurrent_receipts_at_one_clinic_are_numbered_without_gap_or_duplicate(void **state)
{
	struct srv *s = *state;
	find_clinic(s);
	pthread_t threads[CLIENTS];
	struct issuer issuers[CLIENTS];
	for (int i = 0; i < CLIENTS; i++) {
		issuers[i] = (struct issuer){.srv = s};
		assert_int_equal(pthread_create(&threads[i], NULL, issue_many, &issuers[i]), 0);
	}
	int created = 0;
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(threads[i], NULL);
		created += issuers[i].created;
	}
	assert_int_equal(created, CLIENTS * EACH);
	/* Per clinic per year: numbers 1..n, each once. */
	char sql[400];
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) - MAX(serial) FROM fin_receipts WHERE clinic_id = '%s' GROUP BY "
		 "year ORDER BY year DESC LIMIT 1",
		 clinic_id);
	char *gap = srv_sql_value(s, sql);
	assert_non_null(gap);
	assert_int_equal(atoi(gap), 0);
	free(gap);
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) FROM (SELECT year, serial FROM fin_receipts WHERE clinic_id = "
		 "'%s' GROUP BY year, serial HAVING COUNT(*) > 1) d",
		 clinic_id);
	char *dup = srv_sql_value(s, sql);
	assert_int_equal(atoi(dup), 0);
	free(dup);
	/* The vouchers are gapless too, and the book still verifies. */
	snprintf(sql, sizeof(sql),
		 "SELECT COUNT(*) - MAX(v.serial) FROM fin_vouchers v JOIN fin_books b ON b.id = "
		 "v.book_id WHERE b.institution_id = '%s' GROUP BY v.year ORDER BY v.year DESC "
		 "LIMIT 1",
		 clinic_id);
	gap = srv_sql_value(s, sql);
	assert_int_equal(atoi(gap), 0);
	free(gap);
}

static void a_clinic_may_not_pay_from_its_takings(void **state)
{
	struct srv *s = *state;
	find_clinic(s);
	struct api_client *finance = api_login(s, "finance");
	char today[11];
	api_date_from_today(0, today);
	struct api_res *res = api_sendf(
		finance, "POST", "/api/v1/expenses",
		"{\"clinic_id\":\"%s\",\"account_code\":\"5302\",\"amount_fen\":5000,\"paid_on\":"
		"\"%s\",\"payee\":\"修理店\",\"summary\":\"修门\",\"source_doc\":\"发票 001\","
		"\"paid_from\":\"takings\"}",
		clinic_id, today);
	assert_error(res, 422, "rule_violation", "paid_from", "SR-FIN-3");
	/* The same by a hand-made voucher crediting the clinic's cash. */
	res = api_sendf(finance, "POST", "/api/v1/vouchers",
			"{\"institution_id\":\"%s\",\"voucher_date\":\"%s\",\"summary\":\"修门\","
			"\"source_doc\":\"发票 001\",\"lines\":[{\"account_code\":\"5302\","
			"\"debit_fen\":5000},{\"account_code\":\"1001\",\"credit_fen\":5000}]}",
			clinic_id, today);
	assert_error(res, 422, "rule_violation", "lines", "SR-FIN-3");
	/* An expense without its source document is refused (SR-FIN-2). */
	res = api_sendf(finance, "POST", "/api/v1/expenses",
			"{\"clinic_id\":\"%s\",\"account_code\":\"5302\",\"amount_fen\":5000,"
			"\"paid_on\":\"%s\",\"payee\":\"修理店\",\"summary\":\"修门\"}",
			clinic_id, today);
	assert_error(res, 422, "rule_violation", "source_doc", "SR-FIN-2");
	/* Paid by the centre, it is posted to the clinic's books. */
	res = api_sendf(finance, "POST", "/api/v1/expenses",
			"{\"clinic_id\":\"%s\",\"account_code\":\"5302\",\"amount_fen\":5000,"
			"\"paid_on\":\"%s\",\"payee\":\"修理店\",\"summary\":\"修门\",\"source_doc\":"
			"\"发票 001\"}",
			clinic_id, today);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "institution_id"), clinic_id);
	assert_string_equal(api_jstr(res->json, "lines.1.account_code"), "1901");
	api_client_free(finance);
}

static void a_short_payout_is_refused(void **state)
{
	struct srv *s = *state;
	find_clinic(s);
	struct api_client *insurance = api_login(s, "insurance");
	struct api_client *finance = api_login(s, "finance");
	struct api_res *res = api_sendf(insurance, "POST", "/api/v1/dues",
					"{\"clinic_id\":\"%s\",\"kind\":\"insurance_settlement\","
					"\"period\":\"2026-10\",\"amount_fen\":123456,\"source_doc\":"
					"\"医保结算单 202610-01\"}",
					clinic_id);
	assert_status(res, 201);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/dues/%s/payout", api_jstr(res->json, "id"));
	res = api_post(finance, path, "{\"amount_fen\":120000}");
	assert_error(res, 422, "rule_violation", "amount_fen", "SR-INS-1");
	res = api_post(finance, path, "{\"amount_fen\":123456}");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "paid");
	res = api_post(finance, path, "{\"amount_fen\":123456}");
	assert_status(res, 409);

	res = api_sendf(finance, "POST", "/api/v1/dues",
			"{\"clinic_id\":\"%s\",\"kind\":\"public_health_subsidy\",\"period\":"
			"\"2026-Q3\",\"amount_fen\":800000,\"source_doc\":\"柳北财社〔2026〕9号\"}",
			clinic_id);
	assert_status(res, 201);
	snprintf(path, sizeof(path), "/api/v1/dues/%s/payout", api_jstr(res->json, "id"));
	res = api_post(finance, path, "{\"amount_fen\":700000}");
	assert_error(res, 422, "rule_violation", "amount_fen", "SR-FIN-3");
	api_client_free(finance);
	api_client_free(insurance);
}

static void the_demo_raises_the_takings_and_unpaid_subsidy_alerts(void **state)
{
	struct srv *s = *state;
	struct api_client *county = api_login(s, "county");
	struct api_res *res = api_get(county, "/api/v1/alerts?rule=SR-FIN-3&limit=500");
	assert_status(res, 200);
	bool takings = false, unpaid = false;
	size_t i;
	json_t *a;
	json_array_foreach(api_jget(res->json, "items"), i, a)
	{
		takings |= strcmp(api_jstr(a, "title"), "收入超期未上缴") == 0;
		unpaid |= strcmp(api_jstr(a, "title"), "应拨付村卫生室款项逾期未拨") == 0;
	}
	assert_true(takings);
	assert_true(unpaid);
	api_client_free(county);
}

static void a_clinic_sees_its_own_receipts_and_the_auditor_writes_nothing(void **state)
{
	struct srv *s = *state;
	find_clinic(s);
	struct api_client *doctor = api_login(s, "clinic");
	struct api_res *res = api_get(doctor, "/api/v1/receipts?limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *r;
	json_array_foreach(api_jget(res->json, "items"), i, r)
		assert_string_equal(api_jstr(r, "clinic_id"), clinic_id);
	/* Another clinic of the same centre is outside the doctor's scope. */
	struct api_client *finance = api_login(s, "finance");
	res = api_get(finance, "/api/v1/receipts?limit=500");
	assert_status(res, 200);
	const char *other = NULL;
	json_array_foreach(api_jget(res->json, "items"), i, r)
		if (strcmp(api_jstr(r, "clinic_id"), clinic_id) != 0) {
			other = api_jstr(r, "clinic_id");
			break;
		}
	assert_non_null(other);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/journal", other);
	res = api_get(doctor, path);
	assert_status(res, 403);
	res = api_sendf(doctor, "POST", "/api/v1/receipts",
			"{\"clinic_id\":\"%s\",\"payer\":\"x\",\"lines\":[{\"kind\":\"other\","
			"\"amount_fen\":100}]}",
			other);
	assert_status(res, 403);
	struct api_client *auditor = api_login(s, "auditor");
	snprintf(path, sizeof(path), "/api/v1/institutions/%s/journal", clinic_id);
	res = api_get(auditor, path);
	assert_status(res, 200);
	res = issue(auditor, "审计", 100, 0);
	assert_status(res, 403);
	res = api_sendf(auditor, "POST", "/api/v1/remittances",
			"{\"clinic_id\":\"%s\",\"amount_fen\":1}", clinic_id);
	assert_status(res, 403);
	api_client_free(auditor);
	api_client_free(finance);
	api_client_free(doctor);
}

static void a_drug_charge_is_dispensed_at_cost_not_typed_in(void **state)
{
	struct srv *s = *state;
	find_clinic(s);
	struct api_client *doctor = api_login(s, "clinic");
	struct api_res *res = api_sendf(doctor, "POST", "/api/v1/receipts",
					"{\"clinic_id\":\"%s\",\"payer\":\"王五\",\"lines\":[{\"kind\":"
					"\"drug\",\"amount_fen\":1500}]}",
					clinic_id);
	assert_error(res, 422, "invalid_field", "lines", "SR-DRG-1");
	/* A lot on a clinic's shelf, dispensed on the receipt at its cost (the admin tries the
	 * places holding stock until one is a clinic with a lot it may dispense). */
	struct api_client *admin = api_login(s, "admin");
	char soon[11];
	api_date_from_today(30, soon);
	res = api_get(admin, "/api/v1/stock?limit=500");
	assert_status(res, 200);
	json_t *stock = json_incref(api_jget(res->json, "items"));
	bool issued = false;
	size_t i;
	json_t *st;
	json_array_foreach(stock, i, st)
	{
		const char *expiry = api_jstr(st, "expiry_date");
		if (issued || api_jint(st, "quantity") < 2 || !expiry || strcmp(expiry, soon) <= 0 ||
		    json_is_true(api_jget(st, "on_hold")))
			continue;
		res = api_sendf(admin, "POST", "/api/v1/receipts",
				"{\"clinic_id\":\"%s\",\"payer\":\"王五\",\"lines\":[{\"kind\":"
				"\"consultation\",\"amount_fen\":1000}],\"dispense\":[{\"item_id\":"
				"\"%s\",\"quantity\":1,\"lot_id\":\"%s\",\"indication\":\"发热\"}]}",
				api_jstr(st, "place_id"), api_jstr(st, "item_id"), api_jstr(st, "lot_id"));
		if (res->status != 201)
			continue;
		issued = true;
		assert_non_null(api_jstr(res->json, "dispense_id"));
		assert_true(api_jint(res->json, "total_fen") > 1000);
		assert_int_equal(api_jint(res->json, "cash_fen"), api_jint(res->json, "total_fen"));
	}
	json_decref(stock);
	assert_true(issued);
	api_client_free(admin);
	api_client_free(doctor);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(charge_receipt_voucher_remittance_round_trip),
		cmocka_unit_test(a_cancelled_receipt_stays_with_its_number_and_reason),
		cmocka_unit_test(concurrent_receipts_at_one_clinic_are_numbered_without_gap_or_duplicate),
		cmocka_unit_test(a_clinic_may_not_pay_from_its_takings),
		cmocka_unit_test(a_short_payout_is_refused),
		cmocka_unit_test(the_demo_raises_the_takings_and_unpaid_subsidy_alerts),
		cmocka_unit_test(a_clinic_sees_its_own_receipts_and_the_auditor_writes_nothing),
		cmocka_unit_test(a_drug_charge_is_dispensed_at_cost_not_typed_in),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
