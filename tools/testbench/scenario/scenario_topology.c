// SPDX-License-Identifier: BSD-3-Clause
/*
 * A scenario's topology: the heap and the pipelines a topology file would
 * declare (format, host endpoint, DAI file, the modules between them).
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adx/audio/format.h"
#include "scenario_yaml.h"

/*
 * A heap size: terms joined by '+', each bytes with an optional K or M
 * suffix, or a multiple of S, the DAX engine's size as the module reports
 * it ("S + 40K", "1.5S", "2S + 96K"), so a scenario states its heap against
 * S and keeps its meaning when the engine's size changes.
 */
static int to_heap_size(struct tb_parse *p, yaml_node_t *node, size_t min, size_t max,
			size_t s_bytes, size_t *out)
{
	const char *t = tb_yaml_text(node);
	double total = 0;

	if (tb_yaml_expect(p, node, YAML_SCALAR_NODE, "a heap size"))
		return -EINVAL;
	for (;;) {
		char *end;
		double v;

		while (*t == ' ')
			t++;
		v = *t == 'S' ? 1.0 : strtod(t, &end);
		if (*t == 'S')
			end = (char *)t;
		else if (end == t || v < 0)
			break;
		if (*end == 'S')
			v *= (double)s_bytes, end++;
		else if (*end == 'K' || *end == 'k')
			v *= 1024, end++;
		else if (*end == 'M' || *end == 'm')
			v *= 1024 * 1024, end++;
		total += v;
		t = end;
		while (*t == ' ')
			t++;
		if (!*t) {
			if (total < (double)min || total > (double)max)
				break;
			*out = (size_t)(total + 0.5);
			return 0;
		}
		if (*t++ != '+')
			break;
	}
	return tb_yaml_fail(p, node, "'%s' is not a heap size (terms such as 176K, 1.5S or S + 40K, "
			    "where S = %zu bytes is the DAX engine's size; %zu..%zu bytes)",
			    tb_yaml_text(node), s_bytes, min, max);
}

/*
 * memory: {total, kind} states the DSP's whole budget; heap: {size, kind} is
 * its older spelling and means the same total (docs/design.md §6: every policy
 * runs on the same total, static's heap is the total minus its region).
 */
int tb_scenario_parse_heap(struct tb_parse *p, yaml_node_t *map, const char *section)
{
	static const char *const heap_keys[] = { "size", "kind", NULL };
	static const char *const memory_keys[] = { "total", "kind", NULL };
	bool memory = !strcmp(section, "memory");
	char kinds[120];
	yaml_node_t *n;

	if (tb_yaml_expect(p, map, YAML_MAPPING_NODE, memory ?
			   "the memory: {total: S + 100K, kind: adx}" :
			   "the heap: {size: S + 40K, kind: adx}") ||
	    tb_yaml_check_keys(p, map, memory ? memory_keys : heap_keys, section) ||
	    tb_yaml_required(p, map, memory ? "total" : "size", section, &n) ||
	    to_heap_size(p, n, 16 * 1024, 64u * 1024 * 1024, p->sc->engine_bytes,
			 &p->sc->heap_bytes))
		return -EINVAL;
	n = tb_yaml_get(p, map, "kind");
	p->sc->heaps[0] = ADX_HEAP_KIND_ADX;
	p->sc->num_heaps = 1;
	if (!n)
		return 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (tb_yaml_heap_kind(p, n, &p->sc->heaps[0]))
			return -EINVAL;
		return 0;
	}
	if (tb_yaml_expect(p, n, YAML_SEQUENCE_NODE, "a heap kind or a list of them"))
		return -EINVAL;
	tb_heap_kind_list(kinds, sizeof(kinds));
	p->sc->num_heaps = 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		yaml_node_t *k = tb_yaml_node(p, *it);

		if (p->sc->num_heaps == ADX_HEAP_KIND_COUNT)
			return tb_yaml_fail(p, k, "more than %d heap kinds; expected some of: %s",
					    ADX_HEAP_KIND_COUNT, kinds);
		if (tb_yaml_heap_kind(p, k, &p->sc->heaps[p->sc->num_heaps]))
			return -EINVAL;
		p->sc->num_heaps++;
	}
	if (!p->sc->num_heaps)
		return tb_yaml_fail(p, n, "empty list; expected some of: %s", kinds);
	return 0;
}

static int parse_format(struct tb_parse *p, yaml_node_t *map, struct tb_pipeline_spec *pl)
{
	static const char *const keys[] = { "rate", "channels", "sample", NULL };
	struct adx_stream_params *fmt = &pl->format;
	yaml_node_t *n;
	uint32_t v;

	fmt->rate = 48000;
	fmt->channels = 2;
	fmt->format = ADX_FMT_S32_LE;
	if (tb_yaml_expect(p, map, YAML_MAPPING_NODE,
			   "a format: {rate: 48000, channels: 2, sample: s32}") ||
	    tb_yaml_check_keys(p, map, keys, "format"))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "rate"))) {
		if (tb_yaml_u32(p, n, 1000, 192000, "a rate in Hz", &v))
			return -EINVAL;
		if (v % 1000)
			return tb_yaml_fail(p, n, "rate %u Hz: expected a multiple of 1000 Hz (1 ms LL tick)",
					    (unsigned int)v);
		fmt->rate = v;
		pl->rate_mark = tb_yaml_mark(n);
	}
	if ((n = tb_yaml_get(p, map, "channels"))) {
		if (tb_yaml_u32(p, n, 1, ADX_MAX_CHANNELS, "a channel count", &v))
			return -EINVAL;
		fmt->channels = (uint16_t)v;
		pl->channels_mark = tb_yaml_mark(n);
	}
	if ((n = tb_yaml_get(p, map, "sample"))) {
		if (tb_yaml_expect(p, n, YAML_SCALAR_NODE, "a sample format") ||
		    adx_format_parse(tb_yaml_text(n), &fmt->format))
			return tb_yaml_fail(p, n, "'%s' is not a sample format; expected s16, s32 or float",
					    tb_yaml_text(n));
	}
	return 0;
}

static int parse_host(struct tb_parse *p, yaml_node_t *map, struct tb_source *src)
{
	static const char *const keys[] = { "file", "signal", "freq_hz", "level_dbfs",
					     "seconds", "seed", "loop", NULL };
	static const char *const signals[] = { "sine", "noise", "silence", NULL };
	yaml_node_t *file, *sig, *n;
	int kind;

	src->mark = tb_yaml_mark(map);
	if (tb_yaml_expect(p, map, YAML_MAPPING_NODE,
			   "a host endpoint: {file: in.wav} or {signal: sine}") ||
	    tb_yaml_check_keys(p, map, keys, "host"))
		return -EINVAL;
	file = tb_yaml_get(p, map, "file");
	sig = tb_yaml_get(p, map, "signal");
	if (!file == !sig)
		return tb_yaml_fail(p, map, "host needs exactly one of 'file' or 'signal'");
	if ((n = tb_yaml_get(p, map, "loop")) && tb_yaml_bool(p, n, &src->loop))
		return -EINVAL;
	if (file) {
		if (tb_yaml_expect(p, file, YAML_SCALAR_NODE, "a file name") || !*tb_yaml_text(file))
			return tb_yaml_fail(p, file, "expected a file name");
		src->path = tb_yaml_resolve(p, tb_yaml_text(file));
		return src->path ? 0 : -ENOMEM;
	}
	src->generated = true;
	src->signal = (struct tb_signal){ .freq_hz = 997, .level_dbfs = -20, .seconds = 10,
					  .seed = 1 };
	if (tb_yaml_enum(p, sig, signals, "a signal", &kind))
		return -EINVAL;
	src->signal.kind = (enum tb_signal_kind)kind;
	if ((n = tb_yaml_get(p, map, "freq_hz")) &&
	    tb_yaml_double(p, n, 1, 20000, "a frequency in Hz", &src->signal.freq_hz))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "level_dbfs")) &&
	    tb_yaml_double(p, n, -120, 0, "a level in dBFS", &src->signal.level_dbfs))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "seconds")) &&
	    tb_yaml_double(p, n, 0.001, 3600, "a length in seconds", &src->signal.seconds))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "seed")) &&
	    tb_yaml_u32(p, n, 0, UINT32_MAX, "a seed", &src->signal.seed))
		return -EINVAL;
	return 0;
}

static int parse_dai(struct tb_parse *p, yaml_node_t *node, struct tb_pipeline_spec *pl)
{
	static const char *const keys[] = { "file", NULL };
	yaml_node_t *file = node;
	const char *s, *dot;

	if (node->type == YAML_MAPPING_NODE) {
		if (tb_yaml_check_keys(p, node, keys, "dai") || tb_yaml_required(p, node, "file", "dai", &file))
			return -EINVAL;
	}
	if (tb_yaml_expect(p, file, YAML_SCALAR_NODE, "an output file name such as speaker.wav"))
		return -EINVAL;
	s = tb_yaml_text(file);
	dot = strrchr(s, '.');
	if (strchr(s, '/') || !dot || (strcmp(dot, ".wav") && strcmp(dot, ".flac")) ||
	    (size_t)(dot - s) >= TB_NAME_MAX || dot == s)
		return tb_yaml_fail(p, file, "'%s': expected a plain file name ending in .wav or .flac "
				    "(it is written under the run's audio folder)", s);
	pl->dai_path = strdup(s);
	memcpy(pl->dai_name, s, (size_t)(dot - s));
	pl->dai_name[dot - s] = '\0';
	return pl->dai_path ? 0 : -ENOMEM;
}

/*
 * block_frames, period_ms and cost_us shape the dp-passthrough module; the
 * DAX module declares its own block, period and cost, so they do not apply
 * to it (nor does anything that would make it something other than itself).
 */
static int parse_stage(struct tb_parse *p, yaml_node_t *map, struct tb_stage *st)
{
	static const char *const keys[] = { "type", "name", "gain_db", "block_frames",
					    "period_ms", "cost_us", "device", "priority",
					    "policy", NULL };
	static const char *const types[] = { "volume", "dp-passthrough", "dax", NULL };
	yaml_node_t *n;
	int v;
	uint32_t u;
	double d;

	st->mark = tb_yaml_mark(map);
	if (tb_yaml_expect(p, map, YAML_MAPPING_NODE, "a module: {type: dax, name: dax}") ||
	    tb_yaml_check_keys(p, map, keys, "module") || tb_yaml_required(p, map, "type", "module", &n) ||
	    tb_yaml_enum(p, n, types, "a module type", &v))
		return -EINVAL;
	st->kind = (enum tb_stage_kind)v;
	snprintf(st->name, sizeof(st->name), "%s", types[v]);
	if ((n = tb_yaml_get(p, map, "name")) && tb_yaml_name(p, n, "a module name", st->name))
		return -EINVAL;
	st->block_frames = 48;
	st->period_us = 1000;
	st->cost_ns = 100000;
	st->priority = -1;
	for (const char *const *k = keys + 2; *k; k++) {
		bool volume_key = !strcmp(*k, "gain_db");
		bool dp_key = !strcmp(*k, "block_frames") || !strcmp(*k, "period_ms") ||
			      !strcmp(*k, "cost_us");
		bool dax_key = !volume_key && !dp_key;

		n = tb_yaml_get(p, map, *k);
		if (!n)
			continue;
		if ((volume_key && st->kind != TB_STAGE_VOLUME) ||
		    (dp_key && st->kind != TB_STAGE_DP_PASSTHROUGH) ||
		    (dax_key && st->kind != TB_STAGE_DAX))
			return tb_yaml_fail(p, n, "'%s' does not apply to a %s module%s", *k, types[st->kind],
					    st->kind == TB_STAGE_DAX ? " (it declares its own block, period "
					    "and cost)" : "");
	}
	if ((n = tb_yaml_get(p, map, "gain_db")) &&
	    tb_yaml_double(p, n, -120, 24, "a gain in dB", &st->gain_db))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "block_frames")) &&
	    tb_yaml_u32(p, n, 1, 48000, "a block size in frames", &st->block_frames))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "period_ms"))) {
		if (tb_yaml_u32(p, n, 1, 1000, "a whole number of ms", &u))
			return -EINVAL;
		st->period_us = u * 1000;
	}
	if ((n = tb_yaml_get(p, map, "cost_us"))) {
		if (tb_yaml_double(p, n, 0, 1e6, "a cost in microseconds", &d))
			return -EINVAL;
		st->cost_ns = (uint64_t)llround(d * 1000);
	}
	if ((n = tb_yaml_get(p, map, "device"))) {
		if (tb_yaml_enum(p, n, tb_device_names, "an output device", &v))
			return -EINVAL;
		st->device = (enum adx_dax_device)v;
	}
	if ((n = tb_yaml_get(p, map, "priority"))) {
		if (tb_yaml_u32(p, n, 0, 255, "a priority (0..255)", &u))
			return -EINVAL;
		st->priority = (int)u;
	}
	if ((n = tb_yaml_get(p, map, "policy"))) {
		if (tb_yaml_policy(p, n, &st->policy))
			return -EINVAL;
		st->policy_given = true;
	}
	if (st->priority < 0)
		st->priority = st->device == ADX_DAX_DEVICE_SPEAKER ? 2 : 1;
	return 0;
}

static int parse_pipeline(struct tb_parse *p, yaml_node_t *map, struct tb_pipeline_spec *pl,
			  int index)
{
	static const char *const keys[] = { "name", "id", "format", "host", "dai", "modules",
					    NULL };
	yaml_node_t *n;

	pl->mark = tb_yaml_mark(map);
	pl->rate_mark = pl->mark;
	pl->channels_mark = pl->mark;
	pl->dax_stage = -1;
	pl->id = (uint32_t)index + 1;
	if (tb_yaml_expect(p, map, YAML_MAPPING_NODE, "a pipeline: {name: ..., host: ..., dai: ...}") ||
	    tb_yaml_check_keys(p, map, keys, "pipeline") ||
	    tb_yaml_required(p, map, "name", "pipeline", &n) ||
	    tb_yaml_name(p, n, "a pipeline name", pl->name))
		return -EINVAL;
	if ((n = tb_yaml_get(p, map, "id")) && tb_yaml_u32(p, n, 0, 15, "a pipeline id", &pl->id))
		return -EINVAL;
	pl->format = (struct adx_stream_params){ .rate = 48000, .channels = 2,
						 .format = ADX_FMT_S32_LE };
	if ((n = tb_yaml_get(p, map, "format")) && parse_format(p, n, pl))
		return -EINVAL;
	if (tb_yaml_required(p, map, "host", "pipeline", &n) || parse_host(p, n, &pl->host) ||
	    tb_yaml_required(p, map, "dai", "pipeline", &n) || parse_dai(p, n, pl))
		return -EINVAL;
	n = tb_yaml_get(p, map, "modules");
	if (!n)
		return 0;
	if (tb_yaml_expect(p, n, YAML_SEQUENCE_NODE, "a list of modules"))
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		struct tb_stage *st = &pl->stages[pl->num_stages];

		if (pl->num_stages == TB_MAX_STAGES)
			return tb_yaml_fail(p, tb_yaml_node(p, *it), "more than %d modules; the pipeline holds "
					    "%d between its copiers", TB_MAX_STAGES, TB_MAX_STAGES);
		if (parse_stage(p, tb_yaml_node(p, *it), st))
			return -EINVAL;
		if (st->kind == TB_STAGE_DAX) {
			if (pl->dax_stage >= 0)
				return tb_yaml_fail(p, tb_yaml_node(p, *it), "a second dax module; expected one "
						    "per pipeline");
			pl->dax_stage = pl->num_stages;
		}
		pl->num_stages++;
	}
	return 0;
}

/* The pipelines a topology would declare: unique names, ids and output files. */
int tb_scenario_parse_pipelines(struct tb_parse *p, yaml_node_t *n)
{
	struct tb_scenario *sc = p->sc;

	if (tb_yaml_expect(p, n, YAML_SEQUENCE_NODE, "a list of pipelines"))
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		yaml_node_t *pn = tb_yaml_node(p, *it);
		const struct tb_pipeline_spec *pl = &sc->pipelines[sc->num_pipelines];

		if (sc->num_pipelines == TB_MAX_PIPELINES)
			return tb_yaml_fail(p, pn, "more than %d pipelines", TB_MAX_PIPELINES);
		if (parse_pipeline(p, pn, &sc->pipelines[sc->num_pipelines], sc->num_pipelines))
			return -EINVAL;
		for (int i = 0; i < sc->num_pipelines; i++) {
			const struct tb_pipeline_spec *other = &sc->pipelines[i];

			if (!strcmp(other->name, pl->name))
				return tb_yaml_fail(p, pn, "a second pipeline named '%s'; "
						    "expected unique names", other->name);
			if (other->id == pl->id)
				return tb_yaml_fail(p, pn, "pipeline id %u is taken by '%s'; "
						    "expected unique ids",
						    (unsigned int)other->id, other->name);
			if (!strcmp(other->dai_path, pl->dai_path))
				return tb_yaml_fail(p, pn, "dai file '%s' is written by '%s' "
						    "already; expected one file per endpoint",
						    other->dai_path, other->name);
		}
		sc->num_pipelines++;
	}
	if (!sc->num_pipelines)
		return tb_yaml_fail(p, n, "no pipelines; expected at least one");
	return 0;
}
