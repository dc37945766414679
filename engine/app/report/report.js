// The porttwin report page: reads the payload that `porttwin report` put in
// <script id="porttwin-data"> (docs/report.md describes it) and draws each
// section with ECharts.
//
// Safety: every string in the payload came from a results file and so, in
// the end, from whoever wrote the scenario. It reaches the DOM only through
// textContent or element properties (never innerHTML), and ECharts' HTML
// tooltips only through esc() (echarts.format.encodeHTML). Chart titles,
// axis labels, legends and node labels are drawn on the canvas, not parsed.
//
// The tests read two attributes of <body>: data-rendered="ok" once every
// chart has been drawn, data-errors with the first error otherwise, and
// data-chart-boxes (the page position of every chart) for the screenshot
// check.
(function () {
  'use strict';

  const body = document.body;
  function fail(message) {
    if (!body.dataset.errors) body.dataset.errors = String(message);
    body.dataset.rendered = 'error';
  }
  window.onerror = function (message, source, line, column) {
    fail(String(message) + (line ? ' (line ' + line + ':' + column + ')' : ''));
  };
  window.addEventListener('unhandledrejection', function (event) { fail('unhandled rejection: ' + event.reason); });

  const esc = function (text) { return echarts.format.encodeHTML(String(text)); };
  const charts = [];

  // ---- DOM helpers (text only) ----------------------------------------------

  /** A new element; `text` becomes its textContent, `cls` its class. */
  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  /** Whether `key` (a string from the file) is one of `object`'s own keys, not 'constructor' and the like. */
  function own(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  const sections = document.getElementById('sections');
  const toc = document.getElementById('toc');
  /** A section with a heading and a line of explanation, listed in the table of contents. */
  function section(id, title, explanation) {
    const s = add(sections, el('section'));
    s.id = id;
    add(s, el('h2', title));
    if (explanation) add(s, el('p', explanation, 'explain'));
    const link = add(toc, el('a', title));
    link.href = '#' + id;
    return s;
  }
  function note(parent, text) { return add(parent, el('p', text, 'note')); }

  /** A table of `rows` (arrays of cells); a cell is a value or {text, cls, title}. */
  function table(parent, header, rows, numeric) {
    const wrap = add(parent, el('div', null, 'table-wrap'));
    const t = add(wrap, el('table'));
    const head = add(add(t, el('thead')), el('tr'));
    header.forEach(function (h, i) { add(head, el('th', h, numeric && numeric[i] ? 'num' : '')); });
    const tbody = add(t, el('tbody'));
    rows.forEach(function (row) {
      const tr = add(tbody, el('tr'));
      if (row.cls) tr.className = row.cls;
      (row.cells || row).forEach(function (cell, i) {
        const c = cell !== null && typeof cell === 'object' ? cell : { text: cell };
        const td = add(tr, el('td', c.text, c.cls || (numeric && numeric[i] ? 'num' : '')));
        if (c.title) td.title = c.title;
      });
    });
    return t;
  }

  // ---- numbers ----------------------------------------------------------------

  const four = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
  const finite = function (x) { return typeof x === 'number' && isFinite(x); };
  /** Four significant digits, '–' for "not defined" (NaN or absent). */
  function num(x) { return finite(x) ? four.format(x) : '–'; }
  function pct(x) { return finite(x) ? (100 * x).toFixed(x > 0 && x < 0.01 ? 1 : 0) + ' %' : '–'; }

  // ---- charts -----------------------------------------------------------------

  const palette = ['#1f5f99', '#d1495b', '#edae49', '#00798c', '#66a182', '#8d6a9f', '#2e4057', '#c1666b'];
  const textStyle = { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif' };

  /** Draws `option` in a new chart box under `parent`. Animation is off, so
   *  a chart is complete when setOption returns (and screenshots repeat). */
  function chart(parent, option, height, cls) {
    const box = add(parent, el('div', null, 'chart' + (cls ? ' ' + cls : '')));
    if (height) box.style.height = height + 'px';
    const c = echarts.init(box, null, { renderer: 'canvas' });
    c.setOption(Object.assign({ animation: false, color: palette, textStyle: textStyle }, option));
    charts.push(c);
    return c;
  }

  /** Time axis in days when the horizon is longer than four days, else hours. */
  let timeUnit = { name: 'h', per_h: 1, horizon_h: null };
  function timeAxis(extra) {
    return Object.assign({
      type: 'value', name: timeUnit.name, nameLocation: 'end', min: 0,
      max: finite(timeUnit.horizon_h) ? timeUnit.horizon_h / timeUnit.per_h : undefined,
      axisLabel: { formatter: function (v) { return four.format(v); }, hideOverlap: true },
    }, extra || {});
  }
  /** A round step (1, 2 or 5 times a power of ten) giving about `n` steps over `span`. */
  function niceStep(span, n) {
    const raw = span / n;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    return [1, 2, 5, 10].map(function (k) { return k * p; }).find(function (x) { return x >= raw; });
  }
  function timeText(h) { return finite(h) ? num(h) + ' h' + (h >= 48 ? ' (day ' + num(h / 24) + ')' : '') : 'never'; }

  /** Mean line with its 5–95 % band: three series (band base, band width stacked on it, mean). */
  function bandSeries(time, s, name, color, index) {
    const t = time.map(function (h) { return h / timeUnit.per_h; });
    const pairs = function (ys) { return ys.map(function (y, i) { return [t[i], y]; }); };
    const width = s.q95.map(function (hi, i) { return finite(hi) && finite(s.q05[i]) ? hi - s.q05[i] : null; });
    const stack = 'band' + index;
    return [
      { name: name + ' 5–95 %', type: 'line', data: pairs(s.q05), stack: stack, stackStrategy: 'all', symbol: 'none',
        lineStyle: { opacity: 0 }, tooltip: { show: false }, silent: true },
      { name: name + ' 5–95 %', type: 'line', data: pairs(width), stack: stack, stackStrategy: 'all', symbol: 'none',
        lineStyle: { opacity: 0 }, areaStyle: { color: color, opacity: 0.22 }, silent: true },
      { name: name, type: 'line', data: pairs(s.mean), symbol: 'none', lineStyle: { width: 1.6, color: color },
        itemStyle: { color: color } },
    ];
  }

  /** Axis tooltip for band charts: the mean and the band of each named series at the hovered time. */
  function bandTooltip(seriesList, units) {
    return {
      trigger: 'axis',
      formatter: function (params) {
        if (!params.length) return '';
        const i = params[0].dataIndex;
        const h = params[0].value[0] * timeUnit.per_h;
        let html = esc(timeText(h));
        seriesList.forEach(function (s) {
          html += '<br>' + esc(s.label) + ': ' + esc(num(s.data.mean[i]));
          if (s.data.q05) html += ' [' + esc(num(s.data.q05[i])) + ', ' + esc(num(s.data.q95[i])) + ']';
          html += ' ' + esc(units);
        });
        return html;
      },
    };
  }

  // ---- the payload --------------------------------------------------------------

  function payload() {
    const node = document.getElementById('porttwin-data');
    return JSON.parse(node.textContent);
  }

  function kpiByName(data) {
    const map = Object.create(null);
    ((data.kpi && data.kpi.figures) || []).forEach(function (f) { map[f.name] = f; });
    return map;
  }

  // ---- header -------------------------------------------------------------------

  function renderHeader(data) {
    const m = data.meta;
    const dl = document.getElementById('meta');
    const item = function (label, value) {
      if (value === undefined || value === null || value === '') return;
      add(dl, el('dt', label));
      add(dl, el('dd', value));
    };
    item('results file', m.file);
    item('kind', m.kind === 'sweep' ? 'sweep of ' + data.sweep.points.length + ' points' : 'run');
    item('scenario file', m.scenario_file);
    item('scenario SHA-256', m.scenario_sha256);
    item('seed', m.seed);
    if (finite(m.replications)) {
      item('replications', m.replications + (m.replications > 0 ? ' (' + m.first_replication + '…' +
        (m.first_replication + m.replications - 1) + ')' : ''));
    }
    item('horizon', finite(m.horizon_h) ? timeText(m.horizon_h) : null);
    item('overrides', m.overrides);
    item('command', m.command_line);
    item('written', m.created_utc + (m.porttwin_version ? ' by porttwin ' + m.porttwin_version : ''));

    const notes = document.getElementById('notes');
    if (!data.has_cyber) {
      note(notes, 'This scenario has no incidents: the report shows the port sections only ' +
        '(no resilience curve, cascade or reporting classification).');
    }
    if (data.sweep) {
      const p = data.sweep.points[data.sweep.shown];
      note(notes, 'A sweep: the first section compares its points; the sections after it show point ' +
        data.sweep.shown + (p && p.label ? ' (' + p.label + ')' : '') + ' (choose another with --point).');
    }
    if (m.replications === 1) note(notes, 'One replication: bands and distributions need more (run with --replications).');
    if (data.scenario_text) {
      const d = add(notes, el('details'));
      add(d, el('summary', 'Scenario file as run' + (data.scenario_text_truncated ? ' (first part)' : '')));
      add(d, el('pre', data.scenario_text));
    }
  }

  // ---- sweep ----------------------------------------------------------------------

  function renderSweep(data) {
    const sw = data.sweep;
    const s = section('sweep', 'Sweep: the points compared',
      'Each key figure\'s mean over the replications at each point, with its Student-t 95 % confidence ' +
      'interval (from /point_NNN/ensemble/kpi). Every point runs the same replications with the same seeds, ' +
      'so differences between points are the parameters\', not chance\'s. Figures equal at every point are left out of the charts.');
    const header = ['point', 'group'].concat(sw.keys);
    table(s, header, sw.points.map(function (p, i) {
      return { cls: i === sw.shown ? 'current' : '', cells: [String(i), p.group].concat(p.values) };
    }));
    const labels = sw.points.map(function (p, i) { return '#' + i; });
    const grid = add(s, el('div', null, 'grid'));
    let drawn = 0;
    sw.figures.forEach(function (f) {
      const means = f.mean.filter(finite);
      if (means.length === 0 || Math.max.apply(null, means) === Math.min.apply(null, means)) return;
      ++drawn;
      chart(grid, {
        title: { text: f.name, subtext: f.units && f.units !== '1' ? f.units : '', left: 'center', textStyle: { fontSize: 13 } },
        grid: { left: 8, right: 12, top: 54, bottom: 6 },
        xAxis: { type: 'category', data: labels },
        yAxis: { type: 'value', scale: true },
        tooltip: {
          trigger: 'item',
          formatter: function (p) {
            const i = p.dataIndex;
            const pt = sw.points[i];
            return esc('#' + i + (pt.label ? ' ' + pt.label : '')) + '<br>' + esc(f.name) + ': ' + esc(num(f.mean[i])) +
              ' [' + esc(num(f.low[i])) + ', ' + esc(num(f.high[i])) + '] ' + esc(f.units === '1' ? '' : f.units);
          },
        },
        series: [
          { type: 'custom', name: '95 % CI', silent: true, encode: { x: 0, y: [1, 2] },
            data: f.low.map(function (lo, i) { return [i, lo, f.high[i]]; }),
            renderItem: function (params, api) {
              const lo = api.value(1);
              const hi = api.value(2);
              if (!finite(lo) || !finite(hi)) return null;
              const a = api.coord([api.value(0), lo]);
              const b = api.coord([api.value(0), hi]);
              const w = Math.min(10, api.size([1, 0])[0] * 0.3);
              const style = { stroke: palette[0], lineWidth: 1.4 };
              return { type: 'group', children: [
                { type: 'line', shape: { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, style: style },
                { type: 'line', shape: { x1: a[0] - w, y1: a[1], x2: a[0] + w, y2: a[1] }, style: style },
                { type: 'line', shape: { x1: b[0] - w, y1: b[1], x2: b[0] + w, y2: b[1] }, style: style },
              ] };
            } },
          { type: 'scatter', name: 'mean', data: f.mean, symbolSize: 7,
            itemStyle: { color: function (p) { return p.dataIndex === sw.shown ? palette[1] : palette[0]; } } },
        ],
      });
    });
    if (drawn === 0) note(s, 'Every key figure has the same mean at every point.');
    const d = add(s, el('details'));
    add(d, el('summary', 'Every figure at every point: mean [95 % CI]'));
    table(d, ['figure', 'units'].concat(labels), sw.figures.map(function (f) {
      return [f.name, f.units].concat(f.mean.map(function (m, i) {
        return num(m) + ' [' + num(f.low[i]) + ', ' + num(f.high[i]) + ']';
      }));
    }), [false, false].concat(labels.map(function () { return true; })));
  }

  // ---- throughput and resilience ----------------------------------------------------

  function renderTimeseries(data) {
    const ts = data.timeseries;
    const s = section('throughput', 'Throughput and resilience',
      'Mean over the replications (line) and the band from the 5 % to the 95 % quantile at each time ' +
      '(from /ensemble/timeseries). Amounts per sampling interval are shown per hour. ' +
      (ts && ts.samples_per_point > 1 ? 'Each point averages ' + ts.samples_per_point + ' samples (' +
        num(ts.step_h) + ' h) so that the page stays small; the band is then the average of the ' +
        'quantiles, a little narrower than the quantiles of the averages.' : ''));
    if (!ts || !ts.time.length) { note(s, 'The file has no time series.'); return; }
    const by = Object.create(null);
    ts.series.forEach(function (x) { by[x.name] = x; });
    const group = 'porttwin-time';

    const big = [];
    if (by.teu_handled) {
      const list = [{ label: 'TEU handled per hour', data: by.teu_handled }];
      const series = bandSeries(ts.time, by.teu_handled, 'TEU handled', palette[0], 0);
      if (by.baseline_teu_handled) {
        list.push({ label: 'baseline (no incidents)', data: { mean: by.baseline_teu_handled.mean } });
        series.push({ name: 'baseline (no incidents)', type: 'line', symbol: 'none',
          data: by.baseline_teu_handled.mean.map(function (y, i) { return [ts.time[i] / timeUnit.per_h, y]; }),
          lineStyle: { type: 'dashed', width: 1.2, color: palette[6] }, itemStyle: { color: palette[6] } });
      }
      big.push({ title: 'Throughput: TEU handled per hour', units: 'TEU/h', list: list, series: series });
    }
    if (by.performance) {
      big.push({ title: 'Resilience curve: performance against the baseline', units: '',
        list: [{ label: 'performance', data: by.performance }],
        series: bandSeries(ts.time, by.performance, 'performance', palette[1], 1).concat([{
          type: 'line', name: 'baseline level', data: [], markLine: { silent: true, symbol: 'none',
            lineStyle: { color: '#888', type: 'dotted' }, label: { formatter: '1 = baseline', position: 'insideEndTop' }, data: [{ yAxis: 1 }] } }]),
        explain: 'TEU handled in the 24 h ending at each time, disrupted over baseline (1 when the baseline ' +
          'handled nothing). The area between the curve and 1 is the resilience loss.' });
    }
    big.forEach(function (b) {
      add(s, el('h3', b.title));
      if (b.explain) add(s, el('p', b.explain, 'explain'));
      const c = chart(s, {
        grid: { left: 10, right: 24, top: 36, bottom: 28 },
        legend: { top: 0, data: b.list.map(function (l) { return l.label === 'TEU handled per hour' ? 'TEU handled' : l.label; }) },
        tooltip: bandTooltip(b.list, b.units),
        xAxis: timeAxis(),
        yAxis: { type: 'value', name: b.units, scale: b.units === '' },
        dataZoom: [{ type: 'inside' }],
        series: b.series,
      }, 320);
      c.group = group;
    });

    const small = ['vessels_waiting', 'berth_occupancy', 'crane_availability', 'yard_fill', 'trucks_waiting',
      'pcs_backlog'];
    const grid = add(s, el('div', null, 'grid'));
    small.forEach(function (name, k) {
      const x = by[name];
      if (!x) return;
      // A PCS that never held a message has nothing to show.
      if (name === 'pcs_backlog' && !x.mean.some(function (y) { return finite(y) && y > 0; })) return;
      const title = (x.long_name || name) + (x.units && x.units !== '1' ? ' (' + x.units + ')' : '');
      const c = chart(grid, {
        title: { text: title, left: 'center', textStyle: { fontSize: 13 } },
        grid: { left: 8, right: 16, top: 32, bottom: 8 },
        tooltip: bandTooltip([{ label: name, data: x }], x.units === '1' ? '' : x.units),
        xAxis: timeAxis(),
        yAxis: { type: 'value' },
        dataZoom: [{ type: 'inside' }],
        series: bandSeries(ts.time, x, name, palette[(k + 2) % palette.length], 2 + k),
      });
      c.group = group;
    });
    renderTerminals(s, ts, group);
    echarts.connect(group);
  }

  /** One line per terminal (the mean over replications) for each per-terminal series. */
  function renderTerminals(s, ts, group) {
    const bt = ts.by_terminal;
    if (!bt || !bt.series.length || !bt.terminals.length) return;
    add(s, el('h3', 'By terminal'));
    add(s, el('p', 'Mean over the replications for each terminal (/ensemble/timeseries, terminal dimension); ' +
      'cargo in each terminal\'s own unit.', 'explain'));
    const grid = add(s, el('div', null, 'grid'));
    // Every per-terminal series, titled by its long_name (one declaration: the variable table).
    bt.series.forEach(function (x) {
      const name = x.long_name || x.name;
      const title = name.charAt(0).toUpperCase() + name.slice(1) + (x.per_hour ? ' per hour' : '');
      const t = ts.time.map(function (h) { return h / timeUnit.per_h; });
      const c = chart(grid, {
        title: { text: title, left: 'center', textStyle: { fontSize: 13 } },
        grid: { left: 8, right: 16, top: 62, bottom: 8 },
        legend: { type: 'scroll', top: 28, textStyle: { fontSize: 10 } },
        tooltip: { trigger: 'axis', formatter: function (params) {
          if (!params.length) return '';
          const i = params[0].dataIndex;
          let html = esc(timeText(params[0].value[0] * timeUnit.per_h));
          bt.terminals.forEach(function (id, k) {
            const u = x.units[k] === '1' ? '' : ' ' + x.units[k];
            html += '<br>' + esc(id) + ': ' + esc(num(x.mean[k][i]) + u);
          });
          return html;
        } },
        xAxis: timeAxis(),
        yAxis: { type: 'value' },
        dataZoom: [{ type: 'inside' }],
        series: bt.terminals.map(function (id, k) {
          return { name: String(id), type: 'line', symbol: 'none', lineStyle: { width: 1.3 },
            data: x.mean[k].map(function (y, i) { return [t[i], y]; }) };
        }),
      }, 280);
      c.group = group;
    });
  }

  // ---- key figures ---------------------------------------------------------------

  /** Equal-width bins for a histogram: about sqrt(n), at most 30. */
  function histogram(values) {
    const v = values.filter(finite);
    const lo = Math.min.apply(null, v);
    const hi = Math.max.apply(null, v);
    const bins = Math.max(1, Math.min(30, Math.ceil(Math.sqrt(v.length))));
    const width = (hi - lo) / bins;
    const counts = new Array(bins).fill(0);
    v.forEach(function (x) { counts[Math.min(bins - 1, Math.floor((x - lo) / width))] += 1; });
    return counts.map(function (n, i) { return { from: lo + i * width, to: lo + (i + 1) * width, n: n }; });
  }

  /** The terminal figures: a row per figure, a column per terminal (mean; hover for the 95 % CI). */
  function renderTerminalFigures(data) {
    const tf = data.terminal_figures;
    if (!tf || !tf.terminals.length || !tf.figures.length) return;
    const s = section('terminal-figures', 'Key figures by terminal',
      'Each terminal\'s figures (/kpi/terminals): the mean over the replications, its Student-t 95 % ' +
      'confidence interval on hovering a value (/ensemble/kpi/terminals). Cargo in each terminal\'s ' +
      'own unit. Figures a port-wide total hides show here: an outage at one terminal, slack at the others.');
    const zero = [];
    const rows = [];
    tf.figures.forEach(function (f) {
      if (f.mean.every(function (m) { return m === 0 || !finite(m); }) && f.mean.some(function (m) { return m === 0; })) {
        zero.push(f.long_name || f.name);
        return;
      }
      const same = f.units.every(function (u) { return u === f.units[0]; });
      const unit = function (k) { return f.units[k] === '1' ? '' : f.units[k]; };
      rows.push([{ text: f.name.replace(/^terminal_/, ''), cls: 'id', title: (f.long_name || '') + ': ' + (f.description || '') },
        same ? unit(0) : 'own unit'].concat(f.mean.map(function (m, k) {
        const ci = finite(f.low[k]) ? '95 % CI [' + num(f.low[k]) + ', ' + num(f.high[k]) + ']' : '';
        const u = same ? '' : ' ' + unit(k);
        return { text: (f.units[k] === '1' && f.name.match(/reliability|utilisation/) ? pct(m) : num(m)) + u, title: ci };
      })));
    });
    const numeric = [false, false].concat(tf.terminals.map(function () { return true; }));
    table(s, ['figure', 'units'].concat(tf.terminals.map(String)), rows, numeric);
    if (zero.length) note(s, 'Zero at every terminal: ' + zero.join(', ') + '.');
  }

  function renderKpi(data) {
    const s = section('key-figures', 'Key figures',
      'One value per replication (/kpi); mean, Student-t 95 % confidence interval of the mean and quantiles ' +
      'over the replications in which the figure is defined (/ensemble/kpi). Hover a name for its definition.');
    const figures = data.kpi.figures;
    table(s, ['figure', 'units', 'mean', '95 % CI of the mean', '5 %', 'median', '95 %', 'min', 'max', 'n'],
      figures.map(function (f) {
        const st = f.stats || {};
        return [{ text: f.name, cls: 'id', title: f.description || f.long_name || '' }, f.units,
          num(st.mean), finite(st.ci95_low) ? '[' + num(st.ci95_low) + ', ' + num(st.ci95_high) + ']' : '–',
          num(st.q05), num(st.q50), num(st.q95), num(st.min), num(st.max), finite(st.count) ? String(st.count) : '–'];
      }), [false, false, true, true, true, true, true, true, true, true]);

    const varying = figures.filter(function (f) {
      const v = (f.values || []).filter(finite);
      return v.length >= 2 && Math.max.apply(null, v) > Math.min.apply(null, v);
    });
    add(s, el('h3', 'Distributions over the replications'));
    if (!varying.length) { note(s, 'No key figure varies between replications.'); return; }
    add(s, el('p', 'Histograms of the figures that vary between replications (' + varying.length + ' of ' +
      figures.length + '); the line marks the mean.', 'explain'));
    const grid = add(s, el('div', null, 'grid small'));
    varying.forEach(function (f) {
      const bins = histogram(f.values);
      const mean = f.stats && finite(f.stats.mean) ? f.stats.mean : null;
      chart(grid, {
        title: { text: f.name, subtext: f.units && f.units !== '1' ? f.units : '', left: 'center', textStyle: { fontSize: 12 },
          subtextStyle: { fontSize: 10 }, itemGap: 2 },
        grid: { left: 6, right: 12, top: 46, bottom: 4 },
        tooltip: { trigger: 'item', formatter: function (p) {
          const b = bins[p.dataIndex];
          return esc(f.name) + '<br>' + esc(num(b.from) + ' to ' + num(b.to)) + ': ' + b.n + ' replication' + (b.n === 1 ? '' : 's');
        } },
        xAxis: { type: 'value', scale: true, min: bins[0].from, max: bins[bins.length - 1].to,
          axisLabel: { formatter: function (v) { return four.format(v); }, hideOverlap: true, showMinLabel: false, showMaxLabel: false } },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'custom', name: f.name, data: bins.map(function (b) { return [b.from, b.to, b.n]; }),
          encode: { x: [0, 1], y: 2 },
          renderItem: function (params, api) {
            const a = api.coord([api.value(0), api.value(2)]);
            const b = api.coord([api.value(1), 0]);
            return { type: 'rect', shape: { x: a[0], y: a[1], width: Math.max(1, b[0] - a[0] - 1), height: b[1] - a[1] },
              style: { fill: palette[0], opacity: 0.8 } };
          },
          markLine: mean === null ? undefined : { silent: true, symbol: 'none', label: { show: false }, z: 10,
            lineStyle: { color: palette[1], width: 1.5, type: 'solid' }, data: [{ xAxis: mean }] } }],
      });
    });
  }

  // ---- dependency graph -------------------------------------------------------------

  const edgeColours = { control: '#2e4057', service: '#66a182', remote_access: '#d1495b', data_flow: '#1f5f99',
    physical_flow: '#edae49' };
  const edgeColourNames = { control: 'dark slate', service: 'green', remote_access: 'red', data_flow: 'blue',
    physical_flow: 'amber' };

  /** Node positions by Fruchterman and Reingold's force-directed placement
   *  (1991), from a deterministic spiral start, in the unit square: the same
   *  picture every time (ECharts' own force layout starts at random, and
   *  diverged on some graphs). O(nodes^2) per step, 300 steps: a fraction of
   *  a second for a thousand nodes. ECharts then fits the square to the chart. */
  function placeNodes(n, edges) {
    const x = new Float64Array(n), y = new Float64Array(n), dx = new Float64Array(n), dy = new Float64Array(n);
    for (let i = 0; i < n; ++i) {
      const r = Math.sqrt((i + 0.5) / n) / 2, a = i * 2.399963;
      x[i] = 0.5 + r * Math.cos(a);
      y[i] = 0.5 + r * Math.sin(a);
    }
    const k = Math.sqrt(1 / Math.max(1, n));
    let step = 0.1;
    for (let it = 0; it < 300; ++it) {
      dx.fill(0);
      dy.fill(0);
      for (let i = 0; i < n; ++i) {
        for (let j = i + 1; j < n; ++j) {
          const ex = x[i] - x[j], ey = y[i] - y[j];
          const f = k * k / Math.max(1e-9, ex * ex + ey * ey);  // repulsion k^2/d along the unit vector
          dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
        }
      }
      edges.forEach(function (e) {
        const a = e[0], b = e[1];
        if (a === b) return;
        const ex = x[a] - x[b], ey = y[a] - y[b];
        const f = Math.sqrt(ex * ex + ey * ey) / k;  // attraction d^2/k along the unit vector
        dx[a] -= ex * f; dy[a] -= ey * f; dx[b] += ex * f; dy[b] += ey * f;
      });
      for (let i = 0; i < n; ++i) {
        dx[i] += (0.5 - x[i]) * 0.5 / k;  // gravity keeps loose nodes in, and off the frame
        dy[i] += (0.5 - y[i]) * 0.5 / k;
        const len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) + 1e-12;
        const move = Math.min(len, step);
        x[i] = Math.min(1, Math.max(0, x[i] + dx[i] / len * move));
        y[i] = Math.min(1, Math.max(0, y[i] + dy[i] / len * move));
      }
      step = Math.max(0.002, step * 0.985);
    }
    return { x: x, y: y };
  }

  function renderGraph(data) {
    const g = data.graph;
    const s = section('graph', 'Dependency graph',
      data.has_cyber
        ? 'The scenario\'s dependency graph (/graph). Colour: the impact measure chosen below; size: hours of full ' +
          'operation lost (mean of /nodes/level_loss_h). Edges are coloured by type; drag to move, scroll to zoom.'
        : 'The scenario\'s dependency graph (/graph), nodes coloured by kind. Without incidents nothing is hit.');
    if (!g || !g.nodes.length) { note(s, 'The file has no dependency graph (/graph).'); return; }
    let measure = 'hit_share';
    const measures = {
      hit_share: { label: 'share of replications in which the node was hit', max: 1, fmt: pct },
      level_loss_h: { label: 'mean hours of full operation lost', max: null, fmt: function (x) { return num(x) + ' h'; } },
      reportable_share: { label: 'share of replications in which its incident was reportable', max: 1, fmt: pct },
    };
    if (data.has_cyber) {
      const label = add(s, el('label', 'Colour by'));
      const select = add(label, el('select'));
      Object.keys(measures).forEach(function (k) {
        const o = add(select, el('option', measures[k].label));
        o.value = k;
      });
      select.addEventListener('change', function () { measure = select.value; c.setOption(option(), { replaceMerge: ['series', 'visualMap'] }); });
    }
    const maxLoss = Math.max.apply(null, g.nodes.map(function (n) { return finite(n.level_loss_h) ? n.level_loss_h : 0; }).concat([1e-9]));
    const many = g.nodes.length > 80;
    const categories = g.kinds.map(function (k) { return { name: k }; });
    const types = g.types;
    const place = placeNodes(g.nodes.length, g.edges);

    function option() {
      const m = measures[measure];
      const max = m.max !== null ? m.max : Math.max.apply(null, g.nodes.map(function (n) { return finite(n[measure]) ? n[measure] : 0; }).concat([1e-9]));
      const nodes = g.nodes.map(function (n, i) {
        const impact = finite(n[measure]) ? n[measure] : 0;
        const loss = finite(n.level_loss_h) ? n.level_loss_h : 0;
        return {
          name: String(n.id), id: String(n.id), category: n.kind, value: data.has_cyber ? impact : 0,
          x: 1000 * place.x[i], y: 1000 * place.y[i],
          symbolSize: data.has_cyber ? 8 + 22 * Math.sqrt(loss / maxLoss) : 12,
          label: { show: !many || impact > 0 },
        };
      });
      const links = g.edges.map(function (e) {
        return { source: String(g.nodes[e[0]].id), target: String(g.nodes[e[1]].id), type: types[e[2]],
          lineStyle: { color: own(edgeColours, types[e[2]]) ? edgeColours[types[e[2]]] : '#999' } };
      });
      const o = {
        tooltip: { trigger: 'item', formatter: function (p) {
          if (p.dataType === 'edge') return esc(p.data.source + ' → ' + p.data.target) + '<br>' + esc(p.data.type);
          const n = g.nodes[p.dataIndex];
          let html = '<b>' + esc(n.id) + '</b>' + (n.name && n.name !== n.id ? ' (' + esc(n.name) + ')' : '') + '<br>' +
            esc(g.kinds[n.kind]) + (n.organisation ? ', organisation ' + esc(n.organisation) : '');
          if (data.has_cyber) {
            html += '<br>hit in ' + esc(pct(n.hit_share)) + ' of replications' +
              '<br>first hit (median over those): ' + esc(timeText(n.first_hit_h)) +
              '<br>full operation lost: ' + esc(num(n.level_loss_h)) + ' h (mean)' +
              '<br>reportable in ' + esc(pct(n.reportable_share)) + ', must report in ' + esc(pct(n.must_report_share));
          }
          return html;
        } },
        legend: data.has_cyber ? undefined : { type: 'scroll', top: 0, data: g.kinds },
        series: [{
          type: 'graph', layout: 'none', roam: true, top: data.has_cyber ? 56 : 46, bottom: 16, left: 20, right: 120,
          categories: categories,
          edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 6,
          lineStyle: { opacity: 0.55, width: 1, curveness: 0.08 },
          label: { position: 'right', fontSize: 10, color: '#333' },
          emphasis: { focus: 'adjacency' },
          data: nodes, links: links,
        }],
      };
      if (data.has_cyber) {
        o.visualMap = { type: 'continuous', min: 0, max: max, calculable: false, orient: 'horizontal', left: 'center', top: 0,
          text: [m.fmt(max), m.fmt(0)], inRange: { color: ['#d9dee4', '#fdae61', '#d7191c'] }, seriesIndex: 0 };
      }
      return o;
    }
    const c = chart(s, option(), many ? 720 : 560);
    const legend = add(s, el('p', '', 'explain'));
    legend.textContent = 'Edges: ' + types.map(function (t) {
      return t + (own(edgeColourNames, t) ? ' (' + edgeColourNames[t] + ')' : '');
    }).join(', ') + '. ' + g.nodes.length + ' nodes, ' + g.edges.length + ' edges.';
  }

  // ---- cascade over time ------------------------------------------------------------

  const states = ['compromised', 'detected', 'contained', 'recovering', 'restored'];
  const stateColours = { compromised: '#d7191c', detected: '#f46d43', contained: '#fdae61', recovering: '#a6d96a', restored: '#1a9641' };
  const markers = { exposed: { symbol: 'diamond', color: '#8d6a9f' }, warned: { symbol: 'triangle', color: '#2e4057' },
    reported: { symbol: 'pin', color: '#1f5f99' } };

  function renderCascade(data) {
    const s = section('cascade', 'The cascade over time',
      'Who is hit when. The heat map shows, for each node ever compromised, the share of replications in ' +
      'which it is compromised and not yet restored (cyber state compromised, detected, contained or ' +
      'recovering in /timeseries/cyber_state), averaged over each column of time.');
    const cs = data.cascade;
    if (!cs || !cs.nodes.length) {
      note(s, 'No node was compromised in any replication.');
    } else {
      if (cs.nodes_hit > cs.nodes.length) {
        note(s, 'The ' + cs.nodes.length + ' nodes hit in most replications of ' + cs.nodes_hit + ' hit at all.');
      }
      const cols = cs.time.length;
      const cells = [];
      cs.share.forEach(function (row, y) {
        row.forEach(function (v, x) { if (v > 0) cells.push([x, y, v]); });
      });
      // Category columns labelled only where a round time falls in them.
      const start = cs.time[0] - cs.column_h;
      const step = niceStep((cs.time[cols - 1] - start) / timeUnit.per_h, 10);
      const labels = cs.time.map(function (h, x) {
        const from = (x === 0 ? start : cs.time[x - 1]) / timeUnit.per_h;
        const tick = Math.ceil(from / step - 1e-9) * step;
        return tick < h / timeUnit.per_h || (x === 0 && tick === from) ? four.format(tick + 0) : '';
      });
      chart(s, {
        grid: { left: 10, right: 24, top: 40, bottom: 30 },
        tooltip: { trigger: 'item', formatter: function (p) {
          const x = p.value[0];
          const from = x === 0 ? cs.time[0] - cs.column_h : cs.time[x - 1];
          return '<b>' + esc(cs.nodes[p.value[1]]) + '</b><br>' + esc(num(from) + ' to ' + num(cs.time[x]) + ' h') +
            '<br>compromised in ' + esc(pct(p.value[2])) + ' of replications';
        } },
        xAxis: { type: 'category', data: labels, name: timeUnit.name, splitArea: { show: false },
          axisTick: { interval: function (x) { return labels[x] !== ''; } },
          axisLabel: { interval: function (x) { return labels[x] !== ''; } } },
        yAxis: { type: 'category', data: cs.nodes.map(String), inverse: true, axisLabel: { fontSize: 10 } },
        visualMap: { type: 'continuous', min: 0, max: 1, orient: 'horizontal', left: 'center', top: 0, itemHeight: 120,
          text: ['100 %', '0'], calculable: false, inRange: { color: ['#fff5eb', '#fd8d3c', '#a50f15'] } },
        series: [{ type: 'heatmap', data: cells, progressive: 0 }],
      }, Math.max(180, 16 * cs.nodes.length + 90));
    }
    renderTimeline(s, data);
  }

  /** The states of each node in one replication, from its events, as bars along time. */
  function renderTimeline(s, data) {
    const ev = data.events;
    add(s, el('h3', ev ? 'Replication ' + ev.replication + ': the incident\'s course' : 'One replication\'s course'));
    if (!ev) { note(s, 'The file has no events.'); return; }
    add(s, el('p', 'Chosen ' + ev.chosen_by + '. Each bar is a node\'s cyber state from one event to the next ' +
      '(from /events); marks show data exposures, warnings and reports.', 'explain'));
    const rows = ev.rows;
    const nodes = [];
    const index = Object.create(null);  // keyed by node ids: no prototype ('constructor' is a valid id)
    rows.forEach(function (r) {
      if (states.indexOf(r[2]) >= 0 && !(r[1] in index)) { index[r[1]] = nodes.length; nodes.push(r[1]); }
    });
    const open = Object.create(null);
    const bars = Object.create(null);
    states.forEach(function (st) { bars[st] = []; });
    const end = finite(ev.horizon_h) ? ev.horizon_h : (rows.length ? rows[rows.length - 1][0] : 0);
    rows.forEach(function (r) {
      if (states.indexOf(r[2]) < 0) return;
      const y = index[r[1]];
      if (open[y]) bars[open[y].state].push([open[y].t / timeUnit.per_h, r[0] / timeUnit.per_h, y, open[y].detail]);
      open[y] = { state: r[2], t: r[0], detail: r[3] };
    });
    Object.keys(open).forEach(function (y) {
      bars[open[y].state].push([open[y].t / timeUnit.per_h, end / timeUnit.per_h, Number(y), open[y].detail]);
    });
    if (!nodes.length) {
      note(s, 'No node changed its cyber state in this replication.');
    } else {
      const series = states.map(function (st) {
        return { type: 'custom', name: st, data: bars[st], encode: { x: [0, 1], y: 2 }, itemStyle: { color: stateColours[st] },
          renderItem: function (params, api) {
            const a = api.coord([api.value(0), api.value(2)]);
            const b = api.coord([api.value(1), api.value(2)]);
            const h = api.size([0, 1])[1] * 0.6;
            return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2, width: Math.max(1, b[0] - a[0]), height: h },
              style: { fill: stateColours[st] } };
          } };
      });
      Object.keys(markers).forEach(function (kind) {
        const pts = rows.filter(function (r) { return r[2] === kind && r[1] in index; })
          .map(function (r) { return [r[0] / timeUnit.per_h, index[r[1]], r[3]]; });
        if (pts.length) {
          series.push({ type: 'scatter', name: kind, data: pts, symbol: markers[kind].symbol, symbolSize: 9,
            itemStyle: { color: markers[kind].color } });
        }
      });
      chart(s, {
        grid: { left: 10, right: 24, top: 34, bottom: 30 },
        legend: { top: 0 },
        tooltip: { trigger: 'item', formatter: function (p) {
          const v = p.value;
          const name = nodes[p.seriesType === 'scatter' ? v[1] : v[2]];
          const when = p.seriesType === 'scatter' ? 'at ' + timeText(v[0] * timeUnit.per_h)
            : 'from ' + timeText(v[0] * timeUnit.per_h) + ' to ' + timeText(v[1] * timeUnit.per_h);
          const detail = p.seriesType === 'scatter' ? v[2] : v[3];
          return '<b>' + esc(name) + '</b>: ' + esc(p.seriesName) + '<br>' + esc(when) + (detail ? '<br>' + esc(detail) : '');
        } },
        xAxis: timeAxis({ min: 0, max: end / timeUnit.per_h }),
        yAxis: { type: 'category', data: nodes.map(String), inverse: true, axisLabel: { fontSize: 10 } },
        dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
        series: series,
      }, Math.max(160, 18 * nodes.length + 80));
    }
    const d = add(s, el('details'));
    add(d, el('summary', 'Its events (' + ev.rows.length + (ev.total > ev.rows.length ? ' of ' + ev.total : '') + ')'));
    table(d, ['time (h)', 'node', 'event', 'detail'], rows.map(function (r) {
      return [num(r[0]), { text: r[1], cls: 'id' }, r[2], r[3]];
    }), [true, false, false, false]);
  }

  // ---- reporting classification -------------------------------------------------------

  const criteria = [
    ['reportable_security_plan', '1 port facility security plan', 'an ISPS port facility\'s own node or a gate (access control) is stopped'],
    ['reportable_vessel_processes', '2 vessel arrival and departure', 'an organisation running those processes is interrupted'],
    ['reportable_cargo_handling', '3 cargo handling', 'an organisation that handles or moves cargo is interrupted'],
    ['reportable_danger_or_continuity', '4 danger or continuity', 'a sensitive zone or sensitive data is compromised, or an essential entity stays interrupted'],
    ['reportable_companies', 'reportable (any criterion)', 'organisations hit with at least one criterion met'],
    ['must_report_companies', 'must report', 'reportable and ISPS-obliged (others may report)'],
    ['nis2_reports', 'NIS2 reports', 'reports of NIS2 essential and important entities'],
  ];

  function renderReporting(data) {
    const s = section('reporting', 'Reporting classification',
      'Which organisations\' incidents meet a reporting criterion for a port (cyber/reporting.hpp). The ' +
      'table gives the number of organisations per replication (/kpi); the second, per node, the share of ' +
      'replications in which it was reportable or had to report (/nodes reportable, must_report).');
    const kpi = kpiByName(data);
    const rows = criteria.filter(function (c) { return kpi[c[0]]; }).map(function (c) {
      const f = kpi[c[0]];
      const st = f.stats || {};
      const nonzero = (f.values || []).filter(function (v) { return finite(v) && v > 0; }).length;
      const n = (f.values || []).filter(finite).length;
      return [{ text: c[1], title: c[2] }, { text: c[0], cls: 'id' }, num(st.mean),
        finite(st.ci95_low) ? '[' + num(st.ci95_low) + ', ' + num(st.ci95_high) + ']' : '–', num(st.max),
        n ? pct(nonzero / n) : '–'];
    });
    if (rows.length) {
      table(s, ['criterion', 'figure', 'organisations (mean)', '95 % CI', 'max', 'replications with any'], rows,
        [false, false, true, true, true, true]);
    }
    const nodes = ((data.graph && data.graph.nodes) || []).filter(function (n) { return n.reportable_share > 0 || n.must_report_share > 0; });
    nodes.sort(function (a, b) { return b.reportable_share - a.reportable_share || b.must_report_share - a.must_report_share; });
    if (!nodes.length) { note(s, 'No incident was reportable in any replication.'); return; }
    const top = nodes.slice(0, 40);
    chart(s, {
      grid: { left: 10, right: 24, top: 30, bottom: 20 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: function (ps) {
        return '<b>' + esc(top[ps[0].dataIndex].id) + '</b>' + ps.map(function (p) { return '<br>' + esc(p.seriesName) + ': ' + esc(pct(p.value)); }).join('');
      } },
      xAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: function (v) { return Math.round(100 * v) + ' %'; } } },
      yAxis: { type: 'category', inverse: true, data: top.map(function (n) { return String(n.id); }), axisLabel: { fontSize: 10 } },
      series: [
        { type: 'bar', name: 'reportable', data: top.map(function (n) { return n.reportable_share; }), itemStyle: { color: palette[2] } },
        { type: 'bar', name: 'must report', data: top.map(function (n) { return n.must_report_share; }), itemStyle: { color: palette[1] } },
      ],
    }, Math.max(160, 22 * top.length + 60));
    const kinds = data.graph.kinds;
    table(s, ['node', 'kind', 'organisation', 'reportable', 'must report', 'hit', 'first hit (median)'], nodes.map(function (n) {
      return [{ text: n.id, cls: 'id' }, kinds[n.kind], n.organisation || '', pct(n.reportable_share), pct(n.must_report_share),
        pct(n.hit_share), timeText(n.first_hit_h)];
    }), [false, false, false, true, true, true, false]);
  }

  // ---- the page ---------------------------------------------------------------------

  function chartBoxes() {
    return charts.map(function (c) {
      const r = c.getDom().getBoundingClientRect();
      return [Math.round(r.left + window.scrollX), Math.round(r.top + window.scrollY), Math.round(r.width), Math.round(r.height)];
    });
  }

  function main() {
    const started = performance.now();
    const data = payload();
    timeUnit.horizon_h = data.meta.horizon_h;
    if (finite(data.meta.horizon_h) && data.meta.horizon_h > 96) { timeUnit.name = 'd'; timeUnit.per_h = 24; }
    renderHeader(data);
    if (data.sweep) renderSweep(data);
    renderTimeseries(data);
    renderKpi(data);
    renderTerminalFigures(data);
    renderGraph(data);
    if (data.has_cyber) {
      renderCascade(data);
      renderReporting(data);
    }
    window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
    body.dataset.charts = String(charts.length);
    body.dataset.chartBoxes = JSON.stringify(chartBoxes());
    body.dataset.pageHeight = String(document.documentElement.scrollHeight);
    body.dataset.renderMs = String(Math.round(performance.now() - started));
    if (!body.dataset.errors) body.dataset.rendered = 'ok';
  }

  try {
    main();
  } catch (e) {
    fail((e && e.stack) ? String(e.stack).split('\n').slice(0, 3).join(' | ') : String(e));
  }
})();
