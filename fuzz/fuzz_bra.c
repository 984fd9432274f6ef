/*
 * fuzz_bra — the import of Brå's statistics-database export (import_incidents_bra:
 * Latin-1, Swedish month names, "prel." years, "..", no-break spaces) into an
 * in-memory database, with the bundled mapping (examples/bra-mapping.ini) when the
 * input's first byte is odd and without one otherwise.
 */
#include "fuzz.h"
#include "fuzz_import.h"

FUZZ_TARGET(bra)
{
    if (size < 1)
        return 0;
    const char *mapping = data[0] & 1 ? "examples/bra-mapping.ini" : NULL;
    const char *path = fuzz_write_temp(3, ".csv", data + 1, size - 1);
    fuzz_import(FUZZ_BRA, mapping, path);
    return 0;
}
