/*
 * fuzz_incidents — incident-count import (long format: period, area, category,
 * count, exposure, note) into an in-memory database.
 */
#include "fuzz.h"
#include "fuzz_import.h"

FUZZ_TARGET(incidents)
{
    const char *path = fuzz_write_temp(2, ".csv", data, size);
    fuzz_import(FUZZ_INCIDENTS, NULL, path);
    return 0;
}
