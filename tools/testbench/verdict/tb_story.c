// SPDX-License-Identifier: BSD-3-Clause
/*
 * One story is built as a list of timed events, sorted stably by time and
 * written as the scenario's timeline. The generator keeps the host driver's
 * rules itself (a PCM is reopened only after it closed, one DAX endpoint
 * runs at a time as the host restricts it), so every story passes the
 * scenario check; the tests load every story they generate to prove it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tb_story.h"
#include "tb_story_rng.h"

#define MAX_STORY_EVENTS 160
#define MS 1000u

/*
 * The story's shape, in one place (docs/verdict.md gives the reasons). The
 * times are as short as the model allows: a sweep's cost is its virtual
 * length, and what decides a story is the window between one endpoint's
 * reset and the other's prepare, plus whatever is still open at the next.
 */
enum {
	FIRST_SWITCH_MIN_MS = 30, FIRST_SWITCH_MAX_MS = 150,
	MAX_SWITCHES = 3,
	RESET_DELAY_MAX_US = 3000,        /* old endpoint's reset after the new hw_params */
	PREPARE_GAP_MIN_MS = 2, PREPARE_GAP_MAX_MS = 40,
	SETTLE_MIN_MS = 60, SETTLE_MAX_MS = 300,
	SWITCH_BACK_PERCENT = 20,
	NOTIFY_PERCENT = 50, CALL_PERCENT = 25, WAKE_PERCENT = 30, BURST_PERCENT = 50,
	NOTIFY_MIN_MS = 50, NOTIFY_MAX_MS = 400,
	CALL_MIN_MS = 200, CALL_MAX_MS = 800,
	WAKE_MIN_KIB = 24, WAKE_MAX_KIB = 64,     /* a key-phrase history buffer */
	WAKE_HOLD_MIN_MS = 100, WAKE_HOLD_MAX_MS = 600,
	TAIL_MS = 50,
};

struct story_event {
	uint64_t at_us;
	uint32_t seq;
	char text[176];
};

struct story {
	struct tb_rng rng;
	struct story_event events[MAX_STORY_EVENTS];
	uint32_t num_events;
	uint32_t num_bursts;
	uint64_t notify_free_at;          /* the notification PCM is closed from then on */
	uint64_t call_free_at;
	bool overflow;
};

__attribute__((format(printf, 3, 4)))
static void add(struct story *s, uint64_t at_us, const char *fmt, ...)
{
	struct story_event *ev;
	va_list ap;

	if (s->num_events == MAX_STORY_EVENTS) {
		s->overflow = true;
		return;
	}
	ev = &s->events[s->num_events];
	ev->at_us = at_us;
	ev->seq = s->num_events++;
	va_start(ap, fmt);
	vsnprintf(ev->text, sizeof(ev->text), fmt, ap);
	va_end(ap);
}

static uint64_t rand_ms(struct story *s, uint32_t lo_ms, uint32_t hi_ms)
{
	return (uint64_t)tb_rng_range(&s->rng, lo_ms * MS, hi_ms * MS);
}

/* A burst of other firmware's buffers, freed again after `hold_us`. */
static void add_burst(struct story *s, uint64_t at, uint32_t count, uint32_t lo, uint32_t hi,
		      uint32_t keep_percent, uint64_t hold_us)
{
	uint32_t tag = s->num_bursts++;

	add(s, at, "{at: %%AT%%, alloc: {tag: b%u, count: %u, size: [%u, %u], seed: %u, "
	    "keep: %u.%02u}}", tag, count, lo, hi, tb_rng_range(&s->rng, 1, 1u << 30),
	    keep_percent / 100, keep_percent % 100);
	add(s, at + hold_us, "{at: %%AT%%, release: b%u}", tag);
}

static void add_notification(struct story *s, uint64_t at)
{
	uint64_t len = rand_ms(s, NOTIFY_MIN_MS, NOTIFY_MAX_MS);

	if (at <= s->notify_free_at)
		return;
	add(s, at, "{at: %%AT%%, pipeline: notify, op: [open, hw_params, prepare, start]}");
	add_burst(s, at, tb_rng_range(&s->rng, 8, 24), 256, 4096,
		  tb_rng_range(&s->rng, 10, 40), len + rand_ms(s, 0, 100));
	add(s, at + len, "{at: %%AT%%, pipeline: notify, op: [stop, reset, close]}");
	s->notify_free_at = at + len;
}

static void add_call(struct story *s, uint64_t at)
{
	uint64_t len = rand_ms(s, CALL_MIN_MS, CALL_MAX_MS);

	if (at <= s->call_free_at)
		return;
	add(s, at, "{at: %%AT%%, pipeline: call, op: [open, hw_params, prepare, start]}");
	add(s, at + len, "{at: %%AT%%, pipeline: call, op: [stop, reset, close]}");
	s->call_free_at = at + len;
}

static void add_wake_word(struct story *s, uint64_t at)
{
	uint32_t bytes = tb_rng_range(&s->rng, WAKE_MIN_KIB, WAKE_MAX_KIB) * 1024u;

	add_burst(s, at, 1, bytes, bytes, 100, rand_ms(s, WAKE_HOLD_MIN_MS, WAKE_HOLD_MAX_MS));
}

/* What lands between the old endpoint's reset and the new one's prepare. */
static void add_interlude(struct story *s, uint64_t from, uint64_t to)
{
	if (tb_rng_chance(&s->rng, NOTIFY_PERCENT))
		add_notification(s, tb_rng_range(&s->rng, (uint32_t)from, (uint32_t)to));
	if (tb_rng_chance(&s->rng, CALL_PERCENT))
		add_call(s, tb_rng_range(&s->rng, (uint32_t)from, (uint32_t)to));
	if (tb_rng_chance(&s->rng, WAKE_PERCENT))
		add_wake_word(s, tb_rng_range(&s->rng, (uint32_t)from, (uint32_t)to));
	if (tb_rng_chance(&s->rng, BURST_PERCENT))
		add_burst(s, tb_rng_range(&s->rng, (uint32_t)from, (uint32_t)to),
			  tb_rng_range(&s->rng, 4, 20), 64, tb_rng_range(&s->rng, 1, 8) * 1024u,
			  tb_rng_range(&s->rng, 0, 50), rand_ms(s, 30, 400));
}

static const char *endpoint_name(int endpoint)
{
	return endpoint ? "headphone" : "speaker";
}

/*
 * One switch from `cur`: the new endpoint's hw_params (its DAX init), the
 * old one's stop/reset/close a few microseconds to milliseconds later, the
 * interlude, then either the new endpoint's prepare/start or, sometimes, the
 * user switching back first. Returns the endpoint playing afterwards and
 * sets *done_at to the moment it started.
 */
static int add_switch(struct story *s, uint64_t at, int cur, uint64_t *done_at)
{
	int next = !cur;
	uint64_t reset_at = at + tb_rng_range(&s->rng, 0, RESET_DELAY_MAX_US);
	uint64_t prepare_at = reset_at + rand_ms(s, PREPARE_GAP_MIN_MS, PREPARE_GAP_MAX_MS);

	add(s, at, "{at: %%AT%%, pipeline: %s, op: [open, hw_params]}", endpoint_name(next));
	add(s, reset_at, "{at: %%AT%%, pipeline: %s, op: [stop, reset, close]}",
	    endpoint_name(cur));
	add_interlude(s, reset_at, prepare_at);
	if (tb_rng_chance(&s->rng, SWITCH_BACK_PERCENT)) {
		uint64_t back_at = tb_rng_range(&s->rng, (uint32_t)reset_at + 1,
						(uint32_t)prepare_at);

		add(s, back_at, "{at: %%AT%%, pipeline: %s, op: close}", endpoint_name(next));
		add(s, back_at, "{at: %%AT%%, pipeline: %s, op: [open, hw_params, prepare, start]}",
		    endpoint_name(cur));
		*done_at = back_at;
		return cur;
	}
	add(s, prepare_at, "{at: %%AT%%, pipeline: %s, op: [prepare, start]}",
	    endpoint_name(next));
	*done_at = prepare_at;
	return next;
}

static int by_time(const void *a, const void *b)
{
	const struct story_event *x = a, *y = b;

	if (x->at_us != y->at_us)
		return x->at_us < y->at_us ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void build(struct story *s)
{
	uint64_t t = rand_ms(s, FIRST_SWITCH_MIN_MS, FIRST_SWITCH_MAX_MS), done_at;
	uint32_t switches = tb_rng_range(&s->rng, 1, MAX_SWITCHES);
	int cur = (int)tb_rng_range(&s->rng, 0, 1);

	add(s, 0, "{at: %%AT%%, pipeline: %s, op: [open, hw_params, prepare, start]}",
	    endpoint_name(cur));
	for (uint32_t i = 0; i < switches; i++) {
		cur = add_switch(s, t, cur, &done_at);
		t = done_at + rand_ms(s, SETTLE_MIN_MS, SETTLE_MAX_MS);
	}
	qsort(s->events, s->num_events, sizeof(s->events[0]), by_time);
}

static const char pipelines_yaml[] =
	"pipelines:\n"
	"  - name: speaker\n"
	"    format: {rate: 48000, channels: 2, sample: s32}\n"
	"    host: {signal: noise, level_dbfs: -20, seconds: %u, seed: 1}\n"
	"    dai: speaker.wav\n"
	"    modules:\n"
	"      - {type: volume, name: vol}\n"
	"      - {type: dax, name: dax, device: speaker}\n"
	"  - name: headphone\n"
	"    format: {rate: 48000, channels: 2, sample: s32}\n"
	"    host: {signal: noise, level_dbfs: -20, seconds: %u, seed: 2}\n"
	"    dai: headphone.wav\n"
	"    modules:\n"
	"      - {type: volume, name: vol}\n"
	"      - {type: dax, name: dax, device: headphone}\n"
	"  - name: notify\n"
	"    format: {rate: 48000, channels: 1, sample: s16}\n"
	"    host: {signal: sine, freq_hz: 880, level_dbfs: -12, seconds: 1}\n"
	"    dai: notify.wav\n"
	"    modules:\n"
	"      - {type: volume, name: vol, gain_db: -6}\n"
	"  - name: call\n"
	"    format: {rate: 48000, channels: 2, sample: s16}\n"
	"    host: {signal: noise, level_dbfs: -30, seconds: 2, seed: 3}\n"
	"    dai: call.wav\n"
	"    modules:\n"
	"      - {type: volume, name: vol}\n"
	"      - {type: dp-passthrough, name: aec, block_frames: 48, period_ms: 1, cost_us: 150}\n";

static void write_event(FILE *out, const struct story_event *ev)
{
	const char *mark = strstr(ev->text, "%AT%");
	char at[32];

	snprintf(at, sizeof(at), "%" PRIu64 ".%03" PRIu64, ev->at_us / MS, ev->at_us % MS);
	fprintf(out, "  - %.*s%s%s\n", (int)(mark - ev->text), ev->text, at, mark + 4);
}

void tb_story_name(uint64_t seed, uint32_t index, char *out, size_t size)
{
	snprintf(out, size, "story-%" PRIu64 "-%u", seed, index);
}

int tb_story_write(FILE *out, const struct tb_story_spec *spec)
{
	struct story *s = calloc(1, sizeof(*s));
	char name[64];
	uint64_t end_ms;
	uint32_t seconds;

	if (!s)
		return -ENOMEM;
	s->rng = tb_rng_for_story(spec->seed, spec->index);
	build(s);
	if (s->overflow) {
		free(s);
		return -E2BIG;
	}
	/* The timeline is sorted, so its last event is the latest. */
	end_ms = s->events[s->num_events - 1].at_us / MS + TAIL_MS;
	seconds = (uint32_t)(end_ms / 1000 + 1);
	tb_story_name(spec->seed, spec->index, name, sizeof(name));
	fprintf(out, "# A generated switch story (adx-testbench --write-stories): seed %" PRIu64
		", story %u.\n# Replay it alone with: adx-testbench --scenario <this file>\n",
		spec->seed, spec->index);
	fprintf(out, "name: %s\ndescription: randomized endpoint-switch story %u of seed %"
		PRIu64 "\n%s\npolicy: prepare\nduration_ms: %" PRIu64 "\n\n", name,
		spec->index, spec->seed, spec->memory_line, end_ms);
	fprintf(out, pipelines_yaml, seconds, seconds);
	fprintf(out, "\ntimeline:\n");
	for (uint32_t i = 0; i < s->num_events; i++)
		write_event(out, &s->events[i]);
	free(s);
	return ferror(out) ? -EIO : 0;
}
