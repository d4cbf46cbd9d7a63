-- SPDX-License-Identifier: MIT
-- Finance, pay and assets (财务): one set of books per institution (each clinic's kept by its
-- centre, 统收统支, 单独设账, 单独核算), vouchers and their postings in a hash chain per book,
-- month closes sealing the chain, numbered receipts, remittance of takings, money the centre
-- owes a clinic, payroll and pay slips, the fixed-asset register and checks, audit visits.
-- Shared by SQLite and PostgreSQL. Money is integer fen. The chart of accounts is declared
-- once, in src/finance/account.c; postings name an account by its code.

-- A set of books: head_seq / head_hash are the last posting of the chain (0 and 64 zeros
-- before the first); closed_through the last closed month (YYYY-MM), NULL if none.
CREATE TABLE fin_books (
	id TEXT PRIMARY KEY,
	institution_id TEXT NOT NULL UNIQUE REFERENCES institutions (id),
	path TEXT NOT NULL,
	head_seq BIGINT NOT NULL DEFAULT 0,
	head_hash TEXT NOT NULL,
	closed_through TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX fin_books_path ON fin_books (path);

-- Gapless numbers: the last voucher / receipt number of a book in a year. Taken by an
-- UPDATE inside the writer's transaction, so a rolled-back writer leaves no gap.
CREATE TABLE fin_counters (
	book_id TEXT NOT NULL REFERENCES fin_books (id),
	kind TEXT NOT NULL CHECK (kind IN ('voucher', 'receipt')),
	year INTEGER NOT NULL,
	last BIGINT NOT NULL,
	PRIMARY KEY (book_id, kind, year)
);

-- Vouchers (记账凭证): never updated or deleted. A mistake is corrected by a reversing
-- voucher (reverses_id), at most one per voucher. doc_type / doc_id: the document that
-- made it (receipt, remittance, due, payroll run...); source_doc: the attached source
-- document's reference (原始凭证, SR-FIN-2).
CREATE TABLE fin_vouchers (
	id TEXT PRIMARY KEY,
	book_id TEXT NOT NULL REFERENCES fin_books (id),
	institution_id TEXT NOT NULL REFERENCES institutions (id),
	year INTEGER NOT NULL,
	serial BIGINT NOT NULL,
	voucher_date TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('general', 'receipt', 'receipt_cancel', 'remittance',
					   'expense', 'due', 'payout', 'payroll', 'reversal')),
	summary TEXT NOT NULL,
	source_doc TEXT,
	doc_type TEXT,
	doc_id TEXT,
	reverses_id TEXT UNIQUE REFERENCES fin_vouchers (id),
	total_fen BIGINT NOT NULL,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (book_id, year, serial)
);
CREATE INDEX fin_vouchers_book_date ON fin_vouchers (book_id, voucher_date);
CREATE INDEX fin_vouchers_path ON fin_vouchers (path);

-- Postings (分录), the journal: seq numbers a book's postings 1, 2, 3... in the order they
-- were written; hash = SHA-256(prev_hash || the posting's content and its voucher's).
CREATE TABLE fin_postings (
	id TEXT PRIMARY KEY,
	book_id TEXT NOT NULL REFERENCES fin_books (id),
	seq BIGINT NOT NULL,
	voucher_id TEXT NOT NULL REFERENCES fin_vouchers (id),
	line_no INTEGER NOT NULL,
	account_code TEXT NOT NULL,
	debit_fen BIGINT NOT NULL CHECK (debit_fen >= 0),
	credit_fen BIGINT NOT NULL CHECK (credit_fen >= 0),
	memo TEXT,
	posted_on TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL,
	created_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	UNIQUE (book_id, seq)
);
CREATE INDEX fin_postings_account ON fin_postings (book_id, account_code, posted_on);
-- Covering for the statements (store_account_sums): a book's postings up to a date are
-- summed per account from the index alone, without visiting the table's rows.
CREATE INDEX fin_postings_date ON fin_postings (book_id, posted_on, account_code, debit_fen,
						credit_fen);
CREATE INDEX fin_postings_voucher ON fin_postings (voucher_id);

-- Month closes (月结): the chain's head when the month was closed, and the month's totals.
CREATE TABLE fin_closes (
	id TEXT PRIMARY KEY,
	book_id TEXT NOT NULL REFERENCES fin_books (id),
	month TEXT NOT NULL,
	head_seq BIGINT NOT NULL,
	head_hash TEXT NOT NULL,
	debit_fen BIGINT NOT NULL,
	credit_fen BIGINT NOT NULL,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (book_id, month)
);

-- Receipts (收费单据), numbered per clinic per year without gaps; a cancelled receipt stays.
-- lines: [{kind, description, amount_fen}]; cash_fen + insurance_fen = total_fen.
-- remittance_id: the remittance that handed its cash in (NULL: takings not yet handed in).
CREATE TABLE fin_receipts (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	book_id TEXT NOT NULL REFERENCES fin_books (id),
	year INTEGER NOT NULL,
	serial BIGINT NOT NULL,
	issued_on TEXT NOT NULL,
	payer TEXT NOT NULL,
	lines TEXT NOT NULL,
	total_fen BIGINT NOT NULL CHECK (total_fen > 0),
	cash_fen BIGINT NOT NULL CHECK (cash_fen >= 0),
	insurance_fen BIGINT NOT NULL CHECK (insurance_fen >= 0),
	status TEXT NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'cancelled')),
	cancel_reason TEXT,
	cancelled_on TEXT,
	voucher_id TEXT NOT NULL REFERENCES fin_vouchers (id),
	cancel_voucher_id TEXT REFERENCES fin_vouchers (id),
	dispense_id TEXT,
	remittance_id TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (clinic_id, year, serial)
);
CREATE INDEX fin_receipts_takings ON fin_receipts (clinic_id, remittance_id, issued_on);
CREATE INDEX fin_receipts_path ON fin_receipts (path, issued_on);

-- Remittances of takings to the centre (统收统支, SR-FIN-3): every receipt of the clinic not
-- yet handed in and issued on or before through_date, in full.
CREATE TABLE fin_remittances (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	remitted_on TEXT NOT NULL,
	through_date TEXT NOT NULL,
	receipts INTEGER NOT NULL,
	amount_fen BIGINT NOT NULL,
	voucher_id TEXT NOT NULL REFERENCES fin_vouchers (id),
	note TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX fin_remittances_clinic ON fin_remittances (clinic_id, remitted_on);

-- Money the centre owes a clinic (its subsidies, its insurance settlements): recorded when
-- due, paid out in full (SR-FIN-3, SR-INS-1).
CREATE TABLE fin_dues (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	kind TEXT NOT NULL CHECK (kind IN ('public_health_subsidy', 'essential_drug_subsidy',
					   'insurance_settlement', 'other_subsidy')),
	period TEXT NOT NULL,
	amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
	due_on TEXT NOT NULL,
	source_doc TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'paid')),
	paid_on TEXT,
	voucher_id TEXT NOT NULL REFERENCES fin_vouchers (id),
	payout_voucher_id TEXT REFERENCES fin_vouchers (id),
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX fin_dues_clinic ON fin_dues (clinic_id, status);
CREATE INDEX fin_dues_path ON fin_dues (path);

-- Payroll (LB-FIN-1..3): one run per centre per month; one pay slip per person and clinic
-- served in the month (a person moved mid-month has a slip in each clinic's books).
-- performance_period: the profile's ("month" or "quarter": performance pay comes in the
-- quarter's last month). The totals are the slips'; city_fen + district_fen = base_fen +
-- employer_si_fen, the salary subsidy and the employer's insurance share (LB-FIN-3).
CREATE TABLE fin_payroll_runs (
	id TEXT PRIMARY KEY,
	centre_id TEXT NOT NULL REFERENCES institutions (id),
	month TEXT NOT NULL,
	profile_id TEXT NOT NULL,
	performance_period TEXT NOT NULL CHECK (performance_period IN ('month', 'quarter')),
	slips INTEGER NOT NULL,
	base_fen BIGINT NOT NULL,
	performance_fen BIGINT NOT NULL,
	increment_fen BIGINT NOT NULL,
	old_age_subsidy_fen BIGINT NOT NULL,
	gross_fen BIGINT NOT NULL,
	employer_si_fen BIGINT NOT NULL,
	personal_si_fen BIGINT NOT NULL,
	net_fen BIGINT NOT NULL,
	city_fen BIGINT NOT NULL,
	district_fen BIGINT NOT NULL,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (centre_id, month)
);
CREATE INDEX fin_payroll_runs_path ON fin_payroll_runs (path, month);

-- A pay slip: days_paid of days_in_month (nothing after an exit date or the contract's end,
-- LB-STF-7); period_days weigh the share of the clinic's performance pool (the quarter's
-- days when paid quarterly); the pools are the clinic's, before the assessment percentage.
-- path: the clinic's.
CREATE TABLE fin_payslips (
	id TEXT PRIMARY KEY,
	run_id TEXT NOT NULL REFERENCES fin_payroll_runs (id),
	person_id TEXT NOT NULL REFERENCES people (id),
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	contract_id TEXT NOT NULL REFERENCES contracts (id),
	contract_type TEXT NOT NULL,
	month TEXT NOT NULL,
	days_paid INTEGER NOT NULL,
	days_in_month INTEGER NOT NULL,
	period_days INTEGER NOT NULL,
	performance_pool_fen BIGINT NOT NULL,
	increment_pool_fen BIGINT NOT NULL,
	assessment_pct INTEGER NOT NULL,
	insured INTEGER NOT NULL,
	base_fen BIGINT NOT NULL,
	performance_fen BIGINT NOT NULL,
	increment_fen BIGINT NOT NULL,
	old_age_subsidy_fen BIGINT NOT NULL,
	gross_fen BIGINT NOT NULL,
	employer_si_fen BIGINT NOT NULL,
	personal_si_fen BIGINT NOT NULL,
	net_fen BIGINT NOT NULL,
	voucher_id TEXT REFERENCES fin_vouchers (id),
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (run_id, person_id, clinic_id)
);
CREATE INDEX fin_payslips_person ON fin_payslips (person_id, month);
CREATE INDEX fin_payslips_run ON fin_payslips (run_id);
CREATE INDEX fin_payslips_path ON fin_payslips (path, month);

-- Whether a person is covered by social insurance through the township (LB-FIN-2).
ALTER TABLE people ADD COLUMN social_insured INTEGER NOT NULL DEFAULT 0;

-- Fixed assets (SR-FIN-5): owned by the centre (owner_id), kept at a clinic or the centre.
-- value_fen (原值) never changes after registration; institution_id / path / owner_id change
-- only by an approved transfer, state 'disposed' only by an approved disposal and 'missing'
-- only by a closed check.
CREATE TABLE fin_assets (
	id TEXT PRIMARY KEY,
	asset_no TEXT NOT NULL UNIQUE,
	institution_id TEXT NOT NULL REFERENCES institutions (id),
	owner_id TEXT NOT NULL REFERENCES institutions (id),
	category TEXT NOT NULL CHECK (category IN ('building', 'equipment', 'furniture',
						   'vehicle', 'other')),
	description TEXT NOT NULL,
	value_fen BIGINT NOT NULL CHECK (value_fen >= 0),
	acquired_on TEXT NOT NULL,
	funding_source TEXT NOT NULL,
	location TEXT,
	state TEXT NOT NULL DEFAULT 'in_use'
		CHECK (state IN ('in_use', 'idle', 'damaged', 'missing', 'disposed')),
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX fin_assets_place ON fin_assets (institution_id, state);
CREATE INDEX fin_assets_path ON fin_assets (path);

-- The last generated asset number of a division (asset_no "<division code>-<NNNN>"), taken
-- by an upsert inside the registering transaction, so concurrent registrations never share
-- a number.
CREATE TABLE fin_asset_counters (
	division_code TEXT PRIMARY KEY,
	last BIGINT NOT NULL
);

-- Transfers and disposals of an asset, approved by the county. from_institution_id: where
-- the asset was when asked (a transfer moves it, the request keeps its origin).
CREATE TABLE fin_asset_requests (
	id TEXT PRIMARY KEY,
	asset_id TEXT NOT NULL REFERENCES fin_assets (id),
	kind TEXT NOT NULL CHECK (kind IN ('transfer', 'disposal')),
	from_institution_id TEXT NOT NULL REFERENCES institutions (id),
	to_institution_id TEXT REFERENCES institutions (id),
	reason TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
	decided_by TEXT,
	decided_on TEXT,
	decision_note TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	CHECK ((kind = 'transfer') = (to_institution_id IS NOT NULL))
);
CREATE INDEX fin_asset_requests_asset ON fin_asset_requests (asset_id, status);
CREATE INDEX fin_asset_requests_path ON fin_asset_requests (path);
-- At most one pending request per asset, even under concurrent requests.
CREATE UNIQUE INDEX fin_asset_requests_one_pending ON fin_asset_requests (asset_id)
	WHERE status = 'pending';

-- Inventory checks (清查) of the assets at an institution, one line per asset expected.
CREATE TABLE fin_asset_checks (
	id TEXT PRIMARY KEY,
	institution_id TEXT NOT NULL REFERENCES institutions (id),
	checked_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
	note TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX fin_asset_checks_place ON fin_asset_checks (institution_id, status, checked_on);
-- At most one open check per institution, even under concurrent starts.
CREATE UNIQUE INDEX fin_asset_checks_one_open ON fin_asset_checks (institution_id)
	WHERE status = 'open';
CREATE INDEX fin_asset_checks_path ON fin_asset_checks (path);
CREATE TABLE fin_asset_check_lines (
	id TEXT PRIMARY KEY,
	check_id TEXT NOT NULL REFERENCES fin_asset_checks (id),
	asset_id TEXT NOT NULL REFERENCES fin_assets (id),
	result TEXT CHECK (result IN ('found', 'missing', 'damaged')),
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (check_id, asset_id)
);
CREATE INDEX fin_asset_check_lines_asset ON fin_asset_check_lines (asset_id);

-- Audit visits (SR-FIN-4) by the centre or the county, their findings and rectification.
CREATE TABLE fin_audit_visits (
	id TEXT PRIMARY KEY,
	institution_id TEXT NOT NULL REFERENCES institutions (id),
	visited_on TEXT NOT NULL,
	by_level TEXT NOT NULL CHECK (by_level IN ('centre', 'county')),
	regular INTEGER NOT NULL DEFAULT 1,
	scope TEXT NOT NULL,
	summary TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX fin_audit_visits_path ON fin_audit_visits (path, visited_on);
CREATE TABLE fin_audit_findings (
	id TEXT PRIMARY KEY,
	visit_id TEXT NOT NULL REFERENCES fin_audit_visits (id),
	institution_id TEXT NOT NULL REFERENCES institutions (id),
	description TEXT NOT NULL,
	rectification TEXT NOT NULL,
	deadline TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'rectified')),
	rectified_on TEXT,
	rectified_note TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX fin_audit_findings_open ON fin_audit_findings (status, deadline);
CREATE INDEX fin_audit_findings_visit ON fin_audit_findings (visit_id);
CREATE INDEX fin_audit_findings_path ON fin_audit_findings (path);
