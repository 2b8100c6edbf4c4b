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
 *    freed blocks are merged with free neighbours immediately.
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

#include "adx/heap.h"
#include "adx/log.h"
#include "block.h"
#include "heap_impl.h"

enum {
	SYSHEAP_TRIES = 3,          /* CONFIG_SYS_HEAP_ALLOC_LOOPS default */
	SYSHEAP_BUCKETS_MAX = 29,   /* chunk counts below 2^28 (2 GiB / 8) */
};

struct sysheap {
	struct adx_heap base;         /* first: the handle points here */
	struct block_area area;
	uint32_t avail;               /* bit b: bucket b is non-empty */
	struct block_census count;
	uint32_t heads[SYSHEAP_BUCKETS_MAX]; /* current list head, 0 if empty */
};

/* A block being carved by alloc, as its header will finally describe it. */
struct sysheap_carve {
	uint32_t offset;
	uint32_t size;
	uint32_t prev_size;
};

static struct sysheap *sysheap_of(const struct adx_heap *heap)
{
	return (struct sysheap *)heap;
}

static uint32_t bucket_of(uint32_t size)
{
	return 31u - (uint32_t)__builtin_clz(size / BLOCK_GRANULE);
}

/* ---- circular bucket lists ---- */

static void set_link_next(uint8_t *arena, uint32_t offset, uint32_t next)
{
	struct block_links l = block_links_load(arena, offset);

	block_links_store(arena, offset, next, l.prev);
}

static void set_link_prev(uint8_t *arena, uint32_t offset, uint32_t prev)
{
	struct block_links l = block_links_load(arena, offset);

	block_links_store(arena, offset, l.next, prev);
}

/* Writes a free block's header and appends it at the back of its bucket. */
static void make_free(struct sysheap *s, uint32_t offset, uint32_t size, uint32_t prev_size)
{
	uint32_t b = bucket_of(size);
	uint32_t head = s->heads[b];
	uint8_t *arena = s->area.arena;
	uint32_t tail;

	block_store(arena, offset, size, false, prev_size, ADX_OWNER_NONE);
	if (!head) {
		block_links_store(arena, offset, offset, offset);
		s->heads[b] = offset;
		s->avail |= 1u << b;
	} else {
		tail = block_links_load(arena, head).prev;
		block_links_store(arena, offset, head, tail);
		set_link_next(arena, tail, offset);
		set_link_prev(arena, head, offset);
	}
	s->count.free_blocks++;
	s->count.free_bytes += size;
}

static void take_free(struct sysheap *s, uint32_t offset, uint32_t size)
{
	uint32_t b = bucket_of(size);
	uint8_t *arena = s->area.arena;
	struct block_links l = block_links_load(arena, offset);

	if (l.next == offset) {
		s->heads[b] = 0;
		s->avail &= ~(1u << b);
	} else {
		set_link_next(arena, l.prev, l.next);
		set_link_prev(arena, l.next, l.prev);
		if (s->heads[b] == offset)
			s->heads[b] = l.next;
	}
	s->count.free_blocks--;
	s->count.free_bytes -= size;
}

/* ---- allocation ---- */

static uint32_t block_need(size_t size)
{
	uint32_t need = ((uint32_t)size + BLOCK_GRANULE - 1) / BLOCK_GRANULE * BLOCK_GRANULE
			+ BLOCK_HEADER_SIZE;

	return need < BLOCK_MIN_SIZE ? (uint32_t)BLOCK_MIN_SIZE : need;
}

/* The bounded sample of the request's own bucket; rotates the head on misses. */
static uint32_t sample_bucket(struct sysheap *s, uint32_t b, uint32_t size)
{
	uint32_t first = s->heads[b], off;
	struct block_header h;
	int tries;

	for (tries = 0; first && tries < SYSHEAP_TRIES; tries++) {
		off = s->heads[b];
		h = block_load(s->area.arena, off);
		if (block_size_of(&h) >= size)
			return off;
		s->heads[b] = block_links_load(s->area.arena, off).next;
		if (s->heads[b] == first)
			break;
	}
	return 0;
}

static bool find_free(struct sysheap *s, uint32_t size, struct sysheap_carve *carve)
{
	uint32_t b = bucket_of(size);
	uint32_t larger = s->avail & ~((2u << b) - 1);
	uint32_t off = sample_bucket(s, b, size);
	struct block_header h;

	if (!off && larger)
		off = s->heads[__builtin_ctz(larger)];
	if (!off)
		return false;
	h = block_load(s->area.arena, off);
	*carve = (struct sysheap_carve){ off, block_size_of(&h), h.prev_size };
	take_free(s, off, carve->size);
	return true;
}

/* Leading alignment gap back to the free lists (its left neighbour is used). */
static void split_leading_gap(struct sysheap *s, struct sysheap_carve *carve, size_t align)
{
	uintptr_t payload = (uintptr_t)s->area.arena + carve->offset + BLOCK_HEADER_SIZE;
	uint32_t gap = (uint32_t)(((payload + align - 1) & ~(uintptr_t)(align - 1)) - payload);

	if (gap && gap < BLOCK_MIN_SIZE)
		gap += (uint32_t)align;
	if (!gap)
		return;
	make_free(s, carve->offset, gap, carve->prev_size);
	carve->offset += gap;
	carve->size -= gap;
	carve->prev_size = gap;
}

/* Tail back to the free lists (its right neighbour is used); fixes prev_size. */
static void split_tail(struct sysheap *s, struct sysheap_carve *carve, uint32_t need)
{
	uint32_t rest = carve->size - need;
	uint32_t last = carve->offset, last_size = carve->size;

	if (rest >= BLOCK_MIN_SIZE) {
		carve->size = need;
		last = carve->offset + need;
		last_size = rest;
		make_free(s, last, rest, need);
	}
	if (last + last_size < s->area.end)
		block_set_prev(s->area.arena, last + last_size, last_size);
}

/*
 * Aligned requests are padded by the alignment (as sys_heap's aligned
 * allocation does) and the gap in front is given back.
 */
static void *sysheap_alloc(struct adx_heap *heap, size_t size, size_t align, uint16_t owner)
{
	struct sysheap *s = sysheap_of(heap);
	uint32_t area_size = s->area.end - s->area.begin;
	struct sysheap_carve carve;
	uint64_t search;
	uint32_t need;

	if (size > area_size || align > area_size)
		return NULL;
	need = block_need(size);
	search = align > BLOCK_GRANULE ? (uint64_t)need + align + BLOCK_MIN_SIZE - BLOCK_GRANULE
				       : need;
	if (search > area_size || !find_free(s, (uint32_t)search, &carve))
		return NULL;
	if (align > BLOCK_GRANULE)
		split_leading_gap(s, &carve, align);
	split_tail(s, &carve, need);
	block_store(s->area.arena, carve.offset, carve.size, true, carve.prev_size, owner);
	block_payload_open(s->area.arena, carve.offset, carve.size);
	s->count.used_blocks++;
	s->count.used_bytes += carve.size;
	return s->area.arena + carve.offset + BLOCK_HEADER_SIZE;
}

/* ---- free: immediate merge with both neighbours ---- */

static int sysheap_free(struct adx_heap *heap, void *ptr)
{
	struct sysheap *s = sysheap_of(heap);
	uint8_t *arena = s->area.arena;
	struct block_header h, n;
	uint32_t off, size, prev_size;
	const char *why;
	int rc = adx_block_probe(&s->area, ptr, &off, &h, &why);

	if (rc) {
		adx_block_report_bad_free(heap->ops->name, &s->area, ptr, why);
		return rc;
	}
	size = block_size_of(&h);
	prev_size = h.prev_size;
	block_payload_close(arena, off, size);
	s->count.used_blocks--;
	s->count.used_bytes -= size;
	if (off + size < s->area.end) {
		n = block_load(arena, off + size);
		if (!block_is_used(&n)) {
			take_free(s, off + size, block_size_of(&n));
			block_erase(arena, off + size);
			size += block_size_of(&n);
		}
	}
	if (prev_size) {
		n = block_load(arena, off - prev_size);
		if (!block_is_used(&n)) {
			take_free(s, off - prev_size, prev_size);
			block_erase(arena, off);
			off -= prev_size;
			size += prev_size;
			prev_size = n.prev_size;
		}
	}
	make_free(s, off, size, prev_size);
	if (off + size < s->area.end)
		block_set_prev(arena, off + size, size);
	return 0;
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
		h = block_load(s->area.arena, off);
		if (block_size_of(&h) > best)
			best = block_size_of(&h);
		off = block_links_load(s->area.arena, off).next;
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
		h = block_load(s->area.arena, off);
		if (block_size_of(&h) > best)
			best = block_size_of(&h);
		off = block_links_load(s->area.arena, off).next;
	} while (off != head);
	return best;
}

static void sysheap_get_stats(const struct adx_heap *heap, struct adx_heap_stats *stats)
{
	const struct sysheap *s = sysheap_of(heap);
	uint32_t servable = largest_servable_block(s);

	*stats = (struct adx_heap_stats){
		.total_bytes = s->area.end - s->area.begin,
		.used_bytes = s->count.used_bytes,
		.free_bytes = s->count.free_bytes,
		.largest_free_block_bytes = largest_free_block(s),
		.largest_free_bytes = servable ? servable - BLOCK_HEADER_SIZE : 0,
		.used_blocks = s->count.used_blocks,
		.free_blocks = s->count.free_blocks,
	};
}

static size_t sysheap_used_bytes(const struct adx_heap *heap)
{
	return sysheap_of(heap)->count.used_bytes;
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
	struct block_header h;

	if (offset < s->area.begin || offset > s->area.end - BLOCK_MIN_SIZE ||
	    offset % BLOCK_GRANULE)
		return "offset outside the block area";
	h = block_load(s->area.arena, offset);
	if (!block_intact(offset, &h) || block_is_used(&h))
		return "not a free block";
	if (bucket_of(block_size_of(&h)) != bucket)
		return "size belongs to another bucket";
	if (block_links_load(s->area.arena, offset).prev != prev)
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
	if (head < s->area.begin || head > s->area.end - BLOCK_MIN_SIZE)
		return bucket_fault(name, b, head, "head outside the block area");
	tail = block_links_load(s->area.arena, head).prev;
	prev = tail;
	do {
		if (++*listed > free_blocks)
			return bucket_fault(name, b, off, "more list entries than free blocks");
		flaw = entry_flaw(s, b, off, prev);
		if (flaw)
			return bucket_fault(name, b, off, flaw);
		prev = off;
		off = block_links_load(s->area.arena, off).next;
	} while (off != head);
	/* the head's prev link is only checked here, when the circle closes */
	return prev == tail ? 0 : bucket_fault(name, b, head, "list does not close on its head");
}

static int sysheap_validate(const struct adx_heap *heap)
{
	const struct sysheap *s = sysheap_of(heap);
	struct block_census walk;
	uint32_t b, listed = 0;
	int rc;

	rc = adx_block_validate_chain(heap->ops->name, &s->area, &walk);
	if (!rc)
		rc = adx_block_check_census(heap->ops->name, &walk, &s->count);
	for (b = 0; !rc && b < SYSHEAP_BUCKETS_MAX; b++)
		rc = validate_bucket(s, heap->ops->name, b, walk.free_blocks, &listed);
	if (!rc && listed != walk.free_blocks)
		rc = bucket_fault(heap->ops->name, 0, 0, "free block missing from the lists");
	return rc;
}

/* ---- the ops table and init ---- */

static void sysheap_walk(const struct adx_heap *heap, adx_heap_visit_fn visit, void *ctx)
{
	adx_block_walk(&sysheap_of(heap)->area, visit, ctx);
}

static size_t sysheap_block_size(const struct adx_heap *heap, const void *ptr)
{
	return adx_block_payload_size(&sysheap_of(heap)->area, ptr);
}

static int sysheap_block_info(const struct adx_heap *heap, const void *ptr,
			      struct adx_heap_block *info)
{
	return adx_block_info(&sysheap_of(heap)->area, ptr, info);
}

static const struct adx_heap_ops sysheap_ops = {
	.name = "sysheap-model",
	.alloc = sysheap_alloc,
	.free = sysheap_free,
	.get_stats = sysheap_get_stats,
	.validate = sysheap_validate,
	.walk = sysheap_walk,
	.block_size = sysheap_block_size,
	.block_info = sysheap_block_info,
	.used_bytes = sysheap_used_bytes,
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
	adx_heap_base_init(&s->base, &sysheap_ops, arena, size);
	s->area = (struct block_area){ arena, state, end };
	make_free(s, state, end - state, 0);
	block_payload_close(s->area.arena, state, end - state);
	return &s->base;
}
