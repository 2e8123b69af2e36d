// Small progressive enhancements; every page works without this file.
(function () {
  'use strict';

  function init() {
    // 1. Move focus to the error summary so screen readers announce it and keyboard
    //    users start from the list of problems.
    var target = document.querySelector('[data-autofocus]');
    if (target) target.focus();

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
})();
