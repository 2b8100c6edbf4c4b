// SPDX-License-Identifier: BSD-3-Clause
/*
 * The heap kinds' vocabulary: one table names each design and says how to
 * build it, so a new heap is one enum value and one row here.
 */
#include <errno.h>
#include <string.h>

#include "adx/mem/heap.h"

struct heap_kind {
	const char *name;
	struct adx_heap *(*init)(void *arena, size_t size);
};

static const struct heap_kind kinds[ADX_HEAP_KIND_COUNT] = {
	[ADX_HEAP_KIND_ADX] = { "adx", adx_heap_init_tlsf },
	[ADX_HEAP_KIND_SYSHEAP] = { "sysheap", adx_heap_init_sysheap },
};

const char *adx_heap_kind_name(enum adx_heap_kind kind)
{
	return (unsigned int)kind < ADX_HEAP_KIND_COUNT ? kinds[kind].name : "?";
}

int adx_heap_kind_parse(const char *name, enum adx_heap_kind *kind)
{
	if (!name || !kind)
		return -EINVAL;
	for (unsigned int i = 0; i < ADX_HEAP_KIND_COUNT; i++) {
		if (!strcmp(name, kinds[i].name)) {
			*kind = (enum adx_heap_kind)i;
			return 0;
		}
	}
	return -EINVAL;
}

struct adx_heap *adx_heap_init_kind(enum adx_heap_kind kind, void *arena, size_t size)
{
	if ((unsigned int)kind >= ADX_HEAP_KIND_COUNT)
		return NULL;
	return kinds[kind].init(arena, size);
}
