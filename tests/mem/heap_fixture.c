// SPDX-License-Identifier: BSD-3-Clause
#include <stdio.h>
#include <string.h>

#include "adx/platform/log.h"
#include "heap_fixture.h"

static _Alignas(4096) uint8_t arenas[2][FIXTURE_ARENA_MAX];

struct adx_heap *fixture_init(struct fixture *f, enum heap_kind kind, size_t arena_size)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	switch (kind) {
	case KIND_TLSF:
		f->heap = adx_heap_init_tlsf(arenas[0], arena_size);
		f->zones[0] = f->heap;
		break;
	case KIND_SYSHEAP:
		f->heap = adx_heap_init_sysheap(arenas[0], arena_size);
		f->zones[0] = f->heap;
		break;
	default:
		f->zones[0] = adx_heap_init_tlsf(arenas[0], arena_size / 2);
		f->zones[1] = adx_heap_init_tlsf(arenas[1], arena_size / 2);
		f->heap = adx_heap_init_zoned(&f->zoned, f->zones[0], f->zones[1],
					      ZONED_THRESHOLD);
		break;
	}
	return f->heap;
}

void fixture_retire(struct fixture *f)
{
	if (f->zones[0])
		adx_heap_retire(f->zones[0]);
	if (f->zones[1])
		adx_heap_retire(f->zones[1]);
}

const char *fixture_kind_name(enum heap_kind kind)
{
	static const char *const names[] = { "tlsf", "sysheap-model", "zoned" };

	return names[kind];
}

struct adx_heap *fixture_zone_of(const struct fixture *f, const void *ptr)
{
	uintptr_t p = (uintptr_t)ptr;
	int i;

	for (i = 0; i < 2; i++) {
		const struct adx_heap *z = f->zones[i];

		if (z && p >= (uintptr_t)z->arena && p < (uintptr_t)z->arena + z->arena_size)
			return f->zones[i];
	}
	return NULL;
}

#define CAPTURE_LINES 64
#define CAPTURE_LINE_MAX 256

static char captured[CAPTURE_LINES][CAPTURE_LINE_MAX];
static unsigned int captured_count;

static void capture_sink(void *ctx, enum adx_log_level level, const char *component,
			 const char *line)
{
	(void)ctx;
	if (level > ADX_LOG_WARN)
		return;
	snprintf(captured[captured_count % CAPTURE_LINES], CAPTURE_LINE_MAX, "%s: %s",
		 component, line);
	captured_count++;
}

void log_capture_start(void)
{
	captured_count = 0;
	adx_log_set_sink(capture_sink, NULL);
}

void log_capture_stop(void)
{
	adx_log_set_sink(NULL, NULL);
}

unsigned int log_count(const char *needle)
{
	unsigned int i, n = 0;
	unsigned int kept = captured_count < CAPTURE_LINES ? captured_count : CAPTURE_LINES;

	for (i = 0; i < kept; i++)
		n += strstr(captured[i], needle) != NULL;
	return n;
}

static void summarise_block(void *ctx, const struct adx_heap_block *b)
{
	struct walk_summary *s = ctx;

	if (b->used) {
		s->used_blocks++;
		s->used_bytes += b->size;
		s->payload_bytes += b->payload_size;
	} else {
		s->free_blocks++;
		s->free_bytes += b->size;
		if (b->size > s->max_free_block)
			s->max_free_block = b->size;
	}
}

void walk_summarise(const struct adx_heap *heap, struct walk_summary *sum)
{
	memset(sum, 0, sizeof(*sum));
	adx_heap_walk(heap, summarise_block, sum);
}
