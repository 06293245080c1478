// An import is a workflow: the store reads, validates and writes the file's rows, and in the same
// transaction new and ended list entries reach the implementing departments as notices.
#include "credcheck/import.hpp"

#include "import/importer.hpp"
#include "store/open_file.hpp"
#include "workflows/notices.hpp"

namespace credcheck {

ImportReport import_file(Database& db, const std::filesystem::path& file, const ImportOptions& options) {
    const store::OpenFile open_file(db);
    import::BeforeCommit send_notices;
    if (options.kind == ImportKind::lists)
        send_notices = [&](sql::Connection& c) { workflows::send_due_notices(c, options.today.value_or(open_file.today()), open_file.today()); };
    return import::import_table(db, file, options, send_notices);
}

} // namespace credcheck
