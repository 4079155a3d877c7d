// The PDF module's worker side (--pre-js of pdf.js, after ../worker_base.js):
// a message {id, json} (a letter's content, core/letter_json.h) is answered
// {id, bytes: ArrayBuffer} (the PDF, transferred) or {id, error}.
RLW.run = function(m) {
  var info = _malloc(8);
  var out = RLW.withStr(m.json, function(p) { return _pdf_make(p, info, info + 4); });
  var size = HEAP32[info >> 2], ok = HEAP32[(info + 4) >> 2];
  _free(info);
  if (ok) {
    var bytes = HEAPU8.slice(out, out + size).buffer;
    _free(out);
    postMessage({ id: m.id, bytes: bytes }, [bytes]);
  } else {
    var error = UTF8ToString(out, size);
    _free(out);
    postMessage({ id: m.id, error: error });
  }
};
