-- SPDX-License-Identifier: MIT
-- Drugs and devices (药械): the county's catalogue, the centre's purchases and lots, deliveries
-- to clinics, the immutable stock ledger, dispensing at zero mark-up, stocktakes, minimum
-- stock and adverse-event reports. Shared by SQLite and PostgreSQL. Quantities are integer
-- base units (片, 支, 袋...), money integer fen.

-- The catalogue, shared by a county (county_code): units_per_package base units make one
-- package. essential: on the national essential medicines list (基药, LB-DRG-1).
-- infusion: given by infusion (SR-DRG-6: a dispense needs a recorded indication).
CREATE TABLE items (
	id TEXT PRIMARY KEY,
	county_code TEXT NOT NULL REFERENCES divisions (code),
	kind TEXT NOT NULL CHECK (kind IN ('drug', 'consumable', 'device')),
	generic_name TEXT NOT NULL,
	brand TEXT,
	dosage_form TEXT,
	strength TEXT,
	package_unit TEXT NOT NULL,
	base_unit TEXT NOT NULL,
	units_per_package INTEGER NOT NULL CHECK (units_per_package > 0),
	manufacturer TEXT,
	approval_no TEXT NOT NULL,
	essential INTEGER NOT NULL DEFAULT 0,
	infusion INTEGER NOT NULL DEFAULT 0,
	category TEXT,
	storage TEXT,
	active INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (county_code, approval_no, strength, units_per_package)
);

-- Purchase orders of a centre (on the provincial platform: platform_order_no), and their
-- lines in base units at the expected unit price (fen per base unit).
CREATE TABLE purchase_orders (
	id TEXT PRIMARY KEY,
	centre_id TEXT NOT NULL REFERENCES institutions (id),
	supplier TEXT NOT NULL,
	platform_order_no TEXT,
	ordered_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'received', 'cancelled')),
	note TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE TABLE purchase_lines (
	id TEXT PRIMARY KEY,
	order_id TEXT NOT NULL REFERENCES purchase_orders (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	quantity BIGINT NOT NULL CHECK (quantity > 0),
	unit_price_fen BIGINT NOT NULL CHECK (unit_price_fen >= 0),
	received BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX purchase_lines_order ON purchase_lines (order_id);

-- A lot as received by a centre: its number, expiry, and purchase price per base unit,
-- which is also its sale price (零差率, SR-DRG-1). on_hold: not to be dispensed (SR-DRG-5).
CREATE TABLE lots (
	id TEXT PRIMARY KEY,
	item_id TEXT NOT NULL REFERENCES items (id),
	centre_id TEXT NOT NULL REFERENCES institutions (id),
	lot_no TEXT NOT NULL,
	expiry_date TEXT NOT NULL,
	unit_cost_fen BIGINT NOT NULL CHECK (unit_cost_fen >= 0),
	on_hold INTEGER NOT NULL DEFAULT 0,
	hold_reason TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (centre_id, item_id, lot_no, unit_cost_fen)
);
CREATE INDEX lots_item ON lots (item_id, expiry_date);

-- Stock on hand per place (the centre's store or a clinic) and lot: the sum of the place's
-- movements of that lot, kept in the same transaction as each movement and never negative.
CREATE TABLE stock (
	place_id TEXT NOT NULL REFERENCES institutions (id),
	lot_id TEXT NOT NULL REFERENCES lots (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	quantity BIGINT NOT NULL CHECK (quantity >= 0),
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (place_id, lot_id)
);
CREATE INDEX stock_item ON stock (place_id, item_id);

-- The immutable ledger (SR-DRG-3): every change of stock, with its kind, document, reason,
-- user and time. Corrections are reversing movements (reverses_id), never edits.
CREATE TABLE movements (
	id TEXT PRIMARY KEY,
	place_id TEXT NOT NULL REFERENCES institutions (id),
	lot_id TEXT NOT NULL REFERENCES lots (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	kind TEXT NOT NULL CHECK (kind IN ('receipt', 'delivery_out', 'delivery_in', 'dispense',
					   'return_out', 'return_in', 'damage', 'loss',
					   'expiry_disposal', 'stocktake', 'reversal')),
	quantity BIGINT NOT NULL CHECK (quantity <> 0),
	unit_cost_fen BIGINT NOT NULL,
	doc_type TEXT NOT NULL,
	doc_id TEXT NOT NULL,
	reason TEXT,
	reverses_id TEXT REFERENCES movements (id),
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX movements_place ON movements (place_id, id);
CREATE INDEX movements_lot ON movements (place_id, lot_id, id);
CREATE INDEX movements_doc ON movements (doc_type, doc_id);
-- A movement is reversed once at most, also under concurrent requests.
CREATE UNIQUE INDEX movements_reverses ON movements (reverses_id) WHERE reverses_id IS NOT NULL;

-- A clinic's stock request to its centre, approved (quantities may be cut), shipped as a
-- delivery, received by the clinic (SR-DRG-2: the only way stock enters a clinic).
CREATE TABLE stock_requests (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	centre_id TEXT NOT NULL REFERENCES institutions (id),
	status TEXT NOT NULL DEFAULT 'requested'
		CHECK (status IN ('requested', 'approved', 'rejected', 'shipped', 'received')),
	note TEXT,
	decided_by TEXT,
	decided_on TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE TABLE stock_request_lines (
	id TEXT PRIMARY KEY,
	request_id TEXT NOT NULL REFERENCES stock_requests (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	requested BIGINT NOT NULL CHECK (requested > 0),
	approved BIGINT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX stock_request_lines_request ON stock_request_lines (request_id);

CREATE TABLE deliveries (
	id TEXT PRIMARY KEY,
	request_id TEXT REFERENCES stock_requests (id),
	centre_id TEXT NOT NULL REFERENCES institutions (id),
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	status TEXT NOT NULL DEFAULT 'shipped' CHECK (status IN ('shipped', 'received')),
	shipped_on TEXT NOT NULL,
	received_on TEXT,
	received_by TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE TABLE delivery_lines (
	id TEXT PRIMARY KEY,
	delivery_id TEXT NOT NULL REFERENCES deliveries (id),
	lot_id TEXT NOT NULL REFERENCES lots (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	shipped BIGINT NOT NULL CHECK (shipped > 0),
	received BIGINT,
	discrepancy TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX delivery_lines_delivery ON delivery_lines (delivery_id);

-- Dispensing at a clinic (SR-DRG-1 price = the lot's cost; SR-DRG-4 no expired lot;
-- SR-DRG-6 an infusion needs its indication). patient_ref: no name needed.
CREATE TABLE dispenses (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	dispensed_on TEXT NOT NULL,
	patient_ref TEXT,
	total_fen BIGINT NOT NULL,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE TABLE dispense_lines (
	id TEXT PRIMARY KEY,
	dispense_id TEXT NOT NULL REFERENCES dispenses (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	lot_id TEXT NOT NULL REFERENCES lots (id),
	quantity BIGINT NOT NULL CHECK (quantity > 0),
	unit_price_fen BIGINT NOT NULL,
	amount_fen BIGINT NOT NULL,
	indication TEXT,
	movement_id TEXT NOT NULL REFERENCES movements (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX dispense_lines_dispense ON dispense_lines (dispense_id);

-- Stocktakes (SR-DRG-3): book quantities per lot, counted quantities, variances posted as
-- stocktake movements with a reason; the report stays.
CREATE TABLE stocktakes (
	id TEXT PRIMARY KEY,
	place_id TEXT NOT NULL REFERENCES institutions (id),
	counted_on TEXT NOT NULL,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'posted')),
	note TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE TABLE stocktake_lines (
	id TEXT PRIMARY KEY,
	stocktake_id TEXT NOT NULL REFERENCES stocktakes (id),
	lot_id TEXT NOT NULL REFERENCES lots (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	book BIGINT NOT NULL,
	counted BIGINT,
	reason TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (stocktake_id, lot_id)
);

-- Minimum stock per clinic and item (shortage alerts, SR-DRG-4).
CREATE TABLE min_stock (
	place_id TEXT NOT NULL REFERENCES institutions (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	minimum BIGINT NOT NULL CHECK (minimum >= 0),
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (place_id, item_id)
);

-- Adverse drug reaction / device event reports (SR-DRG-5).
CREATE TABLE adverse_events (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	item_id TEXT NOT NULL REFERENCES items (id),
	lot_id TEXT REFERENCES lots (id),
	patient_ref TEXT NOT NULL,
	occurred_on TEXT NOT NULL,
	reaction TEXT NOT NULL,
	seriousness TEXT NOT NULL CHECK (seriousness IN ('mild', 'moderate', 'severe', 'fatal')),
	outcome TEXT NOT NULL,
	reporter TEXT NOT NULL,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX adverse_events_lot ON adverse_events (lot_id);
