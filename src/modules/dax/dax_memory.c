// SPDX-License-Identifier: BSD-3-Clause
/*
 * The four lifespans of engine memory (docs/design.md §6) and the figures that
 * compare them: engine bytes committed, heap and static region together.
 *
 *   INIT     own region from the module's heap memory at init, engine built
 *            in it at every prepare, claimed back at reset, freed at free;
 *   PREPARE  own region allocated at prepare, claimed and freed at reset;
 *   STATIC   the linker-placed region, through the static manager;
 *   SHARED   the heap region of the shared manager.
 *
 * A refused allocation is not an op failure: the instance keeps playing in
 * pass-through, counts the failure and says so once in the log. Failing the
 * op instead would stop the user's stream for want of an enhancement.
 * Released memory is poisoned before it goes back, so a cycle that ever
 * reached it would see the pattern instead of a plausible engine.
 */
#include <errno.h>

#include "adx/platform/log.h"
#include "dax_manager.h"
#include "dax_priv.h"

size_t adx_dax_engine_bytes(uint32_t max_channels)
{
	return dax_region_bytes(max_channels);
}

/* INIT/PREPARE: this instance's own region from its heap memory. */
static void own_allocate(struct dax *d)
{
	size_t bytes = dax_region_bytes(d->max_channels);

	d->own_mem = adx_mod_alloc(&d->mod->mem, bytes, DAX_REGION_ALIGN);
	if (!d->own_mem) {
		dax_count(&d->counters.alloc_failures, 1);
		adx_warn("dax", "%s: engine memory (%zu bytes) unavailable at %s: passing through",
			 d->mod->name, bytes, adx_dax_policy_name(d->policy));
		return;
	}
	d->own_bytes = bytes;
	dax_commit_heap(bytes, true);
	dax_set_held(d, bytes);
}

static void own_release(struct dax *d)
{
	if (!d->own_mem)
		return;
	dax_engine_poison(d->own_mem, d->own_bytes);
	adx_mod_free(&d->mod->mem, d->own_mem);
	dax_commit_heap(d->own_bytes, false);
	dax_set_held(d, 0);
	d->own_mem = NULL;
	d->own_bytes = 0;
}

static void own_start(struct dax *d)
{
	if (d->own_mem)
		dax_engine_start(d, d->own_mem, d->own_bytes);
}

void dax_memory_init(struct dax *d)
{
	dax_count_instance(true);
	switch (d->policy) {
	case ADX_DAX_POLICY_INIT:
		own_allocate(d);
		break;
	case ADX_DAX_POLICY_STATIC:
		dax_manager_join(dax_manager_static(), d);
		break;
	case ADX_DAX_POLICY_SHARED:
		dax_manager_join(dax_manager_shared(), d);
		break;
	default:
		break; /* PREPARE: nothing until prepare */
	}
}

void dax_memory_prepare(struct dax *d)
{
	switch (d->policy) {
	case ADX_DAX_POLICY_PREPARE:
		own_allocate(d);
		own_start(d);
		break;
	case ADX_DAX_POLICY_INIT:
		own_start(d);
		break;
	default:
		dax_manager_want(d->manager, d);
		break;
	}
}

int dax_memory_reset(struct dax *d)
{
	int ret;

	switch (d->policy) {
	case ADX_DAX_POLICY_INIT:
		return dax_engine_stop(d);
	case ADX_DAX_POLICY_PREPARE:
		ret = dax_engine_stop(d);
		if (!ret)
			own_release(d);
		return ret;
	default:
		return dax_manager_drop(d->manager, d);
	}
}

int dax_memory_free(struct dax *d)
{
	int ret = dax_memory_reset(d);

	if (ret)
		return ret;
	switch (d->policy) {
	case ADX_DAX_POLICY_INIT:
	case ADX_DAX_POLICY_PREPARE:
		own_release(d);
		break;
	default:
		dax_manager_leave(d->manager, d);
		break;
	}
	dax_count_instance(false);
	return 0;
}

void dax_memory_rerank(struct dax *d)
{
	if (d->manager)
		dax_manager_rerank(d->manager);
}
