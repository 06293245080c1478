// data/demo/*.csv compiled into the credcheck tool, so that `credcheck demo` runs anywhere.
#pragma once

#include <string_view>

namespace credcheck::embedded {
extern const std::string_view demo_subjects_csv;
extern const std::string_view demo_relations_csv;
extern const std::string_view demo_lists_csv;
extern const std::string_view demo_licenses_csv;
extern const std::string_view demo_penalties_csv;
extern const std::string_view demo_routes_csv;
} // namespace credcheck::embedded
