// The browser side of the platform layer (linked with --js-library).
//
// [SECTION] Contents
// - Helpers (strings to and from the wasm heap, result delivery)
// - Frames: canvas size in device pixels, idle pause, wake-ups
// - Gestures: actions that browsers allow only inside a click or key handler
// - Input: pointer, wheel, keys, text through a hidden <textarea>
// - Clipboard
// - Downloads, links, files
// - Storage: IndexedDB journal + snapshot, BroadcastChannel between tabs
// - window.relance
//
// C++ calls the rl_* functions; this code calls back the relance_* functions
// exported from web/platform_web.cpp.

var LibraryRelance = {
  $RL__deps: ['malloc', 'free', '$Browser'],
  $RL: {
    // [SECTION] Helpers
    canvas: null,
    version: '',
    idleFrames: 0,
    paused: false,
    glRestores: 0,
    held: 0,              // edits being written: no frame is drawn meanwhile
    holdTimer: null,
    frames: 0,
    readyDone: false,
    inGesture: 0,
    pending: [],          // gesture-bound actions waiting for a gesture
    queued: false,        // input events left for the next frame
    wantText: false,
    textArea: null,
    composing: false,
    keysDown: {},         // key index -> true, for keys forwarded down
    clip: { text: '', fresh: false, fromKey: false },
    appVersion: 0,
    db: null,
    dbChain: null,
    lastSeen: 0,
    readOnly: '',         // '' or the error code that forbids writes
    channel: null,
    fileInput: null,

    // A NUL-terminated UTF-8 copy of s on the heap; the caller frees it.
    str: function(s) {
      var n = lengthBytesUTF8(s) + 1;
      var p = _malloc(n);
      stringToUTF8(s, p, n);
      return p;
    },
    withStr: function(s, f) {
      var p = RL.str(s);
      try { return f(p); } finally { _free(p); }
    },
    // Sends a JSON result to a C++ callback taking (id, const char* json).
    // Long strings (a snapshot's ledger: 190 MB for 100 000 invoices; an
    // imported batch from another tab) go over on their own first, each
    // replaced by {"$text": n} in the JSON, instead of escaped inside it and
    // parsed back out of it: that took three more copies, and the tab crashed
    // reopening a big ledger.
    longText: 65536,
    send: function(fn, id, obj) {
      var n = 0;
      var apart = function(v) {
        // A snapshot's image: copied once, into the string C++ makes for it.
        if (v instanceof ArrayBuffer) {
          var kb = n++;
          var pb = _relance_answer_bytes(kb, v.byteLength);
          HEAPU8.set(new Uint8Array(v), pb);
          return { '$bytes': kb };
        }
        // Its texts (UTF-8 ArrayBuffers by key): the same, one by one.
        if (v && v.textKeys) {
          var kt = n++;
          RL.withStr(v.textKeys.join('\n'), function(p) { _relance_answer_texts(kt, v.textKeys.length, p); });
          v.textValues.forEach(function(b, i) {
            var pt = _relance_answer_text_slot(kt, i, b.byteLength);
            HEAPU8.set(new Uint8Array(b), pt);
          });
          return { '$texts': kt };
        }
        if (typeof v === 'string') {
          if (v.length < RL.longText) return v;
          var k = n++;
          RL.withStr(v, function(p) { _relance_answer_text(k, p); });
          return { '$text': k };
        }
        if (Array.isArray(v)) return v.map(apart);
        if (v && typeof v === 'object') {
          var out = {};
          Object.keys(v).forEach(function(key) { out[key] = apart(v[key]); });
          return out;
        }
        return v;
      };
      RL.withStr(JSON.stringify(apart(obj)), function(p) { fn(id, p); });
      RL.wake();
    },

    // [SECTION] Frames
    // Resumes the main loop after it paused for idleness.
    wake: function() {
      RL.idleFrames = 0;
      if (RL.paused) {
        RL.paused = false;
        if (!RL.held) Browser.mainLoop.resume();
      }
    },
    // While an edit is being written to IndexedDB (a few ms), the loop draws
    // nothing: the frame that follows shows the edit applied, and on a slow
    // machine the frames no longer delay the commit they wait for (headless,
    // each frame is rasterized on the CPU and the write waited behind 4-5 of
    // them: 30-190 ms instead of 2-6 ms). A stuck write holds for 250 ms at most.
    hold: function() {
      if (RL.held++ > 0) return;
      if (!RL.paused) Browser.mainLoop.pause();
      RL.holdTimer = setTimeout(function() { RL.held = 1; RL.release(); }, 250);
    },
    release: function() {
      if (RL.held === 0 || --RL.held > 0) return;
      clearTimeout(RL.holdTimer);
      if (!RL.paused) Browser.mainLoop.resume();
    },
    // Runs frames now, inside the current event handler, until the input
    // queue is drained (a click's press and release both reach ImGui).
    pump: function() {
      for (var i = 0; i < 4; ++i) {
        _relance_frame();
        if (!RL.queued) break;
      }
    },

    // [SECTION] Gestures
    // Runs f now when inside a user gesture, else at the next one.
    act: function(f) {
      if (RL.inGesture > 0) RL.runAction(f); else RL.pending.push(f);
    },
    runAction: function(f) {
      try { f(); } catch (e) { console.warn('relance: action failed', e); }
    },
    // Called from pointerdown/up, keydown/up, touchend handlers: ImGui sees
    // the event in a frame run right here, so a Button() that fires on this
    // release can open a link or start a download while the browser still
    // counts it as the user's gesture.
    gesture: function() {
      RL.inGesture++;
      try {
        RL.pump();
        var actions = RL.pending;
        RL.pending = [];
        actions.forEach(RL.runAction);
      } finally {
        RL.inGesture--;
      }
    },

    // [SECTION] Input
    pointerPos: function(e) {
      var r = RL.canvas.getBoundingClientRect();
      _relance_input_mouse_move(e.clientX - r.left, e.clientY - r.top);
    },
    // DOM buttons: 0 left, 1 middle, 2 right. ImGui: 0 left, 1 right, 2 middle.
    imguiButton: function(b) { return b === 1 ? 2 : b === 2 ? 1 : b; },
    named: {
      'Backspace': 8, 'Tab': 9, 'Enter': 13, 'Escape': 27, ' ': 32, 'Spacebar': 32,
      'PageUp': 33, 'PageDown': 34, 'End': 35, 'Home': 36,
      'ArrowLeft': 37, 'ArrowUp': 38, 'ArrowRight': 39, 'ArrowDown': 40,
      'Left': 37, 'Up': 38, 'Right': 39, 'Down': 40,
      'Insert': 45, 'Delete': 46, 'Del': 46,
      'Shift': 16, 'Control': 17, 'Alt': 18, 'Meta': 91, 'OS': 91,
    },
    mods: function(e) {
      // Cmd on a Mac does what Ctrl does elsewhere.
      return (e.shiftKey ? 1 : 0) | ((e.ctrlKey || e.metaKey) ? 2 : 0) | (e.altKey ? 4 : 0) | (e.metaKey ? 8 : 0);
    },
    // The key index ImGui knows this key by, or -1 for keys it does not need:
    // printable characters arrive as text, not as keys, unless a shortcut
    // modifier is held (Ctrl+A, Ctrl+C...). Letters by their meaning, so
    // Ctrl+A is Ctrl+A on an AZERTY keyboard too.
    keyIndex: function(e) {
      var k = e.key;
      if (k in RL.named) return (k === 'Enter' && e.location === 3) ? 300 : RL.named[k];
      if (!(e.ctrlKey || e.metaKey || e.altKey)) return -1;
      if (k && k.length === 1) {
        var c = k.toUpperCase().charCodeAt(0);
        if (c >= 65 && c <= 90) return c;
        if (c >= 48 && c <= 57) return c;
      }
      return -1;
    },
    // Shortcuts that belong to the browser (reload, devtools, zoom, tabs):
    // neither handled by the app nor prevented.
    browserKey: function(e) {
      var k = e.key || '';
      if (/^F([1-9]|1[0-2])$/.test(k)) return true;
      if (e.ctrlKey || e.metaKey) {
        var u = k.toUpperCase();
        if (e.shiftKey && (u === 'I' || u === 'J' || u === 'C' || u === 'R' || u === 'N' || u === 'T')) return true;
        if (u === 'R' || u === 'L' || u === 'T' || u === 'W' || u === 'N' || u === 'Q' || u === 'P' ||
            u === 'TAB' || u === 'PAGEUP' || u === 'PAGEDOWN' ||
            u === '0' || u === '+' || u === '-' || u === '=') return true;
      }
      return false;
    },
    onKeyDown: function(e) {
      if (e.isComposing || e.keyCode === 229) return;  // an IME is composing: text comes at compositionend
      if (RL.browserKey(e)) return;
      if (RL.overlayKey && RL.overlayKey(e)) { RL.wake(); return; }  // library_semantics.js
      var key = RL.keyIndex(e);
      var mods = RL.mods(e);
      if (key < 0) { RL.wake(); return; }
      if (key === 9) e.preventDefault();  // Tab moves between the app's fields, not out of the page
      var shortcut = (mods & 2) !== 0;
      // Ctrl+V: the text comes with the paste event, which replays Ctrl+V.
      if (shortcut && key === 86) return;
      RL.keysDown[key] = true;
      _relance_input_key(key, 1, mods);
      if (shortcut && (key === 67 || key === 88)) {
        // Ctrl+C / Ctrl+X: let ImGui put the selection on RL.clip now, before
        // the browser fires its copy/cut event.
        RL.clip.fromKey = true;
        try { RL.gesture(); } finally { RL.clip.fromKey = false; }
        return;
      }
      RL.gesture();
      RL.wake();
    },
    onKeyUp: function(e) {
      var key = RL.keyIndex(e);
      if (key < 0) {
        var k = e.key;
        key = (k in RL.named) ? RL.named[k] : (k && k.length === 1 ? k.toUpperCase().charCodeAt(0) : -1);
      }
      if (key >= 0 && RL.keysDown[key]) {
        delete RL.keysDown[key];
        _relance_input_key(key, 0, RL.mods(e));
        RL.gesture();
      }
      RL.wake();
    },
    // The wheel over the canvas (or the overlay's text) scrolls ImGui.
    onWheel: function(e) {
      var scale = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 3 : 1 / 100;
      _relance_input_wheel(-e.deltaX * scale, -e.deltaY * scale);
      e.preventDefault();
      RL.wake();
    },
    releaseAll: function() {
      RL.keysDown = {};
      _relance_input_focus(0);
      RL.wake();
    },
    text: function(s) {
      if (!s) return;
      RL.withStr(s, function(p) { _relance_input_text(p); });
      RL.wake();
    },
    onInput: function(e) {
      var ta = RL.textArea;
      var t = e.inputType || '';
      if (RL.composing || e.isComposing || t === 'insertCompositionText' || t === 'insertFromComposition') return;
      if (t === 'deleteContentBackward' && !RL.keysDown[8]) {
        // A virtual keyboard deleted without a key event: replay Backspace.
        _relance_input_key(8, 1, 0); _relance_input_key(8, 0, 0);
        ta.value = '';
        RL.wake();
        return;
      }
      if (t.indexOf('delete') === 0 || t === 'insertLineBreak' || t === 'insertParagraph' || t === 'insertFromPaste' ||
          t === 'insertFromDrop') {
        ta.value = '';  // handled as keys, or by the paste event
        return;
      }
      var s = (e.data != null && t !== 'insertReplacementText') ? e.data : ta.value;
      ta.value = '';
      RL.text(s);
    },
    // What the hidden textarea tells the browser for each kind of field
    // (ui::Keyboard): the phone's keyboard (inputmode), capitals, autofill.
    // A textarea has no type attribute that counts; inputmode does the job.
    textKinds: {
      text: { inputmode: 'text', autocapitalize: 'sentences', autocomplete: 'off' },
      email: { inputmode: 'email', autocapitalize: 'none', autocomplete: 'email' },
      tel: { inputmode: 'tel', autocapitalize: 'none', autocomplete: 'tel' },
      decimal: { inputmode: 'decimal', autocapitalize: 'none', autocomplete: 'off' },
      numeric: { inputmode: 'numeric', autocapitalize: 'none', autocomplete: 'off' },
      postcode: { inputmode: 'numeric', autocapitalize: 'none', autocomplete: 'postal-code' },
      date: { inputmode: 'text', autocapitalize: 'none', autocomplete: 'off' },
    },
    setTextKind: function(kind) {
      var ta = RL.textArea;
      var attrs = RL.textKinds[kind] || RL.textKinds.text;
      if (!ta || ta.getAttribute('data-kind') === kind) return;
      ta.setAttribute('data-kind', kind);
      for (var name in attrs) ta.setAttribute(name, attrs[name]);
      // A phone picks its keyboard when the element gains focus: focused
      // already (one field to the next), focus it again.
      if (document.activeElement === ta) {
        ta.blur();
        ta.focus({ preventScroll: true });
      }
    },
    setupInput: function() {
      var c = RL.canvas;
      var ta = document.createElement('textarea');
      ta.className = 'rl-text';
      ta.setAttribute('autocomplete', 'off');
      ta.setAttribute('autocorrect', 'off');
      ta.setAttribute('autocapitalize', 'sentences');
      ta.setAttribute('inputmode', 'text');
      ta.setAttribute('data-kind', 'text');
      ta.setAttribute('spellcheck', 'false');
      ta.setAttribute('aria-label', 'Saisie');
      ta.setAttribute('tabindex', '-1');
      document.body.appendChild(ta);
      RL.textArea = ta;
      ta.addEventListener('input', RL.onInput);
      ta.addEventListener('compositionstart', function() { RL.composing = true; });
      ta.addEventListener('compositionend', function(e) {
        RL.composing = false;
        ta.value = '';
        RL.text(e.data);
      });

      c.addEventListener('pointerdown', function(e) {
        if (!e.isPrimary) return;
        if (e.pointerType === 'mouse' && e.button > 2) return;
        try { c.setPointerCapture(e.pointerId); } catch (err) {}
        RL.pointerPos(e);
        _relance_input_mouse_button(RL.imguiButton(e.button), 1);
        RL.gesture();
        RL.wake();
      });
      c.addEventListener('pointermove', function(e) {
        if (!e.isPrimary) return;
        RL.pointerPos(e);
        RL.wake();
      });
      var up = function(e) {
        if (!e.isPrimary) return;
        RL.pointerPos(e);
        _relance_input_mouse_button(RL.imguiButton(e.button < 0 ? 0 : e.button), 0);
        // A finger lifted leaves nothing hovered.
        if (e.pointerType !== 'mouse') _relance_input_mouse_leave();
        RL.gesture();
        RL.wake();
      };
      c.addEventListener('pointerup', up);
      c.addEventListener('pointercancel', up);
      c.addEventListener('pointerleave', function(e) {
        if (e.pointerType === 'mouse' && e.buttons === 0) { _relance_input_mouse_leave(); RL.wake(); }
      });
      // Keep the focus where it is (the hidden textarea while editing).
      c.addEventListener('mousedown', function(e) { e.preventDefault(); });
      c.addEventListener('contextmenu', function(e) { e.preventDefault(); });
      c.addEventListener('wheel', RL.onWheel, { passive: false });

      window.addEventListener('keydown', RL.onKeyDown);
      window.addEventListener('keyup', RL.onKeyUp);
      window.addEventListener('blur', RL.releaseAll);
      window.addEventListener('focus', function() { _relance_input_focus(1); RL.wake(); });
      window.addEventListener('resize', RL.wake);
      document.addEventListener('visibilitychange', function() {
        if (document.visibilityState === 'visible') { RL.wake(); RL.pull(); }
      });
      document.addEventListener('copy', function(e) { RL.onCopy(e); });
      document.addEventListener('cut', function(e) { RL.onCopy(e); });
      document.addEventListener('paste', RL.onPaste);
      document.addEventListener('dragover', function(e) {
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      });
      document.addEventListener('drop', function(e) {
        e.preventDefault();
        if (e.dataTransfer && e.dataTransfer.files) RL.deliverFiles(e.dataTransfer.files);
      });
    },

    // [SECTION] Clipboard
    onCopy: function(e) {
      if (RL.clip.fresh) {
        RL.clip.fresh = false;
        e.clipboardData.setData('text/plain', RL.clip.text);
        e.preventDefault();
      } else if (RL.wantText) {
        e.preventDefault();  // nothing selected in the field: leave the clipboard as it is
      }
    },
    onPaste: function(e) {
      var text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
      RL.withStr(text, function(p) { _relance_clipboard_pasted(p); });
      if (!RL.wantText) { RL.wake(); return; }
      e.preventDefault();
      // ImGui pastes on Ctrl+V from GetClipboardText, which now holds the
      // pasted text; a paste from a menu or a phone had no Ctrl+V, so replay
      // one, then restore the real modifier state.
      var realCtrl = !!(RL.keysDown[17]);
      _relance_input_key(86, 1, 2);
      _relance_input_key(86, 0, 2);
      _relance_input_key(17, realCtrl ? 1 : 0, realCtrl ? 2 : 0);
      RL.wake();
    },

    // [SECTION] Downloads, links, files
    clickAnchor: function(a) {
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      document.body.removeChild(a);
    },
    // Every file read first, then handed over in their order (several
    // dropped or picked at once make one import).
    deliverFiles: function(files) {
      var list = Array.prototype.slice.call(files);
      Promise.all(list.map(function(f) {
        return f.arrayBuffer().then(null, function(err) {
          console.warn('relance: could not read ' + f.name, err);
          return null;
        });
      })).then(function(bufs) {
        list.forEach(function(f, i) {
          if (!bufs[i]) return;
          var bytes = new Uint8Array(bufs[i]);
          var p = _malloc(Math.max(1, bytes.length));
          HEAPU8.set(bytes, p);
          RL.withStr(f.name, function(n) {
            RL.withStr(f.type || '', function(m) { _relance_file_opened(n, m, p, bytes.length); });
          });
          _free(p);
        });
        RL.wake();
      });
    },

    // [SECTION] Storage
    dbError: function(err, fallback) {
      var name = err && err.name ? err.name : '';
      var msg = (name ? name + ': ' : '') + (err && err.message ? err.message : String(err || fallback || 'unknown'));
      if (name === 'QuotaExceededError') return { ok: false, error: 'quota_exceeded', message: msg };
      if (name === 'VersionError') return { ok: false, error: 'newer_format', message: msg };
      if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'NotAllowedError')
        return { ok: false, error: 'unavailable', message: msg };
      return { ok: false, error: 'failed', message: msg };
    },
    // Storage operations run one after the other: each reads from lastSeen,
    // which the previous one moves.
    queueDb: function(op) {
      RL.dbChain = (RL.dbChain || Promise.resolve()).then(function() {
        return new Promise(function(resolve) {
          try { op(resolve); } catch (e) { console.warn('relance: storage', e); resolve(); }
        });
      });
    },
    snapStamp: undefined, // identity of the snapshot this tab built on (undefined: not read yet)
    // Packs of history texts. A whole ledger written at once (an import, a
    // backup restored, the sample) put each history text in a record of its
    // own: 218 000 records for 100 000 invoices, most of the import's time
    // spent committing them. Such a write now stores them by packs of about
    // 256 KB, under 'pack/' + the first key of the pack (keys in
    // IndexedDB's order), a record { keys, ends, data }: the texts end to
    // end in one ArrayBuffer, `ends` a Uint32Array. C++ makes the packs
    // (pack_texts, core/snapshot.h); rl_storage_write_snapshot copies each
    // out of the heap once.
    // A text added later (a reminder sent) is still a record of its own;
    // one of its own wins over a packed one of the same key.
    packPrefix: 'pack/',
    // The text of `key` in a pack record, or null.
    fromPack: function(pack, key) {
      if (!pack || !Array.isArray(pack.keys)) return null;
      var lo = 0, hi = pack.keys.length - 1;
      while (lo <= hi) {
        var mid = (lo + hi) >> 1, k = pack.keys[mid];
        if (k === key) return pack.data.slice(mid ? pack.ends[mid - 1] : 0, pack.ends[mid]);
        if (k < key) lo = mid + 1; else hi = mid - 1;
      }
      return null;
    },

    snapshotOut: function(s, texts) {
      return { ledger: typeof s.ledger === 'string' ? s.ledger : '', seq: s.seq || 0, format: s.format || 0,
               image: s.image instanceof ArrayBuffer ? s.image : null, texts: texts || null };
    },
    // The stores every storage transaction spans.
    stores: ['snapshot', 'journal', 'texts'],
    // Reads, inside transaction tx, the snapshot and the journal entries this
    // tab has not seen; calls then(result) or fail(error). The snapshot's
    // text (the whole ledger, 190 MB at 100k invoices) is read only when
    // needed: with `full` (opening), or when another tab compacted or
    // replaced the ledger (result.reset). Otherwise the small 'meta' record,
    // written with every snapshot, says whether it changed: an edit reads
    // and sends nothing that grows with the ledger.
    readNew: function(tx, then, fail, full) {
      var journal = tx.objectStore('journal');
      var snapshots = tx.objectStore('snapshot');
      var out = { ok: true, entries: [], reset: null, snapshot: null, stamp: null };
      var from = RL.lastSeen;
      var changed = function(head) {
        return head.seq > from || (RL.snapStamp !== undefined && (head.stamp || null) !== RL.snapStamp);
      };
      var readJournal = function() {
        var cur = journal.openCursor(IDBKeyRange.lowerBound(from, true));
        cur.onsuccess = function() {
          var c = cur.result;
          if (c) { out.entries.push({ seq: c.key, command: c.value instanceof Blob ? c.value : String(c.value) }); c.continue(); return; }
          then(out, journal);
        };
      };
      var readMain = function() {
        var req = snapshots.get('main');
        req.onsuccess = function() {
          var snap = req.result;
          if (snap && snap.format > RL.appVersion) {
            fail({ ok: false, error: 'newer_format',
                   message: 'format ' + snap.format + ' > ' + RL.appVersion });
            return;
          }
          var use = function(texts) {
            if (snap && RL.takeSnapshot(out, snap, texts, changed(snap))) from = snap.seq;
            if (!full) out.snapshot = null;  // only the reset, if any, goes to C++
            readJournal();
          };
          // A binary image comes with the clients' notes, read in the same
          // transaction (only when it goes to C++); the history texts, nearly
          // all of the store, are read when shown or exported
          // (rl_storage_read_texts).
          if (!snap || !(snap.image instanceof ArrayBuffer) || !(full || changed(snap))) { use(null); return; }
          var texts = tx.objectStore('texts');
          var notes = IDBKeyRange.bound('client/', 'client/\uffff');
          var keys = texts.getAllKeys(notes);
          var values = texts.getAll(notes);
          values.onsuccess = function() {
            use({ textKeys: keys.result.map(String), textValues: values.result });
          };
        };
      };
      if (full) { readMain(); return; }
      var req = snapshots.get('meta');
      req.onsuccess = function() {
        var head = req.result;
        // No 'meta' yet (a store written before it existed): the full record.
        if (!head || head.format > RL.appVersion || changed(head)) { readMain(); return; }
        out.stamp = head.stamp || null;
        readJournal();
      };
    },
    // The stored snapshot record into out (what readNew gives); `reset`:
    // another tab compacted past us, or replaced the ledger (or this tab
    // opens): start over from it. Returns reset.
    takeSnapshot: function(out, snap, texts, reset) {
      out.stamp = snap.stamp || null;
      if (typeof snap.ledger === 'string' || snap.image instanceof ArrayBuffer || snap.seq > 0)
        out.snapshot = RL.snapshotOut(snap, texts);
      if (reset) out.reset = out.snapshot || RL.snapshotOut({ seq: snap.seq });
      return reset;
    },
    // A big entry (an import) is stored as a Blob of its UTF-8 text
    // (rl_storage_append): read once the transaction is over, then
    // then(out). An entry that cannot be read makes out a failure that
    // stops this tab writing (it would write on top of a journal it did
    // not apply).
    entryTexts: function(out, then) {
      var blobs = out && out.ok && out.entries ? out.entries.filter(function(e) { return e.command instanceof Blob; }) : [];
      if (!blobs.length) { then(out); return; }
      Promise.all(blobs.map(function(e) {
        return e.command.text().then(function(t) { e.command = t; });
      })).then(function() { then(out); }, function(err) {
        RL.readOnly = 'unavailable';
        then({ ok: false, error: 'unavailable', message: 'journal entry unreadable: ' + String(err && err.message || err) });
      });
    },
    noteSeen: function(out) {
      RL.snapStamp = out.stamp;
      if (out.reset && out.reset.seq > RL.lastSeen) RL.lastSeen = out.reset.seq;
      out.entries.forEach(function(e) { if (e.seq > RL.lastSeen) RL.lastSeen = e.seq; });
      if (out.appended > RL.lastSeen) RL.lastSeen = out.appended;
    },
    // Pulls what other tabs appended, and hands it to C++.
    pull: function() {
      if (!RL.db || RL.readOnly) return;
      RL.queueDb(function(resolve) {
        var tx;
        try { tx = RL.db.transaction(RL.stores, 'readonly'); } catch (e) { resolve(); return; }
        var result = null;
        RL.readNew(tx, function(out) { result = out; }, function(err) { result = err; });
        tx.oncomplete = function() {
          RL.entryTexts(result, function(result) {
            if (result && result.ok) RL.noteSeen(result);
            if (result && (!result.ok || result.entries.length || result.reset)) RL.send(_relance_storage_remote, 0, result);
            resolve();
          });
        };
        tx.onabort = function() { resolve(); };
      });
    },
    // hold: draw no frame until the transaction ends (an edit; see hold).
    writeTx: function(id, body, onDone, hold) {
      if (!RL.db || RL.readOnly) {
        RL.send(_relance_storage_done, id, { ok: false, error: RL.readOnly || 'unavailable', message: 'storage is not writable' });
        return;
      }
      if (hold) RL.hold();
      var answer = function(r) {
        RL.send(_relance_storage_done, id, r);
        if (hold) RL.release();
      };
      RL.queueDb(function(resolve) {
        var tx, result = null, failure = null;
        try { tx = RL.db.transaction(RL.stores, 'readwrite'); } catch (e) {
          answer(RL.dbError(e));
          resolve();
          return;
        }
        var fail = function(err) {
          failure = err;
          try { tx.abort(); } catch (e) {}
        };
        body(tx, function(r) { result = r; }, fail);
        tx.oncomplete = function() {
          RL.entryTexts(result, function(result) {
            if (result && result.ok) onDone(result);
            answer(result);
            resolve();
          });
        };
        tx.onerror = function(e) { e.preventDefault(); };  // reported once, by onabort
        tx.onabort = function() {
          var r = failure || RL.dbError(tx.error, 'transaction aborted');
          if (r.error === 'newer_format') RL.readOnly = 'newer_format';
          answer(r);
          resolve();
        };
      });
    },

    // [SECTION] window.relance
    call: function(name, arg) {
      var ret = RL.withStr(name, function(n) {
        return RL.withStr(arg == null ? '' : String(arg), function(a) { return _relance_api_call(n, a); });
      });
      if (!ret) throw new Error('relance: unknown api ' + name);
      var s = UTF8ToString(ret);
      _free(ret);
      return JSON.parse(s);
    },
    asyncCalls: {},
    nextAsync: 1,
    // `raw`: the answer is text, given as it is (not parsed as JSON).
    callAsync: function(name, arg, raw) {
      return new Promise(function(resolve) {
        var id = RL.nextAsync++;
        RL.asyncCalls[id] = { resolve: resolve, raw: !!raw };
        RL.withStr(name, function(n) {
          RL.withStr(arg == null ? '' : String(arg), function(a) { _relance_api_call_async(id, n, a); });
        });
        // A frame shows what the call changed (also when answered at once).
        RL.wake();
      });
    },
    // The UTF-8 text at data (len bytes) of the wasm heap, decoded in one
    // pass (UTF8ToString would first look for its end byte by byte).
    decoder: null,
    heapText: function(data, len) {
      if (!RL.decoder) RL.decoder = new TextDecoder('utf-8');
      return RL.decoder.decode(HEAPU8.subarray(data, data + len));
    },
    // The worker's database of the days to come (see sw.js).
    notifyDb: function(use) {
      var req;
      try { req = indexedDB.open('relance-rappels', 1); } catch (e) { return; }
      req.onupgradeneeded = function() { req.result.createObjectStore('kv'); };
      req.onsuccess = function() {
        var db = req.result;
        try { use(db); } finally { db.close(); }
      };
      req.onerror = function() { console.warn('relance: reminder days not stored', req.error); };
    },
    // A daily background check, where the browser has Periodic Background
    // Sync (an installed app); elsewhere the check runs at each opening.
    registerDailyCheck: function() {
      if (!('serviceWorker' in navigator)) return;
      navigator.serviceWorker.ready.then(function(reg) {
        if (!reg.periodicSync) return;
        return reg.periodicSync.register('relance-jour', { minInterval: 12 * 60 * 60 * 1000 });
      }).catch(function(e) { console.info('relance: no background check (' + e.message + ')'); });
    },
    setupNotify: function() {
      // A click on the notification while the page is open: to Aujourd'hui.
      if ('serviceWorker' in navigator) {
        navigator.serviceWorker.addEventListener('message', function(e) {
          if (e.data && e.data.type === 'relance-aujourdhui') { _relance_notification_clicked(); RL.wake(); }
        });
      }
      if (typeof Notification !== 'undefined' && Notification.permission === 'granted') RL.registerDailyCheck();
      window.addEventListener('popstate', function() {
        RL.withStr(window.location.hash || '', function(f) { _relance_view_changed(f); });
        RL.wake();
      });
    },
    installApi: function() {
      var api = window.relance || (window.relance = {});
      api.version = RL.version;
      Object.defineProperty(api, 'frames', { get: function() { return RL.frames; }, configurable: true });
      Object.defineProperty(api, 'idle', { get: function() { return RL.paused; }, configurable: true });
      api.ui = {
        rect: function(label) { return RL.call('ui.rect', label); },
        text: function(label) { return RL.call('ui.text', label); },
        labels: function() { return RL.call('ui.labels', ''); },
      };
      api.today = function() { return RL.call('today', ''); };
      api.storage = { status: function() { return RL.call('storage.status', ''); } };
      // The ledger as a backup file, a backup imported, the agenda of a day.
      // (A promise: the texts of the history are read from storage first.)
      api.exportLedger = function() {
        return RL.callAsync('exportLedger', '', true).then(function(text) {
          // A ledger file starts with its "format"; a failure is {"ok":false,...}.
          if (text.startsWith('{"ok":false')) throw new Error(JSON.parse(text).error);
          return text;
        });
      };
      api.importLedger = function(json) { return RL.callAsync('importLedger', json); };
      api.agenda = function(date) { return JSON.stringify(RL.call('agenda', date)); };
      // window.relance.dev: only in the dev build (library_relance_dev.js).
    },
  },

  // ---------------------------------------------------------------------------
  // Called from C++.

  rl_init: function(version) {
    RL.version = UTF8ToString(version);
    RL.canvas = Module['canvas'];
    RL.canvas.addEventListener('webglcontextrestored', function() { RL.wake(); });
    RL.setupInput();
    RL.setupNotify();
    RL.installApi();
  },

  rl_today: function(buf, len) {
    var m = /[?&]today=(\d{4}-\d{2}-\d{2})(?:&|$)/.exec(window.location.search);
    var s;
    if (m) {
      s = m[1];
    } else {
      var d = new Date();
      var pad = function(n) { return (n < 10 ? '0' : '') + n; };
      s = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
    }
    stringToUTF8(s, buf, len);
  },

  // The WebGL context: 0 usable; 1 lost, nothing can be drawn; 2 restored
  // since the last call, the GL objects are to be made again (shell.js
  // counts the restores).
  rl_gl_state: function() {
    var gl = Module['ctx'];
    if (gl && gl.isContextLost()) return 1;
    var restores = (window.relance && window.relance._glRestores) || 0;
    if (restores !== RL.glRestores) {
      RL.glRestores = restores;
      return 2;
    }
    return 0;
  },

  // out: [css width, css height, framebuffer width, framebuffer height].
  rl_sync_canvas: function(out) {
    var c = RL.canvas;
    var dpr = window.devicePixelRatio || 1;
    var r = c.getBoundingClientRect();
    var w = Math.max(1, r.width), h = Math.max(1, r.height);
    var fw = Math.max(1, Math.round(w * dpr)), fh = Math.max(1, Math.round(h * dpr));
    if (c.width !== fw) c.width = fw;
    if (c.height !== fh) c.height = fh;
    HEAPF64[(out >> 3) + 0] = w;
    HEAPF64[(out >> 3) + 1] = h;
    HEAPF64[(out >> 3) + 2] = fw;
    HEAPF64[(out >> 3) + 3] = fh;
  },

  rl_frame_done: function(wantText, x, y, h, busy, queued) {
    RL.frames++;
    RL.queued = !!queued;
    var ta = RL.textArea;
    if (wantText) {
      // Under the field being edited: IME candidate windows and phones
      // scrolling to the caret use this position.
      ta.style.left = Math.max(0, x) + 'px';
      ta.style.top = Math.max(0, y) + 'px';
      ta.style.height = Math.max(1, h) + 'px';
      if (document.activeElement !== ta) ta.focus({ preventScroll: true });
    } else if (RL.wantText && document.activeElement === ta) {
      if (RL.afterEdit) RL.afterEdit(); else ta.blur();  // library_semantics.js
    }
    RL.wantText = !!wantText;
    if (busy || queued) RL.idleFrames = 0; else RL.idleFrames++;
    // A few frames after the last input: stop drawing until something happens.
    if (RL.idleFrames >= 4 && !RL.paused) {
      RL.paused = true;
      Browser.mainLoop.pause();
    }
  },

  rl_ready: function() {
    if (RL.readyDone) return;
    RL.readyDone = true;
    if (window.relance && window.relance._resolveReady) window.relance._resolveReady();
  },

  rl_wake: function() { RL.wake(); },

  // Text input: the kind of the field being edited (ui::Keyboard).
  rl_text_kind: function(kind) { RL.setTextKind(UTF8ToString(kind)); },

  rl_set_clipboard: function(text) {
    var s = UTF8ToString(text);
    RL.clip.text = s;
    RL.clip.fresh = true;
    if (RL.clip.fromKey) return;  // the copy/cut event of this key press takes it
    // A "Copier" button: a copy command inside the click, else the async API.
    RL.act(function() {
      var done = false;
      try { done = document.execCommand('copy'); } catch (e) {}
      if (!done && navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(s).catch(function(err) { console.warn('relance: clipboard', err); });
      RL.clip.fresh = false;
    });
  },

  // `now`: a file made after its click (a letter's PDF), saved at once.
  rl_download: function(name, mime, data, len, now) {
    var fileName = UTF8ToString(name);
    // The Blob copies the bytes out of the heap view itself (one copy).
    var blob = new Blob([HEAPU8.subarray(data, data + len)], { type: UTF8ToString(mime) });
    (now ? RL.runAction : RL.act)(function() {
      var url = URL.createObjectURL(blob);
      var a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      RL.clickAnchor(a);
      setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
    });
  },

  rl_open_link: function(url) {
    var s = UTF8ToString(url);
    // mailto:, sms:, tel:, and the compose windows of two webmails (a new
    // tab the user opened by a click; the app itself contacts no one).
    var webmail = /^https:\/\/(mail\.google\.com\/mail\/\?view=cm&|outlook\.live\.com\/mail\/0\/deeplink\/compose\?)/.test(s);
    if (!webmail && !/^(mailto|sms|tel):/i.test(s)) { console.warn('relance: refused link ' + s); return; }
    RL.act(function() {
      var a = document.createElement('a');
      a.href = s;
      if (webmail) { a.target = '_blank'; a.rel = 'noopener noreferrer'; }
      RL.clickAnchor(a);
    });
  },

  rl_pick_file: function(accept, multiple) {
    var acc = UTF8ToString(accept);
    if (!RL.fileInput) {
      var input = document.createElement('input');
      input.type = 'file';
      input.multiple = false;
      input.className = 'rl-file';
      input.addEventListener('change', function() {
        if (input.files) RL.deliverFiles(input.files);
        input.value = '';
      });
      document.body.appendChild(input);
      RL.fileInput = input;
    }
    RL.act(function() {
      RL.fileInput.accept = acc;
      RL.fileInput.multiple = !!multiple;
      RL.fileInput.click();
    });
  },

  rl_storage_open: function(id, appVersion) {
    RL.appVersion = appVersion;
    var unavailable = function(msg) {
      RL.readOnly = 'unavailable';
      RL.send(_relance_storage_done, id, { ok: false, error: 'unavailable', message: msg });
    };
    var idb;
    try { idb = window.indexedDB; } catch (e) { unavailable(String(e)); return; }
    if (!idb) { unavailable('IndexedDB is not available'); return; }
    var req;
    // Version 2 adds the store `texts` (the binary snapshot's long texts); a
    // version-1 profile keeps its JSON snapshot until the app writes it again.
    var open = function() {
      try { req = idb.open('relance', 2); } catch (e) { unavailable(String(e)); return; }
      req.onupgradeneeded = upgrade;
      req.onblocked = blocked;
      req.onerror = failed;
      req.onsuccess = function() { read(req.result); };
    };
    var upgrade = function() {
      var db = req.result;
      if (!db.objectStoreNames.contains('journal')) db.createObjectStore('journal', { autoIncrement: true });
      if (!db.objectStoreNames.contains('texts')) db.createObjectStore('texts');
      if (!db.objectStoreNames.contains('snapshot')) {
        // The format marker exists from the start, so an older build can
        // recognise newer data even before the first compaction.
        db.createObjectStore('snapshot').put({ format: appVersion, seq: 0, ledger: null }, 'main');
      }
    };
    var blocked = function() {
      console.warn('relance: database upgrade blocked by another tab');
    };
    var failed = function(e) {
      e.preventDefault();
      var r = RL.dbError(req.error, 'open failed');
      if (r.error === 'failed') r.error = 'unavailable';
      RL.readOnly = r.error;
      RL.send(_relance_storage_done, id, r);
    };
    var watch = function(db) {
      db.onversionchange = function() {
        // A newer build upgrades the schema: step aside, write nothing more.
        db.close();
        RL.db = null;
        RL.readOnly = 'newer_format';
        RL.send(_relance_storage_remote, 0, { ok: false, error: 'newer_format', message: 'a newer version opened the data' });
      };
    };
    // Reads the snapshot and the journal through the connection db;
    // `reopen`, when given, is called instead if db was closed meanwhile.
    var read = function(db, reopen) {
      var tx;
      try {
        tx = db.transaction(RL.stores, 'readonly');
      } catch (e) {
        if (reopen) { reopen(); return; }
        throw e;
      }
      watch(db);
      var result = null;
      RL.lastSeen = 0;
      RL.snapStamp = undefined;
      RL.readNew(tx, function(out) { result = out; }, function(err) { result = err; }, true);
      tx.oncomplete = function() { RL.entryTexts(result, function(r) { done(db, r); }); };
      tx.onabort = function() {
        RL.readOnly = 'unavailable';
        RL.send(_relance_storage_done, id, RL.dbError(tx.error, 'read failed'));
      };
    };
    var done = function(db, result) {
      if (!result) result = { ok: false, error: 'failed', message: 'nothing read' };
      if (!result.ok) {
        RL.readOnly = result.error;
        db.close();
        RL.send(_relance_storage_done, id, result);
        return;
      }
      RL.db = db;
      RL.noteSeen(result);
      RL.send(_relance_storage_done, id, { ok: true, snapshot: result.snapshot, entries: result.entries });
      if (typeof BroadcastChannel !== 'undefined') {
        RL.channel = new BroadcastChannel('relance');
        RL.channel.onmessage = function() { RL.pull(); };
      }
    };
    // What the page read already (shell.js, relance._stored): the same as
    // readNew's first read; then what other tabs wrote since (RL.pull).
    var stored = function(db, raw) {
      watch(db);
      RL.lastSeen = 0;
      RL.snapStamp = undefined;
      var snap = raw.snap, out = { ok: true, entries: raw.entries, reset: null, snapshot: null, stamp: null };
      if (snap && snap.format > RL.appVersion) {
        out = { ok: false, error: 'newer_format', message: 'format ' + snap.format + ' > ' + RL.appVersion };
      } else if (snap) {
        var texts = raw.noteKeys ? { textKeys: raw.noteKeys.map(String), textValues: raw.noteValues } : null;
        RL.takeSnapshot(out, snap, texts, snap.seq > 0);
      }
      // Its big entries are still Blobs (shell.js reads them as stored).
      RL.entryTexts(out, function(out) {
        done(db, out);
        if (out.ok) RL.pull();
      });
    };
    // The page opened the database already (shell.js: it was at this
    // version): that connection, or a new one if it could not.
    var early = window.relance && window.relance._dbVersion === 2 && window.relance._db;
    if (!early) { open(); return; }
    var read_early = window.relance._stored || Promise.resolve(null);
    early.then(function(db) {
      if (!db) { open(); return; }
      read_early.then(function(raw) {
        if (raw && db === raw.db && !window.relance._dbClosed) stored(db, raw);
        else read(db, open);
      });
    });
  },

  rl_storage_append: function(id, command, length) {
    // An edit holds the frames until it is written (see hold); a big
    // command (an import) does not: its progress bar keeps moving. A big
    // one is stored as a Blob of its UTF-8 bytes: one copy out of the heap,
    // no text decoded here nor cloned by IndexedDB (tens of MB at 100 000
    // rows); readers turn it back into text (RL.entryTexts). Builds before
    // storage format 3 cannot read such an entry: the first one raises the
    // stored format (records 'main' and 'meta') in the same transaction, so
    // that they refuse the data instead of misreading it.
    var big = length >= (1 << 20);
    var value = big ? new Blob([HEAPU8.subarray(command, command + length)], { type: 'application/json' })
                    : RL.heapText(command, length);
    var raised = false;
    RL.writeTx(id, function(tx, ok, fail) {
      RL.readNew(tx, function(out, journal) {
        var append = function() {
          var add;
          try { add = journal.add(value); } catch (e) { fail(RL.dbError(e)); return; }
          add.onsuccess = function() {
            // Its number only: C++ has its text (tens of MB for an import).
            out.appended = add.result;
            ok(out);
          };
        };
        if (!big || RL.formatRaised) { append(); return; }
        var snapshots = tx.objectStore('snapshot');
        var raise = function(key, then) {
          var req = snapshots.get(key);
          req.onsuccess = function() {
            var rec = req.result;
            if (rec && !(rec.format >= RL.appVersion)) {
              rec.format = RL.appVersion;
              try { snapshots.put(rec, key); } catch (e) { fail(RL.dbError(e)); return; }
            }
            then();
          };
        };
        raise('meta', function() { raise('main', function() { raised = true; append(); }); });
      }, fail);
    }, function(out) {
      if (raised) RL.formatRaised = true;
      RL.noteSeen(out);
      if (RL.channel) RL.channel.postMessage({ seq: RL.lastSeen });
    }, !big);
  },

  rl_storage_write_snapshot: function(id, image, imageLen, seq, allTexts, table, count, packTable, packCount) {
    // One copy of each out of the wasm heap, now (C++ frees them on return).
    var buf = HEAPU8.slice(image, image + imageLen).buffer;
    var keys = [], values = [], packs = [];
    for (var i = 0; i < count; ++i) {
      var q = (table >> 2) + 4 * i;
      var kp = HEAPU32[q], kl = HEAPU32[q + 1], tp = HEAPU32[q + 2], tl = HEAPU32[q + 3];
      keys.push(RL.heapText(kp, kl));
      values.push(HEAPU8.slice(tp, tp + tl).buffer);
    }
    // Packs (a whole ledger): keys each ended by '\n', the texts' ends, the texts.
    for (var p = 0; p < packCount; ++p) {
      var r = (packTable >> 2) + 6 * p;
      var pk = HEAPU32[r], pkl = HEAPU32[r + 1], pe = HEAPU32[r + 2], pn = HEAPU32[r + 3], pd = HEAPU32[r + 4], pdl = HEAPU32[r + 5];
      var packKeys = RL.heapText(pk, pkl).split('\n');
      packKeys.pop();
      packs.push([RL.packPrefix + packKeys[0],
                  { keys: packKeys, ends: HEAPU32.slice(pe >> 2, (pe >> 2) + pn), data: HEAPU8.slice(pd, pd + pdl).buffer }]);
    }
    var stamp = null;
    var builtOn = RL.snapStamp;
    RL.writeTx(id, function(tx, ok, fail) {
      var snapshots = tx.objectStore('snapshot');
      var req = snapshots.get('main');
      req.onsuccess = function() {
        var cur = req.result;
        if (cur && cur.format > RL.appVersion) {
          fail({ ok: false, error: 'newer_format', message: 'format ' + cur.format + ' > ' + RL.appVersion });
          return;
        }
        if (cur && cur.seq > seq) {
          fail({ ok: false, error: 'stale', message: 'stored snapshot ' + cur.seq + ' is newer than ' + seq });
          return;
        }
        // Only the new texts come: the stored ones must be those this tab read.
        if (!allTexts && cur && (cur.stamp || null) !== (builtOn || null)) {
          fail({ ok: false, error: 'stale', message: 'another tab wrote a snapshot meanwhile' });
          return;
        }
        stamp = Date.now().toString(36) + '-' + Math.random().toString(36).slice(2);
        try {
          var texts = tx.objectStore('texts');
          if (allTexts) texts.clear();
          for (var j = 0; j < keys.length; ++j) texts.put(values[j], keys[j]);
          packs.forEach(function(kv) { texts.put(kv[1], kv[0]); });
          snapshots.put({ format: RL.appVersion, encoding: 'binary/1', seq: seq, image: buf, stamp: stamp }, 'main');
          snapshots.put({ format: RL.appVersion, seq: seq, stamp: stamp }, 'meta');
          tx.objectStore('journal').delete(IDBKeyRange.upperBound(seq));
        } catch (e) { fail(RL.dbError(e)); return; }
        ok({ ok: true });
      };
    }, function() {
      RL.formatRaised = true;  // written at this build's format
      RL.snapStamp = stamp;
      if (seq > RL.lastSeen) RL.lastSeen = seq;
      if (RL.channel) RL.channel.postMessage({ seq: seq });
    });
  },

  // Records of the `texts` store: the keys given (one per line), or every
  // history text. A key not stored is left out.
  rl_storage_read_texts: function(id, keys, allHistory) {
    var wanted = allHistory ? null : UTF8ToString(keys).split('\n').filter(function(k) { return k; });
    RL.queueDb(function(resolve) {
      var answer = function(r) { RL.send(_relance_storage_done, id, r); resolve(); };
      if (!RL.db) { answer({ ok: false, error: 'unavailable', message: 'storage is not open' }); return; }
      var out = { textKeys: [], textValues: [] };
      var tx;
      try { tx = RL.db.transaction(['texts'], 'readonly'); } catch (e) { answer(RL.dbError(e)); return; }
      var texts = tx.objectStore('texts');
      if (wanted) {
        wanted.forEach(function(k) {
          var req = texts.get(k);
          req.onsuccess = function() {
            if (req.result instanceof ArrayBuffer) {
              out.textKeys.push(k);
              out.textValues.push(req.result);
            } else if (k.lastIndexOf('history/', 0) === 0) {
              // Not a record of its own: the pack whose first key is the
              // last one at or before k.
              var c = texts.openCursor(IDBKeyRange.bound(RL.packPrefix, RL.packPrefix + k), 'prev');
              c.onsuccess = function() {
                var text = c.result ? RL.fromPack(c.result.value, k) : null;
                if (text) { out.textKeys.push(k); out.textValues.push(text); }
              };
            }
          };
        });
      } else {
        var range = IDBKeyRange.bound('history/', 'history/\uffff');
        var packRange = IDBKeyRange.bound(RL.packPrefix + 'history/', RL.packPrefix + 'history/\uffff');
        var k = texts.getAllKeys(range), v = texts.getAll(range), p = texts.getAll(packRange);
        p.onsuccess = function() {
          // Packed texts first, then those of their own, which win.
          var at = new Map();
          p.result.forEach(function(pack) {
            for (var i = 0; i < pack.keys.length; ++i) {
              at.set(pack.keys[i], pack.data.slice(i ? pack.ends[i - 1] : 0, pack.ends[i]));
            }
          });
          var keys = k.result.map(String);
          for (var i = 0; i < keys.length; ++i) at.set(keys[i], v.result[i]);
          at.forEach(function(value, key) { out.textKeys.push(key); out.textValues.push(value); });
        };
      }
      tx.oncomplete = function() { answer({ ok: true, texts: out }); };
      tx.onabort = function() { answer(RL.dbError(tx.error)); };
    });
  },

  rl_storage_persist: function(id) {
    var done = function(state) { RL.send(_relance_storage_done, id, { ok: true, persistence: state }); };
    if (!navigator.storage || !navigator.storage.persist) { done('unsupported'); return; }
    navigator.storage.persisted().then(function(p) {
      return p ? true : navigator.storage.persist();
    }).then(function(granted) {
      console.info('relance: persistent storage ' + (granted ? 'granted' : 'not granted'));
      done(granted ? 'granted' : 'denied');
    }, function(err) {
      console.warn('relance: persistent storage', err);
      done('unknown');
    });
  },

  // A file of the site (rates/fr.json): through the service worker, which
  // asks the network first and answers from its cache offline.
  rl_fetch_site_file: function(id, path) {
    var p = UTF8ToString(path);
    fetch(p, { cache: 'no-cache', credentials: 'same-origin' }).then(function(r) {
      return r.text().then(function(text) {
        RL.send(_relance_storage_done, id, r.ok ? { ok: true, status: r.status, text: text }
                                                : { ok: false, status: r.status, error: 'HTTP ' + r.status });
      });
    }).catch(function(err) {
      RL.send(_relance_storage_done, id, { ok: false, status: 0, error: String(err && err.message || err) });
    });
  },

  // ---------------------------------------------------------------------------
  // [SECTION] Modules in Web Workers (platform::read_files_in_worker, make_pdf_in_worker)
  // The bank statement and e-invoice readers (readers.js + readers.wasm) and
  // the letters' PDF maker (pdf.js + pdf.wasm) are modules of their own, each
  // run in a Web Worker created on its first use and kept for the next ones.
  // What they are sent is transferred to them; their answer goes to the C++
  // callback. A worker that does not load (offline before its first use)
  // answers every call waiting with the one message below, and the next call
  // tries again.

  $RLWorkers: {
    // Posts `msg` (with `id`) to the module `file`; answer(m) makes the
    // callback's object from the worker's answer m.
    post: function(file, what, id, msg, transfer, answer) {
      var all = RL.workers || (RL.workers = {});
      var r = all[file] || (all[file] = { worker: null, waiting: {} });
      var failAll = function(why) {
        console.warn('relance: ' + file, why);
        var waiting = r.waiting;
        r.waiting = {};
        if (r.worker) r.worker.terminate();
        r.worker = null;
        Object.keys(waiting).forEach(function(k) {
          RL.send(_relance_storage_done, Number(k), {
            ok: false,
            error: what + ' n\u2019a pas pu \u00eatre charg\u00e9 (connexion perdue ?). ' +
                   'R\u00e9essayez une fois en ligne : il reste ensuite disponible hors ligne'
          });
        });
      };
      if (!r.worker) {
        try {
          r.worker = new Worker(file);
        } catch (e) {
          r.waiting[id] = true;
          failAll(String(e && e.message || e));
          return;
        }
        r.worker.onmessage = function(e) {
          var m = e.data || {};
          if (m.failed) { failAll(m.failed); return; }
          if (!r.waiting[m.id]) return;
          delete r.waiting[m.id];
          RL.send(_relance_storage_done, m.id, answer(m));
        };
        r.worker.onerror = function(e) { e.preventDefault(); failAll(e.message || 'worker error'); };
      }
      r.waiting[id] = true;
      msg.id = id;
      r.worker.postMessage(msg, transfer);
    }
  },

  rl_readers_add: function(name, data, size) {
    (RL.readerFiles || (RL.readerFiles = [])).push({ name: UTF8ToString(name), bytes: HEAPU8.slice(data, data + size).buffer });
  },

  rl_readers_run__deps: ['$RLWorkers'],
  rl_readers_run: function(id, kind, options) {
    var files = RL.readerFiles || [];
    RL.readerFiles = [];
    RLWorkers.post('readers.js', 'le module de lecture des fichiers', id,
                   { kind: UTF8ToString(kind), options: UTF8ToString(options), files: files },
                   files.map(function(f) { return f.bytes; }),
                   function(m) { return { ok: true, text: m.text }; });
  },

  // The answer's PDF (an ArrayBuffer) is copied straight into C++ ({"$bytes": n}).
  rl_pdf_make__deps: ['$RLWorkers'],
  rl_pdf_make: function(id, json) {
    RLWorkers.post('pdf.js', 'le module PDF', id, { json: UTF8ToString(json) }, [], function(m) {
      return m.bytes ? { ok: true, pdf: m.bytes } : { ok: false, made: true, error: m.error || 'PDF vide' };
    });
  },
  // [END SECTION] File readers

  // ---------------------------------------------------------------------------
  // Reminders brought to the user: the days to come are stored where the
  // service worker reads them (IndexedDB `relance-rappels`, store `kv`), and
  // the worker notifies (sw.js). Nothing leaves the device.

  rl_notify_permission: function() {
    if (typeof Notification === 'undefined' || !('serviceWorker' in navigator)) return 0;
    return { 'default': 1, granted: 2, denied: 3 }[Notification.permission] || 0;
  },

  rl_notify_ask: function(id) {
    var done = function(p) { RL.send(_relance_storage_done, id, { ok: true, permission: p }); };
    if (typeof Notification === 'undefined' || !('serviceWorker' in navigator)) { done('unsupported'); return; }
    // requestPermission must run inside the click: RL.act runs it there.
    RL.act(function() {
      Promise.resolve(Notification.requestPermission()).then(function(p) {
        if (p === 'granted') RL.registerDailyCheck();
        done(p);
      }, function() { done(Notification.permission); });
    });
  },

  rl_notify_publish: function(days) {
    var text = UTF8ToString(days);
    RL.notifyDb(function(db) {
      var tx = db.transaction('kv', 'readwrite');
      tx.objectStore('kv').put(JSON.parse(text), 'days');
      tx.oncomplete = function() {
        // At each opening (and each change): the worker notifies today's
        // reminders if it has not yet today.
        if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
        navigator.serviceWorker.ready.then(function(reg) {
          if (reg.active) reg.active.postMessage({ type: 'relance-notify' });
        });
      };
    });
  },

  // The view's address: the fragment and the title follow the view; Back and
  // Forward (popstate) hand the fragment to C++.
  rl_view_initial: function() {
    var h = window.location.hash || '';
    return h ? RL.str(h) : 0;
  },

  rl_show_view: function(fragment, title, replace) {
    var f = UTF8ToString(fragment), t = UTF8ToString(title);
    document.title = t;
    if (window.location.hash === f) return;
    var url = window.location.pathname + window.location.search + f;
    if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  },

  rl_draft_keep: function(key, value) {
    try {
      var k = 'relance-brouillon:' + UTF8ToString(key), v = UTF8ToString(value);
      if (v) sessionStorage.setItem(k, v); else sessionStorage.removeItem(k);
    } catch (e) { console.warn('relance: draft not kept', e); }
  },

  rl_draft_get: function(key) {
    var v = null;
    try { v = sessionStorage.getItem('relance-brouillon:' + UTF8ToString(key)); } catch (e) {}
    return v ? RL.str(v) : 0;
  },

  rl_api_reply: function(id, data, len) {
    var call = RL.asyncCalls[id];
    delete RL.asyncCalls[id];
    if (!call) return;
    var text = RL.heapText(data, len);
    call.resolve(call.raw ? text : JSON.parse(text));
  },
};

autoAddDeps(LibraryRelance, '$RL');
mergeInto(LibraryManager.library, LibraryRelance);
