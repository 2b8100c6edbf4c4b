// SPDX-License-Identifier: BSD-3-Clause
/*
 * Interleaving explorer, engine-slot level: a small DP test module that
 * reaches its engine memory through the real engine slot
 * (src/modules/dax/engine_slot.c) and its parameters through the real
 * staged controls (src/modules/dax/dax_controls.c), against each control
 * op: reset (claim + poison), free (claim + heap free), set_configuration
 * (three staged writes), tuning blob load (two blobs) and an ownership
 * handoff between two instances. Every schedule with up to two
 * preemptions runs; invariants:
 *  - no use of released memory (the control side marks the region before
 *    it poisons or frees it; a cycle that touches it afterwards counts);
 *  - no torn parameter set (every adopted set equals a set the control
 *    side published, generation for generation), latest setting wins;
 *  - at most one cycle holds the engine, and only its owner;
 *  - no frame processed twice or skipped by the engine (it tracks the
 *    next frame it expects from its owner);
 *  - the LL tick keeps running (an LL task counts ticks after the op).
 * Two deliberately broken variants, compiled only here, must be caught:
 *  - FLAG_RMW_BROKEN: the claim-pending flag set with load + store (the
 *    read-then-add of the discussion) instead of an atomic fetch-or;
 *  - RELEASE_EARLY: the cycle puts the engine back before it has finished
 *    with it (the SPIN model's negative control, replayed in C).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/dsp/tuning.h"
#include "adx/mem/heap.h"
#include "adx/mem/module_mem.h"
#include "adx/sched/sched.h"
#include "dax_controls.h"
#include "engine_slot.h"
#include "explorer.h"
#include "tuning_blob.h"

#define ARENA_BYTES (256u * 1024u)
#define FRAMES 48u
#define TM_MAGIC 0x544d454eu
#define CLAIM_TIMEOUT_NS 200000u   /* a claim against a paused cycle times out fast */
#define MAX_ADOPTED 8
#define MAX_HISTORY 8

enum variant { V_REAL, V_FLAG_RMW_BROKEN, V_RELEASE_EARLY };
enum op { OP_RESET, OP_FREE, OP_SET_CONFIG, OP_TUNING, OP_HANDOFF };

static const char *const op_names[] = { "reset", "free", "set_configuration", "tuning",
					"handoff" };
static const char *const variant_names[] = { "real", "flag-load-store", "release-early" };

struct tm_engine {
	uint32_t magic;
	uint32_t owner;
	_Atomic uint32_t users;
	bool fresh;                 /* no frame processed since install */
	uint64_t next_frame;        /* the owner's frame it expects next */
};

struct world;

struct tmod {
	int id;
	struct world *w;
	struct adx_dp_task task;
	struct adx_engine_slot slot;
	struct dax_staging staging;
	struct dax_control_set set;
	uint64_t frame;
	uint64_t processed, bypassed;
	struct adx_dax_controls adopted[MAX_ADOPTED];
	uint32_t adopted_tuning[MAX_ADOPTED];
	int num_adopted;
};

struct world {
	enum variant variant;
	enum op op;
	struct adx_sched sched;
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_mem_owner mem;
	struct tmod tm[2];
	int num_tm;
	struct tm_engine *region;
	bool region_released;       /* control side took it: no cycle may touch it */
	bool region_freed;
	int claim_ret;
	struct adx_ll_task ll;
	uint64_t ll_ticks;
	struct adx_dax_controls history[MAX_HISTORY];
	int num_history;
	uint8_t blobs[2][20];
	uint32_t blob_generation[2];
	uint64_t violations;
	char why[160];
};

struct config {
	enum variant variant;
	enum op op;
};

static void violation(struct world *w, const char *fmt, ...)
{
	va_list ap;

	if (!w->violations++) {
		va_start(ap, fmt);
		vsnprintf(w->why, sizeof(w->why), fmt, ap);
		va_end(ap);
	}
}

/* ---- the slot, as built and as broken ---- */

/* The read-then-add flag update: the pending bit set by load + store. */
static int claim_flag_broken(struct adx_engine_slot *slot, void *expected)
{
	uintptr_t word = atomic_load(&slot->word);
	uintptr_t want = (uintptr_t)expected | 1u;

	adx_yield_point("broken.claim.flag");
	atomic_store(&slot->word, word | 1u);
	if (atomic_compare_exchange_strong(&slot->word, &want, 0))
		return 0;
	atomic_fetch_and(&slot->word, ~(uintptr_t)1u);
	return -ETIMEDOUT;
}

static int claim(struct world *w, struct tmod *t)
{
	if (w->variant == V_FLAG_RMW_BROKEN)
		return claim_flag_broken(&t->slot, w->region);
	return adx_engine_slot_claim(&t->slot, w->region, CLAIM_TIMEOUT_NS);
}

/* ---- the DP test module ---- */

/* Touches the engine; never dereferences memory the control side released. */
static bool engine_ok(struct tmod *t, struct tm_engine *e, const char *where)
{
	struct world *w = t->w;

	if (e == w->region && (w->region_released || w->region_freed)) {
		violation(w, "cycle of instance %d used released engine memory (%s)", t->id,
			  where);
		return false;
	}
	if (e->magic != TM_MAGIC || e->owner != (uint32_t)t->id) {
		violation(w, "instance %d met an engine it does not own (%s)", t->id, where);
		return false;
	}
	return true;
}

static void check_blob(struct tmod *t)
{
	const struct dax_blob *blob = t->set.blob;
	struct world *w = t->w;
	int which = -1;

	if (!blob)
		return;
	for (int i = 0; i < 2; i++)
		if (t->set.tuning_generation == w->blob_generation[i])
			which = i;
	/* Read in two halves with a yield between: the blob must stay put. */
	for (size_t half = 0; half < 2; half++) {
		size_t off = half * 10;

		if (half)
			adx_yield_point("tm.blob.read");
		if (which < 0 || blob->bytes != sizeof(w->blobs[0]) ||
		    memcmp(blob->data + off, w->blobs[which] + off, 10))
			violation(w, "instance %d read a tuning blob that is not the one staged",
				  t->id);
	}
}

static void adopt(struct tmod *t)
{
	if (!dax_staging_adopt(&t->staging, &t->set))
		return;
	if (t->num_adopted < MAX_ADOPTED) {
		t->adopted[t->num_adopted] = t->set.values;
		t->adopted_tuning[t->num_adopted++] = t->set.tuning_generation;
	}
	check_blob(t);
}

static void process_frames(struct tmod *t, struct tm_engine *e)
{
	if (!e->fresh && e->next_frame != t->frame)
		violation(t->w, "instance %d: engine expected frame %llu, got %llu", t->id,
			  (unsigned long long)e->next_frame, (unsigned long long)t->frame);
	e->fresh = false;
	e->next_frame = t->frame + FRAMES;
}

static int tm_cycle(void *ctx)
{
	struct tmod *t = ctx;
	struct tm_engine *e;

	adopt(t);
	e = adx_engine_slot_take(&t->slot);
	if (!e) {
		t->bypassed += FRAMES;
		t->frame += FRAMES;
		return 0;
	}
	if (atomic_fetch_add(&e->users, 1) != 0)
		violation(t->w, "two cycles hold the engine at once");
	for (int step = 0; step < 2 && engine_ok(t, e, "process"); step++) {
		adx_yield_point("tm.process");
		if (engine_ok(t, e, "process") && step == 1)
			process_frames(t, e);
	}
	if (t->w->variant == V_RELEASE_EARLY) {
		/* Broken: the slot goes back while the cycle still writes its state. */
		atomic_fetch_sub(&e->users, 1);
		adx_engine_slot_put(&t->slot, e);
		adx_yield_point("tm.after_put");
		if (engine_ok(t, e, "after put"))
			e->next_frame = t->frame + FRAMES;
	} else {
		adx_yield_point("tm.finish");
		if (engine_ok(t, e, "finish"))
			atomic_fetch_sub(&e->users, 1);
		adx_engine_slot_put(&t->slot, e);
	}
	t->processed += FRAMES;
	t->frame += FRAMES;
	return 0;
}

/* ---- control ops (run in the explorer's control coroutine) ---- */

static void poison(struct world *w)
{
	w->region_released = true;
	memset(w->region, 0xDB, sizeof(*w->region));
}

static void install(struct world *w, struct tmod *t)
{
	memset(w->region, 0, sizeof(*w->region));
	w->region->magic = TM_MAGIC;
	w->region->owner = (uint32_t)t->id;
	w->region->fresh = true;
	w->region_released = false;
	adx_engine_slot_install(&t->slot, w->region);
}

static void record(struct world *w, struct tmod *t)
{
	struct dax_control_set set;

	dax_staging_snapshot(&t->staging, &set);
	if (w->num_history < MAX_HISTORY)
		w->history[w->num_history++] = set.values;
}

static void make_blob(uint8_t *blob, float ceiling)
{
	tuning_put_scalar_record(blob, ADX_TUNING_LIMITER, ADX_TUNING_ANY, ADX_TUNING_ANY, ceiling);
}

static void stage_blob(struct world *w, struct tmod *t, int i)
{
	struct dax_control_set set;

	if (dax_staging_set_tuning(&t->staging, w->blobs[i], sizeof(w->blobs[i]), NULL))
		violation(w, "a valid tuning blob was refused");
	dax_staging_snapshot(&t->staging, &set);
	w->blob_generation[i] = set.tuning_generation;
	if (w->num_history < MAX_HISTORY)
		w->history[w->num_history++] = set.values;
}

static void control(void *world)
{
	struct world *w = world;
	struct tmod *t = &w->tm[0];

	switch (w->op) {
	case OP_RESET:
		w->claim_ret = claim(w, t);
		if (!w->claim_ret)
			poison(w);
		break;
	case OP_FREE:
		w->claim_ret = claim(w, t);
		if (!w->claim_ret) {
			w->region_freed = true;
			adx_mod_free(&w->mem, w->region);
		}
		break;
	case OP_SET_CONFIG:
		if (dax_staging_set_u32(&t->staging, ADX_DAX_CFG_PROFILE, ADX_DAX_PROFILE_MUSIC))
			violation(w, "profile refused");
		record(w, t);
		if (dax_staging_set_u32(&t->staging, ADX_DAX_CFG_VOLUME, 0x40000000u))
			violation(w, "volume refused");
		record(w, t);
		if (dax_staging_set_u32(&t->staging, ADX_DAX_CFG_PROFILE, ADX_DAX_PROFILE_VOICE))
			violation(w, "profile refused");
		record(w, t);
		break;
	case OP_TUNING:
		stage_blob(w, t, 0);
		stage_blob(w, t, 1);
		break;
	case OP_HANDOFF:
		w->claim_ret = claim(w, t);
		if (w->claim_ret)
			break;
		poison(w);
		adx_yield_point("ctl.handoff.poisoned");
		install(w, &w->tm[1]);
		break;
	}
}

/* ---- world ---- */

static void count_tick(void *ctx)
{
	struct world *w = ctx;

	w->ll_ticks++;
}

static void tm_setup(struct world *w, struct tmod *t, int id)
{
	static const char *const names[] = { "tm0", "tm1" };

	t->id = id;
	t->w = w;
	assert_int_equal(adx_engine_slot_init(&t->slot), 0);
	assert_int_equal(dax_staging_init(&t->staging, &w->mem, ADX_DAX_DEVICE_SPEAKER), 0);
	t->task = (struct adx_dp_task){ .name = names[id], .run_cycle = tm_cycle, .ctx = t,
					.period_us = 1000, .cost_ns = 100000 };
	assert_int_equal(adx_sched_add_dp(&w->sched, &t->task), 0);
	assert_int_equal(adx_dp_task_start(&t->task), 0);
}

static void *setup(void *ctx)
{
	const struct config *cfg = ctx;
	struct adx_sched_config sc = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };
	struct world *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	w->variant = cfg->variant;
	w->op = cfg->op;
	w->arena = aligned_alloc(64, ARENA_BYTES);
	assert_non_null(w->arena);
	w->heap = adx_heap_init_tlsf(w->arena, ARENA_BYTES);
	assert_non_null(w->heap);
	assert_int_equal(adx_mem_owner_init(&w->mem, w->heap, "explorer"), 0);
	assert_int_equal(adx_sched_init(&w->sched, &sc), 0);
	w->ll = (struct adx_ll_task){ .name = "ll", .run = count_tick, .ctx = w };
	assert_int_equal(adx_sched_add_ll(&w->sched, &w->ll), 0);
	w->num_tm = cfg->op == OP_HANDOFF ? 2 : 1;
	for (int i = 0; i < w->num_tm; i++)
		tm_setup(w, &w->tm[i], i);
	w->region = adx_mod_alloc(&w->mem, sizeof(*w->region), 64);
	assert_non_null(w->region);
	install(w, &w->tm[0]);
	make_blob(w->blobs[0], -1.0f);
	make_blob(w->blobs[1], -3.0f);
	record(w, &w->tm[0]); /* generation 1: the defaults */
	assert_int_equal(adx_sched_run_ticks(&w->sched, 2), 0); /* a processing history */
	return w;
}

static struct adx_sched *world_sched(void *world)
{
	return &((struct world *)world)->sched;
}

static int world_tasks(void *world, struct adx_dp_task **tasks)
{
	struct world *w = world;

	for (int i = 0; i < w->num_tm; i++)
		tasks[i] = &w->tm[i].task;
	return w->num_tm;
}

static const char *check_step(void *world)
{
	struct world *w = world;

	return w->violations ? w->why : NULL;
}

static bool same_values(const struct adx_dax_controls *a, const struct adx_dax_controls *b)
{
	return a->profile == b->profile && a->volume_q1_31 == b->volume_q1_31 &&
	       a->volume_q8_23 == b->volume_q8_23 && a->generation == b->generation;
}

/* Every adopted set is one the control side published, and the last one wins. */
static void check_parameters(struct world *w, struct tmod *t)
{
	for (int i = 0; i < t->num_adopted; i++) {
		bool known = false;

		for (int h = 0; h < w->num_history; h++)
			known |= same_values(&t->adopted[i], &w->history[h]);
		if (!known)
			violation(w, "torn parameter set adopted (generation %u)",
				  (unsigned int)t->adopted[i].generation);
	}
	if (!t->num_adopted || !same_values(&t->adopted[t->num_adopted - 1],
					    &w->history[w->num_history - 1]))
		violation(w, "the latest setting did not win");
}

static const char *check_end(void *world)
{
	struct world *w = world;
	uint64_t ticks = w->ll_ticks;

	/* Two more ticks, no pauses: the LL tick runs, every latest value arrives. */
	if (adx_sched_run_ticks(&w->sched, 2) != 0 || w->ll_ticks != ticks + 2)
		violation(w, "the LL tick did not run after the control op");
	if ((w->op == OP_RESET || w->op == OP_FREE) && w->claim_ret &&
	    w->claim_ret != -ETIMEDOUT)
		violation(w, "claim failed with %d", w->claim_ret);
	if (w->op == OP_SET_CONFIG || w->op == OP_TUNING)
		check_parameters(w, &w->tm[0]);
	if (w->op == OP_TUNING && w->tm[0].adopted_tuning[w->tm[0].num_adopted - 1] !=
					  w->blob_generation[1])
		violation(w, "the latest tuning blob did not win");
	for (int i = 0; i < w->num_tm; i++)
		if (w->tm[i].processed + w->tm[i].bypassed != w->tm[i].frame)
			violation(w, "instance %d lost frames", i);
	if (adx_heap_validate(w->heap))
		violation(w, "heap invalid");
	return w->violations ? w->why : NULL;
}

static void teardown(void *world)
{
	struct world *w = world;

	adx_sched_destroy(&w->sched);
	for (int i = 0; i < w->num_tm; i++) {
		dax_staging_destroy(&w->tm[i].staging);
		adx_engine_slot_destroy(&w->tm[i].slot);
	}
	if (!w->region_freed)
		adx_mod_free(&w->mem, w->region);
	assert_int_equal(adx_mem_owner_release(&w->mem), 0);
	assert_int_equal(adx_heap_validate(w->heap), 0);
	adx_heap_retire(w->heap);
	free(w->arena);
	free(w);
}

static struct rx_result explore(enum variant variant, enum op op)
{
	struct config cfg = { .variant = variant, .op = op };
	char name[64];
	struct rx_scenario sc = {
		.name = name, .max_preemptions = 2, .ctx = &cfg, .setup = setup,
		.sched = world_sched, .dp_tasks = world_tasks, .control = control,
		.check_step = check_step, .check_end = check_end, .teardown = teardown,
	};
	struct rx_result res;

	snprintf(name, sizeof(name), "slot/%s/%s", variant_names[variant], op_names[op]);
	assert_int_equal(rx_explore(&sc, &res), 0);
	rx_print(&sc, &res);
	return res;
}

static uint64_t total_explored, total_violated;

static void every_interleaving_of_the_real_slot_keeps_every_invariant(void **state)
{
	(void)state;
	for (int op = OP_RESET; op <= OP_HANDOFF; op++) {
		struct rx_result res = explore(V_REAL, (enum op)op);

		assert_true(res.explored > 1);
		assert_int_equal(res.violated, 0);
		total_explored += res.explored;
	}
}

static void the_read_then_add_flag_update_is_caught(void **state)
{
	(void)state;
	for (int op = OP_RESET; op <= OP_HANDOFF; op += OP_HANDOFF - OP_RESET) {
		struct rx_result res = explore(V_FLAG_RMW_BROKEN, (enum op)op);

		assert_true(res.violated > 0);
		total_explored += res.explored;
		total_violated += res.violated;
	}
}

static void a_slot_released_before_the_cycle_ends_is_caught(void **state)
{
	(void)state;
	for (int op = OP_RESET; op <= OP_HANDOFF; op += OP_HANDOFF - OP_RESET) {
		struct rx_result res = explore(V_RELEASE_EARLY, (enum op)op);

		assert_true(res.violated > 0);
		total_explored += res.explored;
		total_violated += res.violated;
	}
}

/*
 * The SPIN counterexample of ownership.pml -DBROKEN_RELEASE_EARLY, step for
 * step (tests/reliability/spin/run.sh checks the trail still reads so):
 *   dp_take           D0: adopt, take           (engine_slot.take)
 *   dp_use            D0: two process steps     (tm.process x2)
 *   dp_release_early  D0: put, cycle goes on    (engine_slot.put)
 *   ctl_claim         C : to its first yield point (engine_slot.claim), then
 *                         adx_engine_slot_claim succeeds
 *   ctl_poison        C : region poisoned
 *   dp_use_after      D0: touches the engine    (tm.after_put) -> caught
 * The same schedule against the real slot code path must be clean.
 */
static const int spin_trail[] = { 0, 0, 0, 0, 0, RX_CTL, RX_CTL, 0 };

static struct rx_result replay(enum variant variant)
{
	struct config cfg = { .variant = variant, .op = OP_RESET };
	struct rx_scenario sc = {
		.name = "spin-trail", .max_preemptions = 2, .ctx = &cfg, .setup = setup,
		.sched = world_sched, .dp_tasks = world_tasks, .control = control,
		.check_step = check_step, .check_end = check_end, .teardown = teardown,
	};
	struct rx_result res;

	assert_int_equal(rx_replay(&sc, spin_trail, 8, &res), 0);
	printf("RELIABILITY spin-trail replay %s: violated=%llu schedule: %s%s%s\n",
	       variant_names[variant], (unsigned long long)res.violated, res.first_schedule,
	       res.violated ? " : " : "", res.first_violation);
	return res;
}

static void spin_trail_release_early_replays_in_c(void **state)
{
	struct rx_result res;

	(void)state;
	res = replay(V_RELEASE_EARLY);
	assert_int_equal(res.violated, 1);
	assert_non_null(strstr(res.first_violation, "released engine memory (after put)"));
	res = replay(V_REAL);
	assert_int_equal(res.violated, 0);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_interleaving_of_the_real_slot_keeps_every_invariant),
		cmocka_unit_test(the_read_then_add_flag_update_is_caught),
		cmocka_unit_test(a_slot_released_before_the_cycle_ends_is_caught),
		cmocka_unit_test(spin_trail_release_early_replays_in_c),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	printf("RELIABILITY explorer-slot total: explored=%llu violated(broken variants only)=%llu\n",
	       (unsigned long long)total_explored, (unsigned long long)total_violated);
	return failed;
}
