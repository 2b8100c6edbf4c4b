/* SPDX-License-Identifier: BSD-3-Clause */
/* Counting libc allocation and blocking calls made inside process() (val_trap.c). */
#ifndef VAL_TRAP_H
#define VAL_TRAP_H

#include <stdbool.h>
#include <stdint.h>

/* Marks the calling thread as inside process() / outside it. */
void val_trap_enter(void);
void val_trap_leave(void);
/* Calls trapped since the last clear; *first names the first one. */
uint64_t val_trap_count(const char **first);
void val_trap_clear(void);
/* false in sanitizer builds, which intercept these calls themselves. */
bool val_trap_available(void);

#endif
