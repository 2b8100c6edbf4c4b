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
 * Cost bound (the reason for the design). carve.c does the block work
 * with a fixed number of calls into the free index kept here (alloc: one
 * find, one remove, at most two inserts for the alignment gap in front and
 * the unused tail behind; free: at most two removes for the merges, one
 * insert), and each index function is a fixed number of steps: find = size
 * mapping (one count-leading-zeros) and at most two masked find-first-set
 * on the bitmaps; insert looks at the bin head only; remove unlinks from a
 * doubly linked list. No loop, but the good-fit fallback below, which runs
 * only when the O(1) search has found nothing.
 *
 * The bound in instructions is a property of the compiled code, so it is
 * computed, not written here: bench/heap-micro/callgrind.sh finds the
 * longest path through alloc and free (common layer included; the
 * good-fit scan counted once per class scanned) and prints the measured
 * maxima of a random workload beside it; README's benchmark table keeps
 * the figures.
 *
 * O(1) bound: per alloc one size mapping, two masked find-first-set, one
 * unlink and at most two inserts; per free one header probe, at most two
 * unlinks and one insert. The hardening levels add a fixed number of
 * header and link checks per list touched (MODERATE, FULL: at most two
 * neighbours and two links each), so every level below EXTREME keeps the
 * bound; EXTREME walks the whole heap and costs O(blocks). The good-fit
 * scan is the one loop, bounded by the blocks of one or two classes.
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
 * Aligned requests. For the O(1) search, any block of the bin it lands in
 * must hold the request wherever the block's payload falls, so it searches
 * for need + align + 16 (carve.c's widest alignment gap). The hole a freed
 * aligned buffer leaves is exactly `need` with its payload already aligned,
 * and so can never be found that way: on a tight heap the DAX engine's
 * 64-byte-aligned buffer failed while largest_free_bytes equalled its
 * size. So the good-fit scan tests each block of the class with the gap its
 * own position needs (adx_carve_fits): such a hole is reused, and a block
 * misaligned by d needs only d more (d + align when d is too small to
 * become a free block). The scan covers the request's own class and, when
 * the allowance carried search into a higher class, that one too (blocks
 * there may hold search bytes the rounded search skipped): at most two
 * classes, each bounded as above, only when the O(1) search found nothing. The rounded search stays first, so an aligned request that can
 * be served in O(1) is, as an unaligned one is.
 *
 * Sizes below 256 B map linearly (class width 8 = the granule), so small
 * classes are exact and never need the fallback.
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
	struct carve_heap c;            /* first: the handle points here */
	uint32_t fl_count;              /* first levels this arena can need */
	uint32_t fl_map;                /* bit f: some bin of level f is non-empty */
	uint32_t sl_map[TLSF_FL_MAX];   /* bit s of word f: bin (f, s) is non-empty */
	uint32_t heads[];               /* fl_count * TLSF_SL_COUNT list heads */
};

struct tlsf_bin {
	uint32_t fl;
	uint32_t sl;
};

static struct tlsf *tlsf_of(const struct adx_heap *heap)
{
	return (struct tlsf *)heap;
}

static struct tlsf *tlsf_of_carve(const struct carve_heap *c)
{
	return (struct tlsf *)c;
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

/* The index's head: the list a free block of this size goes to. */
static uint32_t tlsf_head(const struct carve_heap *c, uint32_t size)
{
	struct tlsf_bin b = bin_of(size);

	return tlsf_of_carve(c)->heads[b.fl * TLSF_SL_COUNT + b.sl];
}

/* The index's links_flaw: a bin head has no predecessor, every link points back. */
static const char *tlsf_links_flaw(const struct carve_heap *c, uint32_t offset, uint32_t size)
{
	const uint8_t *arena = c->area.arena;
	struct block_links l = block_links_load(arena, offset);

	if (!l.prev && tlsf_head(c, size) != offset)
		return "free block without a predecessor is not its bin's head";
	if (l.prev && (adx_block_free_entry_flaw(&c->area, l.prev) ||
		       block_links_load(arena, l.prev).next != offset))
		return "free-list prev link broken";
	if (l.next && (adx_block_free_entry_flaw(&c->area, l.next) ||
		       block_links_load(arena, l.next).prev != offset))
		return "free-list next link broken";
	return NULL;
}

/* ---- free lists ---- */

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
		block_links_set_prev(arena, next, offset);
	if (prev)
		block_links_set_next(arena, prev, offset);
	else
		*head = offset;
}

/* Puts a free block in its bin, smaller block first (the index's insert). */
static void tlsf_insert(struct carve_heap *c, uint32_t offset, uint32_t size)
{
	struct tlsf *t = tlsf_of_carve(c);
	struct tlsf_bin b = bin_of(size);
	uint32_t *head = head_of(t, b);
	uint8_t *arena = c->area.arena;
	struct block_header h;
	uint32_t after = 0;

	if (*head) {
		h = block_load(arena, *head);
		if (block_size_of(&h) < size)
			after = *head;
	}
	link_after(arena, head, after, offset);
	t->sl_map[b.fl] |= 1u << b.sl;
	t->fl_map |= 1u << b.fl;
}

/* Unlinks a free block from its bin (the index's remove). */
static void tlsf_remove(struct carve_heap *c, uint32_t offset, uint32_t size)
{
	struct tlsf *t = tlsf_of_carve(c);
	struct tlsf_bin b = bin_of(size);
	uint32_t *head = head_of(t, b);
	uint8_t *arena = c->area.arena;
	struct block_links l = block_links_load(arena, offset);

	if (l.prev)
		block_links_set_next(arena, l.prev, l.next);
	else
		*head = l.next;
	if (l.next)
		block_links_set_prev(arena, l.next, l.prev);
	if (!*head) {
		t->sl_map[b.fl] &= ~(1u << b.sl);
		if (!t->sl_map[b.fl])
			t->fl_map &= ~(1u << b.fl);
	}
}

/* ---- allocation: the index's find ---- */

/*
 * First-fit scan of the class of `size` for a block that holds req with
 * its own alignment gap: the good-fit fallback argued at the top. Small
 * classes are exact and not scanned.
 */
static uint32_t scan_class(struct tlsf *t, uint32_t size, const struct carve_request *req)
{
	struct tlsf_bin b = bin_of(size);
	uint32_t off, seen = 0;
	struct block_header h;

	if (size < TLSF_SMALL_BLOCK || b.fl >= t->fl_count)
		return 0;
	for (off = *head_of(t, b); off; off = block_links_load(t->c.area.arena, off).next) {
		if (adx_carve_distrusts(&t->c, off))
			return 0;
		if (++seen > t->c.count.free_blocks && adx_carve_hardened(&t->c)) {
			adx_carve_corrupt(&t->c, off, "free list longer than the free blocks (a cycle)");
			return 0;
		}
		h = block_load(t->c.area.arena, off);
		if (adx_carve_fits(&t->c, off, block_size_of(&h), req))
			return off;
	}
	return 0;
}

/*
 * The head of the smallest bin whose every block holds req->search bytes
 * (so any gap fits); else the good fit: the request's own class, then,
 * when the alignment allowance put search in the next class, that one.
 */
static uint32_t tlsf_find(struct carve_heap *c, const struct carve_request *req)
{
	struct tlsf *t = tlsf_of_carve(c);
	struct tlsf_bin b, own = bin_of(req->need), padded = bin_of(req->search);
	uint32_t off;

	if (find_bin_fitting(t, req->search, &b))
		return *head_of(t, b);
	off = scan_class(t, req->need, req);
	if (!off && (padded.fl != own.fl || padded.sl != own.sl))
		off = scan_class(t, req->search, req);
	return off;
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
	     off = block_links_load(t->c.area.arena, off).next) {
		h = block_load(t->c.area.arena, off);
		if (block_size_of(&h) > best)
			best = block_size_of(&h);
	}
	return best;
}

static void tlsf_get_stats(const struct adx_heap *heap, struct adx_heap_stats *stats)
{
	const struct tlsf *t = tlsf_of(heap);
	uint32_t largest = largest_free_block(t);

	/* the good fit finds the largest block, so a request it holds succeeds */
	adx_carve_get_stats(&t->c, largest, largest, stats);
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
	const char *flaw = adx_block_free_entry_flaw(&t->c.area, offset);
	struct block_header h;
	struct tlsf_bin home;

	if (flaw)
		return flaw;
	h = block_load(t->c.area.arena, offset);
	home = bin_of(block_size_of(&h));
	if (home.fl != b.fl || home.sl != b.sl)
		return "size belongs to another bin";
	if (block_links_load(t->c.area.arena, offset).prev != prev)
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
			     off = block_links_load(t->c.area.arena, off).next) {
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
	int rc = adx_carve_validate_blocks(&t->c, &walk);

	return rc ? rc : validate_bins(t, heap->ops->name, walk.free_blocks);
}

/* ---- the ops table and init ---- */

static const struct carve_ops tlsf_ops = {
	.heap = CARVE_HEAP_OPS("tlsf", tlsf_get_stats, tlsf_validate),
	.index = {
		.find = tlsf_find,
		.insert = tlsf_insert,
		.remove = tlsf_remove,
		.links_flaw = tlsf_links_flaw,
		.head = tlsf_head,
	},
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
	t->fl_count = fl_count;
	adx_carve_init(&t->c, &tlsf_ops, arena, size, state, end);
	return &t->c.base;
}
