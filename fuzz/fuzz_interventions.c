/*
 * fuzz_interventions — interventions import (name, area, start, end, yearly cost,
 * note) into an in-memory database.
 */
#include "fuzz.h"
#include "fuzz_import.h"

FUZZ_TARGET(interventions)
{
    const char *path = fuzz_write_temp(3, ".csv", data, size);
    fuzz_import(FUZZ_INTERVENTIONS, NULL, path);
    return 0;
}
