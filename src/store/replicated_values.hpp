// Row values as the feed moves them (store/projection.hpp, store/changeset_builder.hpp): one value of a
// column as SQLite holds it, a row of them, and the canonical bytes a row's digest is computed over.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/digest.hpp"

namespace credcheck::store {

struct Value {
    enum class Type : std::uint8_t { null = 0, integer = 1, real = 2, text = 3, blob = 4 };
    Type type = Type::null;
    std::int64_t integer = 0;
    double real = 0;
    std::string bytes; // text or blob

    static Value of(sqlite3_value* v);
    static Value of_text(std::string text) { return Value{Type::text, 0, 0, std::move(text)}; }
    static Value of_integer(std::int64_t i) { return Value{Type::integer, i, 0, {}}; }
    bool is_null() const noexcept { return type == Type::null; }
    std::string_view text() const noexcept { return bytes; }
    /// Binds to parameter `index` of `stmt` (1-based). Throws Error on a binding failure.
    void bind(sqlite3_stmt* stmt, int index) const;

    friend bool operator==(const Value& a, const Value& b) noexcept;
};

using Row = std::vector<Value>;

/// The row's canonical bytes, as the README's "Content digest" defines them: the table name, a NUL, then
/// every column in schema order as one type byte (0 NULL, 1 integer, 2 real, 3 text, 4 blob) and its
/// value (integers and reals as 8 little-endian bytes — a real's IEEE 754 bits —, text and blobs as a
/// 4-byte little-endian length and the bytes).
std::string canonical_row(std::string_view table, const Row& row);

/// SM3 of canonical_row(), on `hasher` (an SM3 Hasher kept for many rows: fetching the digest per row
/// cost more than the digest).
Digest row_digest(Hasher& hasher, std::string_view table, const Row& row);

/// A compact, self-delimiting encoding of rows, for holding many of them in one buffer.
void append_row(std::string& out, const Row& row);
/// Decodes the row at `at` of `buffer`, advancing `at`. Error(internal) for a damaged buffer.
Row read_row(std::string_view buffer, std::size_t& at);

} // namespace credcheck::store
