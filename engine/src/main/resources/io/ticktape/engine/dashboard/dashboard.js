// Ticktape dashboard: live charts from the engine's server-sent events, drawn with uPlot.
(function () {
  "use strict";
  const MAX_POINTS = 300;
  const STAGE_COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea"];
  const PCT = [["p50", "p50"], ["p90", "p90"], ["p99", "p99"], ["p999", "p99.9"], ["p9999", "p99.99"], ["max", "max"]];
  const PCT_COLORS = ["#16a34a", "#0891b2", "#2563eb", "#9333ea", "#dc2626", "#555"];

  const state = { stages: [], consumers: [], symbols: {}, instrument: null, samples: 0, live: 0, bars: 0, candles: 0,
    lastKernelP99: 0, lastTicks: 0, events: 0 };
  window.ticktape = state; // read by the browser test and handy in the console

  function fmtNs(ns) {
    if (ns === null || ns === undefined) return "–";
    if (ns < 1e3) return ns + " ns";
    if (ns < 1e6) return (ns / 1e3).toFixed(1) + " µs";
    if (ns < 1e9) return (ns / 1e6).toFixed(2) + " ms";
    return (ns / 1e9).toFixed(2) + " s";
  }
  function width(el) { return Math.max(300, el.clientWidth - 10); }

  function lineChart(el, title, names, colors, logY, fmt, chartWidth) {
    const series = [{}].concat(names.map((n, i) => ({ label: n, stroke: colors[i % colors.length], width: 1.5,
      value: (u, v) => v === null ? "–" : fmt(v) })));
    const data = [[]].concat(names.map(() => []));
    const opts = { title: title, width: chartWidth || width(el), height: 220, series: series,
      scales: { y: logY ? { distr: 3 } : {} },
      axes: [{}, { values: (u, vals) => vals.map(v => fmt(v)), size: 84 }] };
    return { plot: new uPlot(opts, data, el), data: data };
  }
  function push(chart, t, values) {
    chart.data[0].push(t);
    values.forEach((v, i) => chart.data[i + 1].push(v));
    if (chart.data[0].length > MAX_POINTS) chart.data.forEach(a => a.shift());
    chart.plot.setData(chart.data);
  }

  // Candles: open/high/low/close drawn in a draw hook; VWAP is an ordinary line series.
  function candlePlugin() {
    return { hooks: { draw: u => {
      const ctx = u.ctx, d = u.data;
      const n = d[0].length;
      if (n === 0) return;
      const span = n > 1 ? (u.valToPos(d[0][n - 1], "x", true) - u.valToPos(d[0][0], "x", true)) / (n - 1) : 20;
      const w = Math.max(1, Math.min(14, span * 0.6));
      ctx.save();
      for (let i = 0; i < n; i++) {
        const o = d[2][i], h = d[3][i], l = d[4][i], c = d[5][i];
        if (o === null) continue;
        const x = u.valToPos(d[0][i], "x", true);
        const yo = u.valToPos(o, "y", true), yc = u.valToPos(c, "y", true);
        const yh = u.valToPos(h, "y", true), yl = u.valToPos(l, "y", true);
        ctx.strokeStyle = ctx.fillStyle = c >= o ? "#16a34a" : "#dc2626";
        ctx.beginPath(); ctx.moveTo(x, yh); ctx.lineTo(x, yl); ctx.stroke();
        ctx.fillRect(x - w / 2, Math.min(yo, yc), w, Math.max(1, Math.abs(yc - yo)));
      }
      ctx.restore();
    } } };
  }
  const candleEl = document.getElementById("chart-candles");
  const candleData = [[], [], [], [], [], []];
  const candles = new uPlot({ width: width(candleEl), height: 260, plugins: [candlePlugin()],
    series: [{}, { label: "VWAP", stroke: "#f59e0b", width: 2 },
      { label: "open", show: false }, { label: "high", show: false }, { label: "low", show: false },
      { label: "close", show: false }],
    scales: { y: { range: (u, min, max) => {
      const lo = Math.min(...u.data[4].filter(v => v !== null)), hi = Math.max(...u.data[3].filter(v => v !== null));
      return isFinite(lo) && isFinite(hi) ? [lo - (hi - lo) * 0.05, hi + (hi - lo) * 0.05] : [min, max];
    } } } }, candleData, candleEl);

  function setCandles(bars) {
    for (let k = 0; k < 6; k++) candleData[k].length = 0;
    bars.forEach(addCandle);
    candles.setData(candleData);
  }
  function addCandle(b) {
    candleData[0].push(b.t); candleData[1].push(b.vwap); candleData[2].push(b.o); candleData[3].push(b.h);
    candleData[4].push(b.l); candleData[5].push(b.c);
    if (candleData[0].length > MAX_POINTS) candleData.forEach(a => a.shift());
    state.candles = candleData[0].length;
  }

  let latencyCharts = [], throughput, backlog;
  function setup(st) {
    state.stages = st.stages; state.consumers = st.consumers;
    const box = document.getElementById("latency-charts");
    box.innerHTML = "";
    const half = Math.max(300, Math.floor(box.clientWidth / 2) - 40);
    latencyCharts = st.stages.map(stage => {
      const el = document.createElement("div"); el.className = "chart"; box.appendChild(el);
      return lineChart(el, "receive → " + stage, PCT.map(p => p[1]), PCT_COLORS, true, fmtNs, half);
    });
    throughput = lineChart(document.getElementById("chart-throughput"), "", ["ticks/s"], ["#2563eb"], false,
      v => v >= 1e6 ? +(v / 1e6).toFixed(3) + "M" : v >= 1e3 ? +(v / 1e3).toFixed(2) + "k" : String(v));
    backlog = lineChart(document.getElementById("chart-backlog"), "", st.consumers, STAGE_COLORS, false, v => String(v));
    Object.assign(state.symbols, st.symbols);
    refreshInstruments(st.instruments);
    st.events.forEach(addEvent);
  }

  const select = document.getElementById("instrument");
  select.addEventListener("change", () => chooseInstrument(parseInt(select.value, 10)));
  function refreshInstruments(ids) {
    const known = new Set(Array.from(select.options).map(o => parseInt(o.value, 10)));
    ids.filter(i => !known.has(i)).forEach(i => {
      const opt = document.createElement("option"); opt.value = i;
      opt.textContent = (state.symbols[i] || "instrument") + " (" + i + ")";
      select.appendChild(opt);
    });
    if (state.instrument === null && select.options.length > 0) chooseInstrument(parseInt(select.options[0].value, 10));
  }
  function chooseInstrument(id) {
    state.instrument = id; select.value = String(id);
    fetch("/api/bars?instrument=" + id).then(r => r.json()).then(setCandles);
  }

  function addEvent(e) {
    const li = document.createElement("li"); li.className = e.kind;
    li.textContent = new Date(e.t).toLocaleTimeString() + " " + e.kind + ": " + e.text;
    const list = document.getElementById("events");
    list.insertBefore(li, list.firstChild);
    while (list.children.length > 200) list.removeChild(list.lastChild);
  }

  function onSample(s, live) {
    const t = s.t / 1000;
    state.stages.forEach((stage, i) => push(latencyCharts[i], t, PCT.map(p => s.stages[stage][p[0]])));
    push(throughput, t, [s.tps]);
    push(backlog, t, state.consumers.map(c => s.backlog[c]));
    state.samples++;
    if (!live) return;
    state.lastTicks = s.ticks;
    if (s.stages.kernel && s.stages.kernel.p99 !== null) state.lastKernelP99 = s.stages.kernel.p99;
    document.getElementById("throughput").textContent =
      Math.round(s.tps).toLocaleString() + " ticks/s, " + s.ticks.toLocaleString() + " in all";
    const body = document.querySelector("#latency-table tbody");
    body.innerHTML = "";
    state.stages.forEach(stage => {
      const v = s.stages[stage], tr = document.createElement("tr");
      [stage, v.count.toLocaleString()].concat(PCT.map(p => fmtNs(v[p[0]]))).forEach(text => {
        const td = document.createElement("td"); td.textContent = text; tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    const feed = document.querySelector("#feed-table tbody");
    feed.innerHTML = "";
    Object.keys(s.feed).forEach(k => {
      const tr = document.createElement("tr");
      tr.innerHTML = "<td></td><td></td>"; tr.children[0].textContent = k;
      tr.children[1].textContent = s.feed[k].toLocaleString(); feed.appendChild(tr);
    });
    Object.assign(state.symbols, s.symbols);
    s.events.forEach(addEvent);
    const fresh = [];
    s.bars.forEach(b => { if (Array.from(select.options).every(o => parseInt(o.value, 10) !== b.i)) fresh.push(b.i); });
    if (fresh.length) refreshInstruments(Array.from(new Set(fresh)).sort((a, b) => a - b));
    const mine = s.bars.filter(b => b.i === state.instrument);
    if (mine.length) { mine.forEach(addCandle); candles.setData(candleData); }
    state.bars += s.bars.length;
    state.events = document.querySelectorAll("#events li").length;
  }

  const source = new EventSource("/events");
  source.addEventListener("state", e => setup(JSON.parse(e.data)));
  source.addEventListener("history", e => JSON.parse(e.data).forEach((s, i, all) => onSample(s, i === all.length - 1)));
  source.onmessage = e => { state.live++; onSample(JSON.parse(e.data), true); };
  source.onopen = () => { document.getElementById("status").textContent = "live"; };
  source.onerror = () => { document.getElementById("status").textContent = "disconnected (retrying)"; };
  window.addEventListener("resize", () => {
    const half = Math.max(300, Math.floor(document.getElementById("latency-charts").clientWidth / 2) - 40);
    latencyCharts.forEach(c => c.plot.setSize({ width: half, height: 220 }));
    [throughput, backlog].forEach(c => c && c.plot.setSize({ width: width(c.plot.root.parentNode), height: 220 }));
  });
})();
