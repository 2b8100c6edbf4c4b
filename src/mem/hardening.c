// SPDX-License-Identifier: BSD-3-Clause
/* The hardening levels' names, as tools, benches and reports spell them. */
#include <errno.h>
#include <string.h>

#include "adx/mem/heap.h"

static const char *const level_names[ADX_HEAP_HARDENING_COUNT] = {
	[ADX_HEAP_HARDENING_NONE] = "none",
	[ADX_HEAP_HARDENING_BASIC] = "basic",
	[ADX_HEAP_HARDENING_MODERATE] = "moderate",
	[ADX_HEAP_HARDENING_FULL] = "full",
	[ADX_HEAP_HARDENING_EXTREME] = "extreme",
};

const char *adx_heap_hardening_name(enum adx_heap_hardening level)
{
	return (unsigned int)level < ADX_HEAP_HARDENING_COUNT ? level_names[level] : "?";
}

int adx_heap_hardening_parse(const char *name, enum adx_heap_hardening *level)
{
	if (!name || !level)
		return -EINVAL;
	for (unsigned int i = 0; i < ADX_HEAP_HARDENING_COUNT; i++) {
		if (!strcmp(name, level_names[i])) {
			*level = (enum adx_heap_hardening)i;
			return 0;
		}
	}
	return -EINVAL;
}
