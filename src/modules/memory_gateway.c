// SPDX-License-Identifier: BSD-3-Clause
/* Gateways over a caller's buffer: the simplest stream a copier can name. */
#include <string.h>

#include "adx/modules/copier.h"
#include "adx/modules/gateway.h"

/* The copier's thread is pos's only writer: it reads its own last value. */
static uint64_t own_pos(const struct adx_memory_stream *s)
{
	return atomic_load_explicit(&s->pos, memory_order_relaxed);
}

static uint64_t frames_left(const struct adx_memory_stream *s, uint32_t frames)
{
	uint64_t left = s->frames - own_pos(s);

	return left < frames ? left : frames;
}

static void advance(struct adx_memory_stream *s, uint64_t n)
{
	atomic_store_explicit(&s->pos, own_pos(s) + n, memory_order_release);
}

static uint32_t memory_read(void *ctx, void *dst, uint32_t frames)
{
	struct adx_memory_stream *s = ctx;
	uint64_t n = frames_left(s, frames);

	memcpy(dst, s->data + own_pos(s) * s->frame_bytes, (size_t)n * s->frame_bytes);
	advance(s, n);
	return (uint32_t)n;
}

static uint32_t memory_write(void *ctx, const void *src, uint32_t frames)
{
	struct adx_memory_stream *s = ctx;
	uint64_t n = frames_left(s, frames);

	memcpy(s->data + own_pos(s) * s->frame_bytes, src, (size_t)n * s->frame_bytes);
	advance(s, n);
	return (uint32_t)n;
}

static void init_stream(struct adx_gateway *gateway, const char *name,
			const struct adx_stream_params *params,
			struct adx_memory_stream *stream, void *data, uint64_t frames)
{
	stream->data = data;
	stream->frame_bytes = adx_frame_bytes(params);
	stream->frames = frames;
	atomic_init(&stream->pos, 0);
	*gateway = (struct adx_gateway){ .name = name, .params = *params, .ctx = stream };
}

void adx_gateway_init_memory_source(struct adx_gateway *gateway, const char *name,
				    const struct adx_stream_params *params,
				    struct adx_memory_stream *stream,
				    const void *data, uint64_t frames)
{
	/* The source side never writes through data. */
	init_stream(gateway, name, params, stream, (void *)(uintptr_t)data, frames);
	gateway->read = memory_read;
}

void adx_gateway_init_memory_sink(struct adx_gateway *gateway, const char *name,
				  const struct adx_stream_params *params,
				  struct adx_memory_stream *stream,
				  void *data, uint64_t frames)
{
	init_stream(gateway, name, params, stream, data, frames);
	gateway->write = memory_write;
}
