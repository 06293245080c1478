/* The public header compiles alone as C99 with every warning an error. */
#include "credcheck.h"

typedef char credcheck_identity_starts_with_size[(__builtin_offsetof(credcheck_identity, size) == 0) ? 1 : -1];
