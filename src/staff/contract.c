/* SPDX-License-Identifier: MIT */
/* This file contains contracts (聘用合同, 乡聘村用): a village doctor hired by a township
 * centre and posted to one of its clinics, as a labour contract (编外聘用), dispatched staff
 * (派驻, LB-STF-5) or a rehire past the age limit (返聘, SR-STF-3). It enforces what a new
 * contract must meet — a qualifying certificate (SR-STF-2, LB-STF-3), the age limit
 * (SR-STF-3, LB-STF-6), no contract after an exit (LB-STF-7), a clinic of the employing
 * centre (SR-ORG-3) — and the county bureau's approval before a contract is active
 * (LB-STF-4). History is kept: terms are never edited and nothing is deleted; approving a
 * new contract ends the one it supersedes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "core/staff_rules.h"
#include "db/crud.h"
#include "http/handlers.h"
#include "org/org.h"
#include "org/org_impl.h"
#include "staff/staff.h"
#include "staff/staff_impl.h"
#include "staff/store.h"

const struct ent_enum staff_contract_types[] = {
    {"labour", "编外聘用"},
    {"dispatched", "派驻"},
    {"rehired", "返聘"},
    {NULL, NULL},
};

static const struct ent_enum statuses[] = {
    {"pending", "待审批"}, {"active", "生效"}, {"rejected", "未批准"},
    {"ended", "已终止"},   {NULL, NULL},
};

static const struct ent_field fields[] = {
    {"id", "编号", ENT_ID, EF_READONLY | EF_SORT},
    {"person_id", "人员", ENT_ID, EF_READONLY | EF_FILTER},
    {"person_name", "姓名", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
    {"employer_id", "聘用单位", ENT_ID, EF_IMMUTABLE | EF_FILTER},
    {"employer_name", "聘用单位名称", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
    {"clinic_id", "派驻村卫生室", ENT_ID, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER},
    {"clinic_name", "村卫生室名称", ENT_TEXT, EF_VIRTUAL | EF_READONLY},
    {"type", "合同类型", ENT_ENUM, EF_REQUIRED | EF_IMMUTABLE | EF_FILTER | EF_SORT,
     .enums = staff_contract_types},
    {"starts_on", "起始日期", ENT_DATE, EF_REQUIRED | EF_IMMUTABLE | EF_SORT},
    {"ends_on", "到期日期", ENT_DATE, EF_REQUIRED | EF_IMMUTABLE | EF_SORT},
    {"head_of_clinic", "村卫生室负责人", ENT_BOOL, EF_IMMUTABLE | EF_FILTER},
    {"age_extension", "申请年龄延长/返聘", ENT_BOOL, EF_IMMUTABLE | EF_FILTER},
    {"status", "状态", ENT_ENUM, EF_READONLY | EF_FILTER | EF_SORT, .enums = statuses},
    {"short_posting", "派驻不足半年", ENT_BOOL, EF_VIRTUAL | EF_READONLY},
    {"decided_by", "审批人", ENT_TEXT, EF_READONLY},
    {"decided_on", "审批日期", ENT_DATE, EF_READONLY | EF_SORT},
    {"decision_note", "审批意见", ENT_TEXT, EF_READONLY},
    {"ended_on", "终止日期", ENT_DATE, EF_READONLY | EF_SORT},
    {"end_reason", "终止原因", ENT_TEXT, EF_READONLY},
    {"supersedes_id", "接替的合同", ENT_ID, EF_READONLY},
    ENT_STANDARD_FIELDS,
};

const struct entity contract_entity = {
    .name = "contract",
    .label = "聘用合同",
    .table = "contracts",
    ENT_FIELDS(fields),
    .default_sort = "-starts_on",
};

/* The bodies of POST /api/v1/contracts/{id}/decision and /end, checked by ent_validate. */
static const struct ent_enum decisions[] = {
    {"approve", "批准"},
    {"reject", "不批准"},
    {NULL, NULL},
};

static const struct ent_field decision_fields[] = {
    {"decision", "审批结果", ENT_ENUM, EF_REQUIRED, .enums = decisions},
    {"note", "审批意见", ENT_TEXT, EF_NULLABLE, 0, 500},
};

static const struct entity decision_entity = {
    .name = "contract_decision",
    .label = "合同审批",
    ENT_FIELDS(decision_fields),
};

static const struct ent_field end_fields[] = {
    {"ended_on", "终止日期", ENT_DATE, EF_REQUIRED},
    {"end_reason", "终止原因", ENT_TEXT, EF_REQUIRED, 1, 200},
};

static const struct entity end_entity = {
    .name = "contract_end",
    .label = "终止合同",
    ENT_FIELDS(end_fields),
};

/* ---- small helpers ---- */

static const char *text_of(const json_t *rec, const char *name)
{
	return json_string_value(json_object_get(rec, name));
}

/* The Chinese label of enum VALUE of field NAME of E, or VALUE itself. Borrowed. */
static const char *label_of(const struct entity *e, const char *name, const char *value)
{
	const struct ent_field *f = ent_field(e, name);
	for (const struct ent_enum *en = f ? f->enums : NULL; en && en->value; en++)
		if (strcmp(en->value, value) == 0)
			return en->label;
	return value;
}

/* The civil date before DATE into OUT (11 bytes). */
static void day_before(const char *date, char out[11])
{
	int y = 0, m = 1, d = 1;
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || y < 1 || y > 9999 || m < 1 || m > 12 ||
	    d < 1 || d > 31) {
		snprintf(out, 11, "%.10s", date);
		return;
	}
	if (d > 1) {
		snprintf(out, 11, "%04d-%02d-%02d", y, m, d - 1);
		return;
	}
	/* The 31st of the month before, clamped to that month's length. */
	char last[16];
	snprintf(last, sizeof(last), "%04d-%02d-31", m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1);
	rules_add_months(last, 0, out);
}

/* ---- the records the API shows ---- */

/* Whether dispatched contract REC is a posting shorter than the profile's
 * dispatch_min_months (LB-STF-5), judged on the period actually served: to ended_on when
 * it ended early. The posting covers starts_on..end inclusive, so six months from
 * 2025-01-01 are served by 2025-06-30. */
static bool short_posting(const json_t *rec, const char *county)
{
	const char *type = text_of(rec, "type");
	if (!type || strcmp(type, "dispatched") != 0 || !county)
		return false;
	const char *starts = text_of(rec, "starts_on"), *end = text_of(rec, "ends_on");
	const char *ended = text_of(rec, "ended_on");
	if (ended && strcmp(ended, end) < 0)
		end = ended;
	const json_t *p = org_profile_for(county, starts);
	long long months = p ? org_profile_param(p, "dispatch_min_months", 0) : 0;
	if (months <= 0)
		return false;
	char full[11];
	rules_add_months(starts, (int)months, full);
	return rules_days_between(end, full) > 1;
}

/* Add the names and short_posting to each contract of ITEMS (borrowed). Returns 0 or a
 * negative db_status. */
static int complete(struct db *db, json_t *items)
{
	size_t n = json_array_size(items), i;
	json_t *rec;
	for (size_t from = 0; from < n; from += 500) {
		const char *ids[500];
		size_t k = 0;
		for (i = from; i < n && k < 500; i++)
			ids[k++] = text_of(json_array_get(items, i), "id");
		struct db_res *res = NULL;
		int rc = store_contracts_names(db, ids, k, &res);
		if (rc < 0)
			return rc;
		for (size_t row = 0; row < db_res_rows(res); row++) {
			for (i = from; i < from + k; i++) {
				rec = json_array_get(items, i);
				if (strcmp(text_of(rec, "id"), db_res_text(res, row, 0)) != 0)
					continue;
				json_object_set_new(rec, "person_name",
				                    json_string(db_res_text(res, row, 1)));
				json_object_set_new(rec, "clinic_name",
				                    json_string(db_res_text(res, row, 2)));
				json_object_set_new(rec, "employer_name",
				                    json_string(db_res_text(res, row, 3)));
				json_object_set_new(
				    rec, "short_posting",
				    json_boolean(short_posting(rec, db_res_text(res, row, 4))));
				break;
			}
		}
		db_res_free(res);
	}
	return 0;
}

/* Contract ID as the API shows it: new reference, or NULL with ERR. */
static json_t *contract_get(struct db *db, const char *id, struct app_error *err)
{
	return crud_get_view(db, &contract_entity, id, complete, err);
}

/* ---- the rules of a new contract ---- */

/* The person a contract is for, as the rules need them. */
struct person {
	char id[37], name[128], sex[8], birth[11], centre[37], exited_on[11], exit_reason[32];
};

static int load_person(struct db *db, const char *id, struct person *out, struct app_error *err)
{
	struct db_res *res = NULL;
	int rc = store_contract_person(db, id, &res);
	if (rc == 0)
		err_set(err, ERR_NOT_FOUND, "person_id", NULL, "人员不存在");
	if (rc > 0) {
		const char *exited = db_res_text(res, 0, 7), *why = db_res_text(res, 0, 8);
		snprintf(out->id, sizeof(out->id), "%s", db_res_text(res, 0, 0));
		snprintf(out->name, sizeof(out->name), "%s", db_res_text(res, 0, 1));
		snprintf(out->sex, sizeof(out->sex), "%s", db_res_text(res, 0, 2));
		snprintf(out->birth, sizeof(out->birth), "%s", db_res_text(res, 0, 3));
		snprintf(out->centre, sizeof(out->centre), "%s", db_res_text(res, 0, 4));
		snprintf(out->exited_on, sizeof(out->exited_on), "%s", exited ? exited : "");
		snprintf(out->exit_reason, sizeof(out->exit_reason), "%s", why ? why : "");
	}
	db_res_free(res);
	return rc == 0 ? DB_ABORT : rc;
}

/* LB-STF-7: an exited person gets no contract. */
static int refuse_exited(const struct person *p, struct app_error *err)
{
	if (!p->exited_on[0])
		return 0;
	err_set(err, ERR_RULE, "person_id", "LB-STF-7",
	        "%s已于 %s 退出（%s），合同终止、待遇停发，不能再签订或批准聘用合同", p->name,
	        p->exited_on, label_of(&exit_review_entity, "reason", p->exit_reason));
	return DB_ABORT;
}

/* An institution as the rules need it. */
struct institution {
	char id[37], kind[16], name[128], parent[37], path[512], county[16], status[16];
};

static int load_institution(struct db *db, const char *id, const char *field,
                            struct institution *out, struct app_error *err)
{
	struct db_res *res = NULL;
	int rc = store_contract_institution(db, id, &res);
	if (rc == 0)
		err_set(err, ERR_INVALID, field, NULL, "%s：机构 %s 不存在",
		        ent_field(&contract_entity, field)->label, id);
	if (rc > 0) {
		const char *parent = db_res_text(res, 0, 3), *county = db_res_text(res, 0, 5);
		snprintf(out->id, sizeof(out->id), "%s", db_res_text(res, 0, 0));
		snprintf(out->kind, sizeof(out->kind), "%s", db_res_text(res, 0, 1));
		snprintf(out->name, sizeof(out->name), "%s", db_res_text(res, 0, 2));
		snprintf(out->parent, sizeof(out->parent), "%s", parent ? parent : "");
		snprintf(out->path, sizeof(out->path), "%s", db_res_text(res, 0, 4));
		snprintf(out->county, sizeof(out->county), "%s", county ? county : "");
		snprintf(out->status, sizeof(out->status), "%s", db_res_text(res, 0, 6));
	}
	db_res_free(res);
	return rc == 0 ? DB_ABORT : rc;
}

/* SR-ORG-3: the employer is a township centre (the person's own: their file is held
 * there), and the clinic is one of its branches that is not closed. */
static int check_posting(struct db *db, const struct person *p, const char *employer_id,
                         const char *clinic_id, struct institution *employer,
                         struct institution *clinic, struct app_error *err)
{
	int rc = load_institution(db, employer_id, "employer_id", employer, err);
	if (rc < 0)
		return rc;
	if (strcmp(employer->kind, "centre") != 0 && strcmp(employer->kind, "community") != 0) {
		err_set(
		    err, ERR_RULE, "employer_id", "SR-ORG-3",
		    "聘用单位（%s）须为乡镇卫生院或社区卫生服务中心：村医由卫生院聘用（乡聘村用）",
		    employer->name);
		return DB_ABORT;
	}
	if (strcmp(employer->id, p->centre) != 0) {
		err_set(err, ERR_INVALID, "employer_id", NULL,
		        "聘用单位（%s）须为%s的档案所属卫生院", employer->name, p->name);
		return DB_ABORT;
	}
	rc = load_institution(db, clinic_id, "clinic_id", clinic, err);
	if (rc < 0)
		return rc;
	if (strcmp(clinic->kind, "clinic") != 0 || strcmp(clinic->parent, employer->id) != 0) {
		err_set(err, ERR_RULE, "clinic_id", "SR-ORG-3",
		        "派驻村卫生室（%s）须为聘用单位%s下属的村卫生室（派出机构，同一法人）",
		        clinic->name, employer->name);
		return DB_ABORT;
	}
	if (strcmp(clinic->status, "closed") == 0) {
		err_set(err, ERR_INVALID, "clinic_id", NULL, "村卫生室%s已撤销，不能派驻",
		        clinic->name);
		return DB_ABORT;
	}
	return 0;
}

static bool array_has(const json_t *array, const char *value)
{
	size_t i;
	json_t *v;
	json_array_foreach(array, i, v)
	{
		const char *s = json_string_value(v);
		if (s && strcmp(s, value) == 0)
			return true;
	}
	return false;
}

/* "执业医师、执业助理医师、乡村医生（须区卫健局培训合格）": the kinds of ARRAY in Chinese into
 * OUT; the village doctor's training condition when NEEDS_TRAINING. */
static void kinds_text(const json_t *array, bool needs_training, char *out, size_t len)
{
	size_t i, used = 0;
	json_t *v;
	const struct ent_field *training =
	    ent_field(&qualification_entity, "district_training_passed");
	out[0] = '\0';
	json_array_foreach(array, i, v)
	{
		const char *kind = json_string_value(v);
		if (!kind || used >= len)
			continue;
		used += (size_t)snprintf(out + used, len - used, "%s%s", i ? "、" : "",
		                         label_of(&qualification_entity, "kind", kind));
		if (needs_training && strcmp(kind, "village_doctor") == 0 && used < len)
			used += (size_t)snprintf(out + used, len - used, "（须%s）",
			                         training ? training->label : "区卫健局培训合格");
	}
}

/* SR-STF-2 / LB-STF-3: a qualifying certificate valid on the first day of the contract,
 * from the profile's "qualification" group. VALID is the kinds of the person's valid
 * certificates (filled here: a new array the caller frees). */
static int check_qualification(struct db *db, const json_t *profile, const struct person *p,
                               const char *starts, json_t *valid, struct app_error *err)
{
	struct db_res *res = NULL;
	int rc = store_qualifications_on(db, p->id, starts, &res);
	if (rc < 0)
		return rc;
	const json_t *g = org_profile_group(profile, "qualification");
	const json_t *kinds = json_object_get(g, "kinds");
	bool needs_training =
	    json_is_true(json_object_get(g, "village_doctor_needs_district_training"));
	bool qualified = false;
	for (size_t r = 0; r < db_res_rows(res); r++) {
		const char *kind = db_res_text(res, r, 0);
		json_array_append_new(valid, json_string(kind));
		bool trained = db_res_int(res, r, 1) != 0;
		if (array_has(kinds, kind) &&
		    !(needs_training && strcmp(kind, "village_doctor") == 0 && !trained))
			qualified = true;
	}
	db_res_free(res);
	/* A null group: the profile sets no qualification rule. */
	if (!json_is_object(g) || qualified)
		return 0;
	char list[512];
	kinds_text(kinds, needs_training, list, sizeof(list));
	err_set(err, ERR_RULE, "person_id", text_of(g, "rule"),
	        "%s在合同起始日（%s）没有有效的合格资格证书：须持有%s之一", p->name, starts, list);
	return DB_ABORT;
}

/* SR-STF-3 / LB-STF-6: the contract ends before the day the person reaches the age limit
 * that applies to them (their sex, heading the clinic, an approved extension or rehire,
 * and for an extension the qualification the profile asks for). */
static int check_age(const json_t *profile, const struct person *p, const json_t *rec,
                     const json_t *valid, struct app_error *err)
{
	const json_t *g = org_profile_group(profile, "age_limit");
	if (!json_is_object(g))
		return 0;
	const char *ends = text_of(rec, "ends_on");
	bool head = json_is_true(json_object_get(rec, "head_of_clinic"));
	bool extension = json_is_true(json_object_get(rec, "age_extension"));
	char limit_on[11], last[11];
	int limit =
	    staff_posting_limit(profile, valid, p->sex, p->birth, head, extension, limit_on);
	if (limit <= 0 || strcmp(ends, limit_on) < 0)
		return 0;
	day_before(limit_on, last);
	const char *rule = text_of(g, "rule");
	const json_t *ext_kinds =
	    json_object_get(org_profile_group(profile, "qualification"), "extension_kinds");
	bool may_extend = json_is_true(json_object_get(g, "rehire_by_approval")) ||
	                  org_profile_param_in(profile, "age_limit",
	                                       strcmp(p->sex, "female") == 0 ? "extended_female"
	                                                                     : "extended_male",
	                                       0) > limit;
	bool holds = false;
	size_t i;
	json_t *k;
	json_array_foreach(ext_kinds, i, k)
	{
		holds = holds || array_has(valid, json_string_value(k));
	}
	if (extension && json_is_array(ext_kinds) && !holds) {
		char list[256];
		kinds_text(ext_kinds, false, list, sizeof(list));
		err_set(err, ERR_RULE, "age_extension", rule,
		        "%s于 %s 年满 %d 周岁；年龄延长只适用于持有%s资格的人员，"
		        "合同期至 %s 超过年龄上限，最迟至 %s",
		        p->name, limit_on, limit, list, ends, last);
		return DB_ABORT;
	}
	err_set(err, ERR_RULE, "ends_on", rule,
	        "%s（%s 出生）于 %s 年满 %d 周岁，%s合同期至 %s 超过年龄上限，最迟至 %s%s", p->name,
	        p->birth, limit_on, limit, head ? "担任村卫生室负责人的" : "", ends, last,
	        !extension && may_extend
	            ? "；经县（区）卫健局批准可申请年龄延长或返聘（age_extension）"
	            : "");
	return DB_ABORT;
}

int staff_contract_insert(struct db *db, const struct principal *who, const json_t *rec,
                          char id_out[37], struct app_error *err)
{
	const char *person_id = text_of(rec, "person_id");
	const char *starts = text_of(rec, "starts_on"), *ends = text_of(rec, "ends_on");
	struct person p;
	struct institution employer, clinic;
	json_t *valid = NULL, *copy = NULL, *extra = NULL, *after = NULL;
	/* REC is validated by the caller; these are the fields the rules cannot do without
	 * (person_id is added by the caller, not by ent_validate). */
	static const char *const needed[] = {"person_id", "clinic_id", "type", "starts_on",
	                                     "ends_on"};
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++) {
		if (!text_of(rec, needed[i])) {
			const struct ent_field *f = ent_field(&contract_entity, needed[i]);
			err_set(err, ERR_REQUIRED, needed[i], NULL, "合同须填写%s（%s）", f->label,
			        needed[i]);
			return DB_ABORT;
		}
	}
	int rc = load_person(db, person_id, &p, err);
	if (rc < 0)
		return rc;
	rc = refuse_exited(&p, err);
	if (rc < 0)
		return rc;
	const char *employer_id = text_of(rec, "employer_id");
	rc = check_posting(db, &p, employer_id ? employer_id : p.centre, text_of(rec, "clinic_id"),
	                   &employer, &clinic, err);
	if (rc < 0)
		return rc;
	if (strcmp(ends, starts) <= 0) {
		err_set(err, ERR_INVALID, "ends_on", NULL, "到期日期（%s）须晚于起始日期（%s）",
		        ends, starts);
		return DB_ABORT;
	}
	/* The rules in force where the employer is, on the first day of the contract. */
	const json_t *profile = org_profile_for(employer.county, starts);
	valid = json_array();
	if (profile) {
		rc = check_qualification(db, profile, &p, starts, valid, err);
		if (rc >= 0)
			rc = check_age(profile, &p, rec, valid, err);
		if (rc < 0)
			goto out;
	}
	/* LB-STF-4: pending until the county bureau approves it. */
	db_new_id(id_out);
	copy = json_deep_copy(rec);
	json_object_set_new(copy, "id", json_string(id_out));
	json_object_set_new(copy, "employer_id", json_string(employer.id));
	json_object_set_new(copy, "status", json_string("pending"));
	extra = json_pack("{s:s}", "path", employer.path);
	rc = crud_insert(db, &contract_entity, copy, extra, org_by(who));
	if (rc < 0)
		goto out;
	rc = crud_get(db, &contract_entity, "id", id_out, &after);
	if (rc > 0)
		rc = audit_append(db, who, "create", "contract", id_out, NULL, after);
out:
	json_decref(after);
	json_decref(extra);
	json_decref(copy);
	json_decref(valid);
	return rc < 0 ? rc : 0;
}

int staff_contract_resolve(struct db *db, const char *id, char *path, size_t len, char owner[37])
{
	return store_contract_scope(db, id, path, len, owner);
}

/* ---- transactions ---- */

struct create_txn {
	const struct principal *who;
	const json_t *rec; /* validated body with person_id, borrowed */
	char id[37];
	struct app_error *err;
};

static int create_body(struct db *db, void *cls)
{
	struct create_txn *t = cls;
	return staff_contract_insert(db, t->who, t->rec, t->id, t->err);
}

struct change_txn {
	const struct principal *who;
	const char *id;
	const json_t *body; /* validated, borrowed */
	struct app_error *err;
};

/* Contract ID, read after its person's row is locked, so that two decisions about one
 * person are made one after the other. *OUT: new reference. */
static int get_locked(struct db *db, const char *id, json_t **out, struct app_error *err)
{
	json_t *rec = NULL;
	int rc = crud_get(db, &contract_entity, "id", id, &rec);
	if (rc > 0)
		rc = store_person_lock(db, text_of(rec, "person_id"));
	json_decref(rec);
	rec = NULL;
	if (rc > 0)
		rc = crud_get(db, &contract_entity, "id", id, &rec);
	if (rc == 0) {
		err_set(err, ERR_NOT_FOUND, NULL, NULL, "合同不存在");
		rc = DB_ABORT;
	}
	*out = rec;
	return rc;
}

/* Write CHANGES (borrowed) to contract ID and audit them as ACTION. */
static int change(struct db *db, const struct principal *who, const char *action, const char *id,
                  const json_t *before, const json_t *changes)
{
	json_t *after = NULL;
	int rc = crud_update(db, &contract_entity, "id", id, changes, org_by(who));
	if (rc >= 0)
		rc = crud_get(db, &contract_entity, "id", id, &after);
	if (rc > 0)
		rc = audit_append(db, who, action, "contract", id, before, after);
	json_decref(after);
	return rc;
}

/* LB-STF-4: approving makes the contract active and ends the person's active contract the
 * day before it starts (superseded): one active contract per person. */
static int approve(struct db *db, const struct change_txn *t, const json_t *rec, json_t *changes)
{
	struct person p;
	struct db_res *res = NULL;
	const char *starts = text_of(rec, "starts_on");
	int rc = load_person(db, text_of(rec, "person_id"), &p, t->err);
	if (rc >= 0)
		rc = refuse_exited(&p, t->err);
	if (rc >= 0)
		rc = store_contracts_of(db, p.id, "active", &res);
	if (rc < 0)
		goto out;
	char last[11];
	day_before(starts, last);
	for (size_t r = 0; r < db_res_rows(res) && rc >= 0; r++) {
		const char *old = db_res_text(res, r, 0), *old_starts = db_res_text(res, r, 1);
		const char *old_ends = db_res_text(res, r, 2);
		if (strcmp(old_starts, starts) >= 0) {
			err_set(t->err, ERR_CONFLICT, "starts_on", "LB-STF-4",
			        "%s现行合同自 %s 起生效；新合同的起始日期（%s）须晚于它才能接替",
			        p.name, old_starts, starts);
			rc = DB_ABORT;
			break;
		}
		json_t *before = NULL;
		rc = crud_get(db, &contract_entity, "id", old, &before);
		if (rc < 0)
			break;
		json_t *end = json_pack("{s:s, s:s, s:s}", "status", "ended", "ended_on",
		                        strcmp(old_ends, last) < 0 ? old_ends : last, "end_reason",
		                        "superseded");
		rc = change(db, t->who, "end", old, before, end);
		json_decref(end);
		json_decref(before);
		json_object_set_new(changes, "supersedes_id", json_string(old));
	}
out:
	db_res_free(res);
	return rc;
}

static int decide_body(struct db *db, void *cls)
{
	struct change_txn *t = cls;
	json_t *rec = NULL, *changes = NULL;
	char today[11];
	int rc = get_locked(db, t->id, &rec, t->err);
	if (rc < 0)
		goto out;
	const char *status = text_of(rec, "status");
	if (strcmp(status, "pending") != 0) {
		err_set(t->err, ERR_CONFLICT, "status", "LB-STF-4",
		        "只能审批待审批的合同，该合同状态为“%s”",
		        label_of(&contract_entity, "status", status));
		rc = DB_ABORT;
		goto out;
	}
	bool approving = strcmp(text_of(t->body, "decision"), "approve") == 0;
	org_today(today);
	changes = json_pack("{s:s, s:s, s:s, s:O?}", "status", approving ? "active" : "rejected",
	                    "decided_by", org_by(t->who), "decided_on", today, "decision_note",
	                    json_object_get(t->body, "note"));
	if (approving)
		rc = approve(db, t, rec, changes);
	if (rc >= 0)
		rc = change(db, t->who, approving ? "approve" : "reject", t->id, rec, changes);
out:
	json_decref(changes);
	json_decref(rec);
	return rc < 0 ? rc : 0;
}

int staff_contract_decide(struct db *db, const struct principal *who, const char *id,
			  const json_t *body, struct app_error *err)
{
	struct change_txn t = {.who = who, .id = id, .body = body, .err = err};
	return decide_body(db, &t);
}

static int end_body(struct db *db, void *cls)
{
	struct change_txn *t = cls;
	json_t *rec = NULL;
	int rc = get_locked(db, t->id, &rec, t->err);
	if (rc < 0)
		goto out;
	const char *status = text_of(rec, "status");
	const char *ended = text_of(t->body, "ended_on");
	const char *starts = text_of(rec, "starts_on"), *ends = text_of(rec, "ends_on");
	if (strcmp(status, "active") != 0) {
		err_set(t->err, ERR_CONFLICT, "status", NULL,
		        "只能终止生效中的合同，该合同状态为“%s”%s",
		        label_of(&contract_entity, "status", status),
		        strcmp(status, "pending") == 0 ? "（待审批的合同由县局审批为不批准）" : "");
		rc = DB_ABORT;
	} else if (strcmp(ended, starts) < 0 || strcmp(ended, ends) > 0) {
		err_set(t->err, ERR_INVALID, "ended_on", NULL,
		        "终止日期（%s）须在合同期 %s 至 %s 之内", ended, starts, ends);
		rc = DB_ABORT;
	}
	if (rc < 0)
		goto out;
	json_t *changes = json_pack("{s:s, s:O, s:O}", "status", "ended", "ended_on",
	                            json_object_get(t->body, "ended_on"), "end_reason",
	                            json_object_get(t->body, "end_reason"));
	rc = change(db, t->who, "end", t->id, rec, changes);
	json_decref(changes);
out:
	json_decref(rec);
	return rc < 0 ? rc : 0;
}

/* ---- handlers ---- */

/* Reply with contract ID (STATUS), or the error. */
static enum MHD_Result reply_contract(struct req *r, unsigned status, const char *id)
{
	struct app_error err;
	json_t *rec = contract_get(r->db, id, &err);
	return rec ? reply_json(r, status, rec) : reply_error(r, &err);
}

/* A page of contracts for R: of PERSON_ID (its whole history, wherever it was kept), or
 * in the signed-in user's scope (a village doctor: only their own). */
static enum MHD_Result reply_list(struct req *r, const char *person_id)
{
	struct app_error err;
	struct ent_list l;
	json_t *items = NULL;
	bool more;
	if (req_list(r, &contract_entity, NULL, &l, &err) != 0)
		return reply_error(r, &err);
	const char *owner = !person_id && r->who.role == ROLE_CLINIC ? r->who.user_id : NULL;
	int rc = store_contracts_list(r->db, person_id ? "/" : r->who.scope_path, person_id, owner,
	                              &l, &items, &more);
	if (rc >= 0)
		rc = complete(r->db, items);
	if (rc < 0) {
		ent_list_clear(&l);
		json_decref(items);
		return reply_err(r, ERR_INTERNAL, NULL, NULL, NULL);
	}
	enum MHD_Result ret = reply_page(r, items, more, &l);
	ent_list_clear(&l);
	return ret;
}

enum MHD_Result staff_h_person_contracts(struct req *r)
{
	return reply_list(r, req_param(r, "id"));
}

enum MHD_Result staff_h_contracts_list(struct req *r)
{
	return reply_list(r, NULL);
}

enum MHD_Result staff_h_contract_create(struct req *r)
{
	struct app_error err;
	if (ent_validate(&contract_entity, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	json_t *rec = json_deep_copy(r->json);
	json_object_set_new(rec, "person_id", json_string(req_param(r, "id")));
	struct create_txn t = {.who = &r->who, .rec = rec, .err = &err};
	int rc = db_run_transaction(r->db, "contract create", create_body, &t);
	json_decref(rec);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_contract(r, MHD_HTTP_CREATED, t.id);
}

/* Run BODY_FN on contract {id} of R with R's body checked against BODY. */
static enum MHD_Result change_contract(struct req *r, const struct entity *body, db_txn_fn fn,
                                       const char *what)
{
	struct app_error err;
	if (ent_validate(body, r->json, ENT_CREATE, &err) != 0)
		return reply_error(r, &err);
	struct change_txn t = {
	    .who = &r->who, .id = req_param(r, "id"), .body = r->json, .err = &err};
	int rc = db_run_transaction(r->db, what, fn, &t);
	if (rc < 0) {
		org_txn_error(rc, &err);
		return reply_error(r, &err);
	}
	return reply_contract(r, MHD_HTTP_OK, t.id);
}

enum MHD_Result staff_h_contract_decide(struct req *r)
{
	return change_contract(r, &decision_entity, decide_body, "contract decision");
}

enum MHD_Result staff_h_contract_end(struct req *r)
{
	return change_contract(r, &end_entity, end_body, "contract end");
}
