/* SPDX-License-Identifier: MIT */
/* This file contains the SQL of receipts, remittances of takings and money the centre owes a
 * clinic (receipt.c, remittance.c; declared in store.h, section "receipts, remittances,
 * dues"). */
#include <stdio.h>
#include <string.h>

#include "db/crud.h"
#include "finance/store.h"

int store_receipt_insert(struct db *db, const struct store_receipt *r)
{
	return db_exec(db,
		       "INSERT INTO fin_receipts (id, clinic_id, book_id, year, serial, issued_on, "
		       "payer, lines, total_fen, cash_fen, insurance_fen, voucher_id, dispense_id, "
		       "path, created_at, updated_at, created_by, updated_by) VALUES ($1, $2, $3, "
		       "$4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15, $16, $16)",
		       DB_PARAMS(DB_TEXT(r->id), DB_TEXT(r->clinic_id), DB_TEXT(r->book_id),
				 DB_INT(r->year), DB_INT(r->serial), DB_TEXT(r->issued_on),
				 DB_TEXT(r->payer), DB_TEXT(r->lines), DB_INT(r->total_fen),
				 DB_INT(r->cash_fen), DB_INT(r->insurance_fen), DB_TEXT(r->voucher_id),
				 DB_TEXT(r->dispense_id), DB_TEXT(r->path), DB_TEXT(r->now),
				 DB_TEXT(r->by)),
		       NULL);
}

int store_receipt_row(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT id, clinic_id, status, voucher_id, remittance_id, path, year, serial, "
		       "issued_on FROM fin_receipts WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_receipt_cancel(struct db *db, const char *id, const char *reason, const char *on,
			 const char *voucher_id, const char *now, const char *by)
{
	return db_exec(db,
		       "UPDATE fin_receipts SET status = 'cancelled', cancel_reason = $2, "
		       "cancelled_on = $3, cancel_voucher_id = $4, updated_at = $5, updated_by = $6 "
		       "WHERE id = $1 AND status = 'issued' AND remittance_id IS NULL",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(reason), DB_TEXT(on), DB_TEXT(voucher_id),
				 DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

const char store_receipts_view[] =
	"(SELECT r.id, r.clinic_id, i.name AS clinic_name, r.year, r.serial, r.issued_on, "
	"r.payer, r.lines, r.total_fen, r.cash_fen, r.insurance_fen, r.status, r.cancel_reason, "
	"r.cancelled_on, r.voucher_id, r.cancel_voucher_id, r.dispense_id, r.remittance_id, "
	"r.path, r.created_at, r.updated_at, r.created_by, r.updated_by FROM fin_receipts r JOIN "
	"institutions i ON i.id = r.clinic_id) fin_receipts_v";

/* Receipts whose cash is still with the clinic: issued, not cancelled, not handed in. */
#define OPEN_TAKINGS                                                                      \
	"clinic_id = $1 AND status = 'issued' AND remittance_id IS NULL AND cash_fen > 0 AND " \
	"issued_on <= $2"

int store_takings_sum(struct db *db, const char *clinic_id, const char *through,
		      long long *count, int64_t *cash)
{
	struct db_res *res = NULL;
	int rc = db_exec(db,
			 "SELECT COUNT(*), COALESCE(SUM(cash_fen), 0) FROM fin_receipts WHERE "
			 OPEN_TAKINGS,
			 DB_PARAMS(DB_TEXT(clinic_id), DB_TEXT(through)), &res);
	if (rc > 0) {
		*count = db_res_int(res, 0, 0);
		*cash = db_res_int(res, 0, 1);
	}
	db_res_free(res);
	return rc;
}

int store_takings_mark(struct db *db, const char *clinic_id, const char *through,
		       const char *remittance_id, const char *now, const char *by)
{
	return db_exec(db,
		       "UPDATE fin_receipts SET remittance_id = $3, updated_at = $4, updated_by = $5 "
		       "WHERE " OPEN_TAKINGS,
		       DB_PARAMS(DB_TEXT(clinic_id), DB_TEXT(through), DB_TEXT(remittance_id),
				 DB_TEXT(now), DB_TEXT(by)),
		       NULL);
}

int store_takings_by_day(struct db *db, const char *clinic_id, const char *through,
			 struct db_res **res)
{
	return db_exec(db,
		       "SELECT issued_on, COUNT(*), SUM(cash_fen) FROM fin_receipts WHERE "
		       OPEN_TAKINGS " GROUP BY issued_on ORDER BY issued_on",
		       DB_PARAMS(DB_TEXT(clinic_id), DB_TEXT(through)), res);
}

int store_remittance_insert(struct db *db, const struct store_remittance *r)
{
	return db_exec(db,
		       "INSERT INTO fin_remittances (id, clinic_id, remitted_on, through_date, "
		       "receipts, amount_fen, voucher_id, note, path, created_at, updated_at, "
		       "created_by, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
		       "$10, $11, $11)",
		       DB_PARAMS(DB_TEXT(r->id), DB_TEXT(r->clinic_id), DB_TEXT(r->remitted_on),
				 DB_TEXT(r->through), DB_INT(r->receipts), DB_INT(r->amount_fen),
				 DB_TEXT(r->voucher_id), DB_TEXT(r->note), DB_TEXT(r->path),
				 DB_TEXT(r->now), DB_TEXT(r->by)),
		       NULL);
}

const char store_remittances_view[] =
	"(SELECT m.id, m.clinic_id, i.name AS clinic_name, m.remitted_on, m.through_date, "
	"m.receipts, m.amount_fen, m.voucher_id, m.note, m.path, m.created_at, m.updated_at, "
	"m.created_by, m.updated_by FROM fin_remittances m JOIN institutions i ON i.id = "
	"m.clinic_id) fin_remittances_v";

int store_due_insert(struct db *db, const struct store_due *d)
{
	return db_exec(db,
		       "INSERT INTO fin_dues (id, clinic_id, kind, period, amount_fen, due_on, "
		       "source_doc, voucher_id, path, created_at, updated_at, created_by, "
		       "updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $11)",
		       DB_PARAMS(DB_TEXT(d->id), DB_TEXT(d->clinic_id), DB_TEXT(d->kind),
				 DB_TEXT(d->period), DB_INT(d->amount_fen), DB_TEXT(d->due_on),
				 DB_TEXT(d->source_doc), DB_TEXT(d->voucher_id), DB_TEXT(d->path),
				 DB_TEXT(d->now), DB_TEXT(d->by)),
		       NULL);
}

int store_due_row(struct db *db, const char *id, struct db_res **res)
{
	return db_exec(db,
		       "SELECT id, clinic_id, kind, period, amount_fen, status, path FROM fin_dues "
		       "WHERE id = $1",
		       DB_PARAMS(DB_TEXT(id)), res);
}

int store_due_paid(struct db *db, const char *id, const char *on, const char *voucher_id,
		   const char *now, const char *by)
{
	return db_exec(db,
		       "UPDATE fin_dues SET status = 'paid', paid_on = $2, payout_voucher_id = $3, "
		       "updated_at = $4, updated_by = $5 WHERE id = $1 AND status = 'open'",
		       DB_PARAMS(DB_TEXT(id), DB_TEXT(on), DB_TEXT(voucher_id), DB_TEXT(now),
				 DB_TEXT(by)),
		       NULL);
}

const char store_dues_view[] =
	"(SELECT d.id, d.clinic_id, i.name AS clinic_name, d.kind, d.period, d.amount_fen, "
	"d.due_on, d.source_doc, d.status, d.paid_on, d.voucher_id, d.payout_voucher_id, d.path, "
	"d.created_at, d.updated_at, d.created_by, d.updated_by FROM fin_dues d JOIN "
	"institutions i ON i.id = d.clinic_id) fin_dues_v";

int store_takings_watch(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.county_code, i.division_code, MIN(r.issued_on), "
		       "COUNT(*), SUM(r.cash_fen) FROM fin_receipts r JOIN institutions i ON i.id = "
		       "r.clinic_id WHERE r.status = 'issued' AND r.remittance_id IS NULL AND "
		       "r.cash_fen > 0 AND " DB_IN_SUBTREE("i.path") " GROUP BY i.id, i.name, "
		       "i.county_code, i.division_code ORDER BY i.division_code",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_dues_watch(struct db *db, const char *scope, struct db_res **res)
{
	return db_exec(db,
		       "SELECT i.id, i.name, i.county_code, i.division_code, d.kind, d.period, "
		       "d.amount_fen, d.due_on FROM fin_dues d JOIN institutions i ON i.id = "
		       "d.clinic_id WHERE d.status = 'open' AND " DB_IN_SUBTREE("i.path")
		       " ORDER BY d.due_on",
		       DB_PARAMS(DB_TEXT(scope)), res);
}

int store_demo_clinics(struct db *db, struct db_res **res)
{
	/* The demo village doctor's clinic first, then the other open clinics of its centre. */
	return db_exec(db,
		       "SELECT i.id, i.county_code FROM institutions i JOIN institutions mine ON "
		       "mine.id = (SELECT institution_id FROM users WHERE username = 'clinic') "
		       "WHERE i.kind = 'clinic' AND i.status = 'open' AND i.parent_id = "
		       "mine.parent_id ORDER BY CASE WHEN i.id = mine.id THEN 0 ELSE 1 END, "
		       "i.division_code LIMIT 3",
		       NULL, 0, res);
}
