// SPDX-License-Identifier: BSD-3-Clause
/*
 * bench-policies: the discussion's story, once per engine-memory policy and
 * per heap, with every figure docs/design.md §6 asks for.
 *
 * The story, repeated SWITCHES times with random timing and sizes (fixed
 * seed): a speaker PCM plays; the user switches to headphone. As the host
 * driver does it, the new PCM's pipeline is created first (hw_params: module
 * init), then the old one is stopped and reset (hw_free); a notification
 * pipeline opens in that gap and allocates a burst of small buffers (half of
 * them freed at once, the rest kept while it plays); then the new pipeline
 * is prepared and started, the old one deleted (module free), and the
 * notification closes a little later. The next switch goes back.
 *
 * Memory: adx's TLSF heap and the sys_heap model, each at two total memories
 * relative to the engine size S: roomy = 2S + OTHERS, tight = S + OTHERS
 * (2S does not fit), OTHERS covering the pipelines' buffers and the
 * notification. Every row of a size runs on the same total (docs/design.md §6):
 * static's linker-placed region is carved out of it, so its heap is the
 * total minus the region.
 *
 * Expected shape, stated before running (docs/dax.md compares):
 *  - roomy, both heaps: init peaks at 2S (both pipelines exist during the
 *    switch) with no failure; prepare, static and shared commit S, no failure.
 *  - tight, both heaps: init cannot hold two instances: about every other
 *    switch fails (the new init runs while the old instance holds S; the
 *    next one succeeds because the failed one held nothing) and those
 *    sessions play in pass-through. prepare commits S and succeeds when the
 *    freed S is still contiguous: on TLSF (good fit, immediate coalescing)
 *    few or no failures; on the sys_heap model, whose bucketed first-fit
 *    carves small requests out of the big free block, some switches fail.
 *    static and shared commit S with 0 failures on both heaps (shared
 *    allocates at the first init, before any fragmentation; static is not
 *    in the heap at all).
 *  - Time to the first processed frame after a switch: one engine block
 *    (256 frames) wherever the engine is there at prepare; reset latency is
 *    a few tens of microseconds, larger for prepare (poison and free S).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adx/modules/dax.h"
#include "adx/mem/heap.h"
#include "adx/platform/log.h"
#include "adx/modules/copier.h"
#include "adx/modules/gateway.h"
#include "adx/modules/volume.h"
#include "adx/audio/pipeline.h"
#include "adx/platform/platform.h"
#include "rng.h"

#define SWITCHES 1000u
#define PERIOD 48u
#define RING_FRAMES (4u * PERIOD)
#define OTHERS_BYTES (192u * 1024u)
#define BURST_MAX 24u
#define RESET_SAMPLES 100u
#define ARENA_ALIGN 64u

enum { GW_SPK = 0, GW_HP = 2, GW_NOTE = 4 };

struct result {
	size_t peak_committed;
	size_t min_largest_free;      /* at the large allocations (SIZE_MAX: none made) */
	uint64_t alloc_failures;      /* engine memory refused */
	uint64_t notification_failures;
	uint64_t bypassed_frames;
	uint64_t prepare_ns_sum, prepare_ns_max, prepares;
	uint64_t first_frames_sum, first_measured, sessions_without_engine;
};

struct bench {
	struct adx_heap *heap;
	struct adx_sched sched;
	struct adx_mutex heap_lock;
	struct rng rng;
	struct result r;
	enum adx_dax_policy policy;
	bool big_alloc_seen;
	size_t engine_bytes;
};

static uint32_t rnd(struct bench *b, uint32_t lo, uint32_t hi)
{
	return (uint32_t)rng_range(&b->rng, lo, hi);
}

static uint64_t now_ns(void)
{
	return adx_clock_now_ns();
}

/* ---- gateways: an endless noise source, a sink that discards ---- */

static uint32_t noise_read(void *ctx, void *dst, uint32_t frames)
{
	uint32_t *state = ctx;
	int16_t *out = dst;

	for (uint32_t i = 0; i < frames * 2; i++) {
		*state = *state * 1664525u + 1013904223u;
		out[i] = (int16_t)(*state >> 20);
	}
	return frames;
}

static uint32_t discard_write(void *ctx, const void *src, uint32_t frames)
{
	(void)ctx;
	(void)src;
	return frames;
}

static const struct adx_stream_params stereo = { .rate = 48000, .channels = 2,
						 .format = ADX_FMT_S16_LE };
static uint32_t noise_state[3];
static struct adx_gateway gateways[6];

static void register_gateways(void)
{
	for (uint32_t i = 0; i < 6; i++) {
		adx_gateway_unregister(i);
		gateways[i] = (struct adx_gateway){ .name = "bench", .params = stereo };
		if (i % 2 == 0) {
			gateways[i].read = noise_read;
			gateways[i].ctx = &noise_state[i / 2];
		} else {
			gateways[i].write = discard_write;
		}
		adx_gateway_register(i, &gateways[i]);
	}
}

/* ---- the heap observer notes the moment of each large allocation ---- */

static void observe(void *ctx, const struct adx_heap *heap, const struct adx_heap_event *ev)
{
	struct bench *b = ctx;

	(void)heap;
	if ((ev->kind == ADX_HEAP_EV_ALLOC || ev->kind == ADX_HEAP_EV_FAIL) &&
	    ev->size >= b->engine_bytes)
		b->big_alloc_seen = true;
}

/* Largest free block before an op; kept if the op made the large allocation. */
static size_t largest_free(struct bench *b)
{
	struct adx_heap_stats st;

	adx_heap_get_stats(b->heap, &st);
	b->big_alloc_seen = false;
	return st.largest_free_bytes;
}

static void note_largest(struct bench *b, size_t before)
{
	if (b->big_alloc_seen && before < b->r.min_largest_free)
		b->r.min_largest_free = before;
}

/* ---- pipelines ---- */

struct pcm {
	struct adx_pipeline ppl;
	struct adx_module *dax;
	bool open;
};

static int build_pcm(struct bench *b, struct pcm *p, uint32_t id, uint32_t gw, uint32_t device)
{
	struct adx_dax_init init = { .policy = b->policy, .max_channels = 8, .device = device };
	struct adx_host_copier_init host = { .gateway_id = gw };
	struct adx_dai_copier_init dai = { .gateway_id = gw + 1 };
	struct adx_module *m_host, *m_dai;
	size_t before;
	int ret;

	ret = adx_pipeline_create(&p->ppl, id, device ? "headphone" : "speaker", b->heap,
				  &b->sched, PERIOD);
	if (ret)
		return ret;
	p->open = true;
	ret = adx_pipeline_add_module(&p->ppl, &adx_host_copier_driver, "host", &host,
				      sizeof(host), &m_host);
	before = largest_free(b);
	ret = ret ? ret : adx_pipeline_add_module(&p->ppl, &adx_dax_driver, "dax", &init,
						  sizeof(init), &p->dax);
	note_largest(b, before);
	ret = ret ? ret : adx_pipeline_add_module(&p->ppl, &adx_dai_copier_driver, "dai", &dai,
						  sizeof(dai), &m_dai);
	ret = ret ? ret : adx_pipeline_connect(&p->ppl, m_host, p->dax, &stereo, RING_FRAMES);
	return ret ? ret : adx_pipeline_connect(&p->ppl, p->dax, m_dai, &stereo, RING_FRAMES);
}

/* Folds the instance's figures into the result, then deletes the pipeline. */
static void close_pcm(struct bench *b, struct pcm *p)
{
	struct adx_dax_stats st;

	if (!p->open)
		return;
	if (p->dax && !adx_dax_get_stats(p->dax, &st)) {
		b->r.alloc_failures += st.alloc_failures;
		b->r.bypassed_frames += st.bypassed_frames;
		if (st.switches_measured) {
			b->r.first_frames_sum += st.switch_to_first_frames;
			b->r.first_measured++;
		} else {
			b->r.sessions_without_engine++;
		}
	}
	adx_pipeline_destroy(&p->ppl);
	p->open = false;
	p->dax = NULL;
}

static int prepare_and_start(struct bench *b, struct pcm *p)
{
	size_t before = largest_free(b);
	uint64_t t0 = now_ns(), dt;
	int ret = adx_pipeline_set_state(&p->ppl, ADX_PPL_PAUSED);

	dt = now_ns() - t0;
	note_largest(b, before);
	b->r.prepare_ns_sum += dt;
	b->r.prepare_ns_max = dt > b->r.prepare_ns_max ? dt : b->r.prepare_ns_max;
	b->r.prepares++;
	return ret ? ret : adx_pipeline_set_state(&p->ppl, ADX_PPL_RUNNING);
}

/* ---- the notification: a small pipeline and a burst of small buffers ---- */

struct notification {
	struct adx_pipeline ppl;
	struct adx_mem_owner burst;
	void *kept[BURST_MAX];
	bool open;
};

static void open_notification(struct bench *b, struct notification *n)
{
	struct adx_host_copier_init host = { .gateway_id = GW_NOTE };
	struct adx_dai_copier_init dai = { .gateway_id = GW_NOTE + 1 };
	struct adx_module *m_host, *m_vol, *m_dai;
	struct adx_volume_config vol = { .gain_q8_23 = ADX_VOLUME_UNITY_Q8_23 };
	uint32_t count = rnd(b, 4, BURST_MAX);
	int ret;

	memset(n, 0, sizeof(*n));
	if (adx_pipeline_create(&n->ppl, 9, "notification", b->heap, &b->sched, PERIOD))
		return;
	n->open = true;
	ret = adx_pipeline_add_module(&n->ppl, &adx_host_copier_driver, "host", &host,
				      sizeof(host), &m_host);
	ret = ret ? ret : adx_pipeline_add_module(&n->ppl, &adx_volume_driver, "vol", &vol,
						  sizeof(vol), &m_vol);
	ret = ret ? ret : adx_pipeline_add_module(&n->ppl, &adx_dai_copier_driver, "dai", &dai,
						  sizeof(dai), &m_dai);
	ret = ret ? ret : adx_pipeline_connect(&n->ppl, m_host, m_vol, &stereo, 2 * PERIOD);
	ret = ret ? ret : adx_pipeline_connect(&n->ppl, m_vol, m_dai, &stereo, 2 * PERIOD);
	ret = ret ? ret : adx_pipeline_set_state(&n->ppl, ADX_PPL_RUNNING);
	if (ret)
		b->r.notification_failures++;
	adx_mem_owner_init(&n->burst, b->heap, "burst");
	for (uint32_t i = 0; i < count; i++) {
		void *p = adx_mod_alloc(&n->burst, rnd(b, 256, 4096), 0);

		if (!p)
			b->r.notification_failures++;
		else if (i % 2)
			adx_mod_free(&n->burst, p); /* freed at once: holes between the kept ones */
		else
			n->kept[i] = p;
	}
}

static void close_notification(struct notification *n)
{
	if (!n->open)
		return;
	adx_pipeline_destroy(&n->ppl);
	for (uint32_t i = 0; i < BURST_MAX; i++)
		if (n->kept[i])
			adx_mod_free(&n->burst, n->kept[i]);
	adx_mem_owner_release(&n->burst);
	n->open = false;
}

/* ---- one run of the story ---- */

static void heap_lock(void *ctx)
{
	adx_mutex_lock(ctx);
}

static void heap_unlock(void *ctx)
{
	adx_mutex_unlock(ctx);
}

static void *make_heap(struct bench *b, bool sysheap, size_t bytes, enum adx_exec_mode mode)
{
	struct adx_sched_config cfg = { .mode = mode, .tick_us = 1000 };
	void *arena = aligned_alloc(ARENA_ALIGN, (bytes + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1));

	if (!arena)
		return NULL;
	b->heap = sysheap ? adx_heap_init_sysheap(arena, bytes) : adx_heap_init_tlsf(arena, bytes);
	adx_mutex_init(&b->heap_lock);
	adx_heap_set_lock(b->heap, heap_lock, heap_unlock, &b->heap_lock);
	adx_sched_init(&b->sched, &cfg);
	return arena;
}

static void drop_heap(struct bench *b, void *arena)
{
	adx_sched_destroy(&b->sched);
	adx_heap_retire(b->heap);
	adx_mutex_destroy(&b->heap_lock);
	free(arena);
}

static void run_ticks(struct bench *b, uint32_t lo, uint32_t hi)
{
	adx_sched_run_ticks(&b->sched, rnd(b, lo, hi));
}

static void one_switch(struct bench *b, struct pcm *pcms, uint32_t *cur, uint32_t i)
{
	uint32_t next = 1 - *cur;
	struct notification note;

	build_pcm(b, &pcms[next], 1 + next, next ? GW_HP : GW_SPK, next);   /* hw_params */
	run_ticks(b, 0, 5);
	adx_pipeline_set_state(&pcms[*cur].ppl, ADX_PPL_RESET);              /* hw_free */
	open_notification(b, &note);
	run_ticks(b, 1, 10);
	prepare_and_start(b, &pcms[next]);
	close_pcm(b, &pcms[*cur]);                                           /* delete */
	run_ticks(b, 3, 20);
	close_notification(&note);
	run_ticks(b, 10, 40 + i % 20);
	*cur = next;
}

static void story(struct bench *b, enum adx_dax_policy policy, bool sysheap, size_t bytes)
{
	struct pcm pcms[2] = { 0 };
	uint32_t cur = 0;
	void *arena;

	memset(&b->r, 0, sizeof(b->r));
	b->r.min_largest_free = SIZE_MAX;
	b->rng = (struct rng){ 0x9E3779B97F4A7C15ull };
	b->policy = policy;
	arena = make_heap(b, sysheap, bytes, ADX_EXEC_VIRTUAL);
	adx_heap_set_observer(b->heap, observe, b);
	adx_dax_reset_peak();
	build_pcm(b, &pcms[0], 1, GW_SPK, ADX_DAX_DEVICE_SPEAKER);
	prepare_and_start(b, &pcms[0]);
	run_ticks(b, 20, 60);
	for (uint32_t i = 0; i < SWITCHES; i++)
		one_switch(b, pcms, &cur, i);
	close_pcm(b, &pcms[cur]);
	adx_dax_shared_release();
	{
		struct adx_dax_memory_stats ms;

		adx_dax_get_memory_stats(&ms);
		b->r.peak_committed = ms.peak_total_bytes;
	}
	drop_heap(b, arena);
}

/* ---- reset latency under each control model (threads, wall time) ---- */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t reset_latency_ns(struct bench *b, enum adx_dax_policy policy,
				 enum adx_control_model model)
{
	uint64_t samples[RESET_SAMPLES];
	struct pcm p = { 0 };
	void *arena;

	b->policy = policy;
	arena = make_heap(b, false, 2 * b->engine_bytes + OTHERS_BYTES, ADX_EXEC_THREADS);
	build_pcm(b, &p, 1, GW_SPK, ADX_DAX_DEVICE_SPEAKER);
	adx_pipeline_set_control_model(&p.ppl, model);
	for (uint32_t i = 0; i < RESET_SAMPLES; i++) {
		uint64_t t0;

		adx_pipeline_set_state(&p.ppl, ADX_PPL_RUNNING);
		adx_sched_run_ticks(&b->sched, 3 + i % 5);
		t0 = now_ns();
		adx_pipeline_set_state(&p.ppl, ADX_PPL_RESET);
		samples[i] = now_ns() - t0;
	}
	close_pcm(b, &p);
	adx_dax_shared_release();
	drop_heap(b, arena);
	qsort(samples, RESET_SAMPLES, sizeof(samples[0]), cmp_u64);
	return samples[RESET_SAMPLES / 2];
}

/* ---- the table ---- */

static void print_kib(size_t bytes)
{
	if (bytes == SIZE_MAX)
		printf(" %8s", "-");
	else
		printf(" %8.1f", bytes / 1024.0);
}

static void print_row(const char *heap, const char *size, enum adx_dax_policy policy,
		      size_t total, size_t heap_bytes, const struct result *r,
		      const uint64_t reset_ns[2])
{
	printf("%-8s %-5s %-7s", heap, size, adx_dax_policy_name(policy));
	print_kib(total);
	print_kib(heap_bytes);
	print_kib(r->peak_committed);
	print_kib(r->min_largest_free);
	printf(" %6llu %10llu %8.0f %8.0f %6.0f %6llu %8.1f %8.1f\n",
	       (unsigned long long)r->alloc_failures, (unsigned long long)r->bypassed_frames,
	       r->prepares ? r->prepare_ns_sum / 1e3 / r->prepares : 0.0,
	       r->prepare_ns_max / 1e3,
	       r->first_measured ? (double)r->first_frames_sum / r->first_measured : -1.0,
	       (unsigned long long)r->sessions_without_engine,
	       reset_ns[0] / 1e3, reset_ns[1] / 1e3);
}

static void quiet(void *ctx, enum adx_log_level level, const char *component, const char *line)
{
	(void)ctx;
	(void)level;
	(void)component;
	(void)line;
}

int main(void)
{
	static const char *const heap_names[2] = { "tlsf", "sysheap" };
	uint64_t reset_ns[ADX_DAX_POLICY_COUNT][2];
	struct bench b = { 0 };
	size_t s;

	adx_log_set_sink(quiet, NULL);
	register_gateways();
	s = adx_dax_engine_bytes(8);
	b.engine_bytes = s;
	printf("bench-policies: %u switches per row, S = %zu B (%.1f KiB), static region %zu B, "
	       "total memory roomy = 2S + %u KiB, tight = S + %u KiB\n", SWITCHES, s, s / 1024.0,
	       adx_dax_static_region_bytes(), OTHERS_BYTES / 1024, OTHERS_BYTES / 1024);
	for (int p = 0; p < ADX_DAX_POLICY_COUNT; p++)
		for (int m = 0; m < 2; m++)
			reset_ns[p][m] = reset_latency_ns(&b, (enum adx_dax_policy)p,
							  (enum adx_control_model)m);
	printf("%-8s %-5s %-7s %8s %8s %8s %8s %6s %10s %8s %8s %6s %6s %8s %8s\n", "heap",
	       "size", "policy", "totalKiB", "heapKiB", "peakKiB", "lfreeKiB", "fails", "bypassed",
	       "prep_us", "prepmax", "first", "noeng", "rstCJus", "rstPDus");
	for (int h = 0; h < 2; h++) {
		for (int tight = 0; tight < 2; tight++) {
			size_t total = (tight ? s : 2 * s) + OTHERS_BYTES;

			for (int p = 0; p < ADX_DAX_POLICY_COUNT; p++) {
				size_t heap_bytes = total - (p == ADX_DAX_POLICY_STATIC ?
							     adx_dax_static_region_bytes() : 0);

				story(&b, (enum adx_dax_policy)p, h == 1, heap_bytes);
				print_row(heap_names[h], tight ? "tight" : "roomy",
					  (enum adx_dax_policy)p, total, heap_bytes, &b.r,
					  reset_ns[p]);
				fflush(stdout);
			}
		}
	}
	printf("columns: total memory (heap + static region, the same on every row of a size); "
	       "the heap it leaves; peak engine bytes committed; largest free block when the engine memory "
	       "was allocated (min; '-': not from the heap during the story); engine allocation "
	       "failures; frames bypassed; prepare latency mean/max (us, wall); frames from "
	       "install to the first processed block (mean); sessions that never had the engine; "
	       "reset latency median (us, threads) cancel-and-join / post-to-DP\n");
	return 0;
}
