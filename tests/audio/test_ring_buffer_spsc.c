// SPDX-License-Identifier: BSD-3-Clause
/*
 * Ring buffer, two threads: a producer writes an ascending counter, one
 * sample at a time, in chunks of random size; a consumer on another thread
 * reads chunks of other random sizes and checks that every counter value
 * arrives exactly once and in order. Both sides mix the window API (with
 * partial commits/releases) and the copy helpers. Run under
 * -DADX_SANITIZE=thread, this is the test of the acquire/release protocol.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adx/audio/buffer.h"
#include "rng.h"

enum {
	CHANNELS = 2,
	FRAME_BYTES = CHANNELS * (int)sizeof(int32_t),
	RING_FRAMES = 97,          /* not a power of two: wraps at odd offsets */
	MAX_CHUNK_FRAMES = 40,
	TOTAL_SAMPLES = 2000000,   /* a multiple of CHANNELS */
};

struct side {
	struct adx_ring_buffer *rb;
	struct adx_sink *sink;      /* producer's end */
	struct adx_source *source;  /* consumer's end */
	struct rng rng;
	uint32_t samples_done;
	uint32_t busy_waits;      /* times the other side had to catch up */
	int32_t first_bad_value;  /* consumer: value seen where next was due */
	uint32_t first_bad_index; /* consumer: UINT32_MAX if all in order */
	int error;                /* unexpected return code, 0 if none */
};

static uint32_t side_below(struct side *s, uint32_t n)
{
	return (uint32_t)rng_below(&s->rng, n);
}

static uint32_t chunk_frames(struct side *s, uint32_t samples_left)
{
	uint32_t frames = 1 + side_below(s, MAX_CHUNK_FRAMES);
	uint32_t left = samples_left / CHANNELS;

	return frames < left ? frames : left;
}

/* Byte offset from the storage start of sample i of a window, wrapped. */
static size_t sample_offset(const void *ptr, const void *start, size_t size, uint32_t i)
{
	size_t off = (size_t)((const uint8_t *)ptr - (const uint8_t *)start);

	return (off + i * sizeof(int32_t)) % size;
}

/* Writes `frames` via a window, committing a random whole-frame prefix. */
static int produce_window(struct side *s, uint32_t frames)
{
	void *ptr, *start;
	size_t size;
	uint32_t i, keep = 1 + side_below(s, frames);
	int ret = adx_sink_get_buffer(s->sink, (size_t)frames * FRAME_BYTES, &ptr, &start, &size);

	if (ret)
		return ret;
	for (i = 0; i < frames * CHANNELS; i++)
		*(int32_t *)((uint8_t *)start + sample_offset(ptr, start, size, i)) =
			(int32_t)(s->samples_done + i);
	s->samples_done += keep * CHANNELS;
	return adx_sink_commit_buffer(s->sink, (size_t)keep * FRAME_BYTES);
}

static int produce_copy(struct side *s, uint32_t frames)
{
	int32_t buf[MAX_CHUNK_FRAMES * CHANNELS];
	uint32_t i;
	int ret;

	for (i = 0; i < frames * CHANNELS; i++)
		buf[i] = (int32_t)(s->samples_done + i);
	ret = adx_sink_write(s->sink, buf, (size_t)frames * FRAME_BYTES);
	if (!ret)
		s->samples_done += frames * CHANNELS;
	return ret;
}

typedef int (*move_fn)(struct side *s, uint32_t frames);

/*
 * One side's thread: moves every sample in chunks of random size, each by
 * window or by copy at random. -ENODATA means the other side has to catch
 * up first; any other error ends the side.
 */
static void move_all(struct side *s, move_fn by_window, move_fn by_copy)
{
	while (s->samples_done < TOTAL_SAMPLES) {
		uint32_t frames = chunk_frames(s, TOTAL_SAMPLES - s->samples_done);
		int ret = side_below(s, 2) ? by_window(s, frames) : by_copy(s, frames);

		if (ret == -ENODATA) {
			s->busy_waits++;
			sched_yield();
		} else if (ret) {
			s->error = ret;
			break;
		}
	}
}

static void *producer(void *arg)
{
	struct side *s = arg;

	s->sink = adx_ring_buffer_sink(s->rb);
	move_all(s, produce_window, produce_copy);
	return NULL;
}

static void check_sample(struct side *s, int32_t value, uint32_t index)
{
	if (value != (int32_t)index && s->first_bad_index == UINT32_MAX) {
		s->first_bad_index = index;
		s->first_bad_value = value;
	}
}

/* Reads `frames` via a window, releasing a random whole-frame prefix. */
static int consume_window(struct side *s, uint32_t frames)
{
	const void *ptr, *start;
	size_t size;
	uint32_t i, keep = 1 + side_below(s, frames);
	int ret = adx_source_get_data(s->source, (size_t)frames * FRAME_BYTES, &ptr, &start,
				      &size);

	if (ret)
		return ret;
	/* Check only what is released: the rest is read again next time. */
	for (i = 0; i < keep * CHANNELS; i++) {
		const uint8_t *at = (const uint8_t *)start + sample_offset(ptr, start, size, i);

		check_sample(s, *(const int32_t *)at, s->samples_done + i);
	}
	s->samples_done += keep * CHANNELS;
	return adx_source_release_data(s->source, (size_t)keep * FRAME_BYTES);
}

static int consume_copy(struct side *s, uint32_t frames)
{
	int32_t buf[MAX_CHUNK_FRAMES * CHANNELS];
	uint32_t i;
	int ret = adx_source_read(s->source, buf, (size_t)frames * FRAME_BYTES);

	if (ret)
		return ret;
	for (i = 0; i < frames * CHANNELS; i++)
		check_sample(s, buf[i], s->samples_done + i);
	s->samples_done += frames * CHANNELS;
	return 0;
}

static void *consumer(void *arg)
{
	struct side *s = arg;

	s->source = adx_ring_buffer_source(s->rb);
	move_all(s, consume_window, consume_copy);
	return NULL;
}

static void test_two_threads_deliver_every_sample_once_in_order(void **state)
{
	static int32_t storage[RING_FRAMES * CHANNELS];
	const struct adx_stream_params params = { 48000, CHANNELS, ADX_FMT_S32_LE };
	struct adx_ring_buffer rb;
	struct side prod = { .rb = &rb, .rng = { 0x853c49e6748fea9bu } };
	struct side cons = { .rb = &rb, .rng = { 0xda3e39cb94b95bdbu },
			     .first_bad_index = UINT32_MAX };
	pthread_t tp, tc;

	(void)state;
	assert_int_equal(adx_ring_buffer_init(&rb, storage, sizeof(storage), &params), 0);
	assert_int_equal(pthread_create(&tc, NULL, consumer, &cons), 0);
	assert_int_equal(pthread_create(&tp, NULL, producer, &prod), 0);
	assert_int_equal(pthread_join(tp, NULL), 0);
	assert_int_equal(pthread_join(tc, NULL), 0);

	assert_int_equal(prod.error, 0);
	assert_int_equal(cons.error, 0);
	if (cons.first_bad_index != UINT32_MAX)
		fail_msg("sample %u arrived as %d", cons.first_bad_index, cons.first_bad_value);
	assert_int_equal(prod.samples_done, TOTAL_SAMPLES);
	assert_int_equal(cons.samples_done, TOTAL_SAMPLES);
	assert_int_equal(adx_source_get_data_available(adx_ring_buffer_source(&rb)), 0);
	assert_true(adx_ring_buffer_validate(&rb));
	print_message("waits for the other side: producer %u, consumer %u\n",
		      prod.busy_waits, cons.busy_waits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_threads_deliver_every_sample_once_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
