// SPDX-License-Identifier: BSD-3-Clause
/*
 * Reply status codes: the firmware's errno values folded into the few
 * outcomes a host driver acts on (include/adx/ipc/ipc.h lists them).
 */
#include <errno.h>

#include "adx/ipc/ipc.h"

static const struct {
	int err;
	enum adx_ipc_status status;
} errno_map[] = {
	{ EBADMSG, ADX_IPC_BAD_MESSAGE },
	{ ENOMSG, ADX_IPC_UNKNOWN_TYPE },
	{ ERANGE, ADX_IPC_OUT_OF_RANGE },
	{ ENOENT, ADX_IPC_NOT_FOUND },
	{ ENODEV, ADX_IPC_NOT_FOUND },
	{ EEXIST, ADX_IPC_EXISTS },
	{ EPERM, ADX_IPC_BAD_STATE },
	{ EINVAL, ADX_IPC_INVALID },
	{ ENOMEM, ADX_IPC_NO_MEMORY },
	{ ENOSPC, ADX_IPC_NO_MEMORY },
	{ EBUSY, ADX_IPC_BUSY },
	{ E2BIG, ADX_IPC_TOO_LARGE },
	{ EMSGSIZE, ADX_IPC_TOO_LARGE },
	{ EPROTO, ADX_IPC_SEQUENCE },
	{ ENOTSUP, ADX_IPC_NOT_SUPPORTED },
	{ EOPNOTSUPP, ADX_IPC_NOT_SUPPORTED },
	{ ETIMEDOUT, ADX_IPC_TIMEOUT },
};

static const char *const status_names[] = {
	[ADX_IPC_OK] = "OK",
	[ADX_IPC_BAD_MESSAGE] = "BAD_MESSAGE",
	[ADX_IPC_UNKNOWN_TYPE] = "UNKNOWN_TYPE",
	[ADX_IPC_OUT_OF_RANGE] = "OUT_OF_RANGE",
	[ADX_IPC_NOT_FOUND] = "NOT_FOUND",
	[ADX_IPC_EXISTS] = "EXISTS",
	[ADX_IPC_BAD_STATE] = "BAD_STATE",
	[ADX_IPC_INVALID] = "INVALID",
	[ADX_IPC_NO_MEMORY] = "NO_MEMORY",
	[ADX_IPC_BUSY] = "BUSY",
	[ADX_IPC_TOO_LARGE] = "TOO_LARGE",
	[ADX_IPC_SEQUENCE] = "SEQUENCE",
	[ADX_IPC_NOT_SUPPORTED] = "NOT_SUPPORTED",
	[ADX_IPC_TIMEOUT] = "TIMEOUT",
	[ADX_IPC_FAILED] = "FAILED",
};

uint32_t adx_ipc_status_from_errno(int err)
{
	if (!err)
		return ADX_IPC_OK;
	for (size_t i = 0; i < sizeof(errno_map) / sizeof(errno_map[0]); i++)
		if (-err == errno_map[i].err)
			return errno_map[i].status;
	return ADX_IPC_FAILED;
}

const char *adx_ipc_status_name(uint32_t status)
{
	if (status >= sizeof(status_names) / sizeof(status_names[0]))
		return "?";
	return status_names[status];
}
