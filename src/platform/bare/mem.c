// SPDX-License-Identifier: BSD-3-Clause
/*
 * Raw memory for executor-private state (task records, coroutine stacks):
 * picolibc's allocator over the RAM the linker script leaves between the
 * end of .bss and the main stack. Audio paths never call it; the DSP heap
 * has its own arena.
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
