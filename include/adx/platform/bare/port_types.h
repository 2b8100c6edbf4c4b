/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The bare-metal port's kernel objects: one core, no RTOS. The firmware runs
 * one thread of control (the virtual-time executor and its DP coroutines),
 * so a lock only has to catch misuse and keep interrupt handlers out, and a
 * condition variable can only be signalled from an interrupt handler.
 */
#ifndef ADX_PLATFORM_PORT_TYPES_H
#define ADX_PLATFORM_PORT_TYPES_H

#include <stdbool.h>
#include <stdint.h>

struct adx_mutex {
	volatile bool locked;
};

struct adx_cond {
	volatile uint32_t signals; /* bumped by signal/broadcast; waiters watch it change */
};

/* No threads on this port: adx_thread_create() answers -ENOSYS. */
struct adx_thread {
	uint32_t unused;
};

/*
 * DP coroutine stacks come from executor-private memory: the host's 1 MiB
 * reservation would not fit, and a DP cycle of the engine needs far less.
 * Overridable at build time; the stack-paint check reports the high water.
 */
#ifndef ADX_CORO_STACK_DEFAULT
#define ADX_CORO_STACK_DEFAULT (8u * 1024u)
#endif

#endif
