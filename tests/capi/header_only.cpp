// The public header compiles alone as C++ too, and its names stay in extern "C".
#include "credcheck.h"

#include <cstddef>

// Every versioned struct starts with its size: the extensible-struct rule depends on it.
static_assert(offsetof(credcheck_identity, size) == 0 && offsetof(credcheck_principal, size) == 0 &&
              offsetof(credcheck_open_options, size) == 0 && offsetof(credcheck_check_request, size) == 0 &&
              offsetof(credcheck_measure, size) == 0 && offsetof(credcheck_receipt, size) == 0);
