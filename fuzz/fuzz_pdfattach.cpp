// The PDF attachment reader (pdf_attachments, einvoice_attachment) on
// arbitrary bytes: it must end (cyclic references, deep nesting, huge
// counts), stay within its size caps, and agree with itself.
#include <cstddef>
#include <cstdint>

#include "core/einvoice/pdf_attach.h"
#include "fuzz/fuzz_common.h"

using namespace relance;
using namespace relance::einvoice;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto all = pdf_attachments(bytes);
  if (all) {
    for (const PdfAttachment& a : *all) FUZZ_CHECK(a.data.size() <= kMaxAttachmentBytes, "attachment over the cap");
  } else {
    FUZZ_CHECK(!all.error().what.empty(), "an error without a message");
  }
  auto one = einvoice_attachment(bytes);
  FUZZ_CHECK(!one || all, "an attachment found where the list failed");
  if (one) {
    bool listed = false;
    for (const PdfAttachment& a : *all) listed = listed || (a.name == one->name && a.data == one->data);
    FUZZ_CHECK(listed, "the e-invoice attachment is not one of the attachments");
  }
  return 0;
}
