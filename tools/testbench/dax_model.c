// SPDX-License-Identifier: BSD-3-Clause
/*
 * dax-model (see dax_model.h): four lifespan policies of one large engine
 * region, and the handoff of the single static/shared region by priority.
 *
 * Threads: every lifecycle op runs on the control thread, process() on the
 * module's DP context. The only thing process() reads that the control side
 * changes is `engine`, an atomic pointer: the control side hands memory to
 * an instance with a release store at any time (a running cycle simply
 * picks it up at its next start) and takes it away only with no cycle in
 * flight: after the adapter cancelled the DP task (reset, free) or while it
 * holds the owner's cycles off with adx_module_dp_quiesce().
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "adx/platform.h"
#include "dax_model.h"

enum { POLICY_INIT, POLICY_PREPARE, POLICY_STATIC, POLICY_SHARED };

#define MAX_INSTANCES 16
/* What the engine asks of its memory (ADX_DSP_ALIGN in include/adx/dsp/engine.h). */
#define ENGINE_ALIGN 16

struct dax_model {
	struct adx_module *mod;
	struct tb_dax_model_init cfg;
	size_t frame_bytes;
	uint8_t *own_mem;                 /* init/prepare: this instance's heap region */
	_Atomic(uint8_t *) engine;        /* what process() uses; NULL: pass through */
	bool wants_region;                /* static/shared: prepared, waiting or owning */
	_Atomic int32_t volume;           /* staged Q8.23, adopted at cycle start */
	_Atomic uint64_t controls;
	_Atomic uint64_t processed;
	_Atomic uint64_t bypassed;
	_Atomic int64_t first_processed;
	_Atomic uint64_t since_start;
	uint64_t alloc_failures;
};

/* The instance manager: control thread only. */
static struct {
	struct dax_model *instances[MAX_INSTANCES];
	struct dax_model *region_owner;   /* static/shared region */
	uint8_t *shared_mem;
	size_t shared_bytes;
	struct adx_mem_owner shared_owner;
	bool shared_owner_live;
	int shared_refs;
	size_t heap_committed;            /* init/prepare regions + shared */
	size_t static_bytes;              /* the static region, once any instance uses it */
} mgr;

static _Alignas(64) uint8_t static_region[TB_DAX_MODEL_MAX_ENGINE];

static bool is_running(const struct dax_model *dm)
{
	return adx_module_state(dm->mod) == ADX_MOD_RUNNING;
}

/* Running before prepared, then the configured device priority. */
static int rank(const struct dax_model *dm)
{
	return (is_running(dm) ? 1000 : 0) + (int)dm->cfg.priority;
}

static uint8_t *region_of(const struct dax_model *dm)
{
	return dm->cfg.policy == POLICY_STATIC ? static_region : mgr.shared_mem;
}

/* Re-initialising the engine in memory it just got: on the control thread. */
static void engine_init(struct dax_model *dm, uint8_t *mem)
{
	memset(mem, 0, 64);
	memcpy(mem, dm->mod->name, strnlen(dm->mod->name, 63));
	atomic_store_explicit(&dm->engine, mem, memory_order_release);
}

static void give_region(struct dax_model *dm)
{
	uint8_t *mem = region_of(dm);

	if (!mem)
		return;
	mgr.region_owner = dm;
	engine_init(dm, mem);
}

/* Takes the region back from its owner; its cycles are held off meanwhile. */
static int take_region(struct dax_model *owner)
{
	int ret = adx_module_dp_quiesce(owner->mod);

	if (ret)
		return ret;
	atomic_store_explicit(&owner->engine, NULL, memory_order_release);
	adx_module_dp_resume(owner->mod);
	mgr.region_owner = NULL;
	return 0;
}

/* Hands a free region to the best-ranked waiting instance of its kind. */
static void hand_over(uint32_t policy)
{
	struct dax_model *best = NULL;

	if (mgr.region_owner)
		return;
	for (int i = 0; i < MAX_INSTANCES; i++) {
		struct dax_model *dm = mgr.instances[i];

		if (dm && dm->wants_region && dm->cfg.policy == policy &&
		    (!best || rank(dm) > rank(best)))
			best = dm;
	}
	if (best)
		give_region(best);
}

/* dm asks for the region: it gets it when free or when it outranks the owner. */
static void claim_region(struct dax_model *dm)
{
	struct dax_model *owner = mgr.region_owner;

	dm->wants_region = true;
	if (owner == dm)
		return;
	if (owner && (owner->cfg.policy != dm->cfg.policy || rank(owner) >= rank(dm)))
		return;
	if (owner && take_region(owner))
		return;
	give_region(dm);
}

static void release_region(struct dax_model *dm)
{
	dm->wants_region = false;
	if (mgr.region_owner != dm)
		return;
	atomic_store_explicit(&dm->engine, NULL, memory_order_release);
	mgr.region_owner = NULL;
	hand_over(dm->cfg.policy);
}

static uint8_t *heap_region(struct dax_model *dm)
{
	uint8_t *mem = adx_mod_alloc(&dm->mod->mem, dm->cfg.engine_bytes, ENGINE_ALIGN);

	if (!mem) {
		dm->alloc_failures++;
		return NULL;
	}
	mgr.heap_committed += dm->cfg.engine_bytes;
	return mem;
}

static void heap_region_free(struct dax_model *dm)
{
	if (!dm->own_mem)
		return;
	atomic_store_explicit(&dm->engine, NULL, memory_order_release);
	adx_mod_free(&dm->mod->mem, dm->own_mem);
	dm->own_mem = NULL;
	mgr.heap_committed -= dm->cfg.engine_bytes;
}

static int shared_get(struct dax_model *dm)
{
	mgr.shared_refs++;
	if (mgr.shared_mem)
		return 0;
	if (!mgr.shared_owner_live) {
		if (adx_mem_owner_init(&mgr.shared_owner, dm->mod->mem.heap, "dax-shared"))
			return 0;
		mgr.shared_owner_live = true;
	}
	mgr.shared_mem = adx_mod_alloc(&mgr.shared_owner, dm->cfg.engine_bytes, ENGINE_ALIGN);
	if (!mgr.shared_mem) {
		dm->alloc_failures++;
		return 0;
	}
	mgr.shared_bytes = dm->cfg.engine_bytes;
	mgr.heap_committed += mgr.shared_bytes;
	return 0;
}

/* The last instance's free releases the shared region (the discussion's rule). */
static void shared_put(void)
{
	if (--mgr.shared_refs > 0)
		return;
	if (mgr.shared_mem) {
		adx_mod_free(&mgr.shared_owner, mgr.shared_mem);
		mgr.heap_committed -= mgr.shared_bytes;
		mgr.shared_mem = NULL;
	}
	if (mgr.shared_owner_live) {
		adx_mem_owner_release(&mgr.shared_owner);
		mgr.shared_owner_live = false;
	}
}

static int dax_model_init(struct adx_module *mod)
{
	const struct tb_dax_model_init *cfg = mod->init_data;
	struct dax_model *dm;
	int slot = -1;

	if (!cfg || mod->init_data_size != sizeof(*cfg) || cfg->policy > POLICY_SHARED ||
	    !cfg->engine_bytes || cfg->engine_bytes > TB_DAX_MODEL_MAX_ENGINE ||
	    !cfg->block_frames || !cfg->period_us || cfg->period_us % 1000)
		return -EINVAL;
	for (int i = MAX_INSTANCES - 1; i >= 0; i--)
		if (!mgr.instances[i])
			slot = i;
	if (slot < 0)
		return -ENOSPC;
	dm = adx_mod_zalloc(&mod->mem, sizeof(*dm), 0);
	if (!dm)
		return -ENOMEM;
	dm->mod = mod;
	dm->cfg = *cfg;
	atomic_init(&dm->volume, 1 << 23);
	atomic_init(&dm->first_processed, -1);
	mod->priv = dm;
	mod->in_block_frames = cfg->block_frames;
	mod->out_block_frames = cfg->block_frames;
	mod->dp_period_us = cfg->period_us;
	mod->dp_cycle_cost_ns = cfg->cycle_cost_ns;
	mgr.instances[slot] = dm;
	if (cfg->policy == POLICY_INIT) {
		dm->own_mem = heap_region(dm);
		if (dm->own_mem)
			engine_init(dm, dm->own_mem);
	} else if (cfg->policy == POLICY_SHARED) {
		shared_get(dm);
	} else if (cfg->policy == POLICY_STATIC) {
		mgr.static_bytes = cfg->engine_bytes;
	}
	return 0;
}

static int dax_model_prepare(struct adx_module *mod, struct adx_source **sources,
			     int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct dax_model *dm = mod->priv;
	const struct adx_stream_params *in;

	if (num_sources != 1 || num_sinks != 1)
		return -EINVAL;
	in = adx_source_get_params(sources[0]);
	if (!adx_stream_params_equal(in, adx_sink_get_params(sinks[0])) || in->rate != 48000)
		return -EINVAL;
	dm->frame_bytes = adx_frame_bytes(in);
	if (dm->cfg.policy == POLICY_PREPARE) {
		dm->own_mem = heap_region(dm);
		if (dm->own_mem)
			engine_init(dm, dm->own_mem);
	} else if (dm->cfg.policy >= POLICY_STATIC) {
		claim_region(dm);
	}
	return 0;
}

static int dax_model_trigger(struct adx_module *mod, enum adx_trigger_cmd cmd)
{
	struct dax_model *dm = mod->priv;

	if (cmd == ADX_TRIGGER_START) {
		atomic_store(&dm->since_start, 0);
		atomic_store(&dm->first_processed, -1);
		/* Now running: it may outrank a merely prepared owner. */
		if (dm->cfg.policy >= POLICY_STATIC)
			claim_region(dm);
	}
	return 0;
}

static void busy_wait(const struct dax_model *dm)
{
	uint64_t until;

	if (!dm->cfg.busy_us || dm->mod->sched->config.mode != ADX_EXEC_THREADS)
		return;
	until = adx_clock_now_ns() + dm->cfg.busy_us * 1000ull;
	while (adx_clock_now_ns() < until)
		;
}

/* Gain in Q8.23 with rounding and saturation; unity is a plain copy. */
static void apply_volume(const struct adx_stream_params *p, uint8_t *buf, size_t bytes,
			 int32_t gain)
{
	if (gain == 1 << 23)
		return;
	if (p->format == ADX_FMT_FLOAT32) {
		float *f = (float *)buf;

		for (size_t i = 0; i < bytes / 4; i++)
			f[i] = (float)((double)f[i] * gain / (1 << 23));
	} else if (p->format == ADX_FMT_S32_LE) {
		int32_t *s = (int32_t *)buf;

		for (size_t i = 0; i < bytes / 4; i++) {
			int64_t v = ((int64_t)s[i] * gain + (1 << 22)) >> 23;

			s[i] = (int32_t)(v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : v);
		}
	} else {
		int16_t *s = (int16_t *)buf;

		for (size_t i = 0; i < bytes / 2; i++) {
			int64_t v = ((int64_t)s[i] * gain + (1 << 22)) >> 23;

			s[i] = (int16_t)(v > INT16_MAX ? INT16_MAX : v < INT16_MIN ? INT16_MIN : v);
		}
	}
}

static int dax_model_process(struct adx_module *mod, struct adx_source **sources,
			     int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct dax_model *dm = mod->priv;
	size_t bytes = (size_t)mod->in_block_frames * dm->frame_bytes;
	uint8_t block[8 * 1024];
	uint8_t *engine = atomic_load_explicit(&dm->engine, memory_order_acquire);
	uint64_t frames = mod->in_block_frames;
	int ret;

	(void)num_sources; (void)num_sinks;
	if (bytes > sizeof(block))
		return -EINVAL;
	ret = adx_source_read(sources[0], block, bytes);
	if (ret)
		return ret;
	if (engine) {
		/* The region is this cycle's: it touches it as an engine would. */
		engine[64] = (uint8_t)(engine[64] + 1);
		apply_volume(adx_source_get_params(sources[0]), block, bytes,
			     atomic_load_explicit(&dm->volume, memory_order_relaxed));
		atomic_fetch_add(&dm->processed, frames);
		if (atomic_load(&dm->first_processed) < 0)
			atomic_store(&dm->first_processed,
				     (int64_t)atomic_load(&dm->since_start));
	} else {
		atomic_fetch_add(&dm->bypassed, frames);
		mod->stats.bypassed_frames += frames;
	}
	atomic_fetch_add(&dm->since_start, frames);
	busy_wait(dm);
	return adx_sink_write(sinks[0], block, bytes);
}

static int dax_model_reset(struct adx_module *mod)
{
	struct dax_model *dm = mod->priv;

	if (dm->cfg.policy == POLICY_PREPARE)
		heap_region_free(dm);
	else if (dm->cfg.policy >= POLICY_STATIC)
		release_region(dm);
	return 0;
}

static int dax_model_free(struct adx_module *mod)
{
	struct dax_model *dm = mod->priv;

	if (dm->cfg.policy == POLICY_INIT)
		heap_region_free(dm);
	release_region(dm);
	if (dm->cfg.policy == POLICY_SHARED)
		shared_put();
	for (int i = 0; i < MAX_INSTANCES; i++)
		if (mgr.instances[i] == dm)
			mgr.instances[i] = NULL;
	adx_mod_free(&mod->mem, dm);
	mod->priv = NULL;
	return 0;
}

static int dax_model_set_configuration(struct adx_module *mod, uint32_t config_id,
				       enum adx_cfg_pos pos, uint32_t data_offset_size,
				       const uint8_t *fragment, size_t fragment_size)
{
	struct dax_model *dm = mod->priv;
	int32_t v;

	(void)data_offset_size;
	if (pos != ADX_CFG_SINGLE)
		return -EINVAL;
	if (config_id == TB_DAX_CFG_TUNING) {
		if (fragment_size % 4)
			return -EINVAL;
	} else {
		if (config_id < TB_DAX_CFG_ENABLE || config_id > TB_DAX_CFG_CONTENT ||
		    fragment_size != sizeof(v))
			return -EINVAL;
		memcpy(&v, fragment, sizeof(v));
		if (config_id == TB_DAX_CFG_VOLUME) {
			if (v < 0 || v > (16 << 23))
				return -ERANGE;
			atomic_store_explicit(&dm->volume, v, memory_order_relaxed);
		}
	}
	atomic_fetch_add(&dm->controls, 1);
	return 0;
}

static const struct adx_module_ops dax_model_ops = {
	.init = dax_model_init,
	.prepare = dax_model_prepare,
	.process = dax_model_process,
	.reset = dax_model_reset,
	.free = dax_model_free,
	.set_configuration = dax_model_set_configuration,
	.trigger = dax_model_trigger,
};

const struct adx_module_driver tb_dax_model_driver = {
	.name = "dax-model",
	.domain = ADX_DOMAIN_DP,
	.ops = &dax_model_ops,
};

int tb_dax_model_stats(const struct adx_module *mod, struct tb_dax_model_stats *st)
{
	const struct dax_model *dm;

	if (!mod || mod->drv != &tb_dax_model_driver || !mod->priv)
		return -EINVAL;
	dm = mod->priv;
	st->has_engine = atomic_load(&dm->engine) != NULL;
	st->alloc_failures = dm->alloc_failures;
	st->processed_frames = atomic_load(&dm->processed);
	st->bypassed_frames = atomic_load(&dm->bypassed);
	st->first_processed_frame = atomic_load(&dm->first_processed);
	st->controls_applied = atomic_load(&dm->controls);
	return 0;
}

size_t tb_dax_model_committed(void)
{
	return mgr.heap_committed + mgr.static_bytes;
}

void tb_dax_model_reset_globals(void)
{
	mgr.static_bytes = 0;
	mgr.region_owner = NULL;
}
