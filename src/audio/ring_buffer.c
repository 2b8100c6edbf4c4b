// SPDX-License-Identifier: BSD-3-Clause
/*
 * Single-producer single-consumer ring buffer behind the source/sink API
 * (contract in include/adx/audio/buffer.h).
 *
 * Positions are byte totals since the last reset rather than offsets, so the
 * fill level is write_total - read_total with no full/empty ambiguity and
 * the storage size need not be a power of two; an offset is total % size.
 * 64-bit totals do not wrap in practice: 2^64 bytes is ~95,000 years of
 * 8-channel S32 at 192 kHz.
 *
 * Ownership: the consumer writes read_total, get_pending and get_open; the
 * producer writes write_total, put_pending and put_open. Each side publishes
 * its total with a release store after touching the bytes, and loads the
 * other side's total with acquire before touching them. So the consumer sees
 * the bytes of every commit it has observed, and the producer never reuses
 * storage before the consumer's release says the reader is done with it.
 * An open window does not move a total, which is what keeps its bytes
 * stable until release/commit.
 */
#include <errno.h>
#include <string.h>

#include "adx/audio/buffer.h"

static uint64_t load_total(const _Atomic uint64_t *total)
{
	return atomic_load_explicit(total, memory_order_acquire);
}

/*
 * Bytes stored, safe from any thread. read_total is loaded first: it can
 * only grow towards write_total, so the later write_total load is never
 * behind it and the difference cannot underflow. A third thread may see it
 * exceed size (the consumer released and the producer refilled between the
 * two loads), hence the clamp; for the producer and consumer it is exact.
 */
static uint32_t ring_fill(const struct adx_ring_buffer *rb)
{
	uint64_t read = load_total(&rb->read_total);
	uint64_t used = load_total(&rb->write_total) - read;

	return used > rb->size ? rb->size : (uint32_t)used;
}

static bool params_are_valid(const struct adx_stream_params *params)
{
	return params && params->rate > 0 && params->channels > 0 &&
	       params->channels <= ADX_MAX_CHANNELS &&
	       adx_format_is_valid(params->format);
}

int adx_ring_buffer_init(struct adx_ring_buffer *rb, void *storage, uint32_t size,
			 const struct adx_stream_params *params)
{
	if (!rb || !storage || size == 0 || !params_are_valid(params) ||
	    size % adx_frame_bytes(params) != 0)
		return -EINVAL;

	rb->data = storage;
	rb->size = size;
	rb->params = *params;
	rb->source.rb = rb;
	rb->sink.rb = rb;
	atomic_init(&rb->read_total, 0);
	atomic_init(&rb->write_total, 0);
	adx_ring_buffer_reset(rb);
	return 0;
}

void adx_ring_buffer_reset(struct adx_ring_buffer *rb)
{
	atomic_store_explicit(&rb->read_total, 0, memory_order_relaxed);
	atomic_store_explicit(&rb->write_total, 0, memory_order_relaxed);
	rb->get_pending = 0;
	rb->put_pending = 0;
	rb->get_open = false;
	rb->put_open = false;
}

bool adx_ring_buffer_validate(const struct adx_ring_buffer *rb)
{
	uint64_t read, write;

	if (!rb || !rb->data || rb->size == 0 || !params_are_valid(&rb->params) ||
	    rb->size % adx_frame_bytes(&rb->params) != 0 ||
	    rb->source.rb != rb || rb->sink.rb != rb)
		return false;
	read = load_total(&rb->read_total);
	write = load_total(&rb->write_total);
	if (write < read || write - read > rb->size)
		return false;
	/* A closed window has no size; an open one lies inside data/space. */
	if (rb->get_open ? rb->get_pending > write - read : rb->get_pending != 0)
		return false;
	if (rb->put_open ? rb->put_pending > rb->size - (write - read) : rb->put_pending != 0)
		return false;
	return true;
}

/* ---- consumer side ---- */

size_t adx_source_get_data_available(const struct adx_source *source)
{
	return ring_fill(source->rb);
}

size_t adx_source_get_data_frames_available(const struct adx_source *source)
{
	return ring_fill(source->rb) / adx_frame_bytes(&source->rb->params);
}

const struct adx_stream_params *adx_source_get_params(const struct adx_source *source)
{
	return &source->rb->params;
}

int adx_source_get_data(struct adx_source *source, size_t req_size,
			const void **data_ptr, const void **buffer_start,
			size_t *buffer_size)
{
	struct adx_ring_buffer *rb;
	uint64_t read;

	if (!source || !data_ptr || !buffer_start || !buffer_size)
		return -EINVAL;
	rb = source->rb;
	if (rb->get_open)
		return -EBUSY;
	if (req_size > rb->size)
		return -EINVAL; /* could never be satisfied: a caller bug, not a wait */
	if (req_size > ring_fill(rb))
		return -ENODATA;

	read = atomic_load_explicit(&rb->read_total, memory_order_relaxed);
	*data_ptr = rb->data + read % rb->size;
	*buffer_start = rb->data;
	*buffer_size = rb->size;
	rb->get_pending = (uint32_t)req_size;
	rb->get_open = true;
	return 0;
}

int adx_source_release_data(struct adx_source *source, size_t free_size)
{
	struct adx_ring_buffer *rb;
	uint64_t read;
	uint32_t consumed;

	if (!source || !source->rb->get_open)
		return -EINVAL;
	rb = source->rb;
	consumed = free_size < rb->get_pending ? (uint32_t)free_size : rb->get_pending;
	read = atomic_load_explicit(&rb->read_total, memory_order_relaxed);
	atomic_store_explicit(&rb->read_total, read + consumed, memory_order_release);
	rb->get_pending = 0;
	rb->get_open = false;
	return 0;
}

/* ---- producer side ---- */

size_t adx_sink_get_free_size(const struct adx_sink *sink)
{
	return sink->rb->size - ring_fill(sink->rb);
}

size_t adx_sink_get_free_frames(const struct adx_sink *sink)
{
	return adx_sink_get_free_size(sink) / adx_frame_bytes(&sink->rb->params);
}

const struct adx_stream_params *adx_sink_get_params(const struct adx_sink *sink)
{
	return &sink->rb->params;
}

int adx_sink_get_buffer(struct adx_sink *sink, size_t req_size, void **data_ptr,
			void **buffer_start, size_t *buffer_size)
{
	struct adx_ring_buffer *rb;
	uint64_t write;

	if (!sink || !data_ptr || !buffer_start || !buffer_size)
		return -EINVAL;
	rb = sink->rb;
	if (rb->put_open)
		return -EBUSY;
	if (req_size > rb->size)
		return -EINVAL;
	if (req_size > adx_sink_get_free_size(sink))
		return -ENODATA;

	write = atomic_load_explicit(&rb->write_total, memory_order_relaxed);
	*data_ptr = rb->data + write % rb->size;
	*buffer_start = rb->data;
	*buffer_size = rb->size;
	rb->put_pending = (uint32_t)req_size;
	rb->put_open = true;
	return 0;
}

int adx_sink_commit_buffer(struct adx_sink *sink, size_t commit_size)
{
	struct adx_ring_buffer *rb;
	uint64_t write;
	uint32_t produced;

	if (!sink || !sink->rb->put_open)
		return -EINVAL;
	rb = sink->rb;
	produced = commit_size < rb->put_pending ? (uint32_t)commit_size : rb->put_pending;
	write = atomic_load_explicit(&rb->write_total, memory_order_relaxed);
	atomic_store_explicit(&rb->write_total, write + produced, memory_order_release);
	rb->put_pending = 0;
	rb->put_open = false;
	return 0;
}

/* ---- copy helpers ---- */

int adx_source_read(struct adx_source *source, void *dst, size_t bytes)
{
	const void *ptr, *start;
	size_t size, first;
	int ret;

	if (!dst && bytes)
		return -EINVAL;
	ret = adx_source_get_data(source, bytes, &ptr, &start, &size);
	if (ret)
		return ret;
	first = (size_t)((const uint8_t *)start + size - (const uint8_t *)ptr);
	first = bytes < first ? bytes : first;
	if (first)
		memcpy(dst, ptr, first);
	if (bytes > first)
		memcpy((uint8_t *)dst + first, start, bytes - first);
	return adx_source_release_data(source, bytes);
}

int adx_sink_write(struct adx_sink *sink, const void *src, size_t bytes)
{
	void *ptr, *start;
	size_t size, first;
	int ret;

	if (!src && bytes)
		return -EINVAL;
	ret = adx_sink_get_buffer(sink, bytes, &ptr, &start, &size);
	if (ret)
		return ret;
	first = (size_t)((uint8_t *)start + size - (uint8_t *)ptr);
	first = bytes < first ? bytes : first;
	if (first)
		memcpy(ptr, src, first);
	if (bytes > first)
		memcpy(start, (const uint8_t *)src + first, bytes - first);
	return adx_sink_commit_buffer(sink, bytes);
}
