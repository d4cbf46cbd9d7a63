-- SPDX-License-Identifier: MIT
-- Institutions area (机构): administrative divisions, institutions, the villages each
-- clinic serves, and the unification checklist. Shared by SQLite and PostgreSQL.
CREATE TABLE divisions (
	code TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	level TEXT NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'village')),
	parent_code TEXT REFERENCES divisions (code),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX divisions_parent ON divisions (parent_code);

-- kind: bureau (县卫健局), centre (乡镇卫生院), community (社区卫生服务中心), clinic (村卫生室).
-- path: "/<bureau id>/<centre id>/<clinic id>/", the subtree used for scope checks.
CREATE TABLE institutions (
	id TEXT PRIMARY KEY,
	kind TEXT NOT NULL CHECK (kind IN ('bureau', 'centre', 'community', 'clinic')),
	name TEXT NOT NULL,
	division_code TEXT NOT NULL REFERENCES divisions (code),
	county_code TEXT NOT NULL REFERENCES divisions (code),
	parent_id TEXT REFERENCES institutions (id),
	path TEXT NOT NULL UNIQUE,
	status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'closed')),
	optional INTEGER NOT NULL DEFAULT 0,
	public_ownership INTEGER NOT NULL DEFAULT 1,
	licence_no TEXT,
	licence_valid_from TEXT,
	licence_valid_until TEXT,
	population BIGINT,
	person_in_charge TEXT,
	phone TEXT,
	address TEXT,
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	-- SR-ORG-3: a centre hangs under a bureau, a clinic under exactly one centre
	CHECK ((kind = 'bureau') = (parent_id IS NULL))
);
CREATE INDEX institutions_parent ON institutions (parent_id);
CREATE INDEX institutions_county ON institutions (county_code, kind);
CREATE INDEX institutions_division ON institutions (division_code);
-- One bureau per county, one centre per township (the plan relies on it).
CREATE UNIQUE INDEX institutions_one_per_division ON institutions (division_code)
	WHERE kind <> 'clinic';

-- Villages a clinic serves (SR-ORG-1: adjacent villages may share one clinic; a village
-- is served by at most one clinic).
CREATE TABLE clinic_villages (
	village_code TEXT PRIMARY KEY REFERENCES divisions (code),
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX clinic_villages_clinic ON clinic_villages (clinic_id);

-- Unification checklist (八统一 / 五统一): item keys come from the clinic's profile.
CREATE TABLE checklist (
	institution_id TEXT NOT NULL REFERENCES institutions (id),
	item TEXT NOT NULL,
	done_on TEXT NOT NULL,
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	PRIMARY KEY (institution_id, item)
);

-- What lists and pages read: an institution with its parent's name and how many
-- checklist items are done.
CREATE VIEW institution_view AS
SELECT i.*, p.name AS parent_name,
	(SELECT COUNT(*) FROM checklist c WHERE c.institution_id = i.id) AS checklist_done
FROM institutions i LEFT JOIN institutions p ON p.id = i.parent_id;
