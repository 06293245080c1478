// The C ABI: a thin translation of the C++ API. Every entry point catches every exception, converts
// types, records the error for credcheck_last_error() and returns a pinned status.
#define CREDCHECK_BUILDING 1
#include "credcheck.h"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

#include "credcheck/error.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/version.hpp"

static_assert(CREDCHECK_VERSION_NUMBER == ((CREDCHECK_VERSION_MAJOR * 1000000) + (CREDCHECK_VERSION_MINOR * 1000) + CREDCHECK_VERSION_PATCH));
static_assert(static_cast<int>(credcheck::Status::misuse) == CREDCHECK_MISUSE, "C and C++ status codes must agree");

namespace {

thread_local std::string last_error;

int fail(int status, std::string message) {
    last_error = std::move(message);
    return status;
}

/// Runs `body`, turning any exception into a status and the thread's last error.
template <class Body>
int guarded(const char* function, Body&& body) noexcept {
    try {
        return body();
    } catch (const credcheck::Error& e) {
        return fail(static_cast<int>(e.status()), e.what());
    } catch (const std::bad_alloc&) {
        return fail(CREDCHECK_OUT_OF_MEMORY, std::string(function) + ": out of memory");
    } catch (const std::exception& e) {
        return fail(CREDCHECK_INTERNAL, std::string(function) + ": " + e.what());
    } catch (...) {
        return fail(CREDCHECK_INTERNAL, std::string(function) + ": unknown exception");
    }
}

/// Copies `text` into a fixed buffer, cutting at a UTF-8 character boundary if it does not fit.
template <std::size_t N>
void copy_out(char (&buffer)[N], const std::string& text) {
    std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    std::memcpy(buffer, text.data(), n);
    buffer[n] = '\0';
}

} // namespace

extern "C" {

const char* credcheck_libversion(void) { return credcheck::library_version(); }
int credcheck_libversion_number(void) { return credcheck::library_version_number(); }
int credcheck_abi_version(void) { return CREDCHECK_ABI_VERSION; }

const char* credcheck_status_name(int status) {
    if (status < 0 || status > CREDCHECK_MISUSE) return "unknown";
    return credcheck::status_name(static_cast<credcheck::Status>(status)).data(); // static, NUL-terminated literals
}

const char* credcheck_last_error(void) { return last_error.c_str(); }

void credcheck_free(void* p) { std::free(p); }

int credcheck_identify(credcheck_identity* out, const char* text, unsigned flags) {
    return guarded("credcheck_identify", [&]() -> int {
        if (out == nullptr || text == nullptr) return fail(CREDCHECK_MISUSE, "credcheck_identify: out and text must not be NULL");
        if (out->size < sizeof(credcheck_identity))
            return fail(CREDCHECK_MISUSE, "credcheck_identify: out->size is not set; initialise with CREDCHECK_IDENTITY_INIT");
        credcheck::IdentifyOptions options;
        options.uscc_check = (flags & CREDCHECK_IDENTIFY_STRICT) ? credcheck::UsccCheck::strict : credcheck::UsccCheck::check_character;
        options.normalization = (flags & CREDCHECK_IDENTIFY_NO_NORMALIZE) ? credcheck::Normalization::none : credcheck::Normalization::lenient;
        const auto id = credcheck::identify(text, options);
        out->kind = static_cast<int>(id.kind());
        out->closest_kind = static_cast<int>(id.closest_kind());
        if (id.ok()) {
            const auto* citizen = id.get<credcheck::CitizenId>();
            copy_out(out->normalized, citizen && !(flags & CREDCHECK_IDENTIFY_UNMASKED) ? citizen->masked() : id.normalized());
            out->error_position = 0;
            out->error[0] = '\0';
            return CREDCHECK_OK;
        }
        out->normalized[0] = '\0';
        out->error_position = id.error()->position;
        copy_out(out->error, id.error()->message);
        return fail(CREDCHECK_INVALID_IDENTIFIER, id.error()->message);
    });
}

} // extern "C"
