/* SPDX-License-Identifier: MIT */
/* TEMPORARY: weak placeholders so that the tree links while the personnel area is built
 * in parallel. Every real definition overrides these. This file is deleted before the
 * area lands; a missing definition is then a link error. */
#include <stdlib.h>
__attribute__((weak)) void staff_person_insert(void) { abort(); }
__attribute__((weak)) void staff_person_get(void) { abort(); }
__attribute__((weak)) void staff_person_scope(void) { abort(); }
__attribute__((weak)) void staff_person_resolve(void) { abort(); }
__attribute__((weak)) void staff_contract_resolve(void) { abort(); }
__attribute__((weak)) void staff_leave_resolve(void) { abort(); }
__attribute__((weak)) void staff_exit_resolve(void) { abort(); }
__attribute__((weak)) void staff_may_see_citizen_id(void) { abort(); }
__attribute__((weak)) void staff_qualification_insert(void) { abort(); }
__attribute__((weak)) void staff_contract_insert(void) { abort(); }
__attribute__((weak)) void staff_exit_raise(void) { abort(); }
__attribute__((weak)) void staff_alerts(void) { abort(); }
__attribute__((weak)) void staff_import(void) { abort(); }
__attribute__((weak)) void staff_demo_seed(void) { abort(); }
__attribute__((weak)) void citizen_id_check_char(void) { abort(); }
__attribute__((weak)) void citizen_id_parse(void) { abort(); }
__attribute__((weak)) void citizen_id_status_text(void) { abort(); }
__attribute__((weak)) void citizen_id_mask(void) { abort(); }
__attribute__((weak)) void citizen_id_normalise(void) { abort(); }
__attribute__((weak)) void rules_age_on(void) { abort(); }
__attribute__((weak)) void rules_birthday(void) { abort(); }
__attribute__((weak)) void rules_age_limit(void) { abort(); }
__attribute__((weak)) void rules_staff_needed(void) { abort(); }
__attribute__((weak)) void rules_training_year_ok(void) { abort(); }
__attribute__((weak)) void rules_further_study(void) { abort(); }
__attribute__((weak)) void rules_absence(void) { abort(); }
__attribute__((weak)) void rules_days_between(void) { abort(); }
__attribute__((weak)) void rules_add_months(void) { abort(); }
__attribute__((weak)) void pii_default_key_path(void) { abort(); }
__attribute__((weak)) void pii_load(void) { abort(); }
__attribute__((weak)) void pii_ready(void) { abort(); }
__attribute__((weak)) void pii_seal(void) { abort(); }
__attribute__((weak)) void pii_open(void) { abort(); }
__attribute__((weak)) void pii_hash(void) { abort(); }
__attribute__((weak)) void staff_h_people_list(void) { abort(); }
__attribute__((weak)) void staff_h_person_create(void) { abort(); }
__attribute__((weak)) void staff_h_person_get(void) { abort(); }
__attribute__((weak)) void staff_h_person_update(void) { abort(); }
__attribute__((weak)) void staff_h_people_export(void) { abort(); }
__attribute__((weak)) void staff_h_qualifications_list(void) { abort(); }
__attribute__((weak)) void staff_h_qualification_create(void) { abort(); }
__attribute__((weak)) void staff_h_person_contracts(void) { abort(); }
__attribute__((weak)) void staff_h_contract_create(void) { abort(); }
__attribute__((weak)) void staff_h_contracts_list(void) { abort(); }
__attribute__((weak)) void staff_h_contract_decide(void) { abort(); }
__attribute__((weak)) void staff_h_contract_end(void) { abort(); }
__attribute__((weak)) void staff_h_exit_reviews_list(void) { abort(); }
__attribute__((weak)) void staff_h_exit_review_create(void) { abort(); }
__attribute__((weak)) void staff_h_exit_review_decide(void) { abort(); }
__attribute__((weak)) void staff_h_trainings_list(void) { abort(); }
__attribute__((weak)) void staff_h_training_create(void) { abort(); }
__attribute__((weak)) void staff_h_attendance_list(void) { abort(); }
__attribute__((weak)) void staff_h_attendance_put(void) { abort(); }
__attribute__((weak)) void staff_h_leaves_list(void) { abort(); }
__attribute__((weak)) void staff_h_leave_create(void) { abort(); }
__attribute__((weak)) void staff_h_leave_decide(void) { abort(); }
__attribute__((weak)) void staff_h_staffing(void) { abort(); }
__attribute__((weak)) void staff_h_recruitment_plan(void) { abort(); }
__attribute__((weak)) void staff_h_person_alerts(void) { abort(); }
__attribute__((weak)) void staff_h_import(void) { abort(); }
__attribute__((weak)) void staff_h_import_template(void) { abort(); }
__attribute__((weak)) const char person_entity[512];
__attribute__((weak)) const char qualification_entity[512];
__attribute__((weak)) const char contract_entity[512];
__attribute__((weak)) const char exit_review_entity[512];
__attribute__((weak)) const char training_entity[512];
__attribute__((weak)) const char attendance_entity[512];
__attribute__((weak)) const char leave_entity[512];
__attribute__((weak)) const char staffing_entity[512];
__attribute__((weak)) const char vacancy_entity[512];
