// SPDX-License-Identifier: BSD-3-Clause
/*
 * Coroutines for ARMv7-M / ARMv8-M mainline: a stack from executor-private
 * memory and a switch that saves the callee-saved registers (r4-r11, lr and,
 * with an FPU, s16-s31; AAPCS leaves the rest to the caller) on the old
 * stack and restores them from the new one.
 *
 * Stacks are painted at creation. Every switch back checks the lowest words
 * still hold the paint (an overflow would already have corrupted whatever
 * lies below, so this stops the firmware at the first chance rather than
 * later); adx_bare_coro_stack_high_water() tells how deep a coroutine went,
 * which is how a stack size is chosen.
 */
#include <errno.h>

#include "adx/platform/bare/coro_stack.h"
#include "adx/platform/platform.h"
#include "cpu.h"

#define STACK_PAINT 0xC0DEF00Du
#define STACK_GUARD_WORDS 8u
#define STACK_ALIGN 8u

struct adx_coro {
	uint32_t *sp;           /* the coroutine's stack pointer while switched out */
	uint32_t *resumer_sp;   /* whoever resumed it, while it runs */
	struct adx_coro *outer; /* the coroutine that resumed it (NULL: main stack) */
	void (*entry)(void *arg);
	void *arg;
	uint32_t *stack;        /* lowest word; the stack grows down towards it */
	size_t stack_words;
	bool finished;
};

/* The frame bare_switch pushes, lowest address first; r3 keeps it 8-byte sized. */
struct switch_frame {
#if defined(__ARM_FP)
	uint32_t s16_s31[16];
#endif
	uint32_t r3_r11[9];
	uint32_t lr;
};

static struct adx_coro *coro_running;
static size_t deepest_destroyed; /* high water over every destroyed coroutine */

/*
 * bare_switch(save_sp, load_sp): saves the callee-saved state on the current
 * stack, stores that stack pointer in *save_sp, then continues on load_sp
 * from the frame a previous switch (or adx_coro_create) left there.
 */
void bare_switch(uint32_t **save_sp, uint32_t *load_sp);
__asm__(".text\n"
	".syntax unified\n"
	".thumb\n"
	".global bare_switch\n"
	".type bare_switch, %function\n"
	".thumb_func\n"
	"bare_switch:\n"
	"	push {r3-r11, lr}\n"
#if defined(__ARM_FP)
	"	vpush {s16-s31}\n"
#endif
	"	str sp, [r0]\n"
	"	mov sp, r1\n"
#if defined(__ARM_FP)
	"	vpop {s16-s31}\n"
#endif
	"	pop {r3-r11, pc}\n"
	".size bare_switch, . - bare_switch\n");

static bool guard_intact(const struct adx_coro *coro)
{
	for (size_t i = 0; i < STACK_GUARD_WORDS; i++)
		if (coro->stack[i] != STACK_PAINT)
			return false;
	return true;
}

static void switch_to_resumer(struct adx_coro *coro)
{
	if (!guard_intact(coro))
		bare_panic("coroutine stack overflow (raise ADX_CORO_STACK_DEFAULT)");
	bare_switch(&coro->sp, coro->resumer_sp);
}

static void coro_trampoline(void)
{
	struct adx_coro *coro = coro_running;

	coro->entry(coro->arg);
	coro->finished = true;
	switch_to_resumer(coro);
	bare_panic("finished coroutine resumed");
}

int adx_coro_create(struct adx_coro **out, size_t size, void (*entry)(void *arg), void *arg)
{
	struct adx_coro *coro;
	struct switch_frame *frame;
	size_t words;

	size = size ? size : ADX_CORO_STACK_DEFAULT;
	if (size < sizeof(struct switch_frame) + STACK_GUARD_WORDS * 4u + STACK_ALIGN ||
	    size > SIZE_MAX - sizeof(*coro))
		return -EINVAL;
	words = size / sizeof(uint32_t);
	coro = adx_plat_zalloc(sizeof(*coro));
	if (!coro)
		return -ENOMEM;
	coro->stack = adx_plat_zalloc(words * sizeof(uint32_t));
	if (!coro->stack) {
		adx_plat_free(coro);
		return -ENOMEM;
	}
	coro->stack_words = words;
	for (size_t i = 0; i < words; i++)
		coro->stack[i] = STACK_PAINT;
	coro->entry = entry;
	coro->arg = arg;

	uintptr_t top = ((uintptr_t)(coro->stack + words)) & ~(uintptr_t)(STACK_ALIGN - 1u);

	frame = (struct switch_frame *)(top - sizeof(*frame));
	*frame = (struct switch_frame){ .lr = (uint32_t)(uintptr_t)coro_trampoline };
	coro->sp = (uint32_t *)frame;
	*out = coro;
	return 0;
}

void adx_coro_destroy(struct adx_coro *coro)
{
	size_t used;

	if (!coro)
		return;
	used = adx_bare_coro_stack_high_water(coro);
	if (used > deepest_destroyed)
		deepest_destroyed = used;
	adx_plat_free(coro->stack);
	adx_plat_free(coro);
}

void adx_coro_resume(struct adx_coro *coro)
{
	if (coro->finished)
		bare_panic("finished coroutine resumed");
	coro->outer = coro_running;
	coro_running = coro;
	bare_switch(&coro->resumer_sp, coro->sp);
	coro_running = coro->outer;
}

void adx_coro_yield(void)
{
	switch_to_resumer(coro_running);
}

bool adx_coro_finished(const struct adx_coro *coro)
{
	return coro->finished;
}

struct adx_coro *adx_coro_current(void)
{
	return coro_running;
}

size_t adx_bare_coro_stack_high_water(const struct adx_coro *coro)
{
	size_t untouched = 0;

	while (untouched < coro->stack_words && coro->stack[untouched] == STACK_PAINT)
		untouched++;
	return (coro->stack_words - untouched) * sizeof(uint32_t);
}

size_t adx_bare_coro_stack_size(const struct adx_coro *coro)
{
	return coro->stack_words * sizeof(uint32_t);
}

size_t adx_bare_coro_deepest_destroyed(void)
{
	return deepest_destroyed;
}
