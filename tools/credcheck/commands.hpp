// Subcommands of the `credcheck` tool. Each registers itself on the app and, when chosen, stores its
// process exit code in `exit_code`. Exit codes: 0 success, 1 a negative answer (an invalid code, not a
// working day, a repair not yet possible), 2 a usage error, 3 an operational error (missing file,
// database error, a refusal such as a date outside the calendar).
#pragma once

#include <CLI/CLI.hpp>

namespace credcheck::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNegative = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitError = 3;

void add_validate_command(CLI::App& app, int& exit_code);
void add_store_commands(CLI::App& app, int& exit_code);
void add_check_commands(CLI::App& app, int& exit_code);
void add_catalog_command(CLI::App& app, int& exit_code);
void add_demo_command(CLI::App& app, int& exit_code);
void add_calendar_command(CLI::App& app, int& exit_code);
void add_dispatch_commands(CLI::App& app, int& exit_code);
void add_objection_commands(CLI::App& app, int& exit_code);
void add_repair_commands(CLI::App& app, int& exit_code);
void add_publicity_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);

} // namespace credcheck::cli
