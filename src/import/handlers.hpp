// One handler per import kind: parses a row's fields (reporting every problem) and writes it through
// the store writer.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "credcheck/tables.hpp"
#include "import/columns.hpp"
#include "import/fields.hpp"
#include "store/writer.hpp"

namespace credcheck::import {

/// The fields of one file row, seen through the column map.
class RowView {
public:
    RowView(const ColumnMap& map, const std::vector<std::string>& fields, RowProblems& problems, DateSystem dates = DateSystem::excel_1900)
        : map_(map), fields_(fields), problems_(problems), dates_(dates) {}
    /// Canonical column `i`: its title in the file, trimmed text ("" when the file lacks the column).
    Field operator[](std::size_t i) const {
        const std::size_t source = map_.source_of(i);
        std::string_view text;
        if (source != ColumnMap::npos && source < fields_.size()) text = trim(fields_[source]);
        else if (i != ColumnMap::npos && map_.constant_of(i)) text = *map_.constant_of(i); // a profile's or --set value
        return Field{map_.title_of(i), text, problems_, dates_};
    }
    RowProblems& problems() const noexcept { return problems_; }

private:
    const ColumnMap& map_;
    const std::vector<std::string>& fields_;
    RowProblems& problems_;
    DateSystem dates_; // how the file counts date serials (a workbook may count from 1904)
};

struct HandlerCounters {
    std::uint64_t subjects_created = 0;
};

class RowHandler {
public:
    virtual ~RowHandler() = default;
    /// Applies one row; nullopt when the row has problems (then nothing it wrote remains).
    virtual std::optional<store::Outcome> apply(const RowView& row, store::Writer& writer, HandlerCounters& counters) = 0;
};

/// What the importing principal may write besides its own rows.
struct HandlerPolicy {
    /// Registry facts: codes and relations of subjects that exist (departments.hpp). Without it, a
    /// record or list row may create a subject not yet known — with the codes the row gives it — but
    /// adds nothing to one that exists, and a person the row names (法定代表人) is recorded on the
    /// record only, never as a standing relation.
    bool registry_facts = true;
    /// Admit a USCC that fails only its check character as really issued, with a warning (a profile's
    /// @admit_codes_failing_check_character); without it, only a row whose code_admitted says so.
    bool admit_failed_check_character = false;
};

std::unique_ptr<RowHandler> make_handler(ImportKind kind, const ColumnMap& map, const IdentifyOptions& identify_options,
                                         HandlerPolicy policy = {});

} // namespace credcheck::import
