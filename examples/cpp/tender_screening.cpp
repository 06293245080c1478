// tender_screening — screens every bidder of a tender at once (批量比对) with the C++ API and lists the
// bidders to exclude and why, as a public-resource trading centre does before opening bids.
//
//   tender_screening DB BIDDERS [AS_OF]     BIDDERS: one "code,name" a line
#include <credcheck/catalog.hpp>
#include <credcheck/check.hpp>
#include <credcheck/error.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: tender_screening DB BIDDERS [AS_OF]\n";
        return 1;
    }
    try {
        // The trading centre checks as itself: its department is recorded with every decision.
        credcheck::OpenOptions options;
        options.read_only = true;
        options.principal = credcheck::Principal{"鄂州市公共资源交易中心", credcheck::AccessRole::implementing, "招标科"};
        const credcheck::Database db = credcheck::Database::open(argv[1], options);
        std::ifstream in(argv[2]);
        if (!in) throw credcheck::Error(credcheck::Status::not_found, std::string("cannot read ") + argv[2]);
        std::vector<std::string> codes, names;
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line.front() == '#') continue;
            const auto comma = line.find(',');
            codes.push_back(line.substr(0, comma));
            names.push_back(comma == std::string::npos ? "" : line.substr(comma + 1));
        }
        credcheck::CheckRequest tender;
        tender.scenario = "public_bidding";
        tender.purpose = "鄂州公共资源〔2026〕77号 招标";
        if (argc > 3) tender.as_of = credcheck::Date::parse_or_throw(argv[3], "AS_OF");
        const auto decisions = credcheck::Checker(db).check_batch(codes, tender);

        std::size_t excluded = 0, to_review = 0;
        std::cout << "Tender " << tender.purpose << ": " << decisions.size() << " bidders screened\n";
        for (std::size_t i = 0; i < decisions.size(); ++i) {
            const auto& d = decisions[i];
            // deny: excluded on the law each measure cites; review: the committee looks closer before admitting.
            const bool exclude = d.verdict == credcheck::Verdict::deny;
            const bool review = d.verdict == credcheck::Verdict::review;
            excluded += exclude;
            to_review += review;
            std::cout << (exclude ? "  EXCLUDE " : review ? "  REVIEW  " : "  admit   ") << names[i] << " (" << codes[i]
                      << "): " << credcheck::to_string(d.verdict) << '\n';
            for (const auto& m : d.measures) {
                std::cout << "      " << m.code << " — " << m.reason << '\n';
                for (const auto& b : m.bases)
                    std::cout << "        on " << b.citation << " (" << credcheck::to_string(b.level) << (b.verified ? ")" : ", text not read)")
                              << '\n';
            }
            for (const auto& m : d.suspended) std::cout << "      suspended " << m.code << " — " << m.reason << '\n';
            for (const auto& c : d.caveats) std::cout << "      caveat: " << c << '\n';
        }
        std::cout << excluded << " of " << decisions.size() << " bidders excluded, " << to_review << " to review; receipts from data version "
                  << (decisions.empty() ? 0 : decisions.front().receipt.data_version) << '\n';
        return 0;
    } catch (const credcheck::Error& e) {
        std::cerr << "tender_screening: " << e.what() << '\n';
        return 1;
    }
}
