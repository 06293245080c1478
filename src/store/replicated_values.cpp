#include "store/replicated_values.hpp"

#include <cstring>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "store/sqlite.hpp"

namespace credcheck::store {

Value Value::of(sqlite3_value* v) {
    Value out;
    switch (sqlite3_value_type(v)) {
    case SQLITE_NULL: break;
    case SQLITE_INTEGER:
        out.type = Type::integer;
        out.integer = sqlite3_value_int64(v);
        break;
    case SQLITE_FLOAT:
        out.type = Type::real;
        out.real = sqlite3_value_double(v);
        break;
    case SQLITE_BLOB: {
        out.type = Type::blob;
        const auto* p = static_cast<const char*>(sqlite3_value_blob(v));
        if (p) out.bytes.assign(p, static_cast<std::size_t>(sqlite3_value_bytes(v)));
        break;
    }
    default: {
        out.type = Type::text;
        const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
        if (p) out.bytes.assign(p, static_cast<std::size_t>(sqlite3_value_bytes(v)));
        break;
    }
    }
    return out;
}

void Value::bind(sqlite3_stmt* stmt, int index) const {
    int rc = SQLITE_OK;
    switch (type) {
    case Type::null: rc = sqlite3_bind_null(stmt, index); break;
    case Type::integer: rc = sqlite3_bind_int64(stmt, index, integer); break;
    case Type::real: rc = sqlite3_bind_double(stmt, index, real); break;
    case Type::text: rc = sqlite3_bind_text64(stmt, index, bytes.data(), bytes.size(), SQLITE_STATIC, SQLITE_UTF8); break;
    case Type::blob: rc = sqlite3_bind_blob64(stmt, index, bytes.data(), bytes.size(), SQLITE_STATIC); break;
    }
    if (rc != SQLITE_OK) sql::throw_error(sqlite3_db_handle(stmt), rc, "binding a replicated value");
}

bool operator==(const Value& a, const Value& b) noexcept {
    if (a.type != b.type) return false;
    switch (a.type) {
    case Value::Type::null: return true;
    case Value::Type::integer: return a.integer == b.integer;
    case Value::Type::real: return std::memcmp(&a.real, &b.real, sizeof a.real) == 0;
    default: return a.bytes == b.bytes;
    }
}

namespace {

void append_u64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>(v >> (8 * i));
}
void append_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>(v >> (8 * i));
}
std::uint64_t read_u64(std::string_view s, std::size_t at) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(s[at + static_cast<std::size_t>(i)]);
    return v;
}
std::uint32_t read_u32(std::string_view s, std::size_t at) {
    std::uint32_t v = 0;
    for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(s[at + static_cast<std::size_t>(i)]);
    return v;
}

void append_value(std::string& out, const Value& v) {
    out += static_cast<char>(v.type);
    switch (v.type) {
    case Value::Type::null: return;
    case Value::Type::integer: append_u64(out, static_cast<std::uint64_t>(v.integer)); return;
    case Value::Type::real: {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v.real, sizeof bits);
        append_u64(out, bits);
        return;
    }
    default:
        if (v.bytes.size() > UINT32_MAX) throw Error(Status::invalid_argument, "a value of more than 4 GiB cannot be replicated");
        append_u32(out, static_cast<std::uint32_t>(v.bytes.size()));
        out += v.bytes;
    }
}

} // namespace

std::string canonical_row(std::string_view table, const Row& row) {
    std::string out(table);
    out += '\0';
    for (const Value& v : row) append_value(out, v);
    return out;
}

Digest row_digest(Hasher& hasher, std::string_view table, const Row& row) {
    if (hasher.algorithm() != DigestAlgorithm::sm3) throw Error(Status::internal, "a row digest is SM3");
    return hasher.update(canonical_row(table, row)).finish();
}

void append_row(std::string& out, const Row& row) {
    append_u32(out, static_cast<std::uint32_t>(row.size()));
    for (const Value& v : row) append_value(out, v);
}

Row read_row(std::string_view buffer, std::size_t& at) {
    const auto need = [&](std::size_t n) {
        if (at + n > buffer.size()) throw Error(Status::internal, "a damaged row buffer");
    };
    need(4);
    const std::uint32_t n = read_u32(buffer, at);
    at += 4;
    Row row;
    row.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        need(1);
        Value v;
        const auto type = static_cast<std::uint8_t>(buffer[at++]);
        if (type > 4) throw Error(Status::internal, "a damaged row buffer");
        v.type = static_cast<Value::Type>(type);
        switch (v.type) {
        case Value::Type::null: break;
        case Value::Type::integer:
            need(8);
            v.integer = static_cast<std::int64_t>(read_u64(buffer, at));
            at += 8;
            break;
        case Value::Type::real: {
            need(8);
            const std::uint64_t bits = read_u64(buffer, at);
            std::memcpy(&v.real, &bits, sizeof bits);
            at += 8;
            break;
        }
        default: {
            need(4);
            const std::uint32_t length = read_u32(buffer, at);
            at += 4;
            need(length);
            v.bytes.assign(buffer.substr(at, length));
            at += length;
        }
        }
        row.push_back(std::move(v));
    }
    return row;
}

} // namespace credcheck::store
