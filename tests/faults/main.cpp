// The fault tests' main: the fault-injecting VFS and allocator go in before anything opens SQLite.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "fault_injection.hpp"

int main(int argc, char** argv) {
    credcheck::faults::install();
    doctest::Context context(argc, argv);
    return context.run();
}
