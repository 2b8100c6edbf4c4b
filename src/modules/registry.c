// SPDX-License-Identifier: BSD-3-Clause
/* Module drivers by name, as a topology names them. */
#include <string.h>

#include "adx/dax.h"
#include "adx/modules.h"

static const struct adx_module_driver *const drivers[] = {
	&adx_host_copier_driver,
	&adx_dai_copier_driver,
	&adx_volume_driver,
	&adx_dp_passthrough_driver,
	&adx_dax_driver,
};

const struct adx_module_driver *adx_module_driver_find(const char *name)
{
	for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
		if (!strcmp(drivers[i]->name, name))
			return drivers[i];
	return NULL;
}
