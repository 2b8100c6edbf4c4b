// SPDX-License-Identifier: BSD-3-Clause
/*
 * A storm of random and mutated messages from a deterministic PRNG: mostly
 * plausible messages with ids from a small range (so they meet live
 * objects), some with their bytes flipped, cut short or extended, some
 * pure noise; pipelines that reach RUNNING are ticked now and then.
 * After every message: a reply that parses, a heap that validates, no
 * rejected message that grew the heap; every few hundred, each module's
 * figures agree with a heap walk. At the end everything is freed and the
 * heap is empty.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/volume.h"

#include "ipc_fixture.h"
#include "recorder_module.h"
#include "rng.h"

#define ITERATIONS 100000u
#define N(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t next(struct rng *r)
{
	return (uint32_t)(rng_next(r) >> 32);
}

static uint32_t below(struct rng *r, uint32_t n)
{
	return (uint32_t)rng_below(r, n);
}

static uint32_t pick(struct rng *r, const uint32_t *set, size_t n)
{
	return set[below(r, (uint32_t)n)];
}

/*
 * The host's view of one large-config transfer, so that besides random
 * fragments the storm also sends fragments that continue it: the
 * assembly's success paths (and their late failures) get exercised, not
 * only its first check.
 */
struct transfer {
	bool active;
	uint32_t instance;
	uint32_t config_id;
	uint32_t total;
	uint32_t received;
};

struct fragment_sent {
	bool valid;
	uint32_t instance;
	uint32_t flags;
	uint32_t config_id;
	uint32_t data_off_size;
	uint32_t size;
};

struct storm {
	struct rng r;
	struct adx_ipc *ipc;
	struct transfer transfer;
	struct fragment_sent last;
};

/* Mostly small ids, which often name live objects; now and then one past
 * the table or anything at all. */
static uint32_t any_pipeline_id(struct rng *r)
{
	uint32_t roll = below(r, 20);

	return roll < 18 ? below(r, 3) : roll == 18 ? ADX_IPC_MAX_PIPELINES : next(r);
}

static uint32_t any_instance_id(struct rng *r)
{
	uint32_t roll = below(r, 20);

	return roll < 18 ? below(r, 8) : roll == 18 ? ADX_IPC_MAX_INSTANCES : next(r);
}

/* Half the time an id the host knows is live, as a real host would send. */
static uint32_t instance_id(struct storm *st)
{
	uint32_t start = below(&st->r, 8);

	if (below(&st->r, 2))
		for (uint32_t i = 0; i < 8; i++)
			if (adx_ipc_instance_module(st->ipc, (start + i) % 8))
				return (start + i) % 8;
	return any_instance_id(&st->r);
}

static uint32_t pipeline_id(struct storm *st)
{
	uint32_t start = below(&st->r, 3);

	if (below(&st->r, 2))
		for (uint32_t i = 0; i < 3; i++)
			if (adx_ipc_pipeline(st->ipc, (start + i) % 3))
				return (start + i) % 3;
	return any_pipeline_id(&st->r);
}


struct message {
	uint8_t bytes[ADX_IPC_MAILBOX_BYTES + 16];
	size_t size;
};

static void put(uint8_t *payload, uint32_t *size, uint32_t value)
{
	adx_ipc_put_u32(payload + *size, value);
	*size += 4;
}

static void init_data(struct rng *r, uint8_t *p, uint32_t *size)
{
	static const uint32_t types[] = { ADX_IPC_MODULE_HOST_COPIER, ADX_IPC_MODULE_DAI_COPIER,
					  ADX_IPC_MODULE_VOLUME, ADX_IPC_MODULE_DP_PASSTHROUGH,
					  RECORDER_TYPE_ID, 99 };
	static const uint32_t gains[] = { ADX_VOLUME_UNITY_Q8_23, 0, 1u << 27, 0x80000000u };
	uint32_t type = pick(r, types, N(types));

	put(p, size, type);
	switch (type) {
	case ADX_IPC_MODULE_HOST_COPIER:
	case ADX_IPC_MODULE_DAI_COPIER:
		put(p, size, below(r, 3));                      /* gateway */
		break;
	case ADX_IPC_MODULE_VOLUME:
		if (below(r, 2)) {
			put(p, size, pick(r, gains, N(gains)));
			put(p, size, below(r, 200));
		}
		break;
	case ADX_IPC_MODULE_DP_PASSTHROUGH: {
		static const uint32_t blocks[] = { 48, 96, 0, 48001 };
		static const uint32_t periods[] = { 1000, 2000, 1500 };
		struct adx_dp_passthrough_init dp = {
			.block_frames = pick(r, blocks, N(blocks)),
			.period_us = pick(r, periods, N(periods)),
			.cycle_cost_ns = below(r, 3) * 300000u,
		};

		memcpy(p + *size, &dp, sizeof(dp));
		*size += sizeof(dp);
		break;
	}
	default:
		put(p, size, below(r, RECORDER_SLOTS + 1));
		break;
	}
}

/* Random, or (half the time, while a transfer is open) its next fragment. */
static void large_set(struct storm *st, struct adx_ipc_msg_header *hdr, uint8_t *p,
		      uint32_t *size)
{
	static const uint32_t dos[] = { 0, 8, 100, 1000, 2000, 3000, 65537 };
	struct rng *r = &st->r;
	struct fragment_sent *f = &st->last;
	const struct transfer *t = &st->transfer;

	if (t->active && below(r, 2)) {
		uint32_t left = t->total - t->received;

		f->instance = t->instance;
		f->config_id = t->config_id;
		f->data_off_size = t->received;
		f->size = below(r, 4) ? below(r, left < 1200 ? left + 1 : 1200) : left;
		f->flags = f->size == left || below(r, 10) == 0 ? ADX_IPC_FINAL_BLOCK : 0;
	} else {
		f->instance = instance_id(st);
		f->config_id = 1 + below(r, 2);
		f->flags = below(r, 4);
		f->data_off_size = pick(r, dos, N(dos));
		/* a third carry exactly data_off_size bytes: whole single blocks */
		f->size = below(r, 3) == 0 && f->data_off_size <= 3000 ? f->data_off_size :
									     below(r, 1200);
	}
	f->valid = true;
	hdr->target = f->instance;
	hdr->extension = f->flags;
	put(p, size, f->config_id);
	put(p, size, f->data_off_size);
	for (uint32_t i = 0; i < f->size; i++)
		p[(*size)++] = (uint8_t)next(r);
}

/* Follows the reply the way a host would. */
static void track_transfer(struct storm *st, uint32_t status)
{
	const struct fragment_sent *f = &st->last;
	struct transfer *t = &st->transfer;

	if (!f->valid)
		return;
	if (status != ADX_IPC_OK || (f->flags & ADX_IPC_FINAL_BLOCK)) {
		if (t->instance == f->instance)
			t->active = false;
		return;
	}
	if (f->flags & ADX_IPC_INIT_BLOCK) {
		*t = (struct transfer){ .active = true, .instance = f->instance,
					.config_id = f->config_id, .total = f->data_off_size,
					.received = f->size };
	} else if (t->active && t->instance == f->instance) {
		t->received += f->size;
	}
}

/* A plausible message of a random type. */
static void make_message(struct storm *st, struct message *m)
{
	/* Weighted by repetition: builders and config more than destroyers. */
	static const uint32_t types[] = {
		ADX_IPC_CREATE_PIPELINE, ADX_IPC_CREATE_PIPELINE, ADX_IPC_DELETE_PIPELINE,
		ADX_IPC_SET_PIPELINE_STATE, ADX_IPC_SET_PIPELINE_STATE, ADX_IPC_SET_PIPELINE_STATE,
		ADX_IPC_INIT_INSTANCE, ADX_IPC_INIT_INSTANCE, ADX_IPC_INIT_INSTANCE,
		ADX_IPC_INIT_INSTANCE, ADX_IPC_DELETE_INSTANCE, ADX_IPC_BIND, ADX_IPC_BIND,
		ADX_IPC_BIND, ADX_IPC_UNBIND, ADX_IPC_SET_CONFIG, ADX_IPC_GET_CONFIG,
		ADX_IPC_LARGE_CONFIG_SET, ADX_IPC_LARGE_CONFIG_SET, ADX_IPC_LARGE_CONFIG_SET,
		ADX_IPC_LARGE_CONFIG_SET, ADX_IPC_LARGE_CONFIG_SET, ADX_IPC_LARGE_CONFIG_GET,
		ADX_IPC_LARGE_CONFIG_ABORT, 0x42,
	};
	static const uint32_t periods[] = { 48, 48, 0, 1, 1024, 1025 };
	static const uint32_t frames[] = { 96, 192, 96, 0, 48 };
	static const uint32_t rates[] = { 48000, 48000, 44100, 0 };
	static const uint32_t channels[] = { 2, 2, 1, 9 };
	static const uint32_t formats[] = { ADX_FMT_S32_LE, ADX_FMT_S32_LE, ADX_FMT_S16_LE, 3 };
	struct rng *r = &st->r;
	struct adx_ipc_msg_header hdr = { .type = pick(r, types, N(types)) };
	uint8_t payload[ADX_IPC_MAILBOX_BYTES];
	uint32_t size = 0;

	st->last.valid = false;
	switch (hdr.type) {
	case ADX_IPC_CREATE_PIPELINE:
		hdr.target = pipeline_id(st);
		put(payload, &size, pick(r, periods, N(periods)));
		put(payload, &size, below(r, 4) == 0 ? below(r, 3) : 0);
		break;
	case ADX_IPC_DELETE_PIPELINE:
		/* rare, or the storm would mostly meet empty tables */
		hdr.target = below(r, 4) ? ADX_IPC_MAX_PIPELINES + 1 : pipeline_id(st);
		break;
	case ADX_IPC_SET_PIPELINE_STATE:
		hdr.target = pipeline_id(st);
		hdr.extension = below(r, 4);
		break;
	case ADX_IPC_INIT_INSTANCE:
		hdr.target = instance_id(st);
		hdr.extension = pipeline_id(st);
		init_data(r, payload, &size);
		break;
	case ADX_IPC_BIND:
		put(payload, &size, pick(r, frames, N(frames)));
		put(payload, &size, pick(r, rates, N(rates)));
		put(payload, &size, pick(r, channels, N(channels)));
		put(payload, &size, pick(r, formats, N(formats)));
		hdr.target = instance_id(st);
		hdr.extension = instance_id(st);
		break;
	case ADX_IPC_UNBIND:
		hdr.target = instance_id(st);
		hdr.extension = instance_id(st);
		break;
	case ADX_IPC_SET_CONFIG:
		put(payload, &size, ADX_VOLUME_UNITY_Q8_23 >> below(r, 3));
		put(payload, &size, below(r, 100));
		size -= below(r, 3) == 0 ? 4 : 0;
		hdr.target = instance_id(st);
		hdr.extension = 1 + below(r, 2);
		break;
	case ADX_IPC_GET_CONFIG:
		hdr.target = instance_id(st);
		hdr.extension = 1 + below(r, 2);
		break;
	case ADX_IPC_LARGE_CONFIG_SET:
		large_set(st, &hdr, payload, &size);
		break;
	case ADX_IPC_LARGE_CONFIG_GET:
		hdr.target = instance_id(st);
		put(payload, &size, 1 + below(r, 2));
		put(payload, &size, below(r, 2) ? 0 : below(r, 200));
		break;
	default:
		hdr.target = instance_id(st);
		break;
	}
	hdr.payload_size = size;
	m->size = adx_ipc_build(m->bytes, sizeof(m->bytes), &hdr, payload);
	assert_int_not_equal(m->size, 0);
}

/* Flips bytes, cuts, extends, or replaces the message with noise. */
static void mutate(struct rng *r, struct message *m)
{
	switch (below(r, 5)) {
	case 0:
		for (uint32_t i = 0, n = 1 + below(r, 4); i < n; i++)
			m->bytes[below(r, (uint32_t)m->size)] = (uint8_t)next(r);
		break;
	case 1:
		m->size = below(r, (uint32_t)m->size + 1);
		break;
	case 2:
		for (uint32_t i = 0, n = 1 + below(r, 8); i < n; i++)
			m->bytes[m->size++] = (uint8_t)next(r);
		break;
	case 3:
		/* a payload of a wrong size behind a header that agrees with it */
		m->size = ADX_IPC_HEADER_BYTES + below(r, 40);
		adx_ipc_put_u32(m->bytes + 12, (uint32_t)m->size - ADX_IPC_HEADER_BYTES);
		break;
	default:
		m->size = below(r, 64);
		for (size_t i = 0; i < m->size; i++)
			m->bytes[i] = (uint8_t)next(r);
		break;
	}
}

/* Per-owner accounting agrees with what a heap walk finds. */
static void assert_module_figures(struct ipc_fixture *f)
{
	for (uint32_t id = 0; id < ADX_IPC_MAX_INSTANCES; id++) {
		struct adx_module *mod = adx_ipc_instance_module(&f->ipc, id);

		if (mod)
			assert_int_equal(mod->mem.used_bytes, adx_mem_owner_walk_bytes(&mod->mem));
	}
}

static void random_and_mutated_messages_never_corrupt_or_leak(void **state)
{
	static struct ipc_fixture f;
	static struct message m;
	struct storm st = { .r = { .state = 0x9e3779b97f4a7c15ull }, .ipc = &f.ipc };
	struct rng *r = &st.r;
	unsigned int accepted = 0;

	(void)state;
	memset(recorder_logs, 0, sizeof(recorder_logs));
	fix_init(&f, 256 * 1024, 4096, 48000, 48000);
	for (uint32_t i = 0; i < ITERATIONS; i++) {
		size_t before = fix_heap_used(&f);
		uint32_t status;

		make_message(&st, &m);
		if (below(r, 10) < 3) {
			mutate(r, &m);
			st.last.valid = false;
		}
		f.reply_capacity = below(r, 8) == 0 ? ADX_IPC_HEADER_BYTES + below(r, 64) :
						      sizeof(f.reply);
		status = fix_send_raw(&f, m.bytes, m.size);
		track_transfer(&st, status);
		assert_true(f.reply_size <= f.reply_capacity);
		assert_int_equal(adx_heap_validate(f.heap), 0);
		if (status != ADX_IPC_OK)
			assert_true(fix_heap_used(&f) <= before);
		else
			accepted++;
		if (i % 64 == 63)
			assert_int_equal(adx_sched_run_ticks(&f.sched, 2), 0);
		if (i % 256 == 255)
			assert_module_figures(&f);
	}
	/* The storm reached past the header checks often enough to mean something. */
	assert_true(accepted > ITERATIONS / 20);
	assert_true(f.ipc.stats.blobs_delivered > 10);
	assert_true(f.ipc.stats.assemblies_dropped > 10);
	fix_destroy(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_and_mutated_messages_never_corrupt_or_leak),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
