// credcheck validate — the kind, normalised form and parts of each code, or the precise error.
#include <fmt/format.h>
#include <iostream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "credcheck/date.hpp"
#include "credcheck/divisions.hpp"
#include "credcheck/identify.hpp"
#include "credcheck/json.hpp"

namespace credcheck::cli {

namespace {

struct ValidateOptions {
    std::vector<std::string> codes;
    bool json = false;
    bool lenient = false;
    bool no_normalize = false;
    bool unmask = false;
    bool tour = false;
    std::string as_of;
};

/// A tour of what the validator catches: the standards' worked examples, real codes, and the
/// classic mistakes. Used by the README's first command before a database exists.
const std::vector<std::string> kTour = {
    "91350100M000100Y43",  // GB 32100's worked example
    "914403001922038216",  // a real company code, legacy organisation code 19220382-1
    "91420704MA00002770",  // 鄂城区; check character 0 (validators indexing alphabet[31 - r] reject it)
    "9142 0704 ma00 0027 70", // the same typed by a person: normalised
    "91350100M0001TGQXM",  // pre-2016 Fujian pilot code: fails the check character
    "94110000MA0000007X",  // passes the check character only: category 4 is not used by authority 9
    "91310000631295002H",  // passes the check character, embedded organisation code is wrong
    "D2143569-X",          // GB 11714's worked example
    "110108000000016",     // registration number, ISO 7064 MOD 11,10
    "11010519491231002X",  // GB 11643's worked example
    "150102880730303",     // a 15-digit ID number, upgraded to 18
    "420704202802301237",  // an impossible birth date
    "91420704MA0000277O",  // letter O where a zero belongs
    "'91420704MA00002770", // Excel's leading apostrophe: normalised, and said so
    "420704192203821",     // a 15-character tax registration number: division + organisation code 19220382-1
    "11010519491231002X01", // a taxpayer number of 20: an ID number and two digits
    "4201061234567",       // a 13-digit registration number before 2007: no check digit to verify
    "企合浙绍总字第002112号", // a foreign-invested enterprise's registration number
    "9114082306****333G",  // a masked code from a published list: it cannot identify a subject
};

std::string field(std::string_view label, std::string_view value) { return fmt::format("  {:<24}{}\n", label, value); }

std::string describe_text(std::string_view input, const Identification& id, serialize::PersonalData personal) {
    const bool full = personal == serialize::PersonalData::full;
    if (!id.ok()) {
        const bool could_be_person = id.closest_kind() == IdentifierKind::citizen_id || looks_like_personal_id(input);
        const std::string shown = full || !could_be_person ? std::string(input) : mask_personal_id(input);
        const auto& e = *id.error();
        std::string out = fmt::format("{}  invalid{}: {}\n", shown,
                                      id.closest_kind() == IdentifierKind::none ? "" : fmt::format(" {}", identifier_kind_name(id.closest_kind())),
                                      e.message);
        if (id.changes() != CodeChanges::none) out += field("normalisation", describe_changes(id.changes()));
        if (id.fails_only_check_character())
            out += field("note", "a USCC in every respect but its check character: an import admits it only where the file says it was "
                                 "issued (code_admitted, or a profile)");
        return out;
    }
    std::string out;
    auto division = [](std::string_view code) {
        const auto name = division_name(code);
        return name ? fmt::format("{} {}", code, *name) : fmt::format("{} (not in credcheck's division table)", code);
    };
    if (const auto* u = id.get<Uscc>()) {
        out += fmt::format("{}  valid unified social credit code (统一社会信用代码)\n", input);
        out += field("normalized", u->str());
        out += field("registration authority", fmt::format("{} {}", u->authority(), u->authority_name()));
        out += field("category", fmt::format("{} {}", u->category(), u->category_name()));
        out += field("division", division(u->division_code()));
        out += field("organization code", u->org_code().display());
        out += field("check character", std::string(1, u->check_character()));
    } else if (const auto* o = id.get<OrgCode>()) {
        out += fmt::format("{}  valid organization code (组织机构代码)\n", input);
        out += field("normalized", o->display());
    } else if (const auto* r = id.get<RegistrationNo>()) {
        out += fmt::format("{}  valid registration number (工商注册号)\n", input);
        out += field("normalized", r->str());
        out += field("registering authority", division(r->authority_code()));
    } else if (const auto* c = id.get<CitizenId>()) {
        out += fmt::format("{}  valid citizen ID number (公民身份号码)\n", full ? std::string(input) : mask_personal_id(input));
        out += field("normalized", full ? c->str() : c->masked());
        out += field("address", division(c->address_code()));
        if (full) {
            out += field("birth date", c->birth_date().iso());
            out += field("sex", c->sex() == Sex::male ? "male" : "female");
        }
        if (c->upgraded_from_15()) out += field("upgraded", "from the 15-digit form");
    } else if (const auto* t = id.get<TaxRegistrationNo>()) {
        out += fmt::format("{}  valid tax registration number (税务登记号)\n", input);
        out += field("normalized", t->str());
        out += field("tax office division", division(t->division()));
        out += field("organization code", t->org_code().display() + " (resolves to its subject)");
    } else if (const auto* p = id.get<TaxpayerNo>()) {
        out += fmt::format("{}  valid taxpayer number of a person (an ID number and two digits)\n", full ? std::string(input) : mask_personal_id(input));
        out += field("normalized", full ? p->str() : p->masked());
        out += field("address", division(p->citizen_id().address_code()));
        out += field("sequence", p->sequence());
    } else if (const auto* r13 = id.get<RegistrationNo13>()) {
        out += fmt::format("{}  registration number of 13 digits (工商注册号, before 2007)\n", input);
        out += field("normalized", r13->str());
        out += field("registering authority", division(r13->division()));
    } else if (const auto* f = id.get<ForeignRegistrationNo>()) {
        out += fmt::format("{}  valid registration number of a foreign-invested enterprise (外商投资企业注册号)\n", input);
        out += field("normalized", f->str());
        out += field("number", std::string(f->number()));
    }
    if (id.changes() != CodeChanges::none) out += field("normalisation", describe_changes(id.changes()));
    if (!id.note().empty()) out += field("note", id.note());
    return out;
}

int run(const ValidateOptions& o) {
    IdentifyOptions options;
    options.uscc_check = o.lenient && !o.tour ? UsccCheck::check_character : UsccCheck::strict;
    options.normalization = o.no_normalize ? Normalization::none : Normalization::lenient;
    if (!o.as_of.empty()) options.born_not_after = Date::parse_or_throw(o.as_of, "--as-of");
    const auto personal = o.unmask ? serialize::PersonalData::full : serialize::PersonalData::masked;

    const std::vector<std::string>& codes = o.tour ? kTour : o.codes;
    bool all_valid = true;
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const std::string& code : codes) {
        const Identification id = identify(code, options);
        all_valid = all_valid && id.ok();
        if (o.json) array.push_back(serialize::identification_json(code, id, personal));
        else std::cout << describe_text(code, id, personal);
    }
    if (o.json) std::cout << array.dump(2) << '\n';
    if (o.tour) return kExitOk; // the tour shows invalid codes on purpose
    return all_valid ? kExitOk : kExitNegative;
}

} // namespace

void add_validate_command(CLI::App& app, Context& context) {
    auto options = std::make_shared<ValidateOptions>();
    CLI::App* cmd = app.add_subcommand("validate", "Check identifiers: USCC, organisation code, registration number, citizen ID, tax registration\n"
                                                   "and taxpayer numbers, older registration numbers; masked codes are named as such.\n"
                                                   "Exit 0 when all are valid, 1 when any is not, 2 on a usage error.");
    cmd->add_option("codes", options->codes, "Codes to check (any kind; recognised by shape and checks)");
    cmd->add_flag("--json", options->json, "Print a JSON array, one object per code");
    cmd->add_flag("--lenient", options->lenient,
                  "USCC: check only the alphabet, the division and the check character, not the authority/category pair in use and "
                  "the embedded organisation code (strict is the default, as in the library)");
    cmd->add_flag("--no-normalize", options->no_normalize, "Take codes as typed: no trimming, case folding or full-width folding");
    cmd->add_flag("--unmask", options->unmask, "Show citizen ID numbers, birth dates and sex in full");
    cmd->add_option("--as-of", options->as_of, "Reject birth dates after this date (default: today)");
    cmd->add_flag("--tour", options->tour, "Show a tour of sample codes (strict) and what is wrong with the bad ones");
    cmd->callback([options, cmd, &context] {
        if (options->codes.empty() && !options->tour) throw CLI::ValidationError("validate", "give at least one CODE, or --tour");
        context.exit_code = run(*options);
    });
}

} // namespace credcheck::cli
