// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adx/modules/dax.h"
#include "tb_atomic_file.h"
#include "tb_pool.h"
#include "tb_story.h"
#include "tb_sweep_run.h"

/*
 * A bypassed frame is expected only while a DAX instance waits for a
 * region another instance hands over (static, shared): the start received
 * the region (handoffs_in) and then processed. Anything else bypassed (no
 * engine at all, or an engine that never came) is a failure.
 */
static bool bypass_outside_handoff(const struct lab_result *res)
{
	uint64_t explained = 0;

	for (size_t i = 0; i < res->num_switches; i++) {
		const struct lab_switch *sw = &res->switches[i];

		if (sw->handoffs_in && sw->first_processed_frame >= 0)
			explained += sw->bypassed_frames;
	}
	return res->bypassed_frames > explained;
}

static uint64_t frames_to_us(int64_t frames)
{
	return (uint64_t)frames * 1000000u / 48000u;
}

/* The longest start-to-first-processed-frame; a start that never processed counts whole. */
static uint64_t worst_gap_us(const struct lab_result *res)
{
	uint64_t worst = 0;

	for (size_t i = 0; i < res->num_switches; i++) {
		const struct lab_switch *sw = &res->switches[i];
		uint64_t gap = sw->first_processed_frame >= 0 ?
			       frames_to_us(sw->first_processed_frame) :
			       frames_to_us((int64_t)sw->bypassed_frames);

		if (gap > worst)
			worst = gap;
	}
	return worst;
}

struct tb_story_outcome tb_outcome_of(const struct lab_result *res, uint32_t story,
				      uint32_t cell)
{
	struct tb_story_outcome o = { .story = story, .cell = cell };

	if (res->engine_failures)
		o.failures |= TB_FAIL_ENGINE_ALLOC;
	if (res->alloc_failures > res->engine_failures)
		o.failures |= TB_FAIL_OTHER_ALLOC;
	if (res->op_errors)
		o.failures |= TB_FAIL_OP_ERROR;
	if (res->underruns)
		o.failures |= TB_FAIL_UNDERRUN;
	if (bypass_outside_handoff(res))
		o.failures |= TB_FAIL_BYPASS;
	o.engine_committed = res->peak_committed;
	o.bypassed_frames = res->bypassed_frames;
	o.worst_gap_us = worst_gap_us(res);
	return o;
}

/* The story's memory line: the first total, and a comment naming every total the sweep ran. */
static void memory_line(char *line, size_t size, const struct tb_sweep_plan *plan)
{
	int n = snprintf(line, size, "memory: {total: %" PRIu64 ", kind: [adx, sysheap]}",
			 plan->budgets[0]);

	for (uint32_t b = 0; plan->num_budgets > 1 && b < plan->num_budgets; b++) {
		if (n < 0 || (size_t)n >= size)
			return;
		n += snprintf(line + n, size - (size_t)n, "%s%" PRIu64,
			      b ? ", " : "   # the sweep ran it at totals (--heap-size): ",
			      plan->budgets[b]);
	}
}

int tb_sweep_write_story(const char *path, const struct tb_sweep_plan *plan, uint32_t index,
			 char *err, size_t err_size)
{
	char line[96 + 24 * TB_SWEEP_MAX_BUDGETS];
	struct tb_story_spec spec = { .seed = plan->seed, .index = index, .memory_line = line };
	struct tb_atomic_file af;
	int ret;

	memory_line(line, sizeof(line), plan);
	ret = tb_atomic_open(&af, path, err, err_size);
	if (ret)
		return ret;
	ret = tb_story_write(af.f, &spec);
	if (ret) {
		tb_atomic_abandon(&af);
		snprintf(err, err_size, "%s: cannot write the story", path);
		return ret;
	}
	return tb_atomic_commit(&af, err, err_size);
}

static int run_cell(const struct tb_sweep_run *run, struct tb_scenario *sc,
		    const struct tb_audio *inputs, uint32_t story, uint32_t cell,
		    struct tb_story_outcome *out)
{
	struct tb_sweep_cell c = tb_sweep_cell_at(run->plan, cell);
	struct lab_run_options ro = { .sc = sc, .inputs = inputs, .policy_forced = true,
				      .mode = ADX_EXEC_VIRTUAL };
	struct lab_result res;
	char err[512];
	int ret;

	if (adx_dax_policy_parse(run->plan->policies[c.policy], &ro.policy) ||
	    adx_heap_kind_parse(run->plan->heaps[c.heap], &ro.heap))
		return -EINVAL;
	sc->heap_bytes = (size_t)run->plan->budgets[c.budget];
	ret = lab_run(&ro, &res, err, sizeof(err));
	if (ret)
		fprintf(stderr, "adx-testbench: story %u, %s/%s at %" PRIu64 " bytes: %s\n", story,
			run->plan->policies[c.policy], run->plan->heaps[c.heap],
			run->plan->budgets[c.budget], err);
	else
		*out = tb_outcome_of(&res, story, cell);
	lab_result_free(&res);
	return ret;
}

static int run_scenario_cells(const struct tb_sweep_run *run, const char *path, uint32_t story,
			      struct tb_story_outcome *record)
{
	struct tb_scenario sc;
	struct tb_audio *inputs;
	char err[1024];
	int ret;

	if (tb_scenario_load(&sc, path, err, sizeof(err))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		return -EINVAL;
	}
	inputs = calloc((size_t)sc.num_pipelines, sizeof(*inputs));
	ret = inputs ? lab_inputs_load(&sc, run->inputs_cache, inputs, err, sizeof(err)) : -ENOMEM;
	if (ret)
		fprintf(stderr, "adx-testbench: %s\n", inputs ? err : "out of memory");
	for (uint32_t c = 0; !ret && c < tb_sweep_num_cells(run->plan); c++)
		ret = run_cell(run, &sc, inputs, story, c, &record[c]);
	if (inputs)
		lab_inputs_free(&sc, inputs);
	free(inputs);
	tb_scenario_free(&sc);
	return ret;
}

int tb_sweep_run_story(void *ctx, uint32_t task, void *record)
{
	const struct tb_sweep_run *run = ctx;
	uint32_t first, end, story;
	char path[1100], err[1200];
	int ret;

	if (run->scenario)
		return run_scenario_cells(run, run->scenario, 0, record);
	tb_sweep_shard_range(run->plan, &first, &end);
	story = first + task;
	snprintf(path, sizeof(path), "%s/story-%" PRIu64 "-%u.yaml", run->stories_dir,
		 run->plan->seed, story);
	if (tb_sweep_write_story(path, run->plan, story, err, sizeof(err))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		return -EIO;
	}
	ret = run_scenario_cells(run, path, story, record);
	if (!run->keep_stories)
		remove(path);
	return ret;
}

int tb_sweep_run_all(const struct tb_sweep_run *run, unsigned jobs,
		     struct tb_story_outcome **outcomes, size_t *num_outcomes, char *err,
		     size_t err_size)
{
	uint32_t first, end, cells = tb_sweep_num_cells(run->plan);
	size_t n;
	int ret;

	tb_sweep_shard_range(run->plan, &first, &end);
	if (run->scenario)
		end = first + 1;
	n = (size_t)(end - first) * cells;
	*outcomes = calloc(n ? n : 1, sizeof(**outcomes));
	if (!*outcomes) {
		snprintf(err, err_size, "out of memory for %zu outcomes", n);
		return -ENOMEM;
	}
	adx_dax_skip_engine_audio(run->skip_engine_audio);
	ret = tb_pool_run(jobs, end - first, cells * sizeof(**outcomes), tb_sweep_run_story,
			  (void *)run, *outcomes, err, err_size);
	adx_dax_skip_engine_audio(false);
	if (ret) {
		free(*outcomes);
		*outcomes = NULL;
		return ret;
	}
	*num_outcomes = n;
	return 0;
}
