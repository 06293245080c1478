// fuzz_feed — a department replica reads feed files it did not make: the framing, the manifest, the
// payload's sections and the changesets in them, on arbitrary bytes. Reading may only throw
// Error(feed_refused) (or invalid_argument from a changeset SQLite cannot read); what reads re-encodes
// to the same bytes, and a manifest that parses writes itself back identically.
#include <cstddef>
#include <cstdint>
#include <string>

#include "credcheck/error.hpp"
#include "feed/feed_file.hpp"
#include "fuzz_support.hpp"
#include "store/changesets.hpp"

using namespace credcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    feed::FeedFile file;
    try {
        file = feed::parse_feed_file(bytes, "fuzz", false);
    } catch (const Error& e) {
        FUZZ_REQUIRE(e.status() == Status::feed_refused);
        return 0;
    }
    FUZZ_REQUIRE(feed::encode_file(file.manifest_text(), file.signature(), file.payload()) == bytes);
    try {
        const feed::Manifest m = feed::Manifest::parse(file.manifest_text(), "fuzz");
        const std::string again = m.to_json();
        FUZZ_REQUIRE(feed::Manifest::parse(again, "fuzz").to_json() == again);
    } catch (const Error& e) {
        FUZZ_REQUIRE(e.status() == Status::feed_refused);
    }
    try {
        for (const feed::SectionView& s : feed::decode_payload(file.payload(), "fuzz")) {
            FUZZ_REQUIRE(s.type == 'C' || s.type == 'K');
            if (s.type != 'C') continue;
            try {
                store::each_change(s.bytes, "fuzz", [](const store::Change& c) {
                    FUZZ_REQUIRE(c.old_values.size() == static_cast<std::size_t>(c.columns));
                    FUZZ_REQUIRE(c.key.size() == static_cast<std::size_t>(c.columns));
                });
            } catch (const Error& e) {
                FUZZ_REQUIRE(e.status() == Status::invalid_argument || e.status() == Status::out_of_memory);
            }
        }
    } catch (const Error& e) {
        FUZZ_REQUIRE(e.status() == Status::feed_refused);
    }
    return 0;
}
