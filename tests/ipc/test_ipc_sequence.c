// SPDX-License-Identifier: BSD-3-Clause
/*
 * A host driver's PCM life, as messages: hw_params (create pipeline, init
 * host copier / volume / DP pass-through / DAI copier, bind), prepare and
 * trigger (PAUSED, RUNNING), virtual-time ticks, stop and hw_free (PAUSED,
 * RESET, unbind, delete). Audio must come out exactly as the topology says
 * and the heap must end where it began.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "adx/modules/copier.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/volume.h"

#include "ipc_fixture.h"

#define PPL 1u
#define HOST 10u
#define VOL 11u
#define DP 12u
#define DAI 13u
#define IN_FRAMES 2400u
#define OUT_FRAMES 4800u
#define TICKS 100u
#define BUF_FRAMES 192u

static const uint32_t chain[] = { HOST, VOL, DP, DAI };

static void build_topology(struct ipc_fixture *f)
{
	struct adx_dp_passthrough_init dp = { .block_frames = 48, .period_us = 1000,
					      .cycle_cost_ns = 200000 };

	assert_int_equal(fix_create_pipeline(f, PPL, 48, 0), ADX_IPC_OK);
	assert_int_equal(fix_host_copier(f, HOST, PPL), ADX_IPC_OK);
	assert_int_equal(fix_init_instance(f, VOL, PPL, ADX_IPC_MODULE_VOLUME, NULL, 0),
			 ADX_IPC_OK);
	assert_int_equal(fix_init_instance(f, DP, PPL, ADX_IPC_MODULE_DP_PASSTHROUGH,
					   &dp, sizeof(dp)), ADX_IPC_OK);
	assert_int_equal(fix_dai_copier(f, DAI, PPL), ADX_IPC_OK);
	for (size_t i = 0; i + 1 < sizeof(chain) / sizeof(chain[0]); i++)
		assert_int_equal(fix_bind(f, chain[i], chain[i + 1], BUF_FRAMES, 48000, 2,
					  ADX_FMT_S32_LE), ADX_IPC_OK);
}

static void set_half_gain(struct ipc_fixture *f)
{
	struct adx_volume_config half = { .gain_q8_23 = ADX_VOLUME_UNITY_Q8_23 / 2 };
	struct adx_volume_config got;

	assert_int_equal(fix_send(f, ADX_IPC_SET_CONFIG, VOL, ADX_VOLUME_CFG_GAIN,
				  &half, sizeof(half)), ADX_IPC_OK);
	assert_int_equal(fix_send(f, ADX_IPC_GET_CONFIG, VOL, ADX_VOLUME_CFG_GAIN, NULL, 0),
			 ADX_IPC_OK);
	assert_int_equal(f->last.payload_size, sizeof(got));
	memcpy(&got, f->reply + ADX_IPC_HEADER_BYTES, sizeof(got));
	assert_int_equal(got.gain_q8_23, half.gain_q8_23);
}

static void assert_modules_in(struct ipc_fixture *f, enum adx_module_state state)
{
	for (size_t i = 0; i < sizeof(chain) / sizeof(chain[0]); i++)
		assert_int_equal(adx_module_state(adx_ipc_instance_module(&f->ipc, chain[i])),
				 state);
}

/* out = L frames of silence, the input halved, then silence after end of stream. */
static void assert_output(const struct ipc_fixture *f, uint32_t latency)
{
	const int32_t *in = (const int32_t *)f->in.data;
	const int32_t *out = (const int32_t *)f->out.data;

	assert_int_equal(f->out.pos, TICKS * 48);
	for (uint64_t n = 0; n < f->out.pos; n++) {
		for (unsigned int c = 0; c < 2; c++) {
			int32_t want = 0;

			if (n >= latency && n - latency < IN_FRAMES)
				want = in[(n - latency) * 2 + c] / 2;
			assert_int_equal(out[n * 2 + c], want);
		}
	}
}

static void host_driver_sequence_moves_audio_and_releases_everything(void **state)
{
	struct ipc_fixture f;
	const struct adx_copier_stats *dai_stats;
	uint32_t latency;

	(void)state;
	fix_init(&f, 256 * 1024, 0, IN_FRAMES, OUT_FRAMES);
	build_topology(&f);
	set_half_gain(&f);
	assert_modules_in(&f, ADX_MOD_INITIALIZED);

	assert_int_equal(fix_set_state(&f, PPL, ADX_IPC_PPL_PAUSED), ADX_IPC_OK);
	assert_modules_in(&f, ADX_MOD_IDLE);
	latency = adx_ipc_pipeline(&f.ipc, PPL)->latency_frames;
	assert_true(latency > 0);
	assert_int_equal(fix_set_state(&f, PPL, ADX_IPC_PPL_RUNNING), ADX_IPC_OK);
	assert_modules_in(&f, ADX_MOD_RUNNING);
	assert_int_equal(adx_sched_run_ticks(&f.sched, TICKS), 0);

	dai_stats = adx_copier_get_stats(adx_ipc_instance_module(&f.ipc, DAI));
	assert_non_null(dai_stats);
	assert_int_equal(dai_stats->underruns, 0);
	assert_output(&f, latency);

	assert_int_equal(fix_set_state(&f, PPL, ADX_IPC_PPL_PAUSED), ADX_IPC_OK);
	assert_modules_in(&f, ADX_MOD_IDLE);
	assert_int_equal(fix_set_state(&f, PPL, ADX_IPC_PPL_RESET), ADX_IPC_OK);
	assert_modules_in(&f, ADX_MOD_INITIALIZED);

	for (size_t i = 0; i + 1 < sizeof(chain) / sizeof(chain[0]); i++)
		assert_int_equal(fix_send(&f, ADX_IPC_UNBIND, chain[i], chain[i + 1], NULL, 0),
				 ADX_IPC_OK);
	for (size_t i = 0; i < sizeof(chain) / sizeof(chain[0]); i++)
		assert_int_equal(fix_send(&f, ADX_IPC_DELETE_INSTANCE, chain[i], 0, NULL, 0),
				 ADX_IPC_OK);
	assert_int_equal(adx_ipc_pipeline(&f.ipc, PPL)->num_modules, 0);
	assert_int_equal(fix_send(&f, ADX_IPC_DELETE_PIPELINE, PPL, 0, NULL, 0), ADX_IPC_OK);
	fix_assert_heap(&f, 0);
	fix_destroy(&f);
}

/* hw_free as the Linux driver often does it: delete the pipeline with
 * everything still in it, straight from RUNNING. */
static void delete_pipeline_from_running_frees_modules_and_buffers(void **state)
{
	struct ipc_fixture f;

	(void)state;
	fix_init(&f, 256 * 1024, 0, IN_FRAMES, OUT_FRAMES);
	build_topology(&f);
	assert_int_equal(fix_set_state(&f, PPL, ADX_IPC_PPL_RUNNING), ADX_IPC_OK);
	assert_int_equal(adx_sched_run_ticks(&f.sched, 10), 0);
	assert_int_equal(fix_send(&f, ADX_IPC_DELETE_PIPELINE, PPL, 0, NULL, 0), ADX_IPC_OK);
	for (size_t i = 0; i < sizeof(chain) / sizeof(chain[0]); i++)
		assert_null(adx_ipc_instance_module(&f.ipc, chain[i]));
	fix_assert_heap(&f, 0);
	fix_destroy(&f);
}

/* A stream can be re-prepared: RESET -> RUNNING again plays from where the
 * host gateway is, with the pipeline's latency prerolled once more. */
static void pipeline_restarts_after_reset(void **state)
{
	struct ipc_fixture f;

	(void)state;
	fix_init(&f, 256 * 1024, 0, IN_FRAMES, OUT_FRAMES);
	build_topology(&f);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(fix_set_state(&f, PPL, ADX_IPC_PPL_RUNNING), ADX_IPC_OK);
		assert_int_equal(adx_sched_run_ticks(&f.sched, 5), 0);
		assert_int_equal(fix_set_state(&f, PPL, ADX_IPC_PPL_RESET), ADX_IPC_OK);
		assert_modules_in(&f, ADX_MOD_INITIALIZED);
	}
	assert_int_equal(f.out.pos, 15 * 48);
	fix_destroy(&f);
}

/* UNBIND then BIND again in RESET: the rebuilt chain plays audio correctly. */
static void rebind_after_unbind_restores_the_chain(void **state)
{
	struct ipc_fixture f;
	uint32_t latency;

	(void)state;
	fix_init(&f, 256 * 1024, 0, IN_FRAMES, OUT_FRAMES);
	build_topology(&f);
	set_half_gain(&f);
	assert_int_equal(fix_send(&f, ADX_IPC_UNBIND, VOL, DP, NULL, 0), ADX_IPC_OK);
	assert_int_equal(adx_ipc_instance_module(&f.ipc, VOL)->num_sinks, 0);
	assert_int_equal(adx_ipc_instance_module(&f.ipc, DP)->num_sources, 0);
	assert_int_equal(fix_bind(&f, VOL, DP, BUF_FRAMES, 48000, 2, ADX_FMT_S32_LE),
			 ADX_IPC_OK);
	assert_int_equal(fix_set_state(&f, PPL, ADX_IPC_PPL_RUNNING), ADX_IPC_OK);
	latency = adx_ipc_pipeline(&f.ipc, PPL)->latency_frames;
	assert_int_equal(adx_sched_run_ticks(&f.sched, TICKS), 0);
	assert_output(&f, latency);
	fix_destroy(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(host_driver_sequence_moves_audio_and_releases_everything),
		cmocka_unit_test(delete_pipeline_from_running_frees_modules_and_buffers),
		cmocka_unit_test(pipeline_restarts_after_reset),
		cmocka_unit_test(rebind_after_unbind_restores_the_chain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
