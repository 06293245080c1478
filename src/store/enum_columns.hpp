// Reading enumeration columns: a stored value credcheck does not know is corruption, reported as a
// database error — never silently replaced by a default.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <optional>
#include <string>

#include "credcheck/error.hpp"
#include "credcheck/model.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

template <class E> E enum_column(const sql::Query& q, int column) {
    const auto value = parse_enum<E>(q.text(column));
    if (!value) {
        const char* name = sqlite3_column_name(q.handle_for_values(), column);
        throw Error(Status::database_error, "stored value '" + std::string(q.text(column)) + "' in column " + (name ? name : "?") +
                                                " is not one of " + enum_names<E>() + ": the database was altered outside credcheck");
    }
    return *value;
}

template <class E> std::optional<E> optional_enum_column(const sql::Query& q, int column) {
    if (q.is_null(column)) return std::nullopt;
    return enum_column<E>(q, column);
}

} // namespace credcheck::store
