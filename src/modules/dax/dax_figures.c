// SPDX-License-Identifier: BSD-3-Clause
/*
 * The engine-memory figures every policy is compared by: bytes committed
 * on the heap and in the static region, their peak, and the live
 * instances. Both the per-instance lifespans (dax_memory.c) and the
 * region managers (dax_manager.c) report here; this file calls neither.
 */
#include "dax_priv.h"

static _Atomic size_t heap_committed;
static _Atomic size_t static_committed;
static _Atomic size_t peak_committed;
static _Atomic uint32_t instance_count;

static void raise_peak(void)
{
	size_t total = atomic_load(&heap_committed) + atomic_load(&static_committed);
	size_t peak = atomic_load(&peak_committed);

	while (total > peak &&
	       !atomic_compare_exchange_weak(&peak_committed, &peak, total))
		;
}

static void commit(_Atomic size_t *counter, size_t bytes, bool add)
{
	if (add)
		atomic_fetch_add(counter, bytes);
	else
		atomic_fetch_sub(counter, bytes);
	raise_peak();
}

void dax_commit_heap(size_t bytes, bool add)
{
	commit(&heap_committed, bytes, add);
}

void dax_commit_static(size_t bytes, bool add)
{
	commit(&static_committed, bytes, add);
}

void dax_set_held(struct dax *d, size_t bytes)
{
	atomic_store_explicit(&d->counters.committed_bytes, bytes, memory_order_relaxed);
}

void adx_dax_get_memory_stats(struct adx_dax_memory_stats *stats)
{
	stats->heap_bytes = atomic_load(&heap_committed);
	stats->static_bytes = atomic_load(&static_committed);
	stats->total_bytes = stats->heap_bytes + stats->static_bytes;
	stats->peak_total_bytes = atomic_load(&peak_committed);
	stats->instances = atomic_load(&instance_count);
}

void adx_dax_reset_peak(void)
{
	atomic_store(&peak_committed, atomic_load(&heap_committed) + atomic_load(&static_committed));
}

void dax_count_instance(bool add)
{
	if (add)
		atomic_fetch_add(&instance_count, 1);
	else
		atomic_fetch_sub(&instance_count, 1);
}
