// SPDX-License-Identifier: BSD-3-Clause
/*
 * The wire format: four little-endian words of header, then the payload.
 * Both ends live here (firmware parse, host build) so they cannot drift.
 */
#include <errno.h>
#include <string.h>

#include "ipc_priv.h"

/*
 * Checks everything the header alone can tell: the message is no larger than
 * the mailbox, the reserved bits of the primary word are clear, and the
 * payload size the header claims is exactly what follows it.
 */
int ipc_parse(const uint8_t *buf, size_t size, struct ipc_msg *msg)
{
	uint32_t primary;

	if (size > ADX_IPC_MAILBOX_BYTES)
		return -EMSGSIZE;
	if (!buf || size < ADX_IPC_HEADER_BYTES)
		return -EBADMSG;
	primary = adx_ipc_get_u32(buf);
	if (primary & ~ADX_IPC_TYPE_MASK)
		return -EBADMSG;
	msg->type = primary;
	msg->target = adx_ipc_get_u32(buf + 4);
	msg->extension = adx_ipc_get_u32(buf + 8);
	msg->payload_size = adx_ipc_get_u32(buf + 12);
	if (msg->payload_size != size - ADX_IPC_HEADER_BYTES)
		return -EBADMSG;
	msg->payload = buf + ADX_IPC_HEADER_BYTES;
	return 0;
}

void ipc_write_reply_header(uint8_t *buf, const struct adx_ipc_reply_header *hdr)
{
	adx_ipc_put_u32(buf, hdr->type | ADX_IPC_REPLY);
	adx_ipc_put_u32(buf + 4, hdr->status);
	adx_ipc_put_u32(buf + 8, hdr->extension);
	adx_ipc_put_u32(buf + 12, hdr->payload_size);
}

size_t adx_ipc_build(void *buf, size_t buf_size, const struct adx_ipc_msg_header *hdr,
		     const void *payload)
{
	uint8_t *out = buf;

	if (!out || !hdr || buf_size < ADX_IPC_HEADER_BYTES ||
	    hdr->payload_size > buf_size - ADX_IPC_HEADER_BYTES ||
	    (!payload && hdr->payload_size))
		return 0;
	adx_ipc_put_u32(out, hdr->type);
	adx_ipc_put_u32(out + 4, hdr->target);
	adx_ipc_put_u32(out + 8, hdr->extension);
	adx_ipc_put_u32(out + 12, hdr->payload_size);
	if (hdr->payload_size)
		memcpy(out + ADX_IPC_HEADER_BYTES, payload, hdr->payload_size);
	return ADX_IPC_HEADER_BYTES + (size_t)hdr->payload_size;
}

int adx_ipc_read_reply(const void *buf, size_t size, struct adx_ipc_reply_header *hdr)
{
	const uint8_t *in = buf;
	uint32_t primary;

	if (!in || !hdr || size < ADX_IPC_HEADER_BYTES)
		return -EBADMSG;
	primary = adx_ipc_get_u32(in);
	if (!(primary & ADX_IPC_REPLY) || (primary & ~(ADX_IPC_REPLY | ADX_IPC_TYPE_MASK)))
		return -EBADMSG;
	hdr->type = primary & ADX_IPC_TYPE_MASK;
	hdr->status = adx_ipc_get_u32(in + 4);
	hdr->extension = adx_ipc_get_u32(in + 8);
	hdr->payload_size = adx_ipc_get_u32(in + 12);
	if (hdr->payload_size != size - ADX_IPC_HEADER_BYTES)
		return -EBADMSG;
	return 0;
}
