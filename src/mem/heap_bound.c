// SPDX-License-Identifier: BSD-3-Clause
/*
 * Worst-case memory of the classic fit policies (see heap.h): the arena
 * size below which some allocation sequence with at most M bytes live and
 * blocks between 1 and n units defeats the policy. Formulas as o1heap's
 * README tabulates them (first-fit and best-fit after Robson 1975,
 * half-fit after Ogasawara 1995); o1heap notes TLSF's bound is that of
 * best fit, approximately.
 */
#include <stdint.h>

#include "adx/mem/heap.h"

static const char *const fit_names[ADX_HEAP_FIT_COUNT] = {
	[ADX_HEAP_FIT_HALF] = "half-fit",
	[ADX_HEAP_FIT_FIRST] = "first-fit",
	[ADX_HEAP_FIT_BEST] = "best-fit",
	[ADX_HEAP_FIT_TLSF] = "tlsf",
};

const char *adx_heap_fit_name(enum adx_heap_fit fit)
{
	return (unsigned int)fit < ADX_HEAP_FIT_COUNT ? fit_names[fit] : "?";
}

/* ceil(log2 n) for n >= 1. */
static uint64_t ceil_log2(uint64_t n)
{
	return n <= 1 ? 0 : 64u - (uint64_t)__builtin_clzll(n - 1);
}

static uint64_t saturating_mul(uint64_t a, uint64_t b)
{
	return b && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

uint64_t adx_heap_worst_case_bytes(enum adx_heap_fit fit, uint64_t max_live, uint64_t ratio)
{
	if (ratio == 0)
		return 0;
	switch (fit) {
	case ADX_HEAP_FIT_HALF:
		return saturating_mul(saturating_mul(2, max_live), 1 + ceil_log2(ratio));
	case ADX_HEAP_FIT_FIRST:
		return saturating_mul(max_live, 1 + ceil_log2(ratio));
	case ADX_HEAP_FIT_BEST:
	case ADX_HEAP_FIT_TLSF:
		/* the formula is Robson's for large n; no heap needs less than M */
		return saturating_mul(max_live, ratio > 3 ? ratio - 2 : 1);
	default:
		return 0;
	}
}
