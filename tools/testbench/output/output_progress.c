// SPDX-License-Identifier: BSD-3-Clause
/*
 * A progress bar on stderr for runs longer than a second. Nothing is printed
 * when stderr is not a terminal (CI logs, pipes) or before the first second
 * has passed, so short runs stay silent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output.h"

#define BAR_WIDTH 30

struct lab_progress {
	uint64_t total;
	uint64_t done;
	bool enabled;
	bool shown;
	double start;
	double last_draw;
	char label[64];
};

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct lab_progress *lab_progress_new(uint64_t total_ticks, bool enabled)
{
	struct lab_progress *pg = calloc(1, sizeof(*pg));

	if (!pg)
		return NULL;
	pg->total = total_ticks ? total_ticks : 1;
	pg->enabled = enabled && isatty(STDERR_FILENO);
	pg->start = seconds();
	return pg;
}

void lab_progress_label(struct lab_progress *pg, const char *label)
{
	if (pg)
		snprintf(pg->label, sizeof(pg->label), "%s", label);
}

void lab_progress_advance(struct lab_progress *pg, uint64_t ticks)
{
	double now, frac;
	int filled;

	if (!pg)
		return;
	pg->done += ticks;
	if (!pg->enabled)
		return;
	now = seconds();
	if (now - pg->start < 1.0 || now - pg->last_draw < 0.1)
		return;
	pg->last_draw = now;
	pg->shown = true;
	frac = (double)pg->done / (double)pg->total;
	frac = frac > 1 ? 1 : frac;
	filled = (int)(frac * BAR_WIDTH);
	fprintf(stderr, "\r[%.*s%*s] %3d%% %5.1f s audio  %-28s", filled,
		"##############################", BAR_WIDTH - filled, "", (int)(frac * 100),
		(double)pg->done / 1000.0, pg->label);
	fflush(stderr);
}

void lab_progress_done(struct lab_progress *pg)
{
	if (!pg)
		return;
	if (pg->shown)
		fprintf(stderr, "\r%*s\r", BAR_WIDTH + 50, "");
	free(pg);
}
