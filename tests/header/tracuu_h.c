/*
 * tracuu_h.c - the public header compiles alone, as the first and only include of a C
 * program (libgit2's header test): it must carry every include it needs.
 */
#include "tracuu.h"

int
main(void)
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    tracuu_add_options a = TRACUU_ADD_OPTIONS_INIT;
    tracuu_open_options p = TRACUU_OPEN_OPTIONS_INIT;
    return (int)o.limit - 10 + (int)a.jobs + (int)p.timeout_ms;
}
