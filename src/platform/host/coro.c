// SPDX-License-Identifier: BSD-3-Clause
/*
 * Coroutines for the host port: ucontext stacks switched with swapcontext.
 *
 * Each stack is an anonymous mapping with a PROT_NONE page at its low end,
 * so an overflow faults at once instead of corrupting a neighbour. Pages
 * are committed only when touched, so a generous default costs little.
 *
 * Sanitizers track one stack per thread unless told about switches:
 * ASan would report false stack-buffer errors and TSan would mix up the
 * happens-before state of the two stacks. Every swapcontext below is
 * bracketed by their fiber annotations.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, ucontext on strict POSIX builds */
#include <errno.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "adx/platform/platform.h"

#if defined(ADX_ASAN) || defined(__SANITIZE_ADDRESS__)
#define CORO_ASAN 1
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif
#if defined(__SANITIZE_THREAD__)
#define CORO_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define CORO_TSAN 1
#endif
#endif
#ifdef CORO_TSAN
#include <sanitizer/tsan_interface.h>
#endif

struct adx_coro {
	ucontext_t context;        /* the coroutine while it is switched out */
	ucontext_t resumer;        /* whoever resumed it, while it runs */
	struct adx_coro *outer;    /* the coroutine that resumed it (NULL: thread stack) */
	void (*entry)(void *arg);
	void *arg;
	void *map;                 /* guard page + stack */
	size_t map_size;
	bool finished;
#ifdef CORO_ASAN
	const void *resumer_stack; /* ASan: the resumer's stack, to switch back to */
	size_t resumer_stack_size;
#endif
#ifdef CORO_TSAN
	void *fiber;
	void *resumer_fiber;
#endif
};

static _Thread_local struct adx_coro *coro_running;

static size_t page_size(void)
{
	return (size_t)sysconf(_SC_PAGESIZE);
}

static void *stack_base(const struct adx_coro *coro)
{
	return (char *)coro->map + page_size();
}

static size_t stack_size(const struct adx_coro *coro)
{
	return coro->map_size - page_size();
}

/* Switches from the coroutine back to its resumer; dying: never comes back. */
static void switch_to_resumer(struct adx_coro *coro, bool dying)
{
#ifdef CORO_ASAN
	void *fake_stack = NULL;

	__sanitizer_start_switch_fiber(dying ? NULL : &fake_stack, coro->resumer_stack,
				       coro->resumer_stack_size);
#endif
#ifdef CORO_TSAN
	__tsan_switch_to_fiber(coro->resumer_fiber, 0);
#endif
	if (dying)
		setcontext(&coro->resumer);
	swapcontext(&coro->context, &coro->resumer);
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(fake_stack, &coro->resumer_stack,
					&coro->resumer_stack_size);
#endif
}

/* makecontext passes only ints, so the coroutine is found through coro_running. */
static void coro_trampoline(void)
{
	struct adx_coro *coro = coro_running;

#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(NULL, &coro->resumer_stack, &coro->resumer_stack_size);
#endif
	coro->entry(coro->arg);
	coro->finished = true;
	switch_to_resumer(coro, true);
}

int adx_coro_create(struct adx_coro **out, size_t size, void (*entry)(void *arg), void *arg)
{
	struct adx_coro *coro;
	size_t page = page_size();

	coro = adx_plat_zalloc(sizeof(*coro));
	if (!coro)
		return -ENOMEM;
	size = size ? size : ADX_CORO_STACK_DEFAULT;
	coro->map_size = (size + page - 1) / page * page + page;
	coro->map = mmap(NULL, coro->map_size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (coro->map == MAP_FAILED) {
		adx_plat_free(coro);
		return -ENOMEM;
	}
	/* The guard only turns an overflow into a clean fault; without it the
	 * coroutine still works, so a refusal is not an error. */
	(void)mprotect(coro->map, page, PROT_NONE);
	coro->entry = entry;
	coro->arg = arg;
	getcontext(&coro->context);
	coro->context.uc_stack.ss_sp = stack_base(coro);
	coro->context.uc_stack.ss_size = stack_size(coro);
	coro->context.uc_link = NULL;
	makecontext(&coro->context, coro_trampoline, 0);
#ifdef CORO_TSAN
	coro->fiber = __tsan_create_fiber(0);
#endif
	*out = coro;
	return 0;
}

void adx_coro_destroy(struct adx_coro *coro)
{
	if (!coro)
		return;
#ifdef CORO_TSAN
	__tsan_destroy_fiber(coro->fiber);
#endif
#ifdef CORO_ASAN
	/* Frames that never returned leave poisoned shadow; a later mapping at
	 * this address must not inherit it. */
	__asan_unpoison_memory_region(stack_base(coro), stack_size(coro));
#endif
	munmap(coro->map, coro->map_size);
	adx_plat_free(coro);
}

void adx_coro_resume(struct adx_coro *coro)
{
#ifdef CORO_ASAN
	void *fake_stack = NULL;
#endif

	coro->outer = coro_running;
	coro_running = coro;
#ifdef CORO_ASAN
	__sanitizer_start_switch_fiber(&fake_stack, stack_base(coro), stack_size(coro));
#endif
#ifdef CORO_TSAN
	coro->resumer_fiber = __tsan_get_current_fiber();
	__tsan_switch_to_fiber(coro->fiber, 0);
#endif
	swapcontext(&coro->resumer, &coro->context);
#ifdef CORO_ASAN
	__sanitizer_finish_switch_fiber(fake_stack, NULL, NULL);
#endif
	coro_running = coro->outer;
}

void adx_coro_yield(void)
{
	switch_to_resumer(coro_running, false);
}

bool adx_coro_finished(const struct adx_coro *coro)
{
	return coro->finished;
}

struct adx_coro *adx_coro_current(void)
{
	return coro_running;
}
