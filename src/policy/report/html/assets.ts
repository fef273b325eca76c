/** The page's stylesheet: inline, so the report is one file that works offline. */
export const STYLES = `
:root { --accent: #3b6fd8; --fg: #1d2330; --muted: #667085; --line: #e4e7ec; font-family: system-ui, sans-serif; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: var(--fg); }
h1 { font-size: 22px; margin: 0 0 4px; } .meta { color: var(--muted); margin-bottom: 16px; }
.totals { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.total { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 90px; }
.total b { display: block; font-size: 22px; } .total span { color: var(--muted); font-size: 12px; }
.charts { display: flex; gap: 24px; flex-wrap: wrap; }
.chart { margin: 0; } .chart figcaption { font-weight: 600; margin-bottom: 6px; }
.chart text { font-size: 12px; fill: var(--fg); }
.filters { display: flex; gap: 8px; flex-wrap: wrap; margin: 20px 0 8px; align-items: center; }
.filters input, .filters select { padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { cursor: pointer; user-select: none; background: #f8f9fb; position: sticky; top: 0; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
.sev { font-weight: 600; text-transform: uppercase; font-size: 11px; }
.sev-critical { color: #8f1111; } .sev-high { color: #c4320a; } .sev-medium { color: #b54708; }
.sev-low { color: #175cd3; } .sev-info { color: var(--muted); }
tr[hidden] { display: none; }
`;

/**
 * The page's script: filters (text, severity, result, namespace) and column sorting over the
 * rows already in the table. It reads data attributes only, so the page also reads without it.
 */
export const SCRIPT = `
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('#findings tbody tr'));
  var text = document.getElementById('filter-text');
  var selects = ['severity', 'result', 'namespace', 'policy'].map(function (n) {
    return { name: n, el: document.getElementById('filter-' + n) };
  });
  var shown = document.getElementById('visible-count');
  function apply() {
    var q = text.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var ok = (q === '' || row.textContent.toLowerCase().indexOf(q) >= 0) &&
        selects.every(function (s) { return s.el.value === '' || row.dataset[s.name] === s.el.value; });
      row.hidden = !ok;
      if (ok) count++;
    });
    shown.textContent = String(count);
  }
  text.addEventListener('input', apply);
  selects.forEach(function (s) { s.el.addEventListener('change', apply); });
  var headers = Array.prototype.slice.call(document.querySelectorAll('#findings th'));
  headers.forEach(function (th, index) {
    th.addEventListener('click', function () {
      var ascending = th.getAttribute('aria-sort') !== 'ascending';
      headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      var key = th.dataset.key;
      var body = document.querySelector('#findings tbody');
      rows.sort(function (a, b) {
        var x = a.dataset[key] || a.children[index].textContent;
        var y = b.dataset[key] || b.children[index].textContent;
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
`;
