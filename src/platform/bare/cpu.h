/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Single-core critical sections for ARMv7-M / ARMv8-M mainline: PRIMASK
 * masks every configurable interrupt, and the saved value lets sections nest.
 */
#ifndef ADX_BARE_CPU_H
#define ADX_BARE_CPU_H

#include <stdint.h>

static inline uint32_t bare_irq_save(void)
{
	uint32_t primask;

	__asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask) : : "memory");
	return primask;
}

static inline void bare_irq_restore(uint32_t primask)
{
	__asm__ volatile("msr primask, %0" : : "r"(primask) : "memory");
}

static inline void bare_wait_for_interrupt(void)
{
	__asm__ volatile("wfi" : : : "memory");
}

/* Stops the firmware on a broken invariant: a debugger sees the breakpoint. */
_Noreturn void bare_panic(const char *what);

#endif
