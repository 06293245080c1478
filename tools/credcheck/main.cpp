// credcheck — the command-line face of the library. Every subcommand calls the same C++ API the C ABI
// calls; none holds logic of its own.
#include <cstdio>
#include <exception>

#include "credcheck/database.hpp"
#include "credcheck/error.hpp"
#include "credcheck/version.hpp"
#include "commands.hpp"

int main(int argc, char** argv) {
    using namespace credcheck::cli;
    // The tool owns its process: SQLite's global memory statistics only cost it a mutex per allocation.
    credcheck::configure_sqlite_for_threads();
    CLI::App app{"credcheck — the mandatory credit check (应查必查) for approval software", "credcheck"};
    app.set_version_flag("--version", credcheck::library_version());
    app.require_subcommand(1);
    Context context;
    context.as_option = app.add_option("--as", context.as,
                   "Act as DEPARTMENT:ROLE[:OFFICER] (ROLE credit_office, initiating, implementing or public); default: the credit office")
        ->envname("CREDCHECK_AS");
    add_validate_command(app, context);
    add_audit_command(app, context);
    add_keys_command(app, context);
    add_store_commands(app, context);
    add_check_commands(app, context);
    add_catalog_command(app, context);
    add_demo_command(app, context);
    add_calendar_command(app, context);
    add_dispatch_commands(app, context);
    add_objection_commands(app, context);
    add_repair_commands(app, context);
    add_publicity_command(app, context);
    add_report_command(app, context);
    add_departments_command(app, context);
    add_feed_commands(app, context);
    add_returns_commands(app, context);
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return kExitUsage;
    } catch (const credcheck::Error& e) {
        std::fprintf(stderr, "credcheck: %s\n", e.what());
        const bool bad_question = e.status() == credcheck::Status::invalid_argument || e.status() == credcheck::Status::invalid_identifier;
        return bad_question ? kExitUsage : kExitError;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "credcheck: %s\n", e.what());
        return kExitError;
    }
    return context.exit_code;
}
