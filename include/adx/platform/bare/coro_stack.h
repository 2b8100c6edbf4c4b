/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bare-metal port only: how deep a coroutine's stack has been used (the
 * stacks are painted at creation), to size ADX_CORO_STACK_DEFAULT from
 * measurement instead of guesswork.
 */
#ifndef ADX_PLATFORM_BARE_CORO_STACK_H
#define ADX_PLATFORM_BARE_CORO_STACK_H

#include <stddef.h>

struct adx_coro;

/* Bytes from the top of the stack down to the deepest word ever written. */
size_t adx_bare_coro_stack_high_water(const struct adx_coro *coro);
size_t adx_bare_coro_stack_size(const struct adx_coro *coro);
/* The deepest high water of every coroutine destroyed so far (DP tasks). */
size_t adx_bare_coro_deepest_destroyed(void);

#endif
