// The readers module's worker side (--pre-js of readers.js, after
// ../worker_base.js): a message {id, kind, options, files: [{name, bytes:
// ArrayBuffer}]} is read (readers_add per file, then readers_run) and
// answered {id, text}.
RLW.run = function(m) {
  (m.files || []).forEach(function(f) {
    var bytes = new Uint8Array(f.bytes);
    var p = _malloc(bytes.length || 1);
    HEAPU8.set(bytes, p);
    RLW.withStr(f.name, function(q) { _readers_add(q, p, bytes.length); });
    _free(p);
  });
  var out = RLW.withStr(m.kind, function(kp) {
    return RLW.withStr(m.options, function(op) { return _readers_run(kp, op); });
  });
  var text = UTF8ToString(out);
  _free(out);
  postMessage({ id: m.id, text: text });
};
