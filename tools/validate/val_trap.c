// SPDX-License-Identifier: BSD-3-Clause
/*
 * Traps libc allocation and blocking calls made while a module's process()
 * runs: this program defines malloc, free, pthread_mutex_lock, sem_wait,
 * nanosleep and friends, so calls from built-in modules and from loaded
 * ones (whose symbols resolve against this program first) land here, are
 * counted when the calling thread is inside process(), and go on to glibc.
 *
 * Sanitizer builds intercept these functions themselves; there the trap is
 * not compiled and val_trap_available() says so.
 */
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "val_trap.h"

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define VAL_TRAP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define VAL_TRAP 0
#endif
#endif
#ifndef VAL_TRAP
#define VAL_TRAP 1
#endif

static _Thread_local bool trapping;
static _Atomic uint64_t trapped_calls;
static const char *_Atomic first_trapped;

void val_trap_enter(void)
{
	trapping = true;
}

void val_trap_leave(void)
{
	trapping = false;
}

uint64_t val_trap_count(const char **first)
{
	*first = atomic_load(&first_trapped);
	return atomic_load(&trapped_calls);
}

void val_trap_clear(void)
{
	atomic_store(&trapped_calls, 0);
	atomic_store(&first_trapped, NULL);
}

#if VAL_TRAP
#include <dlfcn.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

bool val_trap_available(void)
{
	return true;
}

static void note(const char *what)
{
	const char *none = NULL;

	if (!trapping)
		return;
	atomic_fetch_add(&trapped_calls, 1);
	atomic_compare_exchange_strong(&first_trapped, &none, what);
}

/* glibc's own entry points, so the allocator needs no dlsym. */
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *ptr, size_t size);
void __libc_free(void *ptr);

void *malloc(size_t size)
{
	note("malloc");
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	note("calloc");
	return __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size)
{
	note("realloc");
	return __libc_realloc(ptr, size);
}

void free(void *ptr)
{
	if (ptr)
		note("free");
	__libc_free(ptr);
}

/* The next definition of `name` (glibc's), looked up once. */
#define NEXT(type, name, ...)                                              \
	static type (*next)(__VA_ARGS__);                                  \
	if (!next)                                                         \
		*(void **)&next = dlsym(RTLD_NEXT, name)

int pthread_mutex_lock(pthread_mutex_t *mutex)
{
	NEXT(int, "pthread_mutex_lock", pthread_mutex_t *);
	note("pthread_mutex_lock");
	return next(mutex);
}

int pthread_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex)
{
	NEXT(int, "pthread_cond_wait", pthread_cond_t *, pthread_mutex_t *);
	note("pthread_cond_wait");
	return next(cond, mutex);
}

int sem_wait(sem_t *sem)
{
	NEXT(int, "sem_wait", sem_t *);
	note("sem_wait");
	return next(sem);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	NEXT(int, "nanosleep", const struct timespec *, struct timespec *);
	note("nanosleep");
	return next(req, rem);
}

int usleep(useconds_t usec)
{
	NEXT(int, "usleep", useconds_t);
	note("usleep");
	return next(usec);
}
#else
bool val_trap_available(void)
{
	return false;
}
#endif
