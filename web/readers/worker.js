// The readers module's worker side (--pre-js of readers.js): messages from
// the page ({id, kind, options, files: [{name, bytes: ArrayBuffer}]}) wait
// until the module is ready, then each is read (readers_add per file, then
// readers_run) and answered {id, text}. A module that fails to load (its
// .wasm cannot be fetched) answers {failed: why}: the page tells the user.
var RLR = { ready: false, failed: '', queue: [] };

RLR.run = function(m) {
  (m.files || []).forEach(function(f) {
    var bytes = new Uint8Array(f.bytes);
    var p = _malloc(bytes.length || 1);
    HEAPU8.set(bytes, p);
    var n = lengthBytesUTF8(f.name) + 1;
    var q = _malloc(n);
    stringToUTF8(f.name, q, n);
    _readers_add(q, p, bytes.length);
    _free(q);
    _free(p);
  });
  var k = lengthBytesUTF8(m.kind) + 1, o = lengthBytesUTF8(m.options) + 1;
  var kp = _malloc(k), op = _malloc(o);
  stringToUTF8(m.kind, kp, k);
  stringToUTF8(m.options, op, o);
  var out = _readers_run(kp, op);
  _free(kp);
  _free(op);
  var text = UTF8ToString(out);
  _free(out);
  postMessage({ id: m.id, text: text });
};

Module['onRuntimeInitialized'] = function() {
  RLR.ready = true;
  var q = RLR.queue;
  RLR.queue = [];
  q.forEach(RLR.run);
};

Module['onAbort'] = function(what) {
  RLR.failed = String(what || 'abort');
  postMessage({ failed: RLR.failed });
};

self.onmessage = function(e) {
  if (RLR.failed) postMessage({ failed: RLR.failed });
  else if (RLR.ready) RLR.run(e.data);
  else RLR.queue.push(e.data);
};
