// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "adx/audio/format.h"
#include "val_rig.h"
#include "val_trap.h"

/* The gateway id rigs use; one rig with a copier exists at a time. */
#define VAL_GATEWAY_ID (ADX_GATEWAY_MAX - 1)
#define VAL_RING_BLOCKS 4u

int val_buf_init(struct val_buf *buf, uint32_t channels, uint64_t cap_frames)
{
	memset(buf, 0, sizeof(*buf));
	buf->channels = channels;
	buf->cap_frames = cap_frames ? cap_frames : 1;
	buf->data = calloc(buf->cap_frames * channels, sizeof(float));
	return buf->data ? 0 : -ENOMEM;
}

int val_buf_append(struct val_buf *buf, const float *frames, uint64_t count)
{
	if (buf->frames + count > buf->cap_frames) {
		uint64_t cap = (buf->frames + count) * 2;
		float *grown = realloc(buf->data, cap * buf->channels * sizeof(float));

		if (!grown)
			return -ENOMEM;
		buf->data = grown;
		buf->cap_frames = cap;
	}
	memcpy(buf->data + buf->frames * buf->channels, frames,
	       count * buf->channels * sizeof(float));
	buf->frames += count;
	return 0;
}

void val_buf_free(struct val_buf *buf)
{
	free(buf->data);
	memset(buf, 0, sizeof(*buf));
}

void val_default_params(const struct val_target *target, struct adx_stream_params *params)
{
	const struct adx_module_caps *caps = &target->caps;

	params->format = ADX_FMT_FLOAT32;
	if (!(caps->formats & ADX_FORMAT_BIT(ADX_FMT_FLOAT32)))
		params->format = (caps->formats & ADX_FORMAT_BIT(ADX_FMT_S32_LE)) ?
				 ADX_FMT_S32_LE : ADX_FMT_S16_LE;
	/* Stereo when declared, else the fewest channels declared. */
	params->channels = 2;
	if (!(caps->channel_mask & (1u << 2)))
		for (uint16_t ch = ADX_MAX_CHANNELS; ch >= 1; ch--)
			if (caps->channel_mask & (1u << ch))
				params->channels = ch;
	params->rate = caps->rates[0] ? caps->rates[0] : ADX_MODULE_NOMINAL_RATE;
}

static _Thread_local bool in_process;

static int probe_process(struct adx_module *mod, struct adx_source **sources,
			 int num_sources, struct adx_sink **sinks, int num_sinks)
{
	int ret;

	in_process = true;
	val_trap_enter();
	ret = mod->drv->ops->process(mod, sources, num_sources, sinks, num_sinks);
	val_trap_leave();
	in_process = false;
	return ret;
}

/* Runs on whichever thread touches the heap; only process()'s thread flags itself. */
static void observe_heap(void *ctx, const struct adx_heap *heap,
			 const struct adx_heap_event *event)
{
	struct val_rig *rig = ctx;

	(void)heap;
	if (rig->record_frees && event->kind == ADX_HEAP_EV_FREE &&
	    rig->freed_count < VAL_MAX_RECORDED_FREES) {
		rig->freed[rig->freed_count].ptr = (void *)(uintptr_t)event->ptr;
		rig->freed[rig->freed_count++].size = event->size;
	}
	if (!in_process || event->kind == ADX_HEAP_EV_BAD_CALL)
		return;
	if (atomic_fetch_add(&rig->heap_events_in_process, 1) == 0)
		rig->first_event_in_process = *event;
}

/* Host copier: the period the rig staged this tick. */
static uint32_t gateway_read(void *ctx, void *dst, uint32_t frames)
{
	struct val_rig *rig = ctx;
	uint32_t n = frames < rig->gw_in_frames ? frames : rig->gw_in_frames;

	memcpy(dst, rig->gw_in, n * adx_frame_bytes(&rig->in_params));
	rig->gw_in_frames -= n;
	return n;
}

/* DAI copier: what it plays lands in rig->out. */
static uint32_t gateway_write(void *ctx, const void *src, uint32_t frames)
{
	struct val_rig *rig = ctx;
	float tmp[ADX_MAX_CHANNELS];
	size_t frame = adx_frame_bytes(&rig->out_params);
	uint32_t f;

	/* The rig's own bookkeeping, not the module's: outside the trap. */
	val_trap_leave();
	for (f = 0; f < frames; f++) {
		adx_to_float(rig->out_params.format, (const uint8_t *)src + f * frame, tmp,
			     rig->out_params.channels);
		if (val_buf_append(&rig->out, tmp, 1))
			break;
	}
	val_trap_enter();
	return f;
}

static int open_gateway(struct val_rig *rig)
{
	const struct adx_stream_params *params;

	if (rig->target->pins == VAL_PINS_RING_RING)
		return 0;
	params = rig->target->pins == VAL_PINS_GATEWAY_RING ? &rig->in_params : &rig->out_params;
	rig->gw.name = "validate";
	rig->gw.params = *params;
	rig->gw.ctx = rig;
	if (rig->target->pins == VAL_PINS_GATEWAY_RING) {
		rig->gw.read = gateway_read;
		rig->gw_in = calloc(rig->period_frames + 1, adx_frame_bytes(params));
		if (!rig->gw_in)
			return -ENOMEM;
	} else {
		rig->gw.write = gateway_write;
	}
	if (adx_gateway_register(VAL_GATEWAY_ID, &rig->gw))
		return -EBUSY;
	rig->gw_registered = true;
	return 0;
}

int val_rig_open(struct val_rig *rig, const struct val_target *target,
		 const struct adx_stream_params *in_params, enum adx_exec_mode mode)
{
	struct adx_sched_config cfg = { .mode = mode };
	int ret;

	memset(rig, 0, sizeof(*rig));
	rig->target = target;
	rig->in_params = *in_params;
	rig->out_params = *in_params;
	if (target->out_channels)
		rig->out_params.channels = target->out_channels;
	rig->arena = aligned_alloc(64, VAL_ARENA_BYTES);
	if (!rig->arena)
		return -ENOMEM;
	rig->heap = adx_heap_init_tlsf(rig->arena, VAL_ARENA_BYTES);
	if (!rig->heap) {
		free(rig->arena);
		return -ENOMEM;
	}
	rig->heap_used_empty = val_rig_heap_bytes(rig);
	adx_heap_set_observer(rig->heap, observe_heap, rig);
	ret = adx_sched_init(&rig->sched, &cfg);
	if (ret)
		return ret;
	rig->sched_up = true;
	rig->period_frames = (uint32_t)((uint64_t)in_params->rate *
					ADX_SCHED_TICK_US_DEFAULT / 1000000u);
	ret = val_buf_init(&rig->out, rig->out_params.channels, 4096);
	return ret ? ret : open_gateway(rig);
}

int val_rig_init(struct val_rig *rig)
{
	const struct val_target *t = rig->target;
	uint8_t init_data[64];
	const void *data = t->init_data;
	int ret;

	if (t->init_data_names_gateway && t->init_data_size <= sizeof(init_data) &&
	    t->init_data_size >= sizeof(uint32_t)) {
		uint32_t id = VAL_GATEWAY_ID;

		memcpy(init_data, t->init_data, t->init_data_size);
		memcpy(init_data, &id, sizeof(id));
		data = init_data;
	}
	ret = adx_module_init(&rig->inst, t->drv, t->name, rig->heap, &rig->sched, data,
			      t->init_data_size);
	if (ret)
		return ret;
	rig->mod = &rig->inst.mod;
	return adx_module_set_process_probe(rig->mod, probe_process);
}

static uint32_t ring_bytes(const struct val_rig *rig, const struct adx_stream_params *params)
{
	uint32_t block = rig->mod->in_block_frames > rig->mod->out_block_frames ?
			 rig->mod->in_block_frames : rig->mod->out_block_frames;

	return (block + rig->period_frames) * VAL_RING_BLOCKS * (uint32_t)adx_frame_bytes(params);
}

static int make_ring(struct adx_ring_buffer *rb, uint8_t **store, uint32_t bytes,
		     const struct adx_stream_params *params)
{
	free(*store);
	*store = calloc(1, bytes);
	if (!*store)
		return -ENOMEM;
	return adx_ring_buffer_init(rb, *store, bytes, params);
}

static int bind_pins(struct val_rig *rig)
{
	int ret = 0;

	adx_module_unbind_all(rig->mod);
	if (rig->target->pins != VAL_PINS_GATEWAY_RING) {
		rig->in_ring_bytes = ring_bytes(rig, &rig->in_params);
		ret = make_ring(&rig->in_rb, &rig->in_store, rig->in_ring_bytes, &rig->in_params);
		ret = ret ? ret : adx_module_bind_source(rig->mod, adx_ring_buffer_source(&rig->in_rb));
	}
	if (!ret && rig->target->pins != VAL_PINS_RING_GATEWAY) {
		rig->out_ring_bytes = ring_bytes(rig, &rig->out_params);
		ret = make_ring(&rig->out_rb, &rig->out_store, rig->out_ring_bytes,
				&rig->out_params);
		ret = ret ? ret : adx_module_bind_sink(rig->mod, adx_ring_buffer_sink(&rig->out_rb));
	}
	return ret;
}

int val_rig_prepare(struct val_rig *rig)
{
	int ret;

	if (adx_module_state(rig->mod) == ADX_MOD_INITIALIZED) {
		ret = bind_pins(rig);
		if (ret)
			return ret;
	}
	return adx_module_prepare(rig->mod);
}

int val_rig_start(struct val_rig *rig)
{
	int ret = val_rig_init(rig);

	ret = ret ? ret : val_rig_prepare(rig);
	return ret ? ret : adx_module_trigger(rig->mod, ADX_TRIGGER_START);
}

static int push_input(struct val_rig *rig, const float *in)
{
	size_t bytes = rig->period_frames * adx_frame_bytes(&rig->in_params);
	uint8_t tmp[ADX_MAX_CHANNELS * sizeof(int32_t) * 512];
	uint32_t samples = rig->period_frames * rig->in_params.channels;

	if (bytes > sizeof(tmp))
		return -EINVAL;
	adx_from_float(rig->in_params.format, in, tmp, samples);
	if (rig->target->pins == VAL_PINS_GATEWAY_RING) {
		memcpy(rig->gw_in, tmp, bytes);
		rig->gw_in_frames = rig->period_frames;
		return 0;
	}
	if (adx_sink_get_free_size(adx_ring_buffer_sink(&rig->in_rb)) < bytes)
		return 0;   /* the module is behind: its input keeps what it has */
	return adx_sink_write(adx_ring_buffer_sink(&rig->in_rb), tmp, bytes);
}

void val_rig_drain(struct val_rig *rig)
{
	struct adx_source *src = adx_ring_buffer_source(&rig->out_rb);
	size_t frame = adx_frame_bytes(&rig->out_params);
	uint8_t raw[ADX_MAX_CHANNELS * sizeof(int32_t)];
	float tmp[ADX_MAX_CHANNELS];

	if (rig->target->pins == VAL_PINS_RING_GATEWAY)
		return;
	while (adx_source_get_data_available(src) >= frame) {
		if (adx_source_read(src, raw, frame))
			return;
		adx_to_float(rig->out_params.format, raw, tmp, rig->out_params.channels);
		if (val_buf_append(&rig->out, tmp, 1))
			return;
	}
}

int val_rig_tick_feed_only(struct val_rig *rig, const float *in)
{
	int ret = push_input(rig, in);

	if (!ret && rig->mod->drv->domain == ADX_DOMAIN_LL) {
		ret = adx_module_process(rig->mod);
		/* Not ready yet is not an error: the period waits for more input. */
		if (ret == -ENODATA)
			ret = 0;
	}
	val_rig_drain(rig);
	return ret;
}

int val_rig_tick(struct val_rig *rig, const float *in)
{
	int ret = val_rig_tick_feed_only(rig, in);

	if (!ret && rig->mod->drv->domain == ADX_DOMAIN_DP) {
		ret = adx_sched_run_ticks(&rig->sched, 1);
		val_rig_drain(rig);
	}
	return ret;
}

int val_rig_run(struct val_rig *rig, const float *in, uint64_t frames)
{
	uint64_t step = rig->period_frames;

	for (uint64_t f = 0; f + step <= frames; f += step) {
		int ret = val_rig_tick(rig, in + f * rig->in_params.channels);

		if (ret)
			return ret;
	}
	return 0;
}

size_t val_rig_heap_bytes(const struct val_rig *rig)
{
	struct adx_heap_stats stats;

	adx_heap_get_stats(rig->heap, &stats);
	return stats.used_bytes;
}

uint64_t val_rig_heap_allocs(const struct val_rig *rig)
{
	return rig->heap->alloc_attempts;
}

void val_rig_close(struct val_rig *rig)
{
	if (rig->mod)
		adx_module_free(rig->mod);
	if (rig->sched_up)
		adx_sched_destroy(&rig->sched);
	if (rig->gw_registered)
		adx_gateway_unregister(VAL_GATEWAY_ID);
	free(rig->gw_in);
	free(rig->in_store);
	free(rig->out_store);
	val_buf_free(&rig->out);
	if (rig->heap)
		adx_heap_retire(rig->heap);
	free(rig->arena);
	memset(rig, 0, sizeof(*rig));
}
