// SPDX-License-Identifier: BSD-3-Clause
/*
 * Plots through gnuplot: the lab writes plain data files and a script, and
 * gnuplot renders each chart as SVG (the svg terminal) and PNG (pngcairo).
 *  - heap.svg/png: heap used (solid) and largest free block (dashed) over
 *    time, one panel per policy with both heap kinds in two colours, the
 *    engine size S as a reference line (where a dashed line drops below S,
 *    a large allocation of S cannot succeed), and the timeline's events
 *    marked: switches, other streams opening, allocation failures.
 *  - blockmap-<policy>-<heap>.svg/png: the heap's blocks at each large
 *    allocation (and each failed one), one row per moment: engine regions,
 *    other streams' bursts, other firmware blocks and free space.
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "report.h"

extern char **environ;

#define MAX_MAP_ROWS 12

int report_run_gnuplot(const char *script, char *err, size_t err_size)
{
	char *argv[] = { "gnuplot", (char *)script, NULL };
	pid_t pid;
	int status;

	if (posix_spawnp(&pid, "gnuplot", NULL, NULL, argv, environ)) {
		snprintf(err, err_size, "gnuplot cannot be run (install gnuplot-nox); plots skipped");
		return -ENOENT;
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, err_size, "gnuplot failed on %s", script);
		return -EIO;
	}
	return 0;
}

static void run_tag(const struct lab_result *r, char *out, size_t n)
{
	snprintf(out, n, "%s-%s", adx_dax_policy_name(r->policy), adx_heap_kind_name(r->heap));
}

static int write_heap_data(const char *dir, const struct lab_result *r)
{
	char path[1024], tag[32];
	FILE *f;

	run_tag(r, tag, sizeof(tag));
	snprintf(path, sizeof(path), "%s/heap-%s.dat", dir, tag);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "# t_ms used_KiB largest_free_KiB engine_committed_KiB\n");
	for (size_t i = 0; i < r->num_samples; i++) {
		const struct lab_sample *s = &r->samples[i];

		fprintf(f, "%.3f %.3f %.3f %.3f\n", s->t_ns / 1e6, s->used / 1024.0,
			s->largest / 1024.0, s->committed / 1024.0);
	}
	return fclose(f) ? -errno : 0;
}

/* Both terminals from one script: set the terminal, plot, switch, replot. */
static void terminals(FILE *f, const char *dir, const char *base, int width, int height)
{
	fprintf(f, "set terminal svg size %d,%d dynamic enhanced font 'sans,11' background "
		"'white'\nset output '%s/%s.svg'\n", width, height, dir, base);
}

static void png_again(FILE *f, const char *dir, const char *base, int width, int height)
{
	fprintf(f, "set terminal pngcairo size %d,%d enhanced font 'sans,10' background "
		"'white'\nset output '%s/%s.png'\n", width, height, dir, base);
}

/* Events marked on the time axis: a DAX endpoint's hw_params is a switch, another stream's open an event. */
enum heap_event { EVENT_NONE, EVENT_SWITCH, EVENT_STREAM };

static enum heap_event event_of(const struct tb_scenario *sc, const struct lab_op_record *op)
{
	const char *space = strchr(op->what, ' ');

	if (!space || op->t_ns == 0)
		return EVENT_NONE;
	if (!strncmp(op->what, "heap alloc", 10))
		return EVENT_STREAM;
	for (int i = 0; i < sc->num_pipelines; i++) {
		const struct tb_pipeline_spec *p = &sc->pipelines[i];

		if (strlen(p->name) != (size_t)(space - op->what) ||
		    strncmp(p->name, op->what, strlen(p->name)))
			continue;
		if (p->dax_stage >= 0 && !strcmp(space + 1, "hw_params"))
			return EVENT_SWITCH;
		if (p->dax_stage < 0 && !strcmp(space + 1, "open"))
			return EVENT_STREAM;
	}
	return EVENT_NONE;
}

static void mark_events(FILE *f, const struct tb_scenario *sc, const struct lab_result *runs,
			int num_runs, enum adx_dax_policy policy)
{
	static const char *const event_colors[] = { "", "#555555", "#2ca02c" };
	const struct lab_result *first = NULL;

	fprintf(f, "unset arrow\n");
	for (int i = 0; i < num_runs; i++) {
		if (runs[i].policy != policy)
			continue;
		first = first ? first : &runs[i];
		/* failures differ per heap: each heap's in its own colour */
		for (size_t k = 0; k < runs[i].num_failures; k++)
			fprintf(f, "set arrow from %.3f, graph 0 to %.3f, graph 1 nohead lw 2 "
				"lc rgb '%s'\n", runs[i].failures[k].t_ns / 1e6,
				runs[i].failures[k].t_ns / 1e6,
				runs[i].heap == ADX_HEAP_KIND_ADX ? "#d62728" : "#ff9896");
	}
	for (size_t k = 0; first && k < first->num_ops; k++) {
		enum heap_event ev = event_of(sc, &first->ops[k]);

		if (ev != EVENT_NONE)
			fprintf(f, "set arrow from %.3f, graph 0 to %.3f, graph 1 nohead dt 2 "
				"lc rgb '%s'\n", first->ops[k].t_ns / 1e6, first->ops[k].t_ns / 1e6,
				event_colors[ev]);
	}
}

/*
 * Small multiples: one panel per policy, both heaps in two colours (used
 * solid, largest free block dashed), S dotted, events on the time axis.
 */
static void heap_panels(FILE *f, const char *dir, const struct tb_scenario *sc,
			const struct lab_result *runs, int num_runs)
{
	static const char *const heap_colors[] = { "#1f77b4", "#ff7f0e" };
	int panels = 0;

	for (int p = 0; p < ADX_DAX_POLICY_COUNT; p++)
		for (int i = 0; i < num_runs; i++)
			if (runs[i].policy == (enum adx_dax_policy)p) {
				panels++;
				break;
			}
	fprintf(f, "set multiplot layout %d,1 title \"%s: heap used (solid) and largest free "
		"block (dashed) per policy; S dotted; grey: switch, green: other stream, red: "
		"allocation failure\"\n", panels, sc->name);
	for (int p = 0; p < ADX_DAX_POLICY_COUNT; p++) {
		bool first = true;

		for (int i = 0; i < num_runs; i++) {
			char tag[32];

			if (runs[i].policy != (enum adx_dax_policy)p)
				continue;
			if (first) {
				mark_events(f, sc, runs, num_runs, (enum adx_dax_policy)p);
				fprintf(f, "set title '%s: adx heap (blue), sysheap heap (orange)'\n"
					"set xlabel 'time (ms)'\nset ylabel 'KiB'\n"
					"set key outside right\nset yrange [0:%.1f]\nplot ",
					adx_dax_policy_name((enum adx_dax_policy)p), sc->heap_bytes / 1024.0 * 1.05);
			}
			run_tag(&runs[i], tag, sizeof(tag));
			/* adx drawn wider: where both heaps draw the same line, both show */
			double lw = runs[i].heap == ADX_HEAP_KIND_ADX ? 4.0 : 1.8;

			fprintf(f, "%s'%s/heap-%s.dat' using 1:2 with steps lw %.1f lc rgb '%s' "
				"title '%s used (%s)', '%s/heap-%s.dat' using 1:3 with steps lw %.1f "
				"dt 2 lc rgb '%s' title '%s largest free (%s)'", first ? "" : ", ", dir,
				tag, lw, heap_colors[runs[i].heap == ADX_HEAP_KIND_SYSHEAP],
				adx_dax_policy_name(runs[i].policy), adx_heap_kind_name(runs[i].heap), dir,
				tag, lw, heap_colors[runs[i].heap == ADX_HEAP_KIND_SYSHEAP],
				adx_dax_policy_name(runs[i].policy), adx_heap_kind_name(runs[i].heap));
			first = false;
		}
		if (!first)
			fprintf(f, ", %.3f with lines dt 3 lw 1 lc rgb 'black' title 'engine size S'\n",
				sc->engine_bytes / 1024.0);
	}
	fprintf(f, "unset multiplot\n");
}

static int plot_heap(const char *dir, const struct tb_scenario *sc,
		     const struct lab_result *runs, int num_runs, char *err, size_t err_size)
{
	char script[1024];
	int height = 240 * ADX_DAX_POLICY_COUNT + 60;
	FILE *f;

	for (int i = 0; i < num_runs; i++)
		if (write_heap_data(dir, &runs[i]))
			goto io_error;
	snprintf(script, sizeof(script), "%s/heap.gp", dir);
	f = fopen(script, "w");
	if (!f)
		goto io_error;
	terminals(f, dir, "heap", 1100, height);
	heap_panels(f, dir, sc, runs, num_runs);
	png_again(f, dir, "heap", 1100, height);
	heap_panels(f, dir, sc, runs, num_runs);
	if (fclose(f))
		goto io_error;
	return report_run_gnuplot(script, err, err_size);
io_error:
	snprintf(err, err_size, "%s: cannot write plot files: %s", dir, strerror(errno));
	return -EIO;
}

static const char *const class_colors[] = { "#f0f0f0", "#d62728", "#ff7f0e", "#1f77b4" };

/* One row per snapshot: x = offset in KiB, a rectangle per block, colour by class. */
static int write_map_data(const char *path, const struct lab_result *r, int rows)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "# x_center_KiB row half_width_KiB half_height color\n");
	for (int row = 0; row < rows; row++) {
		const struct lab_block_map *m = &r->maps[row];

		for (size_t b = 0; b < m->num_blocks; b++) {
			const struct lab_block *blk = &m->blocks[b];
			unsigned int rgb;

			sscanf(class_colors[blk->cls] + 1, "%x", &rgb);
			fprintf(f, "%.3f %d %.3f 0.38 %u\n", (blk->offset + blk->size / 2.0) / 1024.0,
				rows - 1 - row, blk->size / 2048.0, rgb);
		}
	}
	return fclose(f) ? -errno : 0;
}

static void map_plot(FILE *f, const char *dat, const struct tb_scenario *sc,
		     const struct lab_result *r, int rows)
{
	fprintf(f, "set title \"%s, %s policy, %s heap: the heap at each large allocation\\n"
		"red: engine region, orange: another stream's burst, blue: other firmware "
		"blocks, grey: free\"\n",
		sc->name, adx_dax_policy_name(r->policy), adx_heap_kind_name(r->heap));
	fprintf(f, "set xlabel 'heap offset (KiB)'\nset xrange [0:%.1f]\nset yrange [-0.6:%.1f]\n"
		"unset key\nset ytics (",
		sc->heap_bytes / 1024.0, rows - 0.4);
	for (int row = 0; row < rows; row++)
		fprintf(f, "%s\"%s\" %d", row ? ", " : "", r->maps[row].label, rows - 1 - row);
	fprintf(f, ")\nset style fill solid 1.0 border lc rgb '#404040'\n"
		"plot '%s' using 1:2:3:4:5 with boxxyerror lc rgb variable title 'blocks'\n", dat);
}

static int plot_maps(const char *dir, const struct tb_scenario *sc, const struct lab_result *r,
		     char *err, size_t err_size)
{
	int rows = r->num_maps < MAX_MAP_ROWS ? (int)r->num_maps : MAX_MAP_ROWS;
	char tag[32], dat[1024], script[1024], base[64];
	int height = 120 + 46 * rows;
	FILE *f;

	if (!rows)
		return 0;
	run_tag(r, tag, sizeof(tag));
	snprintf(base, sizeof(base), "blockmap-%s", tag);
	snprintf(dat, sizeof(dat), "%s/%s.dat", dir, base);
	snprintf(script, sizeof(script), "%s/%s.gp", dir, base);
	if (write_map_data(dat, r, rows) || !(f = fopen(script, "w"))) {
		snprintf(err, err_size, "%s: cannot write plot files: %s", dir, strerror(errno));
		return -EIO;
	}
	fprintf(f, "set lmargin 42\n");
	terminals(f, dir, base, 1200, height);
	map_plot(f, dat, sc, r, rows);
	png_again(f, dir, base, 1200, height);
	map_plot(f, dat, sc, r, rows);
	if (fclose(f)) {
		snprintf(err, err_size, "%s: %s", script, strerror(errno));
		return -EIO;
	}
	return report_run_gnuplot(script, err, err_size);
}

int lab_plots_write(const char *dir, const struct tb_scenario *sc,
		    const struct lab_result *runs, int num_runs, char *err, size_t err_size)
{
	int ret;

	mkdir(dir, 0777);
	ret = plot_heap(dir, sc, runs, num_runs, err, err_size);
	for (int i = 0; !ret && i < num_runs; i++)
		ret = plot_maps(dir, sc, &runs[i], err, err_size);
	return ret;
}
