/* SPDX-License-Identifier: MIT */
/* API tests of contracts (乡聘村用): no contract without a qualifying certificate of the
 * profile (LB-STF-3 in Liubei, SR-STF-2 in Hengfeng), the age limits (LB-STF-6, SR-STF-3)
 * with and without an extension or rehire, a clinic of the employing centre (SR-ORG-3),
 * approval by the county bureau only (LB-STF-4), one active contract per person (approving
 * supersedes), ending a contract, short dispatched postings (LB-STF-5), history and scope.
 * Demo data, both backends; people are created through the API with computed citizen ids. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define LIUBEI   "450205"
#define HENGFENG "361125"

/* ---- dates ---- */

/* The civil date YEARS years and DAYS days from today (either may be negative). OUT: 11. */
static void date_from_today(int years, int days, char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	tm.tm_year += years;
	tm.tm_mday += days;
	tm.tm_hour = 12; /* away from midnight, whatever the clock change */
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* DATE shifted by YEARS and DAYS. OUT: 11 bytes. */
static void date_shift(const char *date, int years, int days, char out[11])
{
	struct tm tm = {0};
	sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year += years - 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* ---- people ---- */


/* A new person of CENTRE_ID (in COUNTY) born on BIRTH. Returns the id (malloc'd). */
static char *new_person(struct api_client *c, const char *county, const char *centre_id,
                        const char *name, bool female, const char *birth)
{
	return api_new_person(c, county, centre_id, name, female, birth);
}

/* Register a qualification of KIND for PERSON, valid from 2000 until VALID_UNTIL (NULL:
 * no expiry), with the district training passed or not. */
static void add_qualification(struct api_client *c, const char *person, const char *kind,
                              bool trained, const char *valid_until)
{
	static int next = 1;
	char path[160], until[40] = "null";
	snprintf(path, sizeof(path), "/api/v1/people/%s/qualifications", person);
	if (valid_until)
		snprintf(until, sizeof(until), "\"%s\"", valid_until);
	struct api_res *res =
	    api_sendf(c, "POST", path,
	              "{\"kind\": \"%s\", \"certificate_no\": \"C%06d\", \"issuer\": "
	              "\"卫生健康委员会\", \"issued_on\": \"2000-01-01\", \"valid_until\": "
	              "%s, \"district_training_passed\": %s}",
	              kind, next++, until, trained ? "true" : "false");
	assert_status(res, 201);
}

/* ---- institutions ---- */

/* Id of the first institution matching QUERY, or NULL. Malloc'd. */
static char *first_id(struct api_client *c, const char *query)
{
	char path[512];
	snprintf(path, sizeof(path), "/api/v1/institutions?%s", query);
	struct api_res *res = api_get(c, path);
	assert_status(res, 200);
	const char *id = api_jstr(res->json, "items.0.id");
	return id ? strdup(id) : NULL;
}

/* A clinic of CENTRE_ID (malloc'd). */
static char *clinic_of(struct api_client *c, const char *centre_id)
{
	char query[128];
	snprintf(query, sizeof(query), "kind=clinic&parent_id=%s", centre_id);
	char *id = first_id(c, query);
	assert_non_null(id);
	return id;
}

/* A centre of COUNTY other than NOT_ID that has a clinic, and that clinic. */
static void centre_with_clinic(struct api_client *admin, const char *county, const char *not_id,
                               char **centre, char **clinic)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/institutions?kind=clinic&county_code=%s&limit=500",
	         county);
	struct api_res *res = api_get(admin, path);
	assert_status(res, 200);
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		const char *parent = api_jstr(it, "parent_id");
		if (parent && (!not_id || strcmp(parent, not_id) != 0)) {
			*centre = strdup(parent);
			*clinic = strdup(api_jstr(it, "id"));
			return;
		}
	}
	fail_msg("no centre with a clinic in %s", county);
}

/* ---- contracts ---- */

/* POST a contract for PERSON at CLINIC of TYPE from STARTS to ENDS. */
static struct api_res *post_contract(struct api_client *c, const char *person, const char *clinic,
                                     const char *type, const char *starts, const char *ends,
                                     bool head, bool extension)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/contracts", person);
	return api_sendf(c, "POST", path,
	                 "{\"clinic_id\": \"%s\", \"type\": \"%s\", \"starts_on\": \"%s\", "
	                 "\"ends_on\": \"%s\", \"head_of_clinic\": %s, \"age_extension\": %s}",
	                 clinic, type, starts, ends, head ? "true" : "false",
	                 extension ? "true" : "false");
}

/* A pending labour contract of PERSON from STARTS for YEARS years (malloc'd id). */
static char *pending_contract(struct api_client *c, const char *person, const char *clinic,
                              const char *starts, int years)
{
	char ends[11];
	date_shift(starts, years, -1, ends);
	struct api_res *res =
	    post_contract(c, person, clinic, "labour", starts, ends, false, false);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "pending");
	return strdup(api_jstr(res->json, "id"));
}

/* True if the list answer RES holds the record ID. */
static bool lists(const struct api_res *res, const char *id)
{
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		if (strcmp(api_jstr(it, "id"), id) == 0)
			return true;
	}
	return false;
}

static struct api_res *decide(struct api_client *c, const char *contract, const char *decision)
{
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/contracts/%s/decision", contract);
	return api_sendf(c, "POST", path, "{\"decision\": \"%s\", \"note\": \"同意\"}", decision);
}

/* The fixture each test starts from: the demo's 沙塘 centre and one of its clinics. */
struct shatang {
	struct api_client *centre, *county;
	const char *centre_id;
	char *clinic;
};

static void shatang_open(struct srv *s, struct shatang *t)
{
	t->centre = api_login(s, "centre");
	t->county = api_login(s, "county");
	t->centre_id = api_jstr(t->centre->user, "institution_id");
	t->clinic = clinic_of(t->centre, t->centre_id);
}

static void shatang_close(struct shatang *t)
{
	free(t->clinic);
	api_client_free(t->county);
	api_client_free(t->centre);
}

/* A person of 沙塘 born on BIRTH holding a physician's licence. */
static char *physician(struct shatang *t, const char *name, bool female, const char *birth)
{
	char *p = new_person(t->centre, LIUBEI, t->centre_id, name, female, birth);
	add_qualification(t->centre, p, "physician", false, NULL);
	return p;
}

/* ---- qualifying certificates (SR-STF-2, LB-STF-3) ---- */

static void no_certificate_refused_in_liubei_with_lb_stf_3(void **state)
{
	struct shatang t;
	char today[11], ends[11];
	shatang_open(*state, &t);
	char *p = new_person(t.centre, LIUBEI, t.centre_id, "韦无证", false, "1980-04-02");
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	struct api_res *res =
	    post_contract(t.centre, p, t.clinic, "labour", today, ends, false, false);
	assert_error(res, 422, "rule_violation", "person_id", "LB-STF-3");
	free(p);
	shatang_close(&t);
}

static void no_certificate_refused_in_hengfeng_with_sr_stf_2(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	char *centre, *clinic, today[11], ends[11];
	centre_with_clinic(admin, HENGFENG, NULL, &centre, &clinic);
	char *p = new_person(admin, HENGFENG, centre, "王无证", false, "1980-04-02");
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	struct api_res *res = post_contract(admin, p, clinic, "labour", today, ends, false, false);
	assert_error(res, 422, "rule_violation", "person_id", "SR-STF-2");
	free(p);
	free(clinic);
	free(centre);
	api_client_free(admin);
}

static void village_doctor_without_district_training_refused_in_liubei(void **state)
{
	struct shatang t;
	char today[11], ends[11];
	shatang_open(*state, &t);
	char *p = new_person(t.centre, LIUBEI, t.centre_id, "韦未培训", true, "1985-06-01");
	add_qualification(t.centre, p, "village_doctor", false, NULL);
	date_from_today(0, 0, today);
	date_from_today(3, 0, ends);
	struct api_res *res =
	    post_contract(t.centre, p, t.clinic, "labour", today, ends, false, false);
	assert_error(res, 422, "rule_violation", "person_id", "LB-STF-3");
	assert_non_null(strstr(api_jstr(res->json, "error.message"), "培训"));
	free(p);
	shatang_close(&t);
}

static void village_doctor_with_district_training_accepted_in_liubei(void **state)
{
	struct shatang t;
	char today[11], ends[11];
	shatang_open(*state, &t);
	char *p = new_person(t.centre, LIUBEI, t.centre_id, "韦已培训", true, "1985-06-02");
	add_qualification(t.centre, p, "village_doctor", true, NULL);
	date_from_today(0, 0, today);
	date_from_today(3, 0, ends);
	struct api_res *res =
	    post_contract(t.centre, p, t.clinic, "labour", today, ends, false, false);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "pending");
	free(p);
	shatang_close(&t);
}

static void village_doctor_without_district_training_accepted_in_hengfeng(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	char *centre, *clinic, today[11], ends[11];
	centre_with_clinic(admin, HENGFENG, NULL, &centre, &clinic);
	char *p = new_person(admin, HENGFENG, centre, "王乡医", false, "1982-03-04");
	add_qualification(admin, p, "village_doctor", false, NULL);
	date_from_today(0, 0, today);
	date_from_today(3, 0, ends);
	struct api_res *res = post_contract(admin, p, clinic, "labour", today, ends, false, false);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "employer_id"), centre);
	free(p);
	free(clinic);
	free(centre);
	api_client_free(admin);
}

static void secondary_medical_qualifies_in_liubei_not_in_hengfeng(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	struct shatang t;
	char *centre, *clinic, today[11], ends[11];
	shatang_open(*state, &t);
	centre_with_clinic(admin, HENGFENG, NULL, &centre, &clinic);
	date_from_today(0, 0, today);
	date_from_today(3, 0, ends);
	char *lb = new_person(t.centre, LIUBEI, t.centre_id, "韦中专", false, "1990-01-15");
	add_qualification(t.centre, lb, "secondary_medical", false, NULL);
	assert_status(post_contract(t.centre, lb, t.clinic, "labour", today, ends, false, false),
	              201);
	char *hf = new_person(admin, HENGFENG, centre, "王中专", false, "1990-01-15");
	add_qualification(admin, hf, "secondary_medical", false, NULL);
	assert_error(post_contract(admin, hf, clinic, "labour", today, ends, false, false), 422,
	             "rule_violation", "person_id", "SR-STF-2");
	free(hf);
	free(lb);
	free(clinic);
	free(centre);
	shatang_close(&t);
	api_client_free(admin);
}

static void certificate_expired_before_the_start_does_not_qualify(void **state)
{
	struct shatang t;
	char today[11], ends[11], expired[11];
	shatang_open(*state, &t);
	char *p = new_person(t.centre, LIUBEI, t.centre_id, "韦过期", false, "1979-07-07");
	date_from_today(0, -1, expired);
	add_qualification(t.centre, p, "physician", false, expired);
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	assert_error(post_contract(t.centre, p, t.clinic, "labour", today, ends, false, false), 422,
	             "rule_violation", "person_id", "LB-STF-3");
	free(p);
	shatang_close(&t);
}

/* ---- age limits (LB-STF-6, SR-STF-3) ---- */

static void liubei_man_of_59_heading_a_clinic_for_two_years_refused(void **state)
{
	struct shatang t;
	char birth[11], today[11], ends[11];
	shatang_open(*state, &t);
	date_from_today(-59, -30, birth);
	char *p = physician(&t, "韦五九", false, birth);
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	struct api_res *res =
	    post_contract(t.centre, p, t.clinic, "labour", today, ends, true, false);
	assert_error(res, 422, "rule_violation", "ends_on", "LB-STF-6");
	/* the message gives the day the limit is reached */
	char sixty[11];
	date_shift(birth, 60, 0, sixty);
	assert_non_null(strstr(api_jstr(res->json, "error.message"), sixty));
	free(p);
	shatang_close(&t);
}

static void liubei_man_of_59_with_extension_and_licence_accepted_as_pending(void **state)
{
	struct shatang t;
	char birth[11], today[11], ends[11];
	shatang_open(*state, &t);
	date_from_today(-59, -30, birth);
	char *p = physician(&t, "韦延长", false, birth);
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	struct api_res *res =
	    post_contract(t.centre, p, t.clinic, "labour", today, ends, true, true);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "pending");
	assert_true(json_is_true(api_jget(res->json, "age_extension")));
	free(p);
	shatang_close(&t);
}

static void liubei_woman_of_59_heading_a_clinic_for_two_years_refused(void **state)
{
	struct shatang t;
	char birth[11], today[11], ends[11];
	shatang_open(*state, &t);
	date_from_today(-59, -30, birth);
	char *p = physician(&t, "韦女五九", true, birth);
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	assert_error(post_contract(t.centre, p, t.clinic, "labour", today, ends, true, false), 422,
	             "rule_violation", "ends_on", "LB-STF-6");
	/* With an approved extension her limit is 60 (LB-STF-6), which two years still pass. */
	assert_error(post_contract(t.centre, p, t.clinic, "labour", today, ends, true, true), 422,
	             "rule_violation", "ends_on", "LB-STF-6");
	free(p);
	shatang_close(&t);
}

static void liubei_woman_of_59_with_extension_accepted_until_the_day_before_60(void **state)
{
	struct shatang t;
	char birth[11], today[11], sixty[11], last[11];
	shatang_open(*state, &t);
	date_from_today(-59, -30, birth);
	char *p = physician(&t, "韦女延长", true, birth);
	date_from_today(0, 0, today);
	date_shift(birth, 60, 0, sixty);
	date_shift(birth, 60, -1, last);
	assert_error(post_contract(t.centre, p, t.clinic, "labour", today, sixty, true, true), 422,
	             "rule_violation", "ends_on", "LB-STF-6");
	struct api_res *res =
	    post_contract(t.centre, p, t.clinic, "labour", today, last, true, true);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "status"), "pending");
	free(p);
	shatang_close(&t);
}

static void liubei_extension_needs_a_licence_not_a_village_doctor_certificate(void **state)
{
	struct shatang t;
	char birth[11], today[11], ends[11];
	shatang_open(*state, &t);
	date_from_today(-59, -30, birth);
	char *p = new_person(t.centre, LIUBEI, t.centre_id, "韦乡医", false, birth);
	add_qualification(t.centre, p, "village_doctor", true, NULL);
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	assert_error(post_contract(t.centre, p, t.clinic, "labour", today, ends, true, true), 422,
	             "rule_violation", "age_extension", "LB-STF-6");
	free(p);
	shatang_close(&t);
}

static void liubei_limit_is_for_heads_only(void **state)
{
	struct shatang t;
	char birth[11], today[11], ends[11];
	shatang_open(*state, &t);
	date_from_today(-59, -30, birth);
	char *p = physician(&t, "韦非负责人", true, birth);
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	assert_status(post_contract(t.centre, p, t.clinic, "labour", today, ends, false, false),
	              201);
	free(p);
	shatang_close(&t);
}

static void liubei_contract_may_end_the_day_before_the_limit_not_on_it(void **state)
{
	struct shatang t;
	char birth[11], today[11], sixty[11], last[11];
	shatang_open(*state, &t);
	date_from_today(-58, 0, birth);
	char *p = physician(&t, "韦到龄", false, birth);
	date_from_today(0, 0, today);
	date_shift(birth, 60, 0, sixty);
	date_shift(birth, 60, -1, last);
	assert_error(post_contract(t.centre, p, t.clinic, "labour", today, sixty, true, false), 422,
	             "rule_violation", "ends_on", "LB-STF-6");
	assert_status(post_contract(t.centre, p, t.clinic, "labour", today, last, true, false),
	              201);
	free(p);
	shatang_close(&t);
}

static void hengfeng_sixty_year_old_refused_then_rehired_with_approval(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	char *centre, *clinic, birth[11], today[11], ends[11];
	centre_with_clinic(admin, HENGFENG, NULL, &centre, &clinic);
	date_from_today(-60, -10, birth);
	char *p = new_person(admin, HENGFENG, centre, "王六十", true, birth);
	add_qualification(admin, p, "village_doctor", false, NULL);
	date_from_today(0, 0, today);
	date_from_today(1, 0, ends);
	/* Shangrao's limit is for everyone, not only heads of clinics. */
	assert_error(post_contract(admin, p, clinic, "labour", today, ends, false, false), 422,
	             "rule_violation", "ends_on", "SR-STF-3");
	struct api_res *res = post_contract(admin, p, clinic, "rehired", today, ends, false, true);
	assert_status(res, 201);
	assert_string_equal(api_jstr(res->json, "type"), "rehired");
	assert_string_equal(api_jstr(res->json, "status"), "pending");
	free(p);
	free(clinic);
	free(centre);
	api_client_free(admin);
}

/* ---- postings (SR-ORG-3, LB-STF-5) ---- */

static void clinic_of_another_centre_refused_with_sr_org_3(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	struct shatang t;
	char *other, *other_clinic, today[11], ends[11];
	shatang_open(*state, &t);
	centre_with_clinic(admin, LIUBEI, t.centre_id, &other, &other_clinic);
	char *p = physician(&t, "韦别院", false, "1980-02-02");
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	assert_error(post_contract(admin, p, other_clinic, "labour", today, ends, false, false),
	             422, "rule_violation", "clinic_id", "SR-ORG-3");
	free(p);
	free(other_clinic);
	free(other);
	shatang_close(&t);
	api_client_free(admin);
}

static void a_centre_as_clinic_refused_with_sr_org_3(void **state)
{
	struct shatang t;
	char today[11], ends[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦卫生院", false, "1980-02-03");
	date_from_today(0, 0, today);
	date_from_today(2, 0, ends);
	assert_error(post_contract(t.centre, p, t.centre_id, "labour", today, ends, false, false),
	             422, "rule_violation", "clinic_id", "SR-ORG-3");
	free(p);
	shatang_close(&t);
}

static void end_date_not_after_start_refused(void **state)
{
	struct shatang t;
	char today[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦日期", false, "1980-02-04");
	date_from_today(0, 0, today);
	assert_error(post_contract(t.centre, p, t.clinic, "labour", today, today, false, false),
	             422, "invalid_field", "ends_on", NULL);
	free(p);
	shatang_close(&t);
}

static void status_cannot_be_set_on_create(void **state)
{
	struct shatang t;
	shatang_open(*state, &t);
	char *p = physician(&t, "韦状态", false, "1980-02-05");
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/people/%s/contracts", p);
	struct api_res *res =
	    api_sendf(t.centre, "POST", path,
	              "{\"clinic_id\": \"%s\", \"type\": \"labour\", \"starts_on\": "
	              "\"2026-01-01\", \"ends_on\": \"2027-12-31\", \"status\": "
	              "\"active\"}",
	              t.clinic);
	assert_int_equal(res->status / 100, 4);
	assert_string_equal(api_jstr(res->json, "error.field"), "status");
	free(p);
	shatang_close(&t);
}

/* The first day of this month into START, and the last day of the posting that runs
 * MONTHS whole months from it into END. */
static void whole_months(int months, char start[11], char end[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	struct tm first = {.tm_year = tm.tm_year,
	                   .tm_mon = tm.tm_mon,
	                   .tm_mday = 1,
	                   .tm_hour = 12,
	                   .tm_isdst = -1};
	struct tm last = {.tm_year = tm.tm_year,
	                  .tm_mon = tm.tm_mon + months,
	                  .tm_mday = 0,
	                  .tm_hour = 12,
	                  .tm_isdst = -1};
	mktime(&first);
	mktime(&last); /* day 0: the last day of the month before */
	strftime(start, 11, "%Y-%m-%d", &first);
	strftime(end, 11, "%Y-%m-%d", &last);
}

static void five_month_dispatch_is_flagged_short_six_months_is_not(void **state)
{
	struct shatang t;
	char start[11], five_end[11], six_end[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦派驻", false, "1980-02-06");
	whole_months(5, start, five_end);
	whole_months(6, start, six_end);
	struct api_res *res =
	    post_contract(t.centre, p, t.clinic, "dispatched", start, five_end, false, false);
	assert_status(res, 201);
	assert_true(json_is_true(api_jget(res->json, "short_posting")));
	res = post_contract(t.centre, p, t.clinic, "dispatched", start, six_end, false, false);
	assert_status(res, 201);
	assert_true(json_is_false(api_jget(res->json, "short_posting")));
	/* only dispatched staff are postings in the sense of LB-STF-5 */
	res = post_contract(t.centre, p, t.clinic, "labour", start, five_end, false, false);
	assert_status(res, 201);
	assert_true(json_is_false(api_jget(res->json, "short_posting")));
	free(p);
	shatang_close(&t);
}

/* ---- approval (LB-STF-4) ---- */

static void new_contract_pending_until_the_county_approves(void **state)
{
	struct shatang t;
	char today[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦审批", false, "1981-03-03");
	date_from_today(0, 0, today);
	char *c = pending_contract(t.centre, p, t.clinic, today, 3);
	struct api_res *res = api_get(t.county, "/api/v1/contracts?status=pending&limit=500");
	assert_status(res, 200);
	assert_true(lists(res, c));
	res = decide(t.county, c, "approve");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "active");
	assert_string_equal(api_jstr(res->json, "decided_by"), "county");
	assert_string_equal(api_jstr(res->json, "decided_on"), today);
	assert_string_equal(api_jstr(res->json, "decision_note"), "同意");
	assert_string_equal(api_jstr(res->json, "person_name"), "韦审批");
	assert_non_null(api_jstr(res->json, "clinic_name"));
	assert_string_equal(api_jstr(res->json, "employer_name"), "沙塘镇中心卫生院");
	free(c);
	free(p);
	shatang_close(&t);
}

static void centre_cannot_approve_a_contract(void **state)
{
	struct shatang t;
	char today[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦自批", false, "1981-03-04");
	date_from_today(0, 0, today);
	char *c = pending_contract(t.centre, p, t.clinic, today, 3);
	assert_error(decide(t.centre, c, "approve"), 403, "forbidden", NULL, NULL);
	char sql[160];
	snprintf(sql, sizeof(sql), "SELECT status FROM contracts WHERE id = '%s'", c);
	char *status = srv_sql_value(*state, sql);
	assert_string_equal(status, "pending");
	free(status);
	free(c);
	free(p);
	shatang_close(&t);
}

static void rejected_contract_is_kept_and_cannot_be_decided_again(void **state)
{
	struct shatang t;
	char today[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦驳回", false, "1981-03-05");
	date_from_today(0, 0, today);
	char *c = pending_contract(t.centre, p, t.clinic, today, 3);
	struct api_res *res = decide(t.county, c, "reject");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "rejected");
	assert_error(decide(t.county, c, "approve"), 409, "conflict", "status", NULL);
	free(c);
	free(p);
	shatang_close(&t);
}

static void bad_decision_names_the_field(void **state)
{
	struct shatang t;
	char today[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦乱批", false, "1981-03-06");
	date_from_today(0, 0, today);
	char *c = pending_contract(t.centre, p, t.clinic, today, 3);
	assert_error(decide(t.county, c, "maybe"), 422, "invalid_field", "decision", NULL);
	free(c);
	free(p);
	shatang_close(&t);
}

static void approving_supersedes_the_active_contract_and_keeps_history(void **state)
{
	struct shatang t;
	char first_start[11], second_start[11], day_before[11], path[160];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦续签", false, "1982-08-08");
	date_from_today(-1, 0, first_start);
	date_from_today(0, 10, second_start);
	date_from_today(0, 9, day_before);
	char *first = pending_contract(t.centre, p, t.clinic, first_start, 3);
	assert_status(decide(t.county, first, "approve"), 200);
	char *second = pending_contract(t.centre, p, t.clinic, second_start, 3);
	struct api_res *res = decide(t.county, second, "approve");
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "supersedes_id"), first);
	/* the person's history: both kept, newest first, one active */
	snprintf(path, sizeof(path), "/api/v1/people/%s/contracts", p);
	res = api_get(t.centre, path);
	assert_status(res, 200);
	assert_int_equal(json_array_size(api_jget(res->json, "items")), 2);
	assert_string_equal(api_jstr(res->json, "items.0.id"), second);
	assert_string_equal(api_jstr(res->json, "items.0.status"), "active");
	assert_string_equal(api_jstr(res->json, "items.1.id"), first);
	assert_string_equal(api_jstr(res->json, "items.1.status"), "ended");
	assert_string_equal(api_jstr(res->json, "items.1.ended_on"), day_before);
	assert_string_equal(api_jstr(res->json, "items.1.end_reason"), "superseded");
	/* the old terms are unchanged */
	assert_string_equal(api_jstr(res->json, "items.1.starts_on"), first_start);
	char sql[200];
	snprintf(
	    sql, sizeof(sql),
	    "SELECT COUNT(*) FROM audit_log WHERE entity = 'contract' AND entity_id = '%s' AND "
	    "action = 'end'",
	    first);
	char *n = srv_sql_value(*state, sql);
	assert_string_equal(n, "1");
	free(n);
	free(second);
	free(first);
	free(p);
	shatang_close(&t);
}

static void a_contract_starting_before_the_active_one_cannot_supersede_it(void **state)
{
	struct shatang t;
	char first_start[11], earlier[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦倒签", false, "1982-08-09");
	date_from_today(0, 0, first_start);
	date_from_today(0, -30, earlier);
	char *first = pending_contract(t.centre, p, t.clinic, first_start, 3);
	assert_status(decide(t.county, first, "approve"), 200);
	char *second = pending_contract(t.centre, p, t.clinic, earlier, 3);
	assert_error(decide(t.county, second, "approve"), 409, "conflict", "starts_on", "LB-STF-4");
	free(second);
	free(first);
	free(p);
	shatang_close(&t);
}

static void approval_is_audited(void **state)
{
	struct shatang t;
	char today[11], sql[200];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦留痕", false, "1983-01-01");
	date_from_today(0, 0, today);
	char *c = pending_contract(t.centre, p, t.clinic, today, 2);
	assert_status(decide(t.county, c, "approve"), 200);
	snprintf(
	    sql, sizeof(sql),
	    "SELECT username FROM audit_log WHERE entity = 'contract' AND entity_id = '%s' AND "
	    "action = 'approve'",
	    c);
	char *who = srv_sql_value(*state, sql);
	assert_non_null(who);
	assert_string_equal(who, "county");
	free(who);
	free(c);
	free(p);
	shatang_close(&t);
}

/* ---- ending ---- */

static void ending_an_active_contract_records_date_and_reason(void **state)
{
	struct shatang t;
	char start[11], ended[11], path[160];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦终止", false, "1983-02-02");
	date_from_today(0, -100, start);
	date_from_today(0, -1, ended);
	char *c = pending_contract(t.centre, p, t.clinic, start, 3);
	snprintf(path, sizeof(path), "/api/v1/contracts/%s/end", c);
	/* pending: only the county's rejection ends it */
	assert_error(api_sendf(t.centre, "POST", path,
	                       "{\"ended_on\": \"%s\", \"end_reason\": \"本人申请\"}", ended),
	             409, "conflict", "status", NULL);
	assert_status(decide(t.county, c, "approve"), 200);
	assert_error(api_sendf(t.centre, "POST", path,
	                       "{\"ended_on\": \"2000-01-01\", \"end_reason\": \"本人申请\"}"),
	             422, "invalid_field", "ended_on", NULL);
	assert_error(api_sendf(t.centre, "POST", path, "{\"ended_on\": \"%s\"}", ended), 422,
	             "required", "end_reason", NULL);
	struct api_res *res = api_sendf(
	    t.centre, "POST", path, "{\"ended_on\": \"%s\", \"end_reason\": \"本人申请\"}", ended);
	assert_status(res, 200);
	assert_string_equal(api_jstr(res->json, "status"), "ended");
	assert_string_equal(api_jstr(res->json, "ended_on"), ended);
	assert_string_equal(api_jstr(res->json, "end_reason"), "本人申请");
	free(c);
	free(p);
	shatang_close(&t);
}

/* ---- lists and scope ---- */

static void another_centre_cannot_see_or_touch_the_contract(void **state)
{
	struct api_client *admin = api_login(*state, "admin");
	struct shatang t;
	char *other, *other_clinic, today[11], path[160];
	shatang_open(*state, &t);
	centre_with_clinic(admin, LIUBEI, t.centre_id, &other, &other_clinic);
	char *p = new_person(admin, LIUBEI, other, "韦外院", false, "1984-04-04");
	add_qualification(admin, p, "physician", false, NULL);
	date_from_today(0, 0, today);
	char *c = pending_contract(admin, p, other_clinic, today, 2);
	snprintf(path, sizeof(path), "/api/v1/people/%s/contracts", p);
	assert_error(api_get(t.centre, path), 403, "forbidden", NULL, NULL);
	snprintf(path, sizeof(path), "/api/v1/contracts/%s/end", c);
	assert_error(api_sendf(t.centre, "POST", path,
	                       "{\"ended_on\": \"%s\", \"end_reason\": \"x\"}", today),
	             403, "forbidden", NULL, NULL);
	struct api_res *res = api_get(t.centre, "/api/v1/contracts?limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *it;
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		assert_string_not_equal(api_jstr(it, "id"), c);
		assert_string_equal(api_jstr(it, "employer_id"), t.centre_id);
	}
	/* the county sees it */
	res = api_get(t.county, "/api/v1/contracts?limit=500&status=pending");
	assert_true(lists(res, c));
	free(c);
	free(p);
	free(other_clinic);
	free(other);
	shatang_close(&t);
	api_client_free(admin);
}

static void list_filters_by_type_and_refuses_unknown_filters(void **state)
{
	struct shatang t;
	char today[11], ends[11];
	shatang_open(*state, &t);
	char *p = physician(&t, "韦筛选", false, "1984-05-05");
	date_from_today(0, 0, today);
	date_from_today(1, 0, ends);
	assert_status(post_contract(t.centre, p, t.clinic, "dispatched", today, ends, false, false),
	              201);
	struct api_res *res = api_get(t.centre, "/api/v1/contracts?type=dispatched&limit=500");
	assert_status(res, 200);
	size_t i;
	json_t *it;
	assert_true(json_array_size(api_jget(res->json, "items")) >= 1);
	json_array_foreach(api_jget(res->json, "items"), i, it)
	{
		assert_string_equal(api_jstr(it, "type"), "dispatched");
	}
	assert_int_equal(api_get(t.centre, "/api/v1/contracts?path=/")->status, 400);
	free(p);
	shatang_close(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(no_certificate_refused_in_liubei_with_lb_stf_3),
	    cmocka_unit_test(no_certificate_refused_in_hengfeng_with_sr_stf_2),
	    cmocka_unit_test(village_doctor_without_district_training_refused_in_liubei),
	    cmocka_unit_test(village_doctor_with_district_training_accepted_in_liubei),
	    cmocka_unit_test(village_doctor_without_district_training_accepted_in_hengfeng),
	    cmocka_unit_test(secondary_medical_qualifies_in_liubei_not_in_hengfeng),
	    cmocka_unit_test(certificate_expired_before_the_start_does_not_qualify),
	    cmocka_unit_test(liubei_man_of_59_heading_a_clinic_for_two_years_refused),
	    cmocka_unit_test(liubei_man_of_59_with_extension_and_licence_accepted_as_pending),
	    cmocka_unit_test(liubei_woman_of_59_heading_a_clinic_for_two_years_refused),
	    cmocka_unit_test(liubei_woman_of_59_with_extension_accepted_until_the_day_before_60),
	    cmocka_unit_test(liubei_extension_needs_a_licence_not_a_village_doctor_certificate),
	    cmocka_unit_test(liubei_limit_is_for_heads_only),
	    cmocka_unit_test(liubei_contract_may_end_the_day_before_the_limit_not_on_it),
	    cmocka_unit_test(hengfeng_sixty_year_old_refused_then_rehired_with_approval),
	    cmocka_unit_test(clinic_of_another_centre_refused_with_sr_org_3),
	    cmocka_unit_test(a_centre_as_clinic_refused_with_sr_org_3),
	    cmocka_unit_test(end_date_not_after_start_refused),
	    cmocka_unit_test(status_cannot_be_set_on_create),
	    cmocka_unit_test(five_month_dispatch_is_flagged_short_six_months_is_not),
	    cmocka_unit_test(new_contract_pending_until_the_county_approves),
	    cmocka_unit_test(centre_cannot_approve_a_contract),
	    cmocka_unit_test(rejected_contract_is_kept_and_cannot_be_decided_again),
	    cmocka_unit_test(bad_decision_names_the_field),
	    cmocka_unit_test(approving_supersedes_the_active_contract_and_keeps_history),
	    cmocka_unit_test(a_contract_starting_before_the_active_one_cannot_supersede_it),
	    cmocka_unit_test(approval_is_audited),
	    cmocka_unit_test(ending_an_active_contract_records_date_and_reason),
	    cmocka_unit_test(another_centre_cannot_see_or_touch_the_contract),
	    cmocka_unit_test(list_filters_by_type_and_refuses_unknown_filters),
	};
	return cmocka_run_group_tests(tests, srv_setup_demo, srv_teardown);
}
