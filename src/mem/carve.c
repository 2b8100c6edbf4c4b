// SPDX-License-Identifier: BSD-3-Clause
/*
 * Block carving and immediate coalescing over a heap's free index (see
 * carve.h). Two facts keep every step here free of loops and merges:
 *  - the block alloc carves was free, so both its physical neighbours are
 *    used (free blocks never touch): the leading gap and the tail it gives
 *    back never need merging;
 *  - free merges with at most two neighbours, and the merged block's own
 *    neighbours are then used for the same reason.
 */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/platform/log.h"
#include "block.h"
#include "carve.h"
#include "heap_impl.h"

/* A block being carved by alloc, as its header will finally describe it. */
struct carve_block {
	uint32_t offset;
	uint32_t size;
	uint32_t prev_size;
};

static struct carve_heap *carve_of(const struct adx_heap *heap)
{
	return (struct carve_heap *)heap;
}

static const struct free_index_ops *carve_index(const struct carve_heap *c)
{
	return &((const struct carve_ops *)c->base.ops)->index;
}

void adx_carve_corrupt(struct carve_heap *c, uint32_t offset, const char *why)
{
	c->base.corrupt = true;
	adx_err("heap", "%s: heap corrupt at %p (arena offset %" PRIu32 "): %s; refusing service",
		c->base.ops->name, (void *)(c->area.arena + offset), offset, why);
}

bool adx_carve_distrusts(struct carve_heap *c, uint32_t offset)
{
	const char *flaw;

	if (!adx_carve_hardened(c))
		return false;
	flaw = adx_block_free_entry_flaw(&c->area, offset);
	if (flaw)
		adx_carve_corrupt(c, offset, flaw);
	return flaw != NULL;
}

/*
 * MODERATE's check before a list is touched through the indexed free block
 * at offset: its header, and its links both ways. True below MODERATE.
 */
static bool carve_listed_ok(struct carve_heap *c, uint32_t offset)
{
	const char *flaw;
	struct block_header h;

	if (!adx_carve_hardened(c))
		return true;
	flaw = adx_block_free_entry_flaw(&c->area, offset);
	if (!flaw) {
		h = block_load(c->area.arena, offset);
		flaw = carve_index(c)->links_flaw(c, offset, block_size_of(&h));
	}
	if (flaw)
		adx_carve_corrupt(c, offset, flaw);
	return flaw == NULL;
}

/* Writes a free block's header and indexes it; false if its list is corrupt. */
static bool carve_make_free(struct carve_heap *c, uint32_t offset, uint32_t size,
			    uint32_t prev_size)
{
	uint32_t head = adx_carve_hardened(c) ? carve_index(c)->head(c, size) : 0;

	if (head && !carve_listed_ok(c, head))
		return false;
	block_store(c->area.arena, offset, size, false, prev_size, ADX_OWNER_NONE);
	carve_index(c)->insert(c, offset, size);
	c->count.free_blocks++;
	c->count.free_bytes += size;
	return true;
}

/* Takes a free block out of the index (its header stays until rewritten). */
static bool carve_take_free(struct carve_heap *c, uint32_t offset, uint32_t size)
{
	if (!carve_listed_ok(c, offset))
		return false;
	carve_index(c)->remove(c, offset, size);
	c->count.free_blocks--;
	c->count.free_bytes -= size;
	return true;
}

void adx_carve_init(struct carve_heap *c, const struct carve_ops *ops, void *arena,
		    size_t arena_size, uint32_t begin, uint32_t end)
{
	adx_heap_base_init(&c->base, &ops->heap, arena, arena_size);
	c->area = (struct block_area){ arena, begin, end, 0, ADX_HEAP_HARDENING_NONE };
	adx_carve_set_hardening(&c->base, c->base.hardening);
	c->count = (struct block_census){ 0 };
	carve_make_free(c, begin, end - begin, 0);
	block_payload_close(c->area.arena, begin, end - begin);
}

void adx_carve_set_hardening(struct adx_heap *heap, enum adx_heap_hardening level)
{
	struct carve_heap *c = carve_of(heap);

	c->base.hardening = level;
	c->area.hardening = level;
	c->area.trailer = level >= ADX_HEAP_HARDENING_FULL ? BLOCK_CANARY_SIZE : 0;
}

/* ---- allocation ---- */

/*
 * Sizes a valid request (size and align at most the area size, so every
 * sum below stays far inside 64 bits); false if it can never fit.
 * search allows for the widest gap carve_gap() can leave: align - granule
 * of misalignment, plus one alignment step when that is below a block.
 */
static bool carve_size_request(const struct carve_heap *c, size_t size, size_t align,
			       struct carve_request *req)
{
	uint32_t area_size = c->area.end - c->area.begin;
	uint64_t need, search;

	if (size > area_size || align > area_size)
		return false;
	need = ((uint64_t)size + BLOCK_GRANULE - 1) / BLOCK_GRANULE * BLOCK_GRANULE +
	       BLOCK_HEADER_SIZE + c->area.trailer;
	if (need < BLOCK_MIN_SIZE)
		need = BLOCK_MIN_SIZE;
	search = align > BLOCK_GRANULE ? need + align + BLOCK_MIN_SIZE - BLOCK_GRANULE : need;
	if (search > area_size)
		return false;
	*req = (struct carve_request){ (uint32_t)need, (uint32_t)search, (uint32_t)align };
	return true;
}

/*
 * Bytes in front of the block at offset that must go so its payload is
 * aligned. The gap becomes a free block of its own, so one too small to be
 * a block is widened by one alignment step. (Handing it to the left
 * neighbour instead would change a live block's size after its owner was
 * told it: module_mem counts block sizes at alloc and at free.)
 */
static uint32_t carve_gap(const struct carve_heap *c, uint32_t offset, uint32_t align)
{
	uintptr_t payload = (uintptr_t)c->area.arena + offset + BLOCK_HEADER_SIZE;
	uint32_t gap = (uint32_t)(((payload + align - 1) & ~(uintptr_t)(align - 1)) - payload);

	return gap && gap < BLOCK_MIN_SIZE ? gap + align : gap;
}

bool adx_carve_fits(const struct carve_heap *c, uint32_t offset, uint32_t size,
		    const struct carve_request *req)
{
	return (uint64_t)carve_gap(c, offset, req->align) + req->need <= size;
}

/* Takes the block the index picked out of it; false if it found none. */
static bool carve_find(struct carve_heap *c, const struct carve_request *req,
		       struct carve_block *block)
{
	uint32_t offset = carve_index(c)->find(c, req);
	struct block_header h;

	if (!offset || c->base.corrupt)
		return false;
	h = block_load(c->area.arena, offset);
	*block = (struct carve_block){ offset, block_size_of(&h), h.prev_size };
	return carve_take_free(c, offset, block->size);
}

/* Returns the leading alignment gap to the free index (its left neighbour is used). */
static bool carve_split_gap(struct carve_heap *c, struct carve_block *block, uint32_t align)
{
	uint32_t gap = carve_gap(c, block->offset, align);

	if (!gap)
		return true;
	if (!carve_make_free(c, block->offset, gap, block->prev_size))
		return false;
	block->offset += gap;
	block->size -= gap;
	block->prev_size = gap;
	return true;
}

/*
 * Returns the unused tail to the free index when it can form a block (its
 * right neighbour is used); a smaller rest stays in the allocation. Either
 * way the right neighbour's prev_size is brought up to date.
 */
static bool carve_split_tail(struct carve_heap *c, struct carve_block *block, uint32_t need)
{
	uint32_t rest = block->size - need;
	uint32_t last = block->offset, last_size = block->size;

	if (rest >= BLOCK_MIN_SIZE) {
		block->size = need;
		last = block->offset + need;
		last_size = rest;
		if (!carve_make_free(c, last, rest, need))
			return false;
	}
	if (last + last_size < c->area.end)
		block_set_prev(c->area.arena, last + last_size, last_size);
	return true;
}

void *adx_carve_alloc(struct adx_heap *heap, size_t size, size_t align, uint16_t owner)
{
	struct carve_heap *c = carve_of(heap);
	struct carve_request req;
	struct carve_block block;

	if (!carve_size_request(c, size, align, &req) || !carve_find(c, &req, &block) ||
	    !carve_split_gap(c, &block, req.align) || !carve_split_tail(c, &block, req.need))
		return NULL;
	block_store(c->area.arena, block.offset, block.size, true, block.prev_size, owner);
	if (c->area.trailer)
		block_canary_store(c->area.arena, block.offset, block.size);
	block_payload_open(c->area.arena, block.offset, block.size - c->area.trailer);
	c->count.used_blocks++;
	c->count.used_bytes += block.size;
	return c->area.arena + block.offset + BLOCK_HEADER_SIZE;
}

/* ---- free: immediate merge with both neighbours ---- */

/* Swallows the right neighbour of [offset, offset + *size) if it is free. */
static bool carve_merge_right(struct carve_heap *c, uint32_t offset, uint32_t *size)
{
	uint32_t right = offset + *size;
	struct block_header n;

	if (right >= c->area.end)
		return true;
	n = block_load(c->area.arena, right);
	if (block_is_used(&n))
		return true;
	if (!carve_take_free(c, right, block_size_of(&n)))
		return false;
	block_erase(c->area.arena, right);
	*size += block_size_of(&n);
	return true;
}

/* Lets a free left neighbour swallow the block; updates where it starts. */
static bool carve_merge_left(struct carve_heap *c, uint32_t *offset, uint32_t *size,
			     uint32_t *prev_size)
{
	struct block_header n;

	if (!*prev_size)
		return true;
	n = block_load(c->area.arena, *offset - *prev_size);
	if (block_is_used(&n))
		return true;
	if (!carve_take_free(c, *offset - *prev_size, *prev_size))
		return false;
	block_erase(c->area.arena, *offset);
	*offset -= *prev_size;
	*size += *prev_size;
	*prev_size = n.prev_size;
	return true;
}

int adx_carve_free(struct adx_heap *heap, void *ptr)
{
	struct carve_heap *c = carve_of(heap);
	struct block_header h;
	uint32_t off, size, prev_size;
	const char *why;
	int rc = adx_block_probe(&c->area, ptr, &off, &h, &why);

	if (rc) {
		adx_block_report_bad_free(heap->ops->name, &c->area, ptr, why);
		return rc;
	}
	size = block_size_of(&h);
	if (c->area.trailer && !block_canary_intact(c->area.arena, off, size)) {
		adx_block_report_bad_free(heap->ops->name, &c->area, ptr,
					  "trailer canary overwritten (a write past the payload)");
		return -EFAULT;
	}
	prev_size = h.prev_size;
	block_payload_close(c->area.arena, off, size);
	c->count.used_blocks--;
	c->count.used_bytes -= size;
	if (!carve_merge_right(c, off, &size) || !carve_merge_left(c, &off, &size, &prev_size) ||
	    !carve_make_free(c, off, size, prev_size))
		return -EFAULT;
	if (off + size < c->area.end)
		block_set_prev(c->area.arena, off + size, size);
	return 0;
}

/* ---- the block-level ops both heaps share ---- */

void adx_carve_get_stats(const struct carve_heap *c, uint32_t largest_block,
			 uint32_t servable_block, struct adx_heap_stats *stats)
{
	*stats = (struct adx_heap_stats){
		.total_bytes = c->area.end - c->area.begin,
		.used_bytes = c->count.used_bytes,
		.free_bytes = c->count.free_bytes,
		.largest_free_block_bytes = largest_block,
		.largest_free_bytes = servable_block > BLOCK_HEADER_SIZE + c->area.trailer
					      ? servable_block - BLOCK_HEADER_SIZE - c->area.trailer
					      : 0,
		.used_blocks = c->count.used_blocks,
		.free_blocks = c->count.free_blocks,
	};
}

int adx_carve_validate_blocks(const struct carve_heap *c, struct block_census *walk)
{
	const char *name = c->base.ops->name;
	int rc = adx_block_validate_chain(name, &c->area, walk);

	return rc ? rc : adx_block_check_census(name, walk, &c->count);
}

void adx_carve_walk(const struct adx_heap *heap, adx_heap_visit_fn visit, void *ctx)
{
	adx_block_walk(&carve_of(heap)->area, visit, ctx);
}

size_t adx_carve_block_size(const struct adx_heap *heap, const void *ptr)
{
	return adx_block_payload_size(&carve_of(heap)->area, ptr);
}

int adx_carve_block_info(const struct adx_heap *heap, const void *ptr,
			 struct adx_heap_block *info)
{
	return adx_block_info(&carve_of(heap)->area, ptr, info);
}

size_t adx_carve_used_bytes(const struct adx_heap *heap)
{
	return carve_of(heap)->count.used_bytes;
}
