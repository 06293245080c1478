// Compiled by the floors tests as a file of the store (floor 2) and of the engine (floor 3): the
// checker's header belongs to the engine, so the first compilation must fail (an upward include) and
// the second must succeed (the same include from the floor it belongs to).
#include "credcheck/check.hpp"

int main() { return 0; }
