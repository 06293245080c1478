#include "credcheck/error.hpp"

namespace credcheck {

std::string_view status_name(Status status) noexcept {
    switch (status) {
    case Status::ok: return "ok";
    case Status::invalid_argument: return "invalid_argument";
    case Status::invalid_identifier: return "invalid_identifier";
    case Status::not_found: return "not_found";
    case Status::io_error: return "io_error";
    case Status::database_error: return "database_error";
    case Status::schema_too_new: return "schema_too_new";
    case Status::import_rejected: return "import_rejected";
    case Status::catalog_invalid: return "catalog_invalid";
    case Status::permission_denied: return "permission_denied";
    case Status::conflict: return "conflict";
    case Status::calendar_not_covered: return "calendar_not_covered";
    case Status::busy: return "busy";
    case Status::out_of_memory: return "out_of_memory";
    case Status::internal: return "internal";
    case Status::misuse: return "misuse";
    case Status::struct_too_new: return "struct_too_new";
    case Status::feed_refused: return "feed_refused";
    }
    return "unknown";
}

} // namespace credcheck
