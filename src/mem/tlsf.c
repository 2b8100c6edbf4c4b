// SPDX-License-Identifier: BSD-3-Clause
/*
 * adx's heap: two-level segregated fits (TLSF, after Masmano et al.).
 *
 * Free blocks sit in bins: the first level is the power of two of the size,
 * the second splits each power of two into 32 equal classes, so a bin's
 * blocks differ in size by at most 1/32 of their size. Two bitmaps (one
 * word for the first level, one word per first level for the second) say
 * which bins are non-empty, so "the smallest non-empty bin at or above
 * class k" is two find-first-set instructions.
 *
 * Cost bound (the reason for the design). alloc = a fixed number of steps:
 * size mapping (one count-leading-zeros), at most two masked
 * find-first-set on the bitmaps, one list removal, at most two splits (the
 * alignment gap in front, the unused tail behind), each one header store
 * and one list insertion that looks at the bin head only; no loop. free =
 * one header probe (own header plus both neighbours' headers), at most two
 * merges (two list removals), one list insertion; no loop. The one
 * exception is the good-fit fallback below, which runs only when the O(1)
 * search has found nothing.
 *
 * O(1) bound: alloc <= 547, free <= 712 instructions, common layer included
 * (gcc 12 -O2 x86-64; lock and observer callbacks not counted). These are
 * the longest paths through the compiled code, which has no loop but the
 * fallback scan (counted for one pass); bench/heap-micro/callgrind.sh
 * recomputes them from the binary and prints the measured maxima beside
 * them (494 and 488 over a 20,000-operation random workload).
 *
 * Good fit, never a false failure. The O(1) search rounds the request up
 * to the next class boundary so that any block of the bin it lands in fits;
 * that alone would fail a request whose only fitting block lives in the
 * request's own class (the lower part of the class is too small, the upper
 * part is not). The large DAX instance buffer is exactly such a request on
 * a heap with one big hole. So when the rounded search fails, the request's
 * own bin is scanned first-fit: the request then succeeds whenever any free
 * block is large enough. The scan visits only blocks of that one bin; they
 * are all at least the class's lower bound, so there are at most
 * free_bytes / lower_bound of them (for a 96 KiB request in a 256 KiB
 * arena: at most 2), and it runs only when every larger bin is empty.
 *
 * Sizes below 256 B map linearly (class width 8 = the granule), so small
 * classes are exact and never need the fallback.
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
	TLSF_SL_BITS = 5,                             /* 32 classes per power of two */
	TLSF_SL_COUNT = 1 << TLSF_SL_BITS,
	TLSF_GRANULE_BITS = 3,                        /* log2(BLOCK_GRANULE) */
	TLSF_FL_SHIFT = TLSF_SL_BITS + TLSF_GRANULE_BITS,
	TLSF_SMALL_BLOCK = 1 << TLSF_FL_SHIFT,        /* below: linear, exact classes */
	TLSF_FL_MAX = 31 - TLSF_FL_SHIFT + 2,         /* sizes below 2^31 */
};

_Static_assert(1 << TLSF_GRANULE_BITS == BLOCK_GRANULE, "granule bits");
_Static_assert(TLSF_SMALL_BLOCK / TLSF_SL_COUNT == BLOCK_GRANULE,
	       "the linear range must have one class per granule");
_Static_assert(TLSF_FL_MAX <= 32 && TLSF_SL_COUNT <= 32, "bitmaps are 32-bit words");

struct tlsf {
	struct adx_heap base;           /* first: the handle points here */
	struct block_area area;
	uint32_t fl_count;              /* first levels this arena can need */
	uint32_t fl_map;                /* bit f: some bin of level f is non-empty */
	uint32_t sl_map[TLSF_FL_MAX];   /* bit s of word f: bin (f, s) is non-empty */
	struct block_census count;      /* kept per operation, checked by validate */
	uint32_t heads[];               /* fl_count * TLSF_SL_COUNT list heads */
};

struct tlsf_bin {
	uint32_t fl;
	uint32_t sl;
};

/* A block being carved by alloc, as the header will finally describe it. */
struct tlsf_carve {
	uint32_t offset;
	uint32_t size;
	uint32_t prev_size;
};

static struct tlsf *tlsf_of(const struct adx_heap *heap)
{
	return (struct tlsf *)heap;
}

static uint32_t floor_log2(uint32_t x)
{
	return 31u - (uint32_t)__builtin_clz(x);
}

/* ---- the paper's mapping functions ---- */

/* The bin a free block of this size belongs to. */
static struct tlsf_bin bin_of(uint32_t size)
{
	uint32_t log;

	if (size < TLSF_SMALL_BLOCK)
		return (struct tlsf_bin){ 0, size / BLOCK_GRANULE };
	log = floor_log2(size);
	return (struct tlsf_bin){ log - (TLSF_FL_SHIFT - 1),
				  (size >> (log - TLSF_SL_BITS)) ^ TLSF_SL_COUNT };
}

/* Smallest non-empty bin whose every block is >= size; false if none. */
static bool find_bin_fitting(const struct tlsf *t, uint32_t size, struct tlsf_bin *out)
{
	struct tlsf_bin b;
	uint32_t sl_bits, fl_bits;

	if (size >= TLSF_SMALL_BLOCK)
		size += (1u << (floor_log2(size) - TLSF_SL_BITS)) - 1;
	b = bin_of(size);
	if (b.fl >= t->fl_count)
		return false;
	sl_bits = t->sl_map[b.fl] & (~0u << b.sl);
	if (!sl_bits) {
		fl_bits = t->fl_map & ~((2u << b.fl) - 1);
		if (!fl_bits)
			return false;
		b.fl = (uint32_t)__builtin_ctz(fl_bits);
		sl_bits = t->sl_map[b.fl];
	}
	b.sl = (uint32_t)__builtin_ctz(sl_bits);
	*out = b;
	return true;
}

static uint32_t *head_of(struct tlsf *t, struct tlsf_bin b)
{
	return &t->heads[b.fl * TLSF_SL_COUNT + b.sl];
}

/* ---- free lists ---- */

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

/*
 * Links a free block into its bin after `prev` (0: at the head). The head is
 * what alloc takes, so a block larger than the current head goes second:
 * within a bin the smaller block is carved first and the larger one is
 * kept for a larger request. Without this, two big holes of one class (say
 * a freed 96 KiB instance and the heap's tail) are carved in LIFO order,
 * and the one a 96 KiB request needed can be the one cut up.
 */
static void link_after(uint8_t *arena, uint32_t *head, uint32_t prev, uint32_t offset)
{
	uint32_t next = prev ? block_links_load(arena, prev).next : *head;

	block_links_store(arena, offset, next, prev);
	if (next)
		set_link_prev(arena, next, offset);
	if (prev)
		set_link_next(arena, prev, offset);
	else
		*head = offset;
}

/* Writes a free block's header and puts it in its bin, smaller block first. */
static void make_free(struct tlsf *t, uint32_t offset, uint32_t size, uint32_t prev_size)
{
	struct tlsf_bin b = bin_of(size);
	uint32_t *head = head_of(t, b);
	uint8_t *arena = t->area.arena;
	struct block_header h;
	uint32_t after = 0;

	block_store(arena, offset, size, false, prev_size, ADX_OWNER_NONE);
	if (*head) {
		h = block_load(arena, *head);
		if (block_size_of(&h) < size)
			after = *head;
	}
	link_after(arena, head, after, offset);
	t->sl_map[b.fl] |= 1u << b.sl;
	t->fl_map |= 1u << b.fl;
	t->count.free_blocks++;
	t->count.free_bytes += size;
}

/* Unlinks a free block from its bin (its header stays until rewritten). */
static void take_free(struct tlsf *t, uint32_t offset, uint32_t size)
{
	struct tlsf_bin b = bin_of(size);
	uint32_t *head = head_of(t, b);
	uint8_t *arena = t->area.arena;
	struct block_links l = block_links_load(arena, offset);

	if (l.prev)
		set_link_next(arena, l.prev, l.next);
	else
		*head = l.next;
	if (l.next)
		set_link_prev(arena, l.next, l.prev);
	if (!*head) {
		t->sl_map[b.fl] &= ~(1u << b.sl);
		if (!t->sl_map[b.fl])
			t->fl_map &= ~(1u << b.fl);
	}
	t->count.free_blocks--;
	t->count.free_bytes -= size;
}

/* ---- allocation ---- */

/* Block size for a payload of `size` bytes (size below the arena size). */
static uint32_t block_need(size_t size)
{
	uint32_t need = ((uint32_t)size + BLOCK_GRANULE - 1) / BLOCK_GRANULE * BLOCK_GRANULE
			+ BLOCK_HEADER_SIZE;

	return need < BLOCK_MIN_SIZE ? (uint32_t)BLOCK_MIN_SIZE : need;
}

/* First-fit scan of one bin: the good-fit fallback argued at the top. */
static uint32_t scan_bin(struct tlsf *t, uint32_t size)
{
	struct tlsf_bin b = bin_of(size);
	uint32_t off = *head_of(t, b);
	struct block_header h;

	for (; off; off = block_links_load(t->area.arena, off).next) {
		h = block_load(t->area.arena, off);
		if (block_size_of(&h) >= size)
			return off;
	}
	return 0;
}

/* Takes a free block of at least `size` bytes off its list; false if none. */
static bool find_free(struct tlsf *t, uint32_t size, struct tlsf_carve *carve)
{
	struct tlsf_bin b;
	struct block_header h;
	uint32_t off = 0;

	if (find_bin_fitting(t, size, &b))
		off = *head_of(t, b);
	else if (size >= TLSF_SMALL_BLOCK && bin_of(size).fl < t->fl_count)
		off = scan_bin(t, size);
	if (!off)
		return false;
	h = block_load(t->area.arena, off);
	*carve = (struct tlsf_carve){ off, block_size_of(&h), h.prev_size };
	take_free(t, off, carve->size);
	return true;
}

/*
 * Moves the payload up to the alignment by returning the leading gap to the
 * free lists. A gap too small to be a block is widened by one alignment
 * step, which the search size allowed for. The gap's left neighbour is used
 * (the carved block was free), so the gap never needs merging.
 */
static void split_leading_gap(struct tlsf *t, struct tlsf_carve *carve, size_t align)
{
	uintptr_t payload = (uintptr_t)t->area.arena + carve->offset + BLOCK_HEADER_SIZE;
	uint32_t gap = (uint32_t)(((payload + align - 1) & ~(uintptr_t)(align - 1)) - payload);

	if (gap && gap < BLOCK_MIN_SIZE)
		gap += (uint32_t)align;
	if (!gap)
		return;
	make_free(t, carve->offset, gap, carve->prev_size);
	carve->offset += gap;
	carve->size -= gap;
	carve->prev_size = gap;
}

/*
 * Returns the unused tail to the free lists when it can form a block. The
 * tail's right neighbour is used (the carved block was free), so no merge.
 * Either way the right neighbour's prev_size is brought up to date.
 */
static void split_tail(struct tlsf *t, struct tlsf_carve *carve, uint32_t need)
{
	uint32_t rest = carve->size - need;
	uint32_t last = carve->offset, last_size = carve->size;

	if (rest >= BLOCK_MIN_SIZE) {
		carve->size = need;
		last = carve->offset + need;
		last_size = rest;
		make_free(t, last, rest, need);
	}
	if (last + last_size < t->area.end)
		block_set_prev(t->area.arena, last + last_size, last_size);
}

static void *tlsf_alloc(struct adx_heap *heap, size_t size, size_t align, uint16_t owner)
{
	struct tlsf *t = tlsf_of(heap);
	uint32_t area_size = t->area.end - t->area.begin;
	struct tlsf_carve carve;
	uint64_t search;
	uint32_t need;

	if (size > area_size || align > area_size)
		return NULL; /* can never fit; also keeps the 32-bit sums below exact */
	need = block_need(size);
	search = align > BLOCK_GRANULE ? (uint64_t)need + align + BLOCK_MIN_SIZE - BLOCK_GRANULE
				       : need;
	if (search > area_size || !find_free(t, (uint32_t)search, &carve))
		return NULL;
	if (align > BLOCK_GRANULE)
		split_leading_gap(t, &carve, align);
	split_tail(t, &carve, need);
	block_store(t->area.arena, carve.offset, carve.size, true, carve.prev_size, owner);
	block_payload_open(t->area.arena, carve.offset, carve.size);
	t->count.used_blocks++;
	t->count.used_bytes += carve.size;
	return t->area.arena + carve.offset + BLOCK_HEADER_SIZE;
}

/* ---- free ---- */

static int tlsf_free(struct adx_heap *heap, void *ptr)
{
	struct tlsf *t = tlsf_of(heap);
	uint8_t *arena = t->area.arena;
	struct block_header h, n;
	uint32_t off, size, prev_size;
	const char *why;
	int rc = adx_block_probe(&t->area, ptr, &off, &h, &why);

	if (rc) {
		adx_block_report_bad_free(heap->ops->name, &t->area, ptr, why);
		return rc;
	}
	size = block_size_of(&h);
	prev_size = h.prev_size;
	block_payload_close(arena, off, size);
	t->count.used_blocks--;
	t->count.used_bytes -= size;
	if (off + size < t->area.end) {
		n = block_load(arena, off + size);
		if (!block_is_used(&n)) {
			take_free(t, off + size, block_size_of(&n));
			block_erase(arena, off + size);
			size += block_size_of(&n);
		}
	}
	if (prev_size) {
		n = block_load(arena, off - prev_size);
		if (!block_is_used(&n)) {
			take_free(t, off - prev_size, prev_size);
			block_erase(arena, off);
			off -= prev_size;
			size += prev_size;
			prev_size = n.prev_size;
		}
	}
	make_free(t, off, size, prev_size);
	if (off + size < t->area.end)
		block_set_prev(arena, off + size, size);
	return 0;
}

/* ---- statistics ---- */

/* The largest block lives in the highest non-empty bin; scan only that bin. */
static uint32_t largest_free_block(const struct tlsf *t)
{
	struct tlsf_bin b;
	uint32_t off, best = 0;
	struct block_header h;

	if (!t->fl_map)
		return 0;
	b.fl = floor_log2(t->fl_map);
	b.sl = floor_log2(t->sl_map[b.fl]);
	for (off = t->heads[b.fl * TLSF_SL_COUNT + b.sl]; off;
	     off = block_links_load(t->area.arena, off).next) {
		h = block_load(t->area.arena, off);
		if (block_size_of(&h) > best)
			best = block_size_of(&h);
	}
	return best;
}

static void tlsf_get_stats(const struct adx_heap *heap, struct adx_heap_stats *stats)
{
	const struct tlsf *t = tlsf_of(heap);
	uint32_t largest = largest_free_block(t);

	*stats = (struct adx_heap_stats){
		.total_bytes = t->area.end - t->area.begin,
		.used_bytes = t->count.used_bytes,
		.free_bytes = t->count.free_bytes,
		.largest_free_block_bytes = largest,
		/* the good fit finds it, and a block of exactly `largest` holds this much */
		.largest_free_bytes = largest ? largest - BLOCK_HEADER_SIZE : 0,
		.used_blocks = t->count.used_blocks,
		.free_blocks = t->count.free_blocks,
	};
}

static size_t tlsf_used_bytes(const struct adx_heap *heap)
{
	return tlsf_of(heap)->count.used_bytes;
}

/* ---- validation ---- */

static int list_fault(const char *name, struct tlsf_bin b, uint32_t offset, const char *what)
{
	adx_err("heap", "%s: bin (%" PRIu32 ",%" PRIu32 ") entry at offset %" PRIu32 ": %s",
		name, b.fl, b.sl, offset, what);
	return -EFAULT;
}

/* Why the list entry at offset does not belong in bin b after prev, or NULL. */
static const char *entry_flaw(const struct tlsf *t, struct tlsf_bin b, uint32_t offset,
			      uint32_t prev)
{
	struct block_header h;
	struct tlsf_bin home;

	if (offset < t->area.begin || offset > t->area.end - BLOCK_MIN_SIZE ||
	    offset % BLOCK_GRANULE)
		return "offset outside the block area";
	h = block_load(t->area.arena, offset);
	if (!block_intact(offset, &h) || block_is_used(&h))
		return "not a free block";
	home = bin_of(block_size_of(&h));
	if (home.fl != b.fl || home.sl != b.sl)
		return "size belongs to another bin";
	if (block_links_load(t->area.arena, offset).prev != prev)
		return "prev link broken";
	return NULL;
}

/* Every bin: bitmap bit set iff list non-empty, entries are free blocks of that class. */
static int validate_bins(const struct tlsf *t, const char *name, uint32_t free_blocks)
{
	uint32_t listed = 0, off, prev;
	struct tlsf_bin b;
	const char *flaw;

	for (b.fl = 0; b.fl < TLSF_FL_MAX; b.fl++) {
		if (((t->fl_map >> b.fl) & 1u) != (t->sl_map[b.fl] != 0))
			return list_fault(name, (struct tlsf_bin){ b.fl, 0 }, 0,
					  "first-level bitmap disagrees");
		for (b.sl = 0; b.fl < t->fl_count && b.sl < TLSF_SL_COUNT; b.sl++) {
			off = t->heads[b.fl * TLSF_SL_COUNT + b.sl];
			if (((t->sl_map[b.fl] >> b.sl) & 1u) != (off != 0))
				return list_fault(name, b, off, "second-level bitmap disagrees");
			for (prev = 0; off; prev = off,
			     off = block_links_load(t->area.arena, off).next) {
				if (++listed > free_blocks)
					return list_fault(name, b, off, "more list entries than free blocks");
				flaw = entry_flaw(t, b, off, prev);
				if (flaw)
					return list_fault(name, b, off, flaw);
			}
		}
	}
	if (listed != free_blocks)
		return list_fault(name, (struct tlsf_bin){ 0, 0 }, 0, "free block missing from the lists");
	return 0;
}

static int tlsf_validate(const struct adx_heap *heap)
{
	const struct tlsf *t = tlsf_of(heap);
	struct block_census walk;
	int rc;

	rc = adx_block_validate_chain(heap->ops->name, &t->area, &walk);
	if (!rc)
		rc = adx_block_check_census(heap->ops->name, &walk, &t->count);
	if (!rc)
		rc = validate_bins(t, heap->ops->name, walk.free_blocks);
	return rc;
}

/* ---- the ops table and init ---- */

static void tlsf_walk(const struct adx_heap *heap, adx_heap_visit_fn visit, void *ctx)
{
	adx_block_walk(&tlsf_of(heap)->area, visit, ctx);
}

static size_t tlsf_block_size(const struct adx_heap *heap, const void *ptr)
{
	return adx_block_payload_size(&tlsf_of(heap)->area, ptr);
}

static int tlsf_block_info(const struct adx_heap *heap, const void *ptr,
			   struct adx_heap_block *info)
{
	return adx_block_info(&tlsf_of(heap)->area, ptr, info);
}

static const struct adx_heap_ops tlsf_ops = {
	.name = "tlsf",
	.alloc = tlsf_alloc,
	.free = tlsf_free,
	.get_stats = tlsf_get_stats,
	.validate = tlsf_validate,
	.walk = tlsf_walk,
	.block_size = tlsf_block_size,
	.block_info = tlsf_block_info,
	.used_bytes = tlsf_used_bytes,
};

struct adx_heap *adx_heap_init_tlsf(void *arena, size_t size)
{
	struct tlsf *t = arena;
	uint32_t fl_count, state, end;

	if (!arena || (uintptr_t)arena % BLOCK_GRANULE || size > INT32_MAX ||
	    size < TLSF_SMALL_BLOCK)
		return NULL;
	fl_count = bin_of((uint32_t)size).fl + 1;
	state = (uint32_t)(offsetof(struct tlsf, heads) +
			   sizeof(uint32_t) * TLSF_SL_COUNT * fl_count);
	state = (state + BLOCK_GRANULE - 1) / BLOCK_GRANULE * BLOCK_GRANULE;
	end = (uint32_t)size / BLOCK_GRANULE * BLOCK_GRANULE;
	if (end < state + BLOCK_MIN_SIZE)
		return NULL;
	BLOCK_UNPOISON(arena, size);
	memset(t, 0, state);
	adx_heap_base_init(&t->base, &tlsf_ops, arena, size);
	t->area = (struct block_area){ arena, state, end };
	t->fl_count = fl_count;
	make_free(t, state, end - state, 0);
	block_payload_close(t->area.arena, state, end - state);
	return &t->base;
}
