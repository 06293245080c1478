// The replicated content as a whole (a feed's first file, a snapshot): every projected row, written as
// changesets of inserts one table after another (a table before those referencing it), and the set
// digest of all of them (util/set_digest.hpp) — the digest a replica must reach.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(workflows)

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "feed/feed_file.hpp"
#include "store/changeset_builder.hpp"
#include "store/projection.hpp"
#include "util/set_digest.hpp"

namespace credcheck::feed {

class ContentWriter {
public:
    explicit ContentWriter(const store::Projection& projection);
    /// A projected row of table `table` (rows of one table together).
    void add(int table, store::Row row);
    /// The sections written (changesets of at most kRowsPerSection rows each).
    std::vector<Section> finish();
    /// The set digest of the rows added so far.
    SetDigest& digest();
    std::int64_t rows() const noexcept { return rows_; }

    static constexpr std::size_t kRowsPerSection = 50000;

private:
    void cut();
    const store::Projection& projection_;
    store::ChangesetBuilder builder_;
    std::vector<Section> sections_;
    SetDigest digest_;
    Hasher hasher_{DigestAlgorithm::sm3};
    std::vector<Digest> pending_; // row digests not yet in digest_ (expanded in batches, on two threads)
    int table_ = -1;
    std::int64_t rows_ = 0;
};

/// Calls `f(table, projected row)` for every row of every replicated table of `c`, table by table.
void each_projected_row(sql::Connection& c, const store::Projection& projection, const std::function<void(int, store::Row)>& f);

/// The office's data version (meta data_version).
std::int64_t stored_data_version(sql::Connection& c);
/// SM3 of the 双公示 rules built into this library (data/publicity_rules.json), as manifests name them.
std::string publicity_rules_digest();

/// The key of a row of `table`, as bytes that tell rows apart.
std::string key_bytes(const store::ReplicatedTable& table, const store::Row& row);

} // namespace credcheck::feed
