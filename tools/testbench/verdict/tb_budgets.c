// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_budgets.h"

#define MAX_BUDGET_BYTES (64ull << 20)

/* One term: 64K, 1M, 2S, S, 4096. */
static int parse_term(const char *t, size_t len, uint64_t engine_bytes, uint64_t *out)
{
	uint64_t n = 0, mult = 1;
	size_t digits = 0;

	while (digits < len && t[digits] >= '0' && t[digits] <= '9') {
		n = n * 10 + (uint64_t)(t[digits] - '0');
		if (n > MAX_BUDGET_BYTES || ++digits > 9)
			return -EINVAL;
	}
	if (digits + 1 == len) {
		switch (t[digits]) {
		case 'K': mult = 1024; break;
		case 'M': mult = 1024 * 1024; break;
		case 'S': mult = engine_bytes; n = digits ? n : 1; break;
		default: return -EINVAL;
		}
	} else if (digits != len || !digits) {
		return -EINVAL;
	}
	*out = n * mult;
	return *out <= MAX_BUDGET_BYTES ? 0 : -EINVAL;
}

static int parse_item(const char *item, size_t len, uint64_t engine_bytes, uint64_t *out)
{
	uint64_t total = 0;

	while (len) {
		const char *plus = memchr(item, '+', len);
		size_t tlen = plus ? (size_t)(plus - item) : len;
		uint64_t term;

		while (tlen && item[0] == ' ') {
			item++;
			tlen--;
			len--;
		}
		while (tlen && item[tlen - 1] == ' ')
			tlen--;
		if (parse_term(item, tlen, engine_bytes, &term))
			return -EINVAL;
		total += term;
		if (!plus)
			break;
		len -= (size_t)(plus - item) + 1;
		item = plus + 1;
		if (!len)
			return -EINVAL;
	}
	*out = total;
	return total && total <= MAX_BUDGET_BYTES ? 0 : -EINVAL;
}

static int ascending(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int tb_budgets_parse(const char *text, uint64_t engine_bytes, uint64_t *budgets,
		     uint32_t max, uint32_t *count, char *err, size_t err_size)
{
	const char *item = text;

	*count = 0;
	for (;;) {
		const char *comma = strchr(item, ',');
		size_t len = comma ? (size_t)(comma - item) : strlen(item);

		if (*count == max) {
			snprintf(err, err_size, "--budgets: more than %u totals", max);
			return -EINVAL;
		}
		if (parse_item(item, len, engine_bytes, &budgets[*count])) {
			snprintf(err, err_size, "--budgets: '%.*s' is not a total memory (expected "
				 "bytes, K, M or S terms joined by +, such as S+64K, 2S or 320K; "
				 "at most 64M)", (int)(len > 40 ? 40 : len), item);
			return -EINVAL;
		}
		(*count)++;
		if (!comma)
			break;
		item = comma + 1;
	}
	qsort(budgets, *count, sizeof(*budgets), ascending);
	for (uint32_t i = 1; i < *count; i++) {
		if (budgets[i] == budgets[i - 1]) {
			snprintf(err, err_size, "--budgets: %llu bytes is given twice",
				 (unsigned long long)budgets[i]);
			return -EINVAL;
		}
	}
	return 0;
}
