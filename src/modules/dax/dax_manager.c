// SPDX-License-Identifier: BSD-3-Clause
/*
 * Region managers for the STATIC and SHARED policies; the protocol is in
 * dax_manager.h. Firmware has exactly one of each, so both are globals,
 * set up by the first init on the control thread (docs/design.md §5: there is
 * one control thread, so that first use does not race).
 */
#include <errno.h>
#include <string.h>

#include "adx/platform/log.h"
#include "dax_manager.h"
#include "dax_priv.h"

#ifndef ADX_DAX_STATIC_REGION_BYTES
#error "ADX_DAX_STATIC_REGION_BYTES comes from src/modules/dax/dax.cmake"
#endif

_Static_assert(ADX_DAX_STATIC_REGION_BYTES % DAX_REGION_ALIGN == 0,
	       "the static region is a whole number of cache lines");

/*
 * The STATIC region: its own input section, so a firmware linker script can
 * place it (a dedicated memory bank, say). The ".bss." prefix keeps it
 * NOBITS: it costs RAM, always, but no bytes in the image.
 */
static uint8_t static_region[ADX_DAX_STATIC_REGION_BYTES]
	__attribute__((section(".bss.adx_dax_region"), aligned(DAX_REGION_ALIGN)));

#define RANK_MAX 255u

struct dax_manager {
	const char *name;
	bool is_static;
	_Atomic int ready;
	struct adx_mutex lock;
	uint8_t *mem;                  /* the region, NULL while there is none */
	size_t bytes;
	struct dax *owner;
	struct dax *members;
	uint32_t count;
	/* SHARED only */
	struct adx_heap *heap;
	struct adx_mem_owner mem_owner;
	bool retain;
};

static struct dax_manager static_manager = { .name = "static", .is_static = true };
static struct dax_manager shared_manager = { .name = "shared" };
static _Atomic uint32_t device_rank[ADX_DAX_DEVICE_COUNT] = { 1, 0 };

struct dax_manager *dax_manager_static(void)
{
	return &static_manager;
}

struct dax_manager *dax_manager_shared(void)
{
	return &shared_manager;
}

size_t adx_dax_static_region_bytes(void)
{
	return sizeof(static_region);
}

uint32_t dax_manager_device_rank(uint32_t device)
{
	return device < ADX_DAX_DEVICE_COUNT ? atomic_load(&device_rank[device]) : 0;
}

int dax_manager_set_device_rank(uint32_t device, uint32_t rank)
{
	if (device >= ADX_DAX_DEVICE_COUNT || rank > RANK_MAX)
		return -EINVAL;
	atomic_store(&device_rank[device], rank);
	return 0;
}

static void ensure_ready(struct dax_manager *m)
{
	if (atomic_load_explicit(&m->ready, memory_order_acquire))
		return;
	adx_mutex_init(&m->lock);
	atomic_store_explicit(&m->ready, 1, memory_order_release);
}

/* RUNNING above prepared, then device, then the init priority. */
static uint32_t rank_of(const struct dax *d)
{
	uint32_t running = adx_module_state(d->mod) == ADX_MOD_RUNNING;
	uint32_t device = atomic_load_explicit(&d->staging.device, memory_order_relaxed);

	return running << 16 | dax_manager_device_rank(device) << 8 | d->priority;
}

/* The best candidate; the owner wins ties so the region does not bounce. */
static struct dax *pick(const struct dax_manager *m)
{
	struct dax *best = m->owner;

	for (struct dax *d = m->members; d; d = d->manager_next)
		if (d->candidate && (!best || rank_of(d) > rank_of(best)))
			best = d;
	return best;
}

/* Claims the region back from its owner; the owner goes on in pass-through. */
static int take_from_owner(struct dax_manager *m)
{
	struct dax *owner = m->owner;
	int ret;

	ret = adx_module_dp_quiesce(owner->mod);
	if (ret) {
		dax_count(&owner->counters.claim_timeouts, 1);
		adx_warn("dax", "%s: cycle did not end (%d): keeps the %s region",
			 owner->mod->name, ret, m->name);
		return ret;
	}
	ret = dax_engine_stop(owner);
	adx_module_dp_resume(owner->mod);
	if (ret)
		return ret;
	dax_engine_poison(m->mem, m->bytes);
	m->owner = NULL;
	dax_set_held(owner, 0);
	return 0;
}

static void give_to(struct dax_manager *m, struct dax *d)
{
	if (dax_engine_start(d, m->mem, m->bytes))
		return;
	m->owner = d;
	dax_set_held(d, m->bytes);
	dax_count(&d->counters.handoffs_in, 1);
}

/* Lock held. allow_take: the owner may be asked to yield to a better candidate. */
static void rebalance(struct dax_manager *m, bool allow_take)
{
	struct dax *best = pick(m);
	struct dax *owner = m->owner;

	if (!m->mem || !best || best == owner)
		return;
	if (owner) {
		if (!allow_take || take_from_owner(m))
			return;
		dax_count(&owner->counters.handoffs_out, 1);
	}
	give_to(m, best);
}

/* SHARED: the region for every member, from the first member's heap. */
static void shared_allocate(struct dax_manager *m, struct dax *d)
{
	size_t bytes = dax_region_bytes(DAX_MAX_CHANNELS);

	if (adx_mem_owner_init(&m->mem_owner, d->mod->mem.heap, "dax-shared")) {
		dax_count(&d->counters.alloc_failures, 1);
		return;
	}
	m->mem = adx_mod_alloc(&m->mem_owner, bytes, DAX_REGION_ALIGN);
	if (!m->mem) {
		adx_mem_owner_release(&m->mem_owner);
		dax_count(&d->counters.alloc_failures, 1);
		adx_warn("dax", "%s: shared engine region (%zu bytes) unavailable: passing through",
			 d->mod->name, bytes);
		return;
	}
	m->heap = d->mod->mem.heap;
	m->bytes = bytes;
	dax_commit_heap(bytes, true);
}

static void shared_free(struct dax_manager *m)
{
	dax_engine_poison(m->mem, m->bytes);
	adx_mod_free(&m->mem_owner, m->mem);
	adx_mem_owner_release(&m->mem_owner);
	dax_commit_heap(m->bytes, false);
	m->mem = NULL;
	m->bytes = 0;
	m->heap = NULL;
	m->retain = false;
}

/*
 * A retained region is still ours only if its heap still holds it as a live
 * block of our owner tag: a heap rebuilt over the same arena (same pointer)
 * without adx_dax_shared_release() would otherwise hand out memory it
 * never allocated. Such a region is forgotten, not freed. The heap must
 * still be there to ask (region_heap_alive()).
 */
static bool retained_region_intact(const struct dax_manager *m)
{
	struct adx_heap_block info;

	return !adx_heap_block_info(m->heap, m->mem, &info) && info.used &&
	       info.owner == m->mem_owner.tag;
}

static void forget_region(struct dax_manager *m)
{
	adx_warn("dax", "retained shared region no longer on a live heap: forgotten");
	dax_commit_heap(m->bytes, false);
	memset(&m->mem_owner, 0, sizeof(m->mem_owner));
	m->mem = NULL;
	m->bytes = 0;
	m->heap = NULL;
	m->retain = false;
}

/*
 * The region's memory owner dies when its heap is retired (module_mem.h),
 * so a region kept past its heap's life is never written to or freed.
 */
static bool region_heap_alive(const struct dax_manager *m)
{
	return m->mem_owner.heap != NULL;
}

/* Gives a retained region back to its heap, or forgets it with a dead heap. */
static void drop_retained(struct dax_manager *m)
{
	if (region_heap_alive(m))
		shared_free(m);
	else
		forget_region(m);
}

static void reuse_or_drop_retained(struct dax_manager *m, struct dax *d)
{
	if (!region_heap_alive(m) || m->heap != d->mod->mem.heap)
		drop_retained(m);
	else if (!retained_region_intact(m))
		forget_region(m);
}

void dax_manager_join(struct dax_manager *m, struct dax *d)
{
	ensure_ready(m);
	adx_mutex_lock(&m->lock);
	if (m->is_static && !m->count) {
		m->mem = static_region;
		m->bytes = sizeof(static_region);
		dax_commit_static(m->bytes, true);
	}
	if (!m->is_static && m->mem && !m->count)
		reuse_or_drop_retained(m, d);
	if (!m->is_static && !m->mem)
		shared_allocate(m, d);
	if (d->flags & ADX_DAX_INIT_RETAIN_SHARED)
		m->retain = true;
	d->manager = m;
	d->manager_next = m->members;
	m->members = d;
	m->count++;
	adx_mutex_unlock(&m->lock);
}

static void unlink_member(struct dax_manager *m, struct dax *d)
{
	for (struct dax **p = &m->members; *p; p = &(*p)->manager_next) {
		if (*p == d) {
			*p = d->manager_next;
			m->count--;
			return;
		}
	}
}

void dax_manager_leave(struct dax_manager *m, struct dax *d)
{
	adx_mutex_lock(&m->lock);
	unlink_member(m, d);
	d->manager = NULL;
	if (m->is_static && !m->count) {
		dax_commit_static(m->bytes, false);
		m->mem = NULL;
		m->bytes = 0;
	}
	if (!m->is_static && !m->count && m->mem && !m->retain)
		shared_free(m);
	adx_mutex_unlock(&m->lock);
}

void dax_manager_want(struct dax_manager *m, struct dax *d)
{
	adx_mutex_lock(&m->lock);
	/* An allocation that failed at an earlier init or prepare is tried again. */
	if (!m->is_static && !m->mem)
		shared_allocate(m, d);
	d->candidate = true;
	rebalance(m, true);
	adx_mutex_unlock(&m->lock);
}

int dax_manager_drop(struct dax_manager *m, struct dax *d)
{
	int ret = 0;

	adx_mutex_lock(&m->lock);
	if (m->owner == d) {
		ret = dax_engine_stop(d);
		if (!ret) {
			dax_engine_poison(m->mem, m->bytes);
			m->owner = NULL;
			dax_set_held(d, 0);
		}
	}
	if (!ret) {
		d->candidate = false;
		rebalance(m, false);
	}
	adx_mutex_unlock(&m->lock);
	return ret;
}

void dax_manager_rerank(struct dax_manager *m)
{
	adx_mutex_lock(&m->lock);
	rebalance(m, true);
	adx_mutex_unlock(&m->lock);
}

int dax_manager_release_retained(struct dax_manager *m)
{
	int ret = 0;

	if (!atomic_load_explicit(&m->ready, memory_order_acquire))
		return 0;
	adx_mutex_lock(&m->lock);
	if (m->count)
		ret = -EBUSY;
	else if (m->mem)
		drop_retained(m);
	adx_mutex_unlock(&m->lock);
	return ret;
}

int adx_dax_set_device_rank(uint32_t device, uint32_t rank)
{
	return dax_manager_set_device_rank(device, rank);
}

int adx_dax_shared_release(void)
{
	return dax_manager_release_retained(&shared_manager);
}
