// import/profiles.hpp — a department's own column titles and constants, mapped onto credcheck's columns.
//
// A profile is a small text file, one statement a line ('#' starts a comment):
//
//     @kind lists                          the import kind it is for (required)
//     @name 纳税信用A级纳税人名单            what it is, for messages (optional)
//     纳税人识别号 -> subject_code           a title of the file → a canonical column ("→" also reads)
//     评价年度 -> -                          a title the import knows and ignores
//     list = tax.a_grade                   a canonical column's value for every row
//     @admit_codes_failing_check_character  the file's unified social credit codes that fail only their
//                                          check character were really issued (2015 pilot codes): admit
//                                          them, each with a warning
//
// Titles are compared as header titles are (title_key). Built-in profiles live in data/profiles/ and are
// named without a path: tax_a_grade, court_dishonest, shuanggongshi_penalties, shuanggongshi_licenses.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "credcheck/tables.hpp"

namespace credcheck::import {

struct Profile {
    std::string name;        // the built-in's name or the file's path
    std::string description; // @name
    ImportKind kind = ImportKind::penalties;
    /// (title as written in the profile, canonical column or "-" for ignored), in the profile's order.
    std::vector<std::pair<std::string, std::string>> titles;
    /// (canonical column, value) given to every row.
    std::vector<std::pair<std::string, std::string>> constants;
    /// @admit_codes_failing_check_character
    bool admit_failed_check_character = false;
};

/// Parses a profile's text. Throws Error(invalid_argument) naming the line: an unknown statement or
/// kind, a column the kind does not have, a title mapped twice, a column given a constant twice.
Profile parse_profile(std::string_view text, std::string name);

/// A built-in profile by name, or a profile file by path (a name that contains '/' or ends in
/// ".profile" is a path). Throws Error(not_found) listing the built-in names when neither exists.
Profile load_profile(std::string_view name_or_path);

/// The built-in profiles' names and text.
std::vector<std::pair<std::string, std::string_view>> builtin_profiles();

/// Adds `column=value` constants given on the command line (--set) to a profile (or to an empty one of
/// `kind`); refused like a profile's own when the column does not exist or is already given.
void add_constant(Profile& profile, std::string_view assignment);

} // namespace credcheck::import
