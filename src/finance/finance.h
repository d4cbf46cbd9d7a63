/* SPDX-License-Identifier: MIT */
/* The finance area (财务): the centre collects and pays for its clinics but keeps each
 * clinic's books apart (统收统支, 单独设账, 单独核算, SR-FIN-1). Every rule id starting with
 * SR-FIN or LB-FIN is enforced or monitored here.
 *
 * Files: account.c (the chart of accounts, declared once), journal.c (posting a voucher: the
 * one way an entry enters a book, with its gapless number and the hash chain; reversal;
 * the book's journal and ledger), close.c (month close), verify.c (recomputing the chain),
 * statement.c (trial balance, balance sheet, income and expense; roll-up per centre),
 * receipt.c (numbered receipts and cancellation), remittance.c (takings handed in,
 * expenses paid by the centre, money the centre owes a clinic and its payout), payroll.c
 * (LB-FIN-1..3), asset.c (register, transfers and disposals, SR-FIN-5), asset_check.c
 * (inventory checks),
 * audit_visit.c (SR-FIN-4), monitor.c (the area's alerts), demo.c; handlers in each
 * resource's file; SQL in the store_*.c files (store.h). */
#ifndef YTH_FINANCE_FINANCE_H
#define YTH_FINANCE_FINANCE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/entity.h"
#include "core/error.h"

struct db;
struct principal;

/* Entity declarations. */
extern const struct entity account_entity;     /* account.c */
extern const struct entity voucher_entity;     /* journal.c */
extern const struct entity posting_entity;     /* journal.c */
extern const struct entity book_close_entity;  /* close.c */
extern const struct entity receipt_entity;     /* receipt.c */
extern const struct entity remittance_entity;  /* remittance.c */
extern const struct entity expense_entity;     /* remittance.c (a request body) */
extern const struct entity due_entity;         /* remittance.c */
extern const struct entity payroll_run_entity; /* payroll.c */
extern const struct entity payslip_entity;     /* payroll.c */
extern const struct entity asset_entity;       /* asset.c */
extern const struct entity asset_request_entity; /* asset.c */
extern const struct entity asset_check_entity; /* asset_check.c */
extern const struct entity audit_visit_entity; /* audit_visit.c */
extern const struct entity audit_finding_entity; /* audit_visit.c */

/* ---- the chart of accounts (account.c) ---- */

enum fin_account_kind { FIN_ASSET, FIN_LIABILITY, FIN_NET_ASSETS, FIN_INCOME, FIN_EXPENSE };

struct fin_account {
	const char *code;  /* "1001" */
	const char *name;  /* "库存现金" */
	enum fin_account_kind kind;
	bool debit_normal; /* assets and expenses: a balance is debit minus credit */
	/* A clinic's cash may be paid out only by handing it in to the centre (坐收坐支,
	 * SR-FIN-3): set on 1001 cash. */
	bool takings;
	/* An entry debiting it needs an attached source document (SR-FIN-2): expenses. */
	bool needs_source;
};

/* Account CODE of the chart, or NULL. Borrowed (static). */
const struct fin_account *fin_account(const char *code);
/* The chart, in code order, and its size. */
extern const struct fin_account fin_chart[];
extern const size_t fin_chart_count;

/* The accounts the area's own postings use. */
#define FIN_CASH "1001"            /* 库存现金 */
#define FIN_BANK "1002"            /* 银行存款 */
#define FIN_INSURANCE_DUE "1212"   /* 应收医疗款（医保） */
#define FIN_CENTRE_HOLDS "1901"    /* 内部往来—卫生院（卫生院代管本室资金） */
#define FIN_DRUG_STOCK "1302"      /* 库存物品—药品 */
#define FIN_FIXED_ASSETS "1601"    /* 固定资产 */
#define FIN_PAYABLE "2201"         /* 应付账款 */
#define FIN_WAGES_PAYABLE "2211"   /* 应付职工薪酬 */
#define FIN_SI_PAYABLE "2212"      /* 应付社会保险费（含代扣个人部分） */
#define FIN_INC_CONSULT "4101"     /* 医疗收入—一般诊疗费 */
#define FIN_INC_DRUGS "4102"       /* 医疗收入—药品收入（零差率） */
#define FIN_INC_TCM "4103"         /* 医疗收入—中医（民族医）药治疗收入 */
#define FIN_INC_TREATMENT "4104"   /* 医疗收入—其他治疗收入 */
#define FIN_INC_PUBLIC_HEALTH "4201" /* 基本公共卫生服务补助 */
#define FIN_INC_ESSENTIAL "4202"   /* 基本药物制度补助 */
#define FIN_INC_SALARY "4203"      /* 财政基本工资补助 */
#define FIN_INC_OTHER_SUBSIDY "4204" /* 其他补助 */
#define FIN_INC_OTHER "4901"       /* 其他收入 */
#define FIN_EXP_BASE_PAY "5101"    /* 工资福利—基本工资 */
#define FIN_EXP_PERF_PAY "5102"    /* 工资福利—绩效工资 */
#define FIN_EXP_SI "5103"          /* 工资福利—社会保险费（单位） */
#define FIN_EXP_OLD_AGE "5104"     /* 对个人补助—养老生活补助 */

/* ---- posting (journal.c): the one way an entry enters a book ---- */

struct fin_line {
	const char *account_code;
	int64_t debit_fen, credit_fen; /* exactly one of them positive */
	const char *memo;              /* may be NULL */
};

/* A voucher to post. */
struct fin_voucher {
	const char *institution_id; /* whose book: a clinic or a centre */
	const char *date;           /* YYYY-MM-DD; its year numbers the voucher */
	const char *kind;           /* "general", "receipt", "remittance", "expense"... */
	const char *summary;        /* 摘要 */
	const char *source_doc;     /* attached source document reference; may be NULL */
	const char *doc_type, *doc_id; /* the document that made it; may be NULL */
	const char *reverses_id;    /* the voucher it reverses; NULL for others */
	const struct fin_line *lines;
	size_t nlines;
};

/* Post V inside the caller's transaction: its book (opened on first use), the next number
 * of the book's year (gapless), the voucher row and one posting per line, each chained to
 * the one before (SHA-256), and the book's new head. Refused (DB_ABORT with ERR): lines
 * that do not balance to the fen or a line that is not one-sided (SR-FIN-2); an unknown
 * account; an expense without a source document (SR-FIN-2); a clinic's cash paid out other
 * than by remittance (坐收坐支, SR-FIN-3); a date in a closed month. Sets ID_OUT (may be
 * NULL) and *SERIAL (may be NULL). Returns 0 or a negative db_status. */
int fin_post(struct db *db, const struct principal *who, const struct fin_voucher *v,
	     char id_out[37], long long *serial, struct app_error *err);

/* Reverse voucher ID inside the caller's transaction: a new voucher dated DATE (NULL:
 * today) with every line's sides swapped, pointing to it; a voucher is reversed at most
 * once. Sets NEW_ID. Returns 0 or a negative db_status (DB_ABORT with ERR). */
int fin_reverse(struct db *db, const struct principal *who, const char *id, const char *date,
		const char *reason, char new_id[37], struct app_error *err);

/* Voucher ID with its lines as a record of voucher_entity (new reference), or NULL with
 * ERR. */
json_t *fin_voucher_get(struct db *db, const char *id, struct app_error *err);

/* Balance (debit minus credit, fen) of ACCOUNT in INSTITUTION_ID's book over postings
 * dated up to ON (NULL: all). Returns 0 or a negative db_status. */
int fin_balance(struct db *db, const char *institution_id, const char *account,
		const char *on, int64_t *out);

/* ---- receipts (receipt.c) ---- */

/* Issue a receipt inside the caller's transaction from BODY (a record of receipt_entity,
 * validated, borrowed: clinic_id, payer, lines [{kind, description, amount_fen}], dispense
 * [{item_id, quantity}] dispensed at cost in the same transaction, insurance_fen, issued_on):
 * the clinic's next receipt number of the year and the matching voucher (cash and insurance
 * receivable debited, income by kind credited). Sets ID_OUT. Returns 0 or a negative
 * db_status (DB_ABORT with ERR). */
int fin_receipt_issue(struct db *db, const struct principal *who, const json_t *body,
		      char id_out[37], struct app_error *err);

/* ---- verification (verify.c) ---- */

struct fin_verify_result {
	long long books, postings;
	bool ok;
	char institution_id[37]; /* the first broken book */
	char institution_name[128];
	long long seq;           /* the first posting changed, removed or inserted */
	char why[256];           /* Chinese */
};

/* Recompute the chain of every book in SCOPE (or only INSTITUTION_ID's, may be NULL) and
 * check it against the heads and month closes. Returns 0 with *OUT filled (ok or the first
 * break), or -1 on a database error. PROGRESS (may be NULL) gets a line now and then. */
int fin_verify(struct db *db, const char *scope, const char *institution_id,
	       struct fin_verify_result *out, void (*progress)(long long done, void *cls),
	       void *cls);

/* ---- payroll (payroll.c) ---- */

/* Run the payroll of CENTRE_ID for MONTH (YYYY-MM) in one transaction: a pay slip for
 * every person on an active contract at one of its clinics during the month (LB-FIN-1,
 * LB-FIN-2; nothing after an exit date, LB-STF-7), vouchers in each clinic's books, the
 * funding split (LB-FIN-3). ASSESSMENTS ({person_id: pct 0..100}, borrowed, may be NULL:
 * everyone passed, 100). Sets ID_OUT. Returns 0 or -1 with ERR. */
int fin_payroll_run(struct db *db, const struct principal *who, const char *centre_id,
		    const char *month, const json_t *assessments, char id_out[37],
		    struct app_error *err);

/* ---- resolvers for SCOPE_RESOURCE routes (see struct route) ---- */
int fin_voucher_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int fin_receipt_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int fin_due_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int fin_payroll_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int fin_asset_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int fin_asset_request_resolve(struct db *db, const char *id, char *path, size_t len,
			      char owner[37]);
int fin_asset_check_resolve(struct db *db, const char *id, char *path, size_t len,
			    char owner[37]);
int fin_audit_visit_resolve(struct db *db, const char *id, char *path, size_t len,
			    char owner[37]);
int fin_audit_finding_resolve(struct db *db, const char *id, char *path, size_t len,
			      char owner[37]);

/* ---- monitors (monitor.c) ---- */

/* Every alert of the area in SCOPE (optionally only COUNTY), appended to ALERTS (records of
 * alert_entity): takings not handed in within the profile's remittance_overdue_days
 * (SR-FIN-3), money owed to a clinic unpaid (SR-FIN-3 / SR-INS-1), assets missing at a check
 * (SR-FIN-5), rectifications past their deadline (SR-FIN-4). Returns 0 or -1 with ERR. */
int fin_alerts(struct db *db, const char *scope, const char *county, json_t *alerts,
	       struct app_error *err);

/* ---- demo (demo.c) ---- */

/* A year of books for the demo clinics (receipts, remittances, subsidies, payroll, assets)
 * that balance and verify, and cases raising each of the area's alerts. */
int fin_demo_seed(struct db *db, struct app_error *err);

#endif
