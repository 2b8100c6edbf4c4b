// SPDX-License-Identifier: BSD-3-Clause
/* Every check of every group, in the order they run (cheapest first). */
#include <string.h>

#include "val_checks.h"

#define VAL_MAX_CHECKS 32

static const struct val_check *const groups[] = {
	val_lifecycle_checks, val_memory_checks, val_audio_checks, val_config_checks,
	val_dp_checks,
};

const struct val_check *val_checks(size_t *count)
{
	static struct val_check all[VAL_MAX_CHECKS];
	static size_t n;

	if (!n)
		for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
			for (const struct val_check *c = groups[g]; c->name && n < VAL_MAX_CHECKS; c++)
				all[n++] = *c;
	*count = n;
	return all;
}
