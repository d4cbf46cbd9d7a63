-- SPDX-License-Identifier: MIT
-- Personnel, entry and exit (人员, 准入退出): village doctors hired by the township centre and
-- posted to a village clinic (乡聘村用). Shared by SQLite and PostgreSQL. Every table has
-- created/updated time and user; history (contracts, reviews) is appended, never rewritten.

-- A person's file, held by the centre that employs them (centre_id; its path is the scope).
-- The citizen id number is sensitive: stored sealed (libsodium, key file outside the
-- database), with a keyed hash for exact look-up (the same person cannot be entered twice)
-- and a masked form for lists. user_id links a village doctor's sign-in to their own file.
CREATE TABLE people (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
	birth_date TEXT NOT NULL,
	citizen_id_sealed TEXT NOT NULL,
	citizen_id_hash TEXT NOT NULL UNIQUE,
	citizen_id_masked TEXT NOT NULL,
	phone TEXT,
	education TEXT,
	ethnic_group TEXT,
	photo TEXT,
	centre_id TEXT NOT NULL REFERENCES institutions (id),
	path TEXT NOT NULL,
	user_id TEXT UNIQUE REFERENCES users (id),
	exited_on TEXT,
	exit_reason TEXT,
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX people_centre ON people (centre_id);
CREATE INDEX people_path ON people (path);

-- Qualifications (LB-STF-3, SR-STF-2): kind is one of physician (执业医师),
-- assistant_physician (执业助理医师), village_doctor (乡村医生), tcm_physician (中医(专长)医师),
-- secondary_medical (中等以上医学专业学历). district_training_passed matters for village_doctor.
CREATE TABLE qualifications (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES people (id),
	kind TEXT NOT NULL CHECK (kind IN ('physician', 'assistant_physician', 'village_doctor',
					   'tcm_physician', 'secondary_medical')),
	certificate_no TEXT NOT NULL,
	issuer TEXT NOT NULL,
	issued_on TEXT NOT NULL,
	valid_until TEXT,
	district_training_passed INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (kind, certificate_no)
);
CREATE INDEX qualifications_person ON qualifications (person_id);

-- Contracts (乡聘村用, LB-STF-4): employer = a centre, posted to one of its clinics; type
-- labour (编外聘用), dispatched (派驻, LB-STF-5) or rehired (返聘, SR-STF-3). A contract is
-- pending until the county bureau approves it; then active; it ends (ended_on, end_reason)
-- or is rejected. Changes are new contracts (supersedes_id), never edits of terms.
-- head_of_clinic: the age limit of LB-STF-6 is for heads of clinics; age_extension: the
-- district's approval to go past it (LB-STF-6) or to rehire (SR-STF-3).
CREATE TABLE contracts (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES people (id),
	employer_id TEXT NOT NULL REFERENCES institutions (id),
	clinic_id TEXT NOT NULL REFERENCES institutions (id),
	type TEXT NOT NULL CHECK (type IN ('labour', 'dispatched', 'rehired')),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	head_of_clinic INTEGER NOT NULL DEFAULT 0,
	age_extension INTEGER NOT NULL DEFAULT 0,
	status TEXT NOT NULL DEFAULT 'pending'
		CHECK (status IN ('pending', 'active', 'rejected', 'ended')),
	decided_by TEXT,
	decided_on TEXT,
	decision_note TEXT,
	ended_on TEXT,
	end_reason TEXT,
	supersedes_id TEXT REFERENCES contracts (id),
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX contracts_person ON contracts (person_id);
CREATE INDEX contracts_clinic ON contracts (clinic_id, status);

-- Training (LB-STF-8, SR-STF-4): job training (岗位培训), full-time further study at a
-- central centre (脱产进修) or online (网络培训), with its days and result.
CREATE TABLE trainings (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES people (id),
	title TEXT NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('job', 'further_study', 'online')),
	provider TEXT,
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	days INTEGER NOT NULL,
	result TEXT NOT NULL CHECK (result IN ('passed', 'failed', 'attended')),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX trainings_person ON trainings (person_id, starts_on);

-- Daily attendance (LB-STF-9): present (在岗), follow_up (入户随访/巡诊, schedule posted),
-- leave (请假), absent (擅自离岗: counted per calendar year, LB-STF-7).
CREATE TABLE attendance (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES people (id),
	on_date TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('present', 'follow_up', 'leave', 'absent')),
	schedule_posted INTEGER NOT NULL DEFAULT 0,
	note TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	UNIQUE (person_id, on_date)
);
-- Unauthorised absence is counted per person and year (LB-STF-7): only those rows.
CREATE INDEX attendance_absent ON attendance (on_date) WHERE status = 'absent';

-- Leave requests (LB-STF-9): approved by the centre, which must name the stand-in.
CREATE TABLE leaves (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES people (id),
	starts_on TEXT NOT NULL,
	ends_on TEXT NOT NULL,
	reason TEXT NOT NULL,
	stand_in_id TEXT REFERENCES people (id),
	status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
	decided_by TEXT,
	decided_on TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX leaves_person ON leaves (person_id, starts_on);

-- Exit reviews (LB-STF-7): raised with their trigger and evidence; when the bureau confirms,
-- the person's contract ends on effective_on and pay and subsidies stop from then.
CREATE TABLE exit_reviews (
	id TEXT PRIMARY KEY,
	person_id TEXT NOT NULL REFERENCES people (id),
	reason TEXT NOT NULL CHECK (reason IN ('age', 'assessment', 'absence', 'accident', 'penalty',
					       'licence_revoked', 'resignation', 'death',
					       'transfer', 'refusal')),
	evidence TEXT,
	status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'confirmed', 'dismissed')),
	effective_on TEXT,
	decided_by TEXT,
	decided_on TEXT,
	note TEXT,
	path TEXT NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by TEXT NOT NULL,
	updated_by TEXT NOT NULL
);
CREATE INDEX exit_reviews_person ON exit_reviews (person_id, status);
