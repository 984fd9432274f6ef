#include "cli.h"
int cmd_info(int argc, char **argv, const struct global_options *g)
{
    (void)argc; (void)argv; (void)g;
    return EXIT_OK;
}
