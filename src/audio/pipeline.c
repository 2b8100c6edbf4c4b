// SPDX-License-Identifier: BSD-3-Clause
/*
 * Pipelines: a set of modules and the buffers between them, moved through
 * SET_PIPELINE_STATE together, with one LL task running the LL modules.
 */
#include <errno.h>
#include <string.h>

#include "adx/platform/log.h"
#include "adx/audio/pipeline.h"

#define BUFFER_ALIGN 64

/* One tick of the pipeline: every LL module in topology order. */
static void pipeline_tick(void *ctx)
{
	struct adx_pipeline *ppl = ctx;

	for (int i = 0; i < ppl->num_modules; i++) {
		struct adx_module *mod = ppl->modules[i];

		if (mod->drv->domain == ADX_DOMAIN_LL)
			adx_module_process(mod);
	}
}

int adx_pipeline_create(struct adx_pipeline *ppl, uint32_t id, const char *name,
			struct adx_heap *heap, struct adx_sched *sched,
			uint32_t period_frames)
{
	int ret;

	if (!ppl || !name || !heap || !sched || !period_frames)
		return -EINVAL;
	memset(ppl, 0, sizeof(*ppl));
	ppl->id = id;
	strncpy(ppl->name, name, sizeof(ppl->name) - 1);
	ppl->heap = heap;
	ppl->sched = sched;
	ppl->period_frames = period_frames;
	ppl->state = ADX_PPL_RESET;
	ret = adx_mem_owner_init(&ppl->mem, heap, ppl->name);
	if (ret)
		return ret;
	ppl->ll_task.name = ppl->name;
	ppl->ll_task.run = pipeline_tick;
	ppl->ll_task.ctx = ppl;
	return 0;
}

int adx_pipeline_add_module(struct adx_pipeline *ppl,
			    const struct adx_module_driver *drv, const char *name,
			    const void *init_data, size_t init_data_size,
			    struct adx_module **out)
{
	struct adx_module_instance *inst;
	struct adx_module *mod;
	int ret;

	if (ppl->state != ADX_PPL_RESET || ppl->num_modules >= ADX_PIPELINE_MAX_MODULES)
		return -EINVAL;
	if (adx_pipeline_find_module(ppl, name))
		return -EEXIST;
	inst = adx_mod_zalloc(&ppl->mem, sizeof(*inst), 0);
	if (!inst)
		return -ENOMEM;
	ret = adx_module_init(inst, drv, name, ppl->heap, ppl->sched, init_data,
			      init_data_size);
	if (ret) {
		adx_mod_free(&ppl->mem, inst);
		return ret;
	}
	mod = &inst->mod;
	adx_module_set_control_model(mod, ppl->control_model);
	ppl->modules[ppl->num_modules++] = mod;
	if (out)
		*out = mod;
	return 0;
}

static int find_link(const struct adx_pipeline *ppl, const struct adx_module *from,
		     const struct adx_module *to)
{
	for (int i = 0; i < ppl->num_links; i++)
		if (ppl->links[i].from == from && ppl->links[i].to == to)
			return i;
	return -ENOENT;
}

bool adx_pipeline_module_is_linked(const struct adx_pipeline *ppl,
				   const struct adx_module *mod)
{
	for (int i = 0; i < ppl->num_links; i++)
		if (ppl->links[i].from == mod || ppl->links[i].to == mod)
			return true;
	return false;
}

static int index_of(const struct adx_pipeline *ppl, const struct adx_module *mod)
{
	for (int i = 0; i < ppl->num_modules; i++)
		if (ppl->modules[i] == mod)
			return i;
	return -ENOENT;
}

/*
 * Pins change, and buffers are freed, only with the LL lock held: the LL
 * thread's DP readiness check reads a module's pins and buffers inside
 * the tick, with the lock held, so it never meets a half-made change or a
 * freed buffer.
 */
static int bind_link(struct adx_pipeline *ppl, struct adx_module *from,
		     struct adx_module *to, struct adx_ring_buffer *rb)
{
	int ret;

	adx_sched_ll_lock(ppl->sched);
	ret = adx_module_bind_sink(from, adx_ring_buffer_sink(rb));
	if (!ret) {
		ret = adx_module_bind_source(to, adx_ring_buffer_source(rb));
		if (ret)
			from->num_sinks--;
	}
	adx_sched_ll_unlock(ppl->sched);
	return ret;
}

int adx_pipeline_connect(struct adx_pipeline *ppl, struct adx_module *from,
			 struct adx_module *to, const struct adx_stream_params *params,
			 uint32_t buffer_frames)
{
	struct adx_pipeline_link *link;
	struct adx_ring_buffer *rb;
	size_t bytes;
	void *storage;
	int ret;

	if (index_of(ppl, from) < 0 || index_of(ppl, to) < 0)
		return -ENOENT;
	if (find_link(ppl, from, to) >= 0)
		return -EEXIST;
	if (ppl->state != ADX_PPL_RESET || ppl->num_links >= ADX_PIPELINE_MAX_MODULES ||
	    !params || !buffer_frames || !adx_format_is_valid(params->format) ||
	    !params->channels || params->channels > ADX_MAX_CHANNELS)
		return -EINVAL;
	if (buffer_frames < adx_module_period_frames(from, params->rate)) {
		adx_err("pipeline", "%s: buffer %s -> %s of %u frames is smaller than one period (%u frames)",
			ppl->name, from->name, to->name, (unsigned int)buffer_frames,
			(unsigned int)adx_module_period_frames(from, params->rate));
		return -EINVAL;
	}
	bytes = (size_t)buffer_frames * adx_frame_bytes(params);
	if (bytes > UINT32_MAX)
		return -EINVAL;
	rb = adx_mod_zalloc(&ppl->mem, sizeof(*rb), 0);
	storage = adx_mod_alloc(&ppl->mem, bytes, BUFFER_ALIGN);
	if (!rb || !storage) {
		ret = -ENOMEM;
		goto fail;
	}
	ret = adx_ring_buffer_init(rb, storage, (uint32_t)bytes, params);
	if (ret)
		goto fail;
	ret = bind_link(ppl, from, to, rb);
	if (ret)
		goto fail;
	link = &ppl->links[ppl->num_links++];
	link->from = from;
	link->to = to;
	link->buffer = rb;
	return 0;
fail:
	if (storage)
		adx_mod_free(&ppl->mem, storage);
	if (rb)
		adx_mod_free(&ppl->mem, rb);
	return ret;
}

/* Binds mod's pins again from the links that remain, in link order. */
static int rebind_pins(struct adx_pipeline *ppl, struct adx_module *mod)
{
	int ret = 0;

	adx_module_unbind_all(mod);
	for (int i = 0; i < ppl->num_links && !ret; i++) {
		struct adx_ring_buffer *rb = ppl->links[i].buffer;

		if (ppl->links[i].from == mod)
			ret = adx_module_bind_sink(mod, adx_ring_buffer_sink(rb));
		if (ppl->links[i].to == mod && !ret)
			ret = adx_module_bind_source(mod, adx_ring_buffer_source(rb));
	}
	return ret;
}

int adx_pipeline_disconnect(struct adx_pipeline *ppl, struct adx_module *from,
			    struct adx_module *to)
{
	int idx = find_link(ppl, from, to);
	struct adx_ring_buffer *rb;
	int ret;

	if (ppl->state != ADX_PPL_RESET)
		return -EINVAL;
	if (idx < 0)
		return idx;
	rb = ppl->links[idx].buffer;
	adx_sched_ll_lock(ppl->sched);   /* see bind_link() */
	memmove(&ppl->links[idx], &ppl->links[idx + 1],
		(size_t)(ppl->num_links - idx - 1) * sizeof(ppl->links[0]));
	ppl->num_links--;
	memset(&ppl->links[ppl->num_links], 0, sizeof(ppl->links[0]));
	/* Fewer pins than before, all modules INITIALIZED: rebinding cannot fail. */
	ret = rebind_pins(ppl, from);
	if (!ret)
		ret = rebind_pins(ppl, to);
	adx_mod_free(&ppl->mem, rb->data);
	adx_mod_free(&ppl->mem, rb);
	adx_sched_ll_unlock(ppl->sched);
	return ret;
}

int adx_pipeline_remove_module(struct adx_pipeline *ppl, struct adx_module *mod)
{
	int idx = index_of(ppl, mod);
	int ret;

	if (ppl->state != ADX_PPL_RESET)
		return -EINVAL;
	if (idx < 0)
		return idx;
	if (adx_pipeline_module_is_linked(ppl, mod))
		return -EBUSY;
	ret = adx_module_free(mod);
	if (ret)
		return ret;
	memmove(&ppl->modules[idx], &ppl->modules[idx + 1],
		(size_t)(ppl->num_modules - idx - 1) * sizeof(ppl->modules[0]));
	ppl->num_modules--;
	ppl->modules[ppl->num_modules] = NULL;
	adx_mod_free(&ppl->mem, adx_module_instance_of(mod));
	return 0;
}

/* Frames by which a DP module delays the stream (see pipeline.h). */
static uint32_t dp_latency_frames(const struct adx_pipeline *ppl,
				  const struct adx_module *mod)
{
	uint32_t tick_us = adx_module_ll_period_us(mod);
	uint32_t period = ppl->period_frames;
	uint32_t blocks = (mod->in_block_frames + period - 1) / period;
	uint32_t deadline_ticks = (mod->dp_period_us + tick_us - 1) / tick_us;

	return (blocks - 1 + deadline_ticks) * period;
}

/* Gives each module the latency of everything before it; returns the total. */
static uint32_t assign_latencies(struct adx_pipeline *ppl)
{
	uint32_t frames = 0;

	for (int i = 0; i < ppl->num_modules; i++) {
		struct adx_module *mod = ppl->modules[i];

		mod->upstream_latency_frames = frames;
		if (mod->drv->domain == ADX_DOMAIN_DP)
			frames += dp_latency_frames(ppl, mod);
		frames += mod->latency_frames;
	}
	return frames;
}

/* Is any module at or above `state` (a stop or reset that did not happen)? */
static bool any_module_at_least(const struct adx_pipeline *ppl, enum adx_module_state state)
{
	for (int i = 0; i < ppl->num_modules; i++)
		if (adx_module_state(ppl->modules[i]) >= state)
			return true;
	return false;
}

/*
 * Every module is asked, so one that times out holds only itself back.
 * Returns 0 when every module is back in INITIALIZED (or below), else the
 * first error; the buffers are emptied only then: a module whose reset
 * failed may still run a cycle on them.
 */
static int reset_modules(struct adx_pipeline *ppl)
{
	int first_error = 0;

	for (int i = ppl->num_modules - 1; i >= 0; i--) {
		int ret = adx_module_reset(ppl->modules[i]);

		if (ret) {
			adx_err("pipeline", "%s: reset of %s failed (%d)", ppl->name,
				ppl->modules[i]->name, ret);
			if (!first_error)
				first_error = ret;
		}
	}
	if (any_module_at_least(ppl, ADX_MOD_IDLE))
		return first_error ? first_error : -EIO;
	for (int i = 0; i < ppl->num_links; i++)
		adx_ring_buffer_reset(ppl->links[i].buffer);
	return 0;
}

static uint32_t buffer_frames(const struct adx_ring_buffer *rb)
{
	return rb->size / (uint32_t)adx_frame_bytes(&rb->params);
}

/*
 * A DP module is released only when a source holds a whole input block and
 * a sink has room for a whole output block: a buffer smaller than its
 * block would never let it run, and the stream would play silence.
 */
static int check_dp_blocks_fit(const struct adx_pipeline *ppl)
{
	for (int i = 0; i < ppl->num_links; i++) {
		const struct adx_pipeline_link *link = &ppl->links[i];
		uint32_t frames = buffer_frames(link->buffer);
		const struct adx_module *mod = NULL;
		uint32_t block = 0;

		if (link->to->drv->domain == ADX_DOMAIN_DP && frames < link->to->in_block_frames) {
			mod = link->to;
			block = mod->in_block_frames;
		} else if (link->from->drv->domain == ADX_DOMAIN_DP &&
			   frames < link->from->out_block_frames) {
			mod = link->from;
			block = mod->out_block_frames;
		}
		if (mod) {
			adx_err("pipeline", "%s: buffer %s -> %s holds %u frames, less than %s's block of %u frames",
				ppl->name, link->from->name, link->to->name, (unsigned int)frames,
				mod->name, (unsigned int)block);
			return -EINVAL;
		}
	}
	return 0;
}

static int prepare(struct adx_pipeline *ppl)
{
	int ret = check_dp_blocks_fit(ppl);

	if (ret)
		return ret;
	ppl->latency_frames = assign_latencies(ppl);
	for (int i = 0; i < ppl->num_modules; i++) {
		ret = adx_module_prepare(ppl->modules[i]);
		if (ret) {
			adx_err("pipeline", "%s: prepare of %s failed (%d)", ppl->name,
				ppl->modules[i]->name, ret);
			reset_modules(ppl);
			return ret;
		}
	}
	ppl->state = ADX_PPL_PAUSED;
	return 0;
}

static int trigger_all(struct adx_pipeline *ppl, enum adx_trigger_cmd cmd)
{
	int first_error = 0;

	/* Start consumers first so no producer fills a buffer nobody reads. */
	for (int i = ppl->num_modules - 1; i >= 0; i--) {
		int idx = cmd == ADX_TRIGGER_START ? i : ppl->num_modules - 1 - i;
		int ret = adx_module_trigger(ppl->modules[idx], cmd);

		if (ret && !first_error)
			first_error = ret;
	}
	return first_error;
}

/* The LL task charges what its modules declared, per tick, in virtual time. */
static uint64_t ll_cost_ns(const struct adx_pipeline *ppl)
{
	uint64_t cost = 0;

	for (int i = 0; i < ppl->num_modules; i++)
		if (ppl->modules[i]->drv->domain == ADX_DOMAIN_LL)
			cost += ppl->modules[i]->ll_cost_ns;
	return cost;
}

static int start(struct adx_pipeline *ppl)
{
	int ret;

	ppl->ll_task.cost_ns = ll_cost_ns(ppl);
	ret = trigger_all(ppl, ADX_TRIGGER_START);
	if (ret) {
		trigger_all(ppl, ADX_TRIGGER_STOP);
		return ret;
	}
	ret = adx_sched_add_ll(ppl->sched, &ppl->ll_task);
	if (ret) {
		trigger_all(ppl, ADX_TRIGGER_STOP);
		return ret;
	}
	ppl->state = ADX_PPL_RUNNING;
	return 0;
}

/*
 * The LL task leaves first, so no tick runs a module that is stopping. A
 * module whose stop failed (its cycle overran the op timeout) is still
 * RUNNING: the others start again and the LL task comes back, so the
 * pipeline is RUNNING as before and the host may retry.
 */
static int pause(struct adx_pipeline *ppl)
{
	int ret;

	adx_sched_remove_ll(ppl->sched, &ppl->ll_task);
	ret = trigger_all(ppl, ADX_TRIGGER_STOP);
	if (any_module_at_least(ppl, ADX_MOD_RUNNING)) {
		trigger_all(ppl, ADX_TRIGGER_START);
		adx_sched_add_ll(ppl->sched, &ppl->ll_task);
		return ret;
	}
	ppl->state = ADX_PPL_PAUSED;
	return ret;
}

int adx_pipeline_set_state(struct adx_pipeline *ppl, enum adx_pipeline_state state)
{
	int ret;

	if (state == ppl->state)
		return 0;
	switch (state) {
	case ADX_PPL_PAUSED:
		if (ppl->state == ADX_PPL_RESET)
			return prepare(ppl);
		return pause(ppl);
	case ADX_PPL_RUNNING:
		if (ppl->state == ADX_PPL_RESET) {
			ret = prepare(ppl);
			if (ret)
				return ret;
		}
		return start(ppl);
	case ADX_PPL_RESET:
		if (ppl->state == ADX_PPL_RUNNING) {
			ret = pause(ppl);
			if (ppl->state == ADX_PPL_RUNNING)
				return ret;
		}
		/* On failure it stays PAUSED: unbind and module delete wait for a retry. */
		ret = reset_modules(ppl);
		if (ret)
			return ret;
		ppl->state = ADX_PPL_RESET;
		return 0;
	}
	return -EINVAL;
}

int adx_pipeline_destroy(struct adx_pipeline *ppl)
{
	int first_error;
	int leaks = 0;
	int kept = 0;

	first_error = adx_pipeline_set_state(ppl, ADX_PPL_RESET);
	if (first_error)
		return first_error;
	for (int i = 0; i < ppl->num_modules; i++) {
		struct adx_module *mod = ppl->modules[i];
		int ret = adx_module_free(mod);

		if (ret) {
			/* Its DP cycle may still run: keep the struct, so a retry finds it. */
			adx_err("pipeline", "%s: free of %s failed (%d), module kept",
				ppl->name, mod->name, ret);
			ppl->modules[kept++] = mod;
			if (!first_error)
				first_error = ret;
			continue;
		}
		leaks += (int)mod->stats.leaks_reported;
		adx_mod_free(&ppl->mem, adx_module_instance_of(mod));
	}
	ppl->num_modules = kept;
	if (kept)
		return first_error; /* buffers stay: a kept module may still use them */
	for (int i = 0; i < ppl->num_links; i++) {
		struct adx_ring_buffer *rb = ppl->links[i].buffer;

		adx_mod_free(&ppl->mem, rb->data);
		adx_mod_free(&ppl->mem, rb);
	}
	ppl->num_links = 0;
	leaks += (int)adx_mem_owner_release(&ppl->mem);
	return leaks;
}

struct adx_module *adx_pipeline_find_module(struct adx_pipeline *ppl, const char *name)
{
	for (int i = 0; i < ppl->num_modules; i++)
		if (!strcmp(ppl->modules[i]->name, name))
			return ppl->modules[i];
	return NULL;
}

void adx_pipeline_set_control_model(struct adx_pipeline *ppl, enum adx_control_model model)
{
	ppl->control_model = model;
	for (int i = 0; i < ppl->num_modules; i++)
		adx_module_set_control_model(ppl->modules[i], model);
}
