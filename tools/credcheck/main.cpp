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
    int exit_code = kExitOk;
    add_validate_command(app, exit_code);
    add_store_commands(app, exit_code);
    add_check_commands(app, exit_code);
    add_catalog_command(app, exit_code);
    add_demo_command(app, exit_code);
    add_calendar_command(app, exit_code);
    add_dispatch_commands(app, exit_code);
    add_objection_commands(app, exit_code);
    add_repair_commands(app, exit_code);
    add_publicity_command(app, exit_code);
    add_report_command(app, exit_code);
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
    return exit_code;
}
