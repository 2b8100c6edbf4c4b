// SPDX-License-Identifier: BSD-3-Clause
/* The comparison table on stdout, and the calibration table after it (--calibrate). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static void kib(char *out, size_t n, size_t bytes)
{
	if (bytes == SIZE_MAX)
		snprintf(out, n, "-");
	else
		snprintf(out, n, "%.1f K", bytes / 1024.0);
}

static void print_budget_line(FILE *out, const struct tb_scenario *sc,
			      const struct lab_result *runs, int num_runs)
{
	bool same_heap = num_runs && runs[0].same_heap;

	fprintf(out, "%s: %s %.0f KiB on every row", sc->name, same_heap ? "heap" : "total memory",
		sc->heap_bytes / 1024.0);
	if (same_heap)
		fprintf(out, ", static's %.0f KiB region on top (--same-heap: unequal totals, "
			"not a verdict)", sc->static_region_bytes / 1024.0);
	else
		fprintf(out, " (static: heap = total - its %.0f KiB region)",
			sc->static_region_bytes / 1024.0);
	fprintf(out, "; engine S = %.0f KiB, %.1f s of audio, executor %s\n",
		sc->engine_bytes / 1024.0, num_runs ? runs[0].audio_seconds : 0,
		num_runs ? lab_executor_name(&runs[0]) : "-");
}

void lab_print_table(FILE *out, const struct tb_scenario *sc, const struct lab_result *runs,
		     int num_runs)
{
	print_budget_line(out, sc, runs, num_runs);
	fprintf(out, "%-8s %-8s %8s %8s %8s %10s %10s %14s %13s %10s %9s %6s %8s %10s\n", "policy",
		"heap", "total", "heap", "static", "peak heap", "engine pk", "largest free@",
		"alloc fails", "bypassed", "underrun", "op", "LL p99", "x-realtime");
	fprintf(out, "%-8s %-8s %8s %8s %8s %10s %10s %14s %13s %10s %9s %6s %8s %10s\n", "", "",
		"memory", "size", "region", "used", "committed", "switch", "engine/all", "frames",
		"ticks", "errors", "us", "");
	for (int i = 0; i < num_runs; i++) {
		const struct lab_result *r = &runs[i];
		char total[24], heap[24], region[24], peak[24], eng[24], lf[24], fails[48];

		kib(total, sizeof(total), r->total_memory);
		kib(heap, sizeof(heap), r->total_memory - r->static_region);
		kib(region, sizeof(region), r->static_region);
		kib(peak, sizeof(peak), r->peak_used);
		kib(eng, sizeof(eng), r->peak_committed);
		kib(lf, sizeof(lf), r->largest_free_at_switch);
		snprintf(fails, sizeof(fails), "%llu/%llu", (unsigned long long)r->engine_failures,
			 (unsigned long long)r->alloc_failures);
		fprintf(out, "%-8s %-8s %8s %8s %8s %10s %10s %14s %13s %10llu %9llu %6llu %8.1f "
			"%10.*f\n", adx_dax_policy_name(r->policy), adx_heap_kind_name(r->heap), total,
			heap, region, peak, eng, lf, fails, (unsigned long long)r->bypassed_frames,
			(unsigned long long)r->underruns, (unsigned long long)r->op_errors,
			adx_hist_percentile(&r->ll_work, 99) / 1000.0, r->x_realtime < 10 ? 2 : 0,
			r->x_realtime);
	}
	if (num_runs && runs[0].mode != ADX_EXEC_THREADS)
		fprintf(out, "LL p99: in virtual time, the cost the tick's modules declare "
			"(measured: --threads)\n");
}

/* The lowest and highest instructions per period of one module over the runs. */
static void calibration_range(const struct lab_result *runs, int num_runs, const char *name,
			      double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = 0;
	for (int i = 0; i < num_runs; i++)
		for (size_t k = 0; k < runs[i].num_modules; k++) {
			const struct lab_module_stats *m = &runs[i].modules[k];

			if (!m->calibrated || strcmp(m->name, name))
				continue;
			*lo = fmin(*lo, m->calibrated_instructions_per_call);
			*hi = fmax(*hi, m->calibrated_instructions_per_call);
		}
}

static bool listed_before(const struct lab_result *runs, int run, size_t module)
{
	const char *name = runs[run].modules[module].name;

	for (int i = 0; i <= run; i++)
		for (size_t k = 0; k < (i == run ? module : runs[i].num_modules); k++)
			if (runs[i].modules[k].calibrated && !strcmp(runs[i].modules[k].name, name))
				return true;
	return false;
}

void lab_print_calibration(FILE *out, const struct lab_result *runs, int num_runs)
{
	fprintf(out, "\ninstructions per process() call, i.e. per period (callgrind, lowest and "
		"highest over %d run%s)\n", num_runs, num_runs == 1 ? "" : "s");
	fprintf(out, "%-22s %-16s %-6s %12s %12s %16s\n", "module", "driver", "domain",
		"lowest", "highest", "M/s at highest");
	for (int i = 0; i < num_runs; i++)
		for (size_t k = 0; k < runs[i].num_modules; k++) {
			const struct lab_module_stats *m = &runs[i].modules[k];
			double lo, hi;

			if (!m->calibrated || listed_before(runs, i, k))
				continue;
			calibration_range(runs, num_runs, m->name, &lo, &hi);
			fprintf(out, "%-22s %-16s %-6s %12.0f %12.0f %16.2f\n", m->name, m->driver,
				m->dp ? "DP" : "LL", lo, hi,
				hi * 1e6 / (m->period_us ? m->period_us : 1000) / 1e6);
		}
}
