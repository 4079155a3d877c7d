// The worker side shared by the app's lazily loaded modules (readers.js,
// pdf.js): their first --pre-js. Messages from the page wait until the module
// is ready, then each goes to RLW.run (the module's own --pre-js, which posts
// the answer). A module that fails to load (its .wasm cannot be fetched)
// answers {failed: why}: the page tells the user.
var RLW = { ready: false, failed: '', queue: [], run: null };

// A string copied into the module's memory for the call f(pointer).
RLW.withStr = function(s, f) {
  var n = lengthBytesUTF8(s) + 1;
  var p = _malloc(n);
  stringToUTF8(s, p, n);
  try { return f(p); } finally { _free(p); }
};

Module['onRuntimeInitialized'] = function() {
  RLW.ready = true;
  var q = RLW.queue;
  RLW.queue = [];
  q.forEach(function(m) { RLW.run(m); });
};

Module['onAbort'] = function(what) {
  RLW.failed = String(what || 'abort');
  postMessage({ failed: RLW.failed });
};

self.onmessage = function(e) {
  if (RLW.failed) postMessage({ failed: RLW.failed });
  else if (RLW.ready) RLW.run(e.data);
  else RLW.queue.push(e.data);
};
