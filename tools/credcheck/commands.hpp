// Subcommands of the `credcheck` tool. Each registers itself on the app and, when chosen, stores its
// process exit code in `exit_code`. Exit codes: 0 success, 1 a negative answer (an invalid code, not a
// working day, a repair not yet possible), 2 a usage error, 3 an operational error (missing file,
// database error, a refusal such as a date outside the calendar).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <optional>
#include <string>

#include "credcheck/database.hpp"
#include "credcheck/principal.hpp"

namespace credcheck::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitNegative = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitError = 3;

/// What every subcommand shares: the exit code it sets, and who the tool acts as (`--as`).
struct Context {
    int exit_code = kExitOk;
    std::string as;                  // DEPARTMENT:ROLE[:OFFICER]
    CLI::Option* as_option = nullptr; // --as (or CREDCHECK_AS)

    /// The principal `--as` (or CREDCHECK_AS) names, parsed on first use; the credit office when neither
    /// is present. A present but empty or malformed value is Error(invalid_argument), a usage error:
    /// never a silent fall-back to the credit office.
    const Principal& principal() {
        if (!principal_) {
            const bool given = (as_option && as_option->count() > 0) || std::getenv("CREDCHECK_AS") != nullptr;
            principal_ = given ? parse_principal(as) : Principal::credit_office("credcheck command line");
        }
        return *principal_;
    }

private:
    std::optional<Principal> principal_;
};

/// A database opened for reading or writing, acting as the context's principal.
Database open_read_only(Context& context, const std::string& path);
Database open_writable(Context& context, const std::string& path, bool require_log = false);

void add_validate_command(CLI::App& app, Context& context);
void add_audit_command(CLI::App& app, Context& context);
void add_keys_command(CLI::App& app, Context& context);
void add_store_commands(CLI::App& app, Context& context);
void add_check_commands(CLI::App& app, Context& context);
void add_catalog_command(CLI::App& app, Context& context);
void add_demo_command(CLI::App& app, Context& context);
void add_calendar_command(CLI::App& app, Context& context);
void add_dispatch_commands(CLI::App& app, Context& context);
void add_objection_commands(CLI::App& app, Context& context);
void add_repair_commands(CLI::App& app, Context& context);
void add_publicity_command(CLI::App& app, Context& context);
void add_report_command(CLI::App& app, Context& context);
void add_departments_command(CLI::App& app, Context& context);
void add_feed_commands(CLI::App& app, Context& context);
/// After add_keys_command and add_objection_commands: adds `keys register` and `objection receive`.
void add_returns_commands(CLI::App& app, Context& context);

} // namespace credcheck::cli
