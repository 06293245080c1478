// Small helpers the workflow subcommands share: dates that default to today, opening the database,
// writing to --out or standard output, CSV rows, and naming enumerators as the library spells them.
#pragma once

#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "commands.hpp"
#include "credcheck/database.hpp"
#include "credcheck/date.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/error.hpp"

namespace credcheck::cli {

/// The date an option gave, or today in China (Date::today()) when it was not given. A malformed
/// date is Error(invalid_argument) naming the option.
Date date_or_today(const std::string& text, std::string_view option);

/// "YYYY-MM-DD", or "-" for no date.
std::string iso_or_dash(const std::optional<Date>& d);



/// Standard output, or the file --out names (created or truncated; Error(io_error) if it cannot be).
class Output {
public:
    explicit Output(const std::string& path);
    std::ostream& stream() { return path_.empty() ? std::cout : file_; }
    /// Flushes; throws Error(io_error) if the file could not be written.
    void finish();

private:
    std::string path_;
    std::ofstream file_;
};

/// One RFC 4180 row, as the exports write them.
void write_csv(std::ostream& out, const std::vector<std::string>& fields);

/// The enumerator whose to_string() is `name` (the option was checked by CLI::IsMember before).
template <class E, std::size_t N> E enum_named(std::string_view name, const E (&values)[N]) {
    for (E v : values)
        if (to_string(v) == name) return v;
    throw Error(Status::invalid_argument, "unknown value '" + std::string(name) + "'");
}

/// The names of the enumerators, for CLI::IsMember.
template <class E, std::size_t N> std::vector<std::string> enum_names(const E (&values)[N]) {
    std::vector<std::string> names;
    for (E v : values) names.emplace_back(to_string(v));
    return names;
}

/// The database path as the first positional of a command.
inline CLI::Option* add_db(CLI::App* cmd, std::string& db) { return cmd->add_option("db", db, "Database file")->required(); }


} // namespace credcheck::cli
