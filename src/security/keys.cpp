#include "credcheck/keys.hpp"

#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "util/sm2.hpp"

namespace credcheck {

std::string_view to_string(KeyKind kind) noexcept { return kind == KeyKind::private_key ? "private" : "public"; }

GeneratedKeyPair generate_signing_key(const std::filesystem::path& prefix) {
    GeneratedKeyPair out;
    out.private_key = prefix.string() + ".pem";
    out.public_key = prefix.string() + ".pub";
    std::error_code ec;
    for (const auto& file : {out.private_key, out.public_key})
        if (std::filesystem::exists(std::filesystem::symlink_status(file, ec)))
            throw Error(Status::conflict, fmt::format("{} exists: a key file is never replaced", file.string()));
    const Sm2Key key = Sm2Key::generate();
    key.write_private_pem(out.private_key); // each write refuses an existing file by itself, too (O_EXCL)
    try {
        key.write_public_pem(out.public_key);
    } catch (...) {
        std::filesystem::remove(out.private_key, ec);
        throw;
    }
    out.fingerprint = key.fingerprint();
    return out;
}

KeyInfo describe_key(const std::filesystem::path& file) {
    const Sm2Key key = Sm2Key::load(file);
    return KeyInfo{file, key.has_private() ? KeyKind::private_key : KeyKind::public_key, "SM2", key.fingerprint()};
}

} // namespace credcheck
