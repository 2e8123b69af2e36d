// The letter tool's enhancements; every step works without this file. No inline script (strict CSP).
//  1. A copy button beside each letter (the text stays selectable without it).
//  2. A search box that filters the list of MEPs as you type.
//  3. Once the most MEPs allowed are ticked, the other boxes are disabled (the server checks it anyway).
(function () {
  'use strict';

  function copyButtons() {
    var slots = document.querySelectorAll('[data-copy-target]');
    for (var i = 0; i < slots.length; i++) {
      (function (slot) {
        var target = document.getElementById(slot.getAttribute('data-copy-target'));
        if (!target || !navigator.clipboard) return;
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'button';
        button.textContent = slot.getAttribute('data-copy-label');
        button.addEventListener('click', function () {
          navigator.clipboard.writeText(target.value).then(function () {
            button.textContent = slot.getAttribute('data-copied-label');
          });
        });
        slot.appendChild(button);
      })(slots[i]);
    }
  }

  function mepSearch() {
    var box = document.querySelector('[data-mep-filter]');
    var input = document.getElementById('mep-search');
    if (!box || !input) return;
    box.hidden = false;
    var items = document.querySelectorAll('.mep-list__item');
    input.addEventListener('input', function () {
      var wanted = input.value.trim().toLowerCase();
      for (var i = 0; i < items.length; i++) {
        var name = items[i].getAttribute('data-name') || '';
        items[i].hidden = wanted !== '' && name.indexOf(wanted) === -1 && !items[i].querySelector('input').checked;
      }
    });
  }

  function limitChoice() {
    var list = document.querySelector('.mep-list[data-max]');
    if (!list) return;
    var max = Number(list.getAttribute('data-max'));
    var boxes = list.querySelectorAll('input[type=checkbox]');
    function update() {
      var checked = 0;
      for (var i = 0; i < boxes.length; i++) if (boxes[i].checked) checked++;
      for (var j = 0; j < boxes.length; j++) boxes[j].disabled = !boxes[j].checked && checked >= max;
    }
    list.addEventListener('change', update);
    update();
  }

  function init() {
    copyButtons();
    mepSearch();
    limitChoice();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
