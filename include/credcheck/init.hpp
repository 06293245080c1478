// credcheck/init.hpp — a new credcheck database: the schema, the default measures catalog and the
// built-in working-day calendar (`credcheck init`).
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(root)

#include <filesystem>

#include "credcheck/database.hpp"
#include "credcheck/digest_algorithm.hpp"

namespace credcheck {

struct InitOptions {
    /// The audit chain's hash (chosen once: a trail is never rehashed).
    DigestAlgorithm audit_hash = DigestAlgorithm::sm3;
};

/// Creates a database at `path` with the current schema, the default catalog and the built-in
/// working-day calendar, as the credit office. Throws Error(conflict) if the file exists.
Database init_database(const std::filesystem::path& path, const InitOptions& options = {});

} // namespace credcheck
