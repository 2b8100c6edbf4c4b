/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The entry point of a loadable module (docs/modules.md): a module built
 * out of tree as a shared object exports one symbol, ADX_MODULE_ENTRY_SYMBOL,
 * a function returning its manifest. The loader (tools/loader) checks the
 * manifest's interface version and structure sizes against its own before
 * it touches the driver, so a module built against another interface is
 * refused by name instead of crashing on a mismatched layout.
 *
 * The manifest also declares what the module accepts (formats, channel
 * counts, rates) and configurations it accepts, so a validator can exercise
 * it without knowing it.
 */
#ifndef ADX_MODULE_ENTRY_H
#define ADX_MODULE_ENTRY_H

#include <stdint.h>

#include "adx/module/interface.h"

/*
 * Bumped whenever a change to adx/module/interface.h, adx/mem/module_mem.h
 * or adx/audio/buffer.h breaks a module built against the previous one.
 */
#define ADX_MODULE_INTERFACE_VERSION 1u

#define ADX_MODULE_ENTRY_SYMBOL "adx_module_entry"
#define ADX_MODULE_MAX_RATES 4
#define ADX_MODULE_MAX_SAMPLE_CONFIGS 4

/* One configuration the module accepts (config_id, whole blob as SINGLE). */
struct adx_module_sample_config {
	uint32_t config_id;
	const uint8_t *data;
	uint32_t size;
};

/* What the module supports; the validator exercises every combination. */
struct adx_module_caps {
	uint32_t formats;                     /* bit (1u << enum adx_sample_format) */
	uint32_t channel_mask;                /* bit n: n channels supported */
	uint32_t rates[ADX_MODULE_MAX_RATES]; /* 0 ends the list */
	/* Configurations process() must take in its stride (two differ). */
	struct adx_module_sample_config configs[ADX_MODULE_MAX_SAMPLE_CONFIGS];
};

#define ADX_FORMAT_BIT(fmt) (1u << (fmt))

struct adx_module_manifest {
	uint32_t interface_version;  /* ADX_MODULE_INTERFACE_VERSION when built */
	uint32_t module_size;        /* sizeof(struct adx_module) when built */
	uint32_t ops_size;           /* sizeof(struct adx_module_ops) when built */
	const struct adx_module_driver *driver;
	struct adx_module_caps caps;
	/* Init data for the validator's instances (NULL, 0: defaults). */
	const void *init_data;
	uint32_t init_data_size;
};

typedef const struct adx_module_manifest *(*adx_module_entry_fn)(void);

/* Fills the fields only the build knows; a module's entry returns this. */
#define ADX_MODULE_MANIFEST_HEADER                              \
	.interface_version = ADX_MODULE_INTERFACE_VERSION,      \
	.module_size = (uint32_t)sizeof(struct adx_module),     \
	.ops_size = (uint32_t)sizeof(struct adx_module_ops)

/* The one symbol a loadable module exports. */
const struct adx_module_manifest *adx_module_entry(void);

#endif
