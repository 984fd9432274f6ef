/*
 * fuzz — what the libFuzzer targets in this directory share.
 *
 * Each target is one file with a FUZZ_TARGET(name) function.  Built by `make fuzz`
 * (clang, -DTRYGG_LIBFUZZER) it is LLVMFuzzerTestOneInput; built without that macro it
 * is an ordinary function fuzz_<name>(), which tests/unit/test_fuzz_corpus.c calls on
 * every file of fuzz/corpus/<name>/, so `make check` replays the corpora (and every
 * crash kept there as a regression file) under ASan+UBSan without clang.
 *
 * A target must never leak, never print, and must leave no state behind between
 * inputs (a fresh in-memory database each time).  Parsers that only read from a path
 * get their input through fuzz_write_temp(): one private file per target and process,
 * rewritten for each input.
 */
#ifndef TRYGG_FUZZ_H
#define TRYGG_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#ifdef TRYGG_LIBFUZZER
#define FUZZ_TARGET(name) \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#else
#define FUZZ_TARGET(name) \
    int fuzz_##name(const uint8_t *data, size_t size); \
    int fuzz_##name(const uint8_t *data, size_t size)
#endif

/*
 * Writes len bytes to the private temporary file number `slot` (0..11) of this process
 * and returns its path (borrowed; valid until the process ends).  The file is created
 * with mkstemp under $TMPDIR (else /tmp) on first use and removed at exit.  `suffix`
 * is appended to the name (e.g. ".csv"), fixed per slot at first use.
 */
const char *fuzz_write_temp(int slot, const char *suffix, const void *data, size_t len);

/*
 * Splits a fuzz input at the first line "----" (the separator line itself dropped).
 * Returns 1 and sets the two parts when there is one, 0 otherwise.
 */
int fuzz_split(const uint8_t *data, size_t size, const uint8_t **a, size_t *alen,
               const uint8_t **b, size_t *blen);

#endif
