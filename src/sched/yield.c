// SPDX-License-Identifier: BSD-3-Clause
/*
 * Yield points. Only the virtual executor installs a context, and only
 * while a DP coroutine runs, so everywhere else the call is one
 * thread-local load and a return.
 */
#include "sched_priv.h"

static _Thread_local struct adx_yield_ctx *yield_ctx;

struct adx_yield_ctx *adx_yield_ctx_swap(struct adx_yield_ctx *ctx)
{
	struct adx_yield_ctx *previous = yield_ctx;

	yield_ctx = ctx;
	return previous;
}

#if ADX_TEST_HOOKS
void adx_yield_point(const char *site)
{
	struct adx_yield_ctx *ctx = yield_ctx;

	if (ctx)
		ctx->reached(ctx, site);
}
#endif
