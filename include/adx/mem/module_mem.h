/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Per-module allocation tracking on top of a heap.
 *
 * Every module (and every pipeline, for its buffers) gets an owner: a name
 * and a 16-bit tag stored in each block it allocates. Usage and high-water
 * are kept per owner; adx_mem_owner_release() frees whatever the owner still
 * holds and reports each leaked block by the owner's name, so a module that
 * forgets a free is named, not silently cleaned up.
 */
#ifndef ADX_MODULE_MEM_H
#define ADX_MODULE_MEM_H

#include <stddef.h>
#include <stdint.h>

#include "adx/mem/heap.h"

#define ADX_OWNER_NAME_MAX 32

struct adx_mem_owner {
	char name[ADX_OWNER_NAME_MAX];
	uint16_t tag;
	struct adx_heap *heap;
	size_t used_bytes;       /* payload bytes currently held */
	size_t high_water_bytes;
	uint32_t live_blocks;
	uint64_t alloc_failures;
	/* the heap's registry of live owners (doubly linked: O(1) release) */
	struct adx_mem_owner *next;
	struct adx_mem_owner *prev;
};

/*
 * Registers an owner on `heap`. Tags are unique among live owners and never
 * ADX_OWNER_NONE. Returns 0, -EINVAL for a NULL argument, or -ENOSPC when
 * all tags are taken. The owner struct must stay put until released. Owner
 * counters change under the heap's lock (adx_heap_set_lock); read them under
 * it too when other threads allocate.
 */
int adx_mem_owner_init(struct adx_mem_owner *owner, struct adx_heap *heap,
		       const char *name);

void *adx_mod_alloc(struct adx_mem_owner *owner, size_t size, size_t align);
void *adx_mod_zalloc(struct adx_mem_owner *owner, size_t size, size_t align);
/* 0, or the heap's error for a pointer this owner does not hold (-EINVAL/-EFAULT). */
int adx_mod_free(struct adx_mem_owner *owner, void *ptr);

/*
 * Frees every block still tagged with this owner, logs each one as a leak
 * ("<name>: leaked N bytes at offset O"), unregisters the tag and returns the
 * number of leaked blocks (0 when the owner cleaned up after itself). The
 * owner is dead afterwards: its tag reads ADX_OWNER_NONE (16-bit tags are
 * reused once all have been handed out, so the old one may name another
 * owner), alloc through it returns NULL and free -EINVAL, both logged, and
 * a second release returns 0. adx_mem_owner_init() revives it.
 * adx_heap_retire() kills every owner still registered on that heap the
 * same way and clears its heap pointer (heap == NULL: the heap is gone),
 * so memory kept past its heap's life is never reached through it.
 */
uint32_t adx_mem_owner_release(struct adx_mem_owner *owner);

/* Payload bytes the heap walk finds tagged with this owner (cross-check of used_bytes). */
size_t adx_mem_owner_walk_bytes(const struct adx_mem_owner *owner);

/* ---- observers: read-only, for measurement (see adx/audio/observe.h) ---- */

/* One live owner's use of its heap, as an observer sees it. */
struct adx_mem_owner_usage {
	const char *name;
	uint16_t tag;
	size_t used_bytes;
	size_t high_water_bytes;
	uint32_t live_blocks;
	uint64_t alloc_failures;
};

typedef void (*adx_mem_owner_visit_fn)(void *ctx, const struct adx_mem_owner_usage *usage);

/*
 * Calls fn once per live owner of `heap`, newest first, under the heap's
 * lock: fn must not call the heap. The usage (and its name) is valid only
 * during the call.
 */
void adx_mem_owners_visit(const struct adx_heap *heap, adx_mem_owner_visit_fn fn, void *ctx);
/*
 * The name of the live owner holding `tag`, or NULL. Takes no lock, so a
 * heap walk visitor (which runs under it) can name a block's owner; call
 * it only where no other thread registers or releases owners meanwhile.
 */
const char *adx_mem_owner_name(const struct adx_heap *heap, uint16_t tag);

#endif
