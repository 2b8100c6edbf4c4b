/* SPDX-License-Identifier: BSD-3-Clause */
/* --budgets: total memories as bytes, K, M, or terms of the engine size S. */
#ifndef ADX_TB_BUDGETS_H
#define ADX_TB_BUDGETS_H

#include <stddef.h>
#include <stdint.h>

/*
 * "S+64K,2S,300K,1M,327680": each item is terms joined by '+', a term a
 * number with an optional K or M suffix, or [n]S. Sorted ascending,
 * duplicates refused. 0, or -EINVAL with err naming the item.
 */
int tb_budgets_parse(const char *text, uint64_t engine_bytes, uint64_t *budgets,
		     uint32_t max, uint32_t *count, char *err, size_t err_size);

#endif
