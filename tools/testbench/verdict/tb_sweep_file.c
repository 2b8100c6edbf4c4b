// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "tb_atomic_file.h"
#include "tb_sweep_file.h"

#define OUTCOME_FIELDS 6

static json_t *names_json(const char (*names)[TB_SWEEP_NAME_MAX], uint32_t n)
{
	json_t *a = json_array();

	for (uint32_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(names[i]));
	return a;
}

static json_t *plan_json(const struct tb_sweep_plan *plan, const char *version)
{
	json_t *budgets = json_array();

	for (uint32_t i = 0; i < plan->num_budgets; i++)
		json_array_append_new(budgets, json_integer((json_int_t)plan->budgets[i]));
	return json_pack("{s:s, s:I, s:I, s:o, s:o, s:o}", "version", version,
			 "seed", (json_int_t)plan->seed, "stories", (json_int_t)plan->stories,
			 "policies", names_json(plan->policies, plan->num_policies),
			 "heaps", names_json(plan->heaps, plan->num_heaps),
			 "budgets_bytes", budgets);
}

static int dump_atomic(json_t *root, const char *path, size_t flags, char *err,
		       size_t err_size)
{
	struct tb_atomic_file af;
	int ret;

	if (!root) {
		snprintf(err, err_size, "%s: out of memory building the JSON", path);
		return -ENOMEM;
	}
	ret = tb_atomic_open(&af, path, err, err_size);
	if (!ret && (json_dumpf(root, af.f, flags) || fputc('\n', af.f) == EOF)) {
		tb_atomic_abandon(&af);
		snprintf(err, err_size, "%s: write failed", path);
		ret = -EIO;
	} else if (!ret) {
		ret = tb_atomic_commit(&af, err, err_size);
	}
	json_decref(root);
	return ret;
}

int tb_shard_write(const char *path, const struct tb_sweep_plan *plan, const char *version,
		   const struct tb_story_outcome *outcomes, size_t num_outcomes, char *err,
		   size_t err_size)
{
	json_t *root = plan_json(plan, version), *rows = json_array();

	for (size_t i = 0; i < num_outcomes && rows; i++) {
		const struct tb_story_outcome *o = &outcomes[i];

		json_array_append_new(rows, json_pack("[I,I,I,I,I,I]", (json_int_t)o->story,
						      (json_int_t)o->cell, (json_int_t)o->failures,
						      (json_int_t)o->engine_committed,
						      (json_int_t)o->bypassed_frames,
						      (json_int_t)o->worst_gap_us));
	}
	if (root) {
		json_object_set_new(root, "format", json_string(TB_SHARD_FORMAT));
		json_object_set_new(root, "shard", json_integer(plan->shard));
		json_object_set_new(root, "shards", json_integer(plan->shards));
		json_object_set_new(root, "outcomes", rows);
	} else {
		json_decref(rows);
	}
	return dump_atomic(root, path, JSON_COMPACT, err, err_size);
}

/* ---- reading shards ---- */

__attribute__((format(printf, 4, 5)))
static int refuse(char *err, size_t err_size, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err, err_size, "%s: ", path);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < err_size)
		vsnprintf(err + n, err_size - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static bool read_names(json_t *a, char (*names)[TB_SWEEP_NAME_MAX], uint32_t max, uint32_t *n)
{
	size_t i;
	json_t *v;

	if (!json_is_array(a) || !json_array_size(a) || json_array_size(a) > max)
		return false;
	json_array_foreach(a, i, v) {
		if (!json_is_string(v) || json_string_length(v) >= TB_SWEEP_NAME_MAX)
			return false;
		snprintf(names[i], TB_SWEEP_NAME_MAX, "%s", json_string_value(v));
	}
	*n = (uint32_t)json_array_size(a);
	return true;
}

static bool read_uint(json_t *root, const char *key, uint64_t max, uint64_t *out)
{
	json_t *v = json_object_get(root, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    (uint64_t)json_integer_value(v) > max)
		return false;
	*out = (uint64_t)json_integer_value(v);
	return true;
}

static bool read_budgets(json_t *a, struct tb_sweep_plan *plan)
{
	size_t i;
	json_t *v;

	if (!json_is_array(a) || !json_array_size(a) || json_array_size(a) > TB_SWEEP_MAX_BUDGETS)
		return false;
	json_array_foreach(a, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return false;
		plan->budgets[i] = (uint64_t)json_integer_value(v);
	}
	plan->num_budgets = (uint32_t)json_array_size(a);
	return true;
}

static int read_plan(json_t *root, const char *path, const char *version,
		     struct tb_sweep_plan *plan, char *err, size_t err_size)
{
	const char *format = json_string_value(json_object_get(root, "format"));
	const char *ver = json_string_value(json_object_get(root, "version"));
	uint64_t v[4];

	memset(plan, 0, sizeof(*plan));
	if (!format || strcmp(format, TB_SHARD_FORMAT))
		return refuse(err, err_size, path, "not a sweep shard (format is not '%s')",
			      TB_SHARD_FORMAT);
	if (!ver || strcmp(ver, version))
		return refuse(err, err_size, path, "written by version '%.60s', this is '%.60s': "
			      "rerun the shard with this build", ver ? ver : "?", version);
	if (!read_uint(root, "seed", UINT64_MAX >> 1, &v[0]) ||
	    !read_uint(root, "stories", TB_SWEEP_MAX_STORIES, &v[1]) || !v[1] ||
	    !read_uint(root, "shards", TB_SWEEP_MAX_SHARDS, &v[3]) || !v[3] ||
	    !read_uint(root, "shard", v[3], &v[2]) || !v[2] ||
	    !read_names(json_object_get(root, "policies"), plan->policies,
			TB_SWEEP_MAX_POLICIES, &plan->num_policies) ||
	    !read_names(json_object_get(root, "heaps"), plan->heaps, TB_SWEEP_MAX_HEAPS,
			&plan->num_heaps) ||
	    !read_budgets(json_object_get(root, "budgets_bytes"), plan))
		return refuse(err, err_size, path, "the sweep plan (seed, stories, shard, shards, "
			      "policies, heaps, budgets_bytes) is missing or malformed");
	plan->seed = v[0];
	plan->stories = (uint32_t)v[1];
	plan->shard = (uint32_t)v[2];
	plan->shards = (uint32_t)v[3];
	return 0;
}

static bool same_sweep(const struct tb_sweep_plan *a, const struct tb_sweep_plan *b)
{
	return a->seed == b->seed && a->stories == b->stories && a->shards == b->shards &&
	       a->num_policies == b->num_policies && a->num_heaps == b->num_heaps &&
	       a->num_budgets == b->num_budgets &&
	       !memcmp(a->policies, b->policies, sizeof(a->policies)) &&
	       !memcmp(a->heaps, b->heaps, sizeof(a->heaps)) &&
	       !memcmp(a->budgets, b->budgets, sizeof(a->budgets));
}

/* Puts the shard's outcomes into their (story, cell) slots, each exactly once. */
static int place_outcomes(json_t *rows, const char *path, const struct tb_sweep_plan *plan,
			  struct tb_story_outcome *all, bool *filled, char *err, size_t err_size)
{
	uint32_t first, end, cells = tb_sweep_num_cells(plan);
	size_t i;
	json_t *row;

	tb_sweep_shard_range(plan, &first, &end);
	if (!json_is_array(rows) || json_array_size(rows) != (size_t)(end - first) * cells)
		return refuse(err, err_size, path, "expected %u outcomes (stories %u..%u x %u "
			      "cells), found %zu", (end - first) * cells, first, end, cells,
			      json_is_array(rows) ? json_array_size(rows) : 0);
	json_array_foreach(rows, i, row) {
		json_int_t f[OUTCOME_FIELDS];
		size_t slot;

		if (json_unpack(row, "[IIIIII!]", &f[0], &f[1], &f[2], &f[3], &f[4], &f[5]) ||
		    f[0] < first || f[0] >= end || f[1] < 0 || f[1] >= cells || f[2] < 0 ||
		    f[2] >= (1 << TB_FAIL_KINDS) || f[3] < 0 || f[4] < 0 || f[5] < 0)
			return refuse(err, err_size, path, "outcome %zu is malformed or outside "
				      "the shard's stories %u..%u", i, first, end - 1);
		slot = (size_t)f[0] * cells + (size_t)f[1];
		if (filled[slot])
			return refuse(err, err_size, path, "story %" JSON_INTEGER_FORMAT
				      ", cell %" JSON_INTEGER_FORMAT " appears twice", f[0], f[1]);
		filled[slot] = true;
		all[slot] = (struct tb_story_outcome){
			.story = (uint32_t)f[0], .cell = (uint32_t)f[1], .failures = (uint32_t)f[2],
			.engine_committed = (uint64_t)f[3], .bypassed_frames = (uint64_t)f[4],
			.worst_gap_us = (uint64_t)f[5],
		};
	}
	return 0;
}

struct merge {
	struct tb_sweep_plan plan;
	const char **shard_paths;      /* by shard index - 1 */
	struct tb_story_outcome *all;
	bool *filled;
};

static int merge_one(struct merge *m, int index, const char *path, const char *version,
		     char *err, size_t err_size)
{
	struct tb_sweep_plan plan;
	json_error_t jerr;
	json_t *root = json_load_file(path, 0, &jerr);
	int ret;

	if (!root)
		return refuse(err, err_size, path, "%d:%d: %s", jerr.line, jerr.column, jerr.text);
	ret = read_plan(root, path, version, &plan, err, err_size);
	if (!ret && index == 0) {
		size_t slots = (size_t)plan.stories * tb_sweep_num_cells(&plan);

		m->plan = plan;
		m->shard_paths = calloc(plan.shards, sizeof(*m->shard_paths));
		m->all = calloc(slots, sizeof(*m->all));
		m->filled = calloc(slots, sizeof(*m->filled));
		if (!m->shard_paths || !m->all || !m->filled)
			ret = refuse(err, err_size, path, "out of memory for %zu outcomes", slots);
	} else if (!ret && !same_sweep(&plan, &m->plan)) {
		ret = refuse(err, err_size, path, "belongs to another sweep than %s (seed, stories, "
			     "shard count, policies, heaps or budgets differ)", m->shard_paths[
			     m->plan.shard - 1]);
	}
	if (!ret && m->shard_paths[plan.shard - 1])
		ret = refuse(err, err_size, path, "shard %u/%u was already given as %s",
			     plan.shard, plan.shards, m->shard_paths[plan.shard - 1]);
	if (!ret) {
		m->shard_paths[plan.shard - 1] = path;
		m->plan.shard = plan.shard;
		ret = place_outcomes(json_object_get(root, "outcomes"), path, &plan, m->all,
				     m->filled, err, err_size);
	}
	json_decref(root);
	return ret;
}

static int check_cover(const struct merge *m, char *err, size_t err_size)
{
	for (uint32_t i = 0; i < m->plan.shards; i++)
		if (!m->shard_paths[i])
			return refuse(err, err_size, m->shard_paths[m->plan.shard - 1],
				      "shard %u/%u is missing: the shards given do not cover 1..%u",
				      i + 1, m->plan.shards, m->plan.shards);
	return 0;
}

int tb_shard_merge(const char *const *paths, int num_paths, const char *version,
		   struct tb_sweep_plan *plan, struct tb_story_outcome **outcomes,
		   size_t *num_outcomes, char *err, size_t err_size)
{
	struct merge m = { 0 };
	int ret = num_paths > 0 ? 0 : -EINVAL;

	if (ret)
		snprintf(err, err_size, "--merge: no shard files given");
	for (int i = 0; i < num_paths && !ret; i++)
		ret = merge_one(&m, i, paths[i], version, err, err_size);
	ret = ret ? ret : check_cover(&m, err, err_size);
	free(m.shard_paths);
	free(m.filled);
	if (ret) {
		free(m.all);
		return ret;
	}
	*plan = m.plan;
	plan->shard = 1;
	plan->shards = 1;
	*outcomes = m.all;
	*num_outcomes = (size_t)m.plan.stories * tb_sweep_num_cells(&m.plan);
	return 0;
}

/* ---- the report ---- */

static json_t *summary_json(const struct tb_sweep_plan *plan, uint32_t cell,
			    const struct tb_cell_summary *s)
{
	struct tb_sweep_cell c = tb_sweep_cell_at(plan, cell);
	json_t *kinds = json_object();

	for (unsigned k = 0; k < TB_FAIL_KINDS; k++)
		json_object_set_new(kinds, tb_failure_name(k),
				    json_integer((json_int_t)s->failed_by_kind[k]));
	return json_pack("{s:s, s:s, s:I, s:I, s:I, s:f, s:f, s:f, s:o, s:I, s:I, s:I, s:I}",
			 "policy", plan->policies[c.policy], "heap", plan->heaps[c.heap],
			 "total_memory_bytes", (json_int_t)plan->budgets[c.budget],
			 "stories", (json_int_t)s->stories, "failed", (json_int_t)s->failed,
			 "failure_probability", s->ci.estimate, "ci95_low", s->ci.low,
			 "ci95_high", s->ci.high, "failed_by_kind", kinds,
			 "engine_committed_max_bytes", (json_int_t)s->engine_committed_max,
			 "bypassed_frames_total", (json_int_t)s->bypassed_frames_total,
			 "worst_switch_gap_us", (json_int_t)s->worst_gap_us,
			 "first_failed_story", (json_int_t)s->first_failed_story);
}

int tb_sweep_report_write(const char *path, const struct tb_sweep_plan *plan,
			  const char *version, const struct tb_cell_summary *summaries,
			  char *err, size_t err_size)
{
	json_t *root = plan_json(plan, version), *cells = json_array();

	for (uint32_t c = 0; c < tb_sweep_num_cells(plan); c++)
		json_array_append_new(cells, summary_json(plan, c, &summaries[c]));
	if (root)
		json_object_set_new(root, "cells", cells);
	else
		json_decref(cells);
	return dump_atomic(root, path, JSON_INDENT(2) | JSON_REAL_PRECISION(6), err, err_size);
}
