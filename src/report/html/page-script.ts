/**
 * The page's one inline script: sort the certificate table by a column (click its header) and
 * filter it by text and by status, without a server. The page reads fully without it: the
 * table is in the HTML, sorted by expiry, and the filter controls stay hidden until it runs.
 */
export const PAGE_SCRIPT = `
(function () {
  var table = document.getElementById('rows');
  if (!table) return;
  var details = document.getElementById('all-rows');
  var body = table.tBodies[0];
  var controls = document.getElementById('controls');
  controls.hidden = false;
  var search = document.getElementById('filter-text');
  var boxes = Array.prototype.slice.call(controls.querySelectorAll('input[type=checkbox]'));
  var shown = document.getElementById('shown');
  function apply() {
    var words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var allowed = {};
    boxes.forEach(function (b) { allowed[b.value] = b.checked; });
    var n = 0;
    Array.prototype.forEach.call(body.rows, function (tr) {
      var text = tr.textContent.toLowerCase();
      var ok = allowed[tr.getAttribute('data-status')] && words.every(function (w) { return text.indexOf(w) >= 0; });
      tr.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n + ' of ' + body.rows.length + ' shown';
  }
  search.addEventListener('input', function () { details.open = true; apply(); });
  boxes.forEach(function (b) { b.addEventListener('change', apply); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    th.tabIndex = 0;
    var sort = function () {
      var numeric = th.getAttribute('data-type') === 'number';
      var dir = th.getAttribute('aria-sort') === 'ascending' ? -1 : 1;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir === 1 ? 'ascending' : 'descending');
      var rows = Array.prototype.slice.call(body.rows);
      var key = function (tr) {
        var cell = tr.cells[col];
        var v = cell.getAttribute('data-v');
        if (v === null) v = cell.textContent;
        return numeric ? (v === '' ? Infinity : Number(v)) : v.toLowerCase();
      };
      rows.sort(function (a, b) { var x = key(a), y = key(b); return x < y ? -dir : x > y ? dir : 0; });
      var frag = document.createDocumentFragment();
      rows.forEach(function (tr) { frag.appendChild(tr); });
      body.appendChild(frag);
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
  // Nothing is filtered yet: counting is enough (walking 20,000 rows at load would delay the page).
  shown.textContent = body.rows.length + ' of ' + body.rows.length + ' shown';
})();
`;
