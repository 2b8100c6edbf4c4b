/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Randomized switch stories (docs/verdict.md, "The stories"): host-driver
 * timelines drawn from the DAX lifespan discussion. Music plays on one
 * endpoint; the user switches between speaker and headphone at random
 * times, sometimes switching back before the first switch completed; between
 * the old endpoint's reset and the new one's prepare, asynchronous streams
 * open (a notification with its burst of buffers, an incoming call with its
 * own pipeline, a wake-word buffer that needs one large contiguous block)
 * and other firmware allocates bursts of small buffers. Resets land at a
 * random microsecond, so at any phase of the DAX engine's DP cycle.
 *
 * A story is a scenario: tb_story_write() emits the YAML the lab runs, so
 * any story can be replayed alone with --scenario. The story depends only
 * on (seed, index): the same pair always gives the same file.
 */
#ifndef ADX_TB_STORY_H
#define ADX_TB_STORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct tb_story_spec {
	uint64_t seed;
	uint32_t index;
	const char *memory_line;   /* the scenario's memory line, verbatim, e.g.
				    * "memory: {total: S + 120K, kind: [adx, sysheap]}" */
};

/* Writes the story as scenario YAML. 0, or -EIO when the stream failed. */
int tb_story_write(FILE *out, const struct tb_story_spec *spec);

/* The story's scenario name: "story-<seed>-<index>". */
void tb_story_name(uint64_t seed, uint32_t index, char *out, size_t size);

#endif
