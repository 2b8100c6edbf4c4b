// SPDX-License-Identifier: BSD-3-Clause
/* Frame ring of dax_fifo.h. */
#include <errno.h>
#include <string.h>

#include "dax_fifo.h"

void dax_fifo_init(struct dax_fifo *fifo, void *storage, uint32_t frame_bytes,
		   uint32_t capacity)
{
	fifo->data = storage;
	fifo->frame_bytes = frame_bytes;
	fifo->capacity = capacity;
	dax_fifo_clear(fifo);
}

void dax_fifo_clear(struct dax_fifo *fifo)
{
	fifo->head = 0;
	fifo->count = 0;
}

/* Frames from index `at` to the end of the storage, capped at `frames`. */
static uint32_t run_to_end(const struct dax_fifo *fifo, uint32_t at, uint32_t frames)
{
	uint32_t room = fifo->capacity - at;

	return frames < room ? frames : room;
}

/* Writes frames at the tail; src NULL writes silence. */
static int push(struct dax_fifo *fifo, const uint8_t *src, uint32_t frames)
{
	uint32_t tail, first;
	size_t fb = fifo->frame_bytes;

	if (frames > fifo->capacity - fifo->count)
		return -ENOSPC;
	tail = (fifo->head + fifo->count) % fifo->capacity;
	first = run_to_end(fifo, tail, frames);
	if (src) {
		memcpy(fifo->data + tail * fb, src, first * fb);
		memcpy(fifo->data, src + first * fb, (frames - first) * fb);
	} else {
		memset(fifo->data + tail * fb, 0, first * fb);
		memset(fifo->data, 0, (frames - first) * fb);
	}
	fifo->count += frames;
	return 0;
}

int dax_fifo_push(struct dax_fifo *fifo, const void *src, uint32_t frames)
{
	return push(fifo, src, frames);
}

int dax_fifo_push_silence(struct dax_fifo *fifo, uint32_t frames)
{
	return push(fifo, NULL, frames);
}

int dax_fifo_pop(struct dax_fifo *fifo, void *dst, uint32_t frames)
{
	size_t fb = fifo->frame_bytes;
	uint32_t first;

	if (frames > fifo->count)
		return -ENODATA;
	first = run_to_end(fifo, fifo->head, frames);
	memcpy(dst, fifo->data + fifo->head * fb, first * fb);
	memcpy((uint8_t *)dst + first * fb, fifo->data, (frames - first) * fb);
	fifo->head = (fifo->head + frames) % fifo->capacity;
	fifo->count -= frames;
	return 0;
}

uint8_t *dax_fifo_frame(struct dax_fifo *fifo, uint32_t i)
{
	return fifo->data + ((fifo->head + i) % fifo->capacity) * (size_t)fifo->frame_bytes;
}
