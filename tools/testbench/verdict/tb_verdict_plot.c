// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "report/report.h"
#include "tb_verdict_plot.h"

/* One colour per policy (the lab's palette order). */
static const char *const policy_colors[] = { "#d62728", "#1f77b4", "#2ca02c", "#9467bd" };

static FILE *open_in(const char *dir, const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, name);
	return fopen(path, "w");
}

/* Both terminals from one script: SVG first, then PNG with the same plot. */
static void header(FILE *f, const char *dir, const char *base)
{
	fprintf(f, "set terminal svg size 900,560 dynamic enhanced font 'sans,12' background "
		"'white'\nset output '%s/%s.svg'\n", dir, base);
}

static void png_again(FILE *f, const char *dir, const char *base)
{
	fprintf(f, "set terminal pngcairo size 900,560 enhanced font 'sans,11' background "
		"'white'\nset output '%s/%s.png'\nreplot\n", dir, base);
}

static int write_failure_data(const char *path, const struct tb_sweep_plan *plan,
			      const struct tb_cell_summary *sums)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	for (uint32_t h = 0; h < plan->num_heaps; h++)
		for (uint32_t p = 0; p < plan->num_policies; p++) {
			fprintf(f, "# %s %s: total_KiB failure_%% ci_low_%% ci_high_%%\n",
				plan->policies[p], plan->heaps[h]);
			for (uint32_t b = 0; b < plan->num_budgets; b++) {
				const struct tb_cell_summary *s = &sums[tb_sweep_cell_index(
					plan, (struct tb_sweep_cell){ p, h, b })];

				fprintf(f, "%.1f %.4f %.4f %.4f\n", plan->budgets[b] / 1024.0,
					100 * s->ci.estimate, 100 * s->ci.low, 100 * s->ci.high);
			}
			fprintf(f, "\n\n");
		}
	return fclose(f) ? -errno : 0;
}

/* One panel per heap, one curve per policy (colour), the Wilson interval as error bars. */
static void failure_panels(FILE *f, const char *data, const struct tb_sweep_plan *plan)
{
	fprintf(f, "set multiplot layout 1,%u title 'Failure probability vs total memory "
		"(%u stories per point, bars: 95%% Wilson interval)'\n", plan->num_heaps,
		plan->stories);
	for (uint32_t h = 0; h < plan->num_heaps; h++) {
		fprintf(f, "set title '%s heap'\nset xlabel 'total memory (KiB): heap + static "
			"region'\nset ylabel 'stories with any failure (%%)'\nset yrange [-3:103]\n"
			"set key %s\nset grid\nplot ", plan->heaps[h],
			h + 1 == plan->num_heaps ? "top right opaque box" : "off");
		for (uint32_t p = 0; p < plan->num_policies; p++)
			fprintf(f, "%s'%s' index %u using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.6 "
				"lc rgb '%s' title '%s'", p ? ", " : "", data,
				h * plan->num_policies + p, policy_colors[p % 4], plan->policies[p]);
		fprintf(f, "\n");
	}
	fprintf(f, "unset multiplot\n");
}

int tb_plot_failure_vs_memory(const char *dir, const struct tb_sweep_plan *plan,
			      const struct tb_cell_summary *sums, char *err, size_t err_size)
{
	char data[1100], script[1100];
	FILE *f;

	snprintf(data, sizeof(data), "%s/failure-vs-memory.dat", dir);
	if (write_failure_data(data, plan, sums) ||
	    !(f = open_in(dir, "failure-vs-memory.gp", script, sizeof(script)))) {
		snprintf(err, err_size, "%s: cannot write the plot data", dir);
		return -EIO;
	}
	fprintf(f, "set terminal svg size 1200,520 dynamic enhanced font 'sans,12' background "
		"'white'\nset output '%s/failure-vs-memory.svg'\n", dir);
	failure_panels(f, data, plan);
	fprintf(f, "set terminal pngcairo size 1200,520 enhanced font 'sans,11' background "
		"'white'\nset output '%s/failure-vs-memory.png'\n", dir);
	failure_panels(f, data, plan);
	if (fclose(f)) {
		snprintf(err, err_size, "%s: write failed", script);
		return -EIO;
	}
	return report_run_gnuplot(script, err, err_size);
}

int tb_plot_min_memory(const char *dir, const struct tb_min_memory *mins, int num_mins,
		       uint64_t engine_bytes, char *err, size_t err_size)
{
	char data[1100], script[1100];
	FILE *d, *f;

	snprintf(data, sizeof(data), "%s/min-memory.dat", dir);
	d = fopen(data, "w");
	if (!d) {
		snprintf(err, err_size, "%s: cannot write", data);
		return -EIO;
	}
	fprintf(d, "# label total_KiB (0: not found below the cap)\n");
	for (int i = 0; i < num_mins; i++)
		fprintf(d, "\"%s\\n%s\" %.0f %d\n", mins[i].policy, mins[i].heap,
			mins[i].found ? mins[i].total_bytes / 1024.0 : 0.0, i);
	if (fclose(d) || !(f = open_in(dir, "min-memory.gp", script, sizeof(script)))) {
		snprintf(err, err_size, "%s: cannot write the plot", dir);
		return -EIO;
	}
	header(f, dir, "min-memory");
	fprintf(f, "set title 'Smallest total memory with zero failures (bisection to 1 KiB)'\n"
		"set ylabel 'total memory (KiB)'\nset style fill solid 0.8 border -1\n"
		"set boxwidth 0.7\nset yrange [0:*]\nset grid ytics\nset key top left\n"
		"set xtics scale 0\nset bmargin 5\n"
		"plot '%s' using 3:2:xtic(1) with boxes lc rgb '#1f77b4' notitle, "
		"'' using 3:2:(sprintf('%%.0f', $2)) with labels offset 0,0.8 notitle, "
		"%.1f with lines dt 3 lc rgb 'black' title 'engine S', "
		"%.1f with lines dt 2 lc rgb 'grey' title '2S'\n",
		data, engine_bytes / 1024.0, 2 * engine_bytes / 1024.0);
	png_again(f, dir, "min-memory");
	if (fclose(f)) {
		snprintf(err, err_size, "%s: write failed", script);
		return -EIO;
	}
	return report_run_gnuplot(script, err, err_size);
}
