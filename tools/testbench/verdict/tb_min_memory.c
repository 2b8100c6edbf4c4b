// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tb_min_memory.h"

#define KIB 1024u

struct search {
	struct tb_sweep_plan plan;
	struct tb_sweep_run run;
	unsigned jobs;
	uint64_t least_total;
	struct tb_min_memory *out;
};

/* Stories failing at `budget` (1 if any failed; the count is not needed). */
static int fails_at(struct search *s, uint64_t budget, bool *failed, char *err, size_t err_size)
{
	struct tb_story_outcome *outcomes;
	size_t n;
	int ret;

	s->plan.budgets[0] = budget;
	ret = tb_sweep_run_all(&s->run, s->jobs, &outcomes, &n, err, err_size);
	if (ret)
		return ret;
	*failed = false;
	for (size_t i = 0; i < n && !*failed; i++)
		*failed = outcomes[i].failures != 0;
	free(outcomes);
	s->out->probes++;
	return 0;
}

static uint64_t round_up_kib(uint64_t bytes)
{
	return (bytes + KIB - 1) / KIB * KIB;
}

/* Grows hi until nothing fails there; lo stays a total that failed (or the least_total). */
static int find_upper(struct search *s, uint64_t *lo, uint64_t *hi, char *err, size_t err_size)
{
	bool failed = true;
	int ret;

	while (!(ret = fails_at(s, *hi, &failed, err, err_size)) && failed) {
		*lo = *hi;
		if (*hi >= TB_MIN_MEMORY_CAP)
			return 0;
		*hi = round_up_kib(*hi + *hi / 2);
		if (*hi > TB_MIN_MEMORY_CAP)
			*hi = TB_MIN_MEMORY_CAP;
	}
	s->out->found = !ret && !failed;
	return ret;
}

static int check_around(struct search *s, char *err, size_t err_size)
{
	uint64_t answer = s->out->total_bytes;

	for (uint32_t k = 1; k <= TB_MIN_MEMORY_PROBES; k++) {
		uint64_t up = answer + k * KIB, down = answer - (k + 1) * KIB;
		bool failed;
		int ret = fails_at(s, up, &failed, err, err_size);

		if (ret)
			return ret;
		if (failed)
			s->out->non_monotone_at[s->out->non_monotone++] = up;
		/* answer - 1 KiB failed in the bisection; look further down for a pass */
		if (answer < (k + 1) * KIB + s->least_total)
			continue;
		ret = fails_at(s, down, &failed, err, err_size);
		if (ret)
			return ret;
		if (!failed)
			s->out->non_monotone_at[s->out->non_monotone++] = down;
	}
	return 0;
}

int tb_min_memory_search(const struct tb_sweep_run *base, const char *policy, const char *heap,
			 uint64_t least_total, unsigned jobs, struct tb_min_memory *out, char *err,
			 size_t err_size)
{
	struct search s = { .plan = *base->plan, .run = *base, .jobs = jobs,
			    .least_total = round_up_kib(least_total), .out = out };
	uint64_t lo, hi;
	int ret;

	memset(out, 0, sizeof(*out));
	snprintf(out->policy, sizeof(out->policy), "%s", policy);
	snprintf(out->heap, sizeof(out->heap), "%s", heap);
	snprintf(s.plan.policies[0], sizeof(s.plan.policies[0]), "%s", policy);
	snprintf(s.plan.heaps[0], sizeof(s.plan.heaps[0]), "%s", heap);
	s.plan.num_policies = s.plan.num_heaps = s.plan.num_budgets = 1;
	s.run.plan = &s.plan;
	lo = round_up_kib(least_total);
	hi = round_up_kib(base->plan->budgets[base->plan->num_budgets - 1]);
	if (hi <= lo)
		hi = lo + 64 * KIB;
	ret = find_upper(&s, &lo, &hi, err, err_size);
	if (ret || !out->found)
		return ret;
	/* lo failed (or is the least_total, below which nothing runs), hi did not. */
	while (hi - lo > KIB) {
		uint64_t mid = lo + (hi - lo) / 2 / KIB * KIB;
		bool failed;

		ret = fails_at(&s, mid, &failed, err, err_size);
		if (ret)
			return ret;
		if (failed)
			lo = mid;
		else
			hi = mid;
	}
	out->total_bytes = hi;
	return check_around(&s, err, err_size);
}
