// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sizes that can never play are refused with the sizes named (issue 11,
 * item 9): a buffer smaller than one LL period is refused at bind, and a
 * DP module whose block is larger than one of its buffers is refused at
 * prepare. Both used to bind and prepare fine and then play silence for
 * ever, as the DP task never became ready. (Sizes that fit are the rest
 * of the suite: every pipeline test prepares through the same check.)
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/audio/pipeline.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/platform/log.h"

#define PERIOD 48u

struct world {
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_sched sched;
	struct adx_pipeline ppl;
	struct adx_module *a, *b;
	struct adx_stream_params params;
	char last_error[256];
};

static void keep_errors(void *ctx, enum adx_log_level level, const char *component,
			const char *line)
{
	struct world *w = ctx;

	(void)component;
	if (level == ADX_LOG_ERROR)
		snprintf(w->last_error, sizeof(w->last_error), "%s", line);
}

static void world_begin(struct world *w, uint32_t block_a, uint32_t block_b)
{
	struct adx_sched_config cfg = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };
	struct adx_dp_passthrough_init ia = { .block_frames = block_a, .period_us = 1000,
					      .cycle_cost_ns = 1000 };
	struct adx_dp_passthrough_init ib = { .block_frames = block_b, .period_us = 1000,
					      .cycle_cost_ns = 1000 };

	memset(w, 0, sizeof(*w));
	w->arena = aligned_alloc(64, 256 * 1024);
	assert_non_null(w->arena);
	w->heap = adx_heap_init_tlsf(w->arena, 256 * 1024);
	assert_non_null(w->heap);
	assert_int_equal(adx_sched_init(&w->sched, &cfg), 0);
	assert_int_equal(adx_pipeline_create(&w->ppl, 1, "ppl", w->heap, &w->sched, PERIOD), 0);
	assert_int_equal(adx_pipeline_add_module(&w->ppl, &adx_dp_passthrough_driver, "a", &ia,
						 sizeof(ia), &w->a), 0);
	assert_int_equal(adx_pipeline_add_module(&w->ppl, &adx_dp_passthrough_driver, "b", &ib,
						 sizeof(ib), &w->b), 0);
	w->params = (struct adx_stream_params){ .rate = 48000, .channels = 2,
						.format = ADX_FMT_S16_LE };
	adx_log_set_sink(keep_errors, w);
}

static void world_end(struct world *w)
{
	adx_log_set_sink(NULL, NULL);
	assert_int_equal(adx_pipeline_destroy(&w->ppl), 0);
	adx_sched_destroy(&w->sched);
	adx_heap_retire(w->heap);
	free(w->arena);
}

static void buffer_smaller_than_a_period_is_refused_at_bind(void **state)
{
	struct world w;

	(void)state;
	world_begin(&w, PERIOD, PERIOD);
	assert_int_equal(adx_pipeline_connect(&w.ppl, w.a, w.b, &w.params, PERIOD - 1), -EINVAL);
	assert_non_null(strstr(w.last_error, "a -> b of 47 frames"));
	assert_non_null(strstr(w.last_error, "one period (48 frames)"));
	assert_int_equal(adx_pipeline_connect(&w.ppl, w.a, w.b, &w.params, PERIOD), 0);
	world_end(&w);
}

static void dp_input_block_larger_than_its_buffer_is_refused_at_prepare(void **state)
{
	struct world w;

	(void)state;
	world_begin(&w, PERIOD, 4 * PERIOD);
	assert_int_equal(adx_pipeline_connect(&w.ppl, w.a, w.b, &w.params, 2 * PERIOD), 0);
	assert_int_equal(adx_pipeline_set_state(&w.ppl, ADX_PPL_PAUSED), -EINVAL);
	assert_non_null(strstr(w.last_error, "holds 96 frames, less than b's block of 192"));
	assert_int_equal(w.ppl.state, ADX_PPL_RESET);
	assert_int_equal(adx_module_state(w.b), ADX_MOD_INITIALIZED);
	world_end(&w);
}

static void dp_output_block_larger_than_its_buffer_is_refused_at_prepare(void **state)
{
	struct world w;

	(void)state;
	world_begin(&w, 4 * PERIOD, PERIOD);
	assert_int_equal(adx_pipeline_connect(&w.ppl, w.a, w.b, &w.params, 3 * PERIOD), 0);
	assert_int_equal(adx_pipeline_set_state(&w.ppl, ADX_PPL_PAUSED), -EINVAL);
	assert_non_null(strstr(w.last_error, "holds 144 frames, less than a's block of 192"));
	world_end(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buffer_smaller_than_a_period_is_refused_at_bind),
		cmocka_unit_test(dp_input_block_larger_than_its_buffer_is_refused_at_prepare),
		cmocka_unit_test(dp_output_block_larger_than_its_buffer_is_refused_at_prepare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
