/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A ring of whole frames in caller-given storage: the DAX module's output
 * queue between the engine's 256-frame blocks and the pipeline's 48-frame
 * periods. Used by one thread (the DP side) only, so it has no atomics.
 * All-zero bytes are silence in every sample format, which push_silence
 * relies on.
 */
#ifndef ADX_DAX_FIFO_H
#define ADX_DAX_FIFO_H

#include <stdbool.h>
#include <stdint.h>

struct dax_fifo {
	uint8_t *data;
	uint32_t frame_bytes;
	uint32_t capacity;   /* frames */
	uint32_t head;       /* index of the oldest frame */
	uint32_t count;      /* frames queued */
};

void dax_fifo_init(struct dax_fifo *fifo, void *storage, uint32_t frame_bytes,
		   uint32_t capacity);
void dax_fifo_clear(struct dax_fifo *fifo);
/* 0, or -ENOSPC (nothing pushed) when `frames` do not fit. */
int dax_fifo_push(struct dax_fifo *fifo, const void *src, uint32_t frames);
int dax_fifo_push_silence(struct dax_fifo *fifo, uint32_t frames);
/* 0, or -ENODATA (nothing popped) when fewer than `frames` are queued. */
int dax_fifo_pop(struct dax_fifo *fifo, void *dst, uint32_t frames);
/* The i-th queued frame, oldest first; i < count. */
uint8_t *dax_fifo_frame(struct dax_fifo *fifo, uint32_t i);

#endif
