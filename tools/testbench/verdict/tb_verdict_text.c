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

/* The minimums of one heap, smallest first (not found last). */
static int heap_minimums(const struct tb_verdict_input *in, const char *heap,
			 const struct tb_min_memory **out)
{
	int n = 0;

	for (int i = 0; i < in->num_mins; i++) {
		const struct tb_min_memory *m = &in->mins[i];
		int k = n++;

		if (strcmp(m->heap, heap)) {
			n--;
			continue;
		}
		while (k > 0 && (!out[k - 1]->found ||
				 (m->found && m->total_bytes < out[k - 1]->total_bytes))) {
			out[k] = out[k - 1];
			k--;
		}
		out[k] = m;
	}
	return n;
}

static void one_minimum(FILE *out, const struct tb_min_memory *m, bool first)
{
	fprintf(out, "%s%s", first ? "" : ", ", m->policy);
	if (m->found)
		fprintf(out, " %.0f KiB", m->total_bytes / 1024.0);
	else
		fprintf(out, " more than %u KiB", TB_MIN_MEMORY_CAP / 1024);
	if (m->non_monotone)
		fprintf(out, " (not monotone: %u probe%s near it disagree)", m->non_monotone,
			m->non_monotone == 1 ? "" : "s");
}

/* "Least: a and b (N KiB); next: c, M KiB more", ties named together. */
static void least_clause(FILE *out, const struct tb_min_memory *const *sorted, int n)
{
	int tied = 1;

	if (n < 2 || !sorted[0]->found)
		return;
	while (tied < n && sorted[tied]->found &&
	       sorted[tied]->total_bytes == sorted[0]->total_bytes)
		tied++;
	fprintf(out, ". Least: ");
	for (int k = 0; k < tied; k++)
		fprintf(out, "%s%s", k == 0 ? "" : k + 1 == tied ? " and " : ", ", sorted[k]->policy);
	fprintf(out, " (%.0f KiB)", sorted[0]->total_bytes / 1024.0);
	if (tied < n && sorted[tied]->found)
		fprintf(out, "; next: %s, %.0f KiB more", sorted[tied]->policy,
			(sorted[tied]->total_bytes - sorted[0]->total_bytes) / 1024.0);
}

/* Per heap: what each policy needs to never fail, then who needs least and by how much. */
static void min_memory_sentences(FILE *out, const struct tb_verdict_input *in)
{
	const struct tb_min_memory *sorted[TB_SWEEP_MAX_POLICIES * TB_SWEEP_MAX_HEAPS];
	const char *heaps[TB_SWEEP_MAX_HEAPS];
	int nh = 0;

	for (int i = 0; i < in->num_mins; i++) {
		bool seen = false;

		for (int k = 0; k < nh; k++)
			seen |= !strcmp(heaps[k], in->mins[i].heap);
		if (!seen && nh < TB_SWEEP_MAX_HEAPS)
			heaps[nh++] = in->mins[i].heap;
	}
	for (int h = 0; h < nh; h++) {
		int n = heap_minimums(in, heaps[h], sorted);

		fprintf(out, "To never fail in %u %s on the %s heap: ", in->min_memory_stories,
			in->min_memory_stories == 1 ? "run" : "stories", heaps[h]);
		for (int k = 0; k < n; k++)
			one_minimum(out, sorted[k], k == 0);
		least_clause(out, sorted, n);
		fprintf(out, ".\n");
	}
}

void tb_verdict_write(FILE *out, const struct tb_verdict_input *in)
{
	fprintf(out, "\nVerdict (generated from the numbers above):\n");
	if (in->plan)
		sweep_sentences(out, in->plan, in->sums);
	if (in->num_mins)
		min_memory_sentences(out, in);
}
