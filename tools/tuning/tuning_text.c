// SPDX-License-Identifier: BSD-3-Clause
/*
 * Text tuning compiler and decompiler. One line is one record, except EQ:
 * consecutive "eq" lines with the same device and profile are one record's
 * bands. Values are written back with 9 significant digits, which
 * round-trips every binary32 value exactly.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "adx/dsp/engine.h"
#include "adx/dsp/tuning.h"
#include "adx/util/le.h"
#include "tuning_text.h"

#define MAX_TOKENS 16
#define MAX_RECORDS 4096

static const char *const device_names[] = { "speaker", "headphone" };
static const char *const profile_names[] = { "dynamic", "movie", "music", "voice" };
static const char *const type_names[] = { "peaking", "low_shelf", "high_shelf",
					  "low_pass", "high_pass" };
static const char *const leveler_keys[] = { "target_lufs", "attack_ms", "release_ms",
					    "max_boost_db", "max_cut_db", "gate_lufs" };
static const char *const dialogue_keys[] = { "amount_db" };
static const char *const limiter_keys[] = { "ceiling_dbfs" };
static const char *const virt_keys[] = { "head_radius_m", "room_gain",
					 "speaker_distance_m", "lfe_gain" };
static const char *const ctc_keys[] = { "span_deg", "distance_m", "head_radius_m",
					"regularisation" };

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct compiler {
	const char *name;
	unsigned int line;
	struct tuning_blob *blob;
	char *message;
	size_t message_bytes;
	size_t eq_start;          /* word index of the open EQ record, or SIZE_MAX */
	uint32_t eq_device, eq_profile;
	unsigned int record_line[MAX_RECORDS];
	size_t records;
};

static int fail(struct compiler *c, const char *fmt, ...)
{
	size_t used = (size_t)snprintf(c->message, c->message_bytes, "%s:%u: ", c->name, c->line);
	va_list ap;

	if (used < c->message_bytes) {
		va_start(ap, fmt);
		vsnprintf(c->message + used, c->message_bytes - used, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int push(struct compiler *c, uint32_t word)
{
	struct tuning_blob *b = c->blob;

	if (b->count == b->capacity) {
		size_t capacity = b->capacity ? 2 * b->capacity : 256;
		uint32_t *words = realloc(b->words, capacity * sizeof(*words));

		if (!words)
			return fail(c, "out of memory");
		b->words = words;
		b->capacity = capacity;
	}
	b->words[b->count++] = word;
	return 0;
}

static int push_float(struct compiler *c, float v)
{
	uint32_t w;

	memcpy(&w, &v, sizeof(w));
	return push(c, w);
}

static int begin_record(struct compiler *c, uint32_t id)
{
	if (c->records == MAX_RECORDS)
		return fail(c, "more than %d records", MAX_RECORDS);
	c->record_line[c->records++] = c->line;
	if (push(c, id) || push(c, 0))
		return -1;
	return 0;
}

/* Patches the size of the record that starts at word start. */
static void end_record(struct compiler *c, size_t start)
{
	c->blob->words[start + 1] = (uint32_t)((c->blob->count - start) * 4u);
}

static int lookup(const char *const *names, size_t count, const char *word, bool any,
		  uint32_t *out)
{
	size_t i;

	if (any && strcmp(word, "*") == 0) {
		*out = ADX_TUNING_ANY;
		return 0;
	}
	for (i = 0; i < count; i++) {
		if (strcmp(names[i], word) == 0) {
			*out = (uint32_t)i;
			return 0;
		}
	}
	return -1;
}

static int parse_number(struct compiler *c, const char *text, float *out)
{
	char *end;

	errno = 0;
	*out = strtof(text, &end);
	if (end == text || *end || errno)
		return fail(c, "'%s' is not a number", text);
	return 0;
}

static int parse_keys(struct compiler *c, uint32_t *device, uint32_t *profile,
		      char **tok)
{
	if (lookup(device_names, COUNT(device_names), tok[1], true, device))
		return fail(c, "unknown device '%s' (speaker, headphone or *)", tok[1]);
	if (lookup(profile_names, COUNT(profile_names), tok[2], true, profile))
		return fail(c, "unknown profile '%s' (dynamic, movie, music, voice or *)", tok[2]);
	return 0;
}

/* "key=value" for every key, in any order, each exactly once. */
static int parse_assignments(struct compiler *c, char **tok, int ntok,
			     const char *const *keys, size_t nkeys)
{
	float values[8];
	bool seen[8] = { false };
	size_t k;
	int i;

	if ((size_t)ntok != nkeys)
		return fail(c, "expected %zu key=value fields, found %d", nkeys, ntok);
	for (i = 0; i < ntok; i++) {
		char *eq = strchr(tok[i], '=');

		if (!eq)
			return fail(c, "'%s' is not key=value", tok[i]);
		*eq = '\0';
		for (k = 0; k < nkeys && strcmp(keys[k], tok[i]); k++)
			;
		if (k == nkeys)
			return fail(c, "unknown key '%s'", tok[i]);
		if (seen[k])
			return fail(c, "key '%s' given twice", tok[i]);
		seen[k] = true;
		if (parse_number(c, eq + 1, &values[k]))
			return -1;
	}
	for (k = 0; k < nkeys; k++)
		if (push_float(c, values[k]))
			return -1;
	return 0;
}

static void close_eq(struct compiler *c)
{
	if (c->eq_start != SIZE_MAX) {
		end_record(c, c->eq_start);
		c->eq_start = SIZE_MAX;
	}
}

static int eq_line(struct compiler *c, char **tok, int ntok)
{
	uint32_t device, profile, type;
	float v[3];
	int i;

	if (ntok != 4 && ntok != 7)
		return fail(c, "eq takes: device profile type freq_hz gain_db q, or device profile flat");
	if (parse_keys(c, &device, &profile, tok))
		return -1;
	if (c->eq_start == SIZE_MAX || device != c->eq_device || profile != c->eq_profile) {
		close_eq(c);
		c->eq_start = c->blob->count;
		c->eq_device = device;
		c->eq_profile = profile;
		if (begin_record(c, ADX_TUNING_EQ) || push(c, device) || push(c, profile) || push(c, 0))
			return -1;
	}
	if (ntok == 4) {
		if (strcmp(tok[3], "flat"))
			return fail(c, "expected 'flat' or a band, found '%s'", tok[3]);
		return 0;
	}
	if (lookup(type_names, COUNT(type_names), tok[3], false, &type))
		return fail(c, "unknown band type '%s'", tok[3]);
	for (i = 0; i < 3; i++)
		if (parse_number(c, tok[4 + i], &v[i]))
			return -1;
	c->blob->words[c->eq_start + 4]++;
	return push(c, type) || push_float(c, v[0]) || push_float(c, v[1]) || push_float(c, v[2]);
}

static int keyed_line(struct compiler *c, uint32_t id, char **tok, int ntok,
		      const char *const *keys, size_t nkeys)
{
	uint32_t device, profile;
	size_t start = c->blob->count;

	if (ntok < 3)
		return fail(c, "%s takes: device profile key=value...", tok[0]);
	if (parse_keys(c, &device, &profile, tok) || begin_record(c, id) ||
	    push(c, device) || push(c, profile) || parse_assignments(c, tok + 3, ntok - 3, keys, nkeys))
		return -1;
	end_record(c, start);
	return 0;
}

static int geometry_line(struct compiler *c, uint32_t id, char **tok, int ntok,
			 const char *const *keys, size_t nkeys)
{
	size_t start = c->blob->count;

	if (begin_record(c, id) || parse_assignments(c, tok + 1, ntok - 1, keys, nkeys))
		return -1;
	end_record(c, start);
	return 0;
}

static int compile_line(struct compiler *c, char *line)
{
	char *tok[MAX_TOKENS], *hash = strchr(line, '#'), *save = NULL, *t;
	int ntok = 0;

	if (hash)
		*hash = '\0';
	for (t = strtok_r(line, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
		if (ntok == MAX_TOKENS)
			return fail(c, "too many fields");
		tok[ntok++] = t;
	}
	if (ntok == 0)
		return 0;
	if (strcmp(tok[0], "eq") == 0)
		return eq_line(c, tok, ntok);
	close_eq(c);
	if (strcmp(tok[0], "leveler") == 0)
		return keyed_line(c, ADX_TUNING_LEVELER, tok, ntok, leveler_keys, COUNT(leveler_keys));
	if (strcmp(tok[0], "dialogue") == 0)
		return keyed_line(c, ADX_TUNING_DIALOGUE, tok, ntok, dialogue_keys, COUNT(dialogue_keys));
	if (strcmp(tok[0], "limiter") == 0)
		return keyed_line(c, ADX_TUNING_LIMITER, tok, ntok, limiter_keys, COUNT(limiter_keys));
	if (strcmp(tok[0], "virtualizer") == 0)
		return geometry_line(c, ADX_TUNING_VIRTUALIZER, tok, ntok, virt_keys, COUNT(virt_keys));
	if (strcmp(tok[0], "ctc") == 0)
		return geometry_line(c, ADX_TUNING_CTC, tok, ntok, ctc_keys, COUNT(ctc_keys));
	return fail(c, "unknown record '%s' (eq, leveler, dialogue, limiter, virtualizer, ctc)",
		    tok[0]);
}

int tuning_compile(const char *text, const char *name, struct tuning_blob *blob,
		   char *message, size_t message_bytes)
{
	struct compiler *c = calloc(1, sizeof(*c));
	struct adx_dsp_tuning_error err;
	char *copy = strdup(text), *line, *next;
	int ret = 0;

	if (!c || !copy) {
		free(c);
		free(copy);
		snprintf(message, message_bytes, "%s: out of memory", name);
		return -1;
	}
	*c = (struct compiler){ .name = name, .blob = blob, .message = message,
				.message_bytes = message_bytes, .eq_start = SIZE_MAX };
	for (line = copy; line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		c->line++;
		ret = compile_line(c, line);
	}
	if (!ret) {
		close_eq(c);
		/* Ranges are the engine's business: ask it, and map back to a line. */
		if (adx_dsp_tuning_validate(blob->words, blob->count * 4u, &err)) {
			c->line = err.record < c->records ? c->record_line[err.record] : c->line;
			ret = fail(c, "%s", err.reason);
		}
	}
	free(copy);
	free(c);
	return ret;
}

void tuning_blob_free(struct tuning_blob *blob)
{
	free(blob->words);
	memset(blob, 0, sizeof(*blob));
}

/* ---- decompiler ---- */

static float float_at(const uint8_t *p)
{
	uint32_t w = adx_le32_get(p);
	float f;

	memcpy(&f, &w, sizeof(f));
	return f;
}

static const char *key_name(const char *const *names, uint32_t v)
{
	return v == ADX_TUNING_ANY ? "*" : names[v];
}

static void print_assignments(FILE *out, const uint8_t *p, const char *const *keys, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, " %s=%.9g", keys[i], (double)float_at(p + 4 * i));
	fputc('\n', out);
}

static void print_eq(FILE *out, const uint8_t *p)
{
	const char *dev = key_name(device_names, adx_le32_get(p));
	const char *prof = key_name(profile_names, adx_le32_get(p + 4));
	uint32_t bands = adx_le32_get(p + 8), i;

	if (bands == 0)
		fprintf(out, "eq %s %s flat\n", dev, prof);
	for (i = 0; i < bands; i++) {
		const uint8_t *b = p + 12 + 16 * i;

		fprintf(out, "eq %s %s %s %.9g %.9g %.9g\n", dev, prof, type_names[adx_le32_get(b)],
			(double)float_at(b + 4), (double)float_at(b + 8), (double)float_at(b + 12));
	}
}

static void print_keyed(FILE *out, const char *what, const uint8_t *p,
			const char *const *keys, size_t n)
{
	fprintf(out, "%s %s %s", what, key_name(device_names, adx_le32_get(p)),
		key_name(profile_names, adx_le32_get(p + 4)));
	print_assignments(out, p + 8, keys, n);
}

static void print_record(FILE *out, uint32_t id, const uint8_t *p)
{
	switch (id) {
	case ADX_TUNING_EQ:
		print_eq(out, p);
		break;
	case ADX_TUNING_LEVELER:
		print_keyed(out, "leveler", p, leveler_keys, COUNT(leveler_keys));
		break;
	case ADX_TUNING_DIALOGUE:
		print_keyed(out, "dialogue", p, dialogue_keys, COUNT(dialogue_keys));
		break;
	case ADX_TUNING_LIMITER:
		print_keyed(out, "limiter", p, limiter_keys, COUNT(limiter_keys));
		break;
	case ADX_TUNING_VIRTUALIZER:
		fputs("virtualizer", out);
		print_assignments(out, p, virt_keys, COUNT(virt_keys));
		break;
	case ADX_TUNING_CTC:
		fputs("ctc", out);
		print_assignments(out, p, ctc_keys, COUNT(ctc_keys));
		break;
	}
}

int tuning_decompile(const void *blob, size_t bytes, FILE *out, char *message,
		     size_t message_bytes)
{
	const uint8_t *p = blob;
	struct adx_dsp_tuning_error err;
	size_t offset = 0;

	if (adx_dsp_tuning_validate(blob, bytes, &err)) {
		snprintf(message, message_bytes, "record %u at byte %u: %s", err.record,
			 err.offset, err.reason);
		return -1;
	}
	while (offset < bytes) {
		uint32_t size = adx_le32_get(p + offset + 4);

		print_record(out, adx_le32_get(p + offset), p + offset + 8);
		offset += size;
	}
	return 0;
}
