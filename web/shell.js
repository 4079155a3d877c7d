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
  var relance = (window.relance = {
    version: '',
    ready: new Promise(function (resolve, reject) {
      resolveReady = resolve;
      rejectReady = reject;
    }),
  });
  // Resolved from C++ after the first usable frame.
  relance._resolveReady = function () {
    status.className = 'done';
    resolveReady();
  };
  relance.ready.catch(function () {});  // failures are shown on the page

  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    fatal('L\u2019affichage a \u00e9t\u00e9 interrompu par le navigateur. Rechargez la page (vos donn\u00e9es sont conserv\u00e9es).');
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
