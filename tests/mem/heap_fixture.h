/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared by the tests of tests/mem: a heap of each kind over static arenas,
 * a fixed PRNG, a log capture, and a walk summary (the independent view of
 * the heap that the tests compare the heap's own figures against).
 */
#ifndef ADX_TESTS_MEM_HEAP_FIXTURE_H
#define ADX_TESTS_MEM_HEAP_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "rng.h"

enum heap_kind {
	KIND_TLSF,
	KIND_SYSHEAP,
	KIND_ZONED,     /* TLSF general zone + TLSF large zone */
	KIND_COUNT,
};

/* Requests at or above this go to the large zone of KIND_ZONED. */
#define ZONED_THRESHOLD 8192u
#define FIXTURE_ARENA_MAX (1u << 20)

struct fixture {
	enum heap_kind kind;
	struct adx_heap *heap;
	struct adx_heap *zones[2];   /* KIND_ZONED: general, large; else heap, NULL */
	struct adx_zoned_heap zoned;
};

/* Builds a heap of `kind` over arena_size bytes (zoned: half per zone). */
struct adx_heap *fixture_init(struct fixture *f, enum heap_kind kind, size_t arena_size);
/* Hands the arenas back (ASan: unpoisons them). */
void fixture_retire(struct fixture *f);
const char *fixture_kind_name(enum heap_kind kind);

/* The zone (or plain heap) whose arena holds ptr, NULL if none. */
struct adx_heap *fixture_zone_of(const struct fixture *f, const void *ptr);

/* Log lines at error/warn level are kept here while capture is on. */
void log_capture_start(void);
void log_capture_stop(void);
/* Number of captured lines containing `needle`. */
unsigned int log_count(const char *needle);

struct walk_summary {
	uint32_t used_blocks;
	uint32_t free_blocks;
	size_t used_bytes;
	size_t free_bytes;
	size_t payload_bytes;     /* sum of payload_size over used blocks */
	size_t max_free_block;    /* largest free block, header included */
};
void walk_summarise(const struct adx_heap *heap, struct walk_summary *sum);

#endif
