// The files attached to a PDF, as Factur-X / ZUGFeRD carry their XML: read
// through the catalog's /EmbeddedFiles name tree and its /AF array. Enough of
// PDF for that: xref tables and xref streams (with /Prev chains and PNG
// predictors), object streams, indirect references, FlateDecode (zlib). A
// damaged cross-reference table falls back to scanning the file for its
// objects; a file cut short is refused. Sizes and work are capped and every
// reference chain is walked once, so no input loops or explodes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace relance::einvoice {

struct PdfAttachment {
  std::string name;  // as the file specification names it (/UF, else /F)
  std::string data;  // decoded bytes
};

// Largest attachment decoded (an e-invoice XML is a few hundred kB at most).
inline constexpr std::size_t kMaxAttachmentBytes = 16u << 20;

// Every embedded file of the PDF (possibly none). Errors: not a PDF, a PDF cut
// short, an unreadable structure or an attachment that does not decode.
Result<std::vector<PdfAttachment>> pdf_attachments(std::string_view pdf);

// The e-invoice XML of a Factur-X / ZUGFeRD / XRechnung PDF: the attachment
// named factur-x.xml, zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml
// (any case), else the only .xml one. A PDF with no such attachment gives one
// clear error.
Result<PdfAttachment> einvoice_attachment(std::string_view pdf);

}  // namespace relance::einvoice
