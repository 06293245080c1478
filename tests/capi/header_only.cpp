// The public header compiles alone as C++ too, and its names stay in extern "C".
#include "credcheck.h"

static_assert(sizeof(credcheck_identity) >= sizeof(size_t) + 2 * sizeof(int) + 32 + sizeof(size_t) + 512);
