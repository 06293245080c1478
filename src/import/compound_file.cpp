#include "import/compound_file.hpp"

#include <algorithm>
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

std::string write_compound_file(std::string_view stream_name, std::string_view content) {
    constexpr std::size_t kSector = 512;
    constexpr std::size_t kPerFat = kSector / 4;
    const auto put16 = [](std::string& s, std::size_t at, std::uint32_t v) {
        s[at] = static_cast<char>(v & 0xFF);
        s[at + 1] = static_cast<char>((v >> 8) & 0xFF);
    };
    const auto put32 = [&](std::string& s, std::size_t at, std::uint32_t v) {
        put16(s, at, v & 0xFFFF);
        put16(s, at + 2, v >> 16);
    };
    std::string stream(content);
    stream.resize(std::max<std::size_t>(stream.size(), 4096), '\0');
    stream.resize((stream.size() + kSector - 1) / kSector * kSector, '\0');
    const std::size_t sectors = stream.size() / kSector;
    // FAT sectors first, then the directory, then the stream; the FAT maps all of them.
    std::size_t fat_sectors = 1;
    while (fat_sectors * kPerFat < fat_sectors + 1 + sectors) ++fat_sectors;
    if (fat_sectors > kHeaderDifatEntries)
        throw Error(Status::invalid_argument, "a workbook stream too large for a compound file without DIFAT sectors");
    std::vector<std::uint32_t> fat(fat_sectors * kPerFat, kFreeSector);
    for (std::size_t i = 0; i < fat_sectors; ++i) fat[i] = 0xFFFFFFFD; // FAT sectors
    const auto directory = static_cast<std::uint32_t>(fat_sectors);
    fat[directory] = kEndOfChain;
    const std::uint32_t first = directory + 1;
    for (std::size_t i = 0; i < sectors; ++i) fat[first + i] = i + 1 == sectors ? kEndOfChain : static_cast<std::uint32_t>(first + i + 1);

    std::string out(kSector, '\0');
    out.replace(0, 8, kCompoundFileSignature);
    put16(out, 24, 0x3E);   // minor version
    put16(out, 26, 3);      // major version: 512-byte sectors
    put16(out, 28, 0xFFFE); // little-endian
    put16(out, 30, 9);
    put16(out, 32, 6);
    put32(out, 44, static_cast<std::uint32_t>(fat_sectors));
    put32(out, 48, directory);
    put32(out, 56, 4096);
    put32(out, 60, kEndOfChain); // no mini FAT
    put32(out, 68, kEndOfChain); // no DIFAT sectors
    for (std::size_t i = 0; i < kHeaderDifatEntries; ++i) put32(out, 76 + 4 * i, i < fat_sectors ? static_cast<std::uint32_t>(i) : kFreeSector);
    for (const std::uint32_t entry : fat) {
        std::string word(4, '\0');
        put32(word, 0, entry);
        out += word;
    }
    std::string dir(kSector, '\0');
    const auto entry = [&](std::size_t index, std::string_view name, int type, std::uint32_t start, std::uint32_t size, std::uint32_t child) {
        const std::size_t at = index * kDirectoryEntryBytes;
        for (std::size_t i = 0; i < name.size() && i < 31; ++i) put16(dir, at + 2 * i, static_cast<unsigned char>(name[i]));
        put16(dir, at + 64, static_cast<std::uint32_t>(2 * std::min<std::size_t>(name.size(), 31) + 2));
        dir[at + 66] = static_cast<char>(type);
        dir[at + 67] = 1; // black (a tree of one)
        put32(dir, at + 68, kFreeSector);
        put32(dir, at + 72, kFreeSector);
        put32(dir, at + 76, child);
        put32(dir, at + 116, start);
        put32(dir, at + 120, size);
    };
    entry(0, "Root Entry", 5, kEndOfChain, 0, 1);
    entry(1, stream_name, 2, first, static_cast<std::uint32_t>(stream.size()), kFreeSector);
    for (std::size_t i = 2; i < kSector / kDirectoryEntryBytes; ++i) {
        put32(dir, i * kDirectoryEntryBytes + 68, kFreeSector);
        put32(dir, i * kDirectoryEntryBytes + 72, kFreeSector);
        put32(dir, i * kDirectoryEntryBytes + 76, kFreeSector);
    }
    return out + dir + stream;
}

} // namespace credcheck::import
