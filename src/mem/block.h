/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Block headers shared by the heaps of this folder (tlsf.c, sysheap.c).
 *
 * Representation facts, true for every block of both heaps:
 *  - A block is [16-byte header][payload]. Offsets count from the arena
 *    start, sizes are in bytes and multiples of BLOCK_GRANULE, so both fit
 *    in 32 bits (arenas are below 2 GiB).
 *  - size_flags = block size | BLOCK_USED; prev_size is the size of the
 *    physically previous block (0 for the first), which is what lets free()
 *    reach its left neighbour in O(1).
 *  - owner is ADX_OWNER_NONE in free blocks.
 *  - magic and check make a header self-certifying: check hashes the other
 *    fields together with the block's own offset, so user data, a header
 *    copied elsewhere or a stale header fails. Headers absorbed by a merge
 *    are erased, so no stale header survives inside a block.
 *  - A free block keeps its free-list links in its first 8 payload bytes.
 *  - Under ADX_ASAN every header and every free payload is poisoned. The
 *    heaps touch them only through the load/store helpers below, which
 *    unpoison for the access and poison again; live payloads are the only
 *    addressable bytes of the block area.
 */
#ifndef ADX_MEM_BLOCK_H
#define ADX_MEM_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "adx/mem/heap.h"

#if defined(ADX_ASAN)
#include <sanitizer/asan_interface.h>
#define BLOCK_POISON(addr, size)   ASAN_POISON_MEMORY_REGION(addr, size)
#define BLOCK_UNPOISON(addr, size) ASAN_UNPOISON_MEMORY_REGION(addr, size)
#else
#define BLOCK_POISON(addr, size)   ((void)(addr), (void)(size))
#define BLOCK_UNPOISON(addr, size) ((void)(addr), (void)(size))
#endif

enum {
	BLOCK_HEADER_SIZE = 16,
	BLOCK_GRANULE = 8,       /* every size and offset is a multiple of this */
	BLOCK_USED = 1,
	BLOCK_MAGIC = 0xAD5A,
	BLOCK_LINKS_SIZE = 8,    /* next and prev free offsets */
	BLOCK_CANARY_SIZE = 8,   /* trailer behind the payload at hardening FULL */
	/* the smallest block that can hold a header and free-list links */
	BLOCK_MIN_SIZE = BLOCK_HEADER_SIZE + BLOCK_LINKS_SIZE,
};

struct block_header {
	uint32_t size_flags;
	uint32_t prev_size;
	uint16_t owner;
	uint16_t magic;
	uint32_t check;
};

_Static_assert(sizeof(struct block_header) == BLOCK_HEADER_SIZE,
	       "the header must be exactly 16 bytes");
_Static_assert(BLOCK_HEADER_SIZE % BLOCK_GRANULE == 0,
	       "payloads must stay granule aligned");

/* Free-list links; 0 means none (offset 0 holds the heap state, never a block). */
struct block_links {
	uint32_t next;
	uint32_t prev;
};

static inline uint32_t block_size_of(const struct block_header *h)
{
	return h->size_flags & ~(uint32_t)(BLOCK_GRANULE - 1);
}

static inline bool block_is_used(const struct block_header *h)
{
	return (h->size_flags & BLOCK_USED) != 0;
}

static inline uint32_t block_check_of(uint32_t offset, const struct block_header *h)
{
	uint32_t x = offset * 0x9E3779B1u;

	x ^= h->size_flags * 0x85EBCA77u;
	x ^= h->prev_size * 0xC2B2AE3Du;
	x ^= ((uint32_t)h->owner << 16 | h->magic) * 0x27D4EB2Fu;
	return x ^ (x >> 15);
}

static inline bool block_intact(uint32_t offset, const struct block_header *h)
{
	return h->magic == BLOCK_MAGIC && h->check == block_check_of(offset, h);
}

static inline struct block_header block_load(const uint8_t *arena, uint32_t offset)
{
	struct block_header h;

	BLOCK_UNPOISON(arena + offset, BLOCK_HEADER_SIZE);
	memcpy(&h, arena + offset, sizeof(h));
	BLOCK_POISON(arena + offset, BLOCK_HEADER_SIZE);
	return h;
}

static inline void block_store(uint8_t *arena, uint32_t offset, uint32_t size,
			       bool used, uint32_t prev_size, uint16_t owner)
{
	struct block_header h = {
		.size_flags = size | (used ? BLOCK_USED : 0u),
		.prev_size = prev_size,
		.owner = owner,
		.magic = BLOCK_MAGIC,
	};

	h.check = block_check_of(offset, &h);
	BLOCK_UNPOISON(arena + offset, BLOCK_HEADER_SIZE);
	memcpy(arena + offset, &h, sizeof(h));
	BLOCK_POISON(arena + offset, BLOCK_HEADER_SIZE);
}

/* Rewrites only prev_size (and the check) of the block at offset. */
static inline void block_set_prev(uint8_t *arena, uint32_t offset, uint32_t prev_size)
{
	struct block_header h = block_load(arena, offset);

	block_store(arena, offset, block_size_of(&h), block_is_used(&h), prev_size,
		    h.owner);
}

/* A header swallowed by a merge must never pass block_intact() again. */
static inline void block_erase(uint8_t *arena, uint32_t offset)
{
	BLOCK_UNPOISON(arena + offset, BLOCK_HEADER_SIZE);
	memset(arena + offset, 0, BLOCK_HEADER_SIZE);
	BLOCK_POISON(arena + offset, BLOCK_HEADER_SIZE);
}

static inline struct block_links block_links_load(const uint8_t *arena, uint32_t offset)
{
	struct block_links l;
	const uint8_t *at = arena + offset + BLOCK_HEADER_SIZE;

	BLOCK_UNPOISON(at, sizeof(l));
	memcpy(&l, at, sizeof(l));
	BLOCK_POISON(at, sizeof(l));
	return l;
}

static inline void block_links_store(uint8_t *arena, uint32_t offset,
				     uint32_t next, uint32_t prev)
{
	struct block_links l = { .next = next, .prev = prev };
	uint8_t *at = arena + offset + BLOCK_HEADER_SIZE;

	BLOCK_UNPOISON(at, sizeof(l));
	memcpy(at, &l, sizeof(l));
	BLOCK_POISON(at, sizeof(l));
}

static inline void block_links_set_next(uint8_t *arena, uint32_t offset, uint32_t next)
{
	struct block_links l = block_links_load(arena, offset);

	block_links_store(arena, offset, next, l.prev);
}

static inline void block_links_set_prev(uint8_t *arena, uint32_t offset, uint32_t prev)
{
	struct block_links l = block_links_load(arena, offset);

	block_links_store(arena, offset, l.next, prev);
}

/* The payload becomes the caller's (addressable) or the heap's (poisoned). */
static inline void block_payload_open(uint8_t *arena, uint32_t offset, uint32_t size)
{
	BLOCK_UNPOISON(arena + offset + BLOCK_HEADER_SIZE, size - BLOCK_HEADER_SIZE);
}

static inline void block_payload_close(uint8_t *arena, uint32_t offset, uint32_t size)
{
	BLOCK_POISON(arena + offset + BLOCK_HEADER_SIZE, size - BLOCK_HEADER_SIZE);
}

/* The trailer canary of the used block at offset: tied to where it is. */
static inline uint64_t block_canary_of(uint32_t offset)
{
	return 0xC0DEFEED00000000u ^ ((uint64_t)offset * 0x9E3779B97F4A7C15u);
}

static inline void block_canary_store(uint8_t *arena, uint32_t offset, uint32_t size)
{
	uint64_t canary = block_canary_of(offset);
	uint8_t *at = arena + offset + size - BLOCK_CANARY_SIZE;

	BLOCK_UNPOISON(at, BLOCK_CANARY_SIZE);
	memcpy(at, &canary, sizeof(canary));
	BLOCK_POISON(at, BLOCK_CANARY_SIZE);
}

static inline bool block_canary_intact(const uint8_t *arena, uint32_t offset, uint32_t size)
{
	const uint8_t *at = arena + offset + size - BLOCK_CANARY_SIZE;
	uint64_t canary;

	BLOCK_UNPOISON(at, BLOCK_CANARY_SIZE);
	memcpy(&canary, at, sizeof(canary));
	BLOCK_POISON(at, BLOCK_CANARY_SIZE);
	return canary == block_canary_of(offset);
}

/* The block area of a heap: [begin, end) of its arena. */
struct block_area {
	uint8_t *arena;
	uint32_t begin;
	uint32_t end;
	uint32_t trailer;  /* bytes behind each payload: BLOCK_CANARY_SIZE at FULL, else 0 */
	uint32_t hardening;  /* enum adx_heap_hardening: the heap's, for the probe */
};

/* What a physical walk found; validate compares it with the heap's own counts. */
struct block_census {
	uint32_t used_blocks;
	uint32_t free_blocks;
	size_t used_bytes;
	size_t free_bytes;
};

/*
 * Finds the live block whose payload starts at ptr: 0 with *offset and *hdr
 * set; -EINVAL when ptr is not a block start (*why says which check
 * failed); -EFAULT when the block is free (a double free). How much is
 * checked follows area->hardening (heap.h): at NONE only the pointer's
 * range and alignment, at BASIC the header and the right neighbour's, from
 * MODERATE on both neighbours' agreement.
 */
int adx_block_probe(const struct block_area *area, const void *ptr, uint32_t *offset,
		struct block_header *hdr, const char **why);

/* adx_block_probe() and the adx_heap_walk view of the block: the block_info op. */
int adx_block_info(const struct block_area *area, const void *ptr,
	       struct adx_heap_block *info);

/* Payload bytes of the live block at ptr, 0 if ptr is not one. */
size_t adx_block_payload_size(const struct block_area *area, const void *ptr);

void adx_block_walk(const struct block_area *area, adx_heap_visit_fn visit, void *ctx);

/*
 * Walks the block chain checking everything physical: headers intact, sizes
 * granular and in bounds, prev_size links, no two adjacent free blocks, no
 * owner on a free block, sizes summing to the area. 0 or -EFAULT (logged
 * with the heap name and the offending offset).
 */
int adx_block_validate_chain(const char *heap_name, const struct block_area *area,
			 struct block_census *census);

/*
 * Why a free-list entry at offset is not a free block of the area, or NULL;
 * the heap then checks the entry's class and links itself.
 */
const char *adx_block_free_entry_flaw(const struct block_area *area, uint32_t offset);

/* Logs a rejected call naming the heap, the pointer and its arena offset. */
void adx_block_report_bad_free(const char *heap_name, const struct block_area *area,
			   const void *ptr, const char *why);

/* Compares the walk's census with the counters a heap keeps (validate). */
int adx_block_check_census(const char *heap_name, const struct block_census *walk,
		       const struct block_census *kept);

#endif
