#include "feed/content.hpp"

#include "store/replicated_rows.hpp"

namespace credcheck::feed {

ContentWriter::ContentWriter(const store::Projection& projection) : projection_(projection), builder_(projection.tables()) {}

void ContentWriter::cut() {
    if (builder_.pending() == 0) return;
    sections_.push_back(Section{'C', builder_.take()});
}

void ContentWriter::add(int table, store::Row row) {
    if (table != table_ || builder_.pending() >= kRowsPerSection) cut();
    table_ = table;
    pending_.push_back(store::row_digest(hasher_, projection_.tables()[static_cast<std::size_t>(table)].name, row));
    if (pending_.size() >= 16384) digest();
    builder_.change(table, std::nullopt, std::move(row));
    ++rows_;
}

SetDigest& ContentWriter::digest() {
    digest_.add_all(pending_);
    pending_.clear();
    return digest_;
}

std::vector<Section> ContentWriter::finish() {
    cut();
    return std::move(sections_);
}

void each_projected_row(sql::Connection& c, const store::Projection& projection, const std::function<void(int, store::Row)>& f) {
    const auto& tables = projection.tables();
    for (std::size_t i = 0; i < tables.size(); ++i)
        store::each_stored_row(c, tables[i], [&](const store::Row& row) { f(static_cast<int>(i), projection.project(tables[i], row)); });
}

std::string key_bytes(const store::ReplicatedTable& table, const store::Row& row) {
    store::Row key;
    for (int k : table.key) key.push_back(row[static_cast<std::size_t>(k)]);
    std::string out;
    store::append_row(out, key);
    return out;
}

} // namespace credcheck::feed
