/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Carving blocks out of free ones and coalescing them back: the part of a
 * heap that is the same for every heap of this folder (tlsf.c, sysheap.c).
 *
 * What differs between the heaps is only their free index, the structure
 * that remembers the free blocks and picks one for a request (TLSF's
 * two-level bitmap lists, the sys_heap model's power-of-two buckets with a
 * bounded first fit). A heap supplies it as three functions; carve.c does
 * the rest:
 *  - alloc: ask the index for a block, take it out, give the leading
 *    alignment gap and the unused tail back as free blocks, write the
 *    header, count;
 *  - free:  probe the header, merge with a free right and left neighbour
 *    (each taken out of the index first), index the result, count.
 * Neither loops: alloc costs one find plus at most one remove and two
 * inserts, free at most two removes and one insert, each plus a fixed
 * number of header loads and stores. So each heap's cost bound is the one
 * of its index functions, argued in its own file.
 *
 * The index functions are reached through the heap's ops table (struct
 * carve_ops), not through a pointer in the heap state, so the state in
 * front of the block area costs no more than the heap's own fields.
 */
#ifndef ADX_MEM_CARVE_H
#define ADX_MEM_CARVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "block.h"

/* The common head of a heap's state; the heap embeds it first. */
struct carve_heap {
	struct adx_heap base;           /* first: the handle points here */
	struct block_area area;
	struct block_census count;      /* kept per operation, checked by validate */
};

/* An allocation request as the free index sees it. */
struct carve_request {
	uint32_t need;     /* block size: payload rounded to the granule, plus header */
	uint32_t search;   /* a block this large holds the request whatever its gap */
	uint32_t align;    /* payload alignment, BLOCK_GRANULE when none was asked */
};

/*
 * A heap's free index. The headers of the blocks it is handed are already
 * written (size, prev_size, free), and its links live in the free payload
 * (block_links_load/store).
 */
struct free_index_ops {
	/*
	 * A still indexed free block that holds req: at least req->search
	 * bytes, or one for which adx_carve_fits() holds; 0 if none.
	 */
	uint32_t (*find)(struct carve_heap *c, const struct carve_request *req);
	void (*insert)(struct carve_heap *c, uint32_t offset, uint32_t size);
	void (*remove)(struct carve_heap *c, uint32_t offset, uint32_t size);
	/*
	 * MODERATE's checks, run by carve.c before remove and insert touch a
	 * list: why the indexed free block at offset (its header already
	 * checked) is not where its size says or its links do not point at
	 * free blocks that point back, or NULL; and the current head of the
	 * list a block of `size` goes to (0 if empty).
	 */
	const char *(*links_flaw)(const struct carve_heap *c, uint32_t offset, uint32_t size);
	uint32_t (*head)(const struct carve_heap *c, uint32_t size);
};

/* A heap's ops table: adx_heap.ops points at .heap, carve.c finds .index. */
struct carve_ops {
	struct adx_heap_ops heap;       /* first, so the two pointers convert */
	struct free_index_ops index;
};

/*
 * Starts the heap whose state (the caller's fields already set, zero
 * elsewhere) occupies arena[0 .. begin): the common part, and one free block
 * over [begin, end).
 */
void adx_carve_init(struct carve_heap *c, const struct carve_ops *ops, void *arena,
		    size_t arena_size, uint32_t begin, uint32_t end);

/* Whether the heap checks its free lists before trusting them (MODERATE and up). */
static inline bool adx_carve_hardened(const struct carve_heap *c)
{
	return c->base.hardening >= ADX_HEAP_HARDENING_MODERATE;
}

/*
 * Logs that the heap's structures are damaged at offset (with the address)
 * and marks the heap corrupt: it refuses service from now on.
 */
void adx_carve_corrupt(struct carve_heap *c, uint32_t offset, const char *why);

/*
 * For an index following a list link when hardened: true (and the heap
 * marked corrupt) when offset is not an intact free block of the area.
 * Always false below MODERATE.
 */
bool adx_carve_distrusts(struct carve_heap *c, uint32_t offset);

/*
 * Whether the free block [offset, offset + size) holds req with the
 * alignment gap its own position needs (never more than search - need).
 */
bool adx_carve_fits(const struct carve_heap *c, uint32_t offset, uint32_t size,
		    const struct carve_request *req);

/*
 * The stats from the counters, given the heap's largest free block and the
 * largest block a request of the natural alignment is sure to be served
 * from (0 when nothing is free).
 */
void adx_carve_get_stats(const struct carve_heap *c, uint32_t largest_block,
			 uint32_t servable_block, struct adx_heap_stats *stats);

/* The block chain's checks and the census against the counters (validate). */
int adx_carve_validate_blocks(const struct carve_heap *c, struct block_census *walk);

/* The adx_heap_ops every heap of this folder shares. */
void *adx_carve_alloc(struct adx_heap *heap, size_t size, size_t align, uint16_t owner);
int adx_carve_free(struct adx_heap *heap, void *ptr);
void adx_carve_walk(const struct adx_heap *heap, adx_heap_visit_fn visit, void *ctx);
size_t adx_carve_block_size(const struct adx_heap *heap, const void *ptr);
int adx_carve_block_info(const struct adx_heap *heap, const void *ptr,
			 struct adx_heap_block *info);
size_t adx_carve_used_bytes(const struct adx_heap *heap);
void adx_carve_set_hardening(struct adx_heap *heap, enum adx_heap_hardening level);

/* The adx_heap_ops of a carving heap: all but its name, stats and validate are carve.c's. */
#define CARVE_HEAP_OPS(heap_name, get_stats_fn, validate_fn) { \
		.name = (heap_name), \
		.alloc = adx_carve_alloc, \
		.free = adx_carve_free, \
		.get_stats = (get_stats_fn), \
		.validate = (validate_fn), \
		.walk = adx_carve_walk, \
		.block_size = adx_carve_block_size, \
		.block_info = adx_carve_block_info, \
		.used_bytes = adx_carve_used_bytes, \
		.set_hardening = adx_carve_set_hardening, \
	}

#endif
