// SPDX-License-Identifier: BSD-3-Clause
/* Gateway registry: which stream a copier's gateway id names. */
#include <errno.h>
#include <stddef.h>

#include "adx/modules/copier.h"
#include "adx/modules/gateway.h"

/* Touched only by the control thread (register) and module init (lookup). */
static struct adx_gateway *gateways[ADX_GATEWAY_MAX];

int adx_gateway_register(uint32_t id, struct adx_gateway *gateway)
{
	if (id >= ADX_GATEWAY_MAX || !gateway)
		return -EINVAL;
	if (gateways[id])
		return -EBUSY;
	gateways[id] = gateway;
	return 0;
}

void adx_gateway_unregister(uint32_t id)
{
	if (id < ADX_GATEWAY_MAX)
		gateways[id] = NULL;
}

struct adx_gateway *adx_gateway_get(uint32_t id)
{
	return id < ADX_GATEWAY_MAX ? gateways[id] : NULL;
}
