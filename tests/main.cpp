#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "core/summary.h"

// Every agenda read from the ledger's summary is compared with the full
// recompute: a command that forgets to refresh it fails the test that uses it.
static const bool summary_checked = (relance::set_summary_check(true), true);
