// Progressive enhancement: while a wallet is scanned, show each chain as it completes (Server-Sent Events).
// Without JavaScript the form submits normally and the report page simply arrives when the scan is done.
(function () {
  'use strict';
  function start(form, input) {
    var value = input.value.trim();
    if (!value || !window.EventSource) return false;
    var box = document.getElementById('scan-progress');
    if (!box) {
      box = document.createElement('div');
      box.id = 'scan-progress';
      box.className = 'progress';
      box.setAttribute('role', 'status');
      box.setAttribute('aria-live', 'polite');
      form.parentNode.insertBefore(box, form.nextSibling);
    }
    box.textContent = '';
    var list = document.createElement('ul');
    var title = document.createElement('p');
    title.textContent = 'Scanning…';
    box.appendChild(title);
    box.appendChild(list);
    box.hidden = true;
    var shown = setTimeout(function () { box.hidden = false; }, 300);
    var target = '/wallet/' + encodeURIComponent(value);
    var es = new EventSource(target + '/progress');
    var finished = false;
    function fallback() {
      if (finished) return;
      finished = true;
      es.close();
      clearTimeout(shown);
      window.location.href = target;
    }
    es.addEventListener('start', function (ev) {
      var d = JSON.parse(ev.data);
      title.textContent = 'Scanning ' + d.chains.length + ' chain(s)…';
    });
    es.addEventListener('chain', function (ev) {
      var d = JSON.parse(ev.data);
      var li = document.createElement('li');
      li.className = 'status-' + d.status;
      li.textContent = d.name + ': ' + d.status + (d.block !== null ? ' at block ' + d.block : '') +
        ' (' + d.millis + ' ms, ' + d.holdings + ' holding(s))' + (d.error ? ' — ' + d.error : '');
      list.appendChild(li);
    });
    es.addEventListener('done', function (ev) {
      finished = true;
      es.close();
      window.location.href = JSON.parse(ev.data).url;
    });
    es.addEventListener('failed', function () { fallback(); });
    es.onerror = function () { fallback(); };
    return true;
  }
  document.addEventListener('DOMContentLoaded', function () {
    var forms = document.querySelectorAll('form[action="/wallet"]');
    Array.prototype.forEach.call(forms, function (form) {
      form.addEventListener('submit', function (e) {
        var input = form.querySelector('input[name="address"]');
        if (input && start(form, input)) e.preventDefault();
      });
    });
  });
})();
