/* SPDX-License-Identifier: MIT */
/* This file contains receipts (收费单据, SR-FIN-2: every charge has a receipt): a charge at a
 * clinic gets the clinic's next receipt number of the year (gapless) and its voucher in the
 * clinic's book, in one transaction; drugs named on it are dispensed at zero mark-up in the
 * same transaction. A cancelled receipt stays, marked with the reason, and its voucher is
 * reversed. Also the HTTP handlers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "db/crud.h"
#include "finance/finance.h"
#include "finance/finance_impl.h"
#include "finance/store.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "pharmacy/pharmacy.h"

static const struct ent_enum statuses[] = {
	{"issued", "有效"}, {"cancelled", "已作废"}, {NULL, NULL},
};

static const struct ent_field fields[] = {
	{"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
	{"clinic_id", "村卫生室", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
	{"clinic_name", "村卫生室名称", ENT_TEXT, EF_READONLY},
	{"year", "年度", ENT_INT, EF_READONLY | EF_FILTER},
	{"serial", "票号", ENT_INT, EF_READONLY | EF_SORT},
	{"issued_on", "开票日期", ENT_DATE, EF_IMMUTABLE | EF_FILTER | EF_SORT},
	{"payer", "交款人（患者）", ENT_TEXT, EF_REQUIRED | EF_IMMUTABLE, 1, 50},
	{"lines", "收费项目", ENT_JSON, EF_IMMUTABLE | EF_NOLIST},
	{"dispense", "发药明细（零差率）", ENT_JSON, EF_IMMUTABLE | EF_VIRTUAL | EF_NOLIST},
	{"insurance_fen", "医保统筹支付（分）", ENT_MONEY, EF_IMMUTABLE, 0, 100000000},
	{"cash_fen", "现金（分）", ENT_MONEY, EF_READONLY},
	{"total_fen", "合计（分）", ENT_MONEY, EF_READONLY | EF_SORT},
	{"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER, .enums = statuses},
	{"cancel_reason", "作废原因", ENT_TEXT, EF_READONLY},
	{"cancelled_on", "作废日期", ENT_DATE, EF_READONLY},
	{"voucher_id", "凭证", ENT_ID, EF_READONLY | EF_NOLIST},
	{"cancel_voucher_id", "冲销凭证", ENT_ID, EF_READONLY | EF_NOLIST},
	{"dispense_id", "发药记录", ENT_ID, EF_READONLY | EF_NOLIST},
	{"remittance_id", "上缴记录", ENT_ID, EF_READONLY | EF_FILTER | EF_NOLIST},
	ENT_STANDARD_FIELDS,
};

const struct entity receipt_entity = {
	.name = "receipt",
	.label = "收费单据",
	.table = "fin_receipts",
	.view = store_receipts_view,
	ENT_FIELDS(fields),
	.default_sort = "-serial",
};

/* Kinds of charge and the income account each is credited to. */
static const struct {
	const char *kind, *label, *account;
} charges[] = {
	{"consultation", "一般诊疗费", FIN_INC_CONSULT},
	{"drug", "药品（零差率）", FIN_INC_DRUGS},
	{"tcm", "中医（民族医）药治疗", FIN_INC_TCM},
	{"treatment", "其他治疗", FIN_INC_TREATMENT},
	{"other", "其他", FIN_INC_OTHER},
};
#define NCHARGES (sizeof(charges) / sizeof(charges[0]))

static int charge_index(const char *kind)
{
	for (size_t i = 0; kind && i < NCHARGES; i++)
		if (strcmp(charges[i].kind, kind) == 0)
			return (int)i;
	return -1;
}

/* The charge lines of BODY checked, each amount added to SUMS by kind, as a new array of
 * {kind, description, amount_fen} into *OUT. 0, or -1 with ERR naming the line. */
static int read_lines(const json_t *body, int64_t sums[NCHARGES], json_t **out,
		      struct app_error *err)
{
	const json_t *lines = json_object_get(body, "lines");
	*out = json_array();
	if (lines && !json_is_array(lines))
		return err_set(err, ERR_INVALID, "lines", NULL,
			       "收费项目（lines）须为数组：[{\"kind\", \"description\", \"amount_fen\"}]");
	size_t i;
	const json_t *l;
	json_array_foreach(lines, i, l)
	{
		const char *kind = json_string_value(json_object_get(l, "kind"));
		const json_t *amount = json_object_get(l, "amount_fen");
		const char *text = json_string_value(json_object_get(l, "description"));
		int k = charge_index(kind);
		if (k < 0)
			return err_set(err, ERR_INVALID, "lines", NULL,
				       "第 %zu 项的收费类别（kind）须为 consultation（一般诊疗费）、"
				       "drug（药品）、tcm（中医治疗）、treatment（其他治疗）或 other",
				       i + 1);
		if (!json_is_integer(amount) || json_integer_value(amount) <= 0 ||
		    json_integer_value(amount) > 100000000)
			return err_set(err, ERR_INVALID, "lines", NULL,
				       "第 %zu 项的金额（amount_fen）须为正整数（分）", i + 1);
		if (strcmp(charges[k].kind, "drug") == 0)
			return err_set(err, ERR_INVALID, "lines", "SR-DRG-1",
				       "药品请在发药明细（dispense）中列出，按进价零差率计价"
				       "（SR-DRG-1），不能手填药费");
		sums[k] += json_integer_value(amount);
		json_array_append_new(*out, json_pack("{s:s, s:s, s:I}", "kind", charges[k].kind,
						      "description",
						      text && *text ? text : charges[k].label,
						      "amount_fen", json_integer_value(amount)));
	}
	return 0;
}

struct issue_txn {
	const struct principal *who;
	const json_t *body; /* validated, borrowed */
	char id[37];
	struct app_error *err;
};

static int issue_body(struct db *db, void *cls)
{
	struct issue_txn *t = cls;
	const char *clinic_id = json_string_value(json_object_get(t->body, "clinic_id"));
	const char *payer = json_string_value(json_object_get(t->body, "payer"));
	const json_t *dispense = json_object_get(t->body, "dispense");
	struct store_place place;
	struct store_book book;
	char today[11], now[21], voucher_id[37], summary[256];
	int64_t sums[NCHARGES] = {0};
	json_t *lines = NULL, *dispensed = NULL;
	char *lines_text = NULL;
	org_today(today);
	const char *issued_on = json_string_value(json_object_get(t->body, "issued_on"));
	if (!issued_on)
		issued_on = today;
	int rc = fin_clinic_book_lock(db, t->who, clinic_id, &place, &book, t->err);
	if (rc < 0)
		return rc;
	if (read_lines(t->body, sums, &lines, t->err) != 0) {
		rc = DB_ABORT;
		goto out;
	}
	if (dispense && !json_is_null(dispense)) {
		/* Drugs leave the clinic's stock in this transaction, priced at cost. */
		rc = pharm_dispense(db, t->who, clinic_id, dispense, payer, &dispensed, t->err);
		if (rc < 0)
			goto out;
		int64_t drugs = json_integer_value(json_object_get(dispensed, "total_fen"));
		if (drugs > 0) {
			sums[charge_index("drug")] += drugs;
			json_array_append_new(lines, json_pack("{s:s, s:s, s:I}", "kind", "drug",
							       "description", "药品（零差率）",
							       "amount_fen", (json_int_t)drugs));
		}
	}
	int64_t total = 0;
	for (size_t k = 0; k < NCHARGES; k++)
		total += sums[k];
	int64_t insurance = json_integer_value(json_object_get(t->body, "insurance_fen"));
	if (total <= 0) {
		err_set(t->err, ERR_REQUIRED, "lines", "SR-FIN-2",
			"收费单据至少要有一项收费（lines 或 dispense，SR-FIN-2：收费有单据）");
		rc = DB_ABORT;
		goto out;
	}
	if (insurance > total) {
		err_set(t->err, ERR_INVALID, "insurance_fen", NULL,
			"医保统筹支付（insurance_fen）%lld 分超过合计 %lld 分", (long long)insurance,
			(long long)total);
		rc = DB_ABORT;
		goto out;
	}
	long long serial = 0;
	rc = store_counter_next(db, book.id, "receipt", atoi(issued_on), &serial);
	if (rc < 0)
		goto out;
	db_new_id(t->id);
	/* Cash and insurance receivable on the debit side, income by kind on the credit. */
	struct fin_line v_lines[NCHARGES + 2];
	size_t n = 0;
	if (total - insurance > 0)
		v_lines[n++] = (struct fin_line){.account_code = FIN_CASH, .debit_fen = total - insurance};
	if (insurance > 0)
		v_lines[n++] = (struct fin_line){.account_code = FIN_INSURANCE_DUE, .debit_fen = insurance};
	for (size_t k = 0; k < NCHARGES; k++)
		if (sums[k] > 0)
			v_lines[n++] = (struct fin_line){.account_code = charges[k].account,
							 .credit_fen = sums[k],
							 .memo = charges[k].label};
	snprintf(summary, sizeof(summary), "收费单据 %.4s-%06lld %s", issued_on, serial, payer);
	struct fin_voucher v = {.institution_id = clinic_id, .date = issued_on, .kind = "receipt",
				.summary = summary, .doc_type = "receipt", .doc_id = t->id,
				.lines = v_lines, .nlines = n};
	rc = fin_post(db, t->who, &v, voucher_id, NULL, t->err);
	if (rc < 0)
		goto out;
	lines_text = json_dumps(lines, JSON_COMPACT);
	db_now(now);
	struct store_receipt row = {
		.id = t->id, .clinic_id = clinic_id, .book_id = book.id, .year = atoi(issued_on),
		.serial = serial, .issued_on = issued_on, .payer = payer, .lines = lines_text,
		.total_fen = total, .cash_fen = total - insurance, .insurance_fen = insurance,
		.voucher_id = voucher_id,
		.dispense_id = json_string_value(json_object_get(dispensed, "id")), .path = place.path,
		.now = now, .by = org_by(t->who),
	};
	rc = lines_text ? store_receipt_insert(db, &row) : DB_HARD;
out:
	free(lines_text);
	json_decref(dispensed);
	json_decref(lines);
	return rc < 0 ? rc : 0;
}

int fin_receipt_issue(struct db *db, const struct principal *who, const json_t *body,
		      char id_out[37], struct app_error *err)
{
	struct issue_txn t = {.who = who, .body = body, .err = err};
	int rc = issue_body(db, &t);
	if (rc >= 0)
		memcpy(id_out, t.id, 37);
	return rc;
}

struct cancel_txn {
	const struct principal *who;
	const char *id, *reason;
	struct app_error *err;
};

static int cancel_body(struct db *db, void *cls)
{
	struct cancel_txn *t = cls;
	struct db_res *row = NULL;
	char today[11], now[21], reversal[37];
	int rc = store_receipt_row(db, t->id, &row);
	if (rc == DB_NONE) {
		err_set(t->err, ERR_NOT_FOUND, NULL, NULL, "收费单据 %s 不存在", t->id);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	if (strcmp(db_res_text(row, 0, 2), "cancelled") == 0) {
		err_set(t->err, ERR_CONFLICT, NULL, NULL, "该收费单据已作废");
		rc = DB_ABORT;
		goto out;
	}
	if (!db_res_null(row, 0, 4)) {
		err_set(t->err, ERR_CONFLICT, NULL, "SR-FIN-3",
			"该单据的收入已上缴卫生院，不能作废；如需退费，请由卫生院办理（SR-FIN-3）");
		rc = DB_ABORT;
		goto out;
	}
	org_today(today);
	rc = fin_reverse(db, t->who, db_res_text(row, 0, 3), NULL, t->reason, reversal, t->err);
	if (rc < 0)
		goto out;
	db_now(now);
	rc = store_receipt_cancel(db, t->id, t->reason, today, reversal, now, org_by(t->who));
	if (rc == 0)
		rc = DB_HARD; /* checked above inside this transaction */
	if (rc > 0) {
		json_t *after = json_pack("{s:s, s:s}", "status", "cancelled", "cancel_reason",
					  t->reason);
		rc = audit_append(db, t->who, "cancel", "receipt", t->id, NULL, after);
		json_decref(after);
	}
out:
	db_res_free(row);
	return rc < 0 ? rc : 0;
}

int fin_receipt_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	struct db_res *res = NULL;
	owner[0] = '\0';
	int rc = store_receipt_row(db, id, &res);
	if (rc > 0)
		snprintf(path, len, "%s", db_res_text(res, 0, 5));
	db_res_free(res);
	return rc;
}

/* ---- handlers ---- */

enum MHD_Result fin_h_receipt_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&receipt_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct issue_txn t = {.who = &r->who, .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, "receipt issue", issue_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = crud_get_view(r->db, &receipt_entity, t.id, NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_CREATED, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_receipt_get(struct req *r)
{
	struct app_error err;
	json_t *rec = crud_get_view(r->db, &receipt_entity, req_param(r, "id"), NULL, &err);
	if (!rec)
		return reply_error(r, &err);
	/* The printable page shows the voucher's lines too. */
	const char *voucher = json_string_value(json_object_get(rec, "voucher_id"));
	json_t *lines = voucher ? fin_voucher_lines(r->db, voucher) : NULL;
	if (lines)
		json_object_set_new(rec, "voucher_lines", lines);
	return reply_json(r, MHD_HTTP_OK, rec);
}

enum MHD_Result fin_h_receipt_cancel(struct req *r)
{
	struct app_error err;
	const json_t *reason = json_object_get(r->json, "reason");
	if (!json_is_string(reason) || json_string_length(reason) == 0)
		return reply_err(r, ERR_REQUIRED, "reason", "SR-FIN-2",
				 "请填写作废原因（reason）：作废的单据保留原号并注明原因");
	struct cancel_txn t = {.who = &r->who, .id = req_param(r, "id"),
			       .reason = json_string_value(reason), .err = &err};
	int rc = db_run_transaction(r->db, "receipt cancel", cancel_body, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	json_t *rec = crud_get_view(r->db, &receipt_entity, t.id, NULL, &err);
	return rec ? reply_json(r, MHD_HTTP_OK, rec) : reply_error(r, &err);
}

enum MHD_Result fin_h_receipts_list(struct req *r)
{
	return reply_scoped_list(r, &receipt_entity);
}

enum MHD_Result fin_h_receipts_export(struct req *r)
{
	return reply_scoped_xlsx(r, &receipt_entity, "收费单据");
}
