// SPDX-License-Identifier: BSD-3-Clause
/*
 * Ring buffer, single thread: every error code of the source/sink API,
 * window placement across the wrap, clamping of release/commit, the copy
 * helpers, and a long randomized run against a shadow FIFO, checked byte
 * for byte and validated after every operation.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adx/audio/buffer.h"
#include "rng.h"

/* Stereo S16: 4-byte frames, 64 bytes = 16 frames of storage. */
#define FRAME 4u
#define SIZE 64u

static const struct adx_stream_params stereo_s16 = { 48000, 2, ADX_FMT_S16_LE };

struct fixture {
	struct adx_ring_buffer rb;
	uint8_t storage[SIZE];
	struct adx_source *src;
	struct adx_sink *snk;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	if (adx_ring_buffer_init(&f.rb, f.storage, SIZE, &stereo_s16))
		return -1;
	f.src = adx_ring_buffer_source(&f.rb);
	f.snk = adx_ring_buffer_sink(&f.rb);
	*state = &f;
	return 0;
}

/* Byte i of the stream is pattern(i): wrong order or loss changes values. */
static uint8_t pattern(uint64_t i)
{
	return (uint8_t)(i * 7u + (i >> 8) + 1u);
}

static void fill_pattern(uint8_t *dst, uint64_t first, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = pattern(first + i);
}

static void write_bytes(struct fixture *f, uint64_t first, size_t n)
{
	uint8_t tmp[SIZE];

	fill_pattern(tmp, first, n);
	assert_int_equal(adx_sink_write(f->snk, tmp, n), 0);
}

static void read_and_check_bytes(struct fixture *f, uint64_t first, size_t n)
{
	uint8_t got[SIZE], want[SIZE];

	fill_pattern(want, first, n);
	assert_int_equal(adx_source_read(f->src, got, n), 0);
	assert_memory_equal(got, want, n);
}

/* ---- init ---- */

static void test_init_rejects_bad_storage_size_and_params(void **state)
{
	struct adx_ring_buffer rb;
	uint8_t storage[SIZE];
	struct adx_stream_params p = stereo_s16;

	(void)state;
	assert_int_equal(adx_ring_buffer_init(NULL, storage, SIZE, &p), -EINVAL);
	assert_int_equal(adx_ring_buffer_init(&rb, NULL, SIZE, &p), -EINVAL);
	assert_int_equal(adx_ring_buffer_init(&rb, storage, 0, &p), -EINVAL);
	assert_int_equal(adx_ring_buffer_init(&rb, storage, SIZE - 2, &p), -EINVAL);
	assert_int_equal(adx_ring_buffer_init(&rb, storage, SIZE, NULL), -EINVAL);
	p.channels = 0;
	assert_int_equal(adx_ring_buffer_init(&rb, storage, SIZE, &p), -EINVAL);
	p.channels = ADX_MAX_CHANNELS + 1;
	assert_int_equal(adx_ring_buffer_init(&rb, storage, SIZE, &p), -EINVAL);
	p = stereo_s16;
	p.rate = 0;
	assert_int_equal(adx_ring_buffer_init(&rb, storage, SIZE, &p), -EINVAL);
	p = stereo_s16;
	p.format = (enum adx_sample_format)7;
	assert_int_equal(adx_ring_buffer_init(&rb, storage, SIZE, &p), -EINVAL);
	/* 6 channels of S32 are 24-byte frames: 48 fits, 64 does not. */
	p = (struct adx_stream_params){ 48000, 6, ADX_FMT_S32_LE };
	assert_int_equal(adx_ring_buffer_init(&rb, storage, SIZE, &p), -EINVAL);
	assert_int_equal(adx_ring_buffer_init(&rb, storage, 48, &p), 0);
	assert_true(adx_ring_buffer_validate(&rb));
}

static void test_new_buffer_is_empty_with_all_space_free(void **state)
{
	struct fixture *f = *state;

	assert_true(adx_ring_buffer_validate(&f->rb));
	assert_int_equal(adx_source_get_data_available(f->src), 0);
	assert_int_equal(adx_source_get_data_frames_available(f->src), 0);
	assert_int_equal(adx_sink_get_free_size(f->snk), SIZE);
	assert_int_equal(adx_sink_get_free_frames(f->snk), SIZE / FRAME);
	assert_true(adx_stream_params_equal(adx_source_get_params(f->src), &stereo_s16));
	assert_true(adx_stream_params_equal(adx_sink_get_params(f->snk), &stereo_s16));
}

/* ---- error codes ---- */

static void test_get_data_with_fewer_bytes_stored_is_enodata(void **state)
{
	struct fixture *f = *state;
	const void *p, *start;
	size_t size;

	assert_int_equal(adx_source_get_data(f->src, 1, &p, &start, &size), -ENODATA);
	write_bytes(f, 0, 10);
	assert_int_equal(adx_source_get_data(f->src, 11, &p, &start, &size), -ENODATA);
	assert_int_equal(adx_source_get_data(f->src, 10, &p, &start, &size), 0);
	assert_int_equal(adx_source_release_data(f->src, 0), 0);
	assert_int_equal(adx_source_get_data_available(f->src), 10);
}

static void test_get_buffer_with_less_space_free_is_enodata(void **state)
{
	struct fixture *f = *state;
	void *p, *start;
	size_t size;

	write_bytes(f, 0, SIZE - 8);
	assert_int_equal(adx_sink_get_buffer(f->snk, 9, &p, &start, &size), -ENODATA);
	assert_int_equal(adx_sink_get_buffer(f->snk, 8, &p, &start, &size), 0);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 8), 0);
	assert_int_equal(adx_sink_get_buffer(f->snk, 1, &p, &start, &size), -ENODATA);
	assert_int_equal(adx_sink_get_free_size(f->snk), 0);
	assert_int_equal(adx_source_get_data_available(f->src), SIZE);
}

static void test_second_get_before_release_is_ebusy(void **state)
{
	struct fixture *f = *state;
	const void *p, *start, *p2 = NULL;
	size_t size;

	write_bytes(f, 0, 16);
	assert_int_equal(adx_source_get_data(f->src, 4, &p, &start, &size), 0);
	assert_int_equal(adx_source_get_data(f->src, 4, &p2, &start, &size), -EBUSY);
	assert_null(p2);
	/* Busy wins over the other errors: the window is the caller's state. */
	assert_int_equal(adx_source_get_data(f->src, 40, &p2, &start, &size), -EBUSY);
	assert_int_equal(adx_source_get_data(f->src, SIZE + 1, &p2, &start, &size), -EBUSY);
	assert_int_equal(adx_source_release_data(f->src, 4), 0);
	assert_int_equal(adx_source_get_data(f->src, 4, &p2, &start, &size), 0);
	assert_ptr_equal(p2, (const uint8_t *)p + 4);
	assert_int_equal(adx_source_release_data(f->src, 4), 0);
}

static void test_second_get_buffer_before_commit_is_ebusy(void **state)
{
	struct fixture *f = *state;
	void *p, *start, *p2 = NULL;
	size_t size;

	assert_int_equal(adx_sink_get_buffer(f->snk, 4, &p, &start, &size), 0);
	assert_int_equal(adx_sink_get_buffer(f->snk, 4, &p2, &start, &size), -EBUSY);
	assert_null(p2);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 4), 0);
	assert_int_equal(adx_sink_get_buffer(f->snk, 4, &p2, &start, &size), 0);
	assert_ptr_equal(p2, (uint8_t *)p + 4);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 4), 0);
}

static void test_request_larger_than_buffer_is_einval_on_both_sides(void **state)
{
	struct fixture *f = *state;
	const void *rp, *rstart;
	void *wp, *wstart;
	size_t size;

	assert_int_equal(adx_sink_get_buffer(f->snk, SIZE + 1, &wp, &wstart, &size), -EINVAL);
	assert_int_equal(adx_sink_get_buffer(f->snk, SIZE, &wp, &wstart, &size), 0);
	assert_int_equal(adx_sink_commit_buffer(f->snk, SIZE), 0);
	assert_int_equal(adx_source_get_data(f->src, SIZE + 1, &rp, &rstart, &size), -EINVAL);
	assert_int_equal(adx_source_get_data(f->src, SIZE, &rp, &rstart, &size), 0);
	assert_int_equal(adx_source_release_data(f->src, SIZE), 0);
	assert_true(adx_ring_buffer_validate(&f->rb));
}

static void test_release_or_commit_without_window_is_einval_and_changes_nothing(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(adx_source_release_data(f->src, 4), -EINVAL);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 4), -EINVAL);
	assert_int_equal(adx_sink_get_free_size(f->snk), SIZE);
	write_bytes(f, 0, 8);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 4), -EINVAL); /* already committed */
	read_and_check_bytes(f, 0, 4);
	assert_int_equal(adx_source_release_data(f->src, 4), -EINVAL); /* already released */
	assert_int_equal(adx_source_get_data_available(f->src), 4);
	assert_true(adx_ring_buffer_validate(&f->rb));
}

static void test_null_arguments_are_einval(void **state)
{
	struct fixture *f = *state;
	const void *rp, *rstart;
	void *wp, *wstart;
	size_t size;

	assert_int_equal(adx_source_get_data(NULL, 0, &rp, &rstart, &size), -EINVAL);
	assert_int_equal(adx_source_get_data(f->src, 0, NULL, &rstart, &size), -EINVAL);
	assert_int_equal(adx_source_get_data(f->src, 0, &rp, NULL, &size), -EINVAL);
	assert_int_equal(adx_source_get_data(f->src, 0, &rp, &rstart, NULL), -EINVAL);
	assert_int_equal(adx_sink_get_buffer(NULL, 0, &wp, &wstart, &size), -EINVAL);
	assert_int_equal(adx_sink_get_buffer(f->snk, 0, NULL, &wstart, &size), -EINVAL);
	assert_int_equal(adx_sink_get_buffer(f->snk, 0, &wp, NULL, &size), -EINVAL);
	assert_int_equal(adx_sink_get_buffer(f->snk, 0, &wp, &wstart, NULL), -EINVAL);
	assert_int_equal(adx_source_release_data(NULL, 0), -EINVAL);
	assert_int_equal(adx_sink_commit_buffer(NULL, 0), -EINVAL);
	assert_int_equal(adx_sink_write(f->snk, NULL, 4), -EINVAL);
	assert_int_equal(adx_source_read(f->src, NULL, 4), -EINVAL);
	/* None of it opened a window. */
	assert_int_equal(adx_sink_get_buffer(f->snk, 4, &wp, &wstart, &size), 0);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 0), 0);
	assert_true(adx_ring_buffer_validate(&f->rb));
}

static void test_copy_helpers_pass_on_get_errors_and_move_nothing(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[SIZE + 1] = { 0 };

	assert_int_equal(adx_source_read(f->src, buf, 1), -ENODATA);
	assert_int_equal(adx_sink_write(f->snk, buf, SIZE + 1), -EINVAL);
	write_bytes(f, 0, SIZE - 4);
	assert_int_equal(adx_sink_write(f->snk, buf, 5), -ENODATA);
	assert_int_equal(adx_source_read(f->src, buf, SIZE + 1), -EINVAL);
	assert_int_equal(adx_source_get_data_available(f->src), SIZE - 4);
	read_and_check_bytes(f, 0, SIZE - 4);
}

static void test_zero_byte_windows_open_and_close_without_moving_data(void **state)
{
	struct fixture *f = *state;
	const void *rp, *rstart;
	void *wp, *wstart;
	size_t size;

	assert_int_equal(adx_source_get_data(f->src, 0, &rp, &rstart, &size), 0);
	assert_int_equal(adx_source_get_data(f->src, 0, &rp, &rstart, &size), -EBUSY);
	assert_int_equal(adx_source_release_data(f->src, 100), 0);
	assert_int_equal(adx_sink_get_buffer(f->snk, 0, &wp, &wstart, &size), 0);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 100), 0);
	assert_int_equal(adx_source_get_data_available(f->src), 0);
	assert_int_equal(adx_sink_get_free_size(f->snk), SIZE);
}

/* ---- windows and wrap ---- */

static void test_windows_report_storage_and_wrap_at_its_end(void **state)
{
	struct fixture *f = *state;
	const void *rp, *rstart;
	void *wp, *wstart;
	size_t rsize, wsize, tail, i;

	write_bytes(f, 0, 48);
	read_and_check_bytes(f, 0, 48);

	/* Write position is at 48: a 32-byte window runs 16 bytes then wraps. */
	assert_int_equal(adx_sink_get_buffer(f->snk, 32, &wp, &wstart, &wsize), 0);
	assert_ptr_equal(wstart, f->storage);
	assert_int_equal(wsize, SIZE);
	assert_ptr_equal(wp, f->storage + 48);
	tail = (size_t)((uint8_t *)wstart + wsize - (uint8_t *)wp);
	assert_int_equal(tail, 16);
	for (i = 0; i < 32; i++) {
		uint8_t *dst = (i < tail) ? (uint8_t *)wp + i : (uint8_t *)wstart + (i - tail);

		*dst = pattern(48 + i);
	}
	assert_int_equal(adx_sink_commit_buffer(f->snk, 32), 0);
	assert_int_equal(f->storage[63], pattern(48 + 15));
	assert_int_equal(f->storage[0], pattern(48 + 16));

	assert_int_equal(adx_source_get_data(f->src, 32, &rp, &rstart, &rsize), 0);
	assert_ptr_equal(rp, f->storage + 48);
	assert_ptr_equal(rstart, f->storage);
	assert_int_equal(rsize, SIZE);
	for (i = 0; i < 32; i++) {
		const uint8_t *s = (i < tail) ? (const uint8_t *)rp + i
					      : (const uint8_t *)rstart + (i - tail);

		assert_int_equal(*s, pattern(48 + i));
	}
	assert_int_equal(adx_source_release_data(f->src, 32), 0);
	assert_true(adx_ring_buffer_validate(&f->rb));
}

static void test_window_pointer_stays_inside_storage_at_every_offset(void **state)
{
	struct fixture *f = *state;
	const void *rp, *rstart;
	void *wp, *wstart;
	size_t size;
	uint64_t pos;

	/* Step by one byte around the ring three times, at both positions. */
	for (pos = 0; pos < 3 * SIZE; pos++) {
		assert_int_equal(adx_sink_get_buffer(f->snk, SIZE, &wp, &wstart, &size), 0);
		assert_ptr_equal(wp, f->storage + pos % SIZE);
		assert_int_equal(adx_sink_commit_buffer(f->snk, 1), 0);
		assert_int_equal(adx_source_get_data(f->src, 1, &rp, &rstart, &size), 0);
		assert_ptr_equal(rp, f->storage + pos % SIZE);
		assert_int_equal(adx_source_release_data(f->src, 1), 0);
	}
}

static void test_release_beyond_window_consumes_only_the_window(void **state)
{
	struct fixture *f = *state;
	const void *rp, *rstart;
	size_t size;

	write_bytes(f, 0, 24);
	assert_int_equal(adx_source_get_data(f->src, 8, &rp, &rstart, &size), 0);
	assert_int_equal(adx_source_release_data(f->src, 20), 0);
	assert_int_equal(adx_source_get_data_available(f->src), 16);
	read_and_check_bytes(f, 8, 16);
	assert_true(adx_ring_buffer_validate(&f->rb));
}

static void test_commit_beyond_window_produces_only_the_window(void **state)
{
	struct fixture *f = *state;
	void *wp, *wstart;
	size_t size;

	assert_int_equal(adx_sink_get_buffer(f->snk, 8, &wp, &wstart, &size), 0);
	fill_pattern(wp, 0, 8);
	assert_int_equal(adx_sink_commit_buffer(f->snk, SIZE), 0);
	assert_int_equal(adx_source_get_data_available(f->src), 8);
	assert_int_equal(adx_sink_get_free_size(f->snk), SIZE - 8);
	read_and_check_bytes(f, 0, 8);
}

static void test_partial_release_and_commit_move_exactly_that_much(void **state)
{
	struct fixture *f = *state;
	const void *rp, *rstart;
	void *wp, *wstart;
	size_t size;

	assert_int_equal(adx_sink_get_buffer(f->snk, 32, &wp, &wstart, &size), 0);
	fill_pattern(wp, 0, 12);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 12), 0);
	assert_int_equal(adx_source_get_data_available(f->src), 12);
	assert_int_equal(adx_source_get_data(f->src, 12, &rp, &rstart, &size), 0);
	assert_int_equal(adx_source_release_data(f->src, 5), 0);
	assert_int_equal(adx_source_get_data_available(f->src), 7);
	read_and_check_bytes(f, 5, 7);
}

static void test_frame_counts_are_bytes_divided_by_frame_size(void **state)
{
	struct fixture *f = *state;

	write_bytes(f, 0, 3 * FRAME + 2);
	assert_int_equal(adx_source_get_data_frames_available(f->src), 3);
	assert_int_equal(adx_sink_get_free_size(f->snk), SIZE - 3 * FRAME - 2);
	assert_int_equal(adx_sink_get_free_frames(f->snk), (SIZE - 3 * FRAME - 2) / FRAME);
}

static void test_reset_empties_buffer_and_closes_windows(void **state)
{
	struct fixture *f = *state;
	const void *rp, *rstart;
	void *wp, *wstart;
	size_t size;

	write_bytes(f, 0, 20);
	assert_int_equal(adx_source_get_data(f->src, 4, &rp, &rstart, &size), 0);
	assert_int_equal(adx_sink_get_buffer(f->snk, 4, &wp, &wstart, &size), 0);
	adx_ring_buffer_reset(&f->rb);
	assert_true(adx_ring_buffer_validate(&f->rb));
	assert_int_equal(adx_source_get_data_available(f->src), 0);
	assert_int_equal(adx_sink_get_free_size(f->snk), SIZE);
	assert_int_equal(adx_source_release_data(f->src, 4), -EINVAL);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 4), -EINVAL);
	assert_int_equal(adx_sink_get_buffer(f->snk, 4, &wp, &wstart, &size), 0);
	assert_ptr_equal(wp, f->storage);
	assert_int_equal(adx_sink_commit_buffer(f->snk, 0), 0);
}

static void test_validate_detects_corrupted_positions_and_windows(void **state)
{
	struct fixture *f = *state;

	write_bytes(f, 0, 8);
	assert_true(adx_ring_buffer_validate(&f->rb));
	atomic_store(&f->rb.read_total, 9); /* read ahead of write */
	assert_false(adx_ring_buffer_validate(&f->rb));
	atomic_store(&f->rb.read_total, 0);
	atomic_store(&f->rb.write_total, SIZE + 1); /* more stored than fits */
	assert_false(adx_ring_buffer_validate(&f->rb));
	atomic_store(&f->rb.write_total, 8);
	f->rb.get_pending = 4; /* size without an open window */
	assert_false(adx_ring_buffer_validate(&f->rb));
	f->rb.get_open = true;
	assert_true(adx_ring_buffer_validate(&f->rb));
	f->rb.get_pending = 9; /* window beyond the stored bytes */
	assert_false(adx_ring_buffer_validate(&f->rb));
	f->rb.get_pending = 0;
	f->rb.get_open = false;
	f->rb.put_open = true;
	f->rb.put_pending = SIZE - 7; /* window beyond the free space */
	assert_false(adx_ring_buffer_validate(&f->rb));
	assert_false(adx_ring_buffer_validate(NULL));
}

/* ---- randomized run against a shadow FIFO ---- */

static struct rng rng = { 0x243f6a8885a308d3u };

/* The model: a plain array indexed by absolute stream position. */
struct shadow {
	uint8_t bytes[1 << 20];
	uint64_t head, tail; /* next byte to read / write */
};

static int expected_get_error(size_t req, size_t have)
{
	if (req > SIZE)
		return -EINVAL;
	return req > have ? -ENODATA : 0;
}

static void random_produce(struct fixture *f, struct shadow *s)
{
	size_t req = rng_below(&rng, SIZE + 8), asked = rng_below(&rng, req + 8), commit, i, tail;
	size_t room = SIZE - (size_t)(s->tail - s->head);
	void *wp, *wstart;
	size_t size;
	int ret = adx_sink_get_buffer(f->snk, req, &wp, &wstart, &size);

	assert_int_equal(ret, expected_get_error(req, room));
	if (ret)
		return;
	commit = asked < req ? asked : req; /* the documented clamp */
	tail = (size_t)((uint8_t *)wstart + size - (uint8_t *)wp);
	for (i = 0; i < commit; i++) {
		uint8_t v = (uint8_t)rng_next(&rng);

		*((i < tail) ? (uint8_t *)wp + i : (uint8_t *)wstart + (i - tail)) = v;
		s->bytes[(s->tail + i) % sizeof(s->bytes)] = v;
	}
	assert_int_equal(adx_sink_commit_buffer(f->snk, asked), 0);
	s->tail += commit;
}

static void random_consume(struct fixture *f, struct shadow *s)
{
	size_t req = rng_below(&rng, SIZE + 8), release = rng_below(&rng, req + 8), i, tail;
	size_t have = (size_t)(s->tail - s->head);
	const void *rp, *rstart;
	size_t size;
	int ret = adx_source_get_data(f->src, req, &rp, &rstart, &size);

	assert_int_equal(ret, expected_get_error(req, have));
	if (ret)
		return;
	tail = (size_t)((const uint8_t *)rstart + size - (const uint8_t *)rp);
	for (i = 0; i < req; i++) {
		const uint8_t *b = (i < tail) ? (const uint8_t *)rp + i
					      : (const uint8_t *)rstart + (i - tail);

		assert_int_equal(*b, s->bytes[(s->head + i) % sizeof(s->bytes)]);
	}
	assert_int_equal(adx_source_release_data(f->src, release), 0);
	s->head += release < req ? release : req;
}

static void random_copy(struct fixture *f, struct shadow *s, bool produce)
{
	uint8_t buf[SIZE + 8];
	size_t n = rng_below(&rng, sizeof(buf)), i;
	size_t have = (size_t)(s->tail - s->head);

	if (produce) {
		for (i = 0; i < n; i++)
			buf[i] = (uint8_t)rng_next(&rng);
		assert_int_equal(adx_sink_write(f->snk, buf, n),
				 expected_get_error(n, SIZE - have));
		if (n > SIZE - have)
			return;
		for (i = 0; i < n; i++)
			s->bytes[(s->tail + i) % sizeof(s->bytes)] = buf[i];
		s->tail += n;
		return;
	}
	assert_int_equal(adx_source_read(f->src, buf, n), expected_get_error(n, have));
	if (n > have)
		return;
	for (i = 0; i < n; i++)
		assert_int_equal(buf[i], s->bytes[(s->head + i) % sizeof(s->bytes)]);
	s->head += n;
}

static void test_random_operations_match_a_shadow_fifo_byte_for_byte(void **state)
{
	struct fixture *f = *state;
	static struct shadow s;
	unsigned int step;

	memset(&s, 0, sizeof(s));
	for (step = 0; step < 300000; step++) {
		switch (rng_below(&rng, 4)) {
		case 0:
			random_produce(f, &s);
			break;
		case 1:
			random_consume(f, &s);
			break;
		default:
			random_copy(f, &s, rng_below(&rng, 2) == 0);
			break;
		}
		assert_true(adx_ring_buffer_validate(&f->rb));
		assert_int_equal(adx_source_get_data_available(f->src), s.tail - s.head);
		assert_int_equal(adx_sink_get_free_size(f->snk), SIZE - (s.tail - s.head));
	}
	/* The run must have wrapped many times, not idled at the edges. */
	assert_true(s.head > 100u * SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rejects_bad_storage_size_and_params),
		cmocka_unit_test_setup(test_new_buffer_is_empty_with_all_space_free, setup),
		cmocka_unit_test_setup(test_get_data_with_fewer_bytes_stored_is_enodata, setup),
		cmocka_unit_test_setup(test_get_buffer_with_less_space_free_is_enodata, setup),
		cmocka_unit_test_setup(test_second_get_before_release_is_ebusy, setup),
		cmocka_unit_test_setup(test_second_get_buffer_before_commit_is_ebusy, setup),
		cmocka_unit_test_setup(test_request_larger_than_buffer_is_einval_on_both_sides, setup),
		cmocka_unit_test_setup(test_release_or_commit_without_window_is_einval_and_changes_nothing,
				       setup),
		cmocka_unit_test_setup(test_null_arguments_are_einval, setup),
		cmocka_unit_test_setup(test_copy_helpers_pass_on_get_errors_and_move_nothing, setup),
		cmocka_unit_test_setup(test_zero_byte_windows_open_and_close_without_moving_data, setup),
		cmocka_unit_test_setup(test_windows_report_storage_and_wrap_at_its_end, setup),
		cmocka_unit_test_setup(test_window_pointer_stays_inside_storage_at_every_offset, setup),
		cmocka_unit_test_setup(test_release_beyond_window_consumes_only_the_window, setup),
		cmocka_unit_test_setup(test_commit_beyond_window_produces_only_the_window, setup),
		cmocka_unit_test_setup(test_partial_release_and_commit_move_exactly_that_much, setup),
		cmocka_unit_test_setup(test_frame_counts_are_bytes_divided_by_frame_size, setup),
		cmocka_unit_test_setup(test_reset_empties_buffer_and_closes_windows, setup),
		cmocka_unit_test_setup(test_validate_detects_corrupted_positions_and_windows, setup),
		cmocka_unit_test_setup(test_random_operations_match_a_shadow_fifo_byte_for_byte, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
