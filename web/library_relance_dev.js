// window.relance.dev, JS side: linked (--js-library) only into the dev build
// (relance_app_dev, build/web-dev/), for the browser tests and the browser
// benchmark; web/app/dev_api.cpp registers the handlers and calls
// rl_install_dev_api. The production app (build/web/) has neither.

var LibraryRelanceDev = {
  rl_install_dev_api__deps: ['$RL', '$RLSem'],
  rl_install_dev_api: function() {
    var api = window.relance || (window.relance = {});
    api.dev = {
      // The journal after the snapshot: [{seq, command}], in log order.
      journal: function() { return RL.call('dev.journal', ''); },
      // The last file opened or dropped: {name, size, head} or null.
      opened: function() { return RL.call('dev.opened', ''); },
      // One core command (JSON), checked, journaled and applied as a screen
      // submits it: {ok, seq} | {ok: false, error}.
      command: function(json) { return RL.callAsync('dev.command', json); },
      // Core timings on the loaded ledger (bench/browser/core_ops.h).
      bench: function(arg) { return RL.call('dev.bench', arg); },
      // The semantics overlay: models applied, the DOM elements it holds,
      // and the time of its last updates (ms), for the browser benchmark.
      overlay: function() {
        RLSem.flush();
        return { updates: RLSem.updates, elements: Object.keys(RLSem.els).length, times: RLSem.times.slice(),
                 model: RL.call('dev.semantics', '') };
      },
    };
  },
};

mergeInto(LibraryManager.library, LibraryRelanceDev);
