/* SPDX-License-Identifier: MIT */
/* The personnel area (人员, 准入退出): village doctors' files, qualifications, contracts
 * (乡聘村用), age limits, staffing, training, attendance and leave, and exits. Every rule id
 * starting with SR-STF or LB-STF is enforced or monitored here.
 *
 * Files: person.c (people, the sealed citizen id), qualification.c, contract.c (contracts,
 * approval, age limits), exit.c (exit reviews), training.c, attendance.c (attendance and
 * leave), staffing.c (staffing per clinic, recruitment plan), monitor.c (the area's
 * alerts), import.c (bulk import), demo.c, handlers in each resource's file, SQL in the
 * store_*.c files (store.h). */
#ifndef YTH_STAFF_STAFF_H
#define YTH_STAFF_STAFF_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/entity.h"
#include "core/error.h"

struct db;
struct principal;

/* Entity declarations. */
extern const struct entity person_entity;        /* person.c */
extern const struct entity qualification_entity; /* qualification.c */
extern const struct entity contract_entity;      /* contract.c */
extern const struct entity exit_review_entity;   /* exit.c */
extern const struct entity training_entity;      /* training.c */
extern const struct entity attendance_entity;    /* attendance.c */
extern const struct entity leave_entity;         /* attendance.c */
extern const struct entity staffing_entity;      /* staffing.c: a clinic's staffing row */
extern const struct entity vacancy_entity;       /* staffing.c: a post falling vacant */
extern const struct ent_enum staff_exit_reasons[]; /* exit.c: LB-STF-7's coded reasons */
extern const struct ent_enum staff_contract_types[]; /* contract.c: labour, dispatched, rehired */

/* ---- people (person.c) ---- */

/* Insert the validated person record REC (with "citizen_id" in clear, "centre_id") inside
 * the caller's transaction: checks the citizen id (GB 11643) against birth_date and sex,
 * seals it, refuses a duplicate (ERR_CONFLICT). Sets ID_OUT. Returns 0 or a negative
 * db_status (DB_ABORT with ERR set). */
int staff_person_insert(struct db *db, const struct principal *who, const json_t *rec,
			char id_out[37], struct app_error *err);

/* Change person ID with validated CHANGES (e.g. {"user_id"}) inside the caller's
 * transaction, audited. Returns 0 or a negative db_status (DB_ABORT with ERR). */
int staff_person_change(struct db *db, const struct principal *who, const char *id,
			const json_t *changes, struct app_error *err);

/* The person ID as the API shows it: citizen_id masked unless SHOW_FULL (then the full
 * read is audited by the caller). New reference or NULL with ERR. */
json_t *staff_person_get(struct db *db, const char *id, bool show_full, struct app_error *err);

/* Institution path of person ID (the employing centre's) and the user linked to them
 * (may be ""), for scope checks. Returns DB_ONE, DB_NONE or a negative db_status. */
int staff_person_scope(struct db *db, const char *id, char *path, size_t len,
		       char user_id[37]);

/* Resolvers for SCOPE_RESOURCE routes (see struct route): the institution path a person,
 * contract, leave request or exit review belongs to, and the user it is about. */
int staff_person_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int staff_contract_resolve(struct db *db, const char *id, char *path, size_t len,
			   char owner[37]);
int staff_leave_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);
int staff_exit_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37]);

/* How many people the database holds (any centre, exited or not); negative on error. */
int staff_people_count(struct db *db);

/* True if WHO may see full citizen ids (admin, county, centre). */
bool staff_may_see_citizen_id(const struct principal *who);

/* ---- qualifications and contracts (qualification.c, contract.c) ---- */

/* Insert a validated qualification / contract record inside the caller's transaction,
 * enforcing SR-STF-2, LB-STF-3 (qualifying certificate), SR-STF-3 / LB-STF-6 (age limits)
 * for contracts. Returns 0 or a negative db_status (DB_ABORT with ERR). */
int staff_qualification_insert(struct db *db, const struct principal *who, const json_t *rec,
			       char id_out[37], struct app_error *err);
int staff_contract_insert(struct db *db, const struct principal *who, const json_t *rec,
			  char id_out[37], struct app_error *err);

/* Decide pending contract ID inside the caller's transaction: BODY is {"decision":
 * "approve"|"reject", "note"} (LB-STF-4; approving supersedes the active one). Returns 0
 * or a negative db_status (DB_ABORT with ERR). */
int staff_contract_decide(struct db *db, const struct principal *who, const char *id,
			  const json_t *body, struct app_error *err);

/* ---- exits (exit.c) ---- */

/* Raise an exit review for PERSON_ID with REASON (enum value) and EVIDENCE (borrowed,
 * may be NULL), inside the caller's transaction, unless one is already open for that
 * reason. Returns 0 or a negative db_status. */
int staff_exit_raise(struct db *db, const struct principal *who, const char *person_id,
		     const char *reason, const json_t *evidence, struct app_error *err);

/* ---- monitors (monitor.c) ---- */

/* Every alert of the personnel area in SCOPE (institution path), optionally only COUNTY:
 * appended to ALERTS (records of alert_entity, see org/monitor.c). Returns 0 or -1. */
int staff_alerts(struct db *db, const char *scope, const char *county, json_t *alerts,
		 struct app_error *err);

/* ---- bulk import (import.c) ---- */

/* Import people + qualifications + contracts for CENTRE_ID from a CSV (UTF-8 or GB18030)
 * or .xlsx file in DATA: every row checked first; if any is bad nothing is written and
 * *REPORT (new array of {line, field, message}) lists every bad row. Returns the number of
 * people written, or -1 with ERR (and *REPORT when rows were bad). */
int staff_import(struct db *db, const struct principal *who, const char *centre_id,
		 const char *data, size_t len, json_t **report, struct app_error *err);

/* ---- training and attendance (training.c, attendance.c) ---- */

/* Record a validated training BODY / the attendance of ON_DATE for PERSON_ID inside the
 * caller's transaction, with the same rules and audit as the API. Return 0 or a negative
 * db_status (DB_ABORT with ERR). */
int staff_training_insert(struct db *db, const struct principal *who, const char *person_id,
			  const json_t *body, char id_out[37], struct app_error *err);
int staff_attendance_set(struct db *db, const struct principal *who, const char *person_id,
			 const char *on_date, const json_t *body, struct app_error *err);

/* ---- demo (demo.c) ---- */

/* Realistic staff for every open clinic: people with valid citizen ids, qualifications,
 * approved contracts, five years of training and recent attendance, including people who
 * raise each of the area's alerts. The first doctor posted at LINK_CLINIC gets the sign-in
 * LINK_USER (the demo's village doctor). */
int staff_demo_seed(struct db *db, const char *link_clinic, const char *link_user,
		    struct app_error *err);

#endif
