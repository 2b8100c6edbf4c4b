// SPDX-License-Identifier: BSD-3-Clause
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dax_fixture.h"

#define ARENA_ALIGN 64
#define RING_FRAMES (4 * DAX_T_PERIOD)

void dax_t_heap_lock_fn(void *ctx)
{
	adx_mutex_lock(ctx);
}

void dax_t_heap_unlock_fn(void *ctx)
{
	adx_mutex_unlock(ctx);
}

void dax_t_env_init(struct dax_t_env *env, enum adx_exec_mode mode, size_t heap_bytes,
		    bool sysheap)
{
	struct adx_sched_config cfg = { .mode = mode, .tick_us = 1000, .dp_wait_ns = 200000000 };

	memset(env, 0, sizeof(*env));
	/* A failed test longjmps past its destroy: start from a clean registry. */
	for (uint32_t id = 0; id < 2 * DAX_T_MAX_PPL; id++)
		adx_gateway_unregister(id);
	env->mode = mode;
	env->heap_bytes = heap_bytes ? heap_bytes : 1024 * 1024;
	env->arena = aligned_alloc(ARENA_ALIGN, env->heap_bytes);
	assert_non_null(env->arena);
	env->heap = sysheap ? adx_heap_init_sysheap(env->arena, env->heap_bytes)
			    : adx_heap_init_tlsf(env->arena, env->heap_bytes);
	assert_non_null(env->heap);
	assert_int_equal(adx_mutex_init(&env->heap_lock), 0);
	adx_heap_set_lock(env->heap, dax_t_heap_lock_fn, dax_t_heap_unlock_fn, &env->heap_lock);
	assert_int_equal(adx_sched_init(&env->sched, &cfg), 0);
}

size_t dax_t_heap_used(const struct dax_t_env *env)
{
	struct adx_heap_stats st;

	adx_heap_get_stats(env->heap, &st);
	return st.used_bytes;
}

void dax_t_env_destroy(struct dax_t_env *env, bool expect_empty)
{
	struct adx_heap_stats st;

	adx_sched_destroy(&env->sched);
	assert_int_equal(adx_heap_validate(env->heap), 0);
	adx_heap_get_stats(env->heap, &st);
	if (expect_empty)
		assert_int_equal(st.used_blocks, 0);
	adx_heap_retire(env->heap);
	adx_mutex_destroy(&env->heap_lock);
	free(env->arena);
}

static uint64_t hash(uint64_t i)
{
	return (i * 2654435761u) ^ (i >> 7);
}

void dax_t_fill(struct adx_memory_stream *s, enum adx_sample_format format, uint32_t channels,
		double amplitude)
{
	uint64_t samples = s->frames * channels;

	for (uint64_t i = 0; i < samples; i++) {
		double v = ((double)(hash(i) & 0xffff) / 32768.0 - 1.0) * amplitude;

		switch (format) {
		case ADX_FMT_S16_LE: ((int16_t *)s->data)[i] = (int16_t)(v * 32767.0); break;
		case ADX_FMT_S32_LE: ((int32_t *)s->data)[i] = (int32_t)(v * 2147483647.0); break;
		case ADX_FMT_FLOAT32: ((float *)s->data)[i] = (float)v; break;
		}
	}
}

double dax_t_sample(const struct adx_memory_stream *s, enum adx_sample_format format, uint64_t i)
{
	switch (format) {
	case ADX_FMT_S16_LE: return ((const int16_t *)s->data)[i] / 32768.0;
	case ADX_FMT_S32_LE: return ((const int32_t *)s->data)[i] / 2147483648.0;
	default: return ((const float *)s->data)[i];
	}
}

static void stream_alloc(struct adx_memory_stream *s, const struct adx_stream_params *p,
			 uint64_t frames)
{
	s->frame_bytes = adx_frame_bytes(p);
	s->frames = frames;
	s->data = calloc(frames + 1, s->frame_bytes);
	assert_non_null(s->data);
	atomic_store(&s->pos, 0);
}

static void register_gateways(struct dax_t_ppl *p, uint32_t id)
{
	p->gw_base = 2 * id;
	adx_gateway_init_memory_source(&p->host_gw, "host", &p->in_p, &p->in, p->in.data,
				       p->in.frames);
	adx_gateway_init_memory_sink(&p->dai_gw, "dai", &p->out_p, &p->out, p->out.data,
				     p->out.frames);
	assert_int_equal(adx_gateway_register(p->gw_base, &p->host_gw), 0);
	assert_int_equal(adx_gateway_register(p->gw_base + 1, &p->dai_gw), 0);
}

void dax_t_ppl_build(struct dax_t_env *env, struct dax_t_ppl *p, uint32_t id,
		     const struct adx_dax_init *init, uint32_t in_channels,
		     enum adx_sample_format format, uint64_t frames, uint64_t out_frames)
{
	static const char *const names[DAX_T_MAX_PPL] = { "ppl0", "ppl1", "ppl2", "ppl3" };
	struct adx_host_copier_init host;
	struct adx_dai_copier_init dai;

	assert_true(id < DAX_T_MAX_PPL);
	memset(p, 0, sizeof(*p));
	p->in_p = (struct adx_stream_params){ .rate = 48000, .channels = (uint16_t)in_channels,
					      .format = format };
	p->out_p = (struct adx_stream_params){ .rate = 48000, .channels = 2, .format = format };
	stream_alloc(&p->in, &p->in_p, frames);
	stream_alloc(&p->out, &p->out_p, out_frames);
	dax_t_fill(&p->in, format, in_channels, 0.25);
	register_gateways(p, id);
	host.gateway_id = p->gw_base;
	dai.gateway_id = p->gw_base + 1;
	assert_int_equal(adx_pipeline_create(&p->ppl, id, names[id], env->heap, &env->sched,
					     DAX_T_PERIOD), 0);
	assert_int_equal(adx_pipeline_add_module(&p->ppl, &adx_host_copier_driver, "host",
						 &host, sizeof(host), &p->host), 0);
	assert_int_equal(adx_pipeline_add_module(&p->ppl, &adx_dax_driver, "dax", init,
						 init ? sizeof(*init) : 0, &p->dax), 0);
	assert_int_equal(adx_pipeline_add_module(&p->ppl, &adx_dai_copier_driver, "dai",
						 &dai, sizeof(dai), &p->dai), 0);
	assert_int_equal(adx_pipeline_connect(&p->ppl, p->host, p->dax, &p->in_p, RING_FRAMES), 0);
	assert_int_equal(adx_pipeline_connect(&p->ppl, p->dax, p->dai, &p->out_p, RING_FRAMES), 0);
	p->built = true;
}

void dax_t_ppl_destroy(struct dax_t_ppl *p)
{
	if (!p->built)
		return;
	assert_int_equal(adx_pipeline_destroy(&p->ppl), 0);
	adx_gateway_unregister(p->gw_base);
	adx_gateway_unregister(p->gw_base + 1);
	free(p->in.data);
	free(p->out.data);
	p->built = false;
}

int dax_t_set_u32(struct adx_module *mod, uint32_t id, uint32_t value)
{
	uint8_t le[4] = { (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
			  (uint8_t)(value >> 24) };

	return adx_module_set_configuration(mod, id, ADX_CFG_SINGLE, sizeof(le), le, sizeof(le));
}

uint32_t dax_t_get_u32(struct adx_module *mod, uint32_t id)
{
	uint8_t le[4];
	size_t size = sizeof(le);

	assert_int_equal(adx_module_get_configuration(mod, id, le, &size), 0);
	assert_int_equal(size, 4);
	return (uint32_t)le[0] | (uint32_t)le[1] << 8 | (uint32_t)le[2] << 16 |
	       (uint32_t)le[3] << 24;
}

struct adx_dax_stats dax_t_stats(const struct adx_module *mod)
{
	struct adx_dax_stats st;

	assert_int_equal(adx_dax_get_stats(mod, &st), 0);
	return st;
}

struct adx_dax_init dax_t_init(enum adx_dax_policy policy, uint32_t device)
{
	return (struct adx_dax_init){ .policy = policy, .max_channels = 8, .device = device };
}
