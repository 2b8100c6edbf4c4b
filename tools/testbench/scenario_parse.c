// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scenario files through libyaml: the whole file is loaded as a document,
 * then walked node by node. Every node carries its start mark, so each error
 * names file:line:column and says what was expected there. Unknown keys are
 * errors too (a misspelt key silently ignored is a scenario that does not
 * test what its author thinks), and so are keys given twice (libyaml keeps
 * both; the second, a whole timeline perhaps, would be silently dropped).
 */
#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "adx/modules/dax.h"
#include "scenario.h"

struct parse {
	yaml_document_t doc;
	const char *path;
	char *err;
	size_t err_size;
	struct tb_scenario *sc;
};

static const char *const policy_names[] = { "init", "prepare", "static", "shared" };
static const char *const op_names[] = { "open", "hw_params", "prepare", "start", "stop",
					"reset", "close", "control", "alloc", "release" };
static const char *const control_names[] = { "enable", "profile", "device", "volume",
					     "ctc", "content_processing", "tuning", "gain_db" };
static const char *const profile_names[] = { "dynamic", "movie", "music", "voice", NULL };
static const char *const device_names[] = { "speaker", "headphone", NULL };

const char *tb_policy_name(enum tb_policy policy)
{
	return policy < TB_POLICY_COUNT ? policy_names[policy] : "invalid";
}

int tb_policy_parse(const char *text, enum tb_policy *policy)
{
	for (int i = 0; i < TB_POLICY_COUNT; i++)
		if (!strcmp(text, policy_names[i])) {
			*policy = (enum tb_policy)i;
			return 0;
		}
	return -EINVAL;
}

const char *tb_heap_kind_name(enum tb_heap_kind kind)
{
	return kind == TB_HEAP_SYSHEAP ? "sysheap" : "adx";
}

int tb_heap_kind_parse(const char *text, enum tb_heap_kind *kind)
{
	if (!strcmp(text, "adx"))
		*kind = TB_HEAP_ADX;
	else if (!strcmp(text, "sysheap"))
		*kind = TB_HEAP_SYSHEAP;
	else
		return -EINVAL;
	return 0;
}

const char *tb_op_name(enum tb_op op)
{
	return op < TB_OP_COUNT ? op_names[op] : "invalid";
}

const char *tb_control_name(enum tb_control_kind kind)
{
	return kind < TB_CTL_COUNT ? control_names[kind] : "invalid";
}

/* ---- errors and node access ---- */

static struct tb_mark mark_of(const yaml_node_t *node)
{
	return (struct tb_mark){ .line = (int)node->start_mark.line + 1,
				 .column = (int)node->start_mark.column + 1 };
}

__attribute__((format(printf, 3, 4)))
static int fail(struct parse *p, const yaml_node_t *node, const char *fmt, ...)
{
	struct tb_mark m = mark_of(node);
	int n = snprintf(p->err, p->err_size, "%s:%d:%d: ", p->path, m.line, m.column);
	va_list ap;

	if (n < 0 || (size_t)n >= p->err_size)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->err_size - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *kind_name(const yaml_node_t *node)
{
	switch (node->type) {
	case YAML_SCALAR_NODE: return "a value";
	case YAML_SEQUENCE_NODE: return "a list";
	case YAML_MAPPING_NODE: return "a mapping";
	default: return "nothing";
	}
}

static int expect(struct parse *p, const yaml_node_t *node, yaml_node_type_t type,
		  const char *what)
{
	if (node->type == type)
		return 0;
	return fail(p, node, "found %s, expected %s", kind_name(node), what);
}

static const char *text(const yaml_node_t *node)
{
	return node->type == YAML_SCALAR_NODE ? (const char *)node->data.scalar.value : "";
}

static yaml_node_t *node_at(struct parse *p, int index)
{
	return yaml_document_get_node(&p->doc, index);
}

/*
 * Rejects keys not in `allowed` (NULL-terminated), naming the ones that
 * are, and any key given twice: libyaml keeps both pairs and get() would
 * silently take the first. Every mapping the parser reads passes here, so
 * afterwards a key has at most one value. `refused` (or NULL) is a key
 * known only to be refused by the caller with a message of its own, so it
 * is not offered as expected: met in file order, it stops the walk and
 * *hit is its value (else NULL).
 */
static int check_keys_refusing(struct parse *p, yaml_node_t *map, const char *const *allowed,
			       const char *where, const char *refused, yaml_node_t **hit)
{
	*hit = NULL;
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++) {
		yaml_node_t *key = node_at(p, pair->key);
		const char *k = text(key);
		char list[256] = "";
		bool known = false;

		for (const char *const *a = allowed; *a; a++) {
			known |= !strcmp(k, *a);
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 a == allowed ? "" : ", ", *a);
		}
		if (key->type != YAML_SCALAR_NODE)
			return fail(p, key, "found %s as a key in %s; expected one of: %s",
				    kind_name(key), where, list);
		/* "heap\0x" is not the key its prefix names. */
		if (strlen(k) != key->data.scalar.length)
			return fail(p, key, "key '%s...' in %s holds a NUL byte; expected one of: %s",
				    k, where, list);
		if (refused && !strcmp(k, refused)) {
			*hit = node_at(p, pair->value);
			return 0;
		}
		if (!known)
			return fail(p, key, "unknown key '%s' in %s; expected one of: %s",
				    k, where, list);
		/* The pairs before this one are known keys, each once: a short walk. */
		for (yaml_node_pair_t *prev = map->data.mapping.pairs.start; prev < pair; prev++) {
			yaml_node_t *first = node_at(p, prev->key);

			if (!strcmp(text(first), k))
				return fail(p, key, "duplicate key '%s' (first given at line %d); "
					    "expected each key once", k, mark_of(first).line);
		}
	}
	return 0;
}

static int check_keys(struct parse *p, yaml_node_t *map, const char *const *allowed,
		      const char *where)
{
	yaml_node_t *hit;

	return check_keys_refusing(p, map, allowed, where, NULL, &hit);
}

static yaml_node_t *get(struct parse *p, yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *pair = map->data.mapping.pairs.start;
	     pair < map->data.mapping.pairs.top; pair++)
		if (!strcmp(text(node_at(p, pair->key)), key))
			return node_at(p, pair->value);
	return NULL;
}

static int required(struct parse *p, yaml_node_t *map, const char *key, const char *where,
		    yaml_node_t **out)
{
	*out = get(p, map, key);
	if (!*out)
		return fail(p, map, "%s has no '%s'", where, key);
	return 0;
}

/* ---- scalars ---- */

static int to_double(struct parse *p, yaml_node_t *node, double min, double max,
		     const char *what, double *out)
{
	char *end;
	double v;

	if (expect(p, node, YAML_SCALAR_NODE, what))
		return -EINVAL;
	v = strtod(text(node), &end);
	if (end == text(node) || *end || !isfinite(v) || v < min || v > max)
		return fail(p, node, "'%s' is not %s (%g..%g)", text(node), what, min, max);
	*out = v;
	return 0;
}

static int to_u32(struct parse *p, yaml_node_t *node, uint32_t min, uint32_t max,
		  const char *what, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (expect(p, node, YAML_SCALAR_NODE, what))
		return -EINVAL;
	v = strtoull(text(node), &end, 10);
	if (end == text(node) || *end || text(node)[0] == '-' || v < min || v > max)
		return fail(p, node, "'%s' is not %s (%u..%u)", text(node), what,
			    (unsigned int)min, (unsigned int)max);
	*out = (uint32_t)v;
	return 0;
}

/* Bytes with an optional K or M suffix. */
/*
 * A heap size: terms joined by '+', each bytes with an optional K or M
 * suffix, or a multiple of S, the DAX engine's size as the module reports
 * it ("S + 40K", "1.5S", "2S + 96K"), so a scenario states its heap against
 * S and keeps its meaning when the engine's size changes.
 */
static int to_heap_size(struct parse *p, yaml_node_t *node, size_t min, size_t max,
			size_t s_bytes, size_t *out)
{
	const char *t = text(node);
	double total = 0;

	if (expect(p, node, YAML_SCALAR_NODE, "a heap size"))
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
	return fail(p, node, "'%s' is not a heap size (terms such as 176K, 1.5S or S + 40K, "
		    "where S = %zu bytes is the DAX engine's size; %zu..%zu bytes)",
		    text(node), s_bytes, min, max);
}

static int to_bool(struct parse *p, yaml_node_t *node, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on", "1" };
	static const char *const no[] = { "false", "no", "off", "0" };

	if (expect(p, node, YAML_SCALAR_NODE, "true or false"))
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		if (!strcmp(text(node), yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(text(node), no[i])) {
			*out = false;
			return 0;
		}
	}
	return fail(p, node, "'%s' is not a switch; expected true or false", text(node));
}

/* One of a NULL-terminated list of words. */
static int to_enum(struct parse *p, yaml_node_t *node, const char *const *names,
		   const char *what, int *out)
{
	char list[200] = "";

	if (expect(p, node, YAML_SCALAR_NODE, what))
		return -EINVAL;
	for (int i = 0; names[i]; i++) {
		if (!strcmp(text(node), names[i])) {
			*out = i;
			return 0;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
			 i ? ", " : "", names[i]);
	}
	return fail(p, node, "'%s' is not %s; expected one of: %s", text(node), what, list);
}

static int to_name(struct parse *p, yaml_node_t *node, const char *what, char *out)
{
	const char *s;

	if (expect(p, node, YAML_SCALAR_NODE, what))
		return -EINVAL;
	s = text(node);
	if (!*s || strlen(s) >= TB_NAME_MAX || strspn(s, "abcdefghijklmnopqrstuvwxyz"
						     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != strlen(s))
		return fail(p, node, "'%s' is not %s (1..%d letters, digits, '_' or '-')", s,
			    what, TB_NAME_MAX - 1);
	strcpy(out, s);
	return 0;
}

static char *resolve(struct parse *p, const char *file)
{
	char *out;
	size_t n;

	if (file[0] == '/')
		return strdup(file);
	n = strlen(p->sc->dir) + strlen(file) + 2;
	out = malloc(n);
	if (out)
		snprintf(out, n, "%s/%s", p->sc->dir, file);
	return out;
}

/* ---- sections ---- */

/*
 * memory: {total, kind} states the DSP's whole budget; heap: {size, kind} is
 * its older spelling and means the same total (DESIGN.md §4: every policy
 * runs on the same total, static's heap is the total minus its region).
 */
static int parse_heap(struct parse *p, yaml_node_t *map, const char *section)
{
	static const char *const heap_keys[] = { "size", "kind", NULL };
	static const char *const memory_keys[] = { "total", "kind", NULL };
	static const char *const kinds[] = { "adx", "sysheap", NULL };
	bool memory = !strcmp(section, "memory");
	const char *size_key = memory ? "total" : "size";
	yaml_node_t *n;
	int kind;

	if (expect(p, map, YAML_MAPPING_NODE, memory ? "the memory: {total: S + 100K, kind: adx}" :
		   "the heap: {size: S + 40K, kind: adx}") ||
	    check_keys(p, map, memory ? memory_keys : heap_keys, section) ||
	    required(p, map, size_key, section, &n) ||
	    to_heap_size(p, n, 16 * 1024, 64u * 1024 * 1024, p->sc->engine_bytes,
			 &p->sc->heap_bytes))
		return -EINVAL;
	n = get(p, map, "kind");
	p->sc->heaps[0] = TB_HEAP_ADX;
	p->sc->num_heaps = 1;
	if (!n)
		return 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (to_enum(p, n, kinds, "a heap kind", &kind))
			return -EINVAL;
		p->sc->heaps[0] = (enum tb_heap_kind)kind;
		return 0;
	}
	if (expect(p, n, YAML_SEQUENCE_NODE, "a heap kind or a list of them"))
		return -EINVAL;
	p->sc->num_heaps = 0;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		yaml_node_t *k = node_at(p, *it);

		if (p->sc->num_heaps == 2)
			return fail(p, k, "more than two heap kinds; expected adx and/or sysheap");
		if (to_enum(p, k, kinds, "a heap kind", &kind))
			return -EINVAL;
		p->sc->heaps[p->sc->num_heaps++] = (enum tb_heap_kind)kind;
	}
	if (!p->sc->num_heaps)
		return fail(p, n, "empty list; expected adx and/or sysheap");
	return 0;
}

static int parse_format(struct parse *p, yaml_node_t *map, struct tb_pipeline_spec *pl)
{
	static const char *const keys[] = { "rate", "channels", "sample", NULL };
	struct adx_stream_params *fmt = &pl->format;
	yaml_node_t *n;
	uint32_t v;

	fmt->rate = 48000;
	fmt->channels = 2;
	fmt->format = ADX_FMT_S32_LE;
	if (expect(p, map, YAML_MAPPING_NODE, "a format: {rate: 48000, channels: 2, sample: s32}") ||
	    check_keys(p, map, keys, "format"))
		return -EINVAL;
	if ((n = get(p, map, "rate"))) {
		if (to_u32(p, n, 1000, 192000, "a rate in Hz", &v))
			return -EINVAL;
		if (v % 1000)
			return fail(p, n, "rate %u Hz: expected a multiple of 1000 Hz (1 ms LL tick)",
				    (unsigned int)v);
		fmt->rate = v;
		pl->rate_mark = mark_of(n);
	}
	if ((n = get(p, map, "channels"))) {
		if (to_u32(p, n, 1, ADX_MAX_CHANNELS, "a channel count", &v))
			return -EINVAL;
		fmt->channels = (uint16_t)v;
		pl->channels_mark = mark_of(n);
	}
	if ((n = get(p, map, "sample"))) {
		if (expect(p, n, YAML_SCALAR_NODE, "a sample format") ||
		    adx_format_parse(text(n), &fmt->format))
			return fail(p, n, "'%s' is not a sample format; expected s16, s32 or float",
				    text(n));
	}
	return 0;
}

static int parse_host(struct parse *p, yaml_node_t *map, struct tb_source *src)
{
	static const char *const keys[] = { "file", "signal", "freq_hz", "level_dbfs",
					     "seconds", "seed", "loop", NULL };
	static const char *const signals[] = { "sine", "noise", "silence", NULL };
	yaml_node_t *file, *sig, *n;
	int kind;

	src->mark = mark_of(map);
	if (expect(p, map, YAML_MAPPING_NODE, "a host endpoint: {file: in.wav} or {signal: sine}") ||
	    check_keys(p, map, keys, "host"))
		return -EINVAL;
	file = get(p, map, "file");
	sig = get(p, map, "signal");
	if (!file == !sig)
		return fail(p, map, "host needs exactly one of 'file' or 'signal'");
	if ((n = get(p, map, "loop")) && to_bool(p, n, &src->loop))
		return -EINVAL;
	if (file) {
		if (expect(p, file, YAML_SCALAR_NODE, "a file name") || !*text(file))
			return fail(p, file, "expected a file name");
		src->path = resolve(p, text(file));
		return src->path ? 0 : -ENOMEM;
	}
	src->generated = true;
	src->signal = (struct tb_signal){ .freq_hz = 997, .level_dbfs = -20, .seconds = 10,
					  .seed = 1 };
	if (to_enum(p, sig, signals, "a signal", &kind))
		return -EINVAL;
	src->signal.kind = (enum tb_signal_kind)kind;
	if ((n = get(p, map, "freq_hz")) &&
	    to_double(p, n, 1, 20000, "a frequency in Hz", &src->signal.freq_hz))
		return -EINVAL;
	if ((n = get(p, map, "level_dbfs")) &&
	    to_double(p, n, -120, 0, "a level in dBFS", &src->signal.level_dbfs))
		return -EINVAL;
	if ((n = get(p, map, "seconds")) &&
	    to_double(p, n, 0.001, 3600, "a length in seconds", &src->signal.seconds))
		return -EINVAL;
	if ((n = get(p, map, "seed")) && to_u32(p, n, 0, UINT32_MAX, "a seed", &src->signal.seed))
		return -EINVAL;
	return 0;
}

static int parse_dai(struct parse *p, yaml_node_t *node, struct tb_pipeline_spec *pl)
{
	static const char *const keys[] = { "file", NULL };
	yaml_node_t *file = node;
	const char *s, *dot;

	if (node->type == YAML_MAPPING_NODE) {
		if (check_keys(p, node, keys, "dai") || required(p, node, "file", "dai", &file))
			return -EINVAL;
	}
	if (expect(p, file, YAML_SCALAR_NODE, "an output file name such as speaker.wav"))
		return -EINVAL;
	s = text(file);
	dot = strrchr(s, '.');
	if (strchr(s, '/') || !dot || (strcmp(dot, ".wav") && strcmp(dot, ".flac")) ||
	    (size_t)(dot - s) >= TB_NAME_MAX || dot == s)
		return fail(p, file, "'%s': expected a plain file name ending in .wav or .flac "
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
static int parse_stage(struct parse *p, yaml_node_t *map, struct tb_stage *st)
{
	static const char *const keys[] = { "type", "name", "gain_db", "block_frames",
					    "period_ms", "cost_us", "device", "priority",
					    "policy", NULL };
	static const char *const types[] = { "volume", "dp-passthrough", "dax", NULL };
	yaml_node_t *n;
	int v;
	uint32_t u;
	double d;

	st->mark = mark_of(map);
	if (expect(p, map, YAML_MAPPING_NODE, "a module: {type: dax, name: dax}") ||
	    check_keys(p, map, keys, "module") || required(p, map, "type", "module", &n) ||
	    to_enum(p, n, types, "a module type", &v))
		return -EINVAL;
	st->kind = (enum tb_stage_kind)v;
	snprintf(st->name, sizeof(st->name), "%s", types[v]);
	if ((n = get(p, map, "name")) && to_name(p, n, "a module name", st->name))
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

		n = get(p, map, *k);
		if (!n)
			continue;
		if ((volume_key && st->kind != TB_STAGE_VOLUME) ||
		    (dp_key && st->kind != TB_STAGE_DP_PASSTHROUGH) ||
		    (dax_key && st->kind != TB_STAGE_DAX))
			return fail(p, n, "'%s' does not apply to a %s module%s", *k, types[st->kind],
				    st->kind == TB_STAGE_DAX ? " (it declares its own block, period "
				    "and cost)" : "");
	}
	if ((n = get(p, map, "gain_db")) && to_double(p, n, -120, 24, "a gain in dB", &st->gain_db))
		return -EINVAL;
	if ((n = get(p, map, "block_frames")) &&
	    to_u32(p, n, 1, 48000, "a block size in frames", &st->block_frames))
		return -EINVAL;
	if ((n = get(p, map, "period_ms"))) {
		if (to_u32(p, n, 1, 1000, "a whole number of ms", &u))
			return -EINVAL;
		st->period_us = u * 1000;
	}
	if ((n = get(p, map, "cost_us"))) {
		if (to_double(p, n, 0, 1e6, "a cost in microseconds", &d))
			return -EINVAL;
		st->cost_ns = (uint64_t)llround(d * 1000);
	}
	if ((n = get(p, map, "device"))) {
		if (to_enum(p, n, device_names, "an output device", &v))
			return -EINVAL;
		st->device = (enum tb_dax_device)v;
	}
	if ((n = get(p, map, "priority"))) {
		if (to_u32(p, n, 0, 255, "a priority (0..255)", &u))
			return -EINVAL;
		st->priority = (int)u;
	}
	if ((n = get(p, map, "policy"))) {
		if (to_enum(p, n, (const char *const[]){ "init", "prepare", "static", "shared",
							  NULL }, "a policy", &v))
			return -EINVAL;
		st->policy_given = true;
		st->policy = (enum tb_policy)v;
	}
	if (st->priority < 0)
		st->priority = st->device == TB_DEVICE_SPEAKER ? 2 : 1;
	return 0;
}

static int parse_pipeline(struct parse *p, yaml_node_t *map, struct tb_pipeline_spec *pl,
			  int index)
{
	static const char *const keys[] = { "name", "id", "format", "host", "dai", "modules",
					    NULL };
	yaml_node_t *n;

	pl->mark = mark_of(map);
	pl->rate_mark = pl->mark;
	pl->channels_mark = pl->mark;
	pl->dax_stage = -1;
	pl->id = (uint32_t)index + 1;
	if (expect(p, map, YAML_MAPPING_NODE, "a pipeline: {name: ..., host: ..., dai: ...}") ||
	    check_keys(p, map, keys, "pipeline") || required(p, map, "name", "pipeline", &n) ||
	    to_name(p, n, "a pipeline name", pl->name))
		return -EINVAL;
	if ((n = get(p, map, "id")) && to_u32(p, n, 0, 15, "a pipeline id", &pl->id))
		return -EINVAL;
	pl->format = (struct adx_stream_params){ .rate = 48000, .channels = 2,
						 .format = ADX_FMT_S32_LE };
	if ((n = get(p, map, "format")) && parse_format(p, n, pl))
		return -EINVAL;
	if (required(p, map, "host", "pipeline", &n) || parse_host(p, n, &pl->host) ||
	    required(p, map, "dai", "pipeline", &n) || parse_dai(p, n, pl))
		return -EINVAL;
	n = get(p, map, "modules");
	if (!n)
		return 0;
	if (expect(p, n, YAML_SEQUENCE_NODE, "a list of modules"))
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		struct tb_stage *st = &pl->stages[pl->num_stages];

		if (pl->num_stages == TB_MAX_STAGES)
			return fail(p, node_at(p, *it), "more than %d modules; the pipeline holds "
				    "%d between its copiers", TB_MAX_STAGES, TB_MAX_STAGES);
		if (parse_stage(p, node_at(p, *it), st))
			return -EINVAL;
		if (st->kind == TB_STAGE_DAX) {
			if (pl->dax_stage >= 0)
				return fail(p, node_at(p, *it), "a second dax module; expected one "
					    "per pipeline");
			pl->dax_stage = pl->num_stages;
		}
		pl->num_stages++;
	}
	return 0;
}

/* ---- timeline ---- */

static int add_event(struct parse *p, const struct tb_event *ev, yaml_node_t *at)
{
	struct tb_scenario *sc = p->sc;

	if (sc->num_events == TB_MAX_EVENTS)
		return fail(p, at, "more than %d timeline events", TB_MAX_EVENTS);
	sc->events[sc->num_events] = *ev;
	sc->events[sc->num_events].seq = (uint32_t)sc->num_events;
	sc->num_events++;
	return 0;
}

static int parse_control(struct parse *p, yaml_node_t *map, struct tb_event *ev)
{
	static const char *const keys[] = { "module", "enable", "profile", "device", "volume",
					    "ctc", "content_processing", "tuning", "gain_db",
					    NULL };
	struct tb_control *c = &ev->control;
	yaml_node_t *n, *which = NULL;
	bool b;
	int v;
	double d;

	if (expect(p, map, YAML_MAPPING_NODE, "a control: {profile: music}") ||
	    check_keys(p, map, keys, "control"))
		return -EINVAL;
	if ((n = get(p, map, "module")) && to_name(p, n, "a module name", c->stage))
		return -EINVAL;
	for (int k = 0; k < TB_CTL_COUNT; k++) {
		n = get(p, map, control_names[k]);
		if (!n)
			continue;
		if (which)
			return fail(p, n, "a second control in one event; expected one per event");
		which = n;
		c->kind = (enum tb_control_kind)k;
	}
	if (!which)
		return fail(p, map, "control names no control; expected one of: enable, profile, "
			    "device, volume, ctc, content_processing, tuning, gain_db");
	switch (c->kind) {
	case TB_CTL_ENABLE:
	case TB_CTL_CTC:
	case TB_CTL_CONTENT:
		if (to_bool(p, which, &b))
			return -EINVAL;
		c->value = b;
		break;
	case TB_CTL_PROFILE:
		if (to_enum(p, which, profile_names, "a profile", &v))
			return -EINVAL;
		c->value = v;
		break;
	case TB_CTL_DEVICE:
		if (to_enum(p, which, device_names, "an output device", &v))
			return -EINVAL;
		c->value = v;
		break;
	case TB_CTL_VOLUME:
		/* The DAX volume is a Q1.31 peak volume: 0 dB is its top. */
		if (to_double(p, which, -120, 0, "a volume in dB", &d))
			return -EINVAL;
		c->value = (int32_t)fmin(llround(pow(10.0, d / 20.0) * 2147483648.0),
					 (double)INT32_MAX);
		break;
	case TB_CTL_GAIN:
		if (to_double(p, which, -120, 24, "a gain in dB", &d))
			return -EINVAL;
		c->value = (int32_t)lround(pow(10.0, d / 20.0) * (1 << 23));
		break;
	case TB_CTL_TUNING:
		if (expect(p, which, YAML_SCALAR_NODE, "a tuning blob file"))
			return -EINVAL;
		c->blob_path = resolve(p, text(which));
		if (!c->blob_path)
			return -ENOMEM;
		break;
	default:
		break;
	}
	return 0;
}

static int parse_burst(struct parse *p, yaml_node_t *map, struct tb_burst *b)
{
	static const char *const keys[] = { "tag", "count", "size", "seed", "keep", NULL };
	yaml_node_t *n;

	b->count = 16;
	b->min_bytes = 64;
	b->max_bytes = 4096;
	b->seed = 1;
	b->keep = 1.0;
	if (expect(p, map, YAML_MAPPING_NODE, "a burst: {tag: notif, count: 24, size: [64, 4096]}") ||
	    check_keys(p, map, keys, "alloc") || required(p, map, "tag", "alloc", &n) ||
	    to_name(p, n, "a tag", b->tag))
		return -EINVAL;
	if ((n = get(p, map, "count")) && to_u32(p, n, 1, 4096, "a count", &b->count))
		return -EINVAL;
	if ((n = get(p, map, "seed")) && to_u32(p, n, 0, UINT32_MAX, "a seed", &b->seed))
		return -EINVAL;
	if ((n = get(p, map, "keep")) && to_double(p, n, 0, 1, "a fraction", &b->keep))
		return -EINVAL;
	n = get(p, map, "size");
	if (!n)
		return 0;
	if (n->type == YAML_SCALAR_NODE) {
		if (to_u32(p, n, 1, 1u << 24, "a size in bytes", &b->min_bytes))
			return -EINVAL;
		b->max_bytes = b->min_bytes;
		return 0;
	}
	if (expect(p, n, YAML_SEQUENCE_NODE, "a size or [min, max]") ||
	    n->data.sequence.items.top - n->data.sequence.items.start != 2)
		return fail(p, n, "expected a size or [min, max]");
	if (to_u32(p, node_at(p, n->data.sequence.items.start[0]), 1, 1u << 24, "a size in bytes",
		   &b->min_bytes) ||
	    to_u32(p, node_at(p, n->data.sequence.items.start[1]), b->min_bytes, 1u << 24,
		   "a size in bytes not below the minimum", &b->max_bytes))
		return -EINVAL;
	return 0;
}

static int parse_ops(struct parse *p, yaml_node_t *n, struct tb_event *ev, yaml_node_t *at)
{
	static const char *const pcm_ops[] = { "open", "hw_params", "prepare", "start", "stop",
					       "reset", "close", NULL };
	int v;

	if (n->type == YAML_SCALAR_NODE) {
		if (to_enum(p, n, pcm_ops, "a PCM op", &v))
			return -EINVAL;
		ev->op = (enum tb_op)v;
		ev->mark = mark_of(n);
		if (add_event(p, ev, at))
			return -EINVAL;
		ev->mid_cycle_stage = -1;  /* only the list's first op waits for a cycle */
		return 0;
	}
	if (expect(p, n, YAML_SEQUENCE_NODE, "a PCM op or a list of them"))
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++)
		if (parse_ops(p, node_at(p, *it), ev, at))
			return -EINVAL;
	return 0;
}

/* mid_cycle: <stage> names the DP module whose cycle the op must arrive in. */
static int parse_mid_cycle(struct parse *p, yaml_node_t *map, struct tb_event *ev)
{
	const struct tb_pipeline_spec *pl = &p->sc->pipelines[ev->pipeline];
	yaml_node_t *n = get(p, map, "mid_cycle");

	if (!n)
		return 0;
	if (expect(p, n, YAML_SCALAR_NODE, "a module name"))
		return -EINVAL;
	ev->mid_cycle_stage = tb_pipeline_find_stage(pl, text(n));
	ev->mid_cycle_mark = mark_of(n);
	if (ev->mid_cycle_stage < 0)
		return fail(p, n, "pipeline '%s' has no module '%s'; expected one of its modules",
			    pl->name, text(n));
	return 0;
}

static int parse_event(struct parse *p, yaml_node_t *map)
{
	static const char *const keys[] = { "at", "pipeline", "op", "control", "alloc",
					    "release", "mid_cycle", NULL };
	struct tb_event ev = { .pipeline = -1, .mid_cycle_stage = -1 };
	yaml_node_t *at, *n, *op, *ctl, *alloc, *rel;
	double ms;
	int kinds;

	ev.mark = mark_of(map);
	if (expect(p, map, YAML_MAPPING_NODE, "an event: {at: 100, pipeline: speaker, op: start}") ||
	    check_keys(p, map, keys, "event") || required(p, map, "at", "event", &at) ||
	    to_double(p, at, 0, 3600e3, "a time in ms", &ms))
		return -EINVAL;
	ev.at_us = (uint64_t)llround(ms * 1000);
	ev.at_mark = mark_of(at);
	op = get(p, map, "op");
	ctl = get(p, map, "control");
	alloc = get(p, map, "alloc");
	rel = get(p, map, "release");
	kinds = !!op + !!ctl + !!alloc + !!rel;
	if (kinds != 1)
		return fail(p, map, "an event needs exactly one of 'op', 'control', 'alloc' or "
			    "'release'");
	n = get(p, map, "pipeline");
	if ((op || ctl) && !n)
		return fail(p, map, "'%s' needs a 'pipeline'", op ? "op" : "control");
	if ((alloc || rel) && n)
		return fail(p, n, "'pipeline' does not apply to a heap %s", alloc ? "alloc" : "release");
	if (n) {
		if (expect(p, n, YAML_SCALAR_NODE, "a pipeline name"))
			return -EINVAL;
		ev.pipeline = tb_scenario_find_pipeline(p->sc, text(n));
		if (ev.pipeline < 0)
			return fail(p, n, "unknown pipeline '%s'; expected one declared under "
				    "'pipelines'", text(n));
	}
	if (op)
		return parse_mid_cycle(p, map, &ev) || parse_ops(p, op, &ev, at);
	if ((n = get(p, map, "mid_cycle")))
		return fail(p, n, "'mid_cycle' applies to a PCM op; expected it beside 'op'");
	if (ctl) {
		ev.op = TB_OP_CONTROL;
		ev.mark = mark_of(ctl);
		return parse_control(p, ctl, &ev) || add_event(p, &ev, at);
	}
	if (alloc) {
		ev.op = TB_OP_ALLOC;
		return parse_burst(p, alloc, &ev.burst) || add_event(p, &ev, at);
	}
	ev.op = TB_OP_RELEASE;
	ev.mark = mark_of(rel);
	return to_name(p, rel, "a burst tag", ev.burst.tag) || add_event(p, &ev, at);
}

static int cmp_event(const void *a, const void *b)
{
	const struct tb_event *x = a, *y = b;

	if (x->at_us != y->at_us)
		return x->at_us < y->at_us ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int parse_root(struct parse *p, yaml_node_t *root)
{
	static const char *const keys[] = { "name", "description", "memory", "heap", "policy",
					    "executor", "duration_ms", "pipelines", "timeline",
					    NULL };
	static const char *const execs[] = { "any", "threads", NULL };
	struct tb_scenario *sc = p->sc;
	yaml_node_t *n;
	int v;
	double ms;

	if (expect(p, root, YAML_MAPPING_NODE, "a scenario mapping (name, heap, pipelines, timeline)") ||
	    check_keys_refusing(p, root, keys, "the scenario", "engine_bytes", &n))
		return -EINVAL;
	if (n)
		return fail(p, n, "'engine_bytes' is not a scenario setting: the DAX module reports "
			    "its engine size S (%zu bytes); state the heap against it, e.g. "
			    "size: S + 40K", sc->engine_bytes);
	if ((n = get(p, root, "name"))) {
		if (expect(p, n, YAML_SCALAR_NODE, "a name") || strlen(text(n)) >= sizeof(sc->name))
			return fail(p, n, "expected a name of at most %zu characters",
				    sizeof(sc->name) - 1);
		strcpy(sc->name, text(n));
	}
	if ((n = get(p, root, "description"))) {
		if (expect(p, n, YAML_SCALAR_NODE, "a description"))
			return -EINVAL;
		sc->description = strdup(text(n));
	}
	if ((n = get(p, root, "memory")) && get(p, root, "heap"))
		return fail(p, get(p, root, "heap"), "both 'memory' and 'heap' given; expected "
			    "one total (memory: {total: ...})");
	if (n ? parse_heap(p, n, "memory") :
	    required(p, root, "heap", "the scenario (or memory: {total: ...})", &n) ||
	    parse_heap(p, n, "heap"))
		return -EINVAL;
	sc->policy = TB_POLICY_PREPARE;
	if ((n = get(p, root, "policy"))) {
		if (to_enum(p, n, (const char *const[]){ "init", "prepare", "static", "shared",
							  NULL }, "a policy", &v))
			return -EINVAL;
		sc->policy = (enum tb_policy)v;
	}
	if ((n = get(p, root, "executor"))) {
		if (to_enum(p, n, execs, "an executor", &v))
			return -EINVAL;
		sc->exec = v ? TB_EXEC_THREADS_ONLY : TB_EXEC_ANY;
	}
	if ((n = get(p, root, "duration_ms"))) {
		if (to_double(p, n, 1, 3600e3, "a duration in ms", &ms))
			return -EINVAL;
		sc->duration_us = (uint64_t)llround(ms * 1000);
	}
	if (required(p, root, "pipelines", "the scenario", &n) ||
	    expect(p, n, YAML_SEQUENCE_NODE, "a list of pipelines"))
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		yaml_node_t *pn = node_at(p, *it);

		if (sc->num_pipelines == TB_MAX_PIPELINES)
			return fail(p, pn, "more than %d pipelines", TB_MAX_PIPELINES);
		if (parse_pipeline(p, pn, &sc->pipelines[sc->num_pipelines], sc->num_pipelines))
			return -EINVAL;
		for (int i = 0; i < sc->num_pipelines; i++) {
			if (!strcmp(sc->pipelines[i].name, sc->pipelines[sc->num_pipelines].name))
				return fail(p, pn, "a second pipeline named '%s'; expected unique names",
					    sc->pipelines[i].name);
			if (sc->pipelines[i].id == sc->pipelines[sc->num_pipelines].id)
				return fail(p, pn, "pipeline id %u is taken by '%s'; expected unique ids",
					    (unsigned int)sc->pipelines[i].id, sc->pipelines[i].name);
			if (!strcmp(sc->pipelines[i].dai_path, sc->pipelines[sc->num_pipelines].dai_path))
				return fail(p, pn, "dai file '%s' is written by '%s' already; expected "
					    "one file per endpoint", sc->pipelines[i].dai_path,
					    sc->pipelines[i].name);
		}
		sc->num_pipelines++;
	}
	if (!sc->num_pipelines)
		return fail(p, n, "no pipelines; expected at least one");
	if (required(p, root, "timeline", "the scenario", &n) ||
	    expect(p, n, YAML_SEQUENCE_NODE, "a list of events"))
		return -EINVAL;
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++)
		if (parse_event(p, node_at(p, *it)))
			return -EINVAL;
	qsort(sc->events, (size_t)sc->num_events, sizeof(sc->events[0]), cmp_event);
	return 0;
}

static int load_document(struct parse *p, FILE *f)
{
	yaml_parser_t parser;
	int ok;

	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	ok = yaml_parser_load(&parser, &p->doc);
	if (!ok) {
		const yaml_mark_t *m = parser.problem_mark.line || parser.problem_mark.column ||
				       !parser.context ? &parser.problem_mark : &parser.context_mark;

		snprintf(p->err, p->err_size, "%s:%zu:%zu: not valid YAML: %s%s%s", p->path,
			 m->line + 1, m->column + 1, parser.problem ? parser.problem : "error",
			 parser.context ? " " : "", parser.context ? parser.context : "");
	}
	yaml_parser_delete(&parser);
	return ok ? 0 : -EINVAL;
}

int tb_scenario_load(struct tb_scenario *sc, const char *path, char *err, size_t err_size)
{
	struct parse p = { .path = path, .err = err, .err_size = err_size, .sc = sc };
	FILE *f = fopen(path, "rb");
	char *copy;
	yaml_node_t *root;
	int ret;

	memset(sc, 0, sizeof(*sc));
	/* S and the static region come from the module, never from the file. */
	sc->engine_bytes = adx_dax_engine_bytes(TB_DAX_MAX_CHANNELS);
	sc->static_region_bytes = adx_dax_static_region_bytes();
	if (!f) {
		snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
		return -EINVAL;
	}
	copy = strdup(path);
	sc->path = strdup(path);
	sc->dir = copy ? strdup(dirname(copy)) : NULL;
	free(copy);
	sc->events = calloc(TB_MAX_EVENTS, sizeof(*sc->events));
	if (!sc->path || !sc->dir || !sc->events) {
		fclose(f);
		tb_scenario_free(sc);
		snprintf(err, err_size, "out of memory");
		return -ENOMEM;
	}
	ret = load_document(&p, f);
	fclose(f);
	if (ret) {
		tb_scenario_free(sc);
		return ret;
	}
	root = yaml_document_get_root_node(&p.doc);
	if (!root) {
		snprintf(err, err_size, "%s:1:1: empty file; expected a scenario mapping", path);
		ret = -EINVAL;
	} else {
		if (!sc->name[0]) {
			const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

			snprintf(sc->name, sizeof(sc->name), "%.*s",
				 (int)strcspn(base, "."), base);
		}
		ret = parse_root(&p, root);
	}
	yaml_document_delete(&p.doc);
	ret = ret ? ret : tb_scenario_check(sc, err, err_size);
	if (ret)
		tb_scenario_free(sc);
	return ret;
}

void tb_scenario_free(struct tb_scenario *sc)
{
	for (int i = 0; i < sc->num_pipelines + (sc->num_pipelines < TB_MAX_PIPELINES); i++) {
		free(sc->pipelines[i].host.path);
		free(sc->pipelines[i].dai_path);
	}
	for (int i = 0; sc->events && i < sc->num_events; i++)
		free(sc->events[i].control.blob_path);
	free(sc->events);
	free(sc->description);
	free(sc->path);
	free(sc->dir);
	memset(sc, 0, sizeof(*sc));
}

int tb_scenario_find_pipeline(const struct tb_scenario *sc, const char *name)
{
	for (int i = 0; i < sc->num_pipelines; i++)
		if (!strcmp(sc->pipelines[i].name, name))
			return i;
	return -1;
}

int tb_pipeline_find_stage(const struct tb_pipeline_spec *p, const char *name)
{
	for (int i = 0; i < p->num_stages; i++)
		if (!strcmp(p->stages[i].name, name))
			return i;
	return -1;
}
