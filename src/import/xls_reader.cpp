// The XLS reader: a compound-file check and a scan of the workbook stream's BIFF records (what FreeXL
// will allocate and loop over, and where the formulas are), then FreeXL for the cells.

#include "import/xls_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <freexl.h>
#include <set>
#include <sys/mman.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <unordered_map>

#include "credcheck/error.hpp"
#include "import/biff_sanitizer.hpp"
#include "import/compound_file.hpp"

namespace credcheck::import {

namespace {

std::string errno_text(int error) { return std::error_code(error, std::generic_category()).message(); }

// ---------------------------------------------------------------------------------------------------
// The file's bytes

/// A file mapped read-only, unmapped on destruction.
class MappedFile {
public:
    MappedFile(const std::filesystem::path& path, const std::string& name) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            if (error == ENOENT || error == ENOTDIR) throw Error(Status::not_found, fmt::format("cannot open '{}': no such file", name));
            throw Error(Status::io_error, fmt::format("cannot open '{}': {}", name, errno_text(error)));
        }
        struct stat info {};
        if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
            const int error = errno;
            ::close(fd);
            throw Error(Status::io_error, fmt::format("cannot read '{}': {}", name, S_ISDIR(info.st_mode) ? "it is a directory" : errno_text(error)));
        }
        size_ = static_cast<std::size_t>(info.st_size);
        if (size_ > 0) {
            data_ = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
            if (data_ == MAP_FAILED) {
                const int error = errno;
                ::close(fd);
                throw Error(Status::io_error, fmt::format("cannot read '{}': {}", name, errno_text(error)));
            }
        }
        ::close(fd); // the mapping keeps the file
    }
    ~MappedFile() {
        if (size_ > 0) ::munmap(data_, size_);
    }
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    std::string_view bytes() const noexcept { return size_ > 0 ? std::string_view(static_cast<const char*>(data_), size_) : std::string_view(); }

private:
    void* data_ = nullptr;
    std::size_t size_ = 0;
};

/// An anonymous in-memory file holding `bytes`, for FreeXL, which opens files by path.
class MemoryFile {
public:
    explicit MemoryFile(std::string_view bytes) : fd_(::memfd_create("credcheck-xls", MFD_CLOEXEC)) {
        if (fd_ < 0) throw Error(Status::io_error, fmt::format("memfd_create: {}", errno_text(errno)));
        for (std::size_t written = 0; written < bytes.size();) {
            const ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                const int error = errno;
                ::close(fd_);
                throw Error(Status::io_error, fmt::format("writing an in-memory file: {}", errno_text(error)));
            }
            written += static_cast<std::size_t>(n);
        }
    }
    ~MemoryFile() { ::close(fd_); }
    MemoryFile(const MemoryFile&) = delete;
    MemoryFile& operator=(const MemoryFile&) = delete;
    std::filesystem::path path() const { return fmt::format("/proc/self/fd/{}", fd_); }

private:
    int fd_;
};

// ---------------------------------------------------------------------------------------------------
// FreeXL

std::string freexl_error(int code) {
    switch (code) {
    case FREEXL_FILE_NOT_FOUND: return "the file cannot be opened";
    case FREEXL_INSUFFICIENT_MEMORY: return "more than FreeXL allocates (a sheet of more than 256 MiB of cells, more than 1,048,576 shared strings)";
    case FREEXL_INVALID_CFBF_HEADER:
    case FREEXL_CFBF_INVALID_SIGNATURE: return "not an OLE2 compound file";
    case FREEXL_CFBF_READ_ERROR:
    case FREEXL_CFBF_SEEK_ERROR: return "a read error inside the compound file (truncated?)";
    case FREEXL_CFBF_INVALID_SECTOR_SIZE:
    case FREEXL_CFBF_EMPTY_FAT_CHAIN:
    case FREEXL_CFBF_ILLEGAL_FAT_ENTRY:
    case FREEXL_INVALID_MINI_STREAM:
    case FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY: return "a damaged compound file";
    case FREEXL_BIFF_INVALID_BOF: return "a damaged workbook stream (bad BOF record)";
    case FREEXL_BIFF_INVALID_SST: return "a damaged shared string table";
    case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "no workbook stream";
    case FREEXL_INVALID_CHARACTER:
    case FREEXL_UNSUPPORTED_CHARSET: return "text in a character set FreeXL cannot convert";
    case FREEXL_ILLEGAL_CELL_ROW_COL: return "a cell outside its sheet's dimensions";
    case FREEXL_ILLEGAL_RK_VALUE: return "a malformed number (RK) record";
    case FREEXL_CRAFTED_FILE: return "a severely damaged or crafted file";
    default: return fmt::format("FreeXL error {}", code);
    }
}

/// A FreeXL handle, closed on destruction (FreeXL wants it closed even when opening failed).
class FreexlHandle {
public:
    FreexlHandle(const std::filesystem::path& path, const std::string& name) {
        const int rc = freexl_open(path.c_str(), &handle_);
        if (rc != FREEXL_OK) {
            if (handle_) freexl_close(handle_);
            handle_ = nullptr;
            throw Error(Status::invalid_argument, fmt::format("{}: FreeXL cannot read the workbook: {}", name, freexl_error(rc)));
        }
    }
    ~FreexlHandle() {
        if (handle_) freexl_close(handle_);
    }
    FreexlHandle(const FreexlHandle&) = delete;
    FreexlHandle& operator=(const FreexlHandle&) = delete;
    const void* get() const noexcept { return handle_; }

private:
    const void* handle_ = nullptr;
};

struct Book {
    Book(const std::filesystem::path& path, std::string n, SanitizedWorkbook f, std::uint64_t bytes)
        : handle(path, n), name(std::move(n)), facts(std::move(f)), file_bytes(bytes) {}
    FreexlHandle handle;
    std::string name;
    std::vector<SheetInfo> sheets;
    SanitizedWorkbook facts;
    DateSystem dates = DateSystem::excel_1900;
    std::uint64_t file_bytes = 0;
};

void select_sheet(const Book& book, std::size_t index) {
    const int rc = freexl_select_active_worksheet(book.handle.get(), static_cast<unsigned short>(index));
    if (rc != FREEXL_OK)
        throw Error(Status::invalid_argument, fmt::format("{}: sheet '{}': {}", book.name, book.sheets.at(index).name, freexl_error(rc)));
}

/// The text a cell shows, or "" for an empty one; a number in a date format (credcheck's reading of it)
/// as a date in the workbook's date system, or nullopt when it is no date Excel can show.
std::optional<std::string> cell_text(const FreeXL_CellValue& cell, std::optional<DateCellStyle> date, DateSystem dates) {
    switch (cell.type) {
    case FREEXL_CELL_INT:
        if (date) return serial_text(cell.value.int_value, dates, *date);
        return std::to_string(cell.value.int_value);
    case FREEXL_CELL_DOUBLE:
        if (date) return serial_text(cell.value.double_value, dates, *date);
        return excel_number_text(fmt::format("{:.17g}", cell.value.double_value)).value_or(fmt::format("{}", cell.value.double_value));
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME: return cell.value.text_value ? std::string(cell.value.text_value) : std::string();
    default: return std::string();
    }
}

class XlsSheetReader final : public GridReader {
public:
    XlsSheetReader(std::shared_ptr<const Book> book, std::size_t index) : book_(std::move(book)), index_(index) {
        select_sheet(*book_, index_);
        unsigned int rows = 0;
        unsigned short columns = 0;
        if (freexl_worksheet_dimensions(book_->handle.get(), &rows, &columns) != FREEXL_OK) rows = columns = 0;
        // What a dimension record claims beyond the format's own limits holds no cell: a sheet of four
        // billion rows and no column is walked in no time.
        constexpr unsigned int kMaxRows = 65'536;
        constexpr unsigned short kMaxColumns = 256;
        columns_ = std::min(columns, kMaxColumns);
        rows_ = columns_ == 0 ? 0 : std::min(rows, kMaxRows);
    }

    bool next(GridRow& row) override {
        // FreeXL has one active sheet per handle: another reader may have chosen another.
        select_sheet(*book_, index_);
        const auto& formulas = book_->facts.formulas.size() > index_ ? book_->facts.formulas[index_] : kNoFormulas;
        const auto& dates = book_->facts.dates.size() > index_ ? book_->facts.dates[index_] : kNoDates;
        while (at_ < rows_) {
            const unsigned int r = at_++;
            row.number = r + 1;
            row.cells.clear();
            row.error.reset();
            for (unsigned short c = 0; c < columns_; ++c) {
                FreeXL_CellValue cell;
                const int rc = freexl_get_cell_value(book_->handle.get(), r, c, &cell);
                const std::uint64_t key = static_cast<std::uint64_t>(r) << 16 | c;
                const auto date = dates.find(key);
                const auto shown = rc == FREEXL_OK ? cell_text(cell, date == dates.end() ? std::nullopt : std::optional(date->second), book_->dates)
                                                   : std::optional<std::string>(std::string());
                if (!shown && !row.error)
                    row.error = fmt::format("column {}: the date-formatted number is no date Excel can show", column_letters(c));
                std::string text = shown.value_or(std::string());
                if (text.empty() && !row.error && formulas.contains(key))
                    row.error = fmt::format("column {}: holds a formula, whose result FreeXL does not read: save the workbook as .xlsx, or "
                                            "paste the values over the formulas",
                                            column_letters(c));
                if (text.empty()) continue;
                row.cells.resize(static_cast<std::size_t>(c) + 1);
                row.cells[c] = std::move(text);
            }
            if (!row.cells.empty() || row.error) return true;
        }
        return false;
    }

    RowUnit unit() const noexcept override { return RowUnit::row; }
    // FreeXL read the file at open: progress counts rows.
    std::uint64_t bytes_read() const override { return rows_ == 0 ? 0 : book_->file_bytes * at_ / rows_; }
    std::uint64_t total_bytes() const override { return book_->file_bytes; }

private:
    static inline const std::set<std::uint64_t> kNoFormulas{};
    static inline const std::unordered_map<std::uint64_t, DateCellStyle> kNoDates{};
    std::shared_ptr<const Book> book_;
    std::size_t index_;
    unsigned int rows_ = 0, at_ = 0;
    unsigned short columns_ = 0;
};

class XlsWorkbook final : public Workbook {
public:
    explicit XlsWorkbook(std::shared_ptr<const Book> book) : book_(std::move(book)) {}
    const std::vector<SheetInfo>& sheets() const override { return book_->sheets; }
    bool has_data(std::size_t index) override {
        XlsSheetReader reader(book_, index);
        GridRow row;
        return reader.next(row);
    }
    std::unique_ptr<GridReader> open_sheet(std::size_t index) override { return std::make_unique<XlsSheetReader>(book_, index); }
    DateSystem date_system() const override { return book_->dates; }

private:
    std::shared_ptr<const Book> book_;
};

/// The workbook stream of a compound file, after the checks that name any other kind of file.
std::string workbook_stream(const CompoundFile& file, const std::string& name, const XlsLimits& limits) {
    if (auto stream = file.read_stream("Workbook", limits.max_stream_bytes)) return std::move(*stream);
    if (auto stream = file.read_stream("Book", limits.max_stream_bytes)) return std::move(*stream);
    std::string names;
    for (const auto& n : file.stream_names()) names += (names.empty() ? "" : ", ") + n;
    throw Error(Status::invalid_argument, fmt::format("{}: an OLE2 compound file without an Excel workbook stream (streams: {})", name, names));
}

/// The workbook of a compound file's bytes, checked and rewritten (biff_sanitizer.hpp), opened by FreeXL
/// from an in-memory file credcheck wrote: FreeXL never reads the sender's bytes.
std::unique_ptr<Workbook> open_checked(std::string_view bytes, std::string name, const XlsLimits& limits) {
    if (auto other = compound_file_kind(bytes, name)) throw Error(Status::invalid_argument, fmt::format("{}: {}, not a workbook", name, *other));
    const CompoundFile file(bytes, name);
    SanitizedWorkbook sanitized = sanitize_workbook_stream(workbook_stream(file, name, limits), name, limits);
    const MemoryFile rewritten(write_compound_file("Workbook", sanitized.stream));
    sanitized.stream.clear();
    auto book = std::make_shared<Book>(rewritten.path(), name, std::move(sanitized), bytes.size());
    unsigned int count = 0, mode = 0;
    if (freexl_get_info(book->handle.get(), FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count == 0)
        throw Error(Status::invalid_argument, fmt::format("{}: the workbook has no sheets", name));
    if (freexl_get_info(book->handle.get(), FREEXL_BIFF_DATEMODE, &mode) == FREEXL_OK && mode == FREEXL_BIFF_DATEMODE_1904)
        book->dates = DateSystem::excel_1904;
    for (unsigned int i = 0; i < count; ++i) {
        const char* sheet_name = nullptr;
        SheetInfo info;
        if (freexl_get_worksheet_name(book->handle.get(), static_cast<unsigned short>(i), &sheet_name) == FREEXL_OK && sheet_name)
            info.name = sheet_name;
        book->sheets.push_back(std::move(info));
    }
    return std::make_unique<XlsWorkbook>(std::move(book));
}

} // namespace

std::optional<std::string> compound_file_kind(std::string_view bytes, const std::string& name) {
    const CompoundFile file(bytes, name);
    if (file.has_stream("EncryptedPackage"))
        return std::string("an encrypted (password-protected) Office document: save it without a password");
    if (file.has_stream("Workbook") || file.has_stream("Book")) return std::nullopt;
    if (file.has_stream("WordDocument")) return std::string("a Word 97-2003 document (.doc)");
    if (file.has_stream("PowerPoint Document")) return std::string("a PowerPoint 97-2003 presentation (.ppt)");
    std::string names;
    for (const auto& n : file.stream_names()) names += (names.empty() ? "" : ", ") + n;
    return fmt::format("an OLE2 compound file without an Excel workbook stream (streams: {})", names.empty() ? "none" : names);
}

std::unique_ptr<Workbook> open_xls(const std::filesystem::path& path, std::string name, XlsLimits limits) {
    const MappedFile file(path, name);
    return open_checked(file.bytes(), std::move(name), limits);
}

std::unique_ptr<Workbook> open_xls_bytes(std::string_view bytes, std::string name, XlsLimits limits) {
    return open_checked(bytes, std::move(name), limits);
}

} // namespace credcheck::import
