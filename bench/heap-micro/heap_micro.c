// SPDX-License-Identifier: BSD-3-Clause
/*
 * Cost of one allocation and one free on each heap under a random workload:
 * 1 MiB arena, 90% of requests 16-4096 B, 10% 4-32 KiB, one in 16 aligned
 * to 16..4096, live bytes kept at or below 60% of the arena. The same
 * request sequence (splitmix64, fixed seed) runs on every heap: the TLSF
 * heap at each hardening level (tlsf-none ... tlsf-extreme), then the
 * sys_heap model at the build's default level.
 *
 *   heap_micro              median, p99 and max ns per call (clock_gettime,
 *                           after a warm-up pass; the timer's own cost is
 *                           printed first and is included in each figure;
 *                           max also catches preemption by the host OS)
 *   heap_micro --callgrind  no timing; each call goes through a noinline
 *                           wrapper followed by a callgrind dump, so
 *                           callgrind.sh can take the maximum instruction
 *                           count of a single alloc and a single free
 *   --ops N                 number of operations (default 1,000,000)
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(ADX_HAVE_CALLGRIND_H)
#include <valgrind/callgrind.h>
#endif

#include "adx/mem/heap.h"

#include "rng.h"

#define ARENA_SIZE (1u << 20)
#define LIVE_LIMIT (ARENA_SIZE / 10u * 6u)
#define SLOTS 8192u
#define DEFAULT_OPS 1000000u

struct live {
	void *ptr[SLOTS];
	uint32_t size[SLOTS];
	uint32_t count;
	size_t bytes;
};

struct samples {
	uint32_t *ns;
	uint32_t count;
};

struct run {
	struct adx_heap *heap;
	bool callgrind;
	struct samples alloc, free;
	const char *name;
};

/* Kept out of line so callgrind can attribute exactly one call to them. */
__attribute__((noinline)) void *micro_alloc_one(struct adx_heap *heap, size_t size,
						size_t align);
__attribute__((noinline)) int micro_free_one(struct adx_heap *heap, void *ptr);

void *micro_alloc_one(struct adx_heap *heap, size_t size, size_t align)
{
	return adx_heap_alloc(heap, size, align, 1);
}

int micro_free_one(struct adx_heap *heap, void *ptr)
{
	return adx_heap_free(heap, ptr);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void record(struct samples *s, uint64_t t0, uint64_t t1)
{
	s->ns[s->count++] = (uint32_t)(t1 - t0 > UINT32_MAX ? UINT32_MAX : t1 - t0);
}

static void dump_stats(const struct run *run, const char *what)
{
#if defined(ADX_HAVE_CALLGRIND_H)
	char label[64];

	snprintf(label, sizeof(label), "%s %s", what, run->name);
	CALLGRIND_DUMP_STATS_AT(label);
#else
	(void)run;
	(void)what;
#endif
}

static void do_alloc(struct run *run, struct live *l, uint32_t size, size_t align)
{
	uint64_t t0 = 0;
	void *p;

	if (!run->callgrind)
		t0 = now_ns();
	p = micro_alloc_one(run->heap, size, align);
	if (run->callgrind)
		dump_stats(run, "alloc");
	else
		record(&run->alloc, t0, now_ns());
	if (!p)
		return;
	l->ptr[l->count] = p;
	l->size[l->count++] = size;
	l->bytes += size;
}

static void do_free(struct run *run, struct live *l, uint32_t i)
{
	uint64_t t0 = 0;

	if (!run->callgrind)
		t0 = now_ns();
	if (micro_free_one(run->heap, l->ptr[i])) {
		fprintf(stderr, "heap-micro: %s rejected a valid free\n", run->name);
		exit(1);
	}
	if (run->callgrind)
		dump_stats(run, "free");
	else
		record(&run->free, t0, now_ns());
	l->bytes -= l->size[i];
	l->ptr[i] = l->ptr[--l->count];
	l->size[i] = l->size[l->count];
}

static void workload(struct run *run, uint32_t ops)
{
	static struct live l;
	struct rng r = { 12345 };
	uint32_t op, size;
	size_t align;

	memset(&l, 0, sizeof(l));
	for (op = 0; op < ops; op++) {
		size = rng_range(&r, 1, 10) <= 9 ? rng_range(&r, 16, 4096)
						 : rng_range(&r, 4096, 32768);
		align = rng_range(&r, 0, 15) ? 0 : (size_t)1 << rng_range(&r, 4, 12);
		if (l.count && (l.count == SLOTS || l.bytes + size > LIVE_LIMIT ||
				rng_range(&r, 0, 1)))
			do_free(run, &l, rng_range(&r, 0, l.count - 1));
		else
			do_alloc(run, &l, size, align);
	}
	while (l.count)
		do_free(run, &l, l.count - 1);
}

static int compare_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

static void report(const char *heap, const char *what, struct samples *s)
{
	if (!s->count)
		return;
	qsort(s->ns, s->count, sizeof(s->ns[0]), compare_u32);
	printf("heap-micro %s %s median=%uns p99=%uns p99.9=%uns max=%uns calls=%u\n", heap,
	       what, s->ns[s->count / 2], s->ns[(uint64_t)s->count * 99 / 100],
	       s->ns[(uint64_t)s->count * 999 / 1000], s->ns[s->count - 1], s->count);
}

typedef struct adx_heap *(*heap_init_fn)(void *arena, size_t size);

/* init, then the level asked for (-1: the build's default) */
static struct adx_heap *start_heap(heap_init_fn init, void *arena, size_t size, int level)
{
	struct adx_heap *heap = init(arena, size);

	if (heap && level >= 0 && adx_heap_set_hardening(heap, (enum adx_heap_hardening)level))
		return NULL;
	return heap;
}

static int run_heap(const char *name, heap_init_fn init, int level, bool callgrind,
		    uint32_t ops)
{
	static _Alignas(64) uint8_t arena[ARENA_SIZE];
	struct run run = { .callgrind = callgrind, .name = name };

	run.alloc.ns = calloc(ops, sizeof(uint32_t));
	run.free.ns = calloc(ops, sizeof(uint32_t));
	if (!run.alloc.ns || !run.free.ns)
		return 1;
	if (!callgrind) {
		/* warm-up: page in the arena and the sample arrays, then start over */
		run.heap = start_heap(init, arena, sizeof(arena), level);
		if (!run.heap)
			return 1;
		workload(&run, ops);
		run.alloc.count = run.free.count = 0;
	}
	run.heap = start_heap(init, arena, sizeof(arena), level);
	if (!run.heap)
		return 1;
	workload(&run, ops);
	if (adx_heap_validate(run.heap))
		return 1;
	report(name, "alloc", &run.alloc);
	report(name, "free", &run.free);
	free(run.alloc.ns);
	free(run.free.ns);
	adx_heap_retire(run.heap);
	return 0;
}

/* What a pair of clock reads costs: included in every figure above. */
static void report_timer_overhead(void)
{
	static uint32_t ns[100000];
	struct samples s = { .ns = ns, .count = 0 };
	uint64_t t0;
	uint32_t i;

	for (i = 0; i < 100000; i++) {
		t0 = now_ns();
		record(&s, t0, now_ns());
	}
	report("timer", "overhead", &s);
}

/*
 * The worst-case arena the classic policies would need for this trace: at
 * most LIVE_LIMIT bytes live, blocks from 16 B to 32 KiB (n in 16 B units).
 */
static void report_bounds(void)
{
	const uint64_t smallest = 16, largest = 32768;

	for (int fit = 0; fit < ADX_HEAP_FIT_COUNT; fit++)
		printf("heap-micro bound %s M=%u n=%" PRIu64 " worst_case_bytes=%" PRIu64
		       " arena_bytes=%u\n", adx_heap_fit_name((enum adx_heap_fit)fit),
		       LIVE_LIMIT, largest / smallest,
		       adx_heap_worst_case_bytes((enum adx_heap_fit)fit, LIVE_LIMIT,
						 largest / smallest), ARENA_SIZE);
}

int main(int argc, char **argv)
{
	uint32_t ops = DEFAULT_OPS;
	bool callgrind = false;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--callgrind"))
			callgrind = true;
		else if (!strcmp(argv[i], "--ops") && i + 1 < argc)
			ops = (uint32_t)strtoul(argv[++i], NULL, 10);
		else
			return fprintf(stderr, "usage: %s [--callgrind] [--ops N]\n", argv[0]), 2;
	}
#if !defined(ADX_HAVE_CALLGRIND_H)
	if (callgrind)
		return fprintf(stderr, "heap-micro: built without valgrind/callgrind.h\n"), 2;
#endif
	report_bounds();
	if (!callgrind)
		report_timer_overhead();
	for (int level = 0; level < ADX_HEAP_HARDENING_COUNT; level++) {
		char name[32];

		snprintf(name, sizeof(name), "tlsf-%s",
			 adx_heap_hardening_name((enum adx_heap_hardening)level));
		if (run_heap(name, adx_heap_init_tlsf, level, callgrind, ops))
			return 1;
	}
	return run_heap("sysheap-model", adx_heap_init_sysheap, -1, callgrind, ops);
}
