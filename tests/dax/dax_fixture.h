/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared set-up for the DAX tests: a heap, a scheduler, and pipelines built
 * as tools/testbench/cli/cli_runner.c builds them (host copier -> dax -> DAI
 * copier), each playing a generated signal from memory into memory.
 */
#ifndef ADX_TEST_DAX_FIXTURE_H
#define ADX_TEST_DAX_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "adx/modules/dax.h"
#include "adx/mem/heap.h"
#include "adx/modules/copier.h"
#include "adx/modules/gateway.h"
#include "adx/audio/pipeline.h"
#include "adx/platform/platform.h"
#include "adx/sched/sched.h"

#define DAX_T_PERIOD 48u
#define DAX_T_MAX_PPL 4

struct dax_t_env {
	uint8_t *arena;
	size_t heap_bytes;
	struct adx_heap *heap;
	struct adx_sched sched;
	struct adx_mutex heap_lock;
	enum adx_exec_mode mode;
};

struct dax_t_ppl {
	struct adx_pipeline ppl;
	struct adx_module *host, *dax, *dai;
	struct adx_stream_params in_p, out_p;
	struct adx_memory_stream in, out;
	struct adx_gateway host_gw, dai_gw;
	uint32_t gw_base;
	bool built;
};

/* heap_bytes 0: 1 MiB. sysheap: the sys_heap model instead of TLSF. */
void dax_t_env_init(struct dax_t_env *env, enum adx_exec_mode mode, size_t heap_bytes,
		    bool sysheap);
/* Checks the heap is valid and (when expect_empty) holds nothing. */
void dax_t_env_destroy(struct dax_t_env *env, bool expect_empty);
size_t dax_t_heap_used(const struct dax_t_env *env);
/* The lock callbacks dax_t_env_init installs (for a test that rebuilds the heap). */
void dax_t_heap_lock_fn(void *ctx);
void dax_t_heap_unlock_fn(void *ctx);

/*
 * Pipeline `id` (0..DAX_T_MAX_PPL-1): `frames` of signal in `in_channels`
 * channels of `format`, output room for out_frames. init may be NULL.
 */
void dax_t_ppl_build(struct dax_t_env *env, struct dax_t_ppl *p, uint32_t id,
		     const struct adx_dax_init *init, uint32_t in_channels,
		     enum adx_sample_format format, uint64_t frames, uint64_t out_frames);
/* Destroys the pipeline and checks nothing leaked. */
void dax_t_ppl_destroy(struct dax_t_ppl *p);

/* Sample i (interleaved) of a stream as a double in [-1, 1). */
double dax_t_sample(const struct adx_memory_stream *s, enum adx_sample_format format, uint64_t i);
/* The signal the inputs carry: a different value in every sample. */
void dax_t_fill(struct adx_memory_stream *s, enum adx_sample_format format, uint32_t channels,
		double amplitude);

int dax_t_set_u32(struct adx_module *mod, uint32_t id, uint32_t value);
uint32_t dax_t_get_u32(struct adx_module *mod, uint32_t id);
struct adx_dax_stats dax_t_stats(const struct adx_module *mod);
struct adx_dax_init dax_t_init(enum adx_dax_policy policy, uint32_t device);

#endif
