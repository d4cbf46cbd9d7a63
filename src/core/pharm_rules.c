/* SPDX-License-Identifier: MIT */
/* This file contains the drugs and devices rules as pure functions (no I/O): the
 * first-expiry-first-out plan of which lots a quantity comes from, expiry on a date,
 * packages to base units, the zero mark-up price check (零差率, SR-DRG-1) and the share of
 * non-essential items (基药比例, LB-DRG-1). See core/pharm_rules.h. */
#include "core/pharm_rules.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Is lot A to be taken before lot B? Earliest expiry first; equal expiry by lot id, so
 * that the same stock always gives the same plan. */
static bool before(const struct fefo_lot *a, const struct fefo_lot *b)
{
	int c = strcmp(a->expiry_date, b->expiry_date);
	if (c != 0)
		return c < 0;
	return strcmp(a->lot_id, b->lot_id) < 0;
}

static bool usable(const struct fefo_lot *lot, const char *today)
{
	return !lot->on_hold && lot->on_hand > 0 && !pharm_expired(lot->expiry_date, today);
}

int pharm_fefo(const struct fefo_lot *lots, size_t n, long long quantity, const char *today,
	       struct fefo_pick *picks, size_t max, long long *short_by)
{
	long long left = quantity;
	size_t npicks = 0;
	/* The usable lots in FEFO order, by index (insertion sort: a place holds a few lots
	 * of an item, rarely more than a dozen). Owned here, freed below. */
	size_t *order = malloc((n ? n : 1) * sizeof(*order));
	size_t norder = 0;
	*short_by = 0;
	if (!order || quantity < 0) {
		free(order);
		*short_by = quantity < 0 ? 0 : quantity;
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!usable(&lots[i], today))
			continue;
		size_t at = norder++;
		while (at > 0 && before(&lots[i], &lots[order[at - 1]])) {
			order[at] = order[at - 1];
			at--;
		}
		order[at] = i;
	}
	for (size_t k = 0; k < norder && left > 0 && npicks < max; k++) {
		const struct fefo_lot *lot = &lots[order[k]];
		long long take = lot->on_hand < left ? lot->on_hand : left;
		picks[npicks].index = order[k];
		picks[npicks].quantity = take;
		npicks++;
		left -= take;
	}
	free(order);
	if (left > 0) {
		/* Short: also when more lots would be needed than PICKS has room for. */
		*short_by = left;
		return -1;
	}
	return (int)npicks;
}

bool pharm_expired(const char *expiry, const char *date)
{
	/* ISO civil dates compare as text; the expiry date itself is still a day of use. */
	return strcmp(date, expiry) > 0;
}

long long pharm_to_base(long long packages, long long units, long long units_per_package)
{
	long long in_packages, total;
	if (units_per_package <= 0 || packages < 0 || units < 0)
		return -1;
	if (__builtin_mul_overflow(packages, units_per_package, &in_packages))
		return -1;
	if (__builtin_add_overflow(in_packages, units, &total))
		return -1;
	return total;
}

bool pharm_price_ok(long long price_fen, long long cost_fen)
{
	return price_fen == cost_fen;
}

bool pharm_share_ok(long long non_essential, long long total, long long max_share_pct)
{
	/* No items, or no limit in the profile: nothing to judge. */
	if (total <= 0 || max_share_pct < 0)
		return true;
	if (non_essential < 0 || non_essential > total)
		return false;
	/* non_essential / total <= max / 100, exactly, in 128 bits. */
	return (__int128)non_essential * 100 <= (__int128)max_share_pct * total;
}
