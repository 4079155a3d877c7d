// Forwarding header, kept while branches still include it: the ledger file
// is core/ledger_file.h, one command as JSON core/command_codec.h, the JSON
// of each record core/record_codec.h.
#pragma once
#include "core/command_codec.h"
#include "core/ledger_file.h"
#include "core/record_codec.h"
