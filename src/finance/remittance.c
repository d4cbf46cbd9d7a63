/* SPDX-License-Identifier: MIT */
/* This file contains the money between a clinic and its centre (统收统支, SR-FIN-1, SR-FIN-3):
 * takings handed in to the centre in full (remittances), the takings not yet handed in by
 * days outstanding, a clinic's expenses paid by the centre out of the clinic's money it holds
 * (never from takings: 坐收坐支 is refused), and money the centre owes a clinic (subsidies,
 * insurance settlements) with its payout, which must be in full (SR-FIN-3, SR-INS-1). Also
 * the HTTP handlers and the monitors of these. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/books.h"
#include "db/crud.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"

/* ---- remittances ---- */

static const struct ent_field remittance_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"clinic_id", "村卫生室", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"clinic_name", "村卫生室名称", ENT_TEXT, EF_READONLY},
	{"remitted_on", "上缴日期", ENT_DATE, EF_READONLY | EF_SORT | EF_FILTER},
	{"through_date", "收入截止日期", ENT_DATE, EF_IMMUTABLE},
	{"receipts", "单据张数", ENT_INT, EF_READONLY},
	{"amount_fen", "上缴金额（分）", ENT_MONEY, EF_REQUIRED | EF_IMMUTABLE, 1, 10000000000},
	{"voucher_id", "凭证", ENT_ID, EF_READONLY},
	{"note", "备注", ENT_TEXT, EF_NULLABLE | EF_IMMUTABLE, 0, 200},
	ENT_STANDARD_FIELDS,
};

const struct entity remittance_entity = {
	.name = "remittance",
	.label = "收入上缴",
	.table = "fin_remittances",
	.view = store_remittances_view,
	ENT_FIELDS(remittance_fields),
	.default_sort = "-remitted_on",
};

struct remit_txn {
	const struct principal *who;
	const char *clinic_id, *through, *note;
	int64_t counted;
	const char *on; /* the day handed in; NULL: today */
	char id[37];
	struct app_error *err;
};

static int remit_body(struct db *db, void *cls)
{
	struct remit_txn *t = cls;
	const char *clinic_id = t->clinic_id;
	int64_t counted = t->counted;
	struct store_place place;
	struct store_book book;
	char today[11], now[21], voucher_id[37], summary[256];
	if (t->on)
		snprintf(today, sizeof(today), "%s", t->on);
	else
		org_today(today);
	const char *through = t->through ? t->through : today;
	int rc = fin_clinic_book_lock(db, t->who, clinic_id, &place, &book, t->err);
	if (rc < 0)
		return rc;
	long long count = 0;
	int64_t due = 0;
	rc = store_takings_sum(db, clinic_id, through, &count, &due);
	if (rc < 0)
		return rc;
	if (due == 0) {
		err_set(t->err, ERR_CONFLICT, "through_date", NULL,
			"%s截至 %s 没有待上缴的现金收入", place.name, through);
		return DB_ABORT;
	}
	if (counted != due) {
		err_set(t->err, ERR_RULE, "amount_fen", "SR-FIN-3",
			"上缴金额须等于截至 %s 未上缴的现金收入：应缴 %lld.%02lld 元（%lld 张单据），"
			"实缴 %lld.%02lld 元（SR-FIN-3：收入全额上缴，不得坐收坐支）",
			through, (long long)due / 100, (long long)due % 100, count,
			(long long)counted / 100, (long long)counted % 100);
		return DB_ABORT;
	}
	db_new_id(t->id);
	snprintf(summary, sizeof(summary), "上缴 %s 截至 %s 的收入（%lld 张单据）", place.name, through,
		 count);
	struct fin_line lines[] = {
		{.account_code = FIN_CENTRE_HOLDS, .debit_fen = due, .memo = "交卫生院统一管理"},
		{.account_code = FIN_CASH, .credit_fen = due},
	};
	struct fin_voucher v = {.institution_id = clinic_id, .date = today, .kind = "remittance",
				.summary = summary, .doc_type = "remittance", .doc_id = t->id,
				.lines = lines, .nlines = 2};
	rc = fin_post(db, t->who, &v, voucher_id, NULL, t->err);
	if (rc < 0)
		return rc;
	db_now(now);
	const char *by = org_by(t->who);
	struct store_remittance row = {
		.id = t->id, .clinic_id = clinic_id, .remitted_on = today, .through = through,
		.receipts = count, .amount_fen = due, .voucher_id = voucher_id,
		.note = t->note, .path = place.path,
		.now = now, .by = by,
	};
	rc = store_remittance_insert(db, &row);
	if (rc >= 0)
		rc = store_takings_mark(db, clinic_id, through, t->id, now, by);
	if (rc >= 0 && rc != count)
		rc = DB_HARD; /* the book is locked: nobody issued a receipt meanwhile */
	if (rc >= 0) {
		json_t *after = json_pack("{s:s, s:I, s:I}", "clinic_id", clinic_id, "amount_fen",
					  (json_int_t)due, "receipts", (json_int_t)count);
		rc = audit_append(db, t->who, "create", "remittance", t->id, NULL, after);
		json_decref(after);
	}
	return rc < 0 ? rc : 0;
}

int fin_remit(struct db *db, const struct principal *who, const char *clinic_id,
	      const char *through, int64_t amount, const char *on, struct app_error *err)
{
	struct remit_txn t = {.who = who, .clinic_id = clinic_id, .through = through,
			      .counted = amount, .on = on, .err = err};
	return remit_body(db, &t);
}

enum MHD_Result fin_h_remittance_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&remittance_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct remit_txn t = {
		.who = &r->who,
		.clinic_id = json_string_value(json_object_get(r->json, "clinic_id")),
		.through = json_string_value(json_object_get(r->json, "through_date")),
		.note = json_string_value(json_object_get(r->json, "note")),
		.counted = json_integer_value(json_object_get(r->json, "amount_fen")),
		.err = &err,
	};
	int rc = db_run_transaction(r->db, "remittance", remit_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = crud_get_view(r->db, &remittance_entity, t.id, NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_remittances_list(struct req *r)
{
	return reply_scoped_list(r, &remittance_entity);
}

/* The profile's days within which takings must be handed in (SR-FIN-3) for a clinic of
 * COUNTY. */
static long overdue_days(const char *county, const char *today)
{
	return (long)org_profile_param(org_profile_for(county, today), "remittance_overdue_days", 7);
}

enum MHD_Result fin_h_takings(struct req *r)
{
	static const struct {
		long from, to;
		const char *label;
	} ages[] = {{0, 3, "0–3 天"}, {4, 7, "4–7 天"}, {8, 15, "8–15 天"}, {16, 30, "16–30 天"},
		    {31, 100000, "30 天以上"}};
	struct store_place place;
	struct db_res *res = NULL;
	char today[11];
	org_today(today);
	int rc = store_place(r->db, req_param(r, "id"), &place);
	if (rc == DB_NONE)
		return reply_err(r, ERR_NOT_FOUND, NULL, NULL, "机构 %s 不存在", req_param(r, "id"));
	if (rc > 0)
		rc = store_takings_by_day(r->db, req_param(r, "id"), today, &res);
	if (rc < 0)
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	long limit = overdue_days(place.county_code, today);
	long long counts[5] = {0}, receipts = 0;
	int64_t sums[5] = {0}, total = 0, overdue = 0;
	for (size_t i = 0; i < db_res_rows(res); i++) {
		long age = books_days_between(db_res_text(res, i, 0), today);
		for (size_t k = 0; k < 5; k++)
			if (age >= ages[k].from && age <= ages[k].to) {
				counts[k] += db_res_int(res, i, 1);
				sums[k] += db_res_int(res, i, 2);
			}
		receipts += db_res_int(res, i, 1);
		total += db_res_int(res, i, 2);
		if (age > limit)
			overdue += db_res_int(res, i, 2);
	}
	json_t *buckets = json_array();
	for (size_t k = 0; k < 5; k++)
		json_array_append_new(buckets, json_pack("{s:s, s:I, s:I}", "label", ages[k].label,
							 "receipts", (json_int_t)counts[k],
							 "amount_fen", (json_int_t)sums[k]));
	json_t *out = json_pack(
		"{s:s, s:s, s:I, s:I, s:s?, s:I, s:I, s:s, s:o}", "institution_id",
		req_param(r, "id"), "institution_name", place.name, "receipts", (json_int_t)receipts,
		"outstanding_fen", (json_int_t)total, "oldest_issued_on",
		db_res_rows(res) ? db_res_text(res, 0, 0) : NULL, "overdue_days", (json_int_t)limit,
		"overdue_fen", (json_int_t)overdue, "rule", "SR-FIN-3", "buckets", buckets);
	db_res_free(res);
	return reply_json(r, MHD_HTTP_OK, out);
}

/* ---- expenses paid by the centre ---- */

static const struct ent_enum paid_from[] = {
	{"centre", "卫生院代付"}, {"takings", "村卫生室收入现金"}, {NULL, NULL},
};

static const struct ent_field expense_fields[] = {
	{"clinic_id", "村卫生室", ENT_ID, EF_REQUIRED},
	{"account_code", "费用科目", ENT_TEXT, EF_REQUIRED, 4, 4},
	{"amount_fen", "金额（分）", ENT_MONEY, EF_REQUIRED, 1, 10000000000},
	{"paid_on", "支付日期", ENT_DATE, EF_REQUIRED},
	{"payee", "收款方", ENT_TEXT, EF_REQUIRED, 1, 100},
	{"summary", "摘要", ENT_TEXT, EF_REQUIRED, 1, 200},
	{"source_doc", "原始凭证（发票号等）", ENT_TEXT, EF_NULLABLE, 1, 200},
	{"paid_from", "资金来源", ENT_ENUM, 0, .enums = paid_from},
};

const struct entity expense_entity = {
	.name = "expense",
	.label = "代付支出",
	.table = NULL,
	ENT_FIELDS(expense_fields),
};

struct expense_txn {
	const struct principal *who;
	const json_t *body;
	char voucher_id[37];
	struct app_error *err;
};

static int expense_body(struct db *db, void *cls)
{
	struct expense_txn *t = cls;
	const json_t *b = t->body;
	const char *code = json_string_value(json_object_get(b, "account_code"));
	const struct fin_account *a = fin_account(code);
	char summary[400];
	const char *from = json_string_value(json_object_get(b, "paid_from"));
	if (from && strcmp(from, "takings") == 0) {
		err_set(t->err, ERR_RULE, "paid_from", "SR-FIN-3",
			"村卫生室不得用收取的现金直接支付费用（坐收坐支，SR-FIN-3）：收入须全额上"
			"缴，支出由卫生院代付");
		return DB_ABORT;
	}
	if (!a || (a->kind != FIN_EXPENSE && a->kind != FIN_ASSET) || a->takings ||
	    strcmp(a->code, FIN_CENTRE_HOLDS) == 0) {
		err_set(t->err, ERR_INVALID, "account_code", NULL,
			"科目 %s 不是费用或资产科目（account_code），见 GET /api/v1/accounts",
			code ? code : "");
		return DB_ABORT;
	}
	int64_t amount = json_integer_value(json_object_get(b, "amount_fen"));
	snprintf(summary, sizeof(summary), "%s（卫生院代付，收款方：%s）",
		 json_string_value(json_object_get(b, "summary")),
		 json_string_value(json_object_get(b, "payee")));
	struct fin_line lines[] = {
		{.account_code = a->code, .debit_fen = amount},
		{.account_code = FIN_CENTRE_HOLDS, .credit_fen = amount, .memo = "卫生院代付"},
	};
	struct fin_voucher v = {
		.institution_id = json_string_value(json_object_get(b, "clinic_id")),
		.date = json_string_value(json_object_get(b, "paid_on")), .kind = "expense",
		.summary = summary, .source_doc = json_string_value(json_object_get(b, "source_doc")),
		.doc_type = NULL, .lines = lines, .nlines = 2,
	};
	int rc = fin_post(db, t->who, &v, t->voucher_id, NULL, t->err);
	if (rc < 0)
		return rc;
	rc = audit_append(db, t->who, "create", "voucher", t->voucher_id, NULL, b);
	return rc < 0 ? rc : 0;
}

enum MHD_Result fin_h_expense_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&expense_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct expense_txn t = {.who = &r->who, .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "expense", expense_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = fin_voucher_get(r->db, t.voucher_id, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

/* ---- money the centre owes a clinic ---- */

static const struct ent_enum due_kinds[] = {
	{"public_health_subsidy", "基本公共卫生服务补助"},
	{"essential_drug_subsidy", "基本药物制度补助"},
	{"insurance_settlement", "医保结算款"},
	{"other_subsidy", "其他补助"},
	{NULL, NULL},
};

static const struct ent_enum due_statuses[] = {
	{"open", "待拨付"}, {"paid", "已拨付"}, {NULL, NULL},
};

static const struct ent_field due_fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"clinic_id", "村卫生室", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"clinic_name", "村卫生室名称", ENT_TEXT, EF_READONLY},
	{"kind", "款项类别", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER, .enums = due_kinds},
	{"period", "所属期间", ENT_TEXT, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER, 4, 7},
	{"amount_fen", "应拨金额（分）", ENT_MONEY, EF_REQUIRED | EF_IMMUTABLE, 1, 10000000000},
	{"due_on", "应拨日期", ENT_DATE, EF_IMMUTABLE | EF_SORT},
	{"source_doc", "依据（文件号、结算单号）", ENT_TEXT, EF_REQUIRED | EF_IMMUTABLE, 1, 200},
	{"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = due_statuses},
	{"paid_on", "拨付日期", ENT_DATE, EF_READONLY},
	{"voucher_id", "凭证", ENT_ID, EF_READONLY | EF_NOLIST},
	{"payout_voucher_id", "拨付凭证", ENT_ID, EF_READONLY | EF_NOLIST},
	ENT_STANDARD_FIELDS,
};

const struct entity due_entity = {
	.name = "due",
	.label = "应拨付款项",
	.table = "fin_dues",
	.view = store_dues_view,
	ENT_FIELDS(due_fields),
	.default_sort = "-due_on",
};

/* The rule a short payout of KIND breaks: insurance money due to village doctors may not be
 * withheld (SR-INS-1); other money of a clinic may not be withheld or diverted (SR-FIN-3). */
static const char *due_rule(const char *kind)
{
	return strcmp(kind, "insurance_settlement") == 0 ? "SR-INS-1" : "SR-FIN-3";
}

static const char *due_label(const char *kind)
{
	for (size_t i = 0; due_kinds[i].value; i++)
		if (strcmp(due_kinds[i].value, kind) == 0)
			return due_kinds[i].label;
	return kind;
}

struct due_txn {
	const struct principal *who;
	const json_t *body;
	const char *id; /* payout */
	char new_id[37];
	struct app_error *err;
};

static int due_body(struct db *db, void *cls)
{
	struct due_txn *t = cls;
	const json_t *b = t->body;
	const char *clinic_id = json_string_value(json_object_get(b, "clinic_id"));
	const char *kind = json_string_value(json_object_get(b, "kind"));
	const char *period = json_string_value(json_object_get(b, "period"));
	const char *due_on = json_string_value(json_object_get(b, "due_on"));
	struct store_place place;
	struct store_book book;
	char today[11], now[21], voucher_id[37], summary[256], from[11], to[11];
	org_today(today);
	if (!due_on)
		due_on = today;
	if (!books_period(period, from, to)) {
		err_set(t->err, ERR_INVALID, "period", NULL,
			"所属期间（period）须为年（2026）、季度（2026-Q3）或月份（2026-07）");
		return DB_ABORT;
	}
	int rc = fin_clinic_book_lock(db, t->who, clinic_id, &place, &book, t->err);
	if (rc < 0)
		return rc;
	int64_t amount = json_integer_value(json_object_get(b, "amount_fen"));
	/* The centre now holds this money for the clinic: an insurance settlement turns the
	 * clinic's receivable into it, a subsidy is the clinic's income. */
	const char *credit = strcmp(kind, "insurance_settlement") == 0 ? FIN_INSURANCE_DUE
			     : strcmp(kind, "public_health_subsidy") == 0 ? FIN_INC_PUBLIC_HEALTH
			     : strcmp(kind, "essential_drug_subsidy") == 0 ? FIN_INC_ESSENTIAL
									  : FIN_INC_OTHER_SUBSIDY;
	db_new_id(t->new_id);
	snprintf(summary, sizeof(summary), "%s %s 应拨%s", place.name, period, due_label(kind));
	struct fin_line lines[] = {
		{.account_code = FIN_CENTRE_HOLDS, .debit_fen = amount, .memo = "卫生院应拨付"},
		{.account_code = credit, .credit_fen = amount},
	};
	struct fin_voucher v = {.institution_id = clinic_id, .date = due_on, .kind = "due",
				.summary = summary,
				.source_doc = json_string_value(json_object_get(b, "source_doc")),
				.doc_type = "due", .doc_id = t->new_id, .lines = lines, .nlines = 2};
	rc = fin_post(db, t->who, &v, voucher_id, NULL, t->err);
	if (rc < 0)
		return rc;
	db_now(now);
	struct store_due row = {
		.id = t->new_id, .clinic_id = clinic_id, .kind = kind, .period = period,
		.amount_fen = amount, .due_on = due_on, .source_doc = v.source_doc,
		.voucher_id = voucher_id, .path = place.path, .now = now, .by = org_by(t->who),
	};
	rc = store_due_insert(db, &row);
	if (rc >= 0)
		rc = audit_append(db, t->who, "create", "due", t->new_id, NULL, b);
	return rc < 0 ? rc : 0;
}

int fin_due_record(struct db *db, const struct principal *who, const json_t *body,
		   char id_out[37], struct app_error *err)
{
	struct due_txn t = {.who = who, .body = body, .err = err};
	int rc = due_body(db, &t);
	if (rc >= 0)
		memcpy(id_out, t.new_id, 37);
	return rc;
}

static int payout_body(struct db *db, void *cls)
{
	struct due_txn *t = cls;
	struct db_res *row = NULL;
	char today[11], now[21], voucher_id[37], summary[256];
	const json_t *amount_json = json_object_get(t->body, "amount_fen");
	const char *paid_on = json_string_value(json_object_get(t->body, "paid_on"));
	org_today(today);
	if (!paid_on)
		paid_on = today;
	int rc = store_due_row(db, t->id, &row);
	if (rc == DB_NONE) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "应拨付款项 %s 不存在", t->id);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	const char *kind = db_res_text(row, 0, 2);
	int64_t due = db_res_int(row, 0, 4);
	int64_t amount = json_integer_value(amount_json);
	if (strcmp(db_res_text(row, 0, 5), "paid") == 0) {
		err_set(t->err, ERR_CONFLICT, NULL, NULL, "该款项已拨付");
		rc = DB_ABORT;
		goto out;
	}
	if (!json_is_integer(amount_json) || amount <= 0) {
		err_set(t->err, ERR_REQUIRED, "amount_fen", NULL, "请填写拨付金额（amount_fen，分）");
		rc = DB_ABORT;
		goto out;
	}
	if (amount < due) {
		err_set(t->err, ERR_RULE, "amount_fen", due_rule(kind),
			"%s须足额拨付：应拨 %lld.%02lld 元，本次 %lld.%02lld 元，少 %lld.%02lld 元"
			"（%s：不得截留、挪用村卫生室资金）",
			due_label(kind), (long long)due / 100, (long long)due % 100,
			(long long)amount / 100, (long long)amount % 100,
			(long long)(due - amount) / 100, (long long)(due - amount) % 100,
			due_rule(kind));
		rc = DB_ABORT;
		goto out;
	}
	if (amount > due) {
		err_set(t->err, ERR_INVALID, "amount_fen", NULL,
			"拨付金额 %lld 分超过应拨金额 %lld 分", (long long)amount, (long long)due);
		rc = DB_ABORT;
		goto out;
	}
	snprintf(summary, sizeof(summary), "拨付 %s %s", db_res_text(row, 0, 3), due_label(kind));
	struct fin_line lines[] = {
		{.account_code = FIN_BANK, .debit_fen = due},
		{.account_code = FIN_CENTRE_HOLDS, .credit_fen = due, .memo = "卫生院拨付"},
	};
	struct fin_voucher v = {.institution_id = db_res_text(row, 0, 1), .date = paid_on,
				.kind = "payout", .summary = summary, .doc_type = "due",
				.doc_id = t->id, .lines = lines, .nlines = 2};
	rc = fin_post(db, t->who, &v, voucher_id, NULL, t->err);
	if (rc < 0)
		goto out;
	db_now(now);
	rc = store_due_paid(db, t->id, paid_on, voucher_id, now, org_by(t->who));
	if (rc == 0) {
		err_set(t->err, ERR_CONFLICT, NULL, NULL, "该款项已拨付");
		rc = DB_ABORT;
	}
	if (rc > 0) {
		json_t *after = json_pack("{s:s, s:I}", "status", "paid", "amount_fen", (json_int_t)due);
		rc = audit_append(db, t->who, "payout", "due", t->id, NULL, after);
		json_decref(after);
	}
out:
	db_res_free(row);
	return rc < 0 ? rc : 0;
}

int fin_due_pay(struct db *db, const struct principal *who, const char *id, const json_t *body,
		struct app_error *err)
{
	struct due_txn t = {.who = who, .body = body, .id = id, .err = err};
	return payout_body(db, &t);
}

int fin_due_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	struct db_res *res = NULL;
	owner[0] = '\0';
	int rc = store_due_row(db, id, &res);
	if (rc > 0)
		snprintf(path, len, "%s", db_res_text(res, 0, 6));
	db_res_free(res);
	return rc;
}

enum MHD_Result fin_h_due_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&due_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct due_txn t = {.who = &r->who, .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "due", due_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = crud_get_view(r->db, &due_entity, t.new_id, NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_due_payout(struct req *r)
{
	struct app_error err;
	struct due_txn t = {.who = &r->who, .body = r->json, .id = req_param(r, "id"), .err = &err};
	int rc = db_run_transaction(r->db, "due payout", payout_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = crud_get_view(r->db, &due_entity, t.id, NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_dues_list(struct req *r)
{
	return reply_scoped_list(r, &due_entity);
}

/* ---- monitors ---- */

/* Days after its due date within which money owed to a clinic is to be paid out. */
#define DUE_PAYOUT_DAYS 30

int fin_takings_alerts(struct db *db, const char *scope, const char *county, const char *today,
		       json_t *alerts, struct app_error *err)
{
	struct db_res *res = NULL;
	if (store_takings_watch(db, scope, &res) < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	for (size_t i = 0; i < db_res_rows(res); i++) {
		const char *c = db_res_text(res, i, 2);
		if (county && strcmp(county, c) != 0)
			continue;
		long age = books_days_between(db_res_text(res, i, 4), today);
		long limit = overdue_days(c, today);
		if (age <= limit)
			continue;
		int64_t cash = db_res_int(res, i, 6);
		org_alert_add(alerts, "SR-FIN-3", "error", "收入超期未上缴", db_res_text(res, i, 0),
			      db_res_text(res, i, 1), db_res_text(res, i, 3), c,
			      "%s有 %lld 张收费单据、%lld.%02lld 元现金未上缴卫生院，最早一张已 %ld "
			      "天（应在 %ld 天内上缴）",
			      db_res_text(res, i, 1), (long long)db_res_int(res, i, 5),
			      (long long)cash / 100, (long long)cash % 100, age, limit);
	}
	db_res_free(res);
	res = NULL;
	if (store_dues_watch(db, scope, &res) < 0)
		return err_set(err, ERR_INTERNAL, NULL, NULL, NULL);
	for (size_t i = 0; i < db_res_rows(res); i++) {
		const char *c = db_res_text(res, i, 2);
		if (county && strcmp(county, c) != 0)
			continue;
		long age = books_days_between(db_res_text(res, i, 7), today);
		if (age <= DUE_PAYOUT_DAYS)
			continue;
		const char *kind = db_res_text(res, i, 4);
		int64_t amount = db_res_int(res, i, 6);
		org_alert_add(alerts, due_rule(kind), "error", "应拨付村卫生室款项逾期未拨",
			      db_res_text(res, i, 0), db_res_text(res, i, 1), db_res_text(res, i, 3),
			      c, "%s %s的%s %lld.%02lld 元，应拨日期 %s，已逾 %ld 天未拨付",
			      db_res_text(res, i, 1), db_res_text(res, i, 5), due_label(kind),
			      (long long)amount / 100, (long long)amount % 100,
			      db_res_text(res, i, 7), age);
	}
	db_res_free(res);
	return 0;
}

int fin_takings_due(struct db *db, const char *clinic_id, const char *through,
		    long long *receipts, int64_t *cash)
{
	return store_takings_sum(db, clinic_id, through, receipts, cash);
}
