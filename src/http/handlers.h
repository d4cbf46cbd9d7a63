/* SPDX-License-Identifier: MIT */
/* Every HTTP handler, by area, as named in the routes table (http/routes.c). A handler
 * parses the request, calls its area's function and replies. */
#ifndef YTH_HTTP_HANDLERS_H
#define YTH_HTTP_HANDLERS_H

#include "http/http.h"

/* http/ (server-wide) */
enum MHD_Result http_h_healthz(struct req *r);
enum MHD_Result http_h_metrics(struct req *r);
enum MHD_Result http_h_openapi(struct req *r);

/* auth/ (sessions, users, tokens, audit) */
enum MHD_Result auth_h_signin(struct req *r);
enum MHD_Result auth_h_whoami(struct req *r);
enum MHD_Result auth_h_signout(struct req *r);
enum MHD_Result auth_h_own_password(struct req *r);
enum MHD_Result auth_h_users_list(struct req *r);
enum MHD_Result auth_h_user_create(struct req *r);
enum MHD_Result auth_h_user_get(struct req *r);
enum MHD_Result auth_h_user_update(struct req *r);
enum MHD_Result auth_h_user_password(struct req *r);
enum MHD_Result auth_h_tokens_list(struct req *r);
enum MHD_Result auth_h_token_create(struct req *r);
enum MHD_Result auth_h_token_revoke(struct req *r);
enum MHD_Result auth_h_audit_list(struct req *r);
enum MHD_Result auth_h_audit_verify(struct req *r);

/* org/ (divisions, profiles, institutions, checklist, coverage, alerts) */
enum MHD_Result org_h_divisions_list(struct req *r);
enum MHD_Result org_h_division_get(struct req *r);
enum MHD_Result org_h_profiles_list(struct req *r);
enum MHD_Result org_h_profile_get(struct req *r);
enum MHD_Result org_h_institutions_list(struct req *r);
enum MHD_Result org_h_institution_create(struct req *r);
enum MHD_Result org_h_institution_get(struct req *r);
enum MHD_Result org_h_institution_update(struct req *r);
enum MHD_Result org_h_institutions_export(struct req *r);
enum MHD_Result org_h_tree(struct req *r);
enum MHD_Result org_h_checklist_get(struct req *r);
enum MHD_Result org_h_checklist_tick(struct req *r);
enum MHD_Result org_h_checklist_untick(struct req *r);
enum MHD_Result org_h_institution_alerts(struct req *r);
enum MHD_Result org_h_coverage(struct req *r);
enum MHD_Result org_h_alerts(struct req *r);

/* staff/ (personnel, entry and exit) */
enum MHD_Result staff_h_people_list(struct req *r);
enum MHD_Result staff_h_person_create(struct req *r);
enum MHD_Result staff_h_person_get(struct req *r);
enum MHD_Result staff_h_person_update(struct req *r);
enum MHD_Result staff_h_people_export(struct req *r);
enum MHD_Result staff_h_qualifications_list(struct req *r);
enum MHD_Result staff_h_qualification_create(struct req *r);
enum MHD_Result staff_h_person_contracts(struct req *r);
enum MHD_Result staff_h_contract_create(struct req *r);
enum MHD_Result staff_h_contracts_list(struct req *r);
enum MHD_Result staff_h_contract_decide(struct req *r);
enum MHD_Result staff_h_contract_end(struct req *r);
enum MHD_Result staff_h_exit_reviews_list(struct req *r);
enum MHD_Result staff_h_exit_review_create(struct req *r);
enum MHD_Result staff_h_exit_review_decide(struct req *r);
enum MHD_Result staff_h_trainings_list(struct req *r);
enum MHD_Result staff_h_training_create(struct req *r);
enum MHD_Result staff_h_attendance_list(struct req *r);
enum MHD_Result staff_h_attendance_put(struct req *r);
enum MHD_Result staff_h_leaves_list(struct req *r);
enum MHD_Result staff_h_leave_create(struct req *r);
enum MHD_Result staff_h_leave_decide(struct req *r);
enum MHD_Result staff_h_staffing(struct req *r);
enum MHD_Result staff_h_recruitment_plan(struct req *r);
enum MHD_Result staff_h_person_alerts(struct req *r);
enum MHD_Result staff_h_import(struct req *r);
enum MHD_Result staff_h_import_template(struct req *r);

/* pharmacy/ (drugs and devices) */
enum MHD_Result pharm_h_items_list(struct req *r);
enum MHD_Result pharm_h_item_create(struct req *r);
enum MHD_Result pharm_h_item_update(struct req *r);
enum MHD_Result pharm_h_items_import(struct req *r);
enum MHD_Result pharm_h_items_export(struct req *r);
enum MHD_Result pharm_h_orders_list(struct req *r);
enum MHD_Result pharm_h_order_create(struct req *r);
enum MHD_Result pharm_h_order_get(struct req *r);
enum MHD_Result pharm_h_order_receipt(struct req *r);
enum MHD_Result pharm_h_lot_get(struct req *r);
enum MHD_Result pharm_h_lot_hold(struct req *r);
enum MHD_Result pharm_h_stock_list(struct req *r);
enum MHD_Result pharm_h_place_stock(struct req *r);
enum MHD_Result pharm_h_place_movements(struct req *r);
enum MHD_Result pharm_h_movement_create(struct req *r);
enum MHD_Result pharm_h_dispenses_list(struct req *r);
enum MHD_Result pharm_h_dispense_create(struct req *r);
enum MHD_Result pharm_h_requests_list(struct req *r);
enum MHD_Result pharm_h_request_create(struct req *r);
enum MHD_Result pharm_h_request_get(struct req *r);
enum MHD_Result pharm_h_request_decide(struct req *r);
enum MHD_Result pharm_h_request_ship(struct req *r);
enum MHD_Result pharm_h_deliveries_list(struct req *r);
enum MHD_Result pharm_h_delivery_get(struct req *r);
enum MHD_Result pharm_h_delivery_receive(struct req *r);
enum MHD_Result pharm_h_returns_create(struct req *r);
enum MHD_Result pharm_h_disposals_create(struct req *r);
enum MHD_Result pharm_h_stocktakes_list(struct req *r);
enum MHD_Result pharm_h_stocktake_create(struct req *r);
enum MHD_Result pharm_h_stocktake_get(struct req *r);
enum MHD_Result pharm_h_stocktake_counts(struct req *r);
enum MHD_Result pharm_h_stocktake_post(struct req *r);
enum MHD_Result pharm_h_min_stock_list(struct req *r);
enum MHD_Result pharm_h_min_stock_put(struct req *r);
enum MHD_Result pharm_h_adverse_list(struct req *r);
enum MHD_Result pharm_h_adverse_create(struct req *r);
enum MHD_Result pharm_h_adverse_export(struct req *r);
enum MHD_Result pharm_h_dashboard(struct req *r);

/* finance/ (books, receipts, remittance, payroll, assets, audits) */
enum MHD_Result fin_h_accounts(struct req *r);
enum MHD_Result fin_h_book(struct req *r);
enum MHD_Result fin_h_journal(struct req *r);
enum MHD_Result fin_h_ledger(struct req *r);
enum MHD_Result fin_h_statement(struct req *r);
enum MHD_Result fin_h_statement_export(struct req *r);
enum MHD_Result fin_h_closes(struct req *r);
enum MHD_Result fin_h_close(struct req *r);
enum MHD_Result fin_h_verify(struct req *r);
enum MHD_Result fin_h_takings(struct req *r);
enum MHD_Result fin_h_voucher_create(struct req *r);
enum MHD_Result fin_h_voucher_get(struct req *r);
enum MHD_Result fin_h_voucher_edit(struct req *r);
enum MHD_Result fin_h_voucher_reverse(struct req *r);
enum MHD_Result fin_h_receipts_list(struct req *r);
enum MHD_Result fin_h_receipt_create(struct req *r);
enum MHD_Result fin_h_receipt_get(struct req *r);
enum MHD_Result fin_h_receipt_cancel(struct req *r);
enum MHD_Result fin_h_receipts_export(struct req *r);
enum MHD_Result fin_h_remittances_list(struct req *r);
enum MHD_Result fin_h_remittance_create(struct req *r);
enum MHD_Result fin_h_expense_create(struct req *r);
enum MHD_Result fin_h_dues_list(struct req *r);
enum MHD_Result fin_h_due_create(struct req *r);
enum MHD_Result fin_h_due_payout(struct req *r);
enum MHD_Result fin_h_payroll_list(struct req *r);
enum MHD_Result fin_h_payroll_create(struct req *r);
enum MHD_Result fin_h_payroll_get(struct req *r);
enum MHD_Result fin_h_payroll_export(struct req *r);
enum MHD_Result fin_h_payslips_list(struct req *r);
enum MHD_Result fin_h_assets_list(struct req *r);
enum MHD_Result fin_h_asset_create(struct req *r);
enum MHD_Result fin_h_asset_get(struct req *r);
enum MHD_Result fin_h_asset_update(struct req *r);
enum MHD_Result fin_h_asset_request_create(struct req *r);
enum MHD_Result fin_h_asset_requests_list(struct req *r);
enum MHD_Result fin_h_asset_request_decide(struct req *r);
enum MHD_Result fin_h_assets_export(struct req *r);
enum MHD_Result fin_h_asset_checks_list(struct req *r);
enum MHD_Result fin_h_asset_check_create(struct req *r);
enum MHD_Result fin_h_asset_check_get(struct req *r);
enum MHD_Result fin_h_asset_check_results(struct req *r);
enum MHD_Result fin_h_asset_check_close(struct req *r);
enum MHD_Result fin_h_audit_visits_list(struct req *r);
enum MHD_Result fin_h_audit_visit_create(struct req *r);
enum MHD_Result fin_h_audit_visit_get(struct req *r);
enum MHD_Result fin_h_audit_finding_create(struct req *r);
enum MHD_Result fin_h_audit_finding_rectified(struct req *r);
enum MHD_Result fin_h_audit_findings_list(struct req *r);

#endif
