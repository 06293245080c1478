#include "credcheck/version.hpp"

namespace credcheck {
const char* library_version() noexcept { return CREDCHECK_VERSION; }
int library_version_number() noexcept { return CREDCHECK_VERSION_NUMBER; }
} // namespace credcheck
