// SPDX-License-Identifier: BSD-3-Clause
/*
 * Sweeps through the lab: every generated story replays from its YAML
 * (adx-testbench --scenario, one process, audio rendered) to the outcome
 * the sweep's workers recorded; memory and timing results are the same
 * with the engine's audio skipped or rendered; a 1,000-story sweep run as
 * three shards and merged gives a report byte-identical to the unsharded
 * one; the minimum memory found for a scenario passes while one KiB less
 * fails; bad sweep options are refused with exit status 2.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "scratch_dir.h"

#include <jansson.h>

#include "adx/modules/dax.h"
#include "cli/cli.h"
#include "verdict/tb_min_memory.h"
#include "verdict/tb_sweep_file.h"
#include "verdict/tb_sweep_run.h"


#define TOTAL (213376u + 112u * 1024u)   /* S + 112K: some stories fail, some do not */

static struct tb_sweep_plan plan_all_cells(uint32_t stories)
{
	static const char *const policies[] = { "init", "prepare", "static", "shared" };
	struct tb_sweep_plan p = { .seed = 99, .stories = stories, .num_policies = 4,
				   .num_heaps = 2, .num_budgets = 1, .shard = 1, .shards = 1,
				   .budgets = { TOTAL } };

	for (int i = 0; i < 4; i++)
		strcpy(p.policies[i], policies[i]);
	strcpy(p.heaps[0], "adx");
	strcpy(p.heaps[1], "sysheap");
	return p;
}

static struct tb_story_outcome *sweep(const struct tb_sweep_plan *plan, const char *dir,
				      bool keep, bool skip_audio, unsigned jobs, size_t *n)
{
	struct tb_sweep_run run = { .plan = plan, .stories_dir = dir, .keep_stories = keep,
				    .inputs_cache = tmpdir, .skip_engine_audio = skip_audio };
	struct tb_story_outcome *out;
	char err[1024] = "";

	if (tb_sweep_run_all(&run, jobs, &out, n, err, sizeof(err)))
		fail_msg("sweep failed: %s", err);
	return out;
}

static json_int_t summary_int(json_t *run, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(run, "summary"), key));
}

/* adx-testbench --scenario story.yaml --policy P --heap H, as a user replays it. */
static json_t *replay(const char *story, const char *policy, const char *heap)
{
	struct tb_options opt;
	char out[300], path[400], name[64];
	json_error_t jerr;
	json_t *report, *run;

	tb_options_defaults(&opt);
	snprintf(out, sizeof(out), "%s/replay", tmpdir);
	opt.scenario = story;
	opt.out_dir = out;
	opt.inputs_cache = tmpdir;
	opt.quiet = true;
	opt.progress = false;
	opt.no_plots = true;
	opt.no_trace = true;
	opt.policy_given = true;
	assert_int_equal(adx_dax_policy_parse(policy, (enum adx_dax_policy *)&opt.policy), 0);
	opt.heap_given = true;
	opt.heap_kind = strcmp(heap, "adx") ? ADX_HEAP_KIND_SYSHEAP : ADX_HEAP_KIND_ADX;
	assert_int_equal(tb_lab_main(&opt), 0);
	strrchr(story, '/') ? snprintf(name, sizeof(name), "%s", strrchr(story, '/') + 1) : 0;
	*strstr(name, ".yaml") = '\0';
	snprintf(path, sizeof(path), "%s/%s/report.json", out, name);
	report = json_load_file(path, 0, &jerr);
	assert_non_null(report);
	run = json_incref(json_array_get(json_object_get(report, "runs"), 0));
	json_decref(report);
	return run;
}

static void every_story_replays_from_its_yaml(void **state)
{
	struct tb_sweep_plan plan = plan_all_cells(8);
	char dir[300];
	size_t n;
	struct tb_story_outcome *got;
	uint32_t failed = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/stories", tmpdir);
	assert_int_equal(mkdir(dir, 0777), 0);
	got = sweep(&plan, dir, true, true, 2, &n);
	assert_int_equal(n, 8 * 8);
	for (size_t i = 0; i < n; i++) {
		const struct tb_story_outcome *o = &got[i];
		struct tb_sweep_cell c = tb_sweep_cell_at(&plan, o->cell);
		char story[400];
		json_t *run;

		snprintf(story, sizeof(story), "%s/story-99-%u.yaml", dir, o->story);
		run = replay(story, plan.policies[c.policy], plan.heaps[c.heap]);
		assert_int_equal(summary_int(run, "total_memory_bytes"), TOTAL);
		assert_int_equal(summary_int(run, "engine_allocation_failures") > 0,
				 (o->failures & TB_FAIL_ENGINE_ALLOC) != 0);
		assert_int_equal(summary_int(run, "allocation_failures") >
				 summary_int(run, "engine_allocation_failures"),
				 (o->failures & TB_FAIL_OTHER_ALLOC) != 0);
		assert_int_equal(summary_int(run, "op_errors") > 0,
				 (o->failures & TB_FAIL_OP_ERROR) != 0);
		assert_int_equal(summary_int(run, "dai_underruns") > 0,
				 (o->failures & TB_FAIL_UNDERRUN) != 0);
		assert_int_equal(summary_int(run, "bypassed_frames"), o->bypassed_frames);
		assert_int_equal(summary_int(run, "peak_engine_committed_bytes"),
				 o->engine_committed);
		failed += o->failures != 0;
		json_decref(run);
	}
	/* the comparison means something only if both outcomes occur */
	assert_true(failed > 0 && failed < n);
	free(got);
}

static void skipping_engine_audio_changes_no_result(void **state)
{
	struct tb_sweep_plan plan = plan_all_cells(10);
	char dir[300];
	size_t n_skip, n_audio;
	struct tb_story_outcome *skip, *audio;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/audio", tmpdir);
	assert_int_equal(mkdir(dir, 0777), 0);
	skip = sweep(&plan, dir, false, true, 2, &n_skip);
	audio = sweep(&plan, dir, false, false, 2, &n_audio);
	assert_int_equal(n_skip, n_audio);
	for (size_t i = 0; i < n_skip; i++) {
		assert_int_equal(skip[i].failures, audio[i].failures);
		assert_int_equal(skip[i].engine_committed, audio[i].engine_committed);
		assert_int_equal(skip[i].bypassed_frames, audio[i].bypassed_frames);
		assert_int_equal(skip[i].worst_gap_us, audio[i].worst_gap_us);
	}
	free(skip);
	free(audio);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);

	assert_non_null(f);
	assert_non_null(buf);
	assert_true(fread(buf, 1, (1 << 20) - 1, f) > 0);
	fclose(f);
	return buf;
}

static void sharded_and_unsharded_reports_are_identical(void **state)
{
	struct tb_sweep_plan plan = { .seed = 7, .stories = 1000, .num_policies = 1,
				      .num_heaps = 1, .num_budgets = 1, .shard = 1, .shards = 1,
				      .budgets = { TOTAL }, .policies = { "prepare" },
				      .heaps = { "sysheap" } };
	struct tb_cell_summary whole_sum, merged_sum;
	struct tb_story_outcome *whole, *merged;
	char dir[200], shard_paths[3][300], ref[300], out[300], err[1024];
	const char *paths[3] = { shard_paths[2], shard_paths[0], shard_paths[1] };
	struct tb_sweep_plan merged_plan;
	size_t n, n_merged;
	char *a, *b;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/shards", tmpdir);
	assert_int_equal(mkdir(dir, 0777), 0);
	whole = sweep(&plan, dir, false, true, 2, &n);
	assert_int_equal(tb_sweep_summarize(&plan, whole, n, &whole_sum), 0);
	assert_true(whole_sum.failed > 0 && whole_sum.failed < 1000);
	snprintf(ref, sizeof(ref), "%s/whole.json", dir);
	assert_int_equal(tb_sweep_report_write(ref, &plan, "v", &whole_sum, err, sizeof(err)), 0);
	for (uint32_t i = 1; i <= 3; i++) {
		struct tb_sweep_plan part = plan;
		struct tb_story_outcome *o;
		size_t k;

		part.shard = i;
		part.shards = 3;
		o = sweep(&part, dir, false, true, 2, &k);
		snprintf(shard_paths[i - 1], sizeof(shard_paths[0]), "%s/shard-%u.json", dir, i);
		assert_int_equal(tb_shard_write(shard_paths[i - 1], &part, "v", o, k, err,
						sizeof(err)), 0);
		free(o);
	}
	assert_int_equal(tb_shard_merge(paths, 3, "v", &merged_plan, &merged, &n_merged, err,
					sizeof(err)), 0);
	assert_int_equal(tb_sweep_summarize(&merged_plan, merged, n_merged, &merged_sum), 0);
	snprintf(out, sizeof(out), "%s/merged.json", dir);
	assert_int_equal(tb_sweep_report_write(out, &merged_plan, "v", &merged_sum, err,
					       sizeof(err)), 0);
	a = slurp(ref);
	b = slurp(out);
	assert_string_equal(a, b);
	free(a);
	free(b);
	free(whole);
	free(merged);
}

/* Whether the endpoint-switch scenario fails anywhere at `total` under prepare/adx. */
static bool scenario_fails_at(uint64_t total)
{
	struct tb_sweep_plan plan = { .seed = 1, .stories = 1, .num_policies = 1, .num_heaps = 1,
				      .num_budgets = 1, .shard = 1, .shards = 1,
				      .budgets = { total }, .policies = { "prepare" },
				      .heaps = { "adx" } };
	struct tb_sweep_run run = { .plan = &plan, .inputs_cache = tmpdir,
				    .skip_engine_audio = true,
				    .scenario = "scenarios/endpoint-switch.yaml" };
	struct tb_story_outcome *o;
	size_t n;
	char err[512];
	bool failed;

	assert_int_equal(tb_sweep_run_all(&run, 1, &o, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 1);
	failed = o[0].failures != 0;
	free(o);
	return failed;
}

static void min_memory_is_the_boundary_of_failure(void **state)
{
	struct tb_sweep_plan plan = { .seed = 1, .stories = 1, .num_policies = 1, .num_heaps = 1,
				      .num_budgets = 1, .shard = 1, .shards = 1,
				      .budgets = { 213376u + 100u * 1024u } };
	struct tb_sweep_run run = { .plan = &plan, .inputs_cache = tmpdir,
				    .skip_engine_audio = true,
				    .scenario = "scenarios/endpoint-switch.yaml" };
	struct tb_min_memory m;
	char err[512];

	(void)state;
	assert_int_equal(tb_min_memory_search(&run, "prepare", "adx", 16 * 1024, 1, &m, err,
					      sizeof(err)), 0);
	assert_true(m.found);
	assert_int_equal(m.total_bytes % 1024, 0);
	/* the scenario's own total (S + 100K) fails under prepare: the answer lies above */
	assert_true(m.total_bytes > plan.budgets[0]);
	assert_false(scenario_fails_at(m.total_bytes));
	assert_true(scenario_fails_at(m.total_bytes - 1024));
	assert_true(m.probes > 10);
}

static int run_cli(const char *const *args, int argc)
{
	struct tb_options opt;
	char *argv[16], err[300];

	for (int i = 0; i < argc; i++)
		argv[i] = (char *)args[i];
	tb_options_defaults(&opt);
	if (tb_options_parse(&opt, argc, argv, err, sizeof(err)) != TB_PARSE_RUN)
		return 2;
	opt.quiet = true;
	return tb_verdict_main(&opt);
}

static void bad_sweep_options_exit_2(void **state)
{
	char out[300];
	const char *zero[] = { "tb", "--stories", "0", "--out", out };
	const char *shard[] = { "tb", "--stories", "10", "--shard", "4/3", "--out", out };
	const char *budget[] = { "tb", "--stories", "10", "--budgets", "100K", "--out", out };
	const char *merge[] = { "tb", "--merge", "--out", out };
	const char *seed[] = { "tb", "--stories", "5", "--seed", "x1", "--out", out };

	(void)state;
	snprintf(out, sizeof(out), "%s/cli", tmpdir);
	assert_int_equal(run_cli(zero, 5), 2);
	assert_int_equal(run_cli(shard, 7), 2);
	assert_int_equal(run_cli(budget, 7), 2);
	assert_int_equal(run_cli(merge, 4), 2);
	assert_int_equal(run_cli(seed, 7), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_story_replays_from_its_yaml),
		cmocka_unit_test(skipping_engine_audio_changes_no_result),
		cmocka_unit_test(sharded_and_unsharded_reports_are_identical),
		cmocka_unit_test(min_memory_is_the_boundary_of_failure),
		cmocka_unit_test(bad_sweep_options_exit_2),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
