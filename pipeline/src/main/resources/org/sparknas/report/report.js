// The interactive part of a sparknas report. The data is the JSON in #report-data (ReportData.java);
// the views are Vega-Lite specifications drawn by vega-embed, all embedded in the page so it works
// offline. Text from the data is only ever set as textContent or passed to Vega, never as HTML.
(function () {
  'use strict';

  var scriptStart = performance.now();
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var root = document.getElementById('explore');
  var views = {};
  var api = { data: data, views: views, errors: [], timings: {}, ready: null, pending: Promise.resolve(null), countMarks: countMarks, lastMarkDatum: lastMarkDatum };
  window.sparknasReport = api;
  if (!root) {
    api.ready = Promise.resolve(api);
    return;
  }

  var FIXED = 7; // trial id, generation, status, feasible, own front, arch key, error (ReportData.trialRow)
  var metricInfo = data.metrics;
  var runs = data.runs;
  var selected = {};
  runs.forEach(function (r) { selected[r.id] = true; });

  // ---------------------------------------------------------------- the trials as rows
  function field(name) { return name.replace(/[.\[\]\\"']/g, ' '); }
  function scaled(metric, v) { return v === null || v === undefined ? null : v * (metricInfo[metric] ? metricInfo[metric].scale : 1); }
  function label(metric) { return metricInfo[metric] ? metricInfo[metric].label : metric; }

  var trials = [];
  runs.forEach(function (run) {
    run.label = run.id + ' (' + run.strategy + ')';
    run.byId = {};
    run.trials.forEach(function (row) {
      var t = { run: run.id, runLabel: run.label, strategy: run.strategy, trial: row[0], generation: row[1], status: row[2],
                feasible: row[3] === 1, ownFront: row[4] === 1, arch: row[5], error: row[6], m: {}, c: {}, runRef: run };
      run.metrics.forEach(function (metric, i) { t.m[metric] = row[FIXED + i]; });
      run.choices.forEach(function (choice, i) { t.c[choice] = row[FIXED + run.metrics.length + i]; });
      run.byId[t.trial] = t;
      trials.push(t);
    });
  });
  function shownTrials() { return trials.filter(function (t) { return selected[t.run]; }); }
  function shownRuns() { return runs.filter(function (r) { return selected[r.id]; }); }

  // ---------------------------------------------------------------- page structure
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') { e.textContent = attrs[k]; } else { e.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }
  function section(id, title, hint) {
    var s = el('section', { 'class': 'view', id: 'view-' + id }, [el('h3', { text: title })]);
    if (hint) { s.appendChild(el('p', { 'class': 'note', text: hint })); }
    root.appendChild(s);
    return s;
  }
  function select(id, options, value) {
    var s = el('select', { id: id });
    options.forEach(function (o) {
      var opt = el('option', { value: o.value, text: o.text });
      if (o.value === value) { opt.selected = true; }
      s.appendChild(opt);
    });
    return s;
  }

  var picker = el('div', { 'class': 'controls run-picker', id: 'run-picker' }, [el('strong', { text: 'Runs shown:' })]);
  runs.forEach(function (run) {
    var box = el('input', { type: 'checkbox', 'data-run': run.id });
    box.checked = true;
    box.addEventListener('change', function () { selected[run.id] = box.checked; drawAll(); });
    picker.appendChild(el('label', {}, [box, ' ' + run.label]));
  });
  root.appendChild(picker);

  // ---------------------------------------------------------------- Pareto plot
  function pairKey(p) { return p.x + '|' + p.y; }
  var pairs = [];
  runs.forEach(function (run) {
    run.fronts.forEach(function (f) {
      for (var i = 0; i < f.objectives.length; i++) {
        for (var j = i + 1; j < f.objectives.length; j++) {
          // The second objective on x (a cost), the first on y (accuracy), as the static plots draw them.
          var p = { x: f.objectives[j][0], y: f.objectives[i][0] };
          if (!pairs.some(function (q) { return pairKey(q) === pairKey(p); })) { pairs.push(p); }
        }
      }
    });
  });
  var pareto = section('pareto', 'Pareto plot',
    'Every successful trial of the runs shown; larger diamonds: each run\'s Pareto front for these objectives; grey crosses: infeasible. ' +
    'Hover a point for its architecture and metrics; drag to pan, scroll to zoom, double-click to reset; click a run in the legend to pick it out.');
  var pairSelect = select('pareto-pair', pairs.map(function (p) {
    return { value: pairKey(p), text: label(p.y) + ' against ' + label(p.x) };
  }), pairs.length ? pairKey(pairs[0]) : '');
  var frontsOnly = el('input', { type: 'checkbox', id: 'fronts-only' });
  pareto.appendChild(el('div', { 'class': 'controls' }, [el('label', {}, ['objectives ', pairSelect]),
    el('label', {}, [frontsOnly, ' fronts only'])]));
  pareto.appendChild(el('div', { id: 'pareto', 'class': 'plot' }));
  pairSelect.addEventListener('change', drawPareto);
  frontsOnly.addEventListener('change', drawPareto);

  /** The run's front for a pair: the first front set holding both metrics, a two-objective one first. */
  function frontIds(run, pair) {
    var sets = run.fronts.filter(function (f) {
      var ms = f.objectives.map(function (o) { return o[0]; });
      return ms.indexOf(pair.x) >= 0 && ms.indexOf(pair.y) >= 0;
    });
    sets.sort(function (a, b) { return a.objectives.length - b.objectives.length; });
    var ids = {};
    if (sets.length) { sets[0].trials.forEach(function (id) { ids[id] = true; }); }
    return ids;
  }

  function tooltipFields(metrics) {
    var tips = [{ field: 'run', title: 'run' }, { field: 'trial', title: 'trial' }, { field: 'generation', title: 'generation' },
      { field: 'arch', title: 'architecture' }];
    metrics.forEach(function (m) { tips.push({ field: field(m), title: label(m), format: '.5~g' }); });
    return tips;
  }

  function metricsOf(shown) {
    var all = [];
    shown.forEach(function (r) { r.metrics.forEach(function (m) { if (all.indexOf(m) < 0) { all.push(m); } }); });
    return all;
  }

  function drawPareto() {
    var target = document.getElementById('pareto');
    var pair = pairs.filter(function (p) { return pairKey(p) === pairSelect.value; })[0];
    if (!pair) { return message(target, 'No run has two objectives to plot.'); }
    var rows = [];
    var shown = shownRuns();
    shown.forEach(function (run) {
      var front = frontIds(run, pair);
      run.trials.forEach(function (row) {
        var t = run.byId[row[0]];
        if (t.status !== 'ok' || t.m[pair.x] === null || t.m[pair.x] === undefined || t.m[pair.y] === null || t.m[pair.y] === undefined) { return; }
        var kind = front[t.trial] && t.feasible ? 'front' : t.feasible ? 'feasible' : 'infeasible';
        if (frontsOnly.checked && kind !== 'front') { return; }
        rows.push(flat(t, kind));
      });
    });
    if (!rows.length) { return message(target, 'No successful trial of the runs shown has both metrics.'); }
    var spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 'container', height: 420, autosize: { type: 'fit-x', contains: 'padding' },
      data: { values: rows },
      params: [
        { name: 'zoom', select: 'interval', bind: 'scales' },
        { name: 'pick', select: { type: 'point', fields: ['runLabel'] }, bind: 'legend' }
      ],
      mark: { type: 'point', filled: true },
      encoding: {
        x: { field: field(pair.x), type: 'quantitative', title: label(pair.x), scale: { zero: false } },
        y: { field: field(pair.y), type: 'quantitative', title: label(pair.y), scale: { zero: false } },
        color: { condition: { test: "datum.kind === 'infeasible'", value: '#999' },
                 field: 'runLabel', type: 'nominal', title: 'run', legend: { orient: 'bottom', columns: 2, labelLimit: 400 } },
        shape: { field: 'kind', type: 'nominal', title: 'trial',
                 scale: { domain: ['front', 'feasible', 'infeasible'], range: ['diamond', 'circle', 'cross'] } },
        size: { condition: { test: "datum.kind === 'front'", value: 110 }, value: 35 },
        opacity: { condition: { param: 'pick', field: 'alpha', type: 'quantitative', scale: null }, value: 0.05 },
        order: { field: 'alpha', type: 'quantitative' },
        tooltip: tooltipFields(metricsOf(shown))
      },
      // The points' opacity (faint trials, picked runs) must not fade the legend's symbols too.
      config: { legend: { symbolOpacity: 1 } }
    };
    return embed('pareto', target, spec, 'svg');
  }

  function flat(t, kind) {
    var row = { run: t.run, runLabel: t.runLabel, trial: t.trial, generation: t.generation, arch: t.arch, kind: kind,
                alpha: kind === 'front' ? 1 : kind === 'feasible' ? 0.45 : 0.35 };
    Object.keys(t.m).forEach(function (m) { row[field(m)] = scaled(m, t.m[m]); });
    Object.keys(t.c).forEach(function (c) { row[field(c)] = t.c[c]; });
    return row;
  }

  // ---------------------------------------------------------------- hypervolume
  var hvSection = section('hypervolume', 'Hypervolume against evaluations',
    'Each run\'s hypervolume after each generation (the number its search printed) against the trials it had proposed. ' +
    'Runs compare only on one scale: see "Across runs" below.');
  hvSection.appendChild(el('div', { id: 'hypervolume', 'class': 'plot' }));

  function drawHypervolume() {
    var target = document.getElementById('hypervolume');
    var rows = [];
    shownRuns().forEach(function (run) {
      run.hypervolume.forEach(function (p) {
        if (p[2] !== null) {
          rows.push({ run: run.id, runLabel: run.label, strategy: run.strategy, generation: p[0], evaluations: p[1], hypervolume: p[2] });
        }
      });
    });
    if (!rows.length) { return message(target, 'No run shown has a feasible trial yet, so there is no hypervolume.'); }
    return embed('hypervolume', target, {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 'container', height: 300, autosize: { type: 'fit-x', contains: 'padding' },
      data: { values: rows },
      params: [{ name: 'pick', select: { type: 'point', fields: ['runLabel'] }, bind: 'legend' },
               { name: 'zoom', select: 'interval', bind: 'scales' }],
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'evaluations', type: 'quantitative', title: 'evaluations (trials proposed)' },
        y: { field: 'hypervolume', type: 'quantitative', title: 'normalised hypervolume', scale: { zero: false } },
        color: { field: 'runLabel', type: 'nominal', title: 'run (strategy)', legend: { orient: 'bottom', columns: 2, labelLimit: 400 } },
        opacity: { condition: { param: 'pick', value: 1 }, value: 0.1 },
        tooltip: [{ field: 'run' }, { field: 'strategy' }, { field: 'generation' }, { field: 'evaluations' },
                  { field: 'hypervolume', format: '.4f' }]
      }
    }, 'svg');
  }

  // ---------------------------------------------------------------- parallel coordinates
  var parSection = section('parallel', 'Choices against metrics',
    'One line per successful trial through its choices (a stage\'s kernel size and expand ratio: the mean over the blocks its depth uses) ' +
    'and the two metrics of the Pareto plot; each axis runs from its smallest value (bottom) to its largest (top). Colour: the first metric.');
  var parCount = el('p', { 'class': 'note', id: 'parallel-count' });
  parSection.appendChild(parCount);
  parSection.appendChild(el('div', { id: 'parallel', 'class': 'plot' }));
  var MAX_LINES = 1500;

  /** Every front member, then every k-th other trial (in run and trial order), up to MAX_LINES lines. */
  function sampleLines(rows) {
    if (rows.length <= MAX_LINES) { return rows; }
    var fronts = rows.filter(function (r) { return r.kind === 'front'; });
    var others = rows.filter(function (r) { return r.kind !== 'front'; });
    var room = Math.max(0, MAX_LINES - fronts.length);
    var step = others.length / room;
    var picked = [];
    for (var i = 0; i < room; i++) { picked.push(others[Math.floor(i * step)]); }
    return fronts.concat(picked);
  }

  function commonChoices(shown) {
    var common = null;
    shown.forEach(function (r) {
      common = common === null ? r.choices.slice() : common.filter(function (c) { return r.choices.indexOf(c) >= 0; });
    });
    return common || [];
  }

  function drawParallel() {
    var target = document.getElementById('parallel');
    var pair = pairs.filter(function (p) { return pairKey(p) === pairSelect.value; })[0];
    var shown = shownRuns();
    var dims = commonChoices(shown).map(field);
    var colour = pair ? field(pair.y) : null;
    if (pair) { dims.push(field(pair.x)); dims.push(field(pair.y)); }
    var usable = shownTrials().filter(function (t) { return t.status === 'ok'; })
      .map(function (t) { return flat(t, t.ownFront ? 'front' : ''); })
      .filter(function (r) { return dims.every(function (d) { return r[d] !== null && r[d] !== undefined; }); });
    if (dims.length < 2 || !usable.length) {
      parCount.textContent = '';
      return message(target, 'Nothing to draw: no successful trial with these choices and metrics.');
    }
    var rows = sampleLines(usable);
    parCount.textContent = rows.length === usable.length ? usable.length + ' trials drawn.'
      : rows.length + ' of ' + usable.length + ' trials drawn: every front member and an even sample of the others' +
        ' (more lines only hide each other, and take seconds to draw).';
    // Every layer names the same axis: Vega-Lite merges the layers' axes, and one without it would drop the names.
    var axisX = { field: 'axis', type: 'nominal', sort: dims, title: null,
                  axis: { labelAngle: 0, orient: 'top', labelPadding: 16, domain: false, ticks: false } };
    var spec = {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      width: 'container', height: 320, autosize: { type: 'fit-x', contains: 'padding' },
      data: { values: rows },
      transform: [
        { window: [{ op: 'row_number', as: 'line' }] },
        { fold: dims, as: ['axis', 'value'] },
        { joinaggregate: [{ op: 'min', field: 'value', as: 'lo' }, { op: 'max', field: 'value', as: 'hi' }], groupby: ['axis'] },
        { calculate: 'datum.hi === datum.lo ? 0.5 : (datum.value - datum.lo) / (datum.hi - datum.lo)', as: 'position' }
      ],
      layer: [
        { mark: { type: 'rule', color: '#bbb' }, encoding: { x: axisX } },
        { mark: { type: 'line', strokeWidth: 1, opacity: rows.length > 2000 ? 0.15 : 0.4 },
          encoding: {
            x: axisX,
            y: { field: 'position', type: 'quantitative', axis: null },
            detail: { field: 'line', type: 'nominal' },
            color: colour ? { field: colour, type: 'quantitative', title: colour, scale: { scheme: 'viridis' } } : { value: '#4c78a8' },
            tooltip: [{ field: 'run' }, { field: 'trial' }, { field: 'arch', title: 'architecture' }]
          } },
        { mark: { type: 'text', dy: -8, fontSize: 10 },
          encoding: { x: axisX, y: { value: 0 },
                      text: { aggregate: 'max', field: 'hi', format: '.4~g' } } },
        { mark: { type: 'text', dy: 12, fontSize: 10 },
          encoding: { x: axisX, y: { value: 320 },
                      text: { aggregate: 'min', field: 'lo', format: '.4~g' } } }
      ]
    };
    return embed('parallel', target, spec, 'canvas');
  }

  // ---------------------------------------------------------------- effect of each choice
  var effSection = section('effects', 'Effect of each choice',
    'For each choice and value, the mean of a metric over the successful trials that made it (a stage\'s kernel size and expand ratio ' +
    'counted per block it is used in); n in the tooltip. The runs shown are pooled.');
  var allMetrics = Object.keys(metricInfo);
  var effectMetric = select('effect-metric', allMetrics.map(function (m) { return { value: m, text: label(m) }; }),
    allMetrics.indexOf('accuracy') >= 0 ? 'accuracy' : allMetrics[0]);
  effSection.appendChild(el('div', { 'class': 'controls' }, [el('label', {}, ['metric ', effectMetric])]));
  effSection.appendChild(el('div', { id: 'effects', 'class': 'plot' }));
  effectMetric.addEventListener('change', drawEffects);

  function drawEffects() {
    var target = document.getElementById('effects');
    var metric = effectMetric.value;
    var pooled = {};
    shownRuns().forEach(function (run) {
      var m = run.metrics.indexOf(metric);
      if (m < 0) { return; }
      run.effects.forEach(function (e) {
        var key = e[0] + '|' + e[1];
        var p = pooled[key] || (pooled[key] = { choice: e[0], value: e[1], n: 0, sum: 0, count: 0 });
        p.n += e[2];
        p.sum += e[3 + 2 * m] === null ? 0 : e[3 + 2 * m];
        p.count += e[4 + 2 * m];
      });
    });
    var rows = Object.keys(pooled).map(function (k) { return pooled[k]; }).filter(function (p) { return p.count > 0; })
      .map(function (p) { return { choice: p.choice, value: p.value, n: p.n, mean: scaled(metric, p.sum / p.count) }; });
    if (!rows.length) { return message(target, 'No successful trial of the runs shown has ' + metric + '.'); }
    var order = [];
    rows.forEach(function (r) { if (order.indexOf(r.choice) < 0) { order.push(r.choice); } });
    return embed('effects', target, {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      data: { values: rows },
      facet: { field: 'choice', type: 'nominal', sort: order, title: null },
      columns: 5,
      spec: {
        width: 150, height: 110,
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'value', type: 'ordinal', title: null, axis: { labelAngle: 0 } },
          y: { field: 'mean', type: 'quantitative', title: label(metric), scale: { zero: false } },
          tooltip: [{ field: 'choice' }, { field: 'value' }, { field: 'n', title: 'n' }, { field: 'mean', title: 'mean ' + metric, format: '.5~g' }]
        }
      },
      resolve: { scale: { x: 'independent' } }
    }, 'svg');
  }

  // ---------------------------------------------------------------- the trial table
  var tableSection = section('trials', 'Trials',
    'Click a column to sort, type to filter (run, architecture, status or error). "export" shows the command that exports that sub-network.');
  var filterBox = el('input', { type: 'search', id: 'trial-filter', placeholder: 'filter', size: '30' });
  var frontBox = el('input', { type: 'checkbox', id: 'table-front' });
  var feasibleBox = el('input', { type: 'checkbox', id: 'table-feasible' });
  var counter = el('span', { id: 'trial-count', 'class': 'hint' });
  var pager = el('span', { 'class': 'pager' });
  tableSection.appendChild(el('div', { 'class': 'controls' }, [filterBox, el('label', {}, [frontBox, ' fronts only']),
    el('label', {}, [feasibleBox, ' feasible only']), counter, pager]));
  var tableHolder = el('div', { 'class': 'scroll', id: 'trial-table' });
  tableSection.appendChild(tableHolder);
  var exportBox = el('div', { id: 'export-command' });
  tableSection.appendChild(exportBox);
  var PAGE = 50;
  var tableState = { sort: 'trial', desc: false, page: 0 };
  // The text box redraws as one types; listening to its 'change' too would redraw on blur, under a click on a row's link.
  filterBox.addEventListener('input', function () { tableState.page = 0; drawTable(); });
  [frontBox, feasibleBox].forEach(function (c) {
    c.addEventListener('change', function () { tableState.page = 0; drawTable(); });
  });

  function cellValue(t, column) {
    if (column === 'run' || column === 'trial' || column === 'generation' || column === 'status' || column === 'arch') { return t[column]; }
    if (column === 'front') { return t.ownFront ? 'yes' : ''; }
    return t.m[column] === undefined ? null : scaled(column, t.m[column]);
  }

  function drawTable() {
    var shown = shownRuns();
    var metrics = metricsOf(shown);
    var columns = ['run', 'trial', 'generation', 'status', 'front'].concat(metrics).concat(['arch']);
    var needle = filterBox.value.trim().toLowerCase();
    var rows = shownTrials().filter(function (t) {
      if (frontBox.checked && !t.ownFront) { return false; }
      if (feasibleBox.checked && !t.feasible) { return false; }
      if (!needle) { return true; }
      return [t.run, t.arch, t.status, t.error || ''].some(function (s) { return String(s).toLowerCase().indexOf(needle) >= 0; });
    });
    var key = tableState.sort;
    rows.sort(function (a, b) {
      var x = cellValue(a, key), y = cellValue(b, key);
      // A missing value (a failed trial's metrics) goes last in either direction.
      if (x === null && y !== null) { return 1; }
      if (y === null && x !== null) { return -1; }
      var c = x === y ? 0 : x < y ? -1 : 1;
      if (tableState.desc) { c = -c; }
      return c !== 0 ? c : a.run < b.run ? -1 : a.run > b.run ? 1 : a.trial - b.trial;
    });
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    tableState.page = Math.min(tableState.page, pages - 1);
    counter.textContent = rows.length + ' of ' + shownTrials().length + ' trials';
    var table = el('table', { 'class': 'trials', id: 'trials-table' });
    var head = el('tr');
    columns.forEach(function (c) {
      var th = el('th', { text: c === 'arch' ? 'architecture' : metrics.indexOf(c) >= 0 ? label(c) : c, 'data-column': c });
      if (c === key) { th.className = tableState.desc ? 'sorted-desc' : 'sorted-asc'; }
      th.addEventListener('click', function () {
        tableState.desc = tableState.sort === c ? !tableState.desc : false;
        tableState.sort = c;
        drawTable();
      });
      head.appendChild(th);
    });
    head.appendChild(el('th', { text: '' }));
    table.appendChild(head);
    rows.slice(tableState.page * PAGE, (tableState.page + 1) * PAGE).forEach(function (t) {
      var tr = el('tr', { 'class': t.ownFront ? 'front' : '' });
      columns.forEach(function (c) {
        var v = cellValue(t, c);
        var text = v === null || v === undefined ? '-' : typeof v === 'number' && metrics.indexOf(c) >= 0 ? formatNumber(v) : String(v);
        var td = el('td', { text: text, 'class': typeof v === 'number' ? 'num' : c === 'arch' ? 'key' : '' });
        if (c === 'status' && t.error) { td.title = t.error; }
        tr.appendChild(td);
      });
      var action = el('td');
      if (t.status === 'ok' && t.runRef.exportCommand) {
        var a = el('a', { href: '#export-command', 'class': 'export-link', text: 'export' });
        a.addEventListener('click', function (e) { e.preventDefault(); showExport(t); });
        action.appendChild(a);
      }
      tr.appendChild(action);
      table.appendChild(tr);
    });
    tableHolder.textContent = '';
    tableHolder.appendChild(table);
    pager.textContent = '';
    if (pages > 1) {
      var prev = el('button', { type: 'button', text: '<' });
      var next = el('button', { type: 'button', text: '>' });
      prev.disabled = tableState.page === 0;
      next.disabled = tableState.page === pages - 1;
      prev.addEventListener('click', function () { tableState.page--; drawTable(); });
      next.addEventListener('click', function () { tableState.page++; drawTable(); });
      pager.appendChild(prev);
      pager.appendChild(document.createTextNode(' page ' + (tableState.page + 1) + ' of ' + pages + ' '));
      pager.appendChild(next);
    }
  }

  function formatNumber(v) {
    return Math.abs(v) >= 1000 ? v.toFixed(0) : Number(v.toPrecision(5)).toString();
  }

  function shellQuote(word) {
    return /^[A-Za-z0-9_.\/:=@%+,-]+$/.test(word) ? word : "'" + word.replace(/'/g, "'\\''") + "'";
  }

  function showExport(t) {
    var command = t.runRef.exportCommand + ' ' + shellQuote(t.arch) + ' --export ' +
      shellQuote('export/' + t.run + '-trial-' + t.trial);
    exportBox.textContent = '';
    exportBox.appendChild(el('p', { text: 'Export trial ' + t.trial + ' of run ' + t.run + ' (add --config FILE if the search used' +
      ' another configuration than conf/search.conf):' }));
    exportBox.appendChild(el('div', { 'class': 'export', id: 'export-text', text: command }));
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(command).catch(function () { /* a page opened from disk may not be allowed to */ });
    }
  }

  // ---------------------------------------------------------------- drawing
  function message(target, text) {
    target.textContent = '';
    target.appendChild(el('p', { 'class': 'note', text: text }));
    return Promise.resolve(null);
  }

  function embed(name, target, spec, renderer) {
    if (views[name]) { views[name].finalize(); delete views[name]; }
    var start = performance.now();
    api.pending = vegaEmbed(target, spec, { renderer: renderer, actions: { export: true, source: false, compiled: false, editor: false } })
      .then(function (result) { views[name] = result.view; api.timings[name] = Math.round(performance.now() - start); return result.view; })
      .catch(function (e) { api.errors.push(name + ': ' + e.message); message(target, 'This view could not be drawn: ' + e.message); });
    return api.pending;
  }

  /** One view after the other, the Pareto plot first: each shows as soon as it is drawn. */
  function drawAll() {
    drawTable();
    return [drawPareto, drawHypervolume, drawEffects, drawParallel].reduce(function (previous, draw) {
      return previous.then(function () { return draw(); });
    }, Promise.resolve());
  }

  /** How many items the marks of {@code marktype} in a view's plot hold (legends and axes excluded). */
  function countMarks(name, marktype) {
    var view = views[name];
    if (!view) { return -1; }
    var n = 0;
    (function walk(node) {
      if (!node) { return; }
      if (node.marktype === marktype && node.role === 'mark') { n += node.items.length; return; }
      (node.items || []).forEach(walk);
    })(view.scenegraph().root);
    return n;
  }

  /** The datum of the last item drawn of a view's marks of {@code marktype}: the one on top. */
  function lastMarkDatum(name, marktype) {
    var view = views[name];
    var found = null;
    (function walk(node) {
      if (!node || found) { return; }
      if (node.marktype === marktype && node.role === 'mark' && node.items.length) { found = node.items[node.items.length - 1].datum; return; }
      (node.items || []).forEach(walk);
    })(view.scenegraph().root);
    return found;
  }

  api.timings.script = Math.round(performance.now() - scriptStart);
  api.ready = drawAll().then(function () { return api; });
})();
