/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * adx-validate: what pluginval is for audio plugins, for adx modules
 * (docs/modules.md). A target is a module type with what it declares; a
 * check proves one property of it and is named after that property; checks
 * are grouped by level, and --strictness N runs the levels up to N.
 */
#ifndef VAL_H
#define VAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/util/splitmix64.h"

#include "adx/module/entry.h"

#define VAL_NAME_MAX 64
#define VAL_MSG_MAX 512

/* How the module's input and output reach the rig. */
enum val_pins {
	VAL_PINS_RING_RING,     /* one source, one sink (most modules) */
	VAL_PINS_GATEWAY_RING,  /* host copier: gateway in, one sink */
	VAL_PINS_RING_GATEWAY,  /* DAI copier: one source, gateway out */
};

struct val_target {
	char name[VAL_NAME_MAX];
	const struct adx_module_driver *drv;
	struct adx_module_caps caps;
	const void *init_data;
	size_t init_data_size;
	enum val_pins pins;
	uint16_t out_channels;   /* 0: as many as in */
	bool init_data_names_gateway; /* init data starts with the gateway id */
};

/* Built-in targets by name ("volume", "dax-static", ...); NULL if unknown. */
const struct val_target *val_builtin_find(const char *name);
/* Writes the built-in names, one per line, to stdout. */
void val_builtin_list(void);
/* A target for a loaded module's manifest. */
void val_target_from_manifest(struct val_target *target,
			      const struct adx_module_manifest *manifest);

/* splitmix64: every random choice of a check comes from the seed. */
struct val_rng {
	uint64_t state;
};

static inline uint64_t val_rng_next(struct val_rng *rng)
{
	return adx_splitmix64_next(&rng->state);
}

/* Uniform in [0, bound). */
static inline uint32_t val_rng_below(struct val_rng *rng, uint32_t bound)
{
	return bound ? (uint32_t)(val_rng_next(rng) % bound) : 0;
}

/* Uniform in [-1, 1). */
static inline float val_rng_signal(struct val_rng *rng)
{
	return (float)((double)(val_rng_next(rng) >> 11) / (double)(1ull << 52)) - 1.0f;
}

struct val_ctx {
	const struct val_target *target;
	uint64_t seed;
	int strictness;
	struct val_rng rng;
	/* Informational lines (high-water, what was covered) the report adds. */
	char info[VAL_MSG_MAX];
};

struct val_result {
	bool failed;
	bool skipped;
	char msg[VAL_MSG_MAX];
};

/* Marks the check failed with a reason (the first reason is kept). */
void val_fail(struct val_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void val_skip(struct val_result *res, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void val_note(struct val_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

typedef void (*val_check_fn)(struct val_ctx *ctx, struct val_result *res);

struct val_check {
	const char *name;   /* group.property */
	int level;          /* runs at --strictness >= level */
	const char *proves;
	val_check_fn run;
};

/* Every check, in run order; *count set. */
const struct val_check *val_checks(size_t *count);

#endif
