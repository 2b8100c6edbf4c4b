// SPDX-License-Identifier: BSD-3-Clause
/*
 * Block-chain services common to both heaps: recognising a block from a
 * user pointer, describing and walking blocks, and checking the physical
 * invariants. The free-list structures differ per heap and are checked
 * there.
 */
#include <errno.h>
#include <inttypes.h>

#include "adx/platform/log.h"
#include "block.h"

#if defined(ADX_ASAN)
/*
 * A live header is always poisoned, a live payload never is. If either
 * granule in front of ptr is addressable, ptr is inside a live payload and
 * is no block start; reading (and re-poisoning) those bytes would clobber
 * the shadow of the user's data, so the probe stops here.
 */
static bool header_could_be_there(const uint8_t *at)
{
	return __asan_address_is_poisoned(at) &&
	       __asan_address_is_poisoned(at + BLOCK_GRANULE);
}
#else
static bool header_could_be_there(const uint8_t *at)
{
	(void)at;
	return true;
}
#endif

/* Where ptr's header would be, if ptr were a payload start; 0 if impossible. */
static uint32_t header_offset_of(const struct block_area *area, const void *ptr)
{
	uintptr_t base = (uintptr_t)area->arena;
	uintptr_t p = (uintptr_t)ptr;

	if (p < base + area->begin + BLOCK_HEADER_SIZE || p >= base + area->end)
		return 0;
	if ((p - base) % BLOCK_GRANULE)
		return 0;
	return (uint32_t)(p - base) - BLOCK_HEADER_SIZE;
}

/*
 * The physical neighbours must agree with the header's sizes: the right
 * one always (a write off the block's end breaks its header), the left one
 * when `both` (MODERATE's neighbour consistency).
 */
static bool neighbours_agree(const struct block_area *area, uint32_t offset,
			     const struct block_header *h, bool both)
{
	uint32_t size = block_size_of(h);
	struct block_header n;

	if (size < BLOCK_MIN_SIZE || size > area->end - offset)
		return false;
	if (offset + size < area->end) {
		n = block_load(area->arena, offset + size);
		if (!block_intact(offset + size, &n) || n.prev_size != size)
			return false;
	}
	if (!both)
		return true;
	if (offset == area->begin)
		return h->prev_size == 0;
	if (h->prev_size == 0 || h->prev_size > offset - area->begin)
		return false;
	n = block_load(area->arena, offset - h->prev_size);
	return block_intact(offset - h->prev_size, &n) && block_size_of(&n) == h->prev_size;
}

/* Whether the header at off is a block's, as far as the heap's level checks. */
static bool header_trusted(const struct block_area *area, uint32_t off,
			   const struct block_header *h, enum adx_heap_hardening level)
{
	if (level == ADX_HEAP_HARDENING_NONE)
		return true;
	return block_intact(off, h) &&
	       neighbours_agree(area, off, h, level >= ADX_HEAP_HARDENING_MODERATE);
}

static int probe_at(const struct block_area *area, const void *ptr,
		    enum adx_heap_hardening level, uint32_t *offset,
		    struct block_header *hdr, const char **why)
{
	uint32_t off = header_offset_of(area, ptr);

	if (!off) {
		*why = "pointer outside the block area or misaligned";
		return -EINVAL;
	}
	if (!header_could_be_there(area->arena + off)) {
		*why = "pointer inside a live block";
		return -EINVAL;
	}
	*hdr = block_load(area->arena, off);
	if (!header_trusted(area, off, hdr, level)) {
		*why = "no block header at pointer (or a neighbour's header overwritten)";
		return -EINVAL;
	}
	*offset = off;
	if (!block_is_used(hdr)) {
		*why = "block already free (double free)";
		return -EFAULT;
	}
	return 0;
}

int adx_block_probe(const struct block_area *area, const void *ptr, uint32_t *offset,
		struct block_header *hdr, const char **why)
{
	return probe_at(area, ptr, area->hardening, offset, hdr, why);
}

static void describe(const struct block_area *area, uint32_t offset,
		     const struct block_header *hdr, struct adx_heap_block *info)
{
	bool used = block_is_used(hdr);

	info->offset = offset;
	info->size = block_size_of(hdr);
	info->used = used;
	info->owner = hdr->owner;
	info->payload_size = used ? info->size - BLOCK_HEADER_SIZE - area->trailer : 0;
	info->ptr = used ? area->arena + offset + BLOCK_HEADER_SIZE : NULL;
}

int adx_block_info(const struct block_area *area, const void *ptr,
	       struct adx_heap_block *info)
{
	struct block_header h;
	uint32_t off;
	const char *why;
	/* a query may be handed any pointer: it checks fully, whatever the level */
	int rc = probe_at(area, ptr, ADX_HEAP_HARDENING_MODERATE, &off, &h, &why);

	if (rc)
		return rc;
	describe(area, off, &h, info);
	return 0;
}

size_t adx_block_payload_size(const struct block_area *area, const void *ptr)
{
	struct adx_heap_block info;

	return adx_block_info(area, ptr, &info) ? 0 : info.payload_size;
}

void adx_block_walk(const struct block_area *area, adx_heap_visit_fn visit, void *ctx)
{
	struct adx_heap_block info;
	struct block_header h;
	uint32_t off;

	for (off = area->begin; off < area->end; off += info.size) {
		h = block_load(area->arena, off);
		describe(area, off, &h, &info);
		if (info.size == 0)
			return; /* corrupt chain: validate reports it, walking on would loop */
		visit(ctx, &info);
	}
}

static int chain_fault(const char *heap_name, uint32_t offset, const char *what)
{
	adx_err("heap", "%s: invalid block at offset %" PRIu32 ": %s", heap_name,
		offset, what);
	return -EFAULT;
}

/* Checks one header in isolation and against its left neighbour. */
static const char *header_flaw(const struct block_area *area, uint32_t offset,
			       const struct block_header *h, uint32_t prev_size,
			       bool prev_free)
{
	uint32_t size = block_size_of(h);

	if (!block_intact(offset, h))
		return "header magic/check broken";
	if (size < BLOCK_MIN_SIZE || size > area->end - offset)
		return "size out of bounds";
	if (h->size_flags & (BLOCK_GRANULE - 1) & ~(uint32_t)BLOCK_USED)
		return "unknown flag bits";
	if (h->prev_size != prev_size)
		return "prev_size does not match the previous block";
	if (!block_is_used(h) && prev_free)
		return "two adjacent free blocks";
	if (!block_is_used(h) && h->owner != ADX_OWNER_NONE)
		return "free block carries an owner";
	return NULL;
}

int adx_block_validate_chain(const char *heap_name, const struct block_area *area,
			 struct block_census *census)
{
	uint32_t off = area->begin;
	uint32_t prev_size = 0;
	bool prev_free = false;
	struct block_header h;
	const char *flaw;

	*census = (struct block_census){ 0 };
	while (off < area->end) {
		h = block_load(area->arena, off);
		flaw = header_flaw(area, off, &h, prev_size, prev_free);
		if (flaw)
			return chain_fault(heap_name, off, flaw);
		prev_size = block_size_of(&h);
		prev_free = !block_is_used(&h);
		if (prev_free) {
			census->free_blocks++;
			census->free_bytes += prev_size;
		} else {
			census->used_blocks++;
			census->used_bytes += prev_size;
		}
		off += prev_size;
	}
	if (off != area->end)
		return chain_fault(heap_name, off, "block sizes do not sum to the area");
	return 0;
}

const char *adx_block_free_entry_flaw(const struct block_area *area, uint32_t offset)
{
	struct block_header h;

	if (offset < area->begin || offset > area->end - BLOCK_MIN_SIZE ||
	    offset % BLOCK_GRANULE)
		return "offset outside the block area";
	h = block_load(area->arena, offset);
	if (!block_intact(offset, &h) || block_is_used(&h))
		return "not a free block";
	return NULL;
}

void adx_block_report_bad_free(const char *heap_name, const struct block_area *area,
			   const void *ptr, const char *why)
{
	intptr_t rel = (intptr_t)((uintptr_t)ptr - (uintptr_t)area->arena);

	adx_err("heap", "%s: free(%p) rejected (arena offset %" PRIdPTR "): %s",
		heap_name, ptr, rel, why);
}

int adx_block_check_census(const char *heap_name, const struct block_census *walk,
		       const struct block_census *kept)
{
	if (walk->used_blocks != kept->used_blocks || walk->free_blocks != kept->free_blocks ||
	    walk->used_bytes != kept->used_bytes || walk->free_bytes != kept->free_bytes) {
		adx_err("heap", "%s: stats disagree with the walk: used %" PRIu32 "/%zu B "
			"free %" PRIu32 "/%zu B counted, walk found %" PRIu32 "/%zu B and %"
			PRIu32 "/%zu B", heap_name, kept->used_blocks, kept->used_bytes,
			kept->free_blocks, kept->free_bytes, walk->used_blocks,
			walk->used_bytes, walk->free_blocks, walk->free_bytes);
		return -EFAULT;
	}
	return 0;
}
