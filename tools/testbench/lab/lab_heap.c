// SPDX-License-Identifier: BSD-3-Clause
/*
 * The heap as the lab watches it: the heap timeline (used, free, largest
 * free block and the DAX engine bytes committed), every failed allocation,
 * and a block map at each large allocation, all fed by the heap's observer.
 */
#include <stdio.h>
#include <string.h>

#include "adx/modules/dax.h"
#include "lab_internal.h"

static const char *owner_name(const struct lab *lab, const struct adx_heap *heap,
			      uint16_t tag)
{
	const char *name = adx_mem_owner_name(heap, tag);

	if (name)
		return lab_label_of(lab, name);
	return tag == ADX_OWNER_NONE ? "-" : "?";
}

size_t lab_engine_committed(void)
{
	struct adx_dax_memory_stats ms;

	adx_dax_get_memory_stats(&ms);
	return ms.total_bytes;
}

/*
 * At most two rows per instant: the heap at its fullest during the instant
 * (ops at one time run back to back, and the peak between them is what the
 * discussion asks about), then how the instant ended.
 */
static void keep_sample(struct lab *lab, const struct lab_sample *s)
{
	struct lab_result *res = lab->res;
	size_t peak = lab->instant_peak_row;

	if (!res->num_samples || res->samples[res->num_samples - 1].t_ns != s->t_ns) {
		res->samples = lab_grow(res->samples, &lab->cap_samples, res->num_samples,
					sizeof(*s));
		lab->instant_peak_row = res->num_samples;
		res->samples[res->num_samples++] = *s;
	} else if (s->used >= res->samples[peak].used) {
		res->samples[peak] = *s;
		res->num_samples = peak + 1;
	} else if (res->num_samples == peak + 1) {
		res->samples = lab_grow(res->samples, &lab->cap_samples, res->num_samples,
					sizeof(*s));
		res->samples[res->num_samples++] = *s;
	} else {
		res->samples[res->num_samples - 1] = *s;
	}
}

void lab_sample_heap(struct lab *lab)
{
	struct lab_result *res = lab->res;
	struct adx_heap_stats hs;
	struct lab_sample s;
	uint64_t t = lab_now(lab);

	adx_heap_get_stats(lab->heap, &hs);
	s = (struct lab_sample){ .t_ns = t, .used = hs.used_bytes, .free = hs.free_bytes,
				 .largest = hs.largest_free_bytes,
				 .committed = lab_engine_committed(),
				 .fragmentation = adx_heap_fragmentation(&hs) };
	if (s.used > res->peak_used)
		res->peak_used = s.used;
	if (s.committed > res->peak_committed)
		res->peak_committed = s.committed;
	keep_sample(lab, &s);
	lab_emit(lab, 'C', TID_HEAP, "heap", "heap", t, 0,
		 json_pack("{s:I, s:I, s:I}", "used", (json_int_t)s.used,
			   "largest_free", (json_int_t)s.largest,
			   "engine_committed", (json_int_t)s.committed));
}

struct walk_ctx {
	struct lab *lab;
	struct lab_block_map *map;
	size_t cap;
};

static void visit_block(void *ctx, const struct adx_heap_block *b)
{
	struct walk_ctx *w = ctx;
	struct lab_block blk = { .offset = b->offset, .size = b->size };
	const char *owner = owner_name(w->lab, w->lab->heap, b->owner);

	if (!b->used)
		blk.cls = LAB_BLOCK_FREE;
	else if (b->payload_size >= w->lab->large_threshold)
		blk.cls = LAB_BLOCK_ENGINE;
	else if (!strncmp(owner, "burst-", 6))
		blk.cls = LAB_BLOCK_BURST;
	else
		blk.cls = LAB_BLOCK_OTHER;
	w->map->blocks = lab_grow(w->map->blocks, &w->cap, w->map->num_blocks, sizeof(blk));
	w->map->blocks[w->map->num_blocks++] = blk;
}

static void snapshot_map(struct lab *lab, size_t request, bool failed, const char *owner)
{
	struct lab_result *res = lab->res;
	struct walk_ctx w = { .lab = lab };

	res->maps = lab_grow(res->maps, &lab->cap_maps, res->num_maps, sizeof(*res->maps));
	w.map = &res->maps[res->num_maps++];
	*w.map = (struct lab_block_map){ .t_ns = lab_now(lab), .request = request,
					 .failed = failed };
	snprintf(w.map->label, sizeof(w.map->label), "%.1f ms %s %zu B for %s%s",
		 lab_now(lab) / 1e6, failed ? "FAILED" : "alloc", request, owner,
		 lab->current_op[0] ? "" : "");
	adx_heap_walk(lab->heap, visit_block, &w);
}

void lab_on_heap_event(void *ctx, const struct adx_heap *heap, const struct adx_heap_event *ev)
{
	static const char *const names[] = { "alloc", "free", "alloc failed", "bad heap call" };
	struct lab *lab = ctx;
	struct lab_result *res = lab->res;
	const char *owner = owner_name(lab, heap, ev->owner);
	uint64_t t = lab_now(lab);

	if (ev->kind == ADX_HEAP_EV_FAIL) {
		struct lab_failure *f;

		res->failures = lab_grow(res->failures, &lab->cap_failures, res->num_failures,
					 sizeof(*f));
		f = &res->failures[res->num_failures++];
		*f = (struct lab_failure){ .t_ns = t, .size = ev->size };
		snprintf(f->owner, sizeof(f->owner), "%s", owner);
		snprintf(f->op, sizeof(f->op), "%s", lab->current_op);
		res->alloc_failures++;
		res->engine_failures += ev->size >= lab->large_threshold;
	}
	lab_emit(lab, 'i', TID_HEAP, names[ev->kind], "heap", t, 0,
		 json_pack("{s:I, s:s, s:s}", "size", (json_int_t)ev->size, "owner", owner,
			   "op", lab->current_op));
	lab_sample_heap(lab);
	if ((ev->kind == ADX_HEAP_EV_ALLOC || ev->kind == ADX_HEAP_EV_FAIL) &&
	    ev->size >= lab->large_threshold)
		snapshot_map(lab, ev->size, ev->kind == ADX_HEAP_EV_FAIL, owner);
}

static void count_used(void *ctx, const struct adx_heap_block *b)
{
	*(uint64_t *)ctx += b->used;
}

uint64_t lab_count_used_blocks(struct adx_heap *heap)
{
	uint64_t n = 0;

	adx_heap_walk(heap, count_used, &n);
	return n;
}
