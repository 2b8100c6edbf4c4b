// SPDX-License-Identifier: BSD-3-Clause
/*
 * Memory: an allocation failure injected at every allocation site of init,
 * prepare and set_configuration (the heap's failure injection) is met with
 * a named error and no leak, and the module works afterwards; process()
 * never allocates or frees (the heap observer traps it while process runs).
 */
#include <errno.h>
#include <string.h>

#include "adx/test_hooks.h"
#include "val_checks.h"
#include "val_trap.h"

/* Sites counted in a clean run of `op` on a rig brought to `from`. */
typedef int (*mem_op_fn)(struct val_rig *rig, int arg);

static int op_init(struct val_rig *rig, int arg)
{
	(void)arg;
	return val_rig_init(rig);
}

static int op_prepare(struct val_rig *rig, int arg)
{
	(void)arg;
	return val_rig_prepare(rig);
}

static int op_config(struct val_rig *rig, int arg)
{
	return val_send_config(rig, arg);
}

struct mem_site_case {
	const char *op;
	enum adx_module_state from;   /* state the op is called in */
	mem_op_fn run;
	int arg;
	enum adx_module_state after_failure; /* where a failed op must leave it */
};

static int open_at(struct val_ctx *ctx, struct val_rig *rig, enum adx_module_state from)
{
	struct adx_stream_params params;

	val_default_params(ctx->target, &params);
	if (val_rig_open(rig, ctx->target, &params, ADX_EXEC_VIRTUAL))
		return -ENOMEM;
	if (from == ADX_MOD_DISABLED)
		return 0;
	return val_rig_reach(rig, from);
}

/*
 * After the injected failure: retry without one (unless the op coped and
 * succeeded anyway), run audio, free cleanly.
 */
static bool usable_after(struct val_rig *rig, const struct mem_site_case *c,
			 struct val_result *res, uint64_t nth, bool retry)
{
	char after[96];
	int ret = retry ? c->run(rig, c->arg) : 0;

	if (ret) {
		val_fail(res, "%s failed again (%d) once allocation %llu no longer failed",
			 c->op, ret, (unsigned long long)nth);
		return false;
	}
	if (adx_module_state(rig->mod) != ADX_MOD_RUNNING) {
		ret = val_rig_prepare(rig);
		ret = ret ? ret : adx_module_trigger(rig->mod, ADX_TRIGGER_START);
	}
	ret = ret ? ret : val_run_noise(rig, 1, 8);
	if (ret || rig->mod->stats.process_errors) {
		val_fail(res, "after allocation %llu of %s failed, the module no longer "
			 "processes (%d)", (unsigned long long)nth, c->op, ret);
		return false;
	}
	snprintf(after, sizeof(after), "allocation %llu of %s failed",
		 (unsigned long long)nth, c->op);
	return val_free_leaves_nothing(rig, res, after);
}

static bool fails_cleanly(struct val_rig *rig, const struct mem_site_case *c,
			  struct val_result *res, uint64_t nth)
{
	size_t module_bytes = rig->mod ? rig->mod->mem.used_bytes : 0;
	size_t heap_bytes = val_rig_heap_bytes(rig);
	enum adx_module_state state;
	int ret;

	adx_heap_inject_failure(rig->heap, nth, false);
	ret = c->run(rig, c->arg);
	adx_heap_inject_failure(rig->heap, 0, false);
	if (ret == 0)
		return usable_after(rig, c, res, nth, false);
	state = adx_module_state(&rig->inst.mod);
	if (ret != -ENOMEM) {
		val_fail(res, "allocation %llu of %s failed and %s returned %d, not -ENOMEM",
			 (unsigned long long)nth, c->op, c->op, ret);
		return false;
	}
	if (state != c->after_failure) {
		val_fail(res, "failed %s (allocation %llu) left %s, not %s", c->op,
			 (unsigned long long)nth, adx_module_state_name(state),
			 adx_module_state_name(c->after_failure));
		return false;
	}
	if (c->from == ADX_MOD_DISABLED ?
	    val_rig_heap_bytes(rig) != heap_bytes :
	    rig->mod->mem.used_bytes != module_bytes) {
		val_fail(res, "failed %s (allocation %llu) kept memory: heap %zu -> %zu bytes",
			 c->op, (unsigned long long)nth, heap_bytes, val_rig_heap_bytes(rig));
		return false;
	}
	return usable_after(rig, c, res, nth, true);
}

static uint64_t count_sites(struct val_ctx *ctx, const struct mem_site_case *c)
{
	struct val_rig rig;
	uint64_t before, sites = 0;

	if (!open_at(ctx, &rig, c->from)) {
		before = val_rig_heap_allocs(&rig);
		if (!c->run(&rig, c->arg))
			sites = val_rig_heap_allocs(&rig) - before;
	}
	val_rig_close(&rig);
	return sites;
}

static void every_site(struct val_ctx *ctx, struct val_result *res,
		       const struct mem_site_case *c, uint64_t *total)
{
	uint64_t sites = count_sites(ctx, c);

	for (uint64_t nth = 1; nth <= sites && !res->failed; nth++) {
		struct val_rig rig;

		if (open_at(ctx, &rig, c->from))
			val_fail(res, "could not set up %s", c->op);
		else
			fails_cleanly(&rig, c, res, nth);
		val_rig_close(&rig);
	}
	*total += sites;
}

static void init_prepare_sites(struct val_ctx *ctx, struct val_result *res)
{
	const struct mem_site_case cases[] = {
		{ "init", ADX_MOD_DISABLED, op_init, 0, ADX_MOD_DISABLED },
		{ "prepare", ADX_MOD_INITIALIZED, op_prepare, 0, ADX_MOD_INITIALIZED },
	};
	uint64_t total = 0;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		every_site(ctx, res, &cases[i], &total);
	val_note(ctx, "%llu allocation sites in init and prepare", (unsigned long long)total);
}

static void config_sites(struct val_ctx *ctx, struct val_result *res)
{
	int n = val_config_count(ctx->target);
	uint64_t total = 0;

	if (!n) {
		val_skip(res, "the module declares no configuration");
		return;
	}
	for (int i = 0; i < n; i++) {
		const struct mem_site_case c = {
			"set_configuration", ADX_MOD_RUNNING, op_config, i, ADX_MOD_RUNNING,
		};

		every_site(ctx, res, &c, &total);
	}
	val_note(ctx, "%llu allocation sites in %d configurations", (unsigned long long)total, n);
}

/* Runs the module through configurations and restarts: process() in many situations. */
static int exercise_process(struct val_ctx *ctx, struct val_rig *rig)
{
	struct adx_stream_params params;
	int configs = val_config_count(ctx->target);
	int ret;

	val_default_params(ctx->target, &params);
	ret = val_rig_open(rig, ctx->target, &params, ADX_EXEC_VIRTUAL);
	ret = ret ? ret : val_rig_start(rig);
	for (int round = 0; !ret && round < 8 * ctx->strictness; round++) {
		if (configs)
			val_send_config(rig, round % configs);
		if (round % 8 == 7) {
			ret = adx_module_trigger(rig->mod, ADX_TRIGGER_STOP);
			ret = ret ? ret : adx_module_trigger(rig->mod, ADX_TRIGGER_START);
		}
		ret = ret ? ret : val_run_noise(rig, ctx->seed + (uint64_t)round, 12);
	}
	return ret;
}

static void no_allocation_in_process(struct val_ctx *ctx, struct val_result *res)
{
	struct val_rig rig;
	int ret = exercise_process(ctx, &rig);

	if (ret) {
		val_fail(res, "the module did not run: %d", ret);
	} else if (atomic_load(&rig.heap_events_in_process)) {
		const struct adx_heap_event *ev = &rig.first_event_in_process;

		val_fail(res, "process() touched the heap %llu time(s); first: %s of %zu bytes",
			 (unsigned long long)atomic_load(&rig.heap_events_in_process),
			 ev->kind == ADX_HEAP_EV_ALLOC ? "allocation" :
			 ev->kind == ADX_HEAP_EV_FREE ? "free" : "failed allocation", ev->size);
	} else {
		val_note(ctx, "module memory high-water %zu bytes over %llu process calls",
			 rig.mod->mem.high_water_bytes,
			 (unsigned long long)rig.mod->stats.process_calls);
	}
	val_rig_close(&rig);
}

static void no_libc_call_in_process(struct val_ctx *ctx, struct val_result *res)
{
	struct val_rig rig;
	const char *first;
	uint64_t calls;
	int ret;

	if (!val_trap_available()) {
		val_skip(res, "sanitizer build: the sanitizer intercepts these calls itself");
		return;
	}
	val_trap_clear();
	ret = exercise_process(ctx, &rig);
	calls = val_trap_count(&first);
	if (ret)
		val_fail(res, "the module did not run: %d", ret);
	else if (calls)
		val_fail(res, "process() made %llu libc allocation or blocking call(s); first: %s()",
			 (unsigned long long)calls, first);
	val_rig_close(&rig);
}

#define BYSTANDER_BYTE 0xA5

/* Places a patterned block where each block freed at reset was. */
static uint32_t place_bystanders(struct val_rig *rig, void **blocks, uint32_t *at_same_place)
{
	*at_same_place = 0;
	for (uint32_t i = 0; i < rig->freed_count; i++) {
		blocks[i] = adx_heap_alloc(rig->heap, rig->freed[i].size, 0, ADX_OWNER_NONE);
		if (!blocks[i])
			continue;
		memset(blocks[i], BYSTANDER_BYTE, rig->freed[i].size);
		*at_same_place += blocks[i] == rig->freed[i].ptr;
	}
	return rig->freed_count;
}

static int64_t first_changed_byte(const uint8_t *block, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (block[i] != BYSTANDER_BYTE)
			return (int64_t)i;
	return -1;
}

static void freed_at_reset_untouched(struct val_ctx *ctx, struct val_result *res)
{
	struct adx_stream_params params;
	struct val_rig rig;
	void *blocks[VAL_MAX_RECORDED_FREES] = { 0 };
	uint32_t placed = 0, same = 0;
	int ret;

	val_default_params(ctx->target, &params);
	ret = val_rig_open(&rig, ctx->target, &params, ADX_EXEC_VIRTUAL);
	ret = ret ? ret : val_rig_start(&rig);
	ret = ret ? ret : val_run_noise(&rig, ctx->seed, 20);
	rig.record_frees = true;
	ret = ret ? ret : adx_module_reset(rig.mod);
	rig.record_frees = false;
	if (!ret)
		placed = place_bystanders(&rig, blocks, &same);
	ret = ret ? ret : val_rig_prepare(&rig);
	ret = ret ? ret : adx_module_trigger(rig.mod, ADX_TRIGGER_START);
	ret = ret ? ret : val_run_noise(&rig, ctx->seed, 20);
	if (ret)
		val_fail(res, "reset, prepare and process failed: %d", ret);
	for (uint32_t i = 0; i < placed && !res->failed; i++) {
		int64_t at = blocks[i] ? first_changed_byte(blocks[i], rig.freed[i].size) : -1;

		if (at >= 0)
			val_fail(res, "the module freed %zu bytes at reset and then wrote into them "
				 "(byte %lld changed in the block placed there): a pointer kept "
				 "past its free", rig.freed[i].size, (long long)at);
	}
	if (!res->failed && adx_heap_validate(rig.heap))
		val_fail(res, "the heap is corrupt after reset, prepare and process");
	for (uint32_t i = 0; i < placed; i++)
		if (blocks[i])
			adx_heap_free(rig.heap, blocks[i]);
	if (!res->failed && val_free_leaves_nothing(&rig, res, "reset and prepare"))
		val_note(ctx, "%u block(s) freed at reset, %u bystander(s) at the same address",
			 placed, same);
	val_rig_close(&rig);
}

const struct val_check val_memory_checks[] = {
	{ "memory.no_allocation_in_process", 2,
	  "process() never allocates or frees, across configurations and restarts",
	  no_allocation_in_process },
	{ "memory.no_libc_allocation_or_blocking_call_in_process", 2,
	  "process() calls no malloc/free, mutex lock, condition or semaphore wait, or sleep",
	  no_libc_call_in_process },
	{ "memory.freed_at_reset_is_never_touched_again", 3,
	  "blocks the module frees at reset are not written by its later prepare and process "
	  "(a patterned block placed where each was stays intact)", freed_at_reset_untouched },
	{ "memory.init_prepare_fail_cleanly_at_every_allocation", 4,
	  "each allocation of init and prepare failing gives -ENOMEM, no leak, and a module "
	  "that works on retry", init_prepare_sites },
	{ "memory.set_configuration_fails_cleanly_at_every_allocation", 4,
	  "each allocation of set_configuration failing leaves a working module and no leak",
	  config_sites },
	{ NULL, 0, NULL, NULL },
};
