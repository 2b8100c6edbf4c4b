// SPDX-License-Identifier: BSD-3-Clause
/*
 * Monotonic time from the SysTick timer: its interrupt counts whole
 * milliseconds and the down-counter gives the fraction, so the clock is
 * exact to one core cycle without a 64-bit hardware counter.
 */
#include "adx/platform/bare/port.h"
#include "adx/platform/platform.h"
#include "cpu.h"

#ifndef ADX_BARE_CPU_HZ
#define ADX_BARE_CPU_HZ 25000000u /* the MPS2 FPGA images' core clock */
#endif

#define NS_PER_MS 1000000u
#define CYCLES_PER_MS (ADX_BARE_CPU_HZ / 1000u)

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define SYST_CSR_ENABLE (1u << 0)
#define SYST_CSR_TICKINT (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)
#define ICSR (*(volatile uint32_t *)0xE000ED04u)
#define ICSR_PENDSTSET (1u << 26)

static volatile uint64_t elapsed_ms;

/* Name the picolibc Arm start-up vector table gives the SysTick entry. */
void arm_systick_isr(void);
void arm_systick_isr(void)
{
	elapsed_ms++;
}

void adx_bare_clock_start(void)
{
	SYST_RVR = CYCLES_PER_MS - 1u;
	SYST_CVR = 0;
	SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
}

uint64_t adx_clock_now_ns(void)
{
	uint32_t primask = bare_irq_save();
	uint64_t ms = elapsed_ms;
	uint32_t left = SYST_CVR;

	/* A wrap whose interrupt waits behind the mask is still a millisecond;
	 * the pending bit (unlike COUNTFLAG) is not cleared by reading it. */
	if (ICSR & ICSR_PENDSTSET) {
		ms++;
		left = SYST_CVR;
	}
	bare_irq_restore(primask);
	return ms * NS_PER_MS +
	       (uint64_t)(CYCLES_PER_MS - 1u - left) * NS_PER_MS / CYCLES_PER_MS;
}

void adx_sleep_until_ns(uint64_t abs_ns)
{
	while (adx_clock_now_ns() < abs_ns)
		bare_wait_for_interrupt();
}

uint64_t adx_deadline_after_ns(uint64_t timeout_ns)
{
	uint64_t now = adx_clock_now_ns();

	if (timeout_ns >= ADX_TIME_FOREVER - now)
		return ADX_TIME_FOREVER;
	return now + timeout_ns;
}
