/* SPDX-License-Identifier: MIT */
/* This file contains the demo's village doctors: for every open clinic one or two people with
 * valid citizen ids, a qualification, an approved contract, five years of training and the
 * last weeks' attendance — and the people and clinics that raise each of the personnel
 * area's alerts (a clinic with nobody, a head near the age limit, a certificate about to
 * expire, absences, too little training, a short dispatched posting, a contract awaiting
 * approval), so that a newcomer sees the area at work. Everything goes through the area's
 * own functions, with their rules and audit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/citizen_id.h"
#include "core/staff_rules.h"
#include "db/db.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "staff/staff.h"
#include "staff/staff_impl.h"

/* The cast: name, sex, age in years and months today. */
static const struct {
	const char *name;
	bool female;
	int years, months;
} cast[] = {
	{"韦秀兰", true, 54, 7},  /* a Liubei head reaching 55 within the year (LB-STF-6) */
	{"覃建国", false, 59, 6}, /* 60 within the year (SR-STF-3, LB-STF-6) */
	{"黄丽萍", true, 38, 2},  {"蓝志强", false, 45, 9}, {"莫桂芳", true, 29, 4},
	{"梁海涛", false, 51, 1}, {"陆春燕", true, 33, 11}, {"潘永明", false, 47, 3},
	{"罗小红", true, 41, 8},  {"吴德华", false, 36, 0}, {"廖美玲", true, 44, 5},
	{"谢文斌", false, 28, 7}, {"周玉梅", true, 50, 2},  {"钟国平", false, 39, 10},
	{"杨春花", true, 31, 6},  {"胡志明", false, 53, 4}, {"何丽娟", true, 46, 1},
	{"邓家福", false, 42, 9}, {"徐秀英", true, 35, 3},  {"曾建华", false, 57, 8},
};
#define CAST (sizeof(cast) / sizeof(cast[0]))

/* Parts of the cast raising alerts, by position. */
enum {
	CERT_EXPIRING = 2, /* certificate expiring in 60 days */
	ABSENT = 3,        /* 22 unauthorised absences this year (LB-STF-7 alert) */
	LITTLE_TRAINING = 4, /* one short course last year (LB-STF-8) */
	PENDING = 5,       /* contract awaiting the county (LB-STF-4) */
	NO_STUDY = 6,      /* never on full-time further study (LB-STF-8) */
};

struct seed {
	const char *link_clinic, *link_user;
	char today[11];
	int next;        /* position in the cast, from 0 in each county */
	int serial;      /* people created so far */
	char county[7];  /* the county being staffed */
	struct app_error *err;
};

/* A valid citizen id for someone of COUNTY born on BIRTH, female or not, number SEQ. */
static void citizen_id(const char *county, const char *birth, bool female, int seq, char out[19])
{
	char first[40];
	/* The sequence's parity is the sex: odd for men, even for women. */
	unsigned n = ((unsigned)seq * 2u + (female ? 2u : 1u)) % 1000u;
	snprintf(first, sizeof(first), "%.6s%.4s%.2s%.2s%03u", county, birth, birth + 5, birth + 8,
		 n);
	first[17] = '\0';
	memcpy(out, first, 17);
	out[17] = citizen_id_check_char(first);
	out[18] = '\0';
}

/* DATE moved by DAYS (negative: back), into OUT; *WEEKEND set for Saturday and Sunday. */
static void move(const char *date, int days, char out[11], bool *weekend)
{
	struct tm tm = {0};
	sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon--;
	time_t t = timegm(&tm) + (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
	if (weekend)
		*weekend = tm.tm_wday == 0 || tm.tm_wday == 6;
}

static int qualify(struct db *db, const char *person, int who, int serial, const char *today,
		   struct app_error *err)
{
	char issued[11], until[11], number[32], id[37];
	rules_add_months(today, -12 * 8, issued);
	if (who == CERT_EXPIRING)
		move(today, 60, until, NULL);
	else
		rules_add_months(today, 12 * 4 + who % 12, until);
	snprintf(number, sizeof(number), "XCYS%08d", 4500 + serial * 37);
	json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "person_id", person, "kind",
				who % 3 == 1 ? "assistant_physician" : "village_doctor",
				"certificate_no", number, "issuer", "县（区）卫生健康局", "issued_on",
				issued, "valid_until", until, "district_training_passed", 1);
	int rc = staff_qualification_insert(db, NULL, rec, id, err);
	json_decref(rec);
	return rc;
}

static int add_training(struct db *db, const char *person, const char *title, const char *kind,
			const char *from, int days, struct app_error *err)
{
	char to[11], id[37];
	move(from, days - 1, to, NULL);
	json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:s}", "title", title, "kind", kind,
				"provider", "区卫生健康局", "starts_on", from, "ends_on", to, "days",
				days, "result", "passed");
	int rc = staff_training_insert(db, NULL, person, rec, id, err);
	json_decref(rec);
	return rc;
}

/* Five years of training: two job courses a year, a month's further study two years ago. */
static int train(struct db *db, const char *person, int who, const char *today,
		 struct app_error *err)
{
	int year = atoi(today), rc = 0;
	for (int y = year - 5; y < year && rc >= 0; y++) {
		char spring[24], autumn[24];
		snprintf(spring, sizeof(spring), "%04d-04-10", y);
		snprintf(autumn, sizeof(autumn), "%04d-09-10", y);
		bool thin = who == LITTLE_TRAINING && y == year - 1;
		rc = add_training(db, person, "常见病诊疗与合理用药培训", "job", spring, thin ? 5 : 7, err);
		if (rc >= 0 && !thin)
			rc = add_training(db, person, "基本公共卫生服务规范培训", "online", autumn, 7, err);
		if (rc >= 0 && y == year - 2 && who != NO_STUDY) {
			char march[24];
			snprintf(march, sizeof(march), "%04d-03-01", y);
			rc = add_training(db, person, "中心卫生院脱产进修", "further_study", march, 30, err);
		}
	}
	return rc;
}

/* Five years of attendance: a follow-up round (schedule posted) each month before the
 * last weeks, then every working day of the last weeks: present, a follow-up round now and
 * then; the absentee misses 22 days this year. */
static int attend(struct db *db, const char *person, int who, const char *today,
		  struct app_error *err)
{
	for (int m = 60; m >= 2; m--) {
		char day[11];
		bool weekend = true;
		rules_add_months(today, -m, day);
		for (int tries = 0; weekend && tries < 3; tries++)
			move(day, tries ? 1 : 0, day, &weekend);
		json_t *rec = json_pack("{s:s, s:b, s:s}", "status", "follow_up", "schedule_posted", 1,
					"note", "入户随访");
		int rc = staff_attendance_set(db, NULL, person, day, rec, err);
		json_decref(rec);
		if (rc < 0)
			return rc;
	}
	int absent = 0;
	for (int back = 42; back >= 1; back--) {
		char day[11];
		bool weekend;
		move(today, -back, day, &weekend);
		if (weekend || strncmp(day, today, 4) != 0)
			continue;
		const char *status = back % 9 == 0 ? "follow_up" : "present";
		if (who == ABSENT && absent < 22) {
			status = "absent";
			absent++;
		}
		json_t *rec = json_pack("{s:s, s:b}", "status", status, "schedule_posted",
					strcmp(status, "follow_up") == 0);
		int rc = staff_attendance_set(db, NULL, person, day, rec, err);
		json_decref(rec);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* One doctor of the cast at CLINIC (a record of the institution list), head or not. */
static int doctor(struct db *db, struct seed *s, const json_t *clinic, bool head, const char *type)
{
	const char *county = json_string_value(json_object_get(clinic, "county_code"));
	if (strcmp(s->county, county) != 0) {
		/* Each county gets the whole cast, so that each profile's rules show. */
		snprintf(s->county, sizeof(s->county), "%s", county);
		s->next = 0;
	}
	int who = s->next++ % (int)CAST;
	s->serial++;
	const char *clinic_id = json_string_value(json_object_get(clinic, "id"));
	char birth[11], id_number[19], person[37], contract[37];
	rules_add_months(s->today, -(12 * cast[who].years + cast[who].months), birth);
	citizen_id(county, birth, cast[who].female, s->serial, id_number);
	json_t *rec = json_pack("{s:s, s:s, s:s, s:s, s:O, s:s, s:s, s:s}", "name", cast[who].name,
				"sex", cast[who].female ? "female" : "male", "birth_date", birth,
				"citizen_id", id_number, "centre_id",
				json_object_get(clinic, "parent_id"), "phone", "13907720000",
				"education", who % 2 ? "secondary" : "junior_college", "ethnic_group",
				who % 3 ? "汉族" : "壮族");
	int rc = staff_person_insert(db, NULL, rec, person, s->err);
	json_decref(rec);
	if (rc >= 0)
		rc = qualify(db, person, who, s->serial, s->today, s->err);
	if (rc < 0)
		return rc;
	/* The contract runs to the end of 2028, or to the day before the age limit. */
	const json_t *p = org_profile_for(county, s->today);
	char starts[11], ends[11] = "2028-12-31", limit_on[11];
	json_t *kinds = json_pack("[s]", who % 3 == 1 ? "assistant_physician" : "village_doctor");
	if (staff_posting_limit(p, kinds, cast[who].female ? "female" : "male", birth, head, false,
				limit_on) > 0 &&
	    strcmp(limit_on, ends) <= 0)
		move(limit_on, -1, ends, NULL);
	json_decref(kinds);
	if (strcmp(type, "dispatched") == 0) {
		/* A five-month posting: shorter than the six months of LB-STF-5. */
		move(s->today, -30, starts, NULL);
		rules_add_months(starts, 5, ends);
	} else {
		snprintf(starts, sizeof(starts), "2021-08-01");
	}
	rec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:b}", "person_id", person, "clinic_id",
			clinic_id, "type", type, "starts_on", starts, "ends_on", ends,
			"head_of_clinic", head);
	rc = staff_contract_insert(db, NULL, rec, contract, s->err);
	json_decref(rec);
	if (rc >= 0 && who != PENDING) {
		json_t *yes = json_pack("{s:s, s:s}", "decision", "approve", "note", "演示数据");
		rc = staff_contract_decide(db, NULL, contract, yes, s->err);
		json_decref(yes);
	}
	if (rc >= 0 && strcmp(type, "dispatched") != 0)
		rc = train(db, person, who, s->today, s->err);
	if (rc >= 0 && who != PENDING)
		rc = attend(db, person, who, s->today, s->err);
	if (rc >= 0 && head && s->link_clinic && strcmp(clinic_id, s->link_clinic) == 0) {
		json_t *link = json_pack("{s:s}", "user_id", s->link_user);
		rc = staff_person_change(db, NULL, person, link, s->err);
		json_decref(link);
		s->link_clinic = NULL;
	}
	return rc;
}

static int seed_body(struct db *db, void *cls)
{
	struct seed *s = cls;
	struct ent_list l;
	const char *keys[] = {"kind", "status", "limit"};
	const char *vals[] = {"clinic", "open", "500"};
	json_t *clinics;
	bool more;
	s->next = s->serial = 0;
	s->county[0] = '\0';
	if (ent_list_parse(&institution_entity, 3, keys, vals, NULL, &l, s->err) != 0)
		return DB_HARD;
	int rc = org_institutions_list(db, "/", &l, &clinics, &more, s->err);
	ent_list_clear(&l);
	if (rc != 0)
		return DB_HARD;
	size_t i, k = 0;
	json_t *clinic;
	char county[7] = "";
	json_array_foreach(clinics, i, clinic)
	{
		/* K counts the clinics of each county, so that both profiles show everything. */
		const char *c = json_string_value(json_object_get(clinic, "county_code"));
		k = strcmp(county, c) ? 0 : k + 1;
		snprintf(county, sizeof(county), "%s", c);
		const char *id = json_string_value(json_object_get(clinic, "id"));
		bool linked = s->link_clinic && strcmp(id, s->link_clinic) == 0;
		if (k % 11 == 3 && !linked)
			continue; /* a clinic with nobody (LB-STF-5); not the demo doctor's */
		rc = doctor(db, s, clinic, true, "labour");
		if (rc >= 0 && k % 4 == 1)
			rc = doctor(db, s, clinic, false, "labour");
		if (rc >= 0 && k == 5)
			rc = doctor(db, s, clinic, false, "dispatched");
		if (rc < 0)
			break;
	}
	json_decref(clinics);
	return rc < 0 ? rc : 0;
}

int staff_demo_seed(struct db *db, const char *link_clinic, const char *link_user,
		    struct app_error *err)
{
	struct seed s = {.link_clinic = link_clinic, .link_user = link_user, .err = err};
	org_today(s.today);
	int rc = db_run_transaction(db, "staff demo", seed_body, &s);
	return rc < 0 ? org_txn_error(rc, err) : 0;
}
