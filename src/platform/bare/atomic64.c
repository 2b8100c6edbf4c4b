// SPDX-License-Identifier: BSD-3-Clause
/*
 * 64-bit atomics for M-profile cores, which have no 64-bit exclusive
 * accesses: the compiler turns every operation on an _Atomic uint64_t into
 * a call to these helpers (normally libatomic's, which arm-none-eabi does
 * not ship). On one core, masking interrupts around a plain access makes it
 * indivisible; nothing else could observe it half-done. A multi-core port
 * would need a spinlock here instead.
 *
 * The names and signatures are the compiler's runtime ABI
 * (the GCC "__atomic" library interface); memory-order arguments need no
 * action since a single core with interrupts masked is sequentially
 * consistent with itself.
 */
#include <stdbool.h>
#include <stdint.h>

#include "cpu.h"

uint64_t __atomic_load_8(const volatile void *ptr, int order);
void __atomic_store_8(volatile void *ptr, uint64_t value, int order);
uint64_t __atomic_exchange_8(volatile void *ptr, uint64_t value, int order);
bool __atomic_compare_exchange_8(volatile void *ptr, void *expected, uint64_t desired,
				 bool weak, int success_order, int failure_order);
uint64_t __atomic_fetch_add_8(volatile void *ptr, uint64_t value, int order);
uint64_t __atomic_fetch_sub_8(volatile void *ptr, uint64_t value, int order);
uint64_t __atomic_fetch_and_8(volatile void *ptr, uint64_t value, int order);
uint64_t __atomic_fetch_or_8(volatile void *ptr, uint64_t value, int order);
uint64_t __atomic_fetch_xor_8(volatile void *ptr, uint64_t value, int order);

uint64_t __atomic_load_8(const volatile void *ptr, int order)
{
	uint32_t primask = bare_irq_save();
	uint64_t value = *(const volatile uint64_t *)ptr;

	(void)order;
	bare_irq_restore(primask);
	return value;
}

void __atomic_store_8(volatile void *ptr, uint64_t value, int order)
{
	uint32_t primask = bare_irq_save();

	(void)order;
	*(volatile uint64_t *)ptr = value;
	bare_irq_restore(primask);
}

uint64_t __atomic_exchange_8(volatile void *ptr, uint64_t value, int order)
{
	uint32_t primask = bare_irq_save();
	uint64_t old = *(volatile uint64_t *)ptr;

	(void)order;
	*(volatile uint64_t *)ptr = value;
	bare_irq_restore(primask);
	return old;
}

bool __atomic_compare_exchange_8(volatile void *ptr, void *expected, uint64_t desired,
				 bool weak, int success_order, int failure_order)
{
	uint32_t primask = bare_irq_save();
	uint64_t current = *(volatile uint64_t *)ptr;
	bool swapped = current == *(uint64_t *)expected;

	(void)weak;
	(void)success_order;
	(void)failure_order;
	if (swapped)
		*(volatile uint64_t *)ptr = desired;
	else
		*(uint64_t *)expected = current;
	bare_irq_restore(primask);
	return swapped;
}

/* Each read-modify-write: the old value, with op applied under the mask. */
#define BARE_FETCH_OP(name, op)                                                   \
	uint64_t __atomic_fetch_##name##_8(volatile void *ptr, uint64_t value,   \
					   int order)                             \
	{                                                                         \
		uint32_t primask = bare_irq_save();                               \
		uint64_t old = *(volatile uint64_t *)ptr;                         \
                                                                                  \
		(void)order;                                                      \
		*(volatile uint64_t *)ptr = old op value;                         \
		bare_irq_restore(primask);                                        \
		return old;                                                       \
	}

BARE_FETCH_OP(add, +)
BARE_FETCH_OP(sub, -)
BARE_FETCH_OP(and, &)
BARE_FETCH_OP(or, |)
BARE_FETCH_OP(xor, ^)
