// SPDX-License-Identifier: BSD-3-Clause
/*
 * Two heaps behind one handle: large requests go to their own zone, so the
 * churn of small buffers can never fragment the space a large buffer needs
 * (SOF keeps large buffers apart for the same reason). Each zone is a full
 * heap with its own counters, observer and injection; the zoned handle adds
 * its own on top through the common layer.
 */
#include <errno.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/platform/log.h"
#include "heap_impl.h"

static const struct adx_zoned_heap *zoned_of(const struct adx_heap *heap)
{
	return (const struct adx_zoned_heap *)heap;
}

static bool zone_holds(const struct adx_heap *zone, const void *ptr)
{
	uintptr_t p = (uintptr_t)ptr, base = (uintptr_t)zone->arena;

	return p >= base && p - base < zone->arena_size;
}

/* The zone whose arena contains ptr, or NULL. */
static struct adx_heap *zone_of(const struct adx_heap *heap, const void *ptr)
{
	const struct adx_zoned_heap *z = zoned_of(heap);

	if (zone_holds(z->general, ptr))
		return z->general;
	if (zone_holds(z->large, ptr))
		return z->large;
	return NULL;
}

static void *zoned_alloc(struct adx_heap *heap, size_t size, size_t align, uint16_t owner)
{
	const struct adx_zoned_heap *z = zoned_of(heap);

	return adx_heap_alloc(size >= z->large_threshold ? z->large : z->general, size,
			      align, owner);
}

static int zoned_free(struct adx_heap *heap, void *ptr)
{
	struct adx_heap *zone = zone_of(heap, ptr);

	if (!zone) {
		adx_err("heap", "%s: free(%p) rejected: pointer in neither zone",
			heap->ops->name, ptr);
		return -EINVAL;
	}
	return adx_heap_free(zone, ptr);
}

/*
 * Largest request that succeeds: the general zone serves requests below the
 * threshold, the large zone those at or above it.
 */
static size_t zoned_largest_request(const struct adx_zoned_heap *z,
				    const struct adx_heap_stats *general,
				    const struct adx_heap_stats *large)
{
	size_t small = general->largest_free_bytes;

	if (small >= z->large_threshold)
		small = z->large_threshold - 1;
	if (large->largest_free_bytes >= z->large_threshold)
		return large->largest_free_bytes;
	return small;
}

static void zoned_get_stats(const struct adx_heap *heap, struct adx_heap_stats *stats)
{
	const struct adx_zoned_heap *z = zoned_of(heap);
	struct adx_heap_stats g, l;

	adx_heap_get_stats(z->general, &g);
	adx_heap_get_stats(z->large, &l);
	*stats = (struct adx_heap_stats){
		.total_bytes = g.total_bytes + l.total_bytes,
		.used_bytes = g.used_bytes + l.used_bytes,
		.free_bytes = g.free_bytes + l.free_bytes,
		.largest_free_bytes = zoned_largest_request(z, &g, &l),
		.largest_free_block_bytes = g.largest_free_block_bytes > l.largest_free_block_bytes
						    ? g.largest_free_block_bytes
						    : l.largest_free_block_bytes,
		.used_blocks = g.used_blocks + l.used_blocks,
		.free_blocks = g.free_blocks + l.free_blocks,
	};
}

static int zoned_validate(const struct adx_heap *heap)
{
	const struct adx_zoned_heap *z = zoned_of(heap);
	int rc = adx_heap_validate(z->general);

	return rc ? rc : adx_heap_validate(z->large);
}

static void zoned_walk(const struct adx_heap *heap, adx_heap_visit_fn visit, void *ctx)
{
	const struct adx_zoned_heap *z = zoned_of(heap);

	adx_heap_walk(z->general, visit, ctx);
	adx_heap_walk(z->large, visit, ctx);
}

static size_t zoned_block_size(const struct adx_heap *heap, const void *ptr)
{
	struct adx_heap *zone = zone_of(heap, ptr);

	return zone ? adx_heap_block_size(zone, ptr) : 0;
}

static int zoned_block_info(const struct adx_heap *heap, const void *ptr,
			    struct adx_heap_block *info)
{
	struct adx_heap *zone = zone_of(heap, ptr);

	return zone ? adx_heap_block_info(zone, ptr, info) : -EINVAL;
}

static size_t zoned_used_bytes(const struct adx_heap *heap)
{
	const struct adx_zoned_heap *z = zoned_of(heap);

	return z->general->ops->used_bytes(z->general) + z->large->ops->used_bytes(z->large);
}

/* Both zones follow the handle's level (each checks it has no live block). */
static void zoned_set_hardening(struct adx_heap *heap, enum adx_heap_hardening level)
{
	const struct adx_zoned_heap *z = zoned_of(heap);

	adx_heap_set_hardening(z->general, level);
	adx_heap_set_hardening(z->large, level);
}

static const struct adx_heap_ops zoned_ops = {
	.name = "zoned",
	.alloc = zoned_alloc,
	.free = zoned_free,
	.get_stats = zoned_get_stats,
	.validate = zoned_validate,
	.walk = zoned_walk,
	.block_size = zoned_block_size,
	.block_info = zoned_block_info,
	.used_bytes = zoned_used_bytes,
	.set_hardening = zoned_set_hardening,
};

struct adx_heap *adx_heap_init_zoned(struct adx_zoned_heap *state,
				     struct adx_heap *general,
				     struct adx_heap *large,
				     size_t large_threshold)
{
	if (!state || !general || !large || general == large || large_threshold == 0)
		return NULL;
	adx_heap_base_init(&state->base, &zoned_ops, NULL, 0);
	state->general = general;
	state->large = large;
	state->large_threshold = large_threshold;
	return &state->base;
}
