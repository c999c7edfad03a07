// Counts allocations by interposing glibc's allocator entry points.
//
// The definitions below are linked into the *executable*. The dynamic linker
// binds every shared object's `malloc` reference (libswiftCore's
// swift_slowAlloc -> malloc / aligned_alloc / posix_memalign, Foundation, ICU,
// and libc's own internal calls such as strdup, which glibc routes through
// interposable symbols) to the first definition in search order, and the
// executable comes first. The static linker puts these functions into the
// executable's dynamic symbol table without extra flags because shared
// libraries on the link line (libc.so.6 itself) reference them; check with
// `nm -D .build/release/TemplateBenchmarks | grep -w malloc`. The harness
// also checks at start-up that allocating one Swift class instance counts 1.
//
// Each wrapper bumps a thread-local counter (initial-exec TLS: a plain
// %fs-relative increment, no atomics, no allocation) and forwards to glibc's
// real implementation through its exported __libc_* aliases, so no dlsym is
// needed (dlsym itself may allocate, which makes RTLD_NEXT bootstrapping
// delicate).
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include "CMallocCounter.h"

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void __libc_free(void *ptr);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

static __thread uint64_t bench_count __attribute__((tls_model("initial-exec")));
static volatile int bench_seen;

#define COUNT() (bench_count++, bench_seen = 1)

uint64_t bench_malloc_count(void) { return bench_count; }
int bench_malloc_interposed(void) { return bench_seen; }

void *malloc(size_t size) {
    COUNT();
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    COUNT();
    return __libc_calloc(n, size);
}

void *realloc(void *ptr, size_t size) {
    COUNT();
    return __libc_realloc(ptr, size);
}

void free(void *ptr) { __libc_free(ptr); }

void *memalign(size_t alignment, size_t size) {
    COUNT();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    COUNT();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    COUNT();
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0 || alignment == 0) {
        return EINVAL;
    }
    void *p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t size) {
    COUNT();
    return __libc_valloc(size);
}

void *pvalloc(size_t size) {
    COUNT();
    return __libc_pvalloc(size);
}
