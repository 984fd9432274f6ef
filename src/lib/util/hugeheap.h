/*
 * hugeheap — the start of malloc's main heap on transparent huge pages.
 *
 * A page fault costs ~20 us on the virtual machines trygg is measured on (a
 * paravirtualised kernel: pvm_irq_enable in every profile), so a run that touches
 * 20-40 MB of fresh heap memory a 4 KiB page at a time spends 0.1-0.2 s in faults: a
 * fifth of an incident import, ~10 % of a 5,800-series screening.  On huge pages
 * (2 MiB) the same memory is a few dozen faults.  glibc can do this itself
 * (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), but tunables are read from the environment
 * at start-up only; this does the same for the first `bytes` of the heap from inside.
 */
#ifndef TRYGG_UTIL_HUGEHEAP_H
#define TRYGG_UTIL_HUGEHEAP_H

#include <stddef.h>

/* Grows the main heap by `bytes` now (virtual memory: nothing is touched), keeps that
 * much spare at its top from now on (M_TOP_PAD), and asks the kernel for huge pages
 * in the new range (madvise MADV_HUGEPAGE: a hint, honoured where transparent huge
 * pages are enabled in madvise or always mode).  Without Linux's interfaces, or when
 * malloc is not glibc's brk heap (valgrind, sanitizers), it does nothing. */
void hugeheap_reserve(size_t bytes);

#endif
