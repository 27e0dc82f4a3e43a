// EcoProvince — the little interaction the pages need: sortable tables and the CSV upload. No libraries.
(function () {
  function cellValue(td) {
    var t = (td.getAttribute('data-v') || td.textContent || '').trim();
    var n = parseFloat(t);
    return isNaN(n) ? t : n;
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    table.querySelectorAll('th[data-sort]').forEach(function (th, col) {
      th.addEventListener('click', function () {
        var idx = Array.prototype.indexOf.call(th.parentNode.children, th);
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var asc = th.getAttribute('data-dir') !== 'asc';
        rows.sort(function (a, b) {
          var x = cellValue(a.cells[idx]), y = cellValue(b.cells[idx]);
          if (x === y) return 0;
          if (x === '' || x === '—') return 1;
          if (y === '' || y === '—') return -1;
          return (x < y ? -1 : 1) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { body.appendChild(r); });
        th.setAttribute('data-dir', asc ? 'asc' : 'desc');
      });
    });
  });
  var form = document.getElementById('upload');
  if (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var file = form.querySelector('input[type=file]').files[0];
      if (!file) return;
      var dry = form.querySelector('input[name=dryRun]');
      var url = form.getAttribute('data-action') + '&file=' + encodeURIComponent(file.name) + (dry && dry.checked ? '&dryRun=true' : '');
      form.querySelectorAll('select').forEach(function (s) { url += '&' + s.name + '=' + encodeURIComponent(s.value); });
      var token = document.querySelector('meta[name=csrf-token]');
      fetch(url, { method: 'POST', body: file, headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': token ? token.content : '' } })
        .then(function (r) { return r.text(); })
        .then(function (html) { document.getElementById('upload-result').innerHTML = html; });
    });
  }
})();
