// SPDX-License-Identifier: BSD-3-Clause
/*
 * A scenario's timeline: what a host driver does, and when. Each event is
 * one PCM op (or a list of them at one time), a control, or a burst of
 * small allocations by "other firmware" and its release.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_yaml.h"

static const char *const profile_names[] = { "dynamic", "movie", "music", "voice", NULL };

static int add_event(struct tb_parse *p, const struct tb_event *ev, yaml_node_t *at)
{
	struct tb_scenario *sc = p->sc;

	if (sc->num_events == TB_MAX_EVENTS)
		return tb_yaml_fail(p, at, "more than %d timeline events", TB_MAX_EVENTS);
	sc->events[sc->num_events] = *ev;
	sc->events[sc->num_events].seq = (uint32_t)sc->num_events;
	sc->num_events++;
	return 0;
}

static int parse_control(struct tb_parse *p, yaml_node_t *map, struct tb_event *ev)
{
	static const char *const keys[] = { "module", "enable", "profile", "device", "volume",
					    "ctc", "content_processing", "tuning", "gain_db",
					    NULL };
	struct tb_control *c = &ev->control;
	yaml_node_t *n, *which = NULL;
	bool b;
	int v;
	double d;

	if (tb_yaml_expect(p, map, YAML_MAPPING_NODE, "a control: {profile: music}") ||
	    tb_yaml_check_keys(p, map, keys, "control"))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "module")) && tb_yaml_name(p, n, "a module name", c->stage))
		return -EINVAL;
	for (int k = 0; k < TB_CTL_COUNT; k++) {
		n = tb_yaml_get(p, map, tb_control_name((enum tb_control_kind)k));
		if (!n)
			continue;
		if (which)
			return tb_yaml_fail(p, n, "a second control in one event; expected one per event");
		which = n;
		c->kind = (enum tb_control_kind)k;
	}
	if (!which)
		return tb_yaml_fail(p, map, "control names no control; expected one of: enable, profile, "
				    "device, volume, ctc, content_processing, tuning, gain_db");
	switch (c->kind) {
	case TB_CTL_ENABLE:
	case TB_CTL_CTC:
	case TB_CTL_CONTENT:
		if (tb_yaml_bool(p, which, &b))
			return -EINVAL;
		c->value = b;
		break;
	case TB_CTL_PROFILE:
		if (tb_yaml_enum(p, which, profile_names, "a profile", &v))
			return -EINVAL;
		c->value = v;
		break;
	case TB_CTL_DEVICE:
		if (tb_yaml_enum(p, which, tb_device_names, "an output device", &v))
			return -EINVAL;
		c->value = v;
		break;
	case TB_CTL_VOLUME:
		/* The DAX volume is a Q1.31 peak volume: 0 dB is its top. */
		if (tb_yaml_double(p, which, -120, 0, "a volume in dB", &d))
			return -EINVAL;
		c->value = (int32_t)fmin(llround(pow(10.0, d / 20.0) * 2147483648.0),
					 (double)INT32_MAX);
		break;
	case TB_CTL_GAIN:
		if (tb_yaml_double(p, which, -120, 24, "a gain in dB", &d))
			return -EINVAL;
		c->value = (int32_t)lround(pow(10.0, d / 20.0) * (1 << 23));
		break;
	case TB_CTL_TUNING:
		if (tb_yaml_expect(p, which, YAML_SCALAR_NODE, "a tuning blob file"))
			return -EINVAL;
		c->blob_path = tb_yaml_resolve(p, tb_yaml_text(which));
		if (!c->blob_path)
			return -ENOMEM;
		break;
	default:
		break;
	}
	return 0;
}

static int parse_burst(struct tb_parse *p, yaml_node_t *map, struct tb_burst *b)
{
	static const char *const keys[] = { "tag", "count", "size", "seed", "keep", NULL };
	yaml_node_t *n;

	b->count = 16;
	b->min_bytes = 64;
	b->max_bytes = 4096;
	b->seed = 1;
	b->keep = 1.0;
	if (tb_yaml_expect(p, map, YAML_MAPPING_NODE,
			   "a burst: {tag: notif, count: 24, size: [64, 4096]}") ||
	    tb_yaml_check_keys(p, map, keys, "alloc") || tb_yaml_required(p, map, "tag", "alloc", &n) ||
	    tb_yaml_name(p, n, "a tag", b->tag))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "count")) && tb_yaml_u32(p, n, 1, 4096, "a count", &b->count))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "seed")) && tb_yaml_u32(p, n, 0, UINT32_MAX, "a seed", &b->seed))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "keep")) && tb_yaml_double(p, n, 0, 1, "a fraction", &b->keep))
		return -EINVAL;
	n = tb_yaml_get(p, map, "size");
	if (!n)
		return 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (tb_yaml_u32(p, n, 1, 1u << 24, "a size in bytes", &b->min_bytes))
			return -EINVAL;
		b->max_bytes = b->min_bytes;
		return 0;
	}
	if (tb_yaml_expect(p, n, YAML_SEQUENCE_NODE, "a size or [min, max]") ||
	    n->data.sequence.items.top - n->data.sequence.items.start != 2)
		return tb_yaml_fail(p, n, "expected a size or [min, max]");
	if (tb_yaml_u32(p, tb_yaml_node(p, n->data.sequence.items.start[0]), 1, 1u << 24,
			"a size in bytes", &b->min_bytes) ||
	    tb_yaml_u32(p, tb_yaml_node(p, n->data.sequence.items.start[1]), b->min_bytes,
			1u << 24, "a size in bytes not below the minimum", &b->max_bytes))
		return -EINVAL;
	return 0;
}

static int parse_ops(struct tb_parse *p, yaml_node_t *n, struct tb_event *ev, yaml_node_t *at)
{
	static const char *const pcm_ops[] = { "open", "hw_params", "prepare", "start", "stop",
					       "reset", "close", NULL };
	int v;

	if (n->type == YAML_SCALAR_NODE) {
		if (tb_yaml_enum(p, n, pcm_ops, "a PCM op", &v))
			return -EINVAL;
		ev->op = (enum tb_op)v;
		ev->mark = tb_yaml_mark(n);
		if (add_event(p, ev, at))
			return -EINVAL;
		ev->mid_cycle_stage = -1;  /* only the list's first op waits for a cycle */
		return 0;
	}
	if (tb_yaml_expect(p, n, YAML_SEQUENCE_NODE, "a PCM op or a list of them"))
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++)
		if (parse_ops(p, tb_yaml_node(p, *it), ev, at))
			return -EINVAL;
	return 0;
}

/* mid_cycle: <stage> names the DP module whose cycle the op must arrive in. */
static int parse_mid_cycle(struct tb_parse *p, yaml_node_t *map, struct tb_event *ev)
{
	const struct tb_pipeline_spec *pl = &p->sc->pipelines[ev->pipeline];
	yaml_node_t *n = tb_yaml_get(p, map, "mid_cycle");

	if (!n)
		return 0;
	if (tb_yaml_expect(p, n, YAML_SCALAR_NODE, "a module name"))
		return -EINVAL;
	ev->mid_cycle_stage = tb_pipeline_find_stage(pl, tb_yaml_text(n));
	ev->mid_cycle_mark = tb_yaml_mark(n);
	if (ev->mid_cycle_stage < 0)
		return tb_yaml_fail(p, n, "pipeline '%s' has no module '%s'; expected one of its modules",
				    pl->name, tb_yaml_text(n));
	return 0;
}

static int parse_event(struct tb_parse *p, yaml_node_t *map)
{
	static const char *const keys[] = { "at", "pipeline", "op", "control", "alloc",
					    "release", "mid_cycle", NULL };
	struct tb_event ev = { .pipeline = -1, .mid_cycle_stage = -1 };
	yaml_node_t *at, *n, *op, *ctl, *alloc, *rel;
	double ms;
	int kinds;

	ev.mark = tb_yaml_mark(map);
	if (tb_yaml_expect(p, map, YAML_MAPPING_NODE,
			   "an event: {at: 100, pipeline: speaker, op: start}") ||
	    tb_yaml_check_keys(p, map, keys, "event") || tb_yaml_required(p, map, "at", "event", &at) ||
	    tb_yaml_double(p, at, 0, 3600e3, "a time in ms", &ms))
		return -EINVAL;
	ev.at_us = (uint64_t)llround(ms * 1000);
	ev.at_mark = tb_yaml_mark(at);
	op = tb_yaml_get(p, map, "op");
	ctl = tb_yaml_get(p, map, "control");
	alloc = tb_yaml_get(p, map, "alloc");
	rel = tb_yaml_get(p, map, "release");
	kinds = !!op + !!ctl + !!alloc + !!rel;
	if (kinds != 1)
		return tb_yaml_fail(p, map, "an event needs exactly one of 'op', 'control', 'alloc' or "
				    "'release'");
	n = tb_yaml_get(p, map, "pipeline");
	if ((op || ctl) && !n)
		return tb_yaml_fail(p, map, "'%s' needs a 'pipeline'", op ? "op" : "control");
	if ((alloc || rel) && n)
		return tb_yaml_fail(p, n, "'pipeline' does not apply to a heap %s", alloc ? "alloc" : "release");
	if (n) {
		if (tb_yaml_expect(p, n, YAML_SCALAR_NODE, "a pipeline name"))
			return -EINVAL;
		ev.pipeline = tb_scenario_find_pipeline(p->sc, tb_yaml_text(n));
		if (ev.pipeline < 0)
			return tb_yaml_fail(p, n, "unknown pipeline '%s'; expected one declared under "
					    "'pipelines'", tb_yaml_text(n));
	}
	if (op)
		return parse_mid_cycle(p, map, &ev) || parse_ops(p, op, &ev, at);
	if ((n = tb_yaml_get(p, map, "mid_cycle")))
		return tb_yaml_fail(p, n, "'mid_cycle' applies to a PCM op; expected it beside 'op'");
	if (ctl) {
		ev.op = TB_OP_CONTROL;
		ev.mark = tb_yaml_mark(ctl);
		return parse_control(p, ctl, &ev) || add_event(p, &ev, at);
	}
	if (alloc) {
		ev.op = TB_OP_ALLOC;
		return parse_burst(p, alloc, &ev.burst) || add_event(p, &ev, at);
	}
	ev.op = TB_OP_RELEASE;
	ev.mark = tb_yaml_mark(rel);
	return tb_yaml_name(p, rel, "a burst tag", ev.burst.tag) || add_event(p, &ev, at);
}

static int cmp_event(const void *a, const void *b)
{
	const struct tb_event *x = a, *y = b;

	if (x->at_us != y->at_us)
		return x->at_us < y->at_us ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The events in file order, then sorted by time (file order breaks ties). */
int tb_scenario_parse_timeline(struct tb_parse *p, yaml_node_t *n)
{
	struct tb_scenario *sc = p->sc;

	if (tb_yaml_expect(p, n, YAML_SEQUENCE_NODE, "a list of events"))
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++)
		if (parse_event(p, tb_yaml_node(p, *it)))
			return -EINVAL;
	qsort(sc->events, (size_t)sc->num_events, sizeof(sc->events[0]), cmp_event);
	return 0;
}
