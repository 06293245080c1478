// Data files under data/ compiled into the library (cmake/EmbedText.cmake), so that a credcheck
// binary works without the source tree. The files stay the single source of truth.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(values)

#include <string_view>

namespace credcheck::embedded {
extern const std::string_view uscc_registration_authorities_tsv;
extern const std::string_view divisions_tsv;
} // namespace credcheck::embedded

namespace credcheck::embedded {
extern const std::string_view import_columns_tsv;
extern const std::string_view penalty_types_tsv;
extern const std::string_view catalog_json;
} // namespace credcheck::embedded
