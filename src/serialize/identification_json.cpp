#include "credcheck/json.hpp"

#include <string>

#include "credcheck/divisions.hpp"

namespace credcheck::serialize {

namespace {

nlohmann::ordered_json optional_string(const std::optional<std::string>& s) {
    return s ? nlohmann::ordered_json(*s) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json parts_of(const Identification& id, PersonalData personal) {
    nlohmann::ordered_json parts = nlohmann::ordered_json::object();
    if (const auto* u = id.get<Uscc>()) {
        parts["authority"] = std::string(1, u->authority());
        parts["authority_name"] = u->authority_name();
        parts["category"] = std::string(1, u->category());
        parts["category_name"] = u->category_name();
        parts["division"] = u->division_code();
        parts["division_name"] = optional_string(division_name(u->division_code()));
        parts["org_code"] = u->org_code().display();
        parts["check_character"] = std::string(1, u->check_character());
    } else if (const auto* o = id.get<OrgCode>()) {
        parts["display"] = o->display();
        parts["check_character"] = std::string(1, o->check_character());
    } else if (const auto* r = id.get<RegistrationNo>()) {
        parts["authority_code"] = r->authority_code();
        parts["division_name"] = optional_string(division_name(r->authority_code()));
    } else if (const auto* c = id.get<CitizenId>()) {
        parts["address_code"] = c->address_code();
        parts["division_name"] = optional_string(division_name(c->address_code()));
        // Birth date and sex are personal data too: only with the full number.
        if (personal == PersonalData::full) {
            parts["birth_date"] = c->birth_date().iso();
            parts["sex"] = c->sex() == Sex::male ? "male" : "female";
        }
        parts["upgraded_from_15"] = c->upgraded_from_15();
    } else if (const auto* t = id.get<TaxRegistrationNo>()) {
        parts["division"] = t->division();
        parts["division_name"] = optional_string(division_name(t->division()));
        parts["org_code"] = t->org_code().display();
    } else if (const auto* p = id.get<TaxpayerNo>()) {
        parts["address_code"] = p->citizen_id().address_code();
        parts["sequence"] = p->sequence();
    } else if (const auto* r13 = id.get<RegistrationNo13>()) {
        parts["division"] = r13->division();
        parts["division_name"] = optional_string(division_name(r13->division()));
    } else if (const auto* f = id.get<ForeignRegistrationNo>()) {
        parts["form"] = f->form();
        parts["number"] = f->number();
    }
    return parts;
}

} // namespace

nlohmann::ordered_json identification_json(std::string_view input, const Identification& id, PersonalData personal) {
    const bool mask = personal == PersonalData::masked;
    // A citizen ID, or anything invalid that could be one (a mistyped 19-digit number is as personal).
    const bool personal_kind = id.ok() ? id.holds_personal_id() : id.closest_kind() == IdentifierKind::citizen_id || looks_like_personal_id(input);
    nlohmann::ordered_json j;
    j["input"] = mask && personal_kind ? mask_personal_id(input) : std::string(input);
    j["valid"] = id.ok();
    j["kind"] = id.ok() ? nlohmann::ordered_json(identifier_kind_name(id.kind())) : nlohmann::ordered_json(nullptr);
    if (id.ok()) {
        j["normalized"] = mask ? id.masked_normalized() : id.normalized();
        j["error"] = nullptr;
        j["error_position"] = nullptr;
        j["parts"] = parts_of(id, personal);
    } else {
        j["normalized"] = nullptr;
        j["error"] = id.error()->message;
        j["error_position"] = id.error()->position;
        j["closest_kind"] = id.closest_kind() == IdentifierKind::none ? nlohmann::ordered_json(nullptr)
                                                                      : nlohmann::ordered_json(identifier_kind_name(id.closest_kind()));
    }
    // What normalisation changed, whether the text is a masked code, what to know of a valid one.
    nlohmann::ordered_json changes = nlohmann::ordered_json::array();
    for (const auto& [bit, name] : {std::pair{CodeChanges::spaces, "spaces"}, {CodeChanges::hyphens, "hyphens"}, {CodeChanges::full_width, "full_width"},
                                    {CodeChanges::lower_case, "lower_case"}, {CodeChanges::apostrophe, "apostrophe"}, {CodeChanges::quotes, "quotes"}})
        if (has(id.changes(), bit)) changes.push_back(name);
    j["changes"] = std::move(changes);
    j["masked"] = id.masked().has_value();
    j["note"] = id.note();
    return j;
}

} // namespace credcheck::serialize
