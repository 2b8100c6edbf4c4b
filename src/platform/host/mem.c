// SPDX-License-Identifier: BSD-3-Clause
/*
 * Raw memory for executor-private state (thread records, coroutine
 * bookkeeping). The only libc allocation in adx; audio paths never call it.
 */
#include <stdlib.h>

#include "adx/platform/platform.h"

void *adx_plat_zalloc(size_t size)
{
	return calloc(1, size);
}

void adx_plat_free(void *ptr)
{
	free(ptr);
}
