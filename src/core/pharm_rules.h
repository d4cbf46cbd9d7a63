/* SPDX-License-Identifier: MIT */
/* The drugs and devices rules as pure functions: first-expiry-first-out lot choice,
 * base-unit conversion, expiry, the zero mark-up price check (SR-DRG-1) and the share of
 * non-essential items (LB-DRG-1). Dates are ISO civil dates, money integer fen, quantities
 * integer base units. */
#ifndef YTH_CORE_PHARM_RULES_H
#define YTH_CORE_PHARM_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* A lot on hand somewhere, as FEFO sees it. */
struct fefo_lot {
	const char *lot_id;
	const char *expiry_date; /* the last day it may be used */
	long long on_hand;
	bool on_hold;
};

/* One pick of a FEFO plan: QUANTITY from LOTS[INDEX]. */
struct fefo_pick {
	size_t index;
	long long quantity;
};

/* Plan taking QUANTITY from the N LOTS first-expiry-first-out (earliest expiry first, ties
 * by lot id), skipping lots expired on TODAY (a lot is usable on its expiry date and not
 * after) and lots on hold. Writes at most MAX picks to PICKS. Returns the number of picks,
 * or -1 if the usable stock is short of QUANTITY (*SHORT_BY gets how much). */
int pharm_fefo(const struct fefo_lot *lots, size_t n, long long quantity, const char *today,
	       struct fefo_pick *picks, size_t max, long long *short_by);

/* True if a lot expiring on EXPIRY may not be used on DATE (the day after its expiry). */
bool pharm_expired(const char *expiry, const char *date);

/* PACKAGES packages and UNITS base units in base units (UNITS_PER_PACKAGE in one package);
 * -1 on overflow or a bad conversion. */
long long pharm_to_base(long long packages, long long units, long long units_per_package);

/* SR-DRG-1: the only price a lot may be sold at is its cost. True if PRICE equals COST. */
bool pharm_price_ok(long long price_fen, long long cost_fen);

/* LB-DRG-1: with NON_ESSENTIAL of TOTAL distinct items non-essential, may a clinic hold or
 * request them when the profile allows MAX_SHARE_PCT percent (integers, exact)? */
bool pharm_share_ok(long long non_essential, long long total, long long max_share_pct);

#endif
