// SPDX-License-Identifier: BSD-3-Clause
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "tb_verdict_text.h"

static const struct tb_cell_summary *cell(const struct tb_sweep_plan *plan,
					  const struct tb_cell_summary *sums, uint32_t p,
					  uint32_t h, uint32_t b)
{
	return &sums[tb_sweep_cell_index(plan, (struct tb_sweep_cell){ p, h, b })];
}

static bool budget_has(const struct tb_sweep_plan *plan, const struct tb_cell_summary *sums,
		       uint32_t b, bool zero)
{
	for (uint32_t h = 0; h < plan->num_heaps; h++)
		for (uint32_t p = 0; p < plan->num_policies; p++)
			if ((cell(plan, sums, p, h, b)->failed == 0) == zero)
				return true;
	return false;
}

uint32_t tb_verdict_featured_budget(const struct tb_sweep_plan *plan,
				    const struct tb_cell_summary *sums)
{
	for (uint32_t b = 0; b < plan->num_budgets; b++)
		if (budget_has(plan, sums, b, true) && budget_has(plan, sums, b, false))
			return b;
	for (uint32_t b = plan->num_budgets; b-- > 0;) {
		for (uint32_t h = 0; h < plan->num_heaps; h++)
			for (uint32_t p = 1; p < plan->num_policies; p++)
				if (cell(plan, sums, p, h, b)->failed !=
				    cell(plan, sums, 0, h, b)->failed)
					return b;
	}
	return plan->num_budgets - 1;
}

static void percent(FILE *out, double x)
{
	if (x == 0.0 || x == 1.0)
		fprintf(out, "%.0f%%", 100.0 * x);
	else if (x < 0.001)
		fprintf(out, "%.3f%%", 100.0 * x);
	else
		fprintf(out, "%.1f%%", 100.0 * x);
}

static void interval(FILE *out, const struct tb_cell_summary *s)
{
	fprintf(out, " (95%% CI ");
	percent(out, s->ci.low);
	fprintf(out, "-");
	percent(out, s->ci.high);
	fprintf(out, ")");
}

static bool heaps_agree(const struct tb_sweep_plan *plan, const struct tb_cell_summary *sums,
			uint32_t b)
{
	for (uint32_t h = 1; h < plan->num_heaps; h++)
		for (uint32_t p = 0; p < plan->num_policies; p++)
			if (cell(plan, sums, p, h, b)->failed != cell(plan, sums, p, 0, b)->failed)
				return false;
	return true;
}

/* Policies from most to least failing; equal counts share one clause. */
static void policy_clauses(FILE *out, const struct tb_sweep_plan *plan,
			   const struct tb_cell_summary *sums, uint32_t h, uint32_t b)
{
	bool said[TB_SWEEP_MAX_POLICIES] = { false };
	bool first = true;

	for (uint32_t round = 0; round < plan->num_policies; round++) {
		int worst = -1;

		for (uint32_t p = 0; p < plan->num_policies; p++)
			if (!said[p] && (worst < 0 || cell(plan, sums, p, h, b)->failed >
						      cell(plan, sums, (uint32_t)worst, h, b)->failed))
				worst = (int)p;
		if (worst < 0)
			break;
		const struct tb_cell_summary *s = cell(plan, sums, (uint32_t)worst, h, b);
		int group = 0;

		fprintf(out, "%s", first ? "" : "; ");
		for (uint32_t p = 0; p < plan->num_policies; p++) {
			if (said[p] || cell(plan, sums, p, h, b)->failed != s->failed)
				continue;
			said[p] = true;
			fprintf(out, "%s%s", group++ ? " and " : "", plan->policies[p]);
		}
		fprintf(out, first ? " fails in " : " in ");
		percent(out, s->ci.estimate);
		if (first)
			fprintf(out, " of stories");
		interval(out, s);
		first = false;
	}
}

static void sweep_sentences(FILE *out, const struct tb_sweep_plan *plan,
			    const struct tb_cell_summary *sums)
{
	uint32_t b = tb_verdict_featured_budget(plan, sums);
	bool agree = heaps_agree(plan, sums, b);

	for (uint32_t h = 0; h < (agree ? 1u : plan->num_heaps); h++) {
		fprintf(out, "At %.0f KiB total", plan->budgets[b] / 1024.0);
		if (agree && plan->num_heaps > 1)
			fprintf(out, ", on both heaps alike");
		else
			fprintf(out, " on the %s heap", plan->heaps[h]);
		fprintf(out, ", over %u stories: ", plan->stories);
		policy_clauses(out, plan, sums, h, b);
		fprintf(out, ".\n");
	}
}

static const struct tb_min_memory *find_min(const struct tb_verdict_input *in,
					    const char *policy, const char *heap)
{
	for (int i = 0; i < in->num_mins; i++)
		if (!strcmp(in->mins[i].policy, policy) && !strcmp(in->mins[i].heap, heap))
			return &in->mins[i];
	return NULL;
}

/* The policy's least minimum over the heaps (UINT64_MAX: none found). */
static uint64_t best_of_policy(const struct tb_verdict_input *in, const char *policy)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < in->num_mins; i++)
		if (!strcmp(in->mins[i].policy, policy) && in->mins[i].found &&
		    in->mins[i].total_bytes < best)
			best = in->mins[i].total_bytes;
	return best;
}

static void min_memory_sentence(FILE *out, const struct tb_verdict_input *in)
{
	char policies[TB_SWEEP_MAX_POLICIES][TB_SWEEP_NAME_MAX], heaps[TB_SWEEP_MAX_HEAPS][
		TB_SWEEP_NAME_MAX];
	uint32_t np = 0, nh = 0;
	bool used[TB_SWEEP_MAX_POLICIES] = { false };

	for (int i = 0; i < in->num_mins; i++) {
		bool seen_p = false, seen_h = false;

		for (uint32_t k = 0; k < np; k++)
			seen_p |= !strcmp(policies[k], in->mins[i].policy);
		for (uint32_t k = 0; k < nh; k++)
			seen_h |= !strcmp(heaps[k], in->mins[i].heap);
		if (!seen_p && np < TB_SWEEP_MAX_POLICIES)
			strcpy(policies[np++], in->mins[i].policy);
		if (!seen_h && nh < TB_SWEEP_MAX_HEAPS)
			strcpy(heaps[nh++], in->mins[i].heap);
	}
	fprintf(out, "To never fail in %u %s, ", in->min_memory_stories,
		in->min_memory_stories == 1 ? "run" : "stories");
	for (uint32_t n = 0; n < np; n++) {
		int best = -1;

		for (uint32_t p = 0; p < np; p++)
			if (!used[p] && (best < 0 || best_of_policy(in, policies[p]) <
						     best_of_policy(in, policies[best])))
				best = (int)p;
		used[best] = true;
		fprintf(out, "%s%s needs", n ? "; " : "", policies[best]);
		for (uint32_t h = 0; h < nh; h++) {
			const struct tb_min_memory *m = find_min(in, policies[best], heaps[h]);

			if (!m)
				continue;
			fprintf(out, "%s", h ? "," : "");
			if (m->found)
				fprintf(out, " %.0f KiB on %s", m->total_bytes / 1024.0, heaps[h]);
			else
				fprintf(out, " more than %u KiB on %s", TB_MIN_MEMORY_CAP / 1024,
					heaps[h]);
			if (m->non_monotone)
				fprintf(out, " (not monotone: %u probe%s near it disagree)",
					m->non_monotone, m->non_monotone == 1 ? "" : "s");
		}
	}
	fprintf(out, ".\n");
	{
		int best = -1;

		for (uint32_t p = 0; p < np; p++)
			if (best < 0 || best_of_policy(in, policies[p]) <
					best_of_policy(in, policies[best]))
				best = (int)p;
		if (best >= 0 && best_of_policy(in, policies[best]) != UINT64_MAX)
			fprintf(out, "Least memory without a single failure: %s.\n",
				policies[best]);
	}
}

void tb_verdict_write(FILE *out, const struct tb_verdict_input *in)
{
	fprintf(out, "\nVerdict (generated from the numbers above):\n");
	if (in->plan)
		sweep_sentences(out, in->plan, in->sums);
	if (in->num_mins)
		min_memory_sentence(out, in);
}
