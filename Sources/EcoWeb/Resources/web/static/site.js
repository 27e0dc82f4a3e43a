// EcoProvince — the little interaction the pages need: sortable tables and the CSV/XLSX upload. No libraries.
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
  // Every table with an id downloads as CSV (UTF-8 with a BOM, so Excel on Chinese Windows reads it), built from
  // the cells as shown; a cell that starts like a formula is neutralised with a leading ' (as CSVOutput does).
  var label = document.documentElement.lang === 'en' ? 'Download CSV' : '下载 CSV';
  function csvCell(text) {
    var t = text.replace(/\s+/g, ' ').trim();
    if (/^[=+\-@\t\r]/.test(t) && !/^-?[0-9.,]+$/.test(t)) t = "'" + t;
    return /[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
  }
  document.querySelectorAll('table[id]').forEach(function (table) {
    if (table.getAttribute('data-csv') === 'none') return;  // the server writes this one's CSV
    var a = document.createElement('a');
    a.href = '#';
    a.className = 'csv-link';
    a.textContent = label;
    a.addEventListener('click', function (e) {
      e.preventDefault();
      var lines = Array.prototype.map.call(table.rows, function (row) {
        return Array.prototype.map.call(row.cells, function (c) { return csvCell(c.textContent || ''); }).join(',');
      });
      var blob = new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
      var link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = (table.id || 'table') + '.csv';
      document.body.appendChild(link);
      link.click();
      setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 0);
    });
    var holder = table.closest('.table-wrap, .table-scroll') || table;
    holder.parentNode.insertBefore(a, holder);
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
      var type = /\.xlsx$/i.test(file.name) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
      fetch(url, { method: 'POST', body: file, headers: { 'Content-Type': type, 'X-CSRF-Token': token ? token.content : '' } })
        .then(function (r) { return r.text(); })
        .then(function (html) { document.getElementById('upload-result').innerHTML = html; });
    });
  }
})();
