// SPDX-License-Identifier: BSD-3-Clause
/*
 * The built-in modules as validation targets: what each declares (formats,
 * channels, rates), the init data an instance gets and configurations it
 * accepts. Loaded modules declare the same in their manifest.
 */
#include <stdio.h>
#include <string.h>

#include "adx/modules/copier.h"
#include "adx/modules/dax.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/volume.h"
#include "val.h"

#define ALL_FORMATS (ADX_FORMAT_BIT(ADX_FMT_S16_LE) | ADX_FORMAT_BIT(ADX_FMT_S32_LE) | \
		     ADX_FORMAT_BIT(ADX_FMT_FLOAT32))
#define CH(n) (1u << (n))

static const struct adx_volume_config volume_half = { .gain_q8_23 = 1 << 22, .ramp_frames = 96 };
static const struct adx_volume_config volume_unity = { .gain_q8_23 = ADX_VOLUME_UNITY_Q8_23 };
static const struct adx_dp_passthrough_init passthrough_init = {
	.block_frames = 96, .period_us = 2000, .cycle_cost_ns = 100000,
};
static const struct adx_host_copier_init host_init = { .gateway_id = 0 };
static const struct adx_dai_copier_init dai_init = { .gateway_id = 0 };

/* Little-endian u32 values: volume -6 dB and 0 dB, profile music. */
static const uint8_t dax_volume_half[4] = { 0xff, 0xff, 0xff, 0x3f };
static const uint8_t dax_volume_unity[4] = { 0xff, 0xff, 0xff, 0x7f };
static const uint8_t dax_profile_music[4] = { ADX_DAX_PROFILE_MUSIC, 0, 0, 0 };

#define DAX_INIT(p) { .policy = (p), .max_channels = 8, .device = ADX_DAX_DEVICE_SPEAKER }
static const struct adx_dax_init dax_inits[ADX_DAX_POLICY_COUNT] = {
	[ADX_DAX_POLICY_INIT] = DAX_INIT(ADX_DAX_POLICY_INIT),
	[ADX_DAX_POLICY_PREPARE] = DAX_INIT(ADX_DAX_POLICY_PREPARE),
	[ADX_DAX_POLICY_STATIC] = DAX_INIT(ADX_DAX_POLICY_STATIC),
	[ADX_DAX_POLICY_SHARED] = DAX_INIT(ADX_DAX_POLICY_SHARED),
};

#define DAX_TARGET(label, p) {                                                   \
	.name = label, .drv = &adx_dax_driver, .out_channels = 2,                 \
	.init_data = &dax_inits[p], .init_data_size = sizeof(dax_inits[p]),       \
	.caps = { .formats = ALL_FORMATS, .channel_mask = CH(2) | CH(6) | CH(8),  \
		  .rates = { 48000 },                                             \
		  .configs = { { ADX_DAX_CFG_VOLUME, dax_volume_half, 4 },        \
			       { ADX_DAX_CFG_VOLUME, dax_volume_unity, 4 },       \
			       { ADX_DAX_CFG_PROFILE, dax_profile_music, 4 } } } }

static const struct val_target builtins[] = {
	{
		.name = "volume", .drv = &adx_volume_driver,
		.caps = { .formats = ALL_FORMATS,
			  .channel_mask = CH(1) | CH(2) | CH(6) | CH(8),
			  .rates = { 48000, 44100, 16000 },
			  .configs = {
				  { ADX_VOLUME_CFG_GAIN, (const uint8_t *)&volume_half,
				    sizeof(volume_half) },
				  { ADX_VOLUME_CFG_GAIN, (const uint8_t *)&volume_unity,
				    sizeof(volume_unity) } } },
	},
	{
		.name = "dp-passthrough", .drv = &adx_dp_passthrough_driver,
		.init_data = &passthrough_init, .init_data_size = sizeof(passthrough_init),
		.caps = { .formats = ALL_FORMATS, .channel_mask = CH(1) | CH(2) | CH(8),
			  .rates = { 48000, 16000 } },
	},
	{
		.name = "host-copier", .drv = &adx_host_copier_driver,
		.pins = VAL_PINS_GATEWAY_RING, .init_data_names_gateway = true,
		.init_data = &host_init, .init_data_size = sizeof(host_init),
		.caps = { .formats = ALL_FORMATS, .channel_mask = CH(1) | CH(2) | CH(8),
			  .rates = { 48000, 44100 } },
	},
	{
		.name = "dai-copier", .drv = &adx_dai_copier_driver,
		.pins = VAL_PINS_RING_GATEWAY, .init_data_names_gateway = true,
		.init_data = &dai_init, .init_data_size = sizeof(dai_init),
		.caps = { .formats = ALL_FORMATS, .channel_mask = CH(1) | CH(2) | CH(8),
			  .rates = { 48000, 44100 } },
	},
	DAX_TARGET("dax-init", ADX_DAX_POLICY_INIT),
	DAX_TARGET("dax-prepare", ADX_DAX_POLICY_PREPARE),
	DAX_TARGET("dax-static", ADX_DAX_POLICY_STATIC),
	DAX_TARGET("dax-shared", ADX_DAX_POLICY_SHARED),
};

const struct val_target *val_builtin_find(const char *name)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		if (!strcmp(builtins[i].name, name))
			return &builtins[i];
	return NULL;
}

void val_builtin_list(void)
{
	for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
		printf("%s\n", builtins[i].name);
}

void val_target_from_manifest(struct val_target *target,
			      const struct adx_module_manifest *manifest)
{
	memset(target, 0, sizeof(*target));
	snprintf(target->name, sizeof(target->name), "%s", manifest->driver->name);
	target->drv = manifest->driver;
	target->caps = manifest->caps;
	target->init_data = manifest->init_data;
	target->init_data_size = manifest->init_data_size;
	target->pins = VAL_PINS_RING_RING;
}
