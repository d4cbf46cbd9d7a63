/* SPDX-License-Identifier: MIT */
/* This file contains the statements of a book, or of every book under a centre rolled up
 * (汇总): the trial balance (科目余额表), the balance sheet (资产负债表) and the income and
 * expense statement (收入支出表), for a month, a quarter, a year or any dates, as JSON and as
 * .xlsx. All three come from one pass over the postings (store_account_sums). */
#include <stdio.h>
#include <string.h>

#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"

/* The class of an account and the parts of the statements (科目类别 / 报表项目). */
static const struct ent_enum sections[] = {
	{"asset", "资产"},   {"liability", "负债"}, {"net_assets", "净资产"},
	{"income", "收入"},  {"expense", "费用"},   {"surplus", "收支结余"},
	{NULL, NULL},
};
#define SECTION_SURPLUS 5 /* after the five fin_account_kind values, in their order */

/* A row of the trial balance: balances on the side they fall (借 / 贷). */
static const struct ent_field trial_fields[] = {
	{"account_code", "科目编码", ENT_TEXT, EF_READONLY},
	{"account_name", "科目名称", ENT_TEXT, EF_READONLY},
	{"section", "类别", ENT_ENUM, EF_READONLY, .enums = sections},
	{"opening_debit_fen", "期初余额（借）", ENT_MONEY, EF_READONLY},
	{"opening_credit_fen", "期初余额（贷）", ENT_MONEY, EF_READONLY},
	{"debit_fen", "本期发生额（借）", ENT_MONEY, EF_READONLY},
	{"credit_fen", "本期发生额（贷）", ENT_MONEY, EF_READONLY},
	{"closing_debit_fen", "期末余额（借）", ENT_MONEY, EF_READONLY},
	{"closing_credit_fen", "期末余额（贷）", ENT_MONEY, EF_READONLY},
};
static const struct entity trial_row_entity = {
	.name = "trial_balance_row", .label = "科目余额表", ENT_FIELDS(trial_fields)};

/* A row of the balance sheet or of the income and expense statement: an account's amount
 * in its section, or a section's total (no account code). */
static const struct ent_field amount_fields[] = {
	{"section", "项目", ENT_ENUM, EF_READONLY, .enums = sections},
	{"account_code", "科目编码", ENT_TEXT, EF_READONLY},
	{"account_name", "科目名称", ENT_TEXT, EF_READONLY},
	{"amount_fen", "金额", ENT_MONEY, EF_READONLY},
};
static const struct entity amount_row_entity = {
	.name = "statement_row", .label = "报表行", ENT_FIELDS(amount_fields)};

/* One account's sums over the period (a row of store_account_sums). Balances are debit
 * minus credit. */
struct acct {
	const char *code, *name;
	enum fin_account_kind kind;
	int64_t opening, debit, credit, closing;
};

static void acct_at(const struct db_res *res, size_t row, struct acct *a)
{
	const char *code = db_res_text(res, row, 0);
	const struct fin_account *known = fin_account(code);
	a->code = code ? code : "";
	a->name = known ? known->name : "（科目表外）";
	/* An account outside the chart (none should be) still lands in a section, by the
	 * first digit of its code, so that the statements keep balancing. */
	bool by_digit = !known && a->code[0] >= '1' && a->code[0] <= '5';
	if (known)
		a->kind = known->kind;
	else
		a->kind = by_digit ? (enum fin_account_kind)(a->code[0] - '1') : FIN_ASSET;
	a->opening = db_res_int(res, row, 1);
	a->debit = db_res_int(res, row, 2);
	a->credit = db_res_int(res, row, 3);
	a->closing = a->opening + a->debit - a->credit;
}

/* A statement row {section, account_code, account_name, amount_fen}: CODE NULL for a
 * total, SECTION < 0 for none. New reference. */
static json_t *amount_row(int section, const char *code, const char *name, int64_t amount)
{
	json_t *row = json_pack("{s:s?, s:s?, s:s, s:I}", "section",
				section >= 0 ? sections[section].value : NULL, "account_code", code,
				"account_name", name, "amount_fen", (json_int_t)amount);
	return row;
}

/* Trial balance into OUT: items (records of trial_row_entity, accounts with a balance or a
 * movement), totals (the same six amounts) and balanced (debits equal credits on each of
 * the three pairs). ROWS: the items and a total row. */
static void trial_balance(const struct db_res *sums, json_t *out, json_t *rows)
{
	int64_t t[6] = {0};
	json_t *items = json_array();
	for (size_t i = 0; i < db_res_rows(sums); i++) {
		struct acct a;
		acct_at(sums, i, &a);
		if (a.opening == 0 && a.debit == 0 && a.credit == 0)
			continue;
		int64_t v[6] = {
			a.opening > 0 ? a.opening : 0, a.opening < 0 ? -a.opening : 0,
			a.debit,                      a.credit,
			a.closing > 0 ? a.closing : 0, a.closing < 0 ? -a.closing : 0,
		};
		for (int k = 0; k < 6; k++)
			t[k] += v[k];
		json_t *item = json_pack(
			"{s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}", "account_code", a.code,
			"account_name", a.name, "section", sections[a.kind].value,
			"opening_debit_fen", (json_int_t)v[0], "opening_credit_fen", (json_int_t)v[1],
			"debit_fen", (json_int_t)v[2], "credit_fen", (json_int_t)v[3],
			"closing_debit_fen", (json_int_t)v[4], "closing_credit_fen", (json_int_t)v[5]);
		json_array_append(rows, item);
		json_array_append_new(items, item);
	}
	json_t *totals = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "opening_debit_fen",
				   (json_int_t)t[0], "opening_credit_fen", (json_int_t)t[1],
				   "debit_fen", (json_int_t)t[2], "credit_fen", (json_int_t)t[3],
				   "closing_debit_fen", (json_int_t)t[4], "closing_credit_fen",
				   (json_int_t)t[5]);
	json_t *total_row = json_deep_copy(totals);
	json_object_set_new(total_row, "account_name", json_string("合计"));
	json_array_append_new(rows, total_row);
	json_object_set_new(out, "items", items);
	json_object_set_new(out, "totals", totals);
	json_object_set_new(out, "balanced",
			    json_boolean(t[0] == t[1] && t[2] == t[3] && t[4] == t[5]));
}

/* Balance sheet at the end of the period into OUT: items (records of amount_row_entity:
 * assets as debit balances, liabilities and net assets as credit balances, and the surplus
 * to date, income less expense, as a line of net assets without an account code),
 * assets_fen, liabilities_fen, net_assets_fen (with the surplus), surplus_fen,
 * liabilities_and_net_assets_fen and balanced. ROWS: the items with each section's total
 * and the grand total. */
static void balance_sheet(const struct db_res *sums, json_t *out, json_t *rows)
{
	json_t *parts[3] = {json_array(), json_array(), json_array()};
	int64_t total[3] = {0}, surplus = 0;
	for (size_t i = 0; i < db_res_rows(sums); i++) {
		struct acct a;
		acct_at(sums, i, &a);
		if (a.kind == FIN_INCOME || a.kind == FIN_EXPENSE) {
			surplus -= a.closing;
			continue;
		}
		int64_t amount = a.kind == FIN_ASSET ? a.closing : -a.closing;
		if (amount == 0 && a.opening == 0 && a.debit == 0 && a.credit == 0)
			continue;
		total[a.kind] += amount;
		json_array_append_new(parts[a.kind],
				      amount_row((int)a.kind, a.code, a.name, amount));
	}
	json_array_append_new(parts[FIN_NET_ASSETS],
			      amount_row(FIN_NET_ASSETS, NULL, "收支结余（收入减费用，累计至期末）",
					 surplus));
	total[FIN_NET_ASSETS] += surplus;
	static const char *const total_names[3] = {"资产合计", "负债合计", "净资产合计"};
	json_t *items = json_array();
	for (int k = 0; k < 3; k++) {
		json_array_extend(items, parts[k]);
		json_array_extend(rows, parts[k]);
		json_array_append_new(rows, amount_row(k, NULL, total_names[k], total[k]));
		json_decref(parts[k]);
	}
	int64_t right = total[FIN_LIABILITY] + total[FIN_NET_ASSETS];
	json_array_append_new(rows, amount_row(-1, NULL, "负债和净资产总计", right));
	json_object_set_new(out, "items", items);
	json_object_set_new(out, "assets_fen", json_integer(total[FIN_ASSET]));
	json_object_set_new(out, "liabilities_fen", json_integer(total[FIN_LIABILITY]));
	json_object_set_new(out, "net_assets_fen", json_integer(total[FIN_NET_ASSETS]));
	json_object_set_new(out, "surplus_fen", json_integer(surplus));
	json_object_set_new(out, "liabilities_and_net_assets_fen", json_integer(right));
	json_object_set_new(out, "balanced", json_boolean(total[FIN_ASSET] == right));
}

/* Income and expense statement of the period into OUT: items (records of amount_row_entity:
 * income by account as credits less debits, expense by account as debits less credits, of
 * accounts that moved), income_fen, expense_fen and surplus_fen. ROWS: the items with both
 * totals and the surplus. */
static void income_statement(const struct db_res *sums, json_t *out, json_t *rows)
{
	json_t *parts[2] = {json_array(), json_array()};
	int64_t total[2] = {0};
	for (size_t i = 0; i < db_res_rows(sums); i++) {
		struct acct a;
		acct_at(sums, i, &a);
		bool moved = a.debit != 0 || a.credit != 0;
		if ((a.kind != FIN_INCOME && a.kind != FIN_EXPENSE) || !moved)
			continue;
		int k = a.kind == FIN_INCOME ? 0 : 1;
		int64_t amount = k == 0 ? a.credit - a.debit : a.debit - a.credit;
		total[k] += amount;
		json_array_append_new(parts[k], amount_row((int)a.kind, a.code, a.name, amount));
	}
	static const char *const total_names[2] = {"收入合计", "费用合计"};
	json_t *items = json_array();
	for (int k = 0; k < 2; k++) {
		json_array_extend(items, parts[k]);
		json_array_extend(rows, parts[k]);
		json_array_append_new(rows, amount_row(k == 0 ? FIN_INCOME : FIN_EXPENSE, NULL,
						       total_names[k], total[k]));
		json_decref(parts[k]);
	}
	int64_t surplus = total[0] - total[1];
	json_array_append_new(rows, amount_row(SECTION_SURPLUS, NULL, "本期收支结余", surplus));
	json_object_set_new(out, "items", items);
	json_object_set_new(out, "income_fen", json_integer(total[0]));
	json_object_set_new(out, "expense_fen", json_integer(total[1]));
	json_object_set_new(out, "surplus_fen", json_integer(surplus));
}

/* The statements ?kind= names. */
static const struct statement_kind {
	const char *name, *title;
	const struct entity *row; /* of the .xlsx rows */
	void (*build)(const struct db_res *sums, json_t *out, json_t *rows);
} kinds[] = {
	{"trial_balance", "科目余额表", &trial_row_entity, trial_balance},
	{"balance_sheet", "资产负债表", &amount_row_entity, balance_sheet},
	{"income", "收入支出表", &amount_row_entity, income_statement},
};

/* The statement R asks for: *KIND, *OUT (new: the JSON answer) and *ROWS (new: the rows of
 * its export, records of KIND->row). Returns 0, or -1 with ERR. */
static int make_statement(struct req *r, const struct statement_kind **kind, json_t **out,
			  json_t **rows, struct app_error *err)
{
	const char *name = req_query(r, "kind"), *rollup_text = req_query(r, "rollup");
	const char *period = req_query(r, "period");
	char from[11], to[11];
	*kind = NULL;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(name ? name : "trial_balance", kinds[i].name) == 0)
			*kind = &kinds[i];
	if (!*kind)
		return err_set(err, ERR_BAD_REQUEST, "kind", NULL,
			       "报表种类（kind）须为 trial_balance（科目余额表）、balance_sheet（资产"
			       "负债表）或 income（收入支出表）");
	bool rollup = rollup_text && strcmp(rollup_text, "1") == 0;
	if (rollup_text && !rollup && strcmp(rollup_text, "0") != 0)
		return err_set(err, ERR_BAD_REQUEST, "rollup", NULL,
			       "汇总（rollup）须为 1（汇总下属全部账套）或 0");
	if (fin_query_period(r, from, to, err) != 0)
		return -1;
	if (strcmp(from, to) > 0)
		return err_set(err, ERR_BAD_REQUEST, "from", NULL, "起始日期 %s 晚于截止日期 %s",
			       from, to);
	struct store_place place;
	const char *id = req_param(r, "id");
	int rc = store_place(r->db, id, &place);
	if (rc == DB_NONE)
		return err_set(err, ERR_NOT_FOUND, NULL, NULL, "机构 %s 不存在", id);
	struct db_res *sums = NULL;
	if (rc > 0)
		rc = store_account_sums(r->db, rollup ? NULL : id, rollup ? place.path : NULL, from,
					to, &sums);
	if (rc < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	char title[256];
	snprintf(title, sizeof(title), "%s%s", (*kind)->title, rollup ? "（汇总）" : "");
	*out = json_pack("{s:s, s:s, s:s, s:s, s:b, s:s?, s:s, s:s}", "kind", (*kind)->name,
			 "title", title, "institution_id", id, "institution_name", place.name,
			 "rollup", rollup, "period", period, "from", from, "to", to);
	*rows = json_array();
	(*kind)->build(sums, *out, *rows);
	db_res_free(sums);
	return 0;
}

/* GET /api/v1/institutions/{id}/statements?kind=&period=|from=&to=&rollup=1: a statement of
 * the institution's book, or with rollup=1 of every book under it (the centre's and its
 * clinics'), for the period (?period=2026 | 2026-Q3 | 2026-07, or ?from=&to=; by default
 * this year). Money is integer fen. Every kind answers
 *   {kind, title, institution_id, institution_name, rollup, period (null with from/to),
 *    from, to, items: [...], ...}
 * and, by kind (default trial_balance):
 *   trial_balance (科目余额表): items [{account_code, account_name, section (asset,
 *     liability, net_assets, income, expense), opening_debit_fen, opening_credit_fen,
 *     debit_fen, credit_fen, closing_debit_fen, closing_credit_fen}] (balances on the side
 *     they fall), totals {the same six}, balanced (each pair equal);
 *   balance_sheet (资产负债表, at `to`): items [{section, account_code, account_name,
 *     amount_fen}] (assets debit balances; liabilities and net assets credit balances; the
 *     surplus to date, income less expense, as a net_assets line with account_code null),
 *     assets_fen, liabilities_fen, net_assets_fen, surplus_fen,
 *     liabilities_and_net_assets_fen, balanced (assets = liabilities + net assets);
 *   income (收入支出表): items [{section (income, expense), account_code, account_name,
 *     amount_fen}] (the period's movement), income_fen, expense_fen, surplus_fen. */
enum MHD_Result fin_h_statement(struct req *r)
{
	struct app_error err;
	const struct statement_kind *kind;
	json_t *out, *rows;
	if (make_statement(r, &kind, &out, &rows, &err) != 0)
		return reply_error(r, &err);
	json_decref(rows);
	return reply_json(r, MHD_HTTP_OK, out);
}

/* GET /api/v1/institutions/{id}/statements.xlsx, the same parameters: the statement as a
 * sheet, with the totals as rows. */
enum MHD_Result fin_h_statement_export(struct req *r)
{
	struct app_error err;
	const struct statement_kind *kind;
	json_t *out, *rows;
	if (make_statement(r, &kind, &out, &rows, &err) != 0)
		return reply_error(r, &err);
	char title[256], dates[32];
	const char *period = json_string_value(json_object_get(out, "period"));
	snprintf(dates, sizeof(dates), "%s至%s", json_string_value(json_object_get(out, "from")),
		 json_string_value(json_object_get(out, "to")));
	snprintf(title, sizeof(title), "%s %s %s",
		 json_string_value(json_object_get(out, "institution_name")),
		 json_string_value(json_object_get(out, "title")), period ? period : dates);
	json_decref(out);
	return reply_xlsx(r, kind->row, rows, title);
}
