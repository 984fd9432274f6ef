/*
 * hugeheap — see hugeheap.h.
 */
#include "util/hugeheap.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <sys/mman.h>
#endif

void hugeheap_reserve(size_t bytes)
{
#if defined(__linux__) && defined(__GLIBC__) && defined(MADV_HUGEPAGE) && defined(M_TOP_PAD)
    const uintptr_t huge = (uintptr_t)2 << 20;
    if (mallopt(M_TOP_PAD, (int)bytes) != 1)
        return;
    /* A block larger than the heap's free top makes malloc extend the heap by the
     * block and the pad; freed, it goes back to the top, which stays (the trim
     * threshold is above it), so the range is the heap's from now on. */
    char *lo = sbrk(0);
    void *volatile p = malloc((size_t)1 << 20); /* (volatile: kept, not optimised away) */
    char *hi = sbrk(0);
    free(p);
    if (lo == (char *)-1 || hi == (char *)-1 || hi <= lo)
        return; /* malloc did not use the brk heap */
    uintptr_t a = ((uintptr_t)lo + huge - 1) & ~(huge - 1), b = (uintptr_t)hi & ~(huge - 1);
    if (b > a)
        (void)madvise((void *)a, b - a, MADV_HUGEPAGE);
#else
    (void)bytes;
#endif
}
