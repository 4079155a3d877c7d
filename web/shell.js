// Page glue, loaded before app.js: the Emscripten Module settings, the
// window.relance object (filled by library_relance.js once the app runs),
// the loading/error message, and the service worker for offline use.
'use strict';

(function () {
  var status = document.getElementById('status');
  var canvas = document.getElementById('canvas');

  function fatal(message) {
    status.textContent = message;
    status.className = 'error';
  }

  var resolveReady, rejectReady;
  var beforeLoss = null;  // the loading line as it was when the WebGL context was lost
  var relance = (window.relance = {
    version: '',
    ready: new Promise(function (resolve, reject) {
      resolveReady = resolve;
      rejectReady = reject;
    }),
  });
  // Resolved from C++ after the first usable frame.
  relance._resolveReady = function () {
    // While the display is interrupted its message stays, hidden once back.
    if (beforeLoss) beforeLoss.className = 'done';
    else status.className = 'done';
    resolveReady();
  };
  relance.ready.catch(function () {});  // failures are shown on the page

  // A lost WebGL context (a GPU process restarting, a driver reset): the
  // page says so until the browser restores the context, then the app draws
  // again (rl_gl_state, library_relance.js, counts the restores).
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();  // the browser restores it when it can
    if (!beforeLoss) beforeLoss = { text: status.textContent, className: status.className };
    fatal('L\u2019affichage a \u00e9t\u00e9 interrompu par le navigateur. Il reprendra d\u00e8s que possible ; sinon, rechargez la page (vos donn\u00e9es sont conserv\u00e9es).');
  });
  canvas.addEventListener('webglcontextrestored', function () {
    relance._glRestores = (relance._glRestores || 0) + 1;
    if (beforeLoss) {
      status.textContent = beforeLoss.text;
      status.className = beforeLoss.className;
      beforeLoss = null;
    }
  });

  window.Module = {
    canvas: canvas,
    print: function (text) { console.log(text); },
    printErr: function (text) { console.warn(text); },
    onAbort: function (what) {
      fatal('Relance s\u2019est arr\u00eat\u00e9e sur une erreur. Rechargez la page (vos donn\u00e9es enregistr\u00e9es sont conserv\u00e9es).');
      rejectReady(new Error('abort: ' + what));
    },
  };

  // The stored data's database, opened now rather than once app.wasm is
  // compiled and running: with a big ledger stored, opening it takes the
  // browser most of a second, which now passes while app.wasm downloads and
  // compiles. Only a database the browser lists at the app's schema version
  // is opened here; a new or older one is left to the app, which creates or
  // upgrades it (rl_storage_open, library_relance.js, which takes this
  // connection). Asking the browser first means the page never creates a
  // database only to abort its creation: the app creates it, once.
  // Resolves to the connection or null.
  relance._dbVersion = 2;
  relance._db = new Promise(function (resolve) {
    var idb;
    try { idb = window.indexedDB; } catch (e) { idb = null; }
    if (!idb || typeof idb.databases !== 'function') { resolve(null); return; }
    idb.databases().then(function (list) {
      var here = list.some(function (d) { return d.name === 'relance' && d.version === relance._dbVersion; });
      if (!here) { resolve(null); return; }
      var req;
      try { req = idb.open('relance', relance._dbVersion); } catch (e) { resolve(null); return; }
      // Deleted since it was listed: not created here either.
      req.onupgradeneeded = function () { req.transaction.abort(); };
      req.onerror = function (e) { e.preventDefault(); resolve(null); };
      req.onblocked = function () { resolve(null); };
      req.onsuccess = function () {
        var db = req.result;
        // Until the app takes it: a newer version of the app in another tab
        // must not wait for it.
        db.onversionchange = function () { db.close(); relance._dbClosed = true; };
        resolve(db);
      };
    }, function () { resolve(null); });
  });
  // And what the app reads first (RL.readNew, library_relance.js, on
  // opening): the snapshot record, with the clients' notes when it is an
  // image, and the journal after it, in one transaction. Resolves to
  // {db, snap, noteKeys, noteValues, entries} or null (the app reads then).
  relance._stored = relance._db.then(function (db) {
    if (!db) return null;
    return new Promise(function (resolve) {
      var tx;
      try { tx = db.transaction(['snapshot', 'journal', 'texts'], 'readonly'); } catch (e) { resolve(null); return; }
      var out = { db: db, snap: null, noteKeys: null, noteValues: null, entries: [] };
      var req = tx.objectStore('snapshot').get('main');
      req.onsuccess = function () {
        var snap = out.snap = req.result || null;
        if (snap && snap.image instanceof ArrayBuffer) {
          var texts = tx.objectStore('texts');
          var notes = IDBKeyRange.bound('client/', 'client/\uffff');
          var keys = texts.getAllKeys(notes), values = texts.getAll(notes);
          values.onsuccess = function () { out.noteKeys = keys.result; out.noteValues = values.result; };
        }
        var cur = tx.objectStore('journal').openCursor(IDBKeyRange.lowerBound(snap ? snap.seq : 0, true));
        cur.onsuccess = function () {
          var c = cur.result;
          if (!c) return;
          // A big entry (an import) is a Blob of its text (rl_storage_append),
          // read by the app (RL.entryTexts).
          out.entries.push({ seq: c.key, command: c.value instanceof Blob ? c.value : String(c.value) });
          c.continue();
        };
      };
      tx.oncomplete = function () { resolve(out); };
      tx.onabort = function () { resolve(null); };
    });
  });

  if (typeof WebAssembly !== 'object') {
    fatal('Ce navigateur est trop ancien pour Relance (WebAssembly manquant).');
  }

  if ('serviceWorker' in navigator && window.isSecureContext) {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register('sw.js').catch(function (err) {
        console.warn('relance: service worker not registered', err);
      });
    });
  }
})();
