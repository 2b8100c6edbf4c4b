// SPDX-License-Identifier: BSD-3-Clause
/*
 * Per-owner accounting on top of a heap. The registry of live owners is an
 * intrusive list hanging off the heap itself (no globals): a tag is unique
 * among the owners of one heap, which is all a block map or a leak report
 * needs. Owner counters are changed under the heap's lock, never across a
 * heap call (the lock is not recursive).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "adx/mem/heap.h"
#include "adx/platform/log.h"
#include "adx/mem/module_mem.h"
#include "heap_impl.h"

/* Leaked blocks collected per heap walk during release. */
#define RELEASE_BATCH 16u

static bool tag_in_use(const struct adx_heap *heap, uint16_t tag)
{
	const struct adx_mem_owner *o;

	for (o = heap->owners; o; o = o->next)
		if (o->tag == tag)
			return true;
	return false;
}

/*
 * Next free tag from the heap's cursor; the caller checked one exists.
 * Until the cursor wraps, every tag at or above it has never been handed
 * out, so the registry is only searched once tags are being reused.
 */
static uint16_t claim_tag(struct adx_heap *heap)
{
	uint16_t tag = heap->next_owner_tag;

	if (tag == ADX_OWNER_NONE) {
		heap->owner_tags_wrapped = true;
		tag = 1;
	}
	while (heap->owner_tags_wrapped && tag_in_use(heap, tag))
		tag = tag == UINT16_MAX ? 1 : (uint16_t)(tag + 1);
	heap->next_owner_tag = (uint16_t)(tag + 1);
	return tag;
}

static void copy_name(char *dst, const char *src)
{
	size_t len = strnlen(src, ADX_OWNER_NAME_MAX - 1);

	memcpy(dst, src, len);
	dst[len] = '\0';
}

int adx_mem_owner_init(struct adx_mem_owner *owner, struct adx_heap *heap,
		       const char *name)
{
	int rc = 0;

	if (!owner || !heap || !name)
		return -EINVAL;
	*owner = (struct adx_mem_owner){ .heap = heap };
	copy_name(owner->name, name);
	adx_heap_enter(heap);
	if (heap->owner_count >= UINT16_MAX) {
		rc = -ENOSPC;
	} else {
		owner->tag = claim_tag(heap);
		owner->next = heap->owners;
		if (heap->owners)
			heap->owners->prev = owner;
		heap->owners = owner;
		heap->owner_count++;
	}
	adx_heap_leave(heap);
	if (rc)
		adx_err("mem", "%s: no owner tag left on heap %s", owner->name, heap->ops->name);
	return rc;
}

/*
 * A released owner keeps its name and heap (reports still name it) but its
 * tag is gone: that tag may already belong to another owner, so nothing
 * is allocated or freed through it any more.
 */
static bool owner_is_live(const struct adx_mem_owner *owner, const char *call)
{
	if (!owner || !owner->heap)
		return false;
	if (owner->tag == ADX_OWNER_NONE) {
		adx_err("mem", "%s: %s through a released owner refused", owner->name, call);
		return false;
	}
	return true;
}

void *adx_mod_alloc(struct adx_mem_owner *owner, size_t size, size_t align)
{
	struct adx_heap *heap;
	void *ptr;

	if (!owner_is_live(owner, "alloc"))
		return NULL;
	heap = owner->heap;
	ptr = adx_heap_alloc(heap, size, align, owner->tag);
	adx_heap_enter(heap);
	if (!ptr) {
		owner->alloc_failures++;
	} else {
		owner->used_bytes += heap->ops->block_size(heap, ptr);
		owner->live_blocks++;
		if (owner->used_bytes > owner->high_water_bytes)
			owner->high_water_bytes = owner->used_bytes;
	}
	adx_heap_leave(heap);
	return ptr;
}

void *adx_mod_zalloc(struct adx_mem_owner *owner, size_t size, size_t align)
{
	void *ptr = adx_mod_alloc(owner, size, align);

	if (ptr)
		memset(ptr, 0, size);
	return ptr;
}

int adx_mod_free(struct adx_mem_owner *owner, void *ptr)
{
	struct adx_heap_block info;
	int rc;

	if (!owner_is_live(owner, "free"))
		return -EINVAL;
	/* not a live block: let the heap reject, count and report it */
	if (adx_heap_block_info(owner->heap, ptr, &info))
		return adx_heap_free(owner->heap, ptr);
	if (info.owner != owner->tag) {
		adx_err("mem", "%s: free(%p) rejected: block belongs to owner tag %u",
			owner->name, ptr, (unsigned int)info.owner);
		return -EINVAL;
	}
	rc = adx_heap_free(owner->heap, ptr);
	if (!rc) {
		adx_heap_enter(owner->heap);
		owner->used_bytes -= info.payload_size;
		owner->live_blocks--;
		adx_heap_leave(owner->heap);
	}
	return rc;
}

struct owner_blocks {
	uint16_t tag;
	uint32_t found;                     /* release: blocks collected this walk */
	struct adx_heap_block blocks[RELEASE_BATCH];
	size_t payload_bytes;               /* walk_bytes: running sum */
};

static void collect_owned(void *ctx, const struct adx_heap_block *block)
{
	struct owner_blocks *ob = ctx;

	if (!block->used || block->owner != ob->tag)
		return;
	ob->payload_bytes += block->payload_size;
	if (ob->found < RELEASE_BATCH)
		ob->blocks[ob->found++] = *block;
}

static void unregister_owner(struct adx_mem_owner *owner)
{
	struct adx_heap *heap = owner->heap;

	adx_heap_enter(heap);
	if (owner->prev)
		owner->prev->next = owner->next;
	else
		heap->owners = owner->next;
	if (owner->next)
		owner->next->prev = owner->prev;
	heap->owner_count--;
	owner->tag = ADX_OWNER_NONE;
	owner->used_bytes = 0;
	owner->live_blocks = 0;
	owner->next = NULL;
	owner->prev = NULL;
	adx_heap_leave(heap);
}

/* Blocks are freed between walks: a walk holds the lock, a free takes it. */
uint32_t adx_mem_owner_release(struct adx_mem_owner *owner)
{
	struct owner_blocks ob;
	uint32_t leaks = 0, i;

	if (!owner || !owner->heap || owner->tag == ADX_OWNER_NONE)
		return 0;
	do {
		ob = (struct owner_blocks){ .tag = owner->tag };
		adx_heap_walk(owner->heap, collect_owned, &ob);
		for (i = 0; i < ob.found; i++) {
			adx_err("mem", "%s: leaked %" PRIu32 " bytes at offset %" PRIu32,
				owner->name, ob.blocks[i].payload_size, ob.blocks[i].offset);
			adx_heap_free(owner->heap, ob.blocks[i].ptr);
			leaks++;
		}
	} while (ob.found == RELEASE_BATCH);
	unregister_owner(owner);
	return leaks;
}

size_t adx_mem_owner_walk_bytes(const struct adx_mem_owner *owner)
{
	struct owner_blocks ob;

	if (!owner || !owner->heap)
		return 0;
	ob = (struct owner_blocks){ .tag = owner->tag };
	adx_heap_walk(owner->heap, collect_owned, &ob);
	return ob.payload_bytes;
}

static void usage_of(const struct adx_mem_owner *owner, struct adx_mem_owner_usage *usage)
{
	*usage = (struct adx_mem_owner_usage){
		.name = owner->name,
		.tag = owner->tag,
		.used_bytes = owner->used_bytes,
		.high_water_bytes = owner->high_water_bytes,
		.live_blocks = owner->live_blocks,
		.alloc_failures = owner->alloc_failures,
	};
}

void adx_mem_owners_visit(const struct adx_heap *heap, adx_mem_owner_visit_fn fn, void *ctx)
{
	struct adx_mem_owner_usage usage;

	if (!heap || !fn)
		return;
	adx_heap_enter(heap);
	for (const struct adx_mem_owner *o = heap->owners; o; o = o->next) {
		usage_of(o, &usage);
		fn(ctx, &usage);
	}
	adx_heap_leave(heap);
}

const char *adx_mem_owner_name(const struct adx_heap *heap, uint16_t tag)
{
	if (!heap)
		return NULL;
	for (const struct adx_mem_owner *o = heap->owners; o; o = o->next)
		if (o->tag == tag)
			return o->name;
	return NULL;
}
