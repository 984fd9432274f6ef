/*
 * fuzzutil — the private temporary files and the input splitter of fuzz.h.
 */
#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_SLOTS 12

static char fuzz_paths[FUZZ_SLOTS][4096];

static void fuzz_remove_temps(void)
{
    for (int i = 0; i < FUZZ_SLOTS; i++)
        if (fuzz_paths[i][0])
            unlink(fuzz_paths[i]);
}

const char *fuzz_write_temp(int slot, const char *suffix, const void *data, size_t len)
{
    if (slot < 0 || slot >= FUZZ_SLOTS)
        abort();
    char *path = fuzz_paths[slot];
    if (!path[0]) {
        const char *dir = getenv("TMPDIR");
        if (!dir || !*dir)
            dir = "/tmp";
        int n = snprintf(path, sizeof(fuzz_paths[slot]), "%s/trygg-fuzz-XXXXXX%s", dir, suffix);
        if (n < 0 || (size_t)n >= sizeof(fuzz_paths[slot]))
            abort();
        int fd = mkstemps(path, (int)strlen(suffix));
        if (fd < 0) {
            perror("fuzz: mkstemps");
            abort();
        }
        close(fd);
        static int registered;
        if (!registered++)
            atexit(fuzz_remove_temps);
    }
    FILE *fp = fopen(path, "wb");
    if (!fp || (len && fwrite(data, 1, len, fp) != len) || fclose(fp) != 0) {
        perror("fuzz: cannot write the temporary file");
        abort();
    }
    return path;
}

int fuzz_split(const uint8_t *data, size_t size, const uint8_t **a, size_t *alen,
               const uint8_t **b, size_t *blen)
{
    static const char sep[] = "\n----\n";
    const size_t seplen = sizeof(sep) - 1;
    for (size_t i = 0; i + seplen <= size; i++) {
        if (data[i] == '\n' && !memcmp(data + i, sep, seplen)) {
            *a = data;
            *alen = i + 1; /* keep the line break that ends the first part */
            *b = data + i + seplen;
            *blen = size - i - seplen;
            return 1;
        }
    }
    return 0;
}
