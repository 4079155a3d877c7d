// E-invoices into the ledger: many files in, one preview out (what will be
// imported, what is already there, what is refused and why, the clients to
// create), and one cmd::ImportBatch that adds them all or nothing.
//
// Mapping (EN 16931 terms): BT-1 the number as written; BT-2 the issue date;
// BT-3 380 (and 383, 384, 389) an invoice, 386 a prepayment invoice, 381 (and
// 261, 262, 396) a credit note, against the BT-25 invoice when it is in the
// ledger or in the same import, else a credit note of the client on its own;
// an invoice with negative totals is a credit note. BT-9 the due date, else
// the BT-20 terms when they say « N jours », else the client's terms. The
// buyer (BT-44 name, BT-47 SIREN, BT-48 VAT, BT-49 e-mail, BG-8 address) is
// matched by SIREN, then VAT number, then name, or created. BT-109/110/112
// the totals; BT-113 a deposit paid on the issue date; BT-115 checked
// against TTC − paid. An explicit late-payment rate in the PMD note or the
// BT-20 text becomes the contractual rate. Refused: a currency other than
// EUR, a seller whose SIREN is not the company's, an unreadable file.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/commands.h"
#include "core/einvoice/einvoice.h"
#include "core/ledger.h"
#include "core/zip.h"

namespace relance::einvoice {

struct InputFile {
  std::string name;   // shown in the preview and the errors
  std::string bytes;  // the PDF or XML as read
};

enum class Outcome { imported, known, refused };

struct FilePlan {
  std::string file;
  Outcome outcome = Outcome::refused;
  std::string why;     // refused: the reason; known: where the number already is
  std::string number;  // BT-1 when it could be read
  // Imported:
  std::string client;  // the client's name
  bool new_client = false;
  InvoiceKind kind = InvoiceKind::invoice;
  Date issue_date, due_date;
  Cents ttc = 0;
  Cents balance = 0;  // what will be owed once imported (0 for a credit note)
  std::string credits;  // credit note: the number of the invoice it reduces
  std::vector<std::string> notes;  // worth a look (French)
};

struct ImportPlan {
  std::vector<FilePlan> files;  // in the order given
  cmd::ImportBatch batch;       // the imported files; its clients are the ones to create
  std::size_t count(Outcome o) const;
  bool nothing_refused() const { return count(Outcome::refused) == 0; }
};

// The e-invoices of a .zip archive (core/zip.h), each member ending in .pdf
// or .xml (any case) as one InputFile named "ARCHIVE/member" (so the preview
// and the errors name both); other members (a README, a nested archive,
// macOS's __MACOSX/ and ._ files) are listed in `skipped`. An archive that
// does not read gives its error; one with no .pdf nor .xml member too.
struct ZipInputs {
  std::vector<InputFile> files;
  std::vector<std::string> skipped;  // "ARCHIVE/member", for the report
};
Result<ZipInputs> einvoice_files_from_zip(std::string_view zip_bytes, std::string_view archive,
                                          const ZipLimits& limits = {});

// A file read (read_einvoice_file), before it meets the ledger: the
// browser reads the files in its readers module (a Web Worker) and plans
// them in the app, which links none of the readers (core/readers.h).
struct ReadFile {
  std::string name;
  std::optional<EInvoice> invoice;  // none: refused, for `why`
  std::string why;
};
std::vector<ReadFile> read_einvoice_files(const std::vector<InputFile>& files);

// Maps every file read against the ledger. The batch applies to that
// ledger (it has been checked against it), whatever is refused.
ImportPlan plan_read_einvoices(const Ledger& ledger, const std::vector<ReadFile>& files);
// read_einvoice_files, then plan_read_einvoices.
ImportPlan plan_einvoice_import(const Ledger& ledger, const std::vector<InputFile>& files);

}  // namespace relance::einvoice
