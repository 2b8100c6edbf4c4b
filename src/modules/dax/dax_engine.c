// SPDX-License-Identifier: BSD-3-Clause
/*
 * The engine inside a memory region, whatever policy provided the region.
 *
 * Region layout (every part DAX_REGION_ALIGN-aligned):
 *   struct dax_engine | engine persistent memory | engine scratch memory
 * The size is the worst case over formats for the instance's maximum channel
 * count, so it is computed once and no runtime control changes it.
 *
 * Control side: dax_engine_start() builds the engine for the prepared
 * stream, brings it to the instance's staged controls and tuning (here, on
 * the control thread, never in a DP cycle), and only then installs it in
 * the slot, so process() never sees a half-built engine. dax_engine_stop()
 * claims it back through the slot before anybody frees or hands it over.
 *
 * DP side: take at cycle start, put at cycle end. The header carries a
 * magic and a user count, so a cycle that ever met released memory or a
 * second concurrent user would count a violation and pass through instead
 * of processing; tests assert both counters stay 0.
 */
#include <errno.h>
#include <string.h>

#include "adx/platform/log.h"
#include "dax_priv.h"

static _Atomic uint64_t install_counter;

static size_t align_up(size_t n)
{
	return (n + DAX_REGION_ALIGN - 1) & ~(size_t)(DAX_REGION_ALIGN - 1);
}

static size_t header_bytes(void)
{
	return align_up(sizeof(struct dax_engine));
}

/* Persistent plus scratch for one configuration, 0 if invalid. */
static size_t engine_bytes(const struct adx_dsp_config *config)
{
	size_t persistent = adx_dsp_persistent_bytes(config);
	size_t scratch = adx_dsp_scratch_bytes(config);

	if (!persistent || !scratch)
		return 0;
	return align_up(persistent) + align_up(scratch);
}

size_t dax_region_bytes(uint32_t max_channels)
{
	size_t worst = 0;

	for (uint32_t f = ADX_DSP_S16_LE; f <= ADX_DSP_FLOAT32; f++) {
		struct adx_dsp_config config = {
			.sample_rate = DAX_RATE, .in_channels = max_channels,
			.out_channels = DAX_OUT_CHANNELS, .format = (enum adx_dsp_format)f,
		};
		size_t bytes = engine_bytes(&config);

		if (!bytes)
			return 0;
		if (bytes > worst)
			worst = bytes;
	}
	return header_bytes() + worst;
}

void dax_engine_poison(void *mem, size_t bytes)
{
	memset(mem, DAX_POISON_BYTE, bytes);
}

/* Sets every control that differs from what the engine has; 0 or the first error. */
static int apply_values(struct adx_dsp *dsp, const struct adx_dax_controls *want,
			const struct adx_dax_controls *have)
{
	int ret = 0;

	if (want->profile != have->profile)
		ret = ret ? ret : adx_dsp_set_profile(dsp, want->profile);
	if (want->device != have->device)
		ret = ret ? ret : adx_dsp_set_device(dsp, want->device);
	if (want->content_processing != have->content_processing)
		ret = ret ? ret : adx_dsp_set_content_processing(dsp, want->content_processing);
	if (want->ctc_enable != have->ctc_enable)
		ret = ret ? ret : adx_dsp_set_ctc_enable(dsp, want->ctc_enable);
	if (want->volume_q8_23 != have->volume_q8_23)
		ret = ret ? ret : adx_dsp_set_volume(dsp, want->volume_q8_23);
	return ret;
}

/* Engine and controls, in memory nobody else sees yet. */
static int build(struct dax *d, struct dax_engine *e, uint8_t *base, size_t bytes)
{
	size_t persistent = align_up(adx_dsp_persistent_bytes(&d->config));
	size_t scratch = align_up(adx_dsp_scratch_bytes(&d->config));
	struct adx_dax_controls defaults = dax_engine_default_controls();
	struct dax_control_set set;
	int ret;

	if (header_bytes() + persistent + scratch > bytes)
		return -ENOSPC;
	ret = adx_dsp_init(&e->dsp, &d->config, base + header_bytes(), persistent,
			   base + header_bytes() + persistent, scratch);
	if (ret)
		return ret;
	dax_staging_snapshot(&d->staging, &set);
	ret = apply_values(e->dsp, &set.values, &defaults);
	if (!ret && set.blob)
		ret = adx_dsp_set_tuning(e->dsp, set.blob->data, set.blob->bytes, NULL);
	/* A fresh engine adopts its controls now, not behind a dip. */
	ret = ret ? ret : adx_dsp_reset(e->dsp);
	e->applied = set.values;
	e->applied_tuning = set.tuning_generation;
	return ret;
}

int dax_engine_start(struct dax *d, void *mem, size_t bytes)
{
	struct dax_engine *e = mem;
	int ret;

	memset(e, 0, sizeof(*e));
	ret = build(d, e, mem, bytes);
	if (ret) {
		adx_warn("dax", "%s: engine does not start in %zu bytes (%d): passing through",
			 d->mod->name, bytes, ret);
		return ret;
	}
	e->owner = d;
	e->install_seq = atomic_fetch_add_explicit(&install_counter, 1, memory_order_relaxed) + 1;
	e->installed_at_frame = atomic_load_explicit(&d->counters.frames_in, memory_order_relaxed);
	e->magic = DAX_ENGINE_MAGIC;
	d->engine = e;
	/* The release store inside install publishes every write above. */
	adx_engine_slot_install(&d->slot, e);
	return 0;
}

int dax_engine_stop(struct dax *d)
{
	struct dax_engine *e = d->engine;
	int ret;

	if (!e)
		return 0;
	ret = adx_engine_slot_claim(&d->slot, e, adx_module_op_timeout_ns(d->mod));
	if (ret) {
		dax_count(&d->counters.claim_timeouts, 1);
		adx_err("dax", "%s: engine still in a cycle after %llu ns: kept",
			d->mod->name, (unsigned long long)adx_module_op_timeout_ns(d->mod));
		return ret;
	}
	adx_dsp_free(e->dsp);
	e->magic = 0;
	d->engine = NULL;
	return 0;
}

struct dax_engine *dax_engine_take(struct dax *d)
{
	struct dax_engine *e = adx_engine_slot_take(&d->slot);

	if (!e)
		return NULL;
	if (e->magic != DAX_ENGINE_MAGIC) {
		dax_count(&d->counters.poisoned_engine_seen, 1);
		adx_engine_slot_put(&d->slot, e);
		return NULL;
	}
	if (atomic_fetch_add_explicit(&e->users, 1, memory_order_acq_rel) != 0 ||
	    e->owner != d) {
		dax_count(&d->counters.ownership_violations, 1);
		atomic_fetch_sub_explicit(&e->users, 1, memory_order_acq_rel);
		adx_engine_slot_put(&d->slot, e);
		return NULL;
	}
	return e;
}

void dax_engine_put(struct dax *d, struct dax_engine *e)
{
	if (!e)
		return;
	atomic_fetch_sub_explicit(&e->users, 1, memory_order_acq_rel);
	adx_engine_slot_put(&d->slot, e);
}

/* Generations only move forward; an engine installed after the DP side adopted is newer. */
static bool is_newer(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

void dax_engine_apply(struct dax *d, struct dax_engine *e)
{
	const struct dax_control_set *set = &d->dp_controls;
	const struct dax_blob *blob = set->blob;

	adx_module_sync_point("dax.engine.apply");
	if (!is_newer(set->values.generation, e->applied.generation))
		return;
	/* Every value and blob was validated when it was staged: the setters accept them. */
	(void)apply_values(e->dsp, &set->values, &e->applied);
	if (set->tuning_generation != e->applied_tuning)
		(void)adx_dsp_set_tuning(e->dsp, blob ? blob->data : NULL, blob ? blob->bytes : 0,
					 NULL);
	e->applied = set->values;
	e->applied_tuning = set->tuning_generation;
	dax_count(&d->counters.controls_applied, 1);
}
