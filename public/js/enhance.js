// Small progressive enhancements; every page works without this file.
(function () {
  'use strict';

  // 1. Move focus to the error summary so screen readers announce it and keyboard
  //    users start from the list of problems. Runs again on `load` because the
  //    browser's jump to the URL fragment (#sign) resets focus to <body>; never
  //    takes focus away from something the visitor has already focused.
  function focusSummary() {
    var target = document.querySelector('[data-autofocus]');
    var active = document.activeElement;
    if (target && active !== target && (!active || active === document.body)) target.focus();
  }

  function init() {
    focusSummary();
    // 2. One click on the share address selects all of it, ready to copy.
    var inputs = document.querySelectorAll('.share__url');
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].addEventListener('click', function () { this.select(); });
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
  window.addEventListener('load', focusSummary);
})();
