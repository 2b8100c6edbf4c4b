// SPDX-License-Identifier: BSD-3-Clause
/*
 * BROKEN: claims a module interface version this adx does not provide, as
 * a module built against a future adx would. The loader must refuse it by
 * name before touching its driver.
 */
#include "adx/module/entry.h"

static const struct adx_module_manifest future_manifest = {
	.interface_version = ADX_MODULE_INTERFACE_VERSION + 1,
	.module_size = (uint32_t)sizeof(struct adx_module),
	.ops_size = (uint32_t)sizeof(struct adx_module_ops),
};

const struct adx_module_manifest *adx_module_entry(void)
{
	return &future_manifest;
}
