/* SPDX-License-Identifier: MIT */
/* The authorisation matrix: every entry of routes[] × each of the eight demo users × a
 * target inside and outside the user's scope, against the expectations written below (by
 * hand, from the policy; not read from routes.c, so that a wrong route fails here), plus
 * every protected route asked anonymously. A route without an expectation fails. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "http/http.h"

#define AD     ROLE_ADMIN
#define CO     ROLE_COUNTY
#define CE     ROLE_CENTRE
#define CL     ROLE_CLINIC
#define FI     ROLE_FINANCE
#define PH     ROLE_PHARMACY
#define IN     ROLE_INSURANCE
#define AU     ROLE_AUDITOR
#define ALL    (AD | CO | CE | CL | FI | PH | IN | AU)
#define PUBLIC 0u
#define FR     (AD | CO | CE | CL | FI | IN | AU) /* finance readers: all but the pharmacy */

/* What a request acts on, and so what "inside" and "outside" mean for it. */
enum target {
	T_NONE,      /* nothing in scope: own session, lists filtered by the handler */
	T_INST,      /* path {id} is an institution: a clinic */
	T_PARENT,    /* body "parent_id": a centre to create under */
	T_BODY_INST, /* body "institution_id": a clinic to create a user in */
	T_USER,      /* path {id} is a user: one working at a clinic */
	T_PERSON,    /* path {id} is a person (a village doctor's file), not the clinic user's */
	T_CONTRACT,  /* path {id} is a contract of that person */
	T_LEAVE,     /* path {id} is a leave request of that person */
	T_EXIT,      /* path {id} is an exit review of that person */
	T_BODY_CENTRE, /* body "centre_id": the centre a file is opened in */
	T_BODY_CLINIC, /* body "clinic_id": the clinic a request, dispense or report is for */
	T_BODY_PLACE,  /* body "place_id": the clinic a stocktake counts */
	T_ITEM,        /* path {id} is a catalogue item of the county */
	T_ORDER,       /* path {id} is a purchase order of the centre */
	T_LOT,         /* path {id} is a lot bought by the centre */
	T_REQUEST,     /* path {id} is a stock request of the clinic */
	T_DELIVERY,    /* path {id} is a delivery to the clinic */
	T_STOCKTAKE,   /* path {id} is a stocktake at the clinic */
	T_VOUCHER,     /* path {id} is a voucher in the clinic's book */
	T_RECEIPT,     /* path {id} is a receipt of the clinic */
	T_DUE,         /* path {id} is money the centre owes the clinic */
	T_PAYROLL,     /* path {id} is a payroll run of the centre */
	T_ASSET,       /* path {id} is a fixed asset at the clinic */
	T_ASSET_REQUEST, /* path {id} is a disposal request of that asset */
	T_ASSET_CHECK, /* path {id} is an inventory check at the clinic */
	T_AUDIT_VISIT, /* path {id} is an audit visit to the clinic */
	T_AUDIT_FINDING, /* path {id} is a finding of that visit */
};

struct expect {
	const char *method;
	const char *pattern;
	unsigned roles; /* who may; PUBLIC: anyone, signed in or not */
	enum target target;
	/* Body of a write, "%s" standing for the target id. Chosen so that the handler, once
	 * authorisation has let it through, refuses it (400/404/422): no side effects. */
	const char *body;
	bool ends_session; /* sign-out: run on a throwaway session */
};

static const struct expect expects[] = {
    {"GET", "/healthz", PUBLIC, T_NONE},
    {"GET", "/metrics", PUBLIC, T_NONE},
    {"GET", "/api/v1/openapi.json", PUBLIC, T_NONE},

    {"POST", "/api/v1/session", PUBLIC, T_NONE, "{}"},
    {"GET", "/api/v1/session", ALL, T_NONE},
    {"DELETE", "/api/v1/session", ALL, T_NONE, NULL, true},
    {"PUT", "/api/v1/session/password", ALL, T_NONE,
     "{\"old_password\":\"not-the-old-one\",\"password\":\"new-pass-123\"}"},

    {"GET", "/api/v1/users", AD | CO | CE | AU, T_NONE},
    {"POST", "/api/v1/users", AD | CO | CE, T_BODY_INST, "{\"institution_id\":\"%s\"}"},
    {"GET", "/api/v1/users/{id}", AD | CO | CE | AU, T_USER},
    {"PATCH", "/api/v1/users/{id}", AD | CO | CE, T_USER, "{\"no_such_field\":1}"},
    {"PUT", "/api/v1/users/{id}/password", AD | CO | CE, T_USER, "{}"},
    {"GET", "/api/v1/tokens", ALL, T_NONE},
    {"POST", "/api/v1/tokens", ALL, T_NONE, "{}"},
    {"DELETE", "/api/v1/tokens/{id}", ALL, T_NONE},

    {"GET", "/api/v1/audit", AD | AU, T_NONE},
    {"GET", "/api/v1/audit/verify", AD | AU, T_NONE},

    {"GET", "/api/v1/divisions", ALL, T_NONE},
    {"GET", "/api/v1/divisions/{code}", ALL, T_NONE},
    {"GET", "/api/v1/profiles", ALL, T_NONE},
    {"GET", "/api/v1/profiles/{id}", ALL, T_NONE},
    {"GET", "/api/v1/institutions", ALL, T_NONE},
    {"POST", "/api/v1/institutions", AD | CO, T_PARENT, "{\"parent_id\":\"%s\"}"},
    {"GET", "/api/v1/institutions/{id}", ALL, T_INST},
    {"PATCH", "/api/v1/institutions/{id}", AD | CO | CE, T_INST, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/institutions/{id}/checklist", ALL, T_INST},
    {"PUT", "/api/v1/institutions/{id}/checklist/{item}", AD | CO | CE, T_INST,
     "{\"no_such_field\":1}"},
    {"DELETE", "/api/v1/institutions/{id}/checklist/{item}", AD | CO | CE, T_INST},
    {"GET", "/api/v1/institutions/{id}/alerts", ALL, T_INST},
    {"GET", "/api/v1/tree", ALL, T_NONE},
    {"GET", "/api/v1/coverage", ALL, T_NONE},
    {"GET", "/api/v1/alerts", ALL, T_NONE},
    {"GET", "/api/v1/exports/institutions.xlsx", ALL, T_NONE},

    {"GET", "/api/v1/people", ALL, T_NONE},
    {"POST", "/api/v1/people", AD | CO | CE, T_BODY_CENTRE, "{\"centre_id\":\"%s\"}"},
    {"GET", "/api/v1/people/{id}", ALL, T_PERSON},
    {"PATCH", "/api/v1/people/{id}", AD | CO | CE, T_PERSON, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/people/{id}/qualifications", ALL, T_PERSON},
    {"POST", "/api/v1/people/{id}/qualifications", AD | CO | CE, T_PERSON, "{}"},
    {"GET", "/api/v1/people/{id}/contracts", ALL, T_PERSON},
    {"POST", "/api/v1/people/{id}/contracts", AD | CO | CE, T_PERSON, "{}"},
    {"GET", "/api/v1/contracts", AD | CO | CE | FI | AU, T_NONE},
    {"POST", "/api/v1/contracts/{id}/decision", AD | CO, T_CONTRACT, "{}"},
    {"POST", "/api/v1/contracts/{id}/end", AD | CO | CE, T_CONTRACT, "{}"},
    {"GET", "/api/v1/exit-reviews", AD | CO | CE | FI | AU, T_NONE},
    {"POST", "/api/v1/people/{id}/exit-reviews", AD | CO | CE, T_PERSON, "{}"},
    {"POST", "/api/v1/exit-reviews/{id}/decision", AD | CO, T_EXIT, "{}"},
    {"GET", "/api/v1/people/{id}/trainings", ALL, T_PERSON},
    {"POST", "/api/v1/people/{id}/trainings", AD | CO | CE, T_PERSON, "{}"},
    {"GET", "/api/v1/people/{id}/attendance", ALL, T_PERSON},
    {"PUT", "/api/v1/people/{id}/attendance/{date}", AD | CO | CE, T_PERSON, "{}"},
    {"GET", "/api/v1/people/{id}/leaves", ALL, T_PERSON},
    /* a village doctor asks leave for themself only: the target is someone else */
    {"POST", "/api/v1/people/{id}/leaves", AD | CO | CE | CL, T_PERSON, "{}"},
    {"POST", "/api/v1/leaves/{id}/decision", AD | CO | CE, T_LEAVE, "{}"},
    {"GET", "/api/v1/people/{id}/alerts", ALL, T_PERSON},
    {"GET", "/api/v1/staffing", ALL, T_NONE},
    {"GET", "/api/v1/recruitment-plan", AD | CO | CE | AU, T_NONE},
    {"POST", "/api/v1/institutions/{id}/staff-import", AD | CO | CE, T_INST},
    {"GET", "/api/v1/imports/staff/template.xlsx", ALL, T_NONE},
    {"GET", "/api/v1/exports/people.xlsx", AD | CO | CE | FI | AU, T_NONE},

    /* drugs and devices: the county keeps the catalogue, the centre's store buys and
     * ships, the village doctor requests, receives, dispenses, counts and reports */
    {"GET", "/api/v1/items", ALL, T_NONE},
    {"POST", "/api/v1/items", AD | CO, T_NONE, "{}"},
    {"PATCH", "/api/v1/items/{id}", AD | CO, T_ITEM, "{\"no_such_field\":1}"},
    {"POST", "/api/v1/imports/items", AD | CO, T_NONE},
    {"GET", "/api/v1/exports/items.xlsx", ALL, T_NONE},
    {"GET", "/api/v1/purchase-orders", AD | CO | CE | PH | FI | AU, T_NONE},
    {"POST", "/api/v1/purchase-orders", AD | CE | PH, T_BODY_CENTRE, "{\"centre_id\":\"%s\"}"},
    {"GET", "/api/v1/purchase-orders/{id}", AD | CO | CE | PH | FI | AU, T_ORDER},
    {"POST", "/api/v1/purchase-orders/{id}/receipt", AD | CE | PH, T_ORDER, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/lots/{id}", ALL, T_LOT},
    {"POST", "/api/v1/lots/{id}/hold", AD | CO | CE | PH, T_LOT, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/stock", ALL, T_NONE},
    {"GET", "/api/v1/institutions/{id}/stock", ALL, T_INST},
    {"GET", "/api/v1/institutions/{id}/movements", ALL, T_INST},
    {"POST", "/api/v1/institutions/{id}/movements", AD | CE | PH | CL, T_INST, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/dispenses", ALL, T_NONE},
    {"POST", "/api/v1/dispenses", AD | CE | PH | CL, T_BODY_CLINIC, "{\"clinic_id\":\"%s\"}"},
    {"GET", "/api/v1/stock-requests", ALL, T_NONE},
    {"POST", "/api/v1/stock-requests", AD | CE | PH | CL, T_BODY_CLINIC, "{\"clinic_id\":\"%s\"}"},
    {"GET", "/api/v1/stock-requests/{id}", ALL, T_REQUEST},
    {"POST", "/api/v1/stock-requests/{id}/decision", AD | CE | PH, T_REQUEST, "{\"no_such_field\":1}"},
    {"POST", "/api/v1/stock-requests/{id}/ship", AD | CE | PH, T_REQUEST, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/deliveries", ALL, T_NONE},
    {"GET", "/api/v1/deliveries/{id}", ALL, T_DELIVERY},
    {"POST", "/api/v1/deliveries/{id}/receipt", AD | CE | PH | CL, T_DELIVERY, "{\"no_such_field\":1}"},
    {"POST", "/api/v1/institutions/{id}/returns", AD | CE | PH | CL, T_INST, "{\"no_such_field\":1}"},
    {"POST", "/api/v1/institutions/{id}/disposals", AD | CE | PH, T_INST, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/stocktakes", ALL, T_NONE},
    {"POST", "/api/v1/stocktakes", AD | CE | PH | CL, T_BODY_PLACE, "{\"place_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/stocktakes/{id}", ALL, T_STOCKTAKE},
    {"PUT", "/api/v1/stocktakes/{id}/counts", AD | CE | PH | CL, T_STOCKTAKE, "{\"no_such_field\":1}"},
    {"POST", "/api/v1/stocktakes/{id}/post", AD | CE | PH | CL, T_STOCKTAKE, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/institutions/{id}/min-stock", ALL, T_INST},
    {"PUT", "/api/v1/institutions/{id}/min-stock/{item}", AD | CE | PH, T_INST, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/adverse-events", ALL, T_NONE},
    {"POST", "/api/v1/adverse-events", AD | CE | PH | CL, T_BODY_CLINIC, "{\"clinic_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/exports/adverse-events.xlsx", AD | CO | CE | PH | FI | IN | AU, T_NONE},
    {"GET", "/api/v1/pharmacy/dashboard", ALL, T_NONE},
    /* finance: everyone but the pharmacy reads the books; the centre's manager and
     * finance officer write them; the village doctor issues receipts and hands in takings;
     * insurance staff record settlements; the county approves asset transfers; the auditor
     * reads everything and changes nothing */
    {"GET", "/api/v1/accounts", ALL, T_NONE},
    {"GET", "/api/v1/institutions/{id}/book", FR, T_INST},
    {"GET", "/api/v1/institutions/{id}/journal", FR, T_INST},
    {"GET", "/api/v1/institutions/{id}/ledger", FR, T_INST},
    {"GET", "/api/v1/institutions/{id}/statements", FR, T_INST},
    {"GET", "/api/v1/institutions/{id}/statements.xlsx", FR, T_INST},
    {"GET", "/api/v1/institutions/{id}/closes", FR, T_INST},
    {"POST", "/api/v1/institutions/{id}/closes", AD | CE | FI, T_INST, "{\"month\":\"bad\"}"},
    {"GET", "/api/v1/institutions/{id}/books/verify", AD | CO | CE | FI | AU, T_INST},
    {"GET", "/api/v1/institutions/{id}/takings", FR, T_INST},
    {"POST", "/api/v1/vouchers", AD | CE | FI, T_BODY_CLINIC, "{\"institution_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/vouchers/{id}", FR, T_VOUCHER},
    {"PATCH", "/api/v1/vouchers/{id}", AD | CE | FI, T_VOUCHER, "{}"},
    {"DELETE", "/api/v1/vouchers/{id}", AD | CE | FI, T_VOUCHER},
    {"POST", "/api/v1/vouchers/{id}/reverse", AD | CE | FI, T_VOUCHER, "{}"},
    {"GET", "/api/v1/receipts", FR, T_NONE},
    {"POST", "/api/v1/receipts", AD | CE | FI | CL, T_BODY_CLINIC, "{\"clinic_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/receipts/{id}", FR, T_RECEIPT},
    {"POST", "/api/v1/receipts/{id}/cancel", AD | CE | FI | CL, T_RECEIPT, "{}"},
    {"GET", "/api/v1/exports/receipts.xlsx", FR, T_NONE},
    {"GET", "/api/v1/remittances", FR, T_NONE},
    {"POST", "/api/v1/remittances", AD | CE | FI | CL, T_BODY_CLINIC, "{\"clinic_id\":\"%s\",\"no_such_field\":1}"},
    {"POST", "/api/v1/expenses", AD | CE | FI, T_BODY_CLINIC, "{\"clinic_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/dues", FR, T_NONE},
    {"POST", "/api/v1/dues", AD | CE | FI | IN, T_BODY_CLINIC, "{\"clinic_id\":\"%s\",\"no_such_field\":1}"},
    {"POST", "/api/v1/dues/{id}/payout", AD | CE | FI, T_DUE, "{}"},
    {"GET", "/api/v1/payroll-runs", AD | CO | CE | FI | AU, T_NONE},
    {"POST", "/api/v1/payroll-runs", AD | CE | FI, T_BODY_CENTRE, "{\"centre_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/payroll-runs/{id}", AD | CO | CE | FI | AU, T_PAYROLL},
    {"GET", "/api/v1/payroll-runs/{id}/payslips.xlsx", AD | CO | CE | FI | AU, T_PAYROLL},
    {"GET", "/api/v1/payslips", AD | CO | CE | CL | FI | AU, T_NONE},
    {"GET", "/api/v1/assets", FR, T_NONE},
    {"POST", "/api/v1/assets", AD | CE | FI, T_BODY_CLINIC, "{\"institution_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/assets/{id}", FR, T_ASSET},
    {"PATCH", "/api/v1/assets/{id}", AD | CE | FI, T_ASSET, "{\"no_such_field\":1}"},
    {"POST", "/api/v1/assets/{id}/requests", AD | CE | FI, T_ASSET, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/asset-requests", FR, T_NONE},
    {"POST", "/api/v1/asset-requests/{id}/decision", AD | CO, T_ASSET_REQUEST, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/exports/assets.xlsx", FR, T_NONE},
    {"GET", "/api/v1/asset-checks", FR, T_NONE},
    {"POST", "/api/v1/asset-checks", AD | CE | FI, T_BODY_CLINIC, "{\"institution_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/asset-checks/{id}", FR, T_ASSET_CHECK},
    {"PUT", "/api/v1/asset-checks/{id}/results", AD | CE | FI, T_ASSET_CHECK, "{\"no_such_field\":1}"},
    {"POST", "/api/v1/asset-checks/{id}/close", AD | CE | FI, T_ASSET_CHECK, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/audit-visits", FR, T_NONE},
    {"POST", "/api/v1/audit-visits", AD | CO | CE | FI, T_BODY_CLINIC, "{\"institution_id\":\"%s\",\"no_such_field\":1}"},
    {"GET", "/api/v1/audit-visits/{id}", FR, T_AUDIT_VISIT},
    {"POST", "/api/v1/audit-visits/{id}/findings", AD | CO | CE | FI, T_AUDIT_VISIT, "{\"no_such_field\":1}"},
    {"POST", "/api/v1/audit-findings/{id}/rectified", AD | CO | CE | FI, T_AUDIT_FINDING, "{\"no_such_field\":1}"},
    {"GET", "/api/v1/audit-findings", FR, T_NONE},
};
#define NEXPECTS (sizeof(expects) / sizeof(expects[0]))

/* The demo users, one per role. */
static const struct {
	const char *username;
	unsigned role;
} users[] = {
    {"admin", AD},   {"county", CO},   {"centre", CE},    {"clinic", CL},
    {"finance", FI}, {"pharmacy", PH}, {"insurance", IN}, {"auditor", AU},
};

/* Targets, fetched as admin at setup. Inside: under the centre user's centre (沙塘镇,
 * 柳北区); outside: in 横峰县, outside every demo user's scope but the admin's. */
static struct {
	char in_clinic[37], out_clinic[37];
	char in_centre[37], out_centre[37];
	char in_user[37], out_user[37];
	char in_person[37], out_person[37];
	char in_contract[37], out_contract[37];
	char in_leave[37], out_leave[37];
	char in_exit[37], out_exit[37];
} t;

/* The drugs area's documents, made with srv_sql at setup: "<kind>-in" belongs to the centre
 * user's centre and its clinic (the clinic user's), "<kind>-out" to Hengfeng. */
#define DRUG_ID(kind, inside) ((inside) ? "acc-" kind "-in" : "acc-" kind "-out")
/* The finance area's, the same way. */
#define FIN_ID(kind, inside) DRUG_ID(kind, inside)

/* A token id that is nobody's: revoking it is 404 for whoever may try. */
#define NO_TOKEN "01900000-0000-7000-8000-0000000000aa"

static void copy_str(char *dst, const json_t *v, const char *path)
{
	const char *s = api_jstr(v, path);
	assert_non_null(s);
	snprintf(dst, 37, "%s", s);
}

/* The path of institution ID, for the rows made directly. */
static char *path_of(struct srv *s, const char *id)
{
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT path FROM institutions WHERE id = '%s'", id);
	char *path = srv_sql_value(s, sql);
	assert_non_null(path);
	return path;
}

/* One of each drugs-area document inside and outside the users' scope (see DRUG_ID). */
static void drug_documents(struct srv *s)
{
	for (int inside = 1; inside >= 0; inside--) {
		const char *centre = inside ? t.in_centre : t.out_centre;
		const char *clinic = inside ? t.in_clinic : t.out_clinic;
		char *cpath = path_of(s, centre), *kpath = path_of(s, clinic);
		const char *county = inside ? "450205" : "361125";
		const char *sfx = inside ? "in" : "out";
		const char *std = "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'test', 'test'";
		char sql[1024];
		snprintf(sql, sizeof(sql),
			 "INSERT INTO items (id, county_code, kind, generic_name, package_unit, "
			 "base_unit, units_per_package, approval_no, essential, infusion, active, "
			 "created_at, updated_at, created_by, updated_by) VALUES ('acc-item-%s', '%s', "
			 "'drug', '测试片', '盒', '片', 10, '国药准字H%s', 1, 0, 1, %s)",
			 sfx, county, county, std);
		assert_true(srv_sql(s, sql) >= 0);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO lots (id, item_id, centre_id, lot_no, expiry_date, unit_cost_fen, "
			 "on_hold, created_at, updated_at, created_by, updated_by) VALUES ('acc-lot-%s', "
			 "'acc-item-%s', '%s', 'L1', '2030-01-01', 10, 0, %s)",
			 sfx, sfx, centre, std);
		assert_true(srv_sql(s, sql) >= 0);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO purchase_orders (id, centre_id, supplier, ordered_on, status, "
			 "path, created_at, updated_at, created_by, updated_by) VALUES ('acc-order-%s', "
			 "'%s', '测试', '2026-01-01', 'open', '%s', %s)",
			 sfx, centre, cpath, std);
		assert_true(srv_sql(s, sql) >= 0);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO stock_requests (id, clinic_id, centre_id, status, path, "
			 "created_at, updated_at, created_by, updated_by) VALUES ('acc-request-%s', "
			 "'%s', '%s', 'requested', '%s', %s)",
			 sfx, clinic, centre, kpath, std);
		assert_true(srv_sql(s, sql) >= 0);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO deliveries (id, centre_id, clinic_id, status, shipped_on, path, "
			 "created_at, updated_at, created_by, updated_by) VALUES ('acc-delivery-%s', "
			 "'%s', '%s', 'shipped', '2026-01-01', '%s', %s)",
			 sfx, centre, clinic, kpath, std);
		assert_true(srv_sql(s, sql) >= 0);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO stocktakes (id, place_id, counted_on, status, path, created_at, "
			 "updated_at, created_by, updated_by) VALUES ('acc-stocktake-%s', '%s', "
			 "'2026-01-01', 'open', '%s', %s)",
			 sfx, clinic, kpath, std);
		assert_true(srv_sql(s, sql) >= 0);
		free(cpath);
		free(kpath);
	}
}

/* One of each finance-area document inside and outside the users' scope (see FIN_ID): the
 * clinic's book, a voucher, a receipt, a due, an asset with a disposal request and a check,
 * an audit visit with a finding; a payroll run of the centre. */
/* TEMPLATE with each {name} of VALUES (name, value pairs, N strings) replaced, into OUT. */
static void fill(char *out, size_t len, const char *template, const char *const *values, size_t n)
{
	size_t k = 0;
	for (const char *p = template; *p && k + 1 < len;) {
		size_t i = 0;
		while (i < n && strncmp(p, values[i], strlen(values[i])) != 0)
			i += 2;
		if (i < n) {
			k += (size_t)snprintf(out + k, len - k, "%s", values[i + 1]);
			p += strlen(values[i]);
		} else {
			out[k++] = *p++;
		}
	}
	out[k < len ? k : len - 1] = '\0';
}

static void finance_documents(struct srv *s)
{
	for (int inside = 1; inside >= 0; inside--) {
		const char *centre = inside ? t.in_centre : t.out_centre;
		const char *clinic = inside ? t.in_clinic : t.out_clinic;
		char *cpath = path_of(s, centre), *kpath = path_of(s, clinic);
		const char *x = inside ? "in" : "out";
		const char *std = "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'test', 'test'";
		char sql[1024];
		/* The demo clinic has a book already; the other gets one. */
		snprintf(sql, sizeof(sql),
			 "INSERT INTO fin_books (id, institution_id, path, head_seq, head_hash, "
			 "created_at, updated_at, created_by, updated_by) VALUES ('acc-book-%s', '%s', "
			 "'%s', 0, '0', %s) ON CONFLICT (institution_id) DO NOTHING",
			 x, clinic, kpath, std);
		assert_true(srv_sql(s, sql) >= 0);
		snprintf(sql, sizeof(sql), "SELECT id FROM fin_books WHERE institution_id = '%s'",
			 clinic);
		char *book = srv_sql_value(s, sql);
		assert_non_null(book);
		const char *rows[] = {
			"INSERT INTO fin_vouchers (id, book_id, institution_id, year, serial, "
			"voucher_date, kind, summary, total_fen, path, created_at, updated_at, "
			"created_by, updated_by) VALUES ('acc-voucher-{x}', '{book}', '{clinic}', 1999, 1, "
			"'1999-01-01', 'general', '测试', 0, '{kpath}', {std})",
			"INSERT INTO fin_receipts (id, clinic_id, book_id, year, serial, issued_on, "
			"payer, lines, total_fen, cash_fen, insurance_fen, voucher_id, path, "
			"created_at, updated_at, created_by, updated_by) VALUES ('acc-receipt-{x}', "
			"'{clinic}', '{book}', 1999, 1, '1999-01-01', '测试', '[]', 1, 1, 0, "
			"'acc-voucher-{x}', '{kpath}', {std})",
			"INSERT INTO fin_dues (id, clinic_id, kind, period, amount_fen, due_on, "
			"source_doc, voucher_id, path, created_at, updated_at, created_by, updated_by) "
			"VALUES ('acc-due-{x}', '{clinic}', 'other_subsidy', '1999', 1, '1999-01-01', "
			"'测试', 'acc-voucher-{x}', '{kpath}', {std})",
			"INSERT INTO fin_payroll_runs (id, centre_id, month, profile_id, "
			"performance_period, slips, base_fen, performance_fen, increment_fen, "
			"old_age_subsidy_fen, gross_fen, employer_si_fen, personal_si_fen, net_fen, "
			"city_fen, district_fen, path, created_at, updated_at, created_by, updated_by) "
			"VALUES ('acc-payroll-{x}', '{centre}', '1999-01', 'test', 'month', 0, 0, 0, 0, "
			"0, 0, 0, 0, 0, 0, 0, '{cpath}', {std})",
			"INSERT INTO fin_assets (id, asset_no, institution_id, owner_id, category, "
			"description, value_fen, acquired_on, funding_source, state, path, created_at, "
			"updated_at, created_by, updated_by) VALUES ('acc-asset-{x}', 'ACC-{x}', "
			"'{clinic}', '{centre}', 'equipment', '测试', 1, '1999-01-01', '财政', 'in_use', '{kpath}', "
			"{std})",
			"INSERT INTO fin_asset_requests (id, asset_id, kind, from_institution_id, reason, "
			"status, path, created_at, updated_at, created_by, updated_by) VALUES "
			"('acc-assetreq-{x}', 'acc-asset-{x}', 'disposal', '{clinic}', '测试', 'pending', "
			"'{kpath}', {std})",
			"INSERT INTO fin_asset_checks (id, institution_id, checked_on, status, path, "
			"created_at, updated_at, created_by, updated_by) VALUES ('acc-assetcheck-{x}', "
			"'{clinic}', '1999-01-01', 'open', '{kpath}', {std})",
			"INSERT INTO fin_audit_visits (id, institution_id, visited_on, by_level, "
			"regular, scope, path, created_at, updated_at, created_by, updated_by) VALUES "
			"('acc-visit-{x}', '{clinic}', '1999-01-01', 'centre', 1, '测试', '{kpath}', {std})",
			"INSERT INTO fin_audit_findings (id, visit_id, institution_id, description, "
			"rectification, deadline, status, path, created_at, updated_at, created_by, "
			"updated_by) VALUES ('acc-finding-{x}', 'acc-visit-{x}', '{clinic}', '测试', '测试', "
			"'2999-01-01', 'open', '{kpath}', {std})",
		};
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			const char *values[] = {"{std}", std, "{x}", x, "{book}", book, "{clinic}",
						clinic, "{kpath}", kpath, "{centre}", centre,
						"{cpath}", cpath};
			fill(sql, sizeof(sql), rows[i], values, sizeof(values) / sizeof(values[0]));
			if (srv_sql(s, sql) < 0)
				fail_msg("%s", sql);
		}
		free(book);
		free(cpath);
		free(kpath);
	}
}

static int setup(void **state)
{
	if (srv_setup_demo(state) != 0)
		return -1;
	struct srv *s = *state;
	struct api_client *admin = api_login(s, "admin");
	struct api_client *clinic = api_login(s, "clinic");
	struct api_client *centre = api_login(s, "centre");
	copy_str(t.in_clinic, clinic->user, "institution_id");
	copy_str(t.in_user, clinic->user, "id");
	copy_str(t.in_centre, centre->user, "institution_id");
	struct api_res *res =
	    api_get(admin, "/api/v1/institutions?county_code=361125&kind=clinic&limit=1");
	assert_status(res, 200);
	copy_str(t.out_clinic, res->json, "items.0.id");
	res = api_get(admin, "/api/v1/institutions?county_code=361125&kind=centre&limit=1");
	assert_status(res, 200);
	copy_str(t.out_centre, res->json, "items.0.id");
	res =
	    api_sendf(admin, "POST", "/api/v1/users",
	              "{\"username\":\"hf.doctor\",\"display_name\":\"横峰村医\","
	              "\"role\":\"clinic\",\"institution_id\":\"%s\",\"password\":\"Hf-doctor-1\"}",
	              t.out_clinic);
	assert_status(res, 201);
	copy_str(t.out_user, res->json, "id");
	/* People: one of the centre user's centre who is not the clinic user's own file, one
	 * of Hengfeng; a contract, a leave request and an exit review of each. */
	char path[256];
	snprintf(path, sizeof(path), "/api/v1/people?centre_id=%s&limit=50", t.in_centre);
	res = api_get(admin, path);
	assert_status(res, 200);
	size_t i;
	json_t *p;
	json_array_foreach(api_jget(res->json, "items"), i, p)
	{
		if (!json_is_string(api_jget(p, "user_id"))) {
			copy_str(t.in_person, p, "id");
			break;
		}
	}
	assert_true(t.in_person[0]);
	res = api_get(admin, "/api/v1/institutions?county_code=361125&kind=centre&limit=50");
	assert_status(res, 200);
	json_t *centres = json_deep_copy(api_jget(res->json, "items"));
	json_array_foreach(centres, i, p)
	{
		snprintf(path, sizeof(path), "/api/v1/people?centre_id=%s&limit=1",
			 api_jstr(p, "id"));
		res = api_get(admin, path);
		if (json_array_size(api_jget(res->json, "items")) > 0) {
			copy_str(t.out_person, res->json, "items.0.id");
			break;
		}
	}
	json_decref(centres);
	assert_true(t.out_person[0]);
	const char *people[2] = {t.in_person, t.out_person};
	char *contracts[2] = {t.in_contract, t.out_contract};
	char *leaves[2] = {t.in_leave, t.out_leave};
	char *exits[2] = {t.in_exit, t.out_exit};
	for (int k = 0; k < 2; k++) {
		snprintf(path, sizeof(path), "/api/v1/people/%s/contracts", people[k]);
		res = api_get(admin, path);
		assert_status(res, 200);
		copy_str(contracts[k], res->json, "items.0.id");
		snprintf(path, sizeof(path), "/api/v1/people/%s/leaves", people[k]);
		res = api_post(admin, path,
			       "{\"starts_on\":\"2030-01-02\",\"ends_on\":\"2030-01-03\",\"reason\":\"探亲\"}");
		assert_status(res, 201);
		copy_str(leaves[k], res->json, "id");
		snprintf(path, sizeof(path), "/api/v1/people/%s/exit-reviews", people[k]);
		res = api_post(admin, path, "{\"reason\":\"resignation\",\"note\":\"本人申请\"}");
		assert_status(res, 201);
		copy_str(exits[k], res->json, "id");
	}
	drug_documents(s);
	finance_documents(s);
	api_client_free(centre);
	api_client_free(clinic);
	api_client_free(admin);
	return 0;
}

static const struct expect *expectation(const struct route *r)
{
	for (size_t i = 0; i < NEXPECTS; i++)
		if (strcmp(expects[i].method, r->method) == 0 &&
		    strcmp(expects[i].pattern, r->pattern) == 0)
			return &expects[i];
	return NULL;
}

/* The id standing for target kind T, inside or not. */
static const char *target_id(enum target kind, bool inside)
{
	switch (kind) {
	case T_PARENT:
		return inside ? t.in_centre : t.out_centre;
	case T_USER:
		return inside ? t.in_user : t.out_user;
	case T_PERSON:
		return inside ? t.in_person : t.out_person;
	case T_CONTRACT:
		return inside ? t.in_contract : t.out_contract;
	case T_LEAVE:
		return inside ? t.in_leave : t.out_leave;
	case T_EXIT:
		return inside ? t.in_exit : t.out_exit;
	case T_BODY_CENTRE:
		return inside ? t.in_centre : t.out_centre;
	case T_ITEM:
		return DRUG_ID("item", inside);
	case T_ORDER:
		return DRUG_ID("order", inside);
	case T_LOT:
		return DRUG_ID("lot", inside);
	case T_REQUEST:
		return DRUG_ID("request", inside);
	case T_DELIVERY:
		return DRUG_ID("delivery", inside);
	case T_STOCKTAKE:
		return DRUG_ID("stocktake", inside);
	case T_VOUCHER:
		return FIN_ID("voucher", inside);
	case T_RECEIPT:
		return FIN_ID("receipt", inside);
	case T_DUE:
		return FIN_ID("due", inside);
	case T_PAYROLL:
		return FIN_ID("payroll", inside);
	case T_ASSET:
		return FIN_ID("asset", inside);
	case T_ASSET_REQUEST:
		return FIN_ID("assetreq", inside);
	case T_ASSET_CHECK:
		return FIN_ID("assetcheck", inside);
	case T_AUDIT_VISIT:
		return FIN_ID("visit", inside);
	case T_AUDIT_FINDING:
		return FIN_ID("finding", inside);
	case T_BODY_CLINIC:
	case T_BODY_PLACE:
	case T_INST:
	case T_BODY_INST:
	case T_NONE:
		break;
	}
	return inside ? t.in_clinic : t.out_clinic;
}

/* PATTERN with its {names} filled in, into OUT. */
static void fill_path(const struct expect *e, bool inside, char *out, size_t len)
{
	const char *p = e->pattern;
	size_t n = 0;
	while (*p && n + 1 < len) {
		if (*p != '{') {
			out[n++] = *p++;
			continue;
		}
		const char *end = strchr(p, '}');
		assert_non_null(end);
		const char *value;
		if (strncmp(p, "{id}", 4) == 0)
			value = strstr(e->pattern, "/tokens/") ? NO_TOKEN
			                                       : target_id(e->target, inside);
		else if (strncmp(p, "{code}", 6) == 0)
			value = "450205";
		else
			value = "no_such_item";
		n += (size_t)snprintf(out + n, len - n, "%s", value);
		p = end + 1;
	}
	out[n < len ? n : len - 1] = '\0';
}

/* Whether ROLE should get through E on the target inside (or outside) its scope. Inside
 * targets are in every demo user's subtree, except that the clinic user's subtree is its
 * clinic alone, which holds no centre; outside targets are in the admin's alone. */
static bool expect_allowed(const struct expect *e, unsigned role, bool inside)
{
	if (e->roles == PUBLIC)
		return true;
	if (!(e->roles & role))
		return false;
	if (e->target == T_NONE || role == AD)
		return true;
	if (!inside)
		return false;
	/* The clinic user's subtree holds no centre, and a person's file belongs to the centre:
	 * a village doctor reaches only their own file (tested in test_people). */
	if (role == CL && (e->target == T_PARENT || e->target == T_PERSON ||
			   e->target == T_CONTRACT || e->target == T_LEAVE || e->target == T_EXIT ||
			   e->target == T_BODY_CENTRE || e->target == T_ORDER || e->target == T_LOT))
		return false;
	/* The catalogue belongs to the county: only county-wide users reach an item. */
	return !(e->target == T_ITEM && role != CO && role != IN && role != AU);
}

/* Send E as C (or, for a sign-out, as a throwaway session of USERNAME). Returns the
 * status. */
static int send_one(struct srv *s, struct api_client *c, const char *username,
                    const struct expect *e, bool inside)
{
	char path[512], body[512];
	fill_path(e, inside, path, sizeof(path));
	const char *text = NULL;
	if (e->body) {
		snprintf(body, sizeof(body), e->body, target_id(e->target, inside));
		text = body;
	}
	struct api_client *throwaway = NULL;
	if (e->ends_session && username) {
		throwaway = api_login(s, username);
		c = throwaway;
	}
	struct api_res *res = api_request(c, e->method, path, NULL, text, text ? strlen(text) : 0);
	int status = res ? res->status : 0;
	if (status == 403 && res->json) {
		const char *code = api_jstr(res->json, "error.code");
		if (!code || (strcmp(code, "forbidden") != 0))
			status = -403; /* a 403 for another reason (e.g. CSRF) is a defect here */
	}
	api_client_free(throwaway);
	return status;
}

static void every_route_has_an_expectation(void **state)
{
	(void)state;
	int missing = 0;
	for (size_t i = 0; i < routes_count; i++) {
		if (!expectation(&routes[i])) {
			fprintf(stderr, "no expectation for %s %s\n", routes[i].method,
			        routes[i].pattern);
			missing++;
		}
	}
	for (size_t i = 0; i < NEXPECTS; i++) {
		bool found = false;
		for (size_t k = 0; k < routes_count && !found; k++)
			found = strcmp(routes[k].method, expects[i].method) == 0 &&
			        strcmp(routes[k].pattern, expects[i].pattern) == 0;
		if (!found) {
			fprintf(stderr, "expectation for %s %s, which is not a route\n",
			        expects[i].method, expects[i].pattern);
			missing++;
		}
	}
	assert_int_equal(missing, 0);
}

/* Every route × inside/outside for the demo user of ROLE. */
static void check_user(struct srv *s, const char *username, unsigned role)
{
	struct api_client *c = api_login(s, username);
	int wrong = 0, checked = 0;
	for (size_t i = 0; i < routes_count; i++) {
		const struct expect *e = expectation(&routes[i]);
		if (!e) {
			fprintf(stderr, "no expectation for %s %s\n", routes[i].method,
			        routes[i].pattern);
			wrong++;
			continue;
		}
		for (int inside = 1; inside >= 0; inside--) {
			if (e->target == T_NONE && !inside)
				continue; /* nothing differs */
			bool allow = expect_allowed(e, role, inside);
			int status = send_one(s, c, username, e, inside);
			bool ok =
			    allow ? status > 0 && status != 401 && status != 403 : status == 403;
			checked++;
			if (!ok) {
				fprintf(stderr, "%s %s %s (%s target): got %d, expected %s\n",
				        username, e->method, e->pattern,
				        inside ? "inside" : "outside", status,
				        allow ? "allowed" : "403 forbidden");
				wrong++;
			}
		}
	}
	api_client_free(c);
	assert_true(checked > (int)routes_count);
	assert_int_equal(wrong, 0);
}

static void admin_reaches_everything(void **state)
{
	check_user(*state, "admin", AD);
}

static void county_matrix_holds(void **state)
{
	check_user(*state, "county", CO);
}

static void centre_matrix_holds(void **state)
{
	check_user(*state, "centre", CE);
}

static void clinic_matrix_holds(void **state)
{
	check_user(*state, "clinic", CL);
}

static void finance_matrix_holds(void **state)
{
	check_user(*state, "finance", FI);
}

static void pharmacy_matrix_holds(void **state)
{
	check_user(*state, "pharmacy", PH);
}

static void insurance_matrix_holds(void **state)
{
	check_user(*state, "insurance", IN);
}

static void auditor_matrix_holds(void **state)
{
	check_user(*state, "auditor", AU);
}

static void anonymous_requests_to_protected_routes_are_401(void **state)
{
	struct srv *s = *state;
	struct api_client *anon = api_client(s);
	int wrong = 0;
	for (size_t i = 0; i < routes_count; i++) {
		const struct expect *e = expectation(&routes[i]);
		if (!e) {
			wrong++;
			continue;
		}
		int status = send_one(s, anon, NULL, e, true);
		bool ok = e->roles == PUBLIC ? status > 0 && status != 401 && status != 403
		                             : status == 401;
		if (!ok) {
			fprintf(stderr, "anonymous %s %s: got %d, expected %s\n", e->method,
			        e->pattern, status, e->roles == PUBLIC ? "allowed" : "401");
			wrong++;
		}
	}
	api_client_free(anon);
	assert_int_equal(wrong, 0);
}

/* The table itself names each of the eight users once; a user left out would leave a row
 * of the matrix unchecked. */
static void matrix_covers_the_eight_roles(void **state)
{
	(void)state;
	unsigned seen = 0;
	for (size_t i = 0; i < sizeof(users) / sizeof(users[0]); i++)
		seen |= users[i].role;
	assert_int_equal(seen, ALL);
	assert_int_equal(sizeof(users) / sizeof(users[0]), ROLE_COUNT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(every_route_has_an_expectation),
	    cmocka_unit_test(matrix_covers_the_eight_roles),
	    cmocka_unit_test(anonymous_requests_to_protected_routes_are_401),
	    cmocka_unit_test(admin_reaches_everything),
	    cmocka_unit_test(county_matrix_holds),
	    cmocka_unit_test(centre_matrix_holds),
	    cmocka_unit_test(clinic_matrix_holds),
	    cmocka_unit_test(finance_matrix_holds),
	    cmocka_unit_test(pharmacy_matrix_holds),
	    cmocka_unit_test(insurance_matrix_holds),
	    cmocka_unit_test(auditor_matrix_holds),
	};
	return cmocka_run_group_tests(tests, setup, srv_teardown);
}
