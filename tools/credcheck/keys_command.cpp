// credcheck keys generate | show — SM2 signing keys of the credit office and the departments.
#include <fmt/format.h>
#include <iostream>

#include "commands.hpp"
#include "credcheck/keys.hpp"

namespace credcheck::cli {

void add_keys_command(CLI::App& app, Context& context) {
    CLI::App* keys = app.add_subcommand("keys", "SM2 signing keys (GB/T 32918): make a key pair, or say what a key file holds");
    keys->require_subcommand(1);
    {
        auto prefix = std::make_shared<std::string>();
        CLI::App* cmd = keys->add_subcommand("generate", "A new SM2 key pair: PREFIX.pem (private, mode 0600) and PREFIX.pub (public); "
                                                         "never replaces a file");
        cmd->add_option("--out", *prefix, "Prefix of the two files")->required();
        cmd->callback([prefix, &context] {
            const GeneratedKeyPair pair = generate_signing_key(*prefix);
            std::cout << fmt::format("private key {} (keep it where only its owner reads it)\n"
                                     "public key  {} (give it to whoever verifies)\n"
                                     "fingerprint {}\n",
                                     pair.private_key.string(), pair.public_key.string(), pair.fingerprint);
            context.exit_code = kExitOk;
        });
    }
    {
        auto file = std::make_shared<std::string>();
        CLI::App* cmd = keys->add_subcommand("show", "The kind, algorithm and fingerprint (SM3 of the DER public key) of a PEM key file");
        cmd->add_option("file", *file, "PEM key file")->required();
        cmd->callback([file, &context] {
            const KeyInfo info = describe_key(*file);
            std::cout << fmt::format("file: {}\nkind: {}\nalgorithm: {}\nfingerprint: {}\n", info.file.string(), to_string(info.kind),
                                     info.algorithm, info.fingerprint);
            context.exit_code = kExitOk;
        });
    }
}

} // namespace credcheck::cli
