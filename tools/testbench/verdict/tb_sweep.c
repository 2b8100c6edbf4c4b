// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_sweep.h"

const char *tb_failure_name(unsigned bit_index)
{
	static const char *const names[TB_FAIL_KINDS] = {
		"engine_allocation", "other_allocation", "op_error", "dai_underrun",
		"bypass_outside_handoff",
	};

	return bit_index < TB_FAIL_KINDS ? names[bit_index] : "?";
}

uint32_t tb_sweep_num_cells(const struct tb_sweep_plan *plan)
{
	return plan->num_policies * plan->num_heaps * plan->num_budgets;
}

struct tb_sweep_cell tb_sweep_cell_at(const struct tb_sweep_plan *plan, uint32_t cell)
{
	struct tb_sweep_cell c;

	c.policy = cell % plan->num_policies;
	cell /= plan->num_policies;
	c.heap = cell % plan->num_heaps;
	c.budget = cell / plan->num_heaps;
	return c;
}

uint32_t tb_sweep_cell_index(const struct tb_sweep_plan *plan, struct tb_sweep_cell c)
{
	return (c.budget * plan->num_heaps + c.heap) * plan->num_policies + c.policy;
}

void tb_sweep_shard_range(const struct tb_sweep_plan *plan, uint32_t *first, uint32_t *end)
{
	uint64_t n = plan->stories;

	*first = (uint32_t)(n * (plan->shard - 1) / plan->shards);
	*end = (uint32_t)(n * plan->shard / plan->shards);
}

/* A decimal number with nothing around it, at most `max`. */
static int parse_count(const char *text, size_t len, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;

	if (!len || len > 9)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(text[i] - '0');
	}
	if (v > max)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

int tb_sweep_parse_shard(const char *text, uint32_t *shard, uint32_t *shards, char *err,
			 size_t err_size)
{
	const char *slash = strchr(text, '/');

	if (!slash || parse_count(text, (size_t)(slash - text), TB_SWEEP_MAX_SHARDS, shard) ||
	    parse_count(slash + 1, strlen(slash + 1), TB_SWEEP_MAX_SHARDS, shards) ||
	    *shard < 1 || *shard > *shards) {
		snprintf(err, err_size, "--shard '%.40s': expected i/n with 1 <= i <= n <= %u "
			 "(for example 2/8)", text, TB_SWEEP_MAX_SHARDS);
		return -EINVAL;
	}
	return 0;
}

int tb_sweep_parse_stories(const char *text, uint32_t *stories, char *err, size_t err_size)
{
	if (parse_count(text, strlen(text), TB_SWEEP_MAX_STORIES, stories) || !*stories) {
		snprintf(err, err_size, "--stories '%.40s': expected a whole number from 1 to %u",
			 text, TB_SWEEP_MAX_STORIES);
		return -EINVAL;
	}
	return 0;
}

static void add_outcome(struct tb_cell_summary *s, const struct tb_story_outcome *o)
{
	s->stories++;
	if (o->failures) {
		s->failed++;
		if (s->first_failed_story < 0 || o->story < s->first_failed_story)
			s->first_failed_story = o->story;
	}
	for (unsigned k = 0; k < TB_FAIL_KINDS; k++)
		if (o->failures & (1u << k))
			s->failed_by_kind[k]++;
	if (o->engine_committed > s->engine_committed_max)
		s->engine_committed_max = o->engine_committed;
	s->bypassed_frames_total += o->bypassed_frames;
	if (o->worst_gap_us > s->worst_gap_us)
		s->worst_gap_us = o->worst_gap_us;
}

int tb_sweep_summarize(const struct tb_sweep_plan *plan, const struct tb_story_outcome *outcomes,
		       size_t num_outcomes, struct tb_cell_summary *summaries)
{
	uint32_t cells = tb_sweep_num_cells(plan);

	memset(summaries, 0, cells * sizeof(*summaries));
	for (uint32_t c = 0; c < cells; c++)
		summaries[c].first_failed_story = -1;
	for (size_t i = 0; i < num_outcomes; i++) {
		if (outcomes[i].cell >= cells)
			return -EINVAL;
		add_outcome(&summaries[outcomes[i].cell], &outcomes[i]);
	}
	for (uint32_t c = 0; c < cells; c++)
		summaries[c].ci = tb_wilson95(summaries[c].failed, summaries[c].stories);
	return 0;
}
