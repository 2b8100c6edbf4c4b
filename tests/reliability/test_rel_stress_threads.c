// SPDX-License-Identifier: BSD-3-Clause
/*
 * Threaded stress (issue 6 item 6; label "tsan": run it in a
 * -DADX_SANITIZE=thread build, `make check-tsan`). Real LL and DP threads,
 * free-running; the control thread (this one) throws random host-driver
 * work at two DAX pipelines sharing one engine region (SHARED policy) and
 * at a notification stream that comes and goes:
 *   endpoint switches (stop + reset one DAX pipeline, prepare + start the
 *   other), run-time device changes, control storms, tuning loads, resets,
 *   frees (a whole pipeline destroyed and rebuilt), notification streams
 *   created and destroyed (their allocations interleave with the rest).
 * Until at least 10,000 DAX DP cycles have run (--deep: 200,000). Checked:
 * pipeline A runs DAX disabled (bit-exact, delayed) on a ramp, and its DAI
 * output, like the notification's, must continue the ramp frame by frame,
 * except across a reset, where the buffered frames are dropped once
 * (never a frame twice, never out of order, never torn); the module's
 * tripwires (released memory reached a cycle, two users of one engine)
 * stay 0; nothing leaks; the heap validates. TSan must report nothing.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/modules/dax.h"
#include "adx/dsp/tuning.h"
#include "adx/audio/pipeline.h"
#include "adx/platform/platform.h"
#include "adx/modules/copier.h"
#include "adx/modules/gateway.h"
#include "adx/modules/volume.h"
#include "rel_ramp.h"

#define HEAP_BYTES (1536u * 1024u)
#define PERIOD 48u

enum { PPL_A, PPL_B, PPL_N, PPL_COUNT };

struct stress {
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_mutex heap_lock;
	struct adx_sched sched;
	struct adx_pipeline ppl[PPL_COUNT];
	struct adx_module *dax[2];
	bool exists[PPL_COUNT];
	bool running[PPL_COUNT];
	struct rel_ramp ramp[PPL_COUNT];
	uint64_t dp_cycles_done;    /* cycles of destroyed DAX instances */
	uint64_t ops, switches, storms, tunings, resets, frees, notifications;
	uint32_t seed;
};

static uint32_t rnd(struct stress *s)
{
	s->seed = s->seed * 1103515245u + 12345u;
	return s->seed >> 8;
}

static void heap_lock(void *ctx)
{
	adx_mutex_lock(ctx);
}

static void heap_unlock(void *ctx)
{
	adx_mutex_unlock(ctx);
}

static int set_u32(struct adx_module *mod, uint32_t id, uint32_t value)
{
	uint8_t le[4] = { (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
			  (uint8_t)(value >> 24) };

	return adx_module_set_configuration(mod, id, ADX_CFG_SINGLE, 4, le, 4);
}

static void build(struct stress *s, int which)
{
	static const char *const names[] = { "dax-a", "dax-b", "notify" };
	struct adx_stream_params p = { .rate = 48000, .channels = 2, .format = ADX_FMT_S32_LE };
	struct adx_host_copier_init hi = { (uint32_t)(2 * which) };
	struct adx_dai_copier_init di = { (uint32_t)(2 * which + 1) };
	struct adx_dax_init init = { .policy = ADX_DAX_POLICY_SHARED, .max_channels = 2,
				     .device = which == PPL_A ? ADX_DAX_DEVICE_SPEAKER
							      : ADX_DAX_DEVICE_HEADPHONE };
	struct adx_pipeline *ppl = &s->ppl[which];
	struct adx_module *host, *mid, *dai;

	assert_int_equal(adx_pipeline_create(ppl, (uint32_t)which, names[which], s->heap,
					     &s->sched, PERIOD), 0);
	assert_int_equal(adx_pipeline_add_module(ppl, &adx_host_copier_driver, "host", &hi,
						 sizeof(hi), &host), 0);
	if (which == PPL_N)
		assert_int_equal(adx_pipeline_add_module(ppl, &adx_volume_driver, "vol", NULL, 0,
							 &mid), 0);
	else
		assert_int_equal(adx_pipeline_add_module(ppl, &adx_dax_driver, "dax", &init,
							 sizeof(init), &mid), 0);
	assert_int_equal(adx_pipeline_add_module(ppl, &adx_dai_copier_driver, "dai", &di,
						 sizeof(di), &dai), 0);
	assert_int_equal(adx_pipeline_connect(ppl, host, mid, &p, 4 * PERIOD), 0);
	assert_int_equal(adx_pipeline_connect(ppl, mid, dai, &p, 4 * PERIOD), 0);
	if (which == PPL_A)
		assert_int_equal(set_u32(mid, ADX_DAX_CFG_ENABLE, 0), 0); /* bit-exact ramp */
	if (which != PPL_N)
		s->dax[which] = mid;
	s->exists[which] = true;
	rel_ramp_flush(&s->ramp[which]);
}

static void start(struct stress *s, int which)
{
	assert_int_equal(adx_pipeline_set_state(&s->ppl[which], ADX_PPL_PAUSED), 0);
	assert_int_equal(adx_pipeline_set_state(&s->ppl[which], ADX_PPL_RUNNING), 0);
	s->running[which] = true;
}

static void check_tripwires(struct adx_module *dax)
{
	struct adx_dax_stats st;

	assert_int_equal(adx_dax_get_stats(dax, &st), 0);
	assert_int_equal(st.poisoned_engine_seen, 0);
	assert_int_equal(st.ownership_violations, 0);
}

static void stop(struct stress *s, int which)
{
	assert_int_equal(adx_pipeline_set_state(&s->ppl[which], ADX_PPL_RESET), 0);
	rel_ramp_flush(&s->ramp[which]);
	s->running[which] = false;
}

static void destroy(struct stress *s, int which)
{
	if (which != PPL_N) {
		/* Task stats are read after a drain (sched.h orders the writes then). */
		assert_int_equal(adx_sched_drain(&s->sched, 2000000000ull), 0);
		check_tripwires(s->dax[which]);
		s->dp_cycles_done += adx_module_dp_task(s->dax[which])->stats.cycles;
	}
	assert_int_equal(adx_pipeline_destroy(&s->ppl[which]), 0);
	s->exists[which] = false;
	s->running[which] = false;
	if (which != PPL_N)
		s->dax[which] = NULL;
}

static uint64_t dp_cycles(struct stress *s)
{
	uint64_t n = s->dp_cycles_done;

	assert_int_equal(adx_sched_drain(&s->sched, 2000000000ull), 0);
	for (int i = 0; i < 2; i++)
		if (s->dax[i])
			n += adx_module_dp_task(s->dax[i])->stats.cycles;
	return n;
}

static void tuning_blob(uint8_t *blob, float ceiling)
{
	uint32_t words[5] = { ADX_TUNING_LIMITER, 20, ADX_TUNING_ANY, ADX_TUNING_ANY, 0 };

	memcpy(&words[4], &ceiling, 4);
	memcpy(blob, words, sizeof(words));
}

static void one_op(struct stress *s)
{
	int a = (int)(rnd(s) % 2), other = 1 - a;
	uint8_t blob[20];

	s->ops++;
	switch (rnd(s) % 8) {
	case 0: /* endpoint switch: the discussion's story */
	case 1:
		if (s->running[a])
			stop(s, a);
		if (!s->running[other])
			start(s, other);
		s->switches++;
		break;
	case 2: /* run-time device change: ownership re-ranks */
		assert_int_equal(set_u32(s->dax[a], ADX_DAX_CFG_DEVICE, rnd(s) % 2), 0);
		break;
	case 3: /* control storm on the processing pipeline */
		for (int i = 0; i < 16; i++) {
			assert_int_equal(set_u32(s->dax[PPL_B], ADX_DAX_CFG_PROFILE, rnd(s) % 4), 0);
			assert_int_equal(set_u32(s->dax[PPL_B], ADX_DAX_CFG_VOLUME, rnd(s)), 0);
			assert_int_equal(set_u32(s->dax[PPL_B], ADX_DAX_CFG_CTC_ENABLE, rnd(s) % 2), 0);
		}
		s->storms++;
		break;
	case 4:
		tuning_blob(blob, -(float)(rnd(s) % 12));
		assert_int_equal(adx_module_set_configuration(s->dax[PPL_B], ADX_DAX_CFG_TUNING,
							      ADX_CFG_SINGLE, 20, blob, 20), 0);
		s->tunings++;
		break;
	case 5: /* reset and back, on a running pipeline */
		if (s->running[a]) {
			stop(s, a);
			start(s, a);
			s->resets++;
		}
		break;
	case 6: /* free: the whole pipeline goes and comes back */
		destroy(s, a);
		build(s, a);
		if (rnd(s) % 2)
			start(s, a);
		s->frees++;
		break;
	default: /* a notification stream opens or closes */
		if (s->exists[PPL_N]) {
			destroy(s, PPL_N);
		} else {
			build(s, PPL_N);
			start(s, PPL_N);
			s->notifications++;
		}
		break;
	}
}

static void check_ramp(const char *name, struct rel_ramp *r)
{
	uint64_t frames = atomic_load(&r->frames_out);

	printf("RELIABILITY stress ramp %s: frames=%llu lost=%llu duplicated=%llu corrupt=%llu "
	       "flushes=%llu\n", name, (unsigned long long)frames,
	       (unsigned long long)atomic_load(&r->lost),
	       (unsigned long long)atomic_load(&r->duplicated),
	       (unsigned long long)atomic_load(&r->corrupt),
	       (unsigned long long)atomic_load(&r->flushes));
	assert_int_equal(atomic_load(&r->lost), 0);
	assert_int_equal(atomic_load(&r->duplicated), 0);
	assert_int_equal(atomic_load(&r->corrupt), 0);
}

static uint64_t target_cycles = 10000;

static void random_host_work_on_real_threads_keeps_audio_and_memory_intact(void **state)
{
	static struct stress s;
	struct adx_sched_config cfg = { .mode = ADX_EXEC_THREADS, .tick_us = 1000,
					.dp_wait_ns = 50000000 };
	struct adx_heap_stats st;
	uint64_t cycles = 0, t0 = adx_clock_now_ns();

	(void)state;
	memset(&s, 0, sizeof(s));
	s.seed = 12345;
	s.arena = aligned_alloc(64, HEAP_BYTES);
	assert_non_null(s.arena);
	s.heap = adx_heap_init_tlsf(s.arena, HEAP_BYTES);
	assert_non_null(s.heap);
	assert_int_equal(adx_mutex_init(&s.heap_lock), 0);
	adx_heap_set_lock(s.heap, heap_lock, heap_unlock, &s.heap_lock);
	assert_int_equal(adx_sched_init(&s.sched, &cfg), 0);
	for (int i = 0; i < PPL_COUNT; i++)
		assert_int_equal(rel_ramp_init(&s.ramp[i], (uint32_t)(2 * i), (uint32_t)(2 * i + 1)), 0);
	build(&s, PPL_A);
	build(&s, PPL_B);
	start(&s, PPL_A);
	start(&s, PPL_B);
	while (cycles < target_cycles) {
		assert_int_equal(adx_sched_run_ticks(&s.sched, 1 + rnd(&s) % 12), 0);
		one_op(&s);
		if (s.ops % 64 == 0) {
			cycles = dp_cycles(&s);
			assert_int_equal(adx_heap_validate(s.heap), 0);
		}
	}
	for (int i = PPL_COUNT - 1; i >= 0; i--)
		if (s.exists[i])
			destroy(&s, i);
	adx_sched_destroy(&s.sched);
	printf("RELIABILITY stress threads: dp_cycles=%llu ops=%llu switches=%llu storms=%llu "
	       "tunings=%llu resets=%llu frees=%llu notifications=%llu seconds=%.1f\n",
	       (unsigned long long)cycles, (unsigned long long)s.ops,
	       (unsigned long long)s.switches, (unsigned long long)s.storms,
	       (unsigned long long)s.tunings, (unsigned long long)s.resets,
	       (unsigned long long)s.frees, (unsigned long long)s.notifications,
	       (double)(adx_clock_now_ns() - t0) / 1e9);
	check_ramp("dax-a", &s.ramp[PPL_A]);
	check_ramp("notify", &s.ramp[PPL_N]);
	assert_true(atomic_load(&s.ramp[PPL_A].frames_out) > 0);
	assert_int_equal(adx_heap_validate(s.heap), 0);
	adx_heap_get_stats(s.heap, &st);
	assert_int_equal(st.used_blocks, 0);
	assert_int_equal(adx_dax_shared_release(), 0);
	for (int i = 0; i < 2 * PPL_COUNT; i++)
		adx_gateway_unregister((uint32_t)i);
	adx_heap_retire(s.heap);
	adx_mutex_destroy(&s.heap_lock);
	free(s.arena);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_host_work_on_real_threads_keeps_audio_and_memory_intact),
	};

	if (argc > 1 && !strcmp(argv[1], "--deep"))
		target_cycles = 200000;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
