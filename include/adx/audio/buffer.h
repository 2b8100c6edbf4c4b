/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring buffer with SOF's source/sink API.
 *
 * One producer (the sink side) and one consumer (the source side), possibly
 * on different threads (LL writes a DP module's input while the DP thread
 * reads it): the read and write positions are C11 atomics published with
 * release/acquire, so the two sides need no lock.
 *
 * Reading: adx_source_get_data(n) returns a window of n bytes starting at
 * the read position. The window may wrap: the caller gets the buffer's start
 * and size and wraps itself (as SOF's callers do). It fails with -ENODATA if
 * fewer than n bytes are available and with -EBUSY while a previous window is
 * unreleased. adx_source_release_data(k) consumes k bytes; k is clamped to
 * the window obtained (releasing more than you got is a caller bug that must
 * not corrupt the buffer), and releasing ends the window.
 * Writing mirrors it: adx_sink_get_buffer(n) / adx_sink_commit_buffer(k).
 *
 * Errors of a get, in the order they are checked:
 *   -EINVAL  a NULL argument;
 *   -EBUSY   a window from this side is still open;
 *   -EINVAL  n larger than the whole buffer (it could never succeed, so it
 *            is a caller bug rather than "wait");
 *   -ENODATA fewer than n bytes stored (source) / free (sink).
 * Release/commit with no open window returns -EINVAL and changes nothing.
 * A zero-byte get succeeds and opens an empty window, closed as usual.
 *
 * The buffer does not allocate: its storage is given to adx_ring_buffer_init.
 */
#ifndef ADX_BUFFER_H
#define ADX_BUFFER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/format.h"

struct adx_ring_buffer;

/* The consumer's view of a ring buffer. */
struct adx_source {
	struct adx_ring_buffer *rb;
};

/* The producer's view of a ring buffer. */
struct adx_sink {
	struct adx_ring_buffer *rb;
};

struct adx_ring_buffer {
	uint8_t *data;
	uint32_t size;                  /* bytes of storage */
	_Atomic uint64_t read_total;    /* bytes ever consumed */
	_Atomic uint64_t write_total;   /* bytes ever produced */
	uint32_t get_pending;           /* consumer's open window size, 0 = none (consumer-owned) */
	uint32_t put_pending;           /* producer's open window size, 0 = none (producer-owned) */
	bool get_open;
	bool put_open;
	struct adx_stream_params params;
	struct adx_source source;
	struct adx_sink sink;
};

/*
 * Uses storage[0 .. size) for audio in `params`' format. size must be a
 * non-zero multiple of the frame size; -EINVAL otherwise.
 */
int adx_ring_buffer_init(struct adx_ring_buffer *rb, void *storage, uint32_t size,
			 const struct adx_stream_params *params);
/* Empties the buffer and closes any open window (not concurrent with use). */
void adx_ring_buffer_reset(struct adx_ring_buffer *rb);
/*
 * Checks every invariant (positions ordered and within size, windows inside
 * the stored data / free space). Call with both sides quiescent, e.g. from a
 * test after every operation.
 */
bool adx_ring_buffer_validate(const struct adx_ring_buffer *rb);

static inline struct adx_source *adx_ring_buffer_source(struct adx_ring_buffer *rb)
{
	return &rb->source;
}

static inline struct adx_sink *adx_ring_buffer_sink(struct adx_ring_buffer *rb)
{
	return &rb->sink;
}

size_t adx_source_get_data_available(const struct adx_source *source);
size_t adx_source_get_data_frames_available(const struct adx_source *source);
const struct adx_stream_params *adx_source_get_params(const struct adx_source *source);
int adx_source_get_data(struct adx_source *source, size_t req_size,
			const void **data_ptr, const void **buffer_start,
			size_t *buffer_size);
int adx_source_release_data(struct adx_source *source, size_t free_size);

size_t adx_sink_get_free_size(const struct adx_sink *sink);
size_t adx_sink_get_free_frames(const struct adx_sink *sink);
const struct adx_stream_params *adx_sink_get_params(const struct adx_sink *sink);
int adx_sink_get_buffer(struct adx_sink *sink, size_t req_size, void **data_ptr,
			void **buffer_start, size_t *buffer_size);
int adx_sink_commit_buffer(struct adx_sink *sink, size_t commit_size);

/*
 * Helpers for the common case of copying whole frames across the wrap:
 * read `bytes` from the source window into dst / write src into the sink
 * window. Both return 0 or the get call's error.
 */
int adx_source_read(struct adx_source *source, void *dst, size_t bytes);
int adx_sink_write(struct adx_sink *sink, const void *src, size_t bytes);

#endif
