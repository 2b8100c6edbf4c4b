// SPDX-License-Identifier: BSD-3-Clause
/*
 * IPC messages that wait for a DP cycle, under an overrun (issue 11, items
 * 2, 3 and 4's host-STOP case), on the threads executor. The victim is a
 * pipeline of two stall modules, A -> B, joined by one buffer; the
 * fixture's hog holds the DSP core so the victim's cycles and posted ops
 * cannot run before the op timeout. Each case checks the reply tells the
 * truth (TIMEOUT, not OK), that nothing the cycle may touch was released,
 * and that the host's retry, once the core is free, succeeds.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "adx/ipc/ipc.h"
#include "timeout_fixture.h"

#define STALL_TYPE_ID 0x200u
#define PPL 1u
#define INST_A 1u
#define INST_B 2u
#define BUFFER_FRAMES 192u

struct world {
	struct to_fixture f;
	struct adx_ipc ipc;
	struct stall_control ctl[2];
	struct stall_control *ctl_ptr[2];
	uint8_t msg[ADX_IPC_MAILBOX_BYTES];
	uint8_t reply[ADX_IPC_MAILBOX_BYTES];
};

static uint32_t send(struct world *w, uint32_t type, uint32_t target, uint32_t ext,
		     const void *payload, uint32_t payload_size)
{
	struct adx_ipc_msg_header hdr = { .type = type, .target = target, .extension = ext,
					  .payload_size = payload_size };
	struct adx_ipc_reply_header answer;
	size_t size = adx_ipc_build(w->msg, sizeof(w->msg), &hdr, payload);
	size_t reply_size;

	assert_int_not_equal(size, 0);
	assert_int_equal(adx_ipc_process(&w->ipc, w->msg, size, w->reply, sizeof(w->reply),
					 &reply_size), 0);
	assert_int_equal(adx_ipc_read_reply(w->reply, reply_size, &answer), 0);
	return answer.status;
}

static void put_words(uint8_t *out, const uint32_t *words, size_t count)
{
	for (size_t i = 0; i < count; i++)
		adx_ipc_put_u32(out + 4 * i, words[i]);
}

static void add_stall(struct world *w, uint32_t instance, int which)
{
	uint8_t payload[4 + sizeof(w->ctl_ptr[0])];

	w->ctl_ptr[which] = &w->ctl[which];
	adx_ipc_put_u32(payload, STALL_TYPE_ID);
	memcpy(payload + 4, &w->ctl_ptr[which], sizeof(w->ctl_ptr[which]));
	assert_int_equal(send(w, ADX_IPC_INIT_INSTANCE, instance, PPL, payload, sizeof(payload)),
			 ADX_IPC_OK);
	adx_module_set_op_timeout(w->ipc.instances[instance].mod, TO_RELAXED_TIMEOUT_NS);
}

/* The victim's op timeout: short only for a message the hog makes time out. */
static void victim_timeout(struct world *w, uint64_t timeout_ns)
{
	adx_module_set_op_timeout(w->ipc.instances[INST_A].mod, timeout_ns);
	adx_module_set_op_timeout(w->ipc.instances[INST_B].mod, timeout_ns);
}

static uint32_t send_under_hog(struct world *w, uint32_t type, uint32_t ext)
{
	uint32_t status;

	victim_timeout(w, TO_OP_TIMEOUT_NS);
	status = send(w, type, PPL, ext, NULL, 0);
	victim_timeout(w, TO_RELAXED_TIMEOUT_NS);
	return status;
}

static uint32_t set_state(struct world *w, uint32_t state)
{
	return send(w, ADX_IPC_SET_PIPELINE_STATE, PPL, state, NULL, 0);
}

static uint32_t unbind(struct world *w)
{
	return send(w, ADX_IPC_UNBIND, INST_A, INST_B, NULL, 0);
}

static void world_begin(struct world *w, uint32_t flags)
{
	uint32_t create[] = { 48, flags };
	uint32_t bind[] = { BUFFER_FRAMES, 48000, 2, ADX_FMT_S32_LE };
	uint8_t payload[16];
	struct adx_ipc_config cfg;

	memset(w, 0, sizeof(*w));
	to_init(&w->f, 512 * 1024);
	cfg = (struct adx_ipc_config){ .heap = w->f.heap, .sched = &w->f.sched };
	assert_int_equal(adx_ipc_init(&w->ipc, &cfg), 0);
	assert_int_equal(adx_ipc_register_module_type(&w->ipc, STALL_TYPE_ID,
						      &stall_dp_driver), 0);
	stall_init(&w->ctl[0]);
	stall_init(&w->ctl[1]);
	put_words(payload, create, 2);
	assert_int_equal(send(w, ADX_IPC_CREATE_PIPELINE, PPL, 0, payload, 8), ADX_IPC_OK);
	add_stall(w, INST_A, 0);
	add_stall(w, INST_B, 1);
	put_words(payload, bind, 4);
	assert_int_equal(send(w, ADX_IPC_BIND, INST_A, INST_B, payload, 16), ADX_IPC_OK);
}

static void world_end(struct world *w)
{
	assert_int_equal(adx_ipc_free(&w->ipc), 0);
	to_destroy(&w->f);
	stall_destroy(&w->ctl[0]);
	stall_destroy(&w->ctl[1]);
}

static void start_running(struct world *w)
{
	assert_int_equal(set_state(w, ADX_IPC_PPL_PAUSED), ADX_IPC_OK);
	assert_int_equal(set_state(w, ADX_IPC_PPL_RUNNING), ADX_IPC_OK);
	to_run_until_processed(&w->f, &w->ctl[1], 0);
}

/* The hog holds the core and A's next cycle is released behind it. */
static void overrun_behind_the_hog(struct world *w)
{
	to_hog_hold(&w->f);
	assert_int_equal(adx_sched_run_ticks(&w->f.sched, 1), 0);
}

/* Item 2: the stranded pipeline was later freed while still linked in the heap. */
static void delete_pipeline_that_timed_out_keeps_it_for_a_retry(void **state)
{
	struct world w;

	(void)state;
	world_begin(&w, ADX_IPC_PPL_POST_TO_DP);
	to_hog_hold(&w.f);
	assert_int_equal(send_under_hog(&w, ADX_IPC_DELETE_PIPELINE, 0), ADX_IPC_TIMEOUT);
	assert_non_null(w.ipc.pipelines[PPL]);
	assert_non_null(w.ipc.instances[INST_A].mod);
	assert_int_equal(w.ipc.stats.delete_timeouts, 1);
	victim_timeout(&w, TO_OP_TIMEOUT_NS);
	assert_int_equal(adx_ipc_free(&w.ipc), -ETIMEDOUT);
	victim_timeout(&w, TO_RELAXED_TIMEOUT_NS);
	assert_non_null(w.ipc.pipelines[PPL]);
	to_hog_release(&w.f);
	assert_int_equal(stall_calls(&w.ctl[0], STALL_FREE), 0);
	assert_int_equal(send(&w, ADX_IPC_DELETE_PIPELINE, PPL, 0, NULL, 0), ADX_IPC_OK);
	assert_null(w.ipc.pipelines[PPL]);
	assert_null(w.ipc.instances[INST_A].mod);
	assert_int_equal(stall_calls(&w.ctl[0], STALL_FREE), 1);
	assert_int_equal(stall_calls(&w.ctl[1], STALL_FREE), 1);
	assert_int_equal(adx_heap_validate(w.f.heap), 0);
	world_end(&w);
}

/* Item 3: RESET answered OK with A still running, and UNBIND freed its buffer. */
static void reset_that_timed_out_answers_timeout_and_unbind_waits(void **state)
{
	struct world w;

	(void)state;
	world_begin(&w, 0);
	start_running(&w);
	overrun_behind_the_hog(&w);
	assert_int_equal(send_under_hog(&w, ADX_IPC_SET_PIPELINE_STATE, ADX_IPC_PPL_RESET),
			 ADX_IPC_TIMEOUT);
	assert_int_equal(unbind(&w), ADX_IPC_BAD_STATE);
	assert_int_equal(send(&w, ADX_IPC_DELETE_INSTANCE, INST_A, 0, NULL, 0),
			 ADX_IPC_BAD_STATE);
	to_hog_release(&w.f);
	to_run(&w.f, 5);
	assert_int_equal(set_state(&w, ADX_IPC_PPL_RESET), ADX_IPC_OK);
	assert_int_equal(unbind(&w), ADX_IPC_OK);
	world_end(&w);
}

/* Item 4, host STOP: PAUSED answered TIMEOUT but was recorded, and the next
 * RUNNING (answered OK) never released A's task again. */
static void pause_that_timed_out_keeps_the_stream_flowing(void **state)
{
	struct world w;
	(void)state;
	world_begin(&w, 0);
	start_running(&w);
	overrun_behind_the_hog(&w);
	assert_int_equal(send_under_hog(&w, ADX_IPC_SET_PIPELINE_STATE, ADX_IPC_PPL_PAUSED),
			 ADX_IPC_TIMEOUT);
	to_hog_release(&w.f);
	assert_int_equal(set_state(&w, ADX_IPC_PPL_RUNNING), ADX_IPC_OK);
	to_run_until_processed(&w.f, &w.ctl[1], stall_calls(&w.ctl[1], STALL_PROCESS));
	/* The other stream, the hog's, flows too. */
	to_run_until_processed(&w.f, &w.f.hog_ctl, stall_calls(&w.f.hog_ctl, STALL_PROCESS));
	assert_int_equal(set_state(&w, ADX_IPC_PPL_PAUSED), ADX_IPC_OK);
	world_end(&w);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(delete_pipeline_that_timed_out_keeps_it_for_a_retry),
		cmocka_unit_test(reset_that_timed_out_answers_timeout_and_unbind_waits),
		cmocka_unit_test(pause_that_timed_out_keeps_the_stream_flowing),
	};

	return to_run_tests(argv[0], tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
