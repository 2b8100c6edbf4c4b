/* SPDX-License-Identifier: BSD-3-Clause */
/* What a heap implementation of this folder needs from the common layer. */
#ifndef ADX_MEM_HEAP_IMPL_H
#define ADX_MEM_HEAP_IMPL_H

#include <stddef.h>

#include "adx/mem/heap.h"

/* Resets the common part: no observer, lock or injection; counters zero. */
void adx_heap_base_init(struct adx_heap *heap, const struct adx_heap_ops *ops,
			void *arena, size_t arena_size);

/* The heap's installed lock (no-op without one); never held across a heap call. */
void adx_heap_enter(const struct adx_heap *heap);
void adx_heap_leave(const struct adx_heap *heap);

#endif
