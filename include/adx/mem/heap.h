/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DSP heap over a caller-given fixed arena.
 *
 * One interface, several implementations behind an ops table:
 *  - adx_heap_init_tlsf():    adx's own heap; two-level segregated fits with
 *                             size classes finer than powers of two, O(1)
 *                             alloc/free, immediate coalescing.
 *  - adx_heap_init_sysheap(): a model of Zephyr's sys_heap written from its
 *                             documented design (power-of-two buckets,
 *                             bounded first-fit of three tries), kept so the
 *                             fragmentation failure in the DAX discussion
 *                             can be reproduced and compared.
 *  - adx_heap_init_zoned():   two heaps behind one handle: requests at or
 *                             above a threshold go to a large-buffer zone
 *                             (as SOF keeps large buffers apart).
 *
 * No implementation calls libc allocation. A heap is not thread-safe by
 * itself; adx_heap_set_lock() installs a lock when several threads
 * allocate. Every block carries a 16-bit owner tag (see module_mem.h) that
 * block maps and leak reports use.
 *
 * Errors are reported, never turned into corruption: a double free, a
 * pointer outside the arena or not at a block start, a zero or overflowing
 * size all return a negative errno (or NULL) and count in
 * adx_heap_stats.bad_calls.
 */
#ifndef ADX_HEAP_H
#define ADX_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Struct layouts depend on it, so every user must see the same value. */
#ifndef ADX_TEST_HOOKS
#error "ADX_TEST_HOOKS (0 or 1) comes from the build (CMake option ADX_TEST_HOOKS)"
#endif
#if ADX_TEST_HOOKS
#include "adx/test_hooks.h"
#endif

struct adx_heap;
struct adx_mem_owner;

/*
 * Hardening levels, with Zephyr's names and meanings (docs/heap.md gives
 * each level's cost). Each level adds to the one before:
 *  - NONE:     free trusts the header in front of the pointer (only the
 *              pointer's range and alignment are checked); alloc trusts
 *              the free lists;
 *  - BASIC:    free checks the header (a double free, a foreign or interior
 *              pointer) and that the right neighbour's header is intact (an
 *              overflow off the block's end);
 *  - MODERATE: every free block and every list link the heap is about to
 *              follow or rewrite is checked first (header intact and free,
 *              links in range and pointing back), as are both physical
 *              neighbours on free: a write after free into a free block is
 *              caught before the heap acts on it;
 *  - FULL:     adds an 8-byte trailer canary behind every payload, checked
 *              on free;
 *  - EXTREME:  adds a full heap walk (adx_heap_validate) before every alloc
 *              and free.
 * A check that fails logs the address and what was wrong. A rejected free
 * (-EINVAL/-EFAULT) leaves the heap as it was; corruption found in the
 * heap's own structures marks the heap corrupt: from then on every alloc
 * returns NULL and every free -EFAULT, so corrupt memory is never handed out.
 */
enum adx_heap_hardening {
	ADX_HEAP_HARDENING_NONE,
	ADX_HEAP_HARDENING_BASIC,
	ADX_HEAP_HARDENING_MODERATE,
	ADX_HEAP_HARDENING_FULL,
	ADX_HEAP_HARDENING_EXTREME,
	ADX_HEAP_HARDENING_COUNT,
};

struct adx_heap_stats {
	size_t total_bytes;        /* bytes usable for blocks (arena minus metadata) */
	size_t used_bytes;         /* bytes in allocated blocks, headers included */
	size_t free_bytes;         /* bytes in free blocks, headers included */
	size_t high_water_bytes;   /* maximum used_bytes ever seen */
	/*
	 * Largest request that would succeed now with align 0 (or 8): with
	 * L = largest_free_bytes, adx_heap_alloc(L, 0) succeeds and
	 * adx_heap_alloc(L + 1, 0) fails. 0 when nothing is free.
	 *
	 * With a larger align A, adx_heap_alloc(L + 1, A) fails as well, and
	 * on a TLSF or sys_heap-model heap adx_heap_alloc(L - A - 16, A)
	 * succeeds: that much is sure to fit whatever the gap in front of the
	 * aligned payload (a zoned heap routes by size, so for it the bound
	 * holds per zone). In between it depends on where free payloads fall:
	 * adx's heap uses a block whose own gap leaves room (a hole left by a
	 * freed buffer of the same size and alignment, 240 B or more, is
	 * reused, up to L),
	 * the sys_heap model always pads by A, as Zephyr's aligned alloc does.
	 */
	size_t largest_free_bytes;
	size_t largest_free_block_bytes; /* the largest free block, header included */
	uint32_t used_blocks;
	uint32_t free_blocks;
	uint64_t allocs;           /* successful allocations */
	uint64_t frees;            /* successful frees */
	uint64_t alloc_failures;   /* NULL returns for valid requests (incl. injected) */
	uint64_t bad_calls;        /* rejected misuse: double free, foreign pointer, ... */
};

/* 1 - largest free block / free bytes (headers included); 0 when nothing is free. */
double adx_heap_fragmentation(const struct adx_heap_stats *stats);

/* One block as seen by adx_heap_walk(): offsets are from the arena start. */
struct adx_heap_block {
	uint32_t offset;
	uint32_t size;      /* whole block, header included */
	bool used;
	uint16_t owner;     /* ADX_OWNER_NONE for free blocks */
	uint32_t payload_size; /* adx_heap_block_size() of a used block, 0 if free */
	void *ptr;          /* what adx_heap_alloc() returned, NULL if free */
};

#define ADX_OWNER_NONE 0u

typedef void (*adx_heap_visit_fn)(void *ctx, const struct adx_heap_block *block);

/* What an observer is told about (traces, reports, the reliability harness). */
enum adx_heap_event_kind {
	ADX_HEAP_EV_ALLOC,
	ADX_HEAP_EV_FREE,
	ADX_HEAP_EV_FAIL,     /* valid request that could not be met (or injected) */
	ADX_HEAP_EV_BAD_CALL,
};

struct adx_heap_event {
	enum adx_heap_event_kind kind;
	const void *ptr;
	size_t size;        /* requested size (ALLOC/FAIL) or block payload (FREE) */
	uint16_t owner;
};

typedef void (*adx_heap_observer_fn)(void *ctx, const struct adx_heap *heap,
				     const struct adx_heap_event *event);

typedef void (*adx_heap_lock_fn)(void *lock_ctx);

/*
 * An implementation. The common layer (src/mem/heap.c) checks arguments,
 * takes the lock, applies failure injection, counts and notifies; ops see
 * only valid requests (size > 0, align a power of two >= 8) and run locked.
 */
struct adx_heap_ops {
	const char *name;
	void *(*alloc)(struct adx_heap *heap, size_t size, size_t align, uint16_t owner);
	int (*free)(struct adx_heap *heap, void *ptr);
	void (*get_stats)(const struct adx_heap *heap, struct adx_heap_stats *stats);
	int (*validate)(const struct adx_heap *heap);
	void (*walk)(const struct adx_heap *heap, adx_heap_visit_fn visit, void *ctx);
	size_t (*block_size)(const struct adx_heap *heap, const void *ptr);
	/* fills *info for the live block at ptr: 0, -EINVAL (not a block start), -EFAULT (free) */
	int (*block_info)(const struct adx_heap *heap, const void *ptr,
			  struct adx_heap_block *info);
	/* used_bytes of the stats in O(1): the common layer keeps high-water with it */
	size_t (*used_bytes)(const struct adx_heap *heap);
	/* switches the level of an empty heap (the common layer checks both) */
	void (*set_hardening)(struct adx_heap *heap, enum adx_heap_hardening level);
};

/*
 * Common part of every heap. Implementations embed it first in their own
 * state; the state itself lives at the start of the arena, so the caller
 * allocates nothing but the arena.
 */
struct adx_heap {
	const struct adx_heap_ops *ops;
	uint8_t *arena;
	size_t arena_size;
#if ADX_TEST_HOOKS
	/* allocation-failure injection (adx/test_hooks.h): fail the Nth
	 * allocation from now (1-based), 0 = off */
	uint64_t fail_countdown;
	bool fail_sticky;           /* keep failing after the Nth */
#endif
	/* small fields here fill the padding after fail_sticky: state stays its size */
	uint8_t hardening;          /* enum adx_heap_hardening */
	bool corrupt;               /* a check failed: the heap refuses service */
	uint64_t alloc_attempts;    /* counts every valid alloc request */
	adx_heap_observer_fn observer;
	void *observer_ctx;
	adx_heap_lock_fn lock;
	adx_heap_lock_fn unlock;
	void *lock_ctx;
	/* counters kept once by the common layer (src/mem/heap.c) */
	uint64_t allocs;
	uint64_t frees;
	uint64_t alloc_failures;
	uint64_t bad_calls;
	size_t high_water_bytes;
	/* owner registry of module_mem.h: live owners and the next tag to try */
	struct adx_mem_owner *owners;
	uint32_t owner_count;
	uint16_t next_owner_tag;
	bool owner_tags_wrapped;    /* tags below next_owner_tag may be reused */
};

/*
 * Initialise a heap in arena[0 .. size). The heap's bookkeeping lives inside
 * the arena; the returned handle points into it. Returns NULL if the arena is
 * too small or misaligned (the arena must be 8-byte aligned and at most
 * 2 GiB - 1).
 */
struct adx_heap *adx_heap_init_tlsf(void *arena, size_t size);
struct adx_heap *adx_heap_init_sysheap(void *arena, size_t size);

/* The heap designs behind this interface, as tools and reports name them. */
enum adx_heap_kind {
	ADX_HEAP_KIND_ADX,      /* "adx": the TLSF-style heap (adx_heap_init_tlsf) */
	ADX_HEAP_KIND_SYSHEAP,  /* "sysheap": the sys_heap model (adx_heap_init_sysheap) */
	ADX_HEAP_KIND_COUNT,
};

/* The kind's name; "?" out of range. */
const char *adx_heap_kind_name(enum adx_heap_kind kind);
/* The kind named `name` (exact): 0 or -EINVAL. */
int adx_heap_kind_parse(const char *name, enum adx_heap_kind *kind);
/* adx_heap_init_tlsf() or adx_heap_init_sysheap() by kind; NULL for a bad kind. */
struct adx_heap *adx_heap_init_kind(enum adx_heap_kind kind, void *arena, size_t size);

/*
 * Zoned heap: `general` and `large` are heaps created by the calls above;
 * requests of at least large_threshold bytes go to `large`, others to
 * `general`; neither falls back to the other (a DSP keeps them apart so small
 * churn cannot fragment the large zone). The zoned handle's own state lives
 * in `state`, which must outlive it; stats sum both zones (largest_free is
 * the larger of the two) and walk reports general blocks, then large ones,
 * with offsets relative to each zone's arena.
 */
struct adx_zoned_heap {
	struct adx_heap base;
	struct adx_heap *general;
	struct adx_heap *large;
	size_t large_threshold;
};
struct adx_heap *adx_heap_init_zoned(struct adx_zoned_heap *state,
				     struct adx_heap *general,
				     struct adx_heap *large,
				     size_t large_threshold);

/*
 * A heap starts at the build's default level (CMake ADX_HEAP_HARDENING:
 * MODERATE in Debug/RelWithDebInfo builds, BASIC in Release/MinSizeRel).
 * Choose another right after init: 0, -EINVAL for a bad level, -EBUSY when
 * blocks are live (FULL changes the block layout).
 */
int adx_heap_set_hardening(struct adx_heap *heap, enum adx_heap_hardening level);
enum adx_heap_hardening adx_heap_get_hardening(const struct adx_heap *heap);
/* "none", "basic", "moderate", "full", "extreme"; "?" out of range. */
const char *adx_heap_hardening_name(enum adx_heap_hardening level);
/* The level named `name` (exact): 0 or -EINVAL. */
int adx_heap_hardening_parse(const char *name, enum adx_heap_hardening *level);
/* True once a check found the heap's own structures damaged. */
bool adx_heap_is_corrupt(const struct adx_heap *heap);

/*
 * Robson-style worst-case memory (o1heap's README table, after Robson 1975
 * and Ogasawara 1995): the arena that guarantees no allocation fails for
 * lack of a fitting hole, for at most `max_live` bytes live at once and a
 * ratio `ratio` of largest to smallest block (both in units of the
 * smallest block). Per-block header overhead is not included.
 *   half-fit   2 M (1 + ceil(log2 n))
 *   first-fit    M (1 + ceil(log2 n))
 *   best-fit     M (n - 2)   (TLSF: the same, as o1heap tabulates it)
 * Returns 0 for ratio 0, and UINT64_MAX when the result overflows.
 */
enum adx_heap_fit {
	ADX_HEAP_FIT_HALF,
	ADX_HEAP_FIT_FIRST,
	ADX_HEAP_FIT_BEST,
	ADX_HEAP_FIT_TLSF,
	ADX_HEAP_FIT_COUNT,
};
uint64_t adx_heap_worst_case_bytes(enum adx_heap_fit fit, uint64_t max_live, uint64_t ratio);
const char *adx_heap_fit_name(enum adx_heap_fit fit);

/* Allocate `size` bytes aligned to `align` (a power of two, 0 means 8). */
void *adx_heap_alloc(struct adx_heap *heap, size_t size, size_t align, uint16_t owner);
/* 0, or -EINVAL for NULL/foreign/interior pointers, -EFAULT for a double free. */
int adx_heap_free(struct adx_heap *heap, void *ptr);
void adx_heap_get_stats(const struct adx_heap *heap, struct adx_heap_stats *stats);
/* Walks every block and checks every invariant; 0 or -EFAULT (and logs which). */
int adx_heap_validate(const struct adx_heap *heap);
/* Visits every block in address order, under the lock: `visit` must not call the heap. */
void adx_heap_walk(const struct adx_heap *heap, adx_heap_visit_fn visit, void *ctx);
/* Payload bytes of the block at ptr, 0 if ptr is not a live block. */
size_t adx_heap_block_size(const struct adx_heap *heap, const void *ptr);

/*
 * Describes the live block whose payload starts at ptr (owner, sizes,
 * offset) without changing anything: 0, -EINVAL for a pointer that is not a
 * block start, -EFAULT for a free block. Not counted as a bad call.
 */
int adx_heap_block_info(const struct adx_heap *heap, const void *ptr,
			struct adx_heap_block *info);

/*
 * Hands the arena back to its owner as ordinary memory: under ASan builds the
 * heap keeps headers and free payloads poisoned, and this unpoisons the
 * whole arena (needed before a stack or reused arena is touched again).
 * Memory owners still registered on it die with it (module_mem.h: their
 * heap reads NULL), so whatever kept memory past the heap's life knows.
 * The heap must not be used afterwards.
 */
void adx_heap_retire(struct adx_heap *heap);

/* The observer runs after the heap call, outside the lock, so it may read stats. */
void adx_heap_set_observer(struct adx_heap *heap, adx_heap_observer_fn fn, void *ctx);
/* Install before other threads use the heap; NULL functions remove the lock. */
void adx_heap_set_lock(struct adx_heap *heap, adx_heap_lock_fn lock,
		       adx_heap_lock_fn unlock, void *ctx);

#endif
