// The semantics overlay (issue 14): a transparent layer of real elements
// above the canvas, kept in step with what the canvas draws, so that screen
// readers, the keyboard, find-in-page and text selection see a web page.
//
// [SECTION] Contents
// - The model: C++ publishes a JSON array of nodes when it changes
//   (web/semantics.h); update() mirrors it, reusing elements by id
// - Activation: a click (keyboard, screen reader, switch access) on an
//   element clicks the widget under it; DOM focus tells C++ where to draw
//   the focus ring
// - Text: transparent but real, selectable; pointer events on it reach
//   ImGui as on the canvas
// - Keyboard: Tab is the browser's, arrows in tables, « g » then 1-6 for the
//   screens, « ? » for the help
//
// Coordinates: ImGui's display size is the canvas' CSS size (main.cpp), so a
// node's x/y/w/h are CSS pixels from the canvas' top-left corner.

var LibrarySemantics = {
  $RLSem__deps: ['$RL', '$GLFW'],
  $RLSem: {
    root: null,
    live: null,
    els: {},          // key -> element
    nodes: [],        // the last model
    byId: {},         // node id -> node
    quiet: false,     // focusing an element without activating it
    lastField: 0,     // the text field edited last (focus goes back to it)
    pendingG: false,  // « g » was pressed: a digit picks a screen
    help: null,
    updates: 0,       // models applied (the browser tests count them)
    textPress: false, // the primary button went down on text
    times: [],        // how long the last updates took (ms)
    pending: null,    // the last model's JSON, not applied yet
    timer: 0,         // applies `pending` when a burst of models ends
    lastModelAt: -1e9,
    flush: function() {
      if (RLSem.timer) clearTimeout(RLSem.timer);
      RLSem.timer = 0;
      if (RLSem.pending === null) return;
      var t0 = performance.now();
      var json = RLSem.pending;
      RLSem.pending = null;
      RLSem.update(JSON.parse(json));
      // The last 240 updates' times (ms), for the browser benchmark.
      RLSem.times.push(performance.now() - t0);
      if (RLSem.times.length > 240) RLSem.times.shift();
    },

    setup: function() {
      var root = document.createElement('main');
      root.id = 'rl-a11y';
      root.setAttribute('aria-label', 'Relance');
      var live = document.createElement('div');
      live.className = 'rl-live';
      live.setAttribute('role', 'status');
      live.setAttribute('aria-live', 'polite');
      root.appendChild(live);
      RLSem.live = live;
      var canvas = RL.canvas;
      canvas.parentNode.insertBefore(root, canvas.nextSibling);
      RLSem.root = root;
      root.addEventListener('click', RLSem.onClick);
      root.addEventListener('focusin', RLSem.onFocusIn);
      root.addEventListener('focusout', RLSem.onFocusOut);
      root.addEventListener('pointerdown', RLSem.onTextPointer);
      root.addEventListener('pointermove', RLSem.onTextPointer);
      // A press on text that started a field's edit (text drawn over a field
      // reaches ImGui): the focus stays on the hidden textarea, as on the canvas.
      root.addEventListener('mousedown', function(e) { if (RL.wantText) e.preventDefault(); });
      // A press on text is followed to its release wherever that lands (over
      // the canvas too: a mouse has no implicit capture), before the canvas
      // sees it.
      ['pointerup', 'pointercancel'].forEach(function(t) {
        window.addEventListener(t, function(e) {
          if (!RLSem.textPress || !e.isPrimary) return;
          RLSem.textPress = false;
          e.stopPropagation();
          RLSem.onTextPointer(e);
        }, true);
      });
      root.addEventListener('wheel', RL.onWheel, { passive: false });
      // A click on the canvas takes the focus away from the overlay.
      canvas.addEventListener('pointerdown', function() {
        if (root.contains(document.activeElement)) document.activeElement.blur();
      });
      // Emscripten's GLFW prevents the default of every Tab keydown (a
      // capture listener on window): the browser could never move the focus.
      // The app reads keys through its own layer (RL.onKeyDown), not GLFW's.
      window.removeEventListener('keydown', GLFW.onKeydown, true);
      RL.overlayKey = RLSem.onKey;
      RL.afterEdit = RLSem.afterEdit;
    },

    // [SECTION] The model
    tagOf: function(n) {
      switch (n.role) {
        case 'heading': return 'h' + Math.min(6, Math.max(1, n.level || 2));
        case 'button': case 'checkbox': case 'radio': case 'tab': case 'link': case 'combobox': return 'button';
        case 'textbox': return 'div';
        default: return 'span';
      }
    },
    // The containers a node sits in, outermost first: [key, role, label].
    chain: function(n) {
      var c = [];
      if (n.dialog) c.push(['D' + n.dialog, 'dialog', n.dialogName || 'Fenêtre']);
      if (n.table) {
        c.push(['T' + n.table, 'table', '']);
        c.push(['R' + n.table + ':' + n.row, 'row', '']);
        c.push(['C' + n.table + ':' + n.row + ':' + n.col, n.header ? 'columnheader' : 'cell', '']);
      }
      return c;
    },
    update: function(nodes) {
      if (!RLSem.root) RLSem.setup();
      RLSem.updates++;
      RLSem.nodes = nodes;
      RLSem.byId = {};
      var top = { children: [] };
      var containers = {};
      var status = [];
      var tablists = 0;
      nodes.forEach(function(n) {
        RLSem.byId[n.id] = n;
        if (n.role === 'status') { status.push(n.name); }
        var parent = top;
        RLSem.chain(n).forEach(function(c) {
          var box = containers[c[0]];
          if (!box) {
            box = containers[c[0]] = { key: c[0], role: c[1], label: c[2], children: [] };
            parent.children.push(box);
          }
          parent = box;
        });
        // Tabs side by side make one tab list.
        if (n.role === 'tab') {
          var last = parent.children[parent.children.length - 1];
          if (!last || last.role !== 'tablist') {
            // The first tab list is the top bar's; others are a form's choices.
            last = { key: 'L' + n.id, role: 'tablist', label: tablists++ ? 'Choix' : 'Écrans', children: [] };
            parent.children.push(last);
          }
          parent = last;
        }
        parent.children.push({ key: 'N' + n.id, node: n });
      });
      RLSem.seen = {};
      RLSem.sync(RLSem.root, top.children, 1);
      for (var k in RLSem.els) {
        if (!RLSem.seen[k]) {
          var el = RLSem.els[k];
          if (el.parentNode) el.parentNode.removeChild(el);
          delete RLSem.els[k];
        }
      }
      var say = status.join(' ');
      if (RLSem.live.textContent !== say) RLSem.live.textContent = say;
      // An error message describes the field drawn before it.
      var field = null, errorOf = {};
      nodes.forEach(function(n) {
        if (n.role === 'textbox') field = n;
        else if (n.error && field) {
          var el = RLSem.els['N' + n.id];
          RLSem.attr(el, 'id', 'rl-e-' + n.id);
          errorOf[field.id] = (errorOf[field.id] ? errorOf[field.id] + ' ' : '') + 'rl-e-' + n.id;
        } else if (n.role !== 'text') field = null;
      });
      nodes.forEach(function(n) {
        if (n.role !== 'textbox') return;
        var el = RLSem.els['N' + n.id];
        RLSem.attr(el, 'aria-describedby', errorOf[n.id] || null);
        RLSem.attr(el, 'aria-invalid', errorOf[n.id] ? 'true' : null);
      });
      // The field being edited names the hidden element that takes the text,
      // and its error describes it.
      var editing = nodes.filter(function(n) { return n.role === 'textbox' && n.active; })[0];
      if (editing) {
        RLSem.lastField = editing.id;
        var ta = RL.textArea;
        RLSem.attr(ta, 'aria-label', editing.name || 'Saisie');
        RLSem.attr(ta, 'aria-describedby', errorOf[editing.id] || null);
        RLSem.attr(ta, 'aria-invalid', errorOf[editing.id] ? 'true' : null);
      }
    },
    // Puts `wanted` (a list of {key, node} or containers) under parent from
    // child index `from` (the live region stays first in the root).
    sync: function(parent, wanted, from) {
      var i = from || 0;
      wanted.forEach(function(w) {
        var el = RLSem.els[w.key];
        var tag = w.node ? RLSem.tagOf(w.node) : 'div';
        if (el && el.tagName.toLowerCase() !== tag) {
          if (el.parentNode) el.parentNode.removeChild(el);
          el = null;
        }
        if (!el) {
          el = document.createElement(tag);
          RLSem.els[w.key] = el;
          if (w.node) {
            el.className = 'rl-n';
            if (tag === 'button') el.type = 'button';
          } else {
            el.className = 'rl-box';
            el.setAttribute('role', w.role);
          }
        }
        RLSem.seen[w.key] = true;
        if (w.node) RLSem.paint(el, w.node);
        else if (w.label && el.getAttribute('aria-label') !== w.label) el.setAttribute('aria-label', w.label);
        if (parent.childNodes[i] !== el) parent.insertBefore(el, parent.childNodes[i] || null);
        ++i;
        if (!w.node) RLSem.sync(el, w.children, 0);
      });
      while (parent.childNodes.length > i) {
        var extra = parent.childNodes[i];
        if (extra === RLSem.live) { ++i; continue; }
        parent.removeChild(extra);
      }
    },
    attr: function(el, name, value) {
      if (value === null || value === undefined) {
        if (el.hasAttribute(name)) el.removeAttribute(name);
      } else if (el.getAttribute(name) !== String(value)) {
        el.setAttribute(name, value);
      }
    },
    paint: function(el, n) {
      // Only what changed is written (an unchanged node costs one compare).
      var sig = JSON.stringify(n);
      if (el._sig === sig) return;
      el._sig = sig;
      el.dataset.id = n.id;
      var s = el.style;
      var interactive = el.tagName === 'BUTTON' || n.role === 'textbox';
      var wrapped = n.h > 34;
      s.left = n.x + 'px';
      s.top = n.y + 'px';
      // A line of text is as wide as the browser's font makes it (never
      // clipped, so a selection or a find takes all of it); widgets and
      // wrapped text take the canvas' box.
      s.width = (interactive || wrapped) ? n.w + 'px' : '';
      s.height = n.h + 'px';
      s.lineHeight = (wrapped ? 21.8 : Math.max(1, n.h)) + 'px';
      s.whiteSpace = wrapped ? 'pre-wrap' : 'pre';
      el.classList.toggle('rl-t', !interactive);
      var role = null;
      if (n.role === 'checkbox' || n.role === 'radio' || n.role === 'tab' || n.role === 'textbox' || n.role === 'combobox')
        role = n.role;
      if (n.role === 'link') role = 'link';
      RLSem.attr(el, 'role', role);
      RLSem.attr(el, 'aria-checked', (n.role === 'checkbox' || n.role === 'radio') ? String(!!n.checked) : null);
      RLSem.attr(el, 'aria-selected', n.role === 'tab' ? String(!!n.selected) : null);
      RLSem.attr(el, 'aria-disabled', n.disabled ? 'true' : null);
      RLSem.attr(el, 'aria-expanded', n.role === 'combobox' ? String(!!n.expanded) : null);
      if (n.role === 'combobox') {
        // Named by its label, saying its value.
        RLSem.attr(el, 'aria-label', n.name || 'Choix');
        if (el.textContent !== (n.value || '')) el.textContent = n.value || '';
      } else if (n.role === 'textbox') {
        RLSem.attr(el, 'tabindex', '0');
        RLSem.attr(el, 'aria-label', n.name || 'Champ');
        RLSem.attr(el, 'aria-multiline', n.multiline ? 'true' : null);
        if (el.textContent !== (n.value || '')) el.textContent = n.value || '';
      } else {
        var label = n.name || (interactive ? 'Bouton' : '');
        if (el.textContent !== label) el.textContent = label;
      }
    },

    // [SECTION] Activation
    center: function(n) { return [n.x + n.w / 2, n.y + n.h / 2]; },
    // A click at the widget's centre, through the input queue, in frames run
    // now: the browser still counts the key or the screen reader's click as
    // the user's gesture (downloads, links).
    activate: function(n) {
      var c = RLSem.center(n);
      _relance_input_mouse_move(c[0], c[1]);
      RL.gesture();
      _relance_input_mouse_button(0, 1);
      RL.gesture();
      _relance_input_mouse_button(0, 0);
      RL.gesture();
      RL.wake();
    },
    nodeOf: function(el) {
      while (el && el !== RLSem.root) {
        if (el.classList && el.classList.contains('rl-n')) return RLSem.byId[el.dataset.id] || null;
        el = el.parentNode;
      }
      return null;
    },
    onClick: function(e) {
      RLSem.flush();
      var n = RLSem.nodeOf(e.target);
      if (!n || n.role === 'text' || n.role === 'heading' || n.role === 'columnheader' || n.disabled) return;
      e.preventDefault();
      RLSem.activate(n);
    },
    onFocusIn: function(e) {
      RLSem.flush();
      var n = RLSem.nodeOf(e.target);
      // Focus given back to a field after its edit ended (afterEdit: quiet)
      // only moves the ring: the edit may have ended on a press of another
      // widget, which must not lose its active state (it would not click).
      _relance_sem_focus(n ? n.id : 0, RLSem.quiet ? 0 : 1);
      RL.wake();
      // A text field focused from the keyboard starts its edit: the hidden
      // textarea, named after it, takes the focus and the typing.
      if (n && n.role === 'textbox' && !RLSem.quiet) RLSem.activate(n);
    },
    onFocusOut: function(e) {
      if (e.relatedTarget && RLSem.root.contains(e.relatedTarget)) return;
      _relance_sem_focus(0, 0);
      RL.wake();
    },
    // The edit ended (Enter, Escape, a click elsewhere): the focus goes back
    // to the field's element, so that Tab goes on from there.
    afterEdit: function() {
      var el = RLSem.els['N' + RLSem.lastField];
      if (el && el.isConnected) {
        RLSem.quiet = true;
        try { el.focus({ preventScroll: true }); } finally { RLSem.quiet = false; }
      } else {
        RL.textArea.blur();
      }
    },

    // [SECTION] Text
    // Pointer events on transparent text: to ImGui, as on the canvas, but
    // without pointer capture and without preventing the default, so that the
    // browser selects the text (and right-click offers to copy it).
    onTextPointer: function(e) {
      if (!e.isPrimary) return;
      var r = RL.canvas.getBoundingClientRect();
      _relance_input_mouse_move(e.clientX - r.left, e.clientY - r.top);
      if (e.type === 'pointerdown' && e.button === 0) {
        RLSem.textPress = true;
        _relance_input_mouse_button(0, 1);
        RL.gesture();
      }
      if ((e.type === 'pointerup' || e.type === 'pointercancel') && e.button === 0) {
        // A drag that selected text is not a click: the widget under it is
        // released with the pointer away, so it does not fire.
        var sel = window.getSelection();
        if (sel && !sel.isCollapsed && sel.toString()) _relance_input_mouse_leave();
        _relance_input_mouse_button(0, 0);
        if (e.pointerType !== 'mouse') _relance_input_mouse_leave();
        RL.gesture();
      }
      RL.wake();
    },

    // [SECTION] Keyboard
    // Called first by RL.onKeyDown: true when the key is dealt with here (or
    // left to the browser), false when ImGui should get it.
    onKey: function(e) {
      RLSem.flush();
      if (RLSem.help) {
        if (e.key === 'Escape') { RLSem.closeHelp(); e.preventDefault(); }
        return true;
      }
      var inOverlay = RLSem.root && RLSem.root.contains(document.activeElement);
      var typing = RL.wantText || (document.activeElement && /^(INPUT|TEXTAREA)$/.test(document.activeElement.tagName) &&
                                   document.activeElement !== RL.textArea) || false;
      if (!typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (e.key === '?') { RLSem.openHelp(); e.preventDefault(); return true; }
        if (RLSem.pendingG) {
          RLSem.pendingG = false;
          var k = parseInt(e.key, 10);
          if (k >= 1 && k <= 6) { RLSem.screen(k - 1); e.preventDefault(); return true; }
        }
        if (e.key === 'g') { RLSem.pendingG = true; return true; }
      }
      if (e.key === 'Tab') {
        // Editing a field (the hidden textarea has the focus): on to the
        // element after the field's, in the page's order.
        if (document.activeElement === RL.textArea) {
          if (!RLSem.tabFrom(RLSem.els['N' + RLSem.lastField], e.shiftKey)) return false;
          e.preventDefault();
        }
        return true;  // the browser's Tab: DOM order is reading order
      }
      if (!inOverlay) return false;
      var n = RLSem.nodeOf(document.activeElement);
      if (e.key === 'Enter' || e.key === ' ') {
        // Buttons click themselves; a field's element starts its edit.
        if (n && n.role === 'textbox') { RLSem.activate(n); e.preventDefault(); }
        return true;
      }
      if (n && n.table && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        RLSem.moveRow(n, e.key === 'ArrowDown' ? 1 : -1);
        e.preventDefault();
        return true;
      }
      return e.key !== 'Escape';
    },
    // Focuses the focusable element after (before) el; false when none.
    tabFrom: function(el, back) {
      if (!el || !el.isConnected) return false;
      var all = Array.prototype.slice.call(RLSem.root.querySelectorAll('button, [tabindex="0"]'));
      var at = all.indexOf(el) + (back ? -1 : 1);
      if (at < 0 || at >= all.length) return false;
      all[at].focus();
      return true;
    },
    // Arrow keys in a table: the same column's element on the next row drawn
    // (or the row's first focusable element).
    moveRow: function(n, step) {
      var rows = {};
      RLSem.nodes.forEach(function(m) {
        if (m.table !== n.table) return;
        var el = RLSem.els['N' + m.id];
        if (!el || (el.tagName !== 'BUTTON' && m.role !== 'textbox')) return;
        (rows[m.row] = rows[m.row] || []).push(m);
      });
      var keys = Object.keys(rows).map(Number).sort(function(a, b) { return a - b; });
      var at = keys.indexOf(n.row) + step;
      if (at < 0 || at >= keys.length) {
        // Past the rows drawn: scroll the table and let the next model come.
        _relance_input_mouse_move(n.x + n.w / 2, n.y + n.h / 2);
        _relance_input_wheel(0, -step);
        RL.wake();
        return;
      }
      var row = rows[keys[at]];
      var target = row.filter(function(m) { return m.col === n.col; })[0] || row[0];
      RLSem.els['N' + target.id].focus();
    },
    screen: function(i) {
      var tabs = RLSem.nodes.filter(function(m) { return m.role === 'tab' && !m.dialog; });
      if (tabs[i]) RLSem.activate(tabs[i]);
    },
    openHelp: function() {
      var d = document.createElement('div');
      d.className = 'rl-help';
      d.setAttribute('role', 'dialog');
      d.setAttribute('aria-modal', 'true');
      d.setAttribute('aria-labelledby', 'rl-help-title');
      var names = RLSem.nodes.filter(function(m) { return m.role === 'tab' && !m.dialog; }).map(function(m) { return m.name; });
      var rows = [['Tab / Maj+Tab', 'élément suivant / précédent'], ['Entrée ou Espace', 'activer le bouton, modifier le champ'],
                  ['Entrée dans un champ', 'valider le formulaire'], ['Échap', 'fermer la fenêtre, annuler la saisie'],
                  ['↑ / ↓', 'ligne précédente / suivante d’un tableau'], ['Ctrl+F', 'chercher dans la page'],
                  ['Ctrl+= / Ctrl+−', 'agrandir / réduire'], ['?', 'cette aide']];
      names.forEach(function(name, i) { if (i < 6) rows.push(['g puis ' + (i + 1), name]); });
      var h = document.createElement('h2');
      h.id = 'rl-help-title';
      h.textContent = 'Raccourcis clavier';
      d.appendChild(h);
      var dl = document.createElement('dl');
      rows.forEach(function(r) {
        var dt = document.createElement('dt'); dt.textContent = r[0];
        var dd = document.createElement('dd'); dd.textContent = r[1];
        dl.appendChild(dt); dl.appendChild(dd);
      });
      d.appendChild(dl);
      var close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'Fermer (Échap)';
      close.addEventListener('click', RLSem.closeHelp);
      d.appendChild(close);
      // A modal dialog keeps the focus: Tab stays on its one button.
      d.addEventListener('keydown', function(e) {
        if (e.key === 'Tab') { e.preventDefault(); close.focus(); }
      });
      document.body.appendChild(d);
      RLSem.help = { el: d, back: document.activeElement };
      close.focus();
    },
    closeHelp: function() {
      if (!RLSem.help) return;
      var h = RLSem.help;
      RLSem.help = null;
      h.el.parentNode.removeChild(h.el);
      if (h.back && h.back.isConnected && h.back.focus) h.back.focus({ preventScroll: true });
    },
  },

  rl_semantics__deps: ['$RLSem'],
  // A model that comes less than 100 ms after the one before (a scroll, an
  // animation, fast typing) is applied once the burst ends (120 ms without
  // a new one), or when the user acts on the overlay (RLSem.flush): a
  // scrolling table's frames do not each pay the DOM's update.
  rl_semantics: function(json) {
    var now = performance.now();
    var burst = now - RLSem.lastModelAt < 100;
    RLSem.lastModelAt = now;
    RLSem.pending = UTF8ToString(json);
    if (RLSem.timer) clearTimeout(RLSem.timer);
    RLSem.timer = 0;
    if (burst) RLSem.timer = setTimeout(RLSem.flush, 120);
    else RLSem.flush();
  },
};

autoAddDeps(LibrarySemantics, '$RLSem');
mergeInto(LibraryManager.library, LibrarySemantics);
