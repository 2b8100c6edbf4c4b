// SPDX-License-Identifier: BSD-3-Clause
/*
 * A program of known shape for the callgrind reader's oracle test
 * (test_callgrind_out.c): main calls fixture_outer FIXTURE_OUTER_CALLS
 * times; each call runs fixture_light six times and fixture_heavy twice.
 * The loops work on a volatile so the compiler keeps every iteration.
 */
#define FIXTURE_OUTER_CALLS 50

static volatile unsigned sink;

__attribute__((noinline)) void fixture_light(void);
__attribute__((noinline)) void fixture_heavy(void);
__attribute__((noinline)) void fixture_outer(void);

__attribute__((noinline)) void fixture_light(void)
{
	for (unsigned i = 0; i < 100; i++)
		sink += i;
}

__attribute__((noinline)) void fixture_heavy(void)
{
	for (unsigned i = 0; i < 1000; i++)
		sink ^= i * 3u;
}

__attribute__((noinline)) void fixture_outer(void)
{
	for (int i = 0; i < 6; i++)
		fixture_light();
	fixture_heavy();
	fixture_heavy();
}

int main(void)
{
	for (int i = 0; i < FIXTURE_OUTER_CALLS; i++)
		fixture_outer();
	return 0;
}
