// SPDX-License-Identifier: BSD-3-Clause
/*
 * The bare port's coroutine switch: state kept across yields (callee-saved
 * integer and FPU registers), nesting, finishing, and the stack-paint high
 * water growing with the depth actually used.
 */
#include <stdio.h>
#include <string.h>

#include "adx/platform/bare/coro_stack.h"
#include "adx/platform/platform.h"
#include "target_tests.h"

struct counter_ctx {
	int steps;
	float acc;
};

static void counting_entry(void *arg)
{
	struct counter_ctx *ctx = arg;
	float local = 0.5f;

	for (int i = 0; i < 3; i++) {
		ctx->steps++;
		local *= 2.0f; /* lives in an FPU register across the yield */
		adx_coro_yield();
	}
	ctx->acc = local;
}

static bool coro_keeps_state_across_yields(void)
{
	struct counter_ctx ctx = { 0 };
	struct adx_coro *coro;

	TB_CHECK(adx_coro_create(&coro, 0, counting_entry, &ctx) == 0);
	for (int i = 1; i <= 3; i++) {
		adx_coro_resume(coro);
		TB_CHECK(ctx.steps == i);
		TB_CHECK(!adx_coro_finished(coro));
		TB_CHECK(adx_coro_current() == NULL);
	}
	adx_coro_resume(coro);
	TB_CHECK(adx_coro_finished(coro));
	TB_CHECK(ctx.acc == 4.0f);
	adx_coro_destroy(coro);
	return true;
}

struct nest_ctx {
	struct adx_coro *inner;
	struct adx_coro *seen_inside_inner;
	int order[4];
	int n;
};

static void inner_entry(void *arg)
{
	struct nest_ctx *ctx = arg;

	ctx->seen_inside_inner = adx_coro_current();
	ctx->order[ctx->n++] = 2;
	adx_coro_yield();
	ctx->order[ctx->n++] = 4;
}

static void outer_entry(void *arg)
{
	struct nest_ctx *ctx = arg;

	ctx->order[ctx->n++] = 1;
	adx_coro_resume(ctx->inner);
	ctx->order[ctx->n++] = 3;
	adx_coro_resume(ctx->inner);
}

static bool coro_nests_and_yields_to_its_resumer(void)
{
	struct nest_ctx ctx = { 0 };
	struct adx_coro *outer;

	TB_CHECK(adx_coro_create(&ctx.inner, 0, inner_entry, &ctx) == 0);
	TB_CHECK(adx_coro_create(&outer, 0, outer_entry, &ctx) == 0);
	adx_coro_resume(outer);
	TB_CHECK(adx_coro_finished(outer));
	TB_CHECK(adx_coro_finished(ctx.inner));
	TB_CHECK(ctx.seen_inside_inner == ctx.inner);
	TB_CHECK(ctx.n == 4);
	for (int i = 0; i < 4; i++)
		TB_CHECK(ctx.order[i] == i + 1);
	adx_coro_destroy(outer);
	adx_coro_destroy(ctx.inner);
	return true;
}

static void deep_entry(void *arg)
{
	volatile uint8_t frame[2048];
	size_t *depth = arg;

	memset((void *)frame, 0x5a, sizeof(frame));
	*depth = frame[*depth % sizeof(frame)];
}

static void shallow_entry(void *arg)
{
	(void)arg;
}

static bool coro_high_water_tracks_stack_use(void)
{
	struct adx_coro *deep, *shallow;
	size_t depth = 7;

	TB_CHECK(adx_coro_create(&deep, 8192, deep_entry, &depth) == 0);
	TB_CHECK(adx_coro_create(&shallow, 8192, shallow_entry, NULL) == 0);
	adx_coro_resume(deep);
	adx_coro_resume(shallow);
	TB_CHECK(adx_bare_coro_stack_high_water(deep) >= 2048);
	TB_CHECK(adx_bare_coro_stack_high_water(deep) < adx_bare_coro_stack_size(deep));
	TB_CHECK(adx_bare_coro_stack_high_water(shallow) < 512);
	printf("  high water: deep %u B, shallow %u B of %u B\n",
	       (unsigned)adx_bare_coro_stack_high_water(deep),
	       (unsigned)adx_bare_coro_stack_high_water(shallow),
	       (unsigned)adx_bare_coro_stack_size(deep));
	adx_coro_destroy(deep);
	adx_coro_destroy(shallow);
	return true;
}

static bool clock_is_monotonic_and_ticks(void)
{
	uint64_t start = adx_clock_now_ns();
	uint64_t prev = start;

	/* Not a duration check: only that time moves forward, never back. */
	for (int i = 0; i < 10000; i++) {
		uint64_t now = adx_clock_now_ns();

		TB_CHECK(now >= prev);
		prev = now;
	}
	adx_sleep_until_ns(start + 2000000u);
	TB_CHECK(adx_clock_now_ns() >= start + 2000000u);
	return true;
}

const struct tb_target_test tb_target_port_tests[] = {
	{ "coro_keeps_state_across_yields", coro_keeps_state_across_yields },
	{ "coro_nests_and_yields_to_its_resumer", coro_nests_and_yields_to_its_resumer },
	{ "coro_high_water_tracks_stack_use", coro_high_water_tracks_stack_use },
	{ "clock_is_monotonic_and_ticks", clock_is_monotonic_and_ticks },
};
const unsigned tb_target_port_test_count =
	sizeof(tb_target_port_tests) / sizeof(tb_target_port_tests[0]);
