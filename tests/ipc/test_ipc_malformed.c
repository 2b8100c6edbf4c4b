// SPDX-License-Identifier: BSD-3-Clause
/*
 * Every class of bad message gets its documented status, and a rejected
 * message changes nothing: the topology is the same, the heap validates,
 * and not one byte more or less is allocated than before it arrived.
 */
#include <errno.h>
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
#include "recorder_module.h"

/* The standing topology every case runs against. */
#define PPL_A 0u        /* HOST -> VOL -> DAI, bound, RESET */
#define PPL_B 1u        /* REC alone */
#define HOST 0u
#define VOL 1u
#define DAI 2u
#define REC 5u
#define FREE_PPL 3u
#define FREE_INST 7u

#define S32 ADX_FMT_S32_LE
#define MAX_WORDS 6

struct msg_case {
	const char *what;
	uint32_t type;
	uint32_t target;
	uint32_t ext;
	uint32_t words[MAX_WORDS];
	uint32_t payload_size;
	uint32_t status;
};

static void build_standing_topology(struct ipc_fixture *f)
{
	uint32_t slot = 0;

	assert_int_equal(fix_create_pipeline(f, PPL_A, 48, 0), ADX_IPC_OK);
	assert_int_equal(fix_create_pipeline(f, PPL_B, 48, 0), ADX_IPC_OK);
	assert_int_equal(fix_host_copier(f, HOST, PPL_A), ADX_IPC_OK);
	assert_int_equal(fix_init_instance(f, VOL, PPL_A, ADX_IPC_MODULE_VOLUME, NULL, 0),
			 ADX_IPC_OK);
	assert_int_equal(fix_dai_copier(f, DAI, PPL_A), ADX_IPC_OK);
	assert_int_equal(fix_bind(f, HOST, VOL, 96, 48000, 2, S32), ADX_IPC_OK);
	assert_int_equal(fix_bind(f, VOL, DAI, 96, 48000, 2, S32), ADX_IPC_OK);
	assert_int_equal(fix_init_instance(f, REC, PPL_B, RECORDER_TYPE_ID, &slot, sizeof(slot)),
			 ADX_IPC_OK);
}

static int setup(void **state)
{
	static struct ipc_fixture f;

	memset(recorder_logs, 0, sizeof(recorder_logs));
	fix_init(&f, 256 * 1024, 0, 480, 480);
	build_standing_topology(&f);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	fix_destroy(*state);
	return 0;
}

/* What a rejected message must not change. */
struct snapshot {
	size_t heap_used;
	int ppl_state[ADX_IPC_MAX_PIPELINES];
	int ppl_modules[ADX_IPC_MAX_PIPELINES];
	int ppl_links[ADX_IPC_MAX_PIPELINES];
	const struct adx_module *inst[ADX_IPC_MAX_INSTANCES];
	int inst_state[ADX_IPC_MAX_INSTANCES];
};

static void take_snapshot(struct ipc_fixture *f, struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	s->heap_used = fix_heap_used(f);
	for (uint32_t i = 0; i < ADX_IPC_MAX_PIPELINES; i++) {
		const struct adx_pipeline *ppl = adx_ipc_pipeline(&f->ipc, i);

		s->ppl_state[i] = ppl ? (int)ppl->state : -1;
		s->ppl_modules[i] = ppl ? ppl->num_modules : -1;
		s->ppl_links[i] = ppl ? ppl->num_links : -1;
	}
	for (uint32_t i = 0; i < ADX_IPC_MAX_INSTANCES; i++) {
		s->inst[i] = adx_ipc_instance_module(&f->ipc, i);
		s->inst_state[i] = s->inst[i] ? (int)adx_module_state(s->inst[i]) : -1;
	}
}

static void assert_unchanged(struct ipc_fixture *f, const struct snapshot *before,
			     const char *what)
{
	struct snapshot after;

	take_snapshot(f, &after);
	assert_int_equal(adx_heap_validate(f->heap), 0);
	if (memcmp(before, &after, sizeof(after)))
		fail_msg("%s: state or heap changed (heap %zu -> %zu)", what,
			 before->heap_used, after.heap_used);
}

static void run_cases(struct ipc_fixture *f, const struct msg_case *cases, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct msg_case *c = &cases[i];
		uint8_t payload[4 * MAX_WORDS];
		struct snapshot before;
		uint32_t status;

		for (int w = 0; w < MAX_WORDS; w++)
			adx_ipc_put_u32(payload + 4 * w, c->words[w]);
		take_snapshot(f, &before);
		status = fix_send(f, c->type, c->target, c->ext, payload, c->payload_size);
		if (status != c->status)
			fail_msg("%s: status %s, expected %s", c->what,
				 adx_ipc_status_name(status), adx_ipc_status_name(c->status));
		assert_int_equal(f->last.type, c->type);
		assert_int_equal(f->last.payload_size, 0);
		assert_int_not_equal(f->last.extension, 0);   /* the errno, for logs */
		assert_unchanged(f, &before, c->what);
	}
}

static void truncated_or_inconsistent_headers_are_bad_messages(void **state)
{
	struct ipc_fixture *f = *state;
	uint8_t msg[ADX_IPC_MAILBOX_BYTES + 8] = { 0 };
	struct adx_ipc_msg_header hdr = { .type = ADX_IPC_DELETE_PIPELINE, .target = PPL_B };
	struct snapshot before;

	take_snapshot(f, &before);
	assert_int_equal(adx_ipc_build(msg, sizeof(msg), &hdr, NULL), ADX_IPC_HEADER_BYTES);
	for (size_t size = 0; size < ADX_IPC_HEADER_BYTES; size++)
		assert_int_equal(fix_send_raw(f, msg, size), ADX_IPC_BAD_MESSAGE);
	assert_int_equal(fix_send_raw(f, NULL, 0), ADX_IPC_BAD_MESSAGE);

	/* payload_size says 4, nothing follows; then says 0 with 4 following */
	adx_ipc_put_u32(msg + 12, 4);
	assert_int_equal(fix_send_raw(f, msg, ADX_IPC_HEADER_BYTES), ADX_IPC_BAD_MESSAGE);
	adx_ipc_put_u32(msg + 12, 0);
	assert_int_equal(fix_send_raw(f, msg, ADX_IPC_HEADER_BYTES + 4), ADX_IPC_BAD_MESSAGE);
	adx_ipc_put_u32(msg + 12, UINT32_MAX);
	assert_int_equal(fix_send_raw(f, msg, ADX_IPC_HEADER_BYTES), ADX_IPC_BAD_MESSAGE);
	adx_ipc_put_u32(msg + 12, 0);

	/* reserved bits of the primary word */
	for (int bit = 8; bit < 32; bit++) {
		adx_ipc_put_u32(msg, ADX_IPC_DELETE_PIPELINE | 1u << bit);
		assert_int_equal(fix_send_raw(f, msg, ADX_IPC_HEADER_BYTES), ADX_IPC_BAD_MESSAGE);
	}

	/* larger than the mailbox, even with a consistent payload_size */
	adx_ipc_put_u32(msg, ADX_IPC_SET_CONFIG);
	adx_ipc_put_u32(msg + 4, VOL);
	adx_ipc_put_u32(msg + 12, ADX_IPC_MAILBOX_BYTES + 1 - ADX_IPC_HEADER_BYTES);
	assert_int_equal(fix_send_raw(f, msg, ADX_IPC_MAILBOX_BYTES + 1), ADX_IPC_TOO_LARGE);
	assert_unchanged(f, &before, "headers");
	assert_non_null(adx_ipc_pipeline(&f->ipc, PPL_B));
}

static void unknown_message_types_are_rejected(void **state)
{
	struct ipc_fixture *f = *state;
	static const uint32_t unknown[] = { 0x00, 0x04, 0x0f, 0x19, 0x7f, 0xff };
	struct snapshot before;

	take_snapshot(f, &before);
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		assert_int_equal(fix_send(f, unknown[i], 0, 0, NULL, 0), ADX_IPC_UNKNOWN_TYPE);
		assert_int_equal(f->last.extension, ENOMSG);
	}
	assert_unchanged(f, &before, "unknown types");
}

static void payload_shape_and_reserved_extension_bits_are_checked(void **state)
{
	static const struct msg_case cases[] = {
		{ "create short", ADX_IPC_CREATE_PIPELINE, FREE_PPL, 0, { 48 }, 4, ADX_IPC_BAD_MESSAGE },
		{ "create long", ADX_IPC_CREATE_PIPELINE, FREE_PPL, 0, { 48 }, 12, ADX_IPC_BAD_MESSAGE },
		{ "create ext", ADX_IPC_CREATE_PIPELINE, FREE_PPL, 1, { 48 }, 8, ADX_IPC_BAD_MESSAGE },
		{ "delete ppl payload", ADX_IPC_DELETE_PIPELINE, PPL_B, 0, { 0 }, 4, ADX_IPC_BAD_MESSAGE },
		{ "delete ppl ext", ADX_IPC_DELETE_PIPELINE, PPL_B, 1, { 0 }, 0, ADX_IPC_BAD_MESSAGE },
		{ "state payload", ADX_IPC_SET_PIPELINE_STATE, PPL_A, 1, { 0 }, 4, ADX_IPC_BAD_MESSAGE },
		{ "init no type", ADX_IPC_INIT_INSTANCE, FREE_INST, PPL_A, { 0 }, 3, ADX_IPC_BAD_MESSAGE },
		{ "init empty", ADX_IPC_INIT_INSTANCE, FREE_INST, PPL_A, { 0 }, 0, ADX_IPC_BAD_MESSAGE },
		{ "delete inst payload", ADX_IPC_DELETE_INSTANCE, REC, 0, { 0 }, 4, ADX_IPC_BAD_MESSAGE },
		{ "delete inst ext", ADX_IPC_DELETE_INSTANCE, REC, 1u << 31, { 0 }, 0, ADX_IPC_BAD_MESSAGE },
		{ "bind short", ADX_IPC_BIND, HOST, DAI, { 96, 48000, 2 }, 12, ADX_IPC_BAD_MESSAGE },
		{ "bind long", ADX_IPC_BIND, HOST, DAI, { 96, 48000, 2, S32 }, 20, ADX_IPC_BAD_MESSAGE },
		{ "unbind payload", ADX_IPC_UNBIND, HOST, VOL, { 0 }, 4, ADX_IPC_BAD_MESSAGE },
		{ "get payload", ADX_IPC_GET_CONFIG, VOL, 1, { 0 }, 4, ADX_IPC_BAD_MESSAGE },
		{ "large set empty", ADX_IPC_LARGE_CONFIG_SET, REC, 3, { 0 }, 0, ADX_IPC_BAD_MESSAGE },
		{ "large set short", ADX_IPC_LARGE_CONFIG_SET, REC, 3, { 1, 4 }, 7, ADX_IPC_BAD_MESSAGE },
		{ "large set flag", ADX_IPC_LARGE_CONFIG_SET, REC, 4, { 1, 4, 0 }, 12, ADX_IPC_BAD_MESSAGE },
		{ "large get short", ADX_IPC_LARGE_CONFIG_GET, REC, 0, { 1 }, 4, ADX_IPC_BAD_MESSAGE },
		{ "large get long", ADX_IPC_LARGE_CONFIG_GET, REC, 0, { 1 }, 12, ADX_IPC_BAD_MESSAGE },
		{ "large get ext", ADX_IPC_LARGE_CONFIG_GET, REC, 1, { 1 }, 8, ADX_IPC_BAD_MESSAGE },
		{ "abort payload", ADX_IPC_LARGE_CONFIG_ABORT, REC, 0, { 0 }, 4, ADX_IPC_BAD_MESSAGE },
		{ "abort ext", ADX_IPC_LARGE_CONFIG_ABORT, REC, 2, { 0 }, 0, ADX_IPC_BAD_MESSAGE },
	};

	run_cases(*state, cases, sizeof(cases) / sizeof(cases[0]));
}

static void ids_beyond_the_tables_are_out_of_range(void **state)
{
	static const struct msg_case cases[] = {
		{ "create 16", ADX_IPC_CREATE_PIPELINE, 16, 0, { 48 }, 8, ADX_IPC_OUT_OF_RANGE },
		{ "create max", ADX_IPC_CREATE_PIPELINE, UINT32_MAX, 0, { 48 }, 8, ADX_IPC_OUT_OF_RANGE },
		{ "delete 16", ADX_IPC_DELETE_PIPELINE, 16, 0, { 0 }, 0, ADX_IPC_OUT_OF_RANGE },
		{ "state 100", ADX_IPC_SET_PIPELINE_STATE, 100, 1, { 0 }, 0, ADX_IPC_OUT_OF_RANGE },
		{ "init inst 64", ADX_IPC_INIT_INSTANCE, 64, PPL_A, { ADX_IPC_MODULE_VOLUME }, 4,
		  ADX_IPC_OUT_OF_RANGE },
		{ "init ppl 16", ADX_IPC_INIT_INSTANCE, FREE_INST, 16, { ADX_IPC_MODULE_VOLUME }, 4,
		  ADX_IPC_OUT_OF_RANGE },
		{ "delete inst 64", ADX_IPC_DELETE_INSTANCE, 64, 0, { 0 }, 0, ADX_IPC_OUT_OF_RANGE },
		{ "bind src 64", ADX_IPC_BIND, 64, VOL, { 96, 48000, 2, S32 }, 16, ADX_IPC_OUT_OF_RANGE },
		{ "bind dst max", ADX_IPC_BIND, HOST, UINT32_MAX, { 96, 48000, 2, S32 }, 16,
		  ADX_IPC_OUT_OF_RANGE },
		{ "unbind 64", ADX_IPC_UNBIND, 64, VOL, { 0 }, 0, ADX_IPC_OUT_OF_RANGE },
		{ "set 1000", ADX_IPC_SET_CONFIG, 1000, 1, { 0 }, 8, ADX_IPC_OUT_OF_RANGE },
		{ "get 64", ADX_IPC_GET_CONFIG, 64, 1, { 0 }, 0, ADX_IPC_OUT_OF_RANGE },
		{ "large set 64", ADX_IPC_LARGE_CONFIG_SET, 64, 3, { 1, 4, 0 }, 12, ADX_IPC_OUT_OF_RANGE },
		{ "large get 64", ADX_IPC_LARGE_CONFIG_GET, 64, 0, { 1, 0 }, 8, ADX_IPC_OUT_OF_RANGE },
		{ "abort 64", ADX_IPC_LARGE_CONFIG_ABORT, 64, 0, { 0 }, 0, ADX_IPC_OUT_OF_RANGE },
	};

	run_cases(*state, cases, sizeof(cases) / sizeof(cases[0]));
}

static void unknown_pipelines_instances_types_and_bindings_are_not_found(void **state)
{
	static const struct msg_case cases[] = {
		{ "delete ppl", ADX_IPC_DELETE_PIPELINE, FREE_PPL, 0, { 0 }, 0, ADX_IPC_NOT_FOUND },
		{ "state ppl", ADX_IPC_SET_PIPELINE_STATE, FREE_PPL, 1, { 0 }, 0, ADX_IPC_NOT_FOUND },
		{ "init in no ppl", ADX_IPC_INIT_INSTANCE, FREE_INST, FREE_PPL,
		  { ADX_IPC_MODULE_VOLUME }, 4, ADX_IPC_NOT_FOUND },
		{ "init no type", ADX_IPC_INIT_INSTANCE, FREE_INST, PPL_A, { 99 }, 4, ADX_IPC_NOT_FOUND },
		{ "init no gateway", ADX_IPC_INIT_INSTANCE, FREE_INST, PPL_A,
		  { ADX_IPC_MODULE_HOST_COPIER, 9 }, 8, ADX_IPC_NOT_FOUND },
		{ "delete inst", ADX_IPC_DELETE_INSTANCE, FREE_INST, 0, { 0 }, 0, ADX_IPC_NOT_FOUND },
		{ "bind no src", ADX_IPC_BIND, FREE_INST, VOL, { 96, 48000, 2, S32 }, 16,
		  ADX_IPC_NOT_FOUND },
		{ "bind no dst", ADX_IPC_BIND, HOST, FREE_INST, { 96, 48000, 2, S32 }, 16,
		  ADX_IPC_NOT_FOUND },
		{ "unbind unbound", ADX_IPC_UNBIND, HOST, DAI, { 0 }, 0, ADX_IPC_NOT_FOUND },
		{ "unbind reversed", ADX_IPC_UNBIND, VOL, HOST, { 0 }, 0, ADX_IPC_NOT_FOUND },
		{ "set", ADX_IPC_SET_CONFIG, FREE_INST, 1, { 0 }, 8, ADX_IPC_NOT_FOUND },
		{ "get", ADX_IPC_GET_CONFIG, FREE_INST, 1, { 0 }, 0, ADX_IPC_NOT_FOUND },
		{ "large set", ADX_IPC_LARGE_CONFIG_SET, FREE_INST, 3, { 1, 4, 0 }, 12, ADX_IPC_NOT_FOUND },
		{ "large get", ADX_IPC_LARGE_CONFIG_GET, FREE_INST, 0, { 1, 0 }, 8, ADX_IPC_NOT_FOUND },
		{ "large get id", ADX_IPC_LARGE_CONFIG_GET, REC, 0, { 77, 0 }, 8, ADX_IPC_NOT_FOUND },
		{ "abort", ADX_IPC_LARGE_CONFIG_ABORT, FREE_INST, 0, { 0 }, 0, ADX_IPC_NOT_FOUND },
	};

	run_cases(*state, cases, sizeof(cases) / sizeof(cases[0]));
}

static void duplicate_ids_and_bindings_exist(void **state)
{
	static const struct msg_case cases[] = {
		{ "create again", ADX_IPC_CREATE_PIPELINE, PPL_A, 0, { 48 }, 8, ADX_IPC_EXISTS },
		{ "init again", ADX_IPC_INIT_INSTANCE, VOL, PPL_A, { ADX_IPC_MODULE_VOLUME }, 4,
		  ADX_IPC_EXISTS },
		{ "init id of other ppl", ADX_IPC_INIT_INSTANCE, REC, PPL_A,
		  { ADX_IPC_MODULE_VOLUME }, 4, ADX_IPC_EXISTS },
		{ "bind again", ADX_IPC_BIND, HOST, VOL, { 96, 48000, 2, S32 }, 16, ADX_IPC_EXISTS },
	};

	run_cases(*state, cases, sizeof(cases) / sizeof(cases[0]));
}

static void bad_field_values_are_invalid(void **state)
{
	static const struct msg_case cases[] = {
		{ "period 0", ADX_IPC_CREATE_PIPELINE, FREE_PPL, 0, { 0, 0 }, 8, ADX_IPC_INVALID },
		{ "period huge", ADX_IPC_CREATE_PIPELINE, FREE_PPL, 0,
		  { ADX_IPC_MAX_PERIOD_FRAMES + 1, 0 }, 8, ADX_IPC_INVALID },
		{ "unknown flag", ADX_IPC_CREATE_PIPELINE, FREE_PPL, 0, { 48, 2 }, 8, ADX_IPC_INVALID },
		{ "state 3", ADX_IPC_SET_PIPELINE_STATE, PPL_A, 3, { 0 }, 0, ADX_IPC_INVALID },
		{ "state max", ADX_IPC_SET_PIPELINE_STATE, PPL_A, UINT32_MAX, { 0 }, 0, ADX_IPC_INVALID },
		{ "frames 0", ADX_IPC_BIND, HOST, DAI, { 0, 48000, 2, S32 }, 16, ADX_IPC_INVALID },
		{ "frames huge", ADX_IPC_BIND, HOST, DAI, { ADX_IPC_MAX_BUFFER_FRAMES + 1, 48000, 2, S32 },
		  16, ADX_IPC_INVALID },
		{ "rate 0", ADX_IPC_BIND, HOST, DAI, { 96, 0, 2, S32 }, 16, ADX_IPC_INVALID },
		{ "rate huge", ADX_IPC_BIND, HOST, DAI, { 96, ADX_IPC_MAX_RATE + 1, 2, S32 }, 16,
		  ADX_IPC_INVALID },
		{ "channels 0", ADX_IPC_BIND, HOST, DAI, { 96, 48000, 0, S32 }, 16, ADX_IPC_INVALID },
		{ "channels 9", ADX_IPC_BIND, HOST, DAI, { 96, 48000, 9, S32 }, 16, ADX_IPC_INVALID },
		{ "format 3", ADX_IPC_BIND, HOST, DAI, { 96, 48000, 2, 3 }, 16, ADX_IPC_INVALID },
		{ "format max", ADX_IPC_BIND, HOST, DAI, { 96, 48000, 2, UINT32_MAX }, 16,
		  ADX_IPC_INVALID },
		{ "bind self", ADX_IPC_BIND, VOL, VOL, { 96, 48000, 2, S32 }, 16, ADX_IPC_INVALID },
		{ "unbind self", ADX_IPC_UNBIND, VOL, VOL, { 0 }, 0, ADX_IPC_INVALID },
		{ "dp init size", ADX_IPC_INIT_INSTANCE, FREE_INST, PPL_A,
		  { ADX_IPC_MODULE_DP_PASSTHROUGH, 48, 1000 }, 12, ADX_IPC_INVALID },
		{ "dp init values", ADX_IPC_INIT_INSTANCE, FREE_INST, PPL_A,
		  { ADX_IPC_MODULE_DP_PASSTHROUGH, 0, 1000, 0, 0, 0 }, 24, ADX_IPC_INVALID },
		{ "volume init size", ADX_IPC_INIT_INSTANCE, FREE_INST, PPL_A,
		  { ADX_IPC_MODULE_VOLUME, 1 }, 8, ADX_IPC_INVALID },
		{ "volume set size", ADX_IPC_SET_CONFIG, VOL, ADX_VOLUME_CFG_GAIN, { 0 }, 4,
		  ADX_IPC_INVALID },
		{ "volume set gain", ADX_IPC_SET_CONFIG, VOL, ADX_VOLUME_CFG_GAIN, { 0x80000000u, 0 }, 8,
		  ADX_IPC_INVALID },
		{ "volume get id", ADX_IPC_GET_CONFIG, VOL, 99, { 0 }, 0, ADX_IPC_INVALID },
	};

	run_cases(*state, cases, sizeof(cases) / sizeof(cases[0]));
}

static void ops_in_the_wrong_order_or_place_are_refused(void **state)
{
	static const struct msg_case reset_cases[] = {
		{ "delete bound", ADX_IPC_DELETE_INSTANCE, VOL, 0, { 0 }, 0, ADX_IPC_BUSY },
		{ "cross-pipeline bind", ADX_IPC_BIND, DAI, REC, { 96, 48000, 2, S32 }, 16,
		  ADX_IPC_NOT_SUPPORTED },
		{ "cross-pipeline unbind", ADX_IPC_UNBIND, DAI, REC, { 0 }, 0, ADX_IPC_NOT_SUPPORTED },
		{ "copier has no config", ADX_IPC_SET_CONFIG, HOST, 1, { 0 }, 4, ADX_IPC_NOT_SUPPORTED },
		{ "copier get config", ADX_IPC_GET_CONFIG, HOST, 1, { 0 }, 0, ADX_IPC_NOT_SUPPORTED },
	};
	static const struct msg_case paused_cases[] = {
		{ "init in PAUSED", ADX_IPC_INIT_INSTANCE, FREE_INST, PPL_A,
		  { ADX_IPC_MODULE_VOLUME }, 4, ADX_IPC_BAD_STATE },
		{ "bind in PAUSED", ADX_IPC_BIND, HOST, DAI, { 96, 48000, 2, S32 }, 16,
		  ADX_IPC_BAD_STATE },
		{ "unbind in PAUSED", ADX_IPC_UNBIND, HOST, VOL, { 0 }, 0, ADX_IPC_BAD_STATE },
		{ "delete in PAUSED", ADX_IPC_DELETE_INSTANCE, DAI, 0, { 0 }, 0, ADX_IPC_BAD_STATE },
	};
	struct ipc_fixture *f = *state;

	run_cases(f, reset_cases, sizeof(reset_cases) / sizeof(reset_cases[0]));
	assert_int_equal(fix_set_state(f, PPL_A, ADX_IPC_PPL_PAUSED), ADX_IPC_OK);
	run_cases(f, paused_cases, sizeof(paused_cases) / sizeof(paused_cases[0]));
	assert_int_equal(fix_set_state(f, PPL_A, ADX_IPC_PPL_RUNNING), ADX_IPC_OK);
	run_cases(f, paused_cases, sizeof(paused_cases) / sizeof(paused_cases[0]));
	assert_int_equal(fix_set_state(f, PPL_A, ADX_IPC_PPL_RESET), ADX_IPC_OK);
}

/* A module's prepare refuses an incomplete chain; the pipeline stays RESET. */
static void failed_prepare_leaves_the_pipeline_reset(void **state)
{
	static const struct msg_case cases[] = {
		{ "prepare unbound", ADX_IPC_SET_PIPELINE_STATE, PPL_A, ADX_IPC_PPL_PAUSED, { 0 }, 0,
		  ADX_IPC_INVALID },
		{ "start unbound", ADX_IPC_SET_PIPELINE_STATE, PPL_A, ADX_IPC_PPL_RUNNING, { 0 }, 0,
		  ADX_IPC_INVALID },
	};
	struct ipc_fixture *f = *state;

	assert_int_equal(fix_send(f, ADX_IPC_UNBIND, VOL, DAI, NULL, 0), ADX_IPC_OK);
	run_cases(f, cases, sizeof(cases) / sizeof(cases[0]));
	assert_int_equal(fix_bind(f, VOL, DAI, 96, 48000, 2, S32), ADX_IPC_OK);
	assert_int_equal(fix_set_state(f, PPL_A, ADX_IPC_PPL_PAUSED), ADX_IPC_OK);
	assert_int_equal(fix_set_state(f, PPL_A, ADX_IPC_PPL_RESET), ADX_IPC_OK);
}

static void full_pipeline_refuses_another_instance(void **state)
{
	static const struct msg_case cases[] = {
		{ "ninth module", ADX_IPC_INIT_INSTANCE, 40, PPL_B, { ADX_IPC_MODULE_VOLUME }, 4,
		  ADX_IPC_NO_MEMORY },
	};
	struct ipc_fixture *f = *state;

	for (uint32_t id = 30; id < 30 + ADX_PIPELINE_MAX_MODULES - 1; id++)
		assert_int_equal(fix_init_instance(f, id, PPL_B, ADX_IPC_MODULE_VOLUME, NULL, 0),
				 ADX_IPC_OK);
	run_cases(f, cases, sizeof(cases) / sizeof(cases[0]));
	for (uint32_t id = 30; id < 30 + ADX_PIPELINE_MAX_MODULES - 1; id++)
		assert_int_equal(fix_send(f, ADX_IPC_DELETE_INSTANCE, id, 0, NULL, 0), ADX_IPC_OK);
}

static void reply_buffer_smaller_than_a_header_is_refused_before_anything_runs(void **state)
{
	struct ipc_fixture *f = *state;
	uint8_t msg[ADX_IPC_HEADER_BYTES + 8];
	struct adx_ipc_msg_header hdr = { .type = ADX_IPC_CREATE_PIPELINE, .target = FREE_PPL,
					  .payload_size = 8 };
	uint8_t payload[8] = { 48 };
	uint8_t reply[ADX_IPC_HEADER_BYTES];
	size_t reply_size = 0;
	size_t len = adx_ipc_build(msg, sizeof(msg), &hdr, payload);

	assert_int_equal(adx_ipc_process(&f->ipc, msg, len, reply, sizeof(reply) - 1,
					 &reply_size), -EINVAL);
	assert_int_equal(adx_ipc_process(&f->ipc, msg, len, NULL, sizeof(reply), &reply_size),
			 -EINVAL);
	assert_int_equal(adx_ipc_process(&f->ipc, msg, len, reply, sizeof(reply), NULL),
			 -EINVAL);
	assert_null(adx_ipc_pipeline(&f->ipc, FREE_PPL));
}

static void module_type_table_rejects_duplicates_and_overflow(void **state)
{
	struct ipc_fixture *f = *state;
	struct adx_module_driver incomplete = { .name = "x", .ops = NULL };
	uint32_t id = 0x200;

	assert_int_equal(adx_ipc_register_module_type(&f->ipc, ADX_IPC_MODULE_VOLUME,
						      &recorder_driver), -EEXIST);
	assert_int_equal(adx_ipc_register_module_type(&f->ipc, id, NULL), -EINVAL);
	assert_int_equal(adx_ipc_register_module_type(&f->ipc, id, &incomplete), -EINVAL);
	while (f->ipc.num_types < ADX_IPC_MAX_MODULE_TYPES)
		assert_int_equal(adx_ipc_register_module_type(&f->ipc, id++, &recorder_driver), 0);
	assert_int_equal(adx_ipc_register_module_type(&f->ipc, id, &recorder_driver), -ENOSPC);
}

/*
 * SQLite's discipline: fail every allocation a message makes, in turn. Each
 * failure is answered with NO_MEMORY and leaves the heap and topology as
 * they were; then the message succeeds once the failure is past it.
 */
static void every_allocation_failure_is_reported_and_leaves_nothing(void **state)
{
	struct ipc_fixture *f = *state;
	struct adx_dp_passthrough_init dp = { .block_frames = 48, .period_us = 1000 };
	uint8_t dp_init[4 + sizeof(dp)];
	uint8_t host_init[8], dai_init[8];
	uint8_t blob[64] = { 1, 2, 3 };
	uint8_t create[8] = { 48 };
	uint8_t bind[16];
	const uint32_t host = FREE_INST, pass = FREE_INST + 1, dai = FREE_INST + 2;
	const struct {
		uint32_t type, target, ext;
		const void *payload;
		uint32_t size;
	} steps[] = {
		{ ADX_IPC_CREATE_PIPELINE, FREE_PPL, 0, create, sizeof(create) },
		{ ADX_IPC_INIT_INSTANCE, host, FREE_PPL, host_init, sizeof(host_init) },
		{ ADX_IPC_INIT_INSTANCE, pass, FREE_PPL, dp_init, sizeof(dp_init) },
		{ ADX_IPC_INIT_INSTANCE, dai, FREE_PPL, dai_init, sizeof(dai_init) },
		{ ADX_IPC_BIND, host, pass, bind, sizeof(bind) },
		{ ADX_IPC_BIND, pass, dai, bind, sizeof(bind) },
		{ ADX_IPC_SET_PIPELINE_STATE, FREE_PPL, ADX_IPC_PPL_PAUSED, NULL, 0 },
	};

	adx_ipc_put_u32(dp_init, ADX_IPC_MODULE_DP_PASSTHROUGH);
	memcpy(dp_init + 4, &dp, sizeof(dp));
	adx_ipc_put_u32(host_init, ADX_IPC_MODULE_HOST_COPIER);
	adx_ipc_put_u32(host_init + 4, FIX_HOST_GATEWAY);
	adx_ipc_put_u32(dai_init, ADX_IPC_MODULE_DAI_COPIER);
	adx_ipc_put_u32(dai_init + 4, FIX_DAI_GATEWAY);
	adx_ipc_put_u32(bind, 96);
	adx_ipc_put_u32(bind + 4, 48000);
	adx_ipc_put_u32(bind + 8, 2);
	adx_ipc_put_u32(bind + 12, S32);
	for (size_t s = 0; s < sizeof(steps) / sizeof(steps[0]); s++) {
		for (uint64_t nth = 1;; nth++) {
			struct snapshot before;
			uint32_t status;

			take_snapshot(f, &before);
			adx_heap_inject_failure(f->heap, nth, false);
			status = fix_send(f, steps[s].type, steps[s].target, steps[s].ext,
					  steps[s].payload, steps[s].size);
			adx_heap_inject_failure(f->heap, 0, false);
			if (status == ADX_IPC_OK)
				break;
			if (status != ADX_IPC_NO_MEMORY)
				fail_msg("step %zu, allocation %u: %s", s, (unsigned int)nth,
					 adx_ipc_status_name(status));
			assert_unchanged(f, &before, "injected failure");
			assert_true(nth < 32);
		}
	}
	/* A multi-block assembly buffer is an allocation too. */
	adx_heap_inject_failure(f->heap, 1, false);
	assert_int_equal(fix_large_set(f, REC, ADX_IPC_INIT_BLOCK, 1, 128, blob, sizeof(blob)),
			 ADX_IPC_NO_MEMORY);
	adx_heap_inject_failure(f->heap, 0, false);
	assert_null(f->ipc.instances[REC].assembly.buf);
	assert_int_equal(fix_large_set(f, REC, ADX_IPC_INIT_BLOCK, 1, 128, blob, sizeof(blob)),
			 ADX_IPC_OK);
	assert_int_equal(fix_send(f, ADX_IPC_LARGE_CONFIG_ABORT, REC, 0, NULL, 0), ADX_IPC_OK);
	assert_int_equal(fix_send(f, ADX_IPC_DELETE_PIPELINE, FREE_PPL, 0, NULL, 0), ADX_IPC_OK);
}

static void status_names_and_errno_mapping_are_total(void **state)
{
	(void)state;
	assert_int_equal(adx_ipc_status_from_errno(0), ADX_IPC_OK);
	assert_int_equal(adx_ipc_status_from_errno(-EINVAL), ADX_IPC_INVALID);
	assert_int_equal(adx_ipc_status_from_errno(-EPROTO), ADX_IPC_SEQUENCE);
	assert_int_equal(adx_ipc_status_from_errno(-EIO), ADX_IPC_FAILED);
	assert_int_equal(adx_ipc_status_from_errno(-12345), ADX_IPC_FAILED);
	for (uint32_t s = ADX_IPC_OK; s <= ADX_IPC_FAILED; s++)
		assert_string_not_equal(adx_ipc_status_name(s), "?");
	assert_string_equal(adx_ipc_status_name(ADX_IPC_FAILED + 1), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(truncated_or_inconsistent_headers_are_bad_messages,
						setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_message_types_are_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(payload_shape_and_reserved_extension_bits_are_checked,
						setup, teardown),
		cmocka_unit_test_setup_teardown(ids_beyond_the_tables_are_out_of_range, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			unknown_pipelines_instances_types_and_bindings_are_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(duplicate_ids_and_bindings_exist, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_field_values_are_invalid, setup, teardown),
		cmocka_unit_test_setup_teardown(ops_in_the_wrong_order_or_place_are_refused, setup,
						teardown),
		cmocka_unit_test_setup_teardown(failed_prepare_leaves_the_pipeline_reset, setup,
						teardown),
		cmocka_unit_test_setup_teardown(full_pipeline_refuses_another_instance, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			reply_buffer_smaller_than_a_header_is_refused_before_anything_runs, setup,
			teardown),
		cmocka_unit_test_setup_teardown(module_type_table_rejects_duplicates_and_overflow,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			every_allocation_failure_is_reported_and_leaves_nothing, setup, teardown),
		cmocka_unit_test(status_names_and_errno_mapping_are_total),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
