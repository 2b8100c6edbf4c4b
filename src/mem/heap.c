// SPDX-License-Identifier: BSD-3-Clause
/*
 * The common layer every heap call goes through. Argument checks, the lock,
 * failure injection, the observer and the counters live here once, so each
 * implementation only manages blocks and the behaviour seen by callers is
 * the same on every heap.
 *
 * The observer runs after the lock is dropped: an observer that reads the
 * stats (a trace of the largest free block, say) must not deadlock.
 */
#include <errno.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/platform/log.h"
#include "adx/mem/module_mem.h"
#include "heap_impl.h"

#if defined(ADX_ASAN)
#include <sanitizer/asan_interface.h>
#endif

/*
 * Requests whose size is this close to SIZE_MAX overflow once a header and
 * the alignment padding are added; they are misuse, not memory pressure.
 */
#define HEAP_REQUEST_SLACK 256u

#ifndef ADX_HEAP_HARDENING_DEFAULT
#error "ADX_HEAP_HARDENING_DEFAULT comes from the build (src/mem/CMakeLists.txt)"
#endif

void adx_heap_base_init(struct adx_heap *heap, const struct adx_heap_ops *ops,
			void *arena, size_t arena_size)
{
	*heap = (struct adx_heap){
		.ops = ops,
		.arena = arena,
		.arena_size = arena_size,
		.next_owner_tag = 1,
		.hardening = ADX_HEAP_HARDENING_DEFAULT,
	};
}

static void heap_lock(const struct adx_heap *heap)
{
	if (heap->lock)
		heap->lock(heap->lock_ctx);
}

static void heap_unlock(const struct adx_heap *heap)
{
	if (heap->unlock)
		heap->unlock(heap->lock_ctx);
}

void adx_heap_enter(const struct adx_heap *heap)
{
	heap_lock(heap);
}

void adx_heap_leave(const struct adx_heap *heap)
{
	heap_unlock(heap);
}

static void heap_notify(const struct adx_heap *heap, adx_heap_observer_fn observer,
			void *ctx, const struct adx_heap_event *event)
{
	if (observer)
		observer(ctx, heap, event);
}

/* Why an allocation request is misuse, or NULL when it is a valid request. */
static const char *alloc_request_flaw(size_t size, size_t align)
{
	if (size == 0)
		return "zero size";
	if (align & (align - 1))
		return "alignment is not a power of two";
	if (align > SIZE_MAX / 2 || size > SIZE_MAX - align - HEAP_REQUEST_SLACK)
		return "size overflows once header and alignment are added";
	return NULL;
}

/* Counts a valid attempt; true when the armed injection says this one fails. */
static bool injection_fires(struct adx_heap *heap)
{
	heap->alloc_attempts++;
#if !ADX_TEST_HOOKS
	return false;
#else
	if (heap->fail_countdown == 0 || --heap->fail_countdown)
		return false;
	if (heap->fail_sticky)
		heap->fail_countdown = 1;
	return true;
#endif
}

/*
 * Whether the heap may act at all: not after a check found it corrupt, and
 * at EXTREME only when a full walk finds every invariant intact.
 */
static bool heap_trustworthy(struct adx_heap *heap)
{
	if (heap->corrupt)
		return false;
	if (heap->hardening < ADX_HEAP_HARDENING_EXTREME || !heap->ops->validate(heap))
		return true;
	heap->corrupt = true;
	adx_err("heap", "%s: full walk failed: heap marked corrupt, refusing service",
		heap->ops->name);
	return false;
}

static void track_high_water(struct adx_heap *heap)
{
	size_t used = heap->ops->used_bytes(heap);

	if (used > heap->high_water_bytes)
		heap->high_water_bytes = used;
}

void *adx_heap_alloc(struct adx_heap *heap, size_t size, size_t align, uint16_t owner)
{
	struct adx_heap_event event = { .size = size, .owner = owner };
	adx_heap_observer_fn observer;
	const char *flaw;
	void *ptr = NULL;
	void *ctx;

	if (!heap)
		return NULL;
	heap_lock(heap);
	observer = heap->observer;
	ctx = heap->observer_ctx;
	flaw = alloc_request_flaw(size, align);
	if (flaw) {
		heap->bad_calls++;
		event.kind = ADX_HEAP_EV_BAD_CALL;
	} else if (!injection_fires(heap) && heap_trustworthy(heap) &&
		   (ptr = heap->ops->alloc(heap, size, align < 8 ? 8 : align, owner))) {
		heap->allocs++;
		track_high_water(heap);
		event.kind = ADX_HEAP_EV_ALLOC;
	} else {
		heap->alloc_failures++;
		event.kind = ADX_HEAP_EV_FAIL;
	}
	heap_unlock(heap);
	event.ptr = ptr;
	if (flaw)
		adx_err("heap", "%s: alloc(%zu, align %zu) rejected: %s", heap->ops->name,
			size, align, flaw);
	heap_notify(heap, observer, ctx, &event);
	return ptr;
}

int adx_heap_free(struct adx_heap *heap, void *ptr)
{
	struct adx_heap_event event = { .kind = ADX_HEAP_EV_FREE, .ptr = ptr };
	adx_heap_observer_fn observer;
	void *ctx;
	int rc = -EINVAL;

	if (!heap)
		return -EINVAL;
	heap_lock(heap);
	observer = heap->observer;
	ctx = heap->observer_ctx;
	if (ptr && !heap_trustworthy(heap)) {
		rc = -EFAULT;
	} else if (ptr) {
		struct adx_heap_block info = { .owner = ADX_OWNER_NONE };

		/* only an observer needs the size and owner: skip the probe otherwise */
		if (observer)
			heap->ops->block_info(heap, ptr, &info);
		event.size = info.payload_size;
		event.owner = info.owner;
		rc = heap->ops->free(heap, ptr);
	}
	if (rc) {
		heap->bad_calls++;
		event.kind = ADX_HEAP_EV_BAD_CALL;
	} else {
		heap->frees++;
	}
	heap_unlock(heap);
	if (!ptr)
		adx_err("heap", "%s: free(NULL) rejected", heap->ops->name);
	heap_notify(heap, observer, ctx, &event);
	return rc;
}

void adx_heap_get_stats(const struct adx_heap *heap, struct adx_heap_stats *stats)
{
	heap_lock(heap);
	heap->ops->get_stats(heap, stats);
	stats->high_water_bytes = heap->high_water_bytes;
	stats->allocs = heap->allocs;
	stats->frees = heap->frees;
	stats->alloc_failures = heap->alloc_failures;
	stats->bad_calls = heap->bad_calls;
	heap_unlock(heap);
}

int adx_heap_validate(const struct adx_heap *heap)
{
	int rc;

	heap_lock(heap);
	rc = heap->ops->validate(heap);
	heap_unlock(heap);
	return rc;
}

void adx_heap_walk(const struct adx_heap *heap, adx_heap_visit_fn visit, void *ctx)
{
	heap_lock(heap);
	heap->ops->walk(heap, visit, ctx);
	heap_unlock(heap);
}

size_t adx_heap_block_size(const struct adx_heap *heap, const void *ptr)
{
	size_t size;

	heap_lock(heap);
	size = heap->ops->block_size(heap, ptr);
	heap_unlock(heap);
	return size;
}

int adx_heap_block_info(const struct adx_heap *heap, const void *ptr,
			struct adx_heap_block *info)
{
	int rc;

	heap_lock(heap);
	rc = heap->ops->block_info(heap, ptr, info);
	heap_unlock(heap);
	return rc;
}

/*
 * Every owner still registered dies with the heap, as a released one does
 * (module_mem.h): its tag is gone and its heap reads NULL, so memory kept
 * past the heap's life is never reached through it.
 */
static void orphan_owners(struct adx_heap *heap)
{
	struct adx_mem_owner *owner = heap->owners;

	while (owner) {
		struct adx_mem_owner *next = owner->next;

		owner->tag = ADX_OWNER_NONE;
		owner->heap = NULL;
		owner->next = NULL;
		owner->prev = NULL;
		owner = next;
	}
	heap->owners = NULL;
	heap->owner_count = 0;
}

void adx_heap_retire(struct adx_heap *heap)
{
	orphan_owners(heap);
#if defined(ADX_ASAN)
	ASAN_UNPOISON_MEMORY_REGION(heap->arena, heap->arena_size);
#endif
}

#if ADX_TEST_HOOKS
void adx_heap_inject_failure(struct adx_heap *heap, uint64_t nth, bool sticky)
{
	heap_lock(heap);
	heap->fail_countdown = nth;
	heap->fail_sticky = sticky;
	heap_unlock(heap);
}
#endif

int adx_heap_set_hardening(struct adx_heap *heap, enum adx_heap_hardening level)
{
	int rc = 0;

	if (!heap || (unsigned int)level >= ADX_HEAP_HARDENING_COUNT)
		return -EINVAL;
	heap_lock(heap);
	if (heap->ops->used_bytes(heap)) {
		rc = -EBUSY;
	} else {
		heap->hardening = level;
		if (heap->ops->set_hardening)
			heap->ops->set_hardening(heap, level);
	}
	heap_unlock(heap);
	return rc;
}

enum adx_heap_hardening adx_heap_get_hardening(const struct adx_heap *heap)
{
	return heap->hardening;
}

bool adx_heap_is_corrupt(const struct adx_heap *heap)
{
	bool corrupt;

	heap_lock(heap);
	corrupt = heap->corrupt;
	heap_unlock(heap);
	return corrupt;
}

void adx_heap_set_observer(struct adx_heap *heap, adx_heap_observer_fn fn, void *ctx)
{
	heap_lock(heap);
	heap->observer = fn;
	heap->observer_ctx = ctx;
	heap_unlock(heap);
}

/* Installed before other threads use the heap: the swap itself is not locked. */
void adx_heap_set_lock(struct adx_heap *heap, adx_heap_lock_fn lock,
		       adx_heap_lock_fn unlock, void *ctx)
{
	heap->lock = lock;
	heap->unlock = unlock;
	heap->lock_ctx = ctx;
}

double adx_heap_fragmentation(const struct adx_heap_stats *stats)
{
	if (stats->free_bytes == 0)
		return 0.0;
	return 1.0 - (double)stats->largest_free_block_bytes / (double)stats->free_bytes;
}
