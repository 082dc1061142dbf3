// tracuu_h.cc - the public header compiles alone in C++ too (its extern "C" block), for
// programs that link the library from C++.
#include "tracuu.h"

int
main()
{
    tracuu_search_options o = TRACUU_SEARCH_OPTIONS_INIT;
    return static_cast<int>(o.limit) - 10 + (tracuu_status_str(TRACUU_OK) ? 0 : 1);
}
