/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A gateway is the firmware's end of a stream that leaves the DSP: the host
 * DMA (host copier reads from it) or the DAI (DAI copier writes to it). On a
 * PC the testbench registers gateways backed by audio files; a DSP port would
 * register DMA channels. Copiers name their gateway by id in their init data,
 * as SOF's copier names a DMA node.
 */
#ifndef ADX_MODULES_GATEWAY_H
#define ADX_MODULES_GATEWAY_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/buffer.h"

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

#endif
