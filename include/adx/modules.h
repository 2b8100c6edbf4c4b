/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The small real modules, and the gateways the copiers talk to.
 *
 * A gateway is the firmware's end of a stream that leaves the DSP: the host
 * DMA (host copier reads from it) or the DAI (DAI copier writes to it). On a
 * PC the testbench registers gateways backed by audio files; a DSP port would
 * register DMA channels. Copiers name their gateway by id in their init data,
 * as SOF's copier names a DMA node.
 */
#ifndef ADX_MODULES_H
#define ADX_MODULES_H

#include <stdatomic.h>
#include <stdint.h>

#include "adx/module.h"

struct adx_gateway {
	const char *name;
	struct adx_stream_params params;
	/* Host side: copy up to `frames` frames into dst; fewer means end of stream. */
	uint32_t (*read)(void *ctx, void *dst, uint32_t frames);
	/* DAI side: take `frames` frames; returns frames taken. */
	uint32_t (*write)(void *ctx, const void *src, uint32_t frames);
	void *ctx;
};

#define ADX_GATEWAY_MAX 16

/* Control thread only. -EINVAL for a bad id, -EBUSY if taken. */
int adx_gateway_register(uint32_t id, struct adx_gateway *gateway);
void adx_gateway_unregister(uint32_t id);
struct adx_gateway *adx_gateway_get(uint32_t id);

/*
 * A gateway over a caller's buffer (loopback, tests, a PC port): the source
 * kind hands out `frames` frames of data then reports end of stream; the
 * sink kind fills data until `frames` are written and drops the rest.
 * pos counts the frames moved so far; the copier's thread is its only
 * writer and publishes it with a release store, so another thread may read
 * it (acquire) while the stream runs.
 */
struct adx_memory_stream {
	uint8_t *data;
	size_t frame_bytes;
	uint64_t frames;
	_Atomic uint64_t pos;
};

void adx_gateway_init_memory_source(struct adx_gateway *gateway, const char *name,
				    const struct adx_stream_params *params,
				    struct adx_memory_stream *stream,
				    const void *data, uint64_t frames);
void adx_gateway_init_memory_sink(struct adx_gateway *gateway, const char *name,
				  const struct adx_stream_params *params,
				  struct adx_memory_stream *stream,
				  void *data, uint64_t frames);

/* Host copier: gateway -> sink. After end of stream it plays silence. */
struct adx_host_copier_init {
	uint32_t gateway_id;
};

/*
 * DAI copier: source -> gateway, one LL period per tick. It first plays
 * upstream_latency_frames of silence (the pipeline's stated latency), then
 * the source; a tick that finds too little counts an underrun and plays
 * silence for the missing frames.
 */
struct adx_dai_copier_init {
	uint32_t gateway_id;
};

struct adx_copier_stats {
	uint64_t frames;            /* frames moved to/from the gateway (audio, not silence) */
	uint64_t silence_frames;    /* host: after end of stream; DAI: preroll */
	uint64_t underrun_frames;   /* DAI: frames the source could not supply */
	uint64_t underruns;         /* DAI: ticks with an underrun */
	bool end_of_stream;         /* host: the gateway returned short */
};

/* Copier statistics, or NULL when mod is not a prepared copier. */
const struct adx_copier_stats *adx_copier_get_stats(const struct adx_module *mod);

/*
 * Volume (LL): gain in Q8.23 (1.0 = 1 << 23) with a linear ramp, applied in
 * the stream's own format: integer formats multiply in 64 bits and round to
 * nearest, so unity gain is bit-exact. Configuration id ADX_VOLUME_CFG_GAIN
 * takes a struct adx_volume_config; the latest one wins at the next period.
 */
#define ADX_VOLUME_CFG_GAIN 1u
#define ADX_VOLUME_UNITY_Q8_23 (1 << 23)
struct adx_volume_config {
	int32_t gain_q8_23;     /* 0 .. 16.0 */
	uint32_t ramp_frames;   /* 0: jump */
};

/*
 * DP pass-through, a test module: copies blocks of block_frames on a DP
 * task with the given deadline period and virtual-time cost, so DP
 * scheduling is exercised without the DAX module.
 */
struct adx_dp_passthrough_init {
	uint32_t block_frames;
	uint32_t period_us;
	uint64_t cycle_cost_ns;
};

extern const struct adx_module_driver adx_host_copier_driver;
extern const struct adx_module_driver adx_dai_copier_driver;
extern const struct adx_module_driver adx_volume_driver;
extern const struct adx_module_driver adx_dp_passthrough_driver;

/* Looks a driver up by its name ("host-copier", "dai-copier", "volume", "dp-passthrough"). */
const struct adx_module_driver *adx_module_driver_find(const char *name);

#endif
