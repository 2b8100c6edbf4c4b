// SPDX-License-Identifier: BSD-3-Clause
/*
 * LARGE_CONFIG_SET in fragments: a correct sequence reaches the module as
 * one SINGLE call carrying the exact blob; every wrong sequence is rejected
 * and its assembly dropped with nothing left on the heap; a new INIT block,
 * an ABORT or deleting the instance discards an unfinished assembly; the
 * assembly buffer counts in the target module's memory figures.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ipc_fixture.h"
#include "recorder_module.h"

#define PPL 0u
#define REC 5u
#define REC2 6u
#define CFG 7u
#define BLOB 3000u
#define I ADX_IPC_INIT_BLOCK
#define F ADX_IPC_FINAL_BLOCK

struct lc_fixture {
	struct ipc_fixture ipc;
	struct recorder_log *log;
	struct recorder_log *log2;
	uint8_t blob[ADX_IPC_DEFAULT_MAX_BLOB_BYTES + 4096];
	size_t heap_ready;      /* heap used with both recorders idle */
	size_t rec_ready;       /* REC's own bytes when idle */
};

static void fill_blob(uint8_t *blob, size_t size, uint32_t seed)
{
	for (size_t i = 0; i < size; i++) {
		seed = seed * 1664525u + 1013904223u;
		blob[i] = (uint8_t)(seed >> 24);
	}
}

static struct adx_module *rec_module(struct lc_fixture *t, uint32_t id)
{
	return adx_ipc_instance_module(&t->ipc.ipc, id);
}

static void add_recorder(struct lc_fixture *t, uint32_t id, uint32_t slot)
{
	assert_int_equal(fix_init_instance(&t->ipc, id, PPL, RECORDER_TYPE_ID, &slot, sizeof(slot)),
			 ADX_IPC_OK);
}

static struct lc_fixture *lc_setup(uint32_t max_blob)
{
	static struct lc_fixture t;

	memset(&t, 0, sizeof(t));
	fix_init(&t.ipc, 512 * 1024, max_blob, 48, 48);
	assert_int_equal(fix_create_pipeline(&t.ipc, PPL, 48, 0), ADX_IPC_OK);
	memset(recorder_logs, 0, sizeof(recorder_logs));
	t.log = &recorder_logs[0];
	t.log2 = &recorder_logs[1];
	add_recorder(&t, REC, 0);
	add_recorder(&t, REC2, 1);
	fill_blob(t.blob, sizeof(t.blob), 1);
	t.heap_ready = fix_heap_used(&t.ipc);
	t.rec_ready = rec_module(&t, REC)->mem.used_bytes;
	return &t;
}

static int setup(void **state)
{
	*state = lc_setup(0);
	return 0;
}

static int teardown(void **state)
{
	struct lc_fixture *t = *state;

	fix_destroy(&t->ipc);
	return 0;
}

static uint32_t send_block(struct lc_fixture *t, uint32_t flags, uint32_t data_off_size,
			   uint32_t offset, uint32_t size)
{
	return fix_large_set(&t->ipc, REC, flags, CFG, data_off_size, t->blob + offset, size);
}

/* Nothing in progress, nothing held, the heap back where it was. */
static void assert_no_assembly(struct lc_fixture *t)
{
	assert_null(t->ipc.ipc.instances[REC].assembly.buf);
	assert_int_equal(rec_module(t, REC)->mem.used_bytes, t->rec_ready);
	fix_assert_heap(&t->ipc, t->heap_ready);
}

static void three_fragments_arrive_as_one_single_call_with_the_exact_blob(void **state)
{
	struct lc_fixture *t = *state;

	assert_int_equal(send_block(t, I, BLOB, 0, 1000), ADX_IPC_OK);
	/* The assembly buffer is REC's memory while it exists. */
	assert_true(rec_module(t, REC)->mem.used_bytes >= t->rec_ready + BLOB);
	assert_true(fix_heap_used(&t->ipc) >= t->heap_ready + BLOB);
	assert_int_equal(send_block(t, 0, 1000, 1000, 1000), ADX_IPC_OK);
	assert_int_equal(t->log->set_calls, 0);
	assert_int_equal(send_block(t, F, 2000, 2000, 1000), ADX_IPC_OK);

	assert_int_equal(t->log->set_calls, 1);
	assert_int_equal(t->log->pos, ADX_CFG_SINGLE);
	assert_int_equal(t->log->config_id, CFG);
	assert_int_equal(t->log->data_offset_size, BLOB);
	assert_int_equal(t->log->size, BLOB);
	assert_memory_equal(t->log->blob, t->blob, BLOB);
	assert_int_equal(t->ipc.ipc.stats.blobs_delivered, 1);
	assert_int_equal(t->ipc.ipc.stats.assemblies_dropped, 0);
	assert_no_assembly(t);
}

static void single_block_blob_is_delivered_without_an_assembly_buffer(void **state)
{
	struct lc_fixture *t = *state;
	struct adx_heap_stats before, after;

	adx_heap_get_stats(t->ipc.heap, &before);
	assert_int_equal(send_block(t, I | F, 500, 0, 500), ADX_IPC_OK);
	adx_heap_get_stats(t->ipc.heap, &after);
	assert_int_equal(after.allocs, before.allocs);
	assert_int_equal(t->log->set_calls, 1);
	assert_int_equal(t->log->pos, ADX_CFG_SINGLE);
	assert_int_equal(t->log->size, 500);
	assert_memory_equal(t->log->blob, t->blob, 500);
	assert_no_assembly(t);
}

/* One fragment: flags, data_off_size, where its bytes come from, how many. */
struct block {
	uint32_t flags;
	uint32_t data_off_size;
	uint32_t offset;
	uint32_t size;
	uint32_t config_id;
};

struct bad_sequence {
	const char *what;
	struct block good[3];       /* accepted first (size 0 and no flags ends the list) */
	struct block bad;
	uint32_t status;
};

#define BLK(fl, dos, off, sz) { fl, dos, off, sz, CFG }
#define END { 0, 0, 0, 0, 0 }

static const struct bad_sequence bad_sequences[] = {
	{ "gap", { BLK(I, BLOB, 0, 1000), END }, BLK(0, 1500, 1500, 500), ADX_IPC_SEQUENCE },
	{ "overlap", { BLK(I, BLOB, 0, 1000), END }, BLK(0, 500, 500, 1000), ADX_IPC_SEQUENCE },
	{ "duplicate", { BLK(I, BLOB, 0, 1000), BLK(0, 1000, 1000, 1000), END },
	  BLK(0, 1000, 1000, 1000), ADX_IPC_SEQUENCE },
	{ "final before middle", { BLK(I, BLOB, 0, 1000), END }, BLK(F, 2000, 2000, 1000),
	  ADX_IPC_SEQUENCE },
	{ "middle out of order", { BLK(I, BLOB, 0, 1000), END }, BLK(0, 2000, 2000, 1000),
	  ADX_IPC_SEQUENCE },
	{ "offset back to zero", { BLK(I, BLOB, 0, 1000), END }, BLK(0, 0, 0, 1000),
	  ADX_IPC_SEQUENCE },
	{ "final leaves blob short", { BLK(I, BLOB, 0, 1000), BLK(0, 1000, 1000, 1000), END },
	  BLK(F, 2000, 2000, 500), ADX_IPC_SEQUENCE },
	{ "empty final", { BLK(I, BLOB, 0, 1000), END }, BLK(F, 1000, 1000, 0), ADX_IPC_SEQUENCE },
	{ "fragment overruns total", { BLK(I, BLOB, 0, 1000), BLK(0, 1000, 1000, 1000), END },
	  BLK(0, 2000, 2000, 1500), ADX_IPC_SEQUENCE },
	{ "first block above its total", { END }, BLK(I, 500, 0, 1000), ADX_IPC_SEQUENCE },
	{ "single block short", { END }, BLK(I | F, BLOB, 0, 1000), ADX_IPC_SEQUENCE },
	{ "total above maximum", { END }, BLK(I, ADX_IPC_DEFAULT_MAX_BLOB_BYTES + 1, 0, 1000),
	  ADX_IPC_TOO_LARGE },
	{ "total huge", { END }, BLK(I, UINT32_MAX, 0, 1000), ADX_IPC_TOO_LARGE },
	{ "zero total", { END }, BLK(I, 0, 0, 0), ADX_IPC_INVALID },
	{ "middle without first", { END }, BLK(0, 0, 0, 1000), ADX_IPC_SEQUENCE },
	{ "final without first", { END }, BLK(F, 0, 0, 1000), ADX_IPC_SEQUENCE },
	{ "config id changes", { BLK(I, BLOB, 0, 1000), END },
	  { 0, 1000, 1000, 1000, CFG + 1 }, ADX_IPC_SEQUENCE },
	{ "offset wraps", { BLK(I, BLOB, 0, 1000), END }, BLK(0, UINT32_MAX - 500, 0, 1000),
	  ADX_IPC_SEQUENCE },
};

static uint32_t send(struct lc_fixture *t, const struct block *b)
{
	return fix_large_set(&t->ipc, REC, b->flags, b->config_id, b->data_off_size,
			     t->blob + b->offset, b->size);
}

/* After a rejection nothing is in progress: a fragment that would have
 * continued the assembly is itself out of sequence. */
static void assert_dropped(struct lc_fixture *t, const struct bad_sequence *seq)
{
	uint32_t received = 0;

	for (const struct block *b = seq->good; b->size || b->flags; b++)
		received += b->size;
	assert_no_assembly(t);
	assert_int_equal(t->log->set_calls, 0);
	if (received)
		assert_int_equal(send_block(t, 0, received, received, 1), ADX_IPC_SEQUENCE);
	assert_no_assembly(t);
}

static void every_wrong_fragment_order_is_rejected_and_the_assembly_dropped(void **state)
{
	struct lc_fixture *t = *state;

	for (size_t i = 0; i < sizeof(bad_sequences) / sizeof(bad_sequences[0]); i++) {
		const struct bad_sequence *seq = &bad_sequences[i];
		uint32_t status;

		for (const struct block *b = seq->good; b->size || b->flags; b++)
			assert_int_equal(send(t, b), ADX_IPC_OK);
		status = send(t, &seq->bad);
		if (status != seq->status)
			fail_msg("%s: %s, expected %s", seq->what, adx_ipc_status_name(status),
				 adx_ipc_status_name(seq->status));
		assert_dropped(t, seq);
	}
	/* and the host recovers with a correct sequence */
	assert_int_equal(send_block(t, I, BLOB, 0, 1500), ADX_IPC_OK);
	assert_int_equal(send_block(t, F, 1500, 1500, 1500), ADX_IPC_OK);
	assert_int_equal(t->log->set_calls, 1);
	assert_memory_equal(t->log->blob, t->blob, BLOB);
	assert_no_assembly(t);
}

static void module_refusing_the_blob_still_frees_the_assembly(void **state)
{
	struct lc_fixture *t = *state;

	t->log->set_result = -EINVAL;
	assert_int_equal(send_block(t, I, BLOB, 0, 2000), ADX_IPC_OK);
	assert_int_equal(send_block(t, F, 2000, 2000, 1000), ADX_IPC_INVALID);
	assert_int_equal(t->log->set_calls, 1);
	assert_no_assembly(t);
}

static void malformed_fragment_leaves_the_assembly_alone(void **state)
{
	struct lc_fixture *t = *state;

	assert_int_equal(send_block(t, I, BLOB, 0, 1000), ADX_IPC_OK);
	/* reserved flag bit: BAD_MESSAGE changes nothing, the assembly goes on */
	assert_int_equal(send_block(t, 4, 1000, 1000, 1000), ADX_IPC_BAD_MESSAGE);
	assert_int_equal(send_block(t, F, 1000, 1000, 2000), ADX_IPC_OK);
	assert_int_equal(t->log->set_calls, 1);
	assert_memory_equal(t->log->blob, t->blob, BLOB);
	assert_no_assembly(t);
}

static void new_initial_block_discards_the_unfinished_assembly(void **state)
{
	struct lc_fixture *t = *state;

	assert_int_equal(send_block(t, I, BLOB, 0, 1000), ADX_IPC_OK);
	assert_int_equal(send_block(t, 0, 1000, 1000, 1000), ADX_IPC_OK);
	/* the host timed out and starts over with a different, smaller blob */
	assert_int_equal(send_block(t, I, 2000, 5000, 1000), ADX_IPC_OK);
	assert_int_equal(t->ipc.ipc.stats.assemblies_dropped, 1);
	assert_int_equal(send_block(t, F, 1000, 6000, 1000), ADX_IPC_OK);
	assert_int_equal(t->log->set_calls, 1);
	assert_int_equal(t->log->size, 2000);
	assert_memory_equal(t->log->blob, t->blob + 5000, 2000);
	assert_no_assembly(t);
}

static void new_initial_block_that_is_itself_bad_still_discards(void **state)
{
	struct lc_fixture *t = *state;

	assert_int_equal(send_block(t, I, BLOB, 0, 1000), ADX_IPC_OK);
	assert_int_equal(send_block(t, I, 0, 0, 0), ADX_IPC_INVALID);
	assert_int_equal(send_block(t, 0, 1000, 1000, 1000), ADX_IPC_SEQUENCE);
	assert_int_equal(t->log->set_calls, 0);
	assert_no_assembly(t);
}

static void abort_discards_and_is_idempotent(void **state)
{
	struct lc_fixture *t = *state;

	assert_int_equal(fix_send(&t->ipc, ADX_IPC_LARGE_CONFIG_ABORT, REC, 0, NULL, 0),
			 ADX_IPC_OK);
	assert_int_equal(send_block(t, I, BLOB, 0, 1000), ADX_IPC_OK);
	assert_int_equal(fix_send(&t->ipc, ADX_IPC_LARGE_CONFIG_ABORT, REC, 0, NULL, 0),
			 ADX_IPC_OK);
	assert_no_assembly(t);
	assert_int_equal(send_block(t, 0, 1000, 1000, 1000), ADX_IPC_SEQUENCE);
	assert_int_equal(fix_send(&t->ipc, ADX_IPC_LARGE_CONFIG_ABORT, REC, 0, NULL, 0),
			 ADX_IPC_OK);
	assert_int_equal(t->log->set_calls, 0);
	assert_int_equal(t->ipc.ipc.stats.assemblies_dropped, 1);
	assert_no_assembly(t);
}

static void deleting_the_instance_or_pipeline_drops_its_assembly(void **state)
{
	struct lc_fixture *t = *state;
	size_t before_rec;

	assert_int_equal(fix_send(&t->ipc, ADX_IPC_DELETE_INSTANCE, REC2, 0, NULL, 0),
			 ADX_IPC_OK);
	before_rec = fix_heap_used(&t->ipc);
	add_recorder(t, REC2, 1);
	assert_int_equal(fix_large_set(&t->ipc, REC2, I, CFG, BLOB, t->blob, 1000), ADX_IPC_OK);
	assert_int_equal(fix_send(&t->ipc, ADX_IPC_DELETE_INSTANCE, REC2, 0, NULL, 0),
			 ADX_IPC_OK);
	fix_assert_heap(&t->ipc, before_rec);

	assert_int_equal(send_block(t, I, BLOB, 0, 1000), ADX_IPC_OK);
	assert_int_equal(fix_send(&t->ipc, ADX_IPC_DELETE_PIPELINE, PPL, 0, NULL, 0), ADX_IPC_OK);
	fix_assert_heap(&t->ipc, 0);
	assert_int_equal(t->ipc.ipc.stats.assemblies_dropped, 2);
	/* freed by us, not found as the module's leak by the adapter */
	assert_int_equal(t->ipc.leak_logs, 0);
}

static void assemblies_are_kept_per_instance(void **state)
{
	struct lc_fixture *t = *state;

	assert_int_equal(send_block(t, I, BLOB, 0, 1000), ADX_IPC_OK);
	assert_int_equal(fix_large_set(&t->ipc, REC2, I, CFG, 2000, t->blob + 100, 1000),
			 ADX_IPC_OK);
	assert_int_equal(send_block(t, 0, 1000, 1000, 1000), ADX_IPC_OK);
	assert_int_equal(fix_large_set(&t->ipc, REC2, F, CFG, 1000, t->blob + 1100, 1000),
			 ADX_IPC_OK);
	assert_int_equal(send_block(t, F, 2000, 2000, 1000), ADX_IPC_OK);
	assert_int_equal(t->log->size, BLOB);
	assert_memory_equal(t->log->blob, t->blob, BLOB);
	assert_int_equal(t->log2->size, 2000);
	assert_memory_equal(t->log2->blob, t->blob + 100, 2000);
	assert_no_assembly(t);
}

/* Sends `total` bytes of the blob in mailbox-sized fragments. */
static uint32_t send_whole(struct lc_fixture *t, uint32_t total)
{
	const uint32_t chunk = ADX_IPC_MAILBOX_BYTES - ADX_IPC_HEADER_BYTES - 8;
	uint32_t status = ADX_IPC_OK;

	for (uint32_t off = 0; off < total && status == ADX_IPC_OK; off += chunk) {
		uint32_t n = total - off < chunk ? total - off : chunk;
		uint32_t flags = (off == 0 ? I : 0) | (off + n == total ? F : 0);

		status = send_block(t, flags, off == 0 ? total : off, off, n);
	}
	return status;
}

static void default_maximum_blob_is_accepted_and_one_byte_more_is_not(void **state)
{
	struct lc_fixture *t = *state;

	assert_int_equal(send_whole(t, ADX_IPC_DEFAULT_MAX_BLOB_BYTES), ADX_IPC_OK);
	assert_int_equal(t->log->size, ADX_IPC_DEFAULT_MAX_BLOB_BYTES);
	assert_memory_equal(t->log->blob, t->blob, ADX_IPC_DEFAULT_MAX_BLOB_BYTES);
	assert_int_equal(send_whole(t, ADX_IPC_DEFAULT_MAX_BLOB_BYTES + 1), ADX_IPC_TOO_LARGE);
	assert_int_equal(t->log->set_calls, 1);
	assert_no_assembly(t);
}

static void configured_maximum_blob_is_enforced(void **state)
{
	struct lc_fixture *t;

	(void)state;
	t = lc_setup(1024);
	assert_int_equal(send_block(t, I, 1025, 0, 10), ADX_IPC_TOO_LARGE);
	assert_int_equal(send_block(t, I, 1024, 0, 1000), ADX_IPC_OK);
	assert_int_equal(send_block(t, F, 1000, 1000, 24), ADX_IPC_OK);
	assert_int_equal(t->log->size, 1024);
	assert_no_assembly(t);
	fix_destroy(&t->ipc);
}

static void large_config_get_reads_the_blob_back_in_reply_sized_blocks(void **state)
{
	struct lc_fixture *t = *state;
	uint8_t readback[BLOB];
	uint32_t offset = 0;
	uint8_t req[8];
	int blocks = 0;

	assert_int_equal(send_whole(t, BLOB), ADX_IPC_OK);
	t->ipc.reply_capacity = ADX_IPC_HEADER_BYTES + 8 + 700;
	for (;;) {
		const uint8_t *p = t->ipc.reply + ADX_IPC_HEADER_BYTES;
		uint32_t n;

		adx_ipc_put_u32(req, CFG);
		adx_ipc_put_u32(req + 4, offset);
		assert_int_equal(fix_send(&t->ipc, ADX_IPC_LARGE_CONFIG_GET, REC, 0, req, 8),
				 ADX_IPC_OK);
		n = t->ipc.last.payload_size - 8;
		assert_int_equal(adx_ipc_get_u32(p), CFG);
		assert_int_equal(adx_ipc_get_u32(p + 4), offset == 0 ? BLOB : offset);
		assert_int_equal(!!(t->ipc.last.extension & I), offset == 0);
		memcpy(readback + offset, p + 8, n);
		offset += n;
		blocks++;
		fix_assert_heap(&t->ipc, t->heap_ready);  /* scratch freed every time */
		if (t->ipc.last.extension & F)
			break;
		assert_int_equal(n, 700);
	}
	assert_int_equal(offset, BLOB);
	assert_int_equal(blocks, 5);
	assert_memory_equal(readback, t->blob, BLOB);

	adx_ipc_put_u32(req + 4, BLOB + 1);
	assert_int_equal(fix_send(&t->ipc, ADX_IPC_LARGE_CONFIG_GET, REC, 0, req, 8),
			 ADX_IPC_INVALID);
	t->ipc.reply_capacity = ADX_IPC_HEADER_BYTES + 4;
	adx_ipc_put_u32(req + 4, 0);
	assert_int_equal(fix_send(&t->ipc, ADX_IPC_LARGE_CONFIG_GET, REC, 0, req, 8),
			 ADX_IPC_TOO_LARGE);
	t->ipc.reply_capacity = sizeof(t->ipc.reply);
	assert_no_assembly(t);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(three_fragments_arrive_as_one_single_call_with_the_exact_blob),
		T(single_block_blob_is_delivered_without_an_assembly_buffer),
		T(every_wrong_fragment_order_is_rejected_and_the_assembly_dropped),
		T(module_refusing_the_blob_still_frees_the_assembly),
		T(malformed_fragment_leaves_the_assembly_alone),
		T(new_initial_block_discards_the_unfinished_assembly),
		T(new_initial_block_that_is_itself_bad_still_discards),
		T(abort_discards_and_is_idempotent),
		T(deleting_the_instance_or_pipeline_drops_its_assembly),
		T(assemblies_are_kept_per_instance),
		T(default_maximum_blob_is_accepted_and_one_byte_more_is_not),
		cmocka_unit_test(configured_maximum_blob_is_enforced),
		T(large_config_get_reads_the_blob_back_in_reply_sized_blocks),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
