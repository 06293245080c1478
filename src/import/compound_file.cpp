#include "import/compound_file.hpp"

#include <cstring>
#include <fmt/format.h>

#include "credcheck/error.hpp"

namespace credcheck::import {

namespace {

constexpr std::uint32_t kFreeSector = 0xFFFFFFFF;
constexpr std::uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr std::uint32_t kMaxRegularSector = 0xFFFFFFFA;
constexpr std::size_t kHeaderDifatEntries = 109;
constexpr std::size_t kDirectoryEntryBytes = 128;
constexpr std::size_t kMiniSectorBytes = 64;

std::uint16_t u16(std::string_view b, std::size_t at) noexcept {
    return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}
std::uint32_t u32(std::string_view b, std::size_t at) noexcept {
    return static_cast<std::uint32_t>(u16(b, at)) | static_cast<std::uint32_t>(u16(b, at + 2)) << 16;
}

/// A directory entry's name: UTF-16LE (BMP only in practice) to UTF-8.
std::string entry_name(std::string_view raw, std::size_t bytes) {
    std::string out;
    for (std::size_t i = 0; i + 1 < bytes && i + 1 < raw.size(); i += 2) {
        const std::uint16_t c = u16(raw, i);
        if (c == 0) break;
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

} // namespace

CompoundFile::CompoundFile(std::string_view bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {
    const auto damaged = [&](std::string_view what) {
        return Error(Status::invalid_argument, fmt::format("{}: a damaged OLE2 compound file ({})", name_, what));
    };
    if (bytes_.size() < 512 || !bytes_.starts_with(kCompoundFileSignature)) throw damaged("no compound file header");
    const unsigned shift = u16(bytes_, 30);
    if (shift != 9 && shift != 12) throw damaged(fmt::format("sector size 2^{}", shift));
    sector_size_ = std::size_t{1} << shift;
    mini_cutoff_ = u32(bytes_, 56);
    const std::uint32_t fat_sectors = u32(bytes_, 44);
    const std::uint32_t first_directory = u32(bytes_, 48);
    const std::uint32_t first_mini_fat = u32(bytes_, 60);
    std::uint32_t difat_sector = u32(bytes_, 68);
    const std::size_t sectors_in_file = (bytes_.size() - 512 + sector_size_ - 1) / sector_size_;
    if (fat_sectors > sectors_in_file) throw damaged(fmt::format("{} FAT sectors in a file of {}", fat_sectors, sectors_in_file));

    // The sectors of the FAT: 109 in the header, the rest in a chain of DIFAT sectors.
    std::vector<std::uint32_t> fat_sector_list;
    for (std::size_t i = 0; i < kHeaderDifatEntries && fat_sector_list.size() < fat_sectors; ++i)
        fat_sector_list.push_back(u32(bytes_, 76 + 4 * i));
    const std::size_t per_difat = sector_size_ / 4 - 1;
    for (std::size_t hops = 0; fat_sector_list.size() < fat_sectors; ++hops) {
        if (difat_sector > kMaxRegularSector || hops > sectors_in_file) throw damaged("the DIFAT chain ends early or loops");
        const std::string_view s = sector(difat_sector);
        if (s.size() < sector_size_) throw damaged("a DIFAT sector cut short by the end of the file");
        for (std::size_t i = 0; i < per_difat && fat_sector_list.size() < fat_sectors; ++i) fat_sector_list.push_back(u32(s, 4 * i));
        difat_sector = u32(s, 4 * per_difat);
    }
    fat_.reserve(fat_sector_list.size() * (sector_size_ / 4));
    // A table sector cut short by the end of the file gives the entries it holds (a truncated file's
    // last sector); every read below stays inside what sector() returned.
    for (std::uint32_t index : fat_sector_list) {
        const std::string_view s = sector(index);
        for (std::size_t i = 0; 4 * i + 4 <= s.size(); ++i) fat_.push_back(u32(s, 4 * i));
    }

    for (std::uint32_t index : chain(fat_, first_directory, sectors_in_file)) {
        const std::string_view s = sector(index);
        for (std::size_t at = 0; at + kDirectoryEntryBytes <= s.size(); at += kDirectoryEntryBytes) {
            const std::string_view raw = s.substr(at, kDirectoryEntryBytes);
            Entry e;
            e.type = static_cast<unsigned char>(raw[66]);
            e.name = entry_name(raw, std::min<std::size_t>(u16(raw, 64), 64));
            e.start = u32(raw, 116);
            e.size = sector_size_ == 512 ? u32(raw, 120) : (static_cast<std::uint64_t>(u32(raw, 124)) << 32 | u32(raw, 120));
            entries_.push_back(std::move(e));
        }
    }
    if (entries_.empty() || entries_.front().type != 5) throw damaged("no root entry");
    // Streams below the cutoff live in the mini stream (the root entry's data), in 64-byte mini sectors.
    if (first_mini_fat <= kMaxRegularSector) {
        for (std::uint32_t index : chain(fat_, first_mini_fat, sectors_in_file)) {
            const std::string_view s = sector(index);
            for (std::size_t i = 0; 4 * i + 4 <= s.size(); ++i) mini_fat_.push_back(u32(s, 4 * i));
        }
        const Entry& root = entries_.front();
        if (root.size > bytes_.size()) throw damaged("the mini stream is larger than the file");
        for (std::uint32_t index : chain(fat_, root.start, sectors_in_file)) mini_stream_.append(sector(index));
        if (mini_stream_.size() > root.size) mini_stream_.resize(static_cast<std::size_t>(root.size));
    }
}

std::string_view CompoundFile::sector(std::uint32_t index) const {
    const std::uint64_t offset = (static_cast<std::uint64_t>(index) + 1) * sector_size_;
    if (index > kMaxRegularSector || offset >= bytes_.size())
        throw Error(Status::invalid_argument, fmt::format("{}: a damaged OLE2 compound file (sector {} is outside the file)", name_, index));
    return bytes_.substr(static_cast<std::size_t>(offset), std::min<std::size_t>(sector_size_, bytes_.size() - static_cast<std::size_t>(offset)));
}

std::vector<std::uint32_t> CompoundFile::chain(const std::vector<std::uint32_t>& table, std::uint32_t start, std::size_t limit) const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t at = start; at != kEndOfChain && at != kFreeSector;) {
        if (at >= table.size() || out.size() > limit)
            throw Error(Status::invalid_argument, fmt::format("{}: a damaged OLE2 compound file (a sector chain leaves its table or loops)", name_));
        out.push_back(at);
        at = table[at];
    }
    return out;
}

std::vector<std::string> CompoundFile::stream_names() const {
    std::vector<std::string> names;
    for (const auto& e : entries_)
        if (e.type == 2) names.push_back(e.name);
    return names;
}

bool CompoundFile::has_stream(std::string_view name) const {
    for (const auto& e : entries_)
        if (e.type == 2 && e.name == name) return true;
    return false;
}

std::optional<std::string> CompoundFile::read_stream(std::string_view name, std::uint64_t max_bytes) const {
    const Entry* found = nullptr;
    for (const auto& e : entries_)
        if (e.type == 2 && e.name == name) found = &e;
    if (!found) return std::nullopt;
    if (found->size > max_bytes || found->size > bytes_.size())
        throw Error(Status::invalid_argument,
                    fmt::format("{}: stream {} declares {} bytes, more than the file holds or {} allows", name_, name, found->size, max_bytes));
    std::string out;
    out.reserve(static_cast<std::size_t>(found->size));
    if (found->size < mini_cutoff_) {
        const std::size_t mini_sectors = mini_stream_.size() / kMiniSectorBytes;
        for (std::uint32_t index : chain(mini_fat_, found->start, mini_sectors)) {
            if ((static_cast<std::size_t>(index) + 1) * kMiniSectorBytes > mini_stream_.size())
                throw Error(Status::invalid_argument, fmt::format("{}: a damaged OLE2 compound file (mini sector {} is outside the mini stream)", name_, index));
            out.append(mini_stream_, static_cast<std::size_t>(index) * kMiniSectorBytes, kMiniSectorBytes);
        }
    } else {
        const std::size_t sectors_in_file = bytes_.size() / sector_size_;
        for (std::uint32_t index : chain(fat_, found->start, sectors_in_file)) out.append(sector(index));
    }
    if (out.size() < found->size)
        throw Error(Status::invalid_argument, fmt::format("{}: stream {} is shorter than it declares ({} of {} bytes)", name_, name, out.size(), found->size));
    out.resize(static_cast<std::size_t>(found->size));
    return out;
}

} // namespace credcheck::import
