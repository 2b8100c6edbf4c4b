// SPDX-License-Identifier: BSD-3-Clause
#include <inttypes.h>

#include "tb_sweep_table.h"

static const struct tb_cell_summary *at(const struct tb_sweep_plan *plan,
					const struct tb_cell_summary *sums, uint32_t p,
					uint32_t h, uint32_t b)
{
	return &sums[tb_sweep_cell_index(plan, (struct tb_sweep_cell){ p, h, b })];
}

void tb_print_failure_matrix(FILE *out, const struct tb_sweep_plan *plan,
			     const struct tb_cell_summary *sums)
{
	fprintf(out, "\nStories with any failure, %u stories (seed %" PRIu64 ") per cell; "
		"columns: total memory (KiB)\n%-17s", plan->stories, plan->seed, "policy / heap");
	for (uint32_t b = 0; b < plan->num_budgets; b++)
		fprintf(out, " %7.0f", plan->budgets[b] / 1024.0);
	fprintf(out, "\n");
	for (uint32_t h = 0; h < plan->num_heaps; h++)
		for (uint32_t p = 0; p < plan->num_policies; p++) {
			char label[40];

			snprintf(label, sizeof(label), "%s / %s", plan->policies[p], plan->heaps[h]);
			fprintf(out, "%-17s", label);
			for (uint32_t b = 0; b < plan->num_budgets; b++)
				fprintf(out, " %6.1f%%", 100 * at(plan, sums, p, h, b)->ci.estimate);
			fprintf(out, "\n");
		}
}

void tb_print_budget_details(FILE *out, const struct tb_sweep_plan *plan,
			     const struct tb_cell_summary *sums, uint32_t b)
{
	fprintf(out, "\nAt %.0f KiB total:\n%-17s %8s %16s %7s %7s %7s %7s %7s %10s %10s %8s %7s\n",
		plan->budgets[b] / 1024.0, "policy / heap", "failed", "95% CI", "engine",
		"other", "op err", "undrrun", "bypass", "engine pk", "bypassed", "worst", "replay");
	fprintf(out, "%-17s %8s %16s %7s %7s %7s %7s %7s %10s %10s %8s %7s\n", "", "", "",
		"alloc", "alloc", "", "", "no hoff", "committed", "frames", "gap ms", "story");
	for (uint32_t h = 0; h < plan->num_heaps; h++)
		for (uint32_t p = 0; p < plan->num_policies; p++) {
			const struct tb_cell_summary *s = at(plan, sums, p, h, b);
			char label[40], ci[40], replay[24] = "-";

			snprintf(label, sizeof(label), "%s / %s", plan->policies[p], plan->heaps[h]);
			snprintf(ci, sizeof(ci), "%.2f-%.2f%%", 100 * s->ci.low, 100 * s->ci.high);
			if (s->first_failed_story >= 0)
				snprintf(replay, sizeof(replay), "%" PRId64, s->first_failed_story);
			fprintf(out, "%-17s %7.2f%% %16s %7" PRIu64 " %7" PRIu64 " %7" PRIu64
				" %7" PRIu64 " %7" PRIu64 " %8.1f K %10" PRIu64 " %8.1f %7s\n",
				label, 100 * s->ci.estimate, ci, s->failed_by_kind[0],
				s->failed_by_kind[1], s->failed_by_kind[2], s->failed_by_kind[3],
				s->failed_by_kind[4], s->engine_committed_max / 1024.0,
				s->bypassed_frames_total, s->worst_gap_us / 1000.0, replay);
		}
	fprintf(out, "failure kinds count stories; \"bypass no hoff\": frames bypassed outside a "
		"handoff; replay story: the first failing one (--write-stories keeps its YAML)\n");
}

void tb_print_min_memory(FILE *out, const struct tb_min_memory *mins, int num_mins,
			 uint32_t stories)
{
	fprintf(out, "\nMinimum total memory with zero failures in %u %s (bisection to 1 KiB, "
		"then +-%u KiB probed):\n%-17s %12s %8s %s\n", stories,
		stories == 1 ? "run" : "stories", TB_MIN_MEMORY_PROBES, "policy / heap",
		"total (KiB)", "probes", "monotone around the answer");
	for (int i = 0; i < num_mins; i++) {
		const struct tb_min_memory *m = &mins[i];
		char label[40];

		snprintf(label, sizeof(label), "%s / %s", m->policy, m->heap);
		if (!m->found) {
			fprintf(out, "%-17s %12s %8u -\n", label, "not found", m->probes);
			continue;
		}
		fprintf(out, "%-17s %12.0f %8u ", label, m->total_bytes / 1024.0, m->probes);
		if (!m->non_monotone)
			fprintf(out, "yes\n");
		for (uint32_t k = 0; k < m->non_monotone; k++)
			fprintf(out, "%s%.0f K %s", k ? ", " : "no: ", m->non_monotone_at[k] / 1024.0,
				m->non_monotone_at[k] > m->total_bytes ? "fails" : "passes");
		if (m->non_monotone)
			fprintf(out, "\n");
	}
}
