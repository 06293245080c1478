// Composition: a new database wired from every floor — the store's schema, the engine's default
// catalog, the workflows' calendar and audit settings.
#include "credcheck/init.hpp"

#include "credcheck/audit.hpp"
#include "credcheck/calendar.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/installed_calendar.hpp"

namespace credcheck {

Database init_database(const std::filesystem::path& path, const InitOptions& options) {
    Database db = Database::create(path);
    set_audit_algorithm(db, options.audit_hash);
    install_catalog(db, default_catalog());
    load_calendar(db, parse_calendar(default_calendar_tsv(), "data/cn_holidays.tsv"), "data/cn_holidays.tsv (built in)");
    return db;
}

} // namespace credcheck
