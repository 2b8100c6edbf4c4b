// SPDX-License-Identifier: BSD-3-Clause
/*
 * A model of Zephyr's sys_heap, written from its documented design (the
 * sys_heap.h overview and the CONFIG_SYS_HEAP_ALLOC_LOOPS help text), kept
 * so the fragmentation failure discussed for the DAX instance buffer can be
 * reproduced and compared with adx's TLSF heap behind the same interface.
 *
 * The design as documented:
 *  - memory is split in 8-byte chunks; a block is a whole number of chunks;
 *  - free blocks are kept in buckets by the power of two of their chunk
 *    count: bucket = floor(log2(chunks));
 *  - allocation samples the bucket of the request first, trying at most
 *    three blocks of it (first fit, bounded so the time stays constant);
 *    then it falls back to the first block of the next larger non-empty
 *    bucket, found with a bitmap, which is guaranteed to fit;
 *  - the remainder of a split is returned to the free lists at once, and
 *    freed blocks are merged with free neighbours immediately (carve.c,
 *    the block work adx's heap shares; only the free index is this file's).
 *
 * What the documentation leaves open, and the choice made here:
 *  - bucket lists are circular; a block is appended at the list's back,
 *    and each unsuccessful try moves the list head one block on, so that
 *    consecutive requests sample different blocks;
 *  - the header is this folder's common 16-byte header (2 chunks) rather
 *    than Zephyr's 4 or 8 bytes, because it carries the owner tag and the
 *    check word; a remainder below 3 chunks is left inside the allocation
 *    rather than kept as an unlisted fragment.
 *
 * The weakness this reproduces: when the request's bucket holds blocks too
 * small for it, the fallback takes the first block of the next non-empty
 * bucket, whichever block that is. A stream of small requests can therefore
 * carve up the one large hole a later large request needed, while a block
 * of nearly the same bucket that would have served them stays untouched.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/platform/log.h"
#include "block.h"
#include "carve.h"

enum {
	SYSHEAP_TRIES = 3,          /* CONFIG_SYS_HEAP_ALLOC_LOOPS default */
	SYSHEAP_BUCKETS_MAX = 29,   /* chunk counts below 2^28 (2 GiB / 8) */
};

struct sysheap {
	struct carve_heap c;          /* first: the handle points here */
	uint32_t avail;               /* bit b: bucket b is non-empty */
	uint32_t heads[SYSHEAP_BUCKETS_MAX]; /* current list head, 0 if empty */
};

static struct sysheap *sysheap_of(const struct adx_heap *heap)
{
	return (struct sysheap *)heap;
}

static struct sysheap *sysheap_of_carve(const struct carve_heap *c)
{
	return (struct sysheap *)c;
}

static uint32_t bucket_of(uint32_t size)
{
	return 31u - (uint32_t)__builtin_clz(size / BLOCK_GRANULE);
}

/* ---- circular bucket lists ---- */

/* Appends a free block at the back of its bucket (the index's insert). */
static void sysheap_insert(struct carve_heap *c, uint32_t offset, uint32_t size)
{
	struct sysheap *s = sysheap_of_carve(c);
	uint32_t b = bucket_of(size);
	uint32_t head = s->heads[b];
	uint8_t *arena = c->area.arena;
	uint32_t tail;

	if (!head) {
		block_links_store(arena, offset, offset, offset);
		s->heads[b] = offset;
		s->avail |= 1u << b;
	} else {
		tail = block_links_load(arena, head).prev;
		block_links_store(arena, offset, head, tail);
		block_links_set_next(arena, tail, offset);
		block_links_set_prev(arena, head, offset);
	}
}

/* Unlinks a free block from its bucket (the index's remove). */
static void sysheap_remove(struct carve_heap *c, uint32_t offset, uint32_t size)
{
	struct sysheap *s = sysheap_of_carve(c);
	uint32_t b = bucket_of(size);
	uint8_t *arena = c->area.arena;
	struct block_links l = block_links_load(arena, offset);

	if (l.next == offset) {
		s->heads[b] = 0;
		s->avail &= ~(1u << b);
	} else {
		block_links_set_next(arena, l.prev, l.next);
		block_links_set_prev(arena, l.next, l.prev);
		if (s->heads[b] == offset)
			s->heads[b] = l.next;
	}
}

/* The index's head: the list a free block of this size goes to. */
static uint32_t sysheap_head(const struct carve_heap *c, uint32_t size)
{
	return sysheap_of_carve(c)->heads[bucket_of(size)];
}

/* The index's links_flaw: both links lead to free blocks that point back (circular). */
static const char *sysheap_links_flaw(const struct carve_heap *c, uint32_t offset,
				      uint32_t size)
{
	const uint8_t *arena = c->area.arena;
	struct block_links l = block_links_load(arena, offset);

	(void)size;
	if (adx_block_free_entry_flaw(&c->area, l.prev) ||
	    block_links_load(arena, l.prev).next != offset)
		return "bucket list prev link broken";
	if (adx_block_free_entry_flaw(&c->area, l.next) ||
	    block_links_load(arena, l.next).prev != offset)
		return "bucket list next link broken";
	return NULL;
}

/* ---- allocation: the index's find ---- */

/* The bounded sample of the request's own bucket; rotates the head on misses. */
static uint32_t sample_bucket(struct sysheap *s, uint32_t b, uint32_t size)
{
	uint32_t first = s->heads[b], off;
	struct block_header h;
	int tries;

	for (tries = 0; first && tries < SYSHEAP_TRIES; tries++) {
		off = s->heads[b];
		if (adx_carve_distrusts(&s->c, off))
			return 0;
		h = block_load(s->c.area.arena, off);
		if (block_size_of(&h) >= size)
			return off;
		s->heads[b] = block_links_load(s->c.area.arena, off).next;
		if (s->heads[b] == first)
			break;
	}
	return 0;
}

/*
 * The documented search for req->search bytes. Aligned requests are padded
 * by the alignment, as sys_heap's aligned allocation does, so any block
 * found holds the request wherever its payload lands.
 */
static uint32_t sysheap_find(struct carve_heap *c, const struct carve_request *req)
{
	struct sysheap *s = sysheap_of_carve(c);
	uint32_t b = bucket_of(req->search);
	uint32_t larger = s->avail & ~((2u << b) - 1);
	uint32_t off = sample_bucket(s, b, req->search);

	if (!off && larger)
		off = s->heads[__builtin_ctz(larger)];
	return off;
}

/* ---- statistics ---- */

/*
 * Largest request that succeeds now: every request of a lower bucket than
 * the top non-empty one succeeds through the fallback; one of the top
 * bucket succeeds only if one of the first SYSHEAP_TRIES blocks from the
 * head fits. So the answer is the largest of those few blocks.
 */
static uint32_t largest_servable_block(const struct sysheap *s)
{
	uint32_t head, off, best = 0;
	struct block_header h;
	int tries;

	if (!s->avail)
		return 0;
	head = s->heads[31 - __builtin_clz(s->avail)];
	off = head;
	for (tries = 0; tries < SYSHEAP_TRIES; tries++) {
		h = block_load(s->c.area.arena, off);
		if (block_size_of(&h) > best)
			best = block_size_of(&h);
		off = block_links_load(s->c.area.arena, off).next;
		if (off == head)
			break;
	}
	return best;
}

/* The largest free block (for the fragmentation index): the whole top bucket. */
static uint32_t largest_free_block(const struct sysheap *s)
{
	uint32_t head, off, best = 0;
	struct block_header h;

	if (!s->avail)
		return 0;
	head = s->heads[31 - __builtin_clz(s->avail)];
	off = head;
	do {
		h = block_load(s->c.area.arena, off);
		if (block_size_of(&h) > best)
			best = block_size_of(&h);
		off = block_links_load(s->c.area.arena, off).next;
	} while (off != head);
	return best;
}

static void sysheap_get_stats(const struct adx_heap *heap, struct adx_heap_stats *stats)
{
	const struct sysheap *s = sysheap_of(heap);

	adx_carve_get_stats(&s->c, largest_free_block(s), largest_servable_block(s), stats);
}

/* ---- validation ---- */

static int bucket_fault(const char *name, uint32_t bucket, uint32_t offset, const char *what)
{
	adx_err("heap", "%s: bucket %" PRIu32 " entry at offset %" PRIu32 ": %s", name,
		bucket, offset, what);
	return -EFAULT;
}

static const char *entry_flaw(const struct sysheap *s, uint32_t bucket, uint32_t offset,
			      uint32_t prev)
{
	const char *flaw = adx_block_free_entry_flaw(&s->c.area, offset);
	struct block_header h;

	if (flaw)
		return flaw;
	h = block_load(s->c.area.arena, offset);
	if (bucket_of(block_size_of(&h)) != bucket)
		return "size belongs to another bucket";
	if (block_links_load(s->c.area.arena, offset).prev != prev)
		return "prev link broken";
	return NULL;
}

/* One circular list: every entry a free block of this bucket, links consistent. */
static int validate_bucket(const struct sysheap *s, const char *name, uint32_t b,
			   uint32_t free_blocks, uint32_t *listed)
{
	uint32_t head = s->heads[b], off = head, prev, tail;
	const char *flaw;

	if (((s->avail >> b) & 1u) != (head != 0))
		return bucket_fault(name, b, head, "bitmap disagrees with the list");
	if (!head)
		return 0;
	if (head < s->c.area.begin || head > s->c.area.end - BLOCK_MIN_SIZE)
		return bucket_fault(name, b, head, "head outside the block area");
	tail = block_links_load(s->c.area.arena, head).prev;
	prev = tail;
	do {
		if (++*listed > free_blocks)
			return bucket_fault(name, b, off, "more list entries than free blocks");
		flaw = entry_flaw(s, b, off, prev);
		if (flaw)
			return bucket_fault(name, b, off, flaw);
		prev = off;
		off = block_links_load(s->c.area.arena, off).next;
	} while (off != head);
	/* the head's prev link is only checked here, when the circle closes */
	return prev == tail ? 0 : bucket_fault(name, b, head, "list does not close on its head");
}

static int sysheap_validate(const struct adx_heap *heap)
{
	const struct sysheap *s = sysheap_of(heap);
	struct block_census walk;
	uint32_t b, listed = 0;
	int rc = adx_carve_validate_blocks(&s->c, &walk);

	for (b = 0; !rc && b < SYSHEAP_BUCKETS_MAX; b++)
		rc = validate_bucket(s, heap->ops->name, b, walk.free_blocks, &listed);
	if (!rc && listed != walk.free_blocks)
		rc = bucket_fault(heap->ops->name, 0, 0, "free block missing from the lists");
	return rc;
}

/* ---- the ops table and init ---- */

static const struct carve_ops sysheap_ops = {
	.heap = CARVE_HEAP_OPS("sysheap-model", sysheap_get_stats, sysheap_validate),
	.index = {
		.find = sysheap_find,
		.insert = sysheap_insert,
		.remove = sysheap_remove,
		.links_flaw = sysheap_links_flaw,
		.head = sysheap_head,
	},
};

struct adx_heap *adx_heap_init_sysheap(void *arena, size_t size)
{
	struct sysheap *s = arena;
	uint32_t state = (sizeof(*s) + BLOCK_GRANULE - 1) / BLOCK_GRANULE * BLOCK_GRANULE;
	uint32_t end;

	if (!arena || (uintptr_t)arena % BLOCK_GRANULE || size > INT32_MAX)
		return NULL;
	end = (uint32_t)(size / BLOCK_GRANULE * BLOCK_GRANULE);
	if (size < state || end < state + BLOCK_MIN_SIZE)
		return NULL;
	BLOCK_UNPOISON(arena, size);
	memset(s, 0, state);
	adx_carve_init(&s->c, &sysheap_ops, arena, size, state, end);
	return &s->c.base;
}
