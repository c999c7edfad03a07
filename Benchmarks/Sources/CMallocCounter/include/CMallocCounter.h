#ifndef BENCH_MALLOC_COUNTER_H
#define BENCH_MALLOC_COUNTER_H

#include <stdint.h>

/// Number of allocating calls (malloc, calloc, realloc, posix_memalign,
/// aligned_alloc, memalign, valloc, pvalloc) made so far *by the calling
/// thread*. Take the difference of two readings around the code you measure.
uint64_t bench_malloc_count(void);

/// 1 if this executable's allocator wrappers are the ones the process uses
/// (i.e. interposition works); checked at start-up by the harness.
int bench_malloc_interposed(void);

#endif
