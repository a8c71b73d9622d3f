// surge's classroom page. Plain JavaScript, no libraries: everything is
// served by surge itself, so it works offline. Every number shown comes
// from the API, which returns what the command line writes with
// --format json for the same settings; the page only formats it.
"use strict";

(function () {
  // The Okabe-Ito colours, as the pictures use them.
  const C = {
    black: "#000000", orange: "#e69f00", sky: "#56b4e9", green: "#009e73", yellow: "#f0e442",
    blue: "#0072b2", vermillion: "#d55e00", purple: "#cc79a7", darkGrey: "#555555", midGrey: "#999999",
    lightGrey: "#dddddd",
  };
  // Pinned runs' colours, after the blue of the run shown.
  const PIN_COLORS = [C.vermillion, C.green, C.orange, C.purple, C.sky, C.black];
  const PIN_DASHES = ["10 5", "3 4", "14 4 3 4", "6 6", "2 2", "12 3"];
  // Each stage's colour, as in the pictures (plots/theme.go).
  const STAGE_COLORS = {
    event: "#6a3d5a", pledge: C.vermillion, authorization: C.darkGrey, consent: C.orange, legislative: C.yellow,
    activation: "#b3a33b", readiness: "#8c6d00", release: C.purple, preparation: C.blue, host_consent: C.black,
    lift_wait: C.sky, transit: C.midGrey, airfield: "#003f63", reception: C.green, rehat: C.lightGrey,
    rotation: "#f2b79a",
  };
  const MAX_PINS = 6;
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  const $ = (id) => document.getElementById(id);
  const state = {
    scenarios: [], // the built-in scenarios (GET /api/scenarios)
    info: null, // the scenario shown: its strategies and levers
    own: null, // a pasted scenario: {name, text}
    strategy: "",
    levers: {}, // lever id: value
    extras: [], // overrides from the address that are not levers: "KEY=VALUE"
    result: null,
    resultRun: null, // the settings of the result shown
    pins: [],
    running: null, // the AbortController of the request under way
    // Counts of what has been shown, for the browser tests to wait on.
    shown: { runs: 0, comparisons: 0, stories: 0, checks: 0 },
  };

  // --- Formatting: the same rules wherever a number is shown ---------------

  const fmt = {
    // pct writes a share as a percentage with d decimals; null is "-".
    pct(x, d = 1) {
      if (x === null || x === undefined) return "-";
      return (x * 100).toFixed(d) + "%";
    },
    // day writes a day number, whole; null is "never".
    day(x) {
      if (x === null || x === undefined) return "never";
      return String(Math.round(x));
    },
    days(x, d = 1) {
      if (x === null || x === undefined) return "-";
      return x.toFixed(d);
    },
    thousands(n) {
      return Math.round(n).toLocaleString("en-US");
    },
    // date writes the calendar day a day number falls on, as 24 Dec 2013,
    // as the command line's reports write dates.
    date(start, day) {
      if (day === null || day === undefined) return "";
      const t = new Date(start + "T00:00:00Z");
      t.setUTCDate(t.getUTCDate() + Math.floor(day + 1e-9));
      return t.getUTCDate() + " " + MONTHS[t.getUTCMonth()] + " " + t.getUTCFullYear();
    },
    isoDate(iso) {
      return fmt.date(iso, 0);
    },
    // measure writes a value of a compared measure: days, or a share in
    // percent (percentage points for a difference), as surge compare does.
    measure(unit, v, diff) {
      if (v === null || v === undefined) return "-";
      let x = v;
      if ((unit === "days" && Math.abs(x) < 0.05) || (unit !== "days" && Math.abs(x) < 0.0005)) x = 0;
      const sign = diff && x > 0 ? "+" : "";
      if (unit === "days") return sign + x.toFixed(1);
      if (diff) return sign + (100 * x).toFixed(1) + " pts";
      return (100 * x).toFixed(1) + "%";
    },
  };
  window.surge = { fmt, state }; // for the browser tests

  // --- Levers ---------------------------------------------------------------

  // decimals is the number of decimals a step needs, such as 2 for 0.25.
  function decimals(step) {
    for (let d = 0; d < 6; d++) {
      const x = step * Math.pow(10, d);
      if (Math.abs(x - Math.round(x)) < 1e-9 * Math.max(1, x)) return d;
    }
    return 6;
  }

  // leverValue writes v as the lever's override value, as scenarios.Lever.Value.
  function leverValue(l, v) {
    let s = v.toFixed(decimals(l.step));
    if (l.integer && !l.multiply) s = Math.round(v).toFixed(0);
    return l.multiply ? "*" + s : s;
  }

  // leverText says a lever's value in plain words, with its unit.
  function leverText(l, v) {
    const n = Number(v.toFixed(decimals(l.step)));
    if (l.multiply) return "×" + n;
    switch (l.unit) {
      case "probability":
      case "share":
        return Math.round(n * 100) + "%";
      case "day":
        return "day " + n;
      case "days":
        return n + (n === 1 ? " day" : " days");
      case "count":
      case "":
        return String(n);
      default:
        return n + " " + l.unit;
    }
  }

  function leverChanged(l) {
    return Math.abs(state.levers[l.id] - l.default) > 1e-9;
  }

  // sets returns the overrides of the page's settings: the levers moved, in
  // the scenario's order, then the others from the address.
  function sets() {
    const out = [];
    for (const l of state.info ? state.info.levers : []) {
      if (leverChanged(l)) out.push(l.key + "=" + leverValue(l, state.levers[l.id]));
    }
    return out.concat(state.extras);
  }

  // --- The API --------------------------------------------------------------

  // settings returns the current settings as the API's parameters.
  function settings() {
    const p = new URLSearchParams();
    if (!state.own) p.set("scenario", state.info.name);
    p.set("reps", $("reps").value);
    p.set("seed", $("seed").value);
    if (state.strategy) p.set("strategy", state.strategy);
    for (const s of sets()) p.append("set", s);
    return p;
  }

  class APIError extends Error {
    constructor(body) {
      super(body.error || "the server did not answer");
      this.problems = body.problems || [];
      this.status = body.status;
    }
  }

  // call asks the API, with progress, and returns the result. A pasted
  // scenario goes in the body of a POST.
  async function call(path, params, signal, onProgress) {
    const p = new URLSearchParams(params);
    p.set("progress", "1");
    const init = { signal, method: "GET" };
    if (state.own) {
      init.method = "POST";
      init.body = state.own.text;
      p.delete("scenario");
      p.set("file", state.own.name);
    }
    const resp = await fetch(path + "?" + p.toString(), init);
    if (!resp.ok) {
      let body;
      try {
        body = await resp.json();
      } catch (e) {
        body = { error: "the server answered " + resp.status };
      }
      throw new APIError(body);
    }
    const reader = resp.body.getReader();
    const dec = new TextDecoder();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (value) buf += dec.decode(value, { stream: true });
      let nl;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line) continue;
        const msg = JSON.parse(line);
        if (msg.result !== undefined) return msg.result;
        if (msg.error) throw new APIError(msg.error);
        if (onProgress) onProgress(msg);
      }
      if (done) throw new APIError({ error: "the answer was cut short" });
    }
  }

  function showError(box, e) {
    box.replaceChildren();
    if (!e) return;
    const div = el("div", { class: "error" });
    div.append(el("p", {}, e.message));
    box.append(div);
  }

  // --- Small DOM helpers ----------------------------------------------------

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // --- Controls -------------------------------------------------------------

  function fillScenarios() {
    const sel = $("scenario");
    sel.replaceChildren();
    const teaching = el("optgroup", { label: "For class: with levers" });
    const others = el("optgroup", { label: "More: written blind, from what was known at the time" });
    for (const s of state.scenarios) {
      const o = el("option", { value: s.name }, s.title + " (" + s.name + ")");
      (s.levers.length ? teaching : others).append(o);
    }
    sel.append(teaching, others);
    if (state.own) {
      sel.prepend(el("option", { value: "(own)" }, "Your scenario: " + state.info.title));
      sel.value = "(own)";
    }
  }

  // showScenario builds the controls of a scenario: its strategies and levers.
  function showScenario(info) {
    state.info = info;
    $("scenario-description").textContent = info.description;
    const fs = $("strategies");
    fs.replaceChildren(el("legend", {}, "Or a strategy: a named what-if of the scenario"));
    const choices = [{ name: "", description: "The scenario as written, with the levers below." }].concat(info.strategies);
    for (const st of choices) {
      const id = "strategy-" + (st.name || "none");
      const input = el("input", { type: "radio", name: "strategy", id, value: st.name, "aria-describedby": id + "-help" });
      input.checked = st.name === state.strategy;
      input.addEventListener("change", () => {
        state.strategy = st.name;
        updateCommand();
      });
      fs.append(el("div", { class: "choice" }, input, el("label", { for: id }, st.name || "none"),
        el("p", { class: "help", id: id + "-help" }, st.description)));
    }
    if (!info.strategies.length) fs.append(el("p", { class: "help" }, "This scenario has no strategies."));

    const box = $("levers");
    box.replaceChildren();
    if (!info.levers.length) {
      box.append(el("p", { class: "help" }, "This scenario has no levers: try the strategies, or one of the scenarios for class."));
    }
    for (const l of info.levers) {
      if (state.levers[l.id] === undefined) state.levers[l.id] = l.default;
      const id = "lever-" + l.id;
      const input = el("input", { type: "range", id, min: l.min, max: l.max, step: l.step, "aria-describedby": id + "-help" });
      input.value = state.levers[l.id];
      const out = el("output", { for: id, id: id + "-value" });
      const show = () => {
        out.textContent = leverText(l, state.levers[l.id]);
        out.classList.toggle("changed", leverChanged(l));
        input.setAttribute("aria-valuetext", out.textContent);
      };
      input.addEventListener("input", () => {
        state.levers[l.id] = Number(input.value);
        show();
        updateCommand();
      });
      show();
      box.append(el("div", { class: "lever" }, el("label", { for: id }, l.label),
        el("div", { class: "row" }, input, out),
        el("p", { class: "help", id: id + "-help" }, l.description + " As written: " + leverText(l, l.default) + ".")));
    }
    showExtras();
    updateCommand();
  }

  function showExtras() {
    const box = $("extras");
    box.replaceChildren();
    if (!state.extras.length) return;
    box.append(el("p", { class: "help" }, "Other changes, from the address:"));
    const ul = el("ul", { class: "pins" });
    state.extras.forEach((s, i) => {
      const b = el("button", { type: "button", class: "small", "aria-label": "Remove " + s }, "remove");
      b.addEventListener("click", () => {
        state.extras.splice(i, 1);
        showExtras();
        updateCommand();
      });
      ul.append(el("li", {}, el("code", {}, s), b));
    });
    box.append(ul);
  }

  // applyAddress reads the settings the page's address records.
  function applyAddress(p) {
    state.strategy = p.get("strategy") || "";
    state.levers = {};
    state.extras = [];
    if (p.get("reps")) $("reps").value = p.get("reps");
    if (p.get("seed")) $("seed").value = p.get("seed");
    for (const s of p.getAll("set")) {
      const i = s.indexOf("=");
      const key = s.slice(0, i), value = s.slice(i + 1);
      const l = state.info.levers.find((l) => l.key === key);
      let v = NaN;
      if (l && l.multiply === value.startsWith("*")) v = Number(l.multiply ? value.slice(1) : value);
      const onGrid = l && v >= l.min - 1e-9 && v <= l.max + 1e-9 &&
        Math.abs((v - l.min) / l.step - Math.round((v - l.min) / l.step)) < 1e-6;
      if (onGrid && state.levers[l.id] === undefined) state.levers[l.id] = v;
      else state.extras.push(s);
    }
  }

  // updateCommand shows the command line that gives the same result, and
  // records the settings in the page's address.
  function updateCommand() {
    if (!state.info) return;
    const q = (s) => (/^[A-Za-z0-9._:=\/-]+$/.test(s) ? s : "'" + s.replace(/'/g, "'\\''") + "'");
    const p = settings();
    const name = state.own ? state.own.name : state.info.name;
    let cmd = "surge run " + q(name) + " --reps " + p.get("reps") + " --seed " + p.get("seed");
    if (state.strategy) cmd += " --strategy " + q(state.strategy);
    for (const s of sets()) cmd += " --set " + q(s);
    let text = cmd + "\nsurge story " + q(name) + " --timeline " + $("story-rep").value + " --seed " + p.get("seed") +
      (state.strategy ? " --strategy " + q(state.strategy) : "") + sets().map((s) => " --set " + q(s)).join("");
    if (state.own) text += "\n(your own scenario: save it as " + name + " first; a link to this page cannot carry it)";
    else text = location.origin + location.pathname + "?" + p.toString() + "\n" + text;
    $("command").textContent = text;
    if (!state.own) history.replaceState(null, "", "?" + p.toString());
  }

  // --- Running --------------------------------------------------------------

  function busy(on, what) {
    $("run").disabled = on;
    $("cancel").hidden = !on;
    $("progress").hidden = !on;
    $("progress").removeAttribute("value");
    $("status").textContent = on ? what : "";
  }

  async function run() {
    if (!state.info) return;
    if (state.running) state.running.abort();
    const ctrl = new AbortController();
    state.running = ctrl;
    showError($("run-error"), null);
    updateCommand();
    const params = settings();
    busy(true, "Running " + fmt.thousands(Number(params.get("reps"))) + " runs…");
    const started = performance.now();
    try {
      const p = new URLSearchParams(params);
      p.set("samples", "false");
      const res = await call("/api/run", p, ctrl.signal, (msg) => {
        if (msg.waiting) $("status").textContent = "Waiting for the server: " + msg.waiting + " run(s) ahead…";
        if (msg.progress) {
          $("progress").value = msg.progress.done / msg.progress.total;
          $("status").textContent = "Running: " + Math.round((100 * msg.progress.done) / msg.progress.total) + "%";
        }
      });
      state.result = res;
      state.resultRun = { strategy: state.strategy, sets: sets(), scenario: state.own ? null : state.info.name };
      render(res);
      state.shown.runs++;
      busy(false);
      $("status").textContent = "Done in " + ((performance.now() - started) / 1000).toFixed(1) + " s.";
    } catch (e) {
      busy(false);
      if (e.name === "AbortError") $("status").textContent = "Cancelled.";
      else showError($("run-error"), e);
    } finally {
      if (state.running === ctrl) state.running = null;
    }
  }

  // whatIf says what a run changed from the scenario as written.
  function whatIf(strategy, overrides) {
    if (!strategy && !overrides.length) return "";
    const parts = [];
    if (strategy) parts.push("strategy " + strategy);
    for (const o of overrides) {
      const i = o.indexOf("=");
      const l = state.info && state.info.levers.find((l) => l.key === o.slice(0, i));
      if (l) {
        const v = Number(o.slice(i + 1).replace(/^\*/, ""));
        parts.push(l.label + ": " + leverText(l, v));
      } else parts.push(o);
    }
    return parts.join("; ");
  }

  // --- The result -----------------------------------------------------------

  function fraction(res, f) {
    return res.days_to_fraction.find((d) => Math.abs(d.fraction - f) < 1e-9);
  }

  function figure(key, value, big, what, small) {
    const b = el("div", { class: "big", "data-key": key, "data-value": JSON.stringify(value) }, big);
    return el("div", { class: "figure" }, b, el("div", { class: "what" }, what), el("div", { class: "small" }, small || ""));
  }

  function render(res) {
    $("result").hidden = false;
    const start = res.scenario.start;
    const changed = whatIf(res.strategy, res.overrides.slice(res.strategy ? strategySets(res.strategy) : 0));
    const wi = $("whatif");
    wi.textContent = changed ? "What-if: " + changed + "." : "The scenario as written.";
    wi.classList.toggle("changed", !!changed);
    $("pin").disabled = state.pins.length >= MAX_PINS;

    // The key figures.
    const figs = $("figures");
    figs.replaceChildren();
    for (const [f, words] of [[0.5, "half"], [0.9, "90%"]]) {
      const d = fraction(res, f);
      if (!d) continue;
      const n = fmt.thousands(f * res.target.total);
      if (d.p50 === null) {
        figs.append(figure("days-to-" + f * 100 + "-p50", d.p50, "never",
          "the day " + words + " of the target (" + n + " personnel) is operational, in half of the runs",
          "In " + fmt.pct(d.never) + " of runs, never within the " + res.scenario.horizon + " days."));
      } else {
        figs.append(figure("days-to-" + f * 100 + "-p50", d.p50, "day " + fmt.day(d.p50),
          fmt.date(start, d.p50) + ": " + words + " of the target (" + n + " personnel) operational, in half of the runs",
          "80% of runs: day " + fmt.day(d.p10) + " to " + (d.p90 === null ? "never" : "day " + fmt.day(d.p90)) + "."));
      }
    }
    const day90 = res.fraction_at_day.find((d) => d.day === 90) || res.fraction_at_day[res.fraction_at_day.length - 1];
    if (day90) {
      figs.append(figure("share-at-" + day90.day, day90.mean, fmt.pct(day90.mean),
        "of the target operational on day " + day90.day + " (" + fmt.date(start, day90.day) + "), on average",
        "Monte Carlo interval " + fmt.pct(day90.mean_ci95[0]) + " to " + fmt.pct(day90.mean_ci95[1]) + "."));
    }
    const all = fraction(res, 1);
    if (all) {
      figs.append(figure("never-100", all.never, fmt.pct(all.never),
        "of runs never reach all of the target within " + res.scenario.horizon + " days",
        "Monte Carlo interval " + fmt.pct(all.never_ci95[0]) + " to " + fmt.pct(all.never_ci95[1]) + "."));
    }

    // The curve.
    const sub = res.scenario.title + " · " + fmt.thousands(res.replications) + " runs, seed " + res.seed +
      (changed ? " · what-if: " + changed : " · the scenario as written");
    $("curve-sub").textContent = sub;
    drawCurve(res);
    curveTable(res);

    // Benchmarks.
    const ul = $("benchmarks");
    ul.replaceChildren();
    for (const b of res.benchmarks) {
      ul.append(el("li", {},
        el("span", { class: "p", "data-key": "p-" + b.name, "data-value": JSON.stringify(b.probability) }, fmt.pct(b.probability)),
        el("span", {}, b.label + " (" + fmt.pct(b.fraction, 0) + " of the target by day " + b.day + ", " + fmt.date(start, b.day) +
          "). Monte Carlo interval " + fmt.pct(b.ci95[0]) + " to " + fmt.pct(b.ci95[1]) + ".")));
    }
    if (!res.benchmarks.length) ul.append(el("li", {}, "The scenario has no benchmarks."));

    // Where the time goes.
    const total = res.stages.reduce((s, x) => s + (x.mean_days || 0), 0);
    const bn = res.bottleneck;
    $("bottleneck").textContent = bn
      ? "Biggest bottleneck: " + bn.label + ", " + fmt.days(bn.mean_days, 0) + " of the " + fmt.days(total, 0) +
        " days a member of the surge waits on average (" + fmt.pct(bn.share, 0) + ")."
      : "No stage takes time.";
    $("bottleneck").dataset.value = bn ? JSON.stringify(bn.mean_days) : "null";
    const bars = $("stages");
    bars.replaceChildren();
    const most = Math.max(...res.stages.map((s) => s.mean_days || 0), 1e-9);
    const none = [];
    for (const s of res.stages) {
      if (!(s.mean_days > 0)) {
        none.push(s.label);
        continue;
      }
      const bar = el("div", { class: "bar", role: "presentation" });
      bar.style.width = (100 * s.mean_days) / most + "%";
      bar.style.background = STAGE_COLORS[s.stage] || C.midGrey;
      bars.append(el("div", {}, s.label), el("div", {}, bar),
        el("div", { class: "n", "data-key": "stage-" + s.stage, "data-value": JSON.stringify(s.mean_days) },
          fmt.days(s.mean_days) + " days"));
    }
    $("stages-note").textContent = "Mean days a member of the surge spends in each stage, weighted by unit strength, " +
      "until its unit is operational, drops out or the simulation ends." + (none.length ? " No time: " + none.join("; ") + "." : "");

    // Departures.
    const deps = res.departures || [];
    $("departures-box").hidden = !deps.length;
    const t = $("departures");
    t.replaceChildren(el("tr", {}, el("th", {}, "why"), el("th", {}, "personnel a run, on average"), el("th", {}, "share of runs")));
    for (const d of deps) {
      t.append(el("tr", {}, el("td", {}, d.label), el("td", {}, fmt.thousands(d.personnel)), el("td", {}, fmt.pct(d.runs))));
    }
  }

  // strategySets is how many of a result's overrides its strategy made.
  function strategySets(name) {
    const info = state.info;
    const st = info && info.strategies.find((s) => s.name === name);
    return st && st.set ? st.set.length : 0;
  }

  function curveTable(res) {
    const t = $("curve-table");
    t.replaceChildren(el("tr", {}, el("th", {}, "day"), el("th", {}, "date"), el("th", {}, "mean"),
      el("th", {}, "5% of runs below"), el("th", {}, "median"), el("th", {}, "95% of runs below")));
    const step = res.scenario.horizon > 200 ? 30 : 10;
    for (const d of res.daily) {
      if (d.day % step !== 0 && d.day !== res.scenario.horizon) continue;
      t.append(el("tr", {}, el("td", {}, String(d.day)), el("td", {}, fmt.isoDate(d.date)), el("td", {}, fmt.pct(d.mean)),
        el("td", {}, fmt.pct(d.p5)), el("td", { "data-day": d.day, "data-value": JSON.stringify(d.p50) }, fmt.pct(d.p50)),
        el("td", {}, fmt.pct(d.p95))));
    }
  }

  // --- The deployment curve -------------------------------------------------

  const W = 1000, H = 470, M = { left: 70, right: 44, top: 24, bottom: 64 };

  function drawCurve(res) {
    const g = $("curve");
    g.replaceChildren();
    const hz = res.scenario.horizon;
    let top = 1, bottom = 0;
    for (const d of res.daily) {
      top = Math.max(top, d.p95);
      bottom = Math.min(bottom, d.p5);
    }
    for (const o of res.observed || []) top = Math.max(top, o.fraction);
    for (const p of state.pins) for (const d of p.result.daily) top = Math.max(top, d.p50);
    top = Math.ceil(top * 10 - 1e-9) / 10;
    bottom = Math.floor(bottom * 10 + 1e-9) / 10;
    const x = (day) => M.left + ((W - M.left - M.right) * day) / hz;
    const y = (v) => M.top + ((H - M.top - M.bottom) * (top - v)) / (top - bottom);

    // Grid and axes.
    const ystep = top - bottom > 1.2 ? 0.2 : 0.1;
    for (let v = bottom; v <= top + 1e-9; v += ystep) {
      const yy = y(v);
      g.append(svg("line", { x1: M.left, x2: W - M.right, y1: yy, y2: yy, stroke: "#e4e4e4" }));
      g.append(svg("text", { x: M.left - 8, y: yy + 5, "text-anchor": "end", class: "tick" }, Math.round(v * 100) + "%"));
    }
    const xstep = [7, 14, 30, 60, 90, 120, 180, 365, 730].find((s) => hz / s <= 9) || 1000;
    for (let d = 0; d <= hz; d += xstep) {
      const xx = x(d);
      g.append(svg("line", { x1: xx, x2: xx, y1: M.top, y2: H - M.bottom, stroke: "#efefef" }));
      const anchor = "middle";
      g.append(svg("text", { x: xx, y: H - M.bottom + 20, "text-anchor": anchor, class: "tick" }, "day " + d));
      g.append(svg("text", { x: xx, y: H - M.bottom + 38, "text-anchor": anchor, class: "tick" }, fmt.date(res.scenario.start, d)));
    }
    g.append(svg("line", { x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom, stroke: C.darkGrey }));
    g.append(svg("line", { x1: M.left, x2: W - M.right, y1: y(0), y2: y(0), stroke: C.darkGrey }));
    g.append(svg("text", { x: 16, y: (M.top + H - M.bottom) / 2, transform: `rotate(-90 16 ${(M.top + H - M.bottom) / 2})`,
      "text-anchor": "middle" }, "share of the target operational"));

    const path = (pts) => "M" + pts.map(([a, b]) => x(a).toFixed(1) + "," + y(b).toFixed(1)).join("L");
    const band = (lo, hi, color, opacity) => {
      const pts = res.daily.map((d) => [d.day, d[hi]]).concat(res.daily.slice().reverse().map((d) => [d.day, d[lo]]));
      g.append(svg("path", { d: path(pts) + "Z", fill: color, "fill-opacity": opacity, stroke: "none" }));
    };
    band("p5", "p95", C.blue, 0.16);
    band("p25", "p75", C.blue, 0.3);
    if (res.daily_fixed) {
      for (const k of ["p5", "p95"]) {
        g.append(svg("path", { d: path(res.daily_fixed.map((d) => [d.day, d[k]])), fill: "none", stroke: C.darkGrey,
          "stroke-width": 1.6, "stroke-dasharray": "7 4" }));
      }
    }
    // The target.
    g.append(svg("line", { x1: M.left, x2: W - M.right, y1: y(1), y2: y(1), stroke: C.black, "stroke-width": 1.5, "stroke-dasharray": "8 4" }));
    g.append(svg("text", { x: W - M.right, y: y(1) - 6, "text-anchor": "end" }, "target: " + fmt.thousands(res.target.total) + " personnel"));

    // Pinned runs' medians, then the run's own.
    state.pins.forEach((p, i) => {
      g.append(svg("path", { d: path(p.result.daily.map((d) => [d.day, d.p50])), fill: "none", stroke: p.color,
        "stroke-width": 3, "stroke-dasharray": p.dash }));
    });
    if (res.observed && res.observed.length && res.daily_arrived) {
      g.append(svg("path", { d: path(res.daily_arrived.map((d) => [d.day, d.p50])), fill: "none", stroke: C.black,
        "stroke-width": 1.8, "stroke-dasharray": "2 3" }));
    }
    g.append(svg("path", { d: path(res.daily.map((d) => [d.day, d.p50])), fill: "none", stroke: C.blue, "stroke-width": 3.5 }));
    for (const o of res.observed || []) {
      g.append(svg("circle", { cx: x(o.day), cy: y(o.fraction), r: 5, fill: C.black }));
    }
    // Benchmarks: a diamond where the target should be met, numbered.
    res.benchmarks.forEach((b, i) => {
      if (b.day > hz) return;
      const bx = x(b.day), by = y(b.fraction);
      g.append(svg("path", { d: `M${bx},${by - 9}L${bx + 9},${by}L${bx},${by + 9}L${bx - 9},${by}Z`, fill: C.vermillion, stroke: "#fff", "stroke-width": 1.5 }));
      const right = bx > W - 260;
      g.append(svg("text", { x: bx + (right ? -12 : 12), y: by + 24 + 20 * i, "text-anchor": right ? "end" : "start", fill: C.vermillion },
        b.name + ": " + fmt.pct(b.fraction, 0) + " by day " + b.day + " (" + fmt.pct(b.probability) + " of runs)"));
    });

    // A readout that follows the pointer, or the arrow keys.
    const cursor = svg("g", { "pointer-events": "none" });
    g.append(cursor);
    g.append(svg("rect", { x: M.left, y: M.top, width: W - M.left - M.right, height: H - M.top - M.bottom, fill: "transparent" }));
    let at = null;
    const show = (day) => {
      at = Math.max(0, Math.min(hz, Math.round(day)));
      const d = res.daily[at];
      cursor.replaceChildren();
      if (!d) return;
      const xx = x(at);
      cursor.append(svg("line", { x1: xx, x2: xx, y1: M.top, y2: H - M.bottom, stroke: C.black, "stroke-width": 1 }));
      cursor.append(svg("circle", { cx: xx, cy: y(d.p50), r: 5, fill: C.blue }));
      const text = "day " + at + " (" + fmt.isoDate(d.date) + "): median " + fmt.pct(d.p50, 0) + ", 90% of runs " +
        fmt.pct(d.p5, 0) + " to " + fmt.pct(d.p95, 0);
      const right = xx > W / 2;
      const t = svg("text", { x: xx + (right ? -8 : 8), y: M.top + 18, "text-anchor": right ? "end" : "start" }, text);
      cursor.append(t);
      g.setAttribute("aria-label", text);
    };
    g.setAttribute("tabindex", "0");
    g.onpointermove = (ev) => {
      const r = g.getBoundingClientRect();
      const px = ((ev.clientX - r.left) / r.width) * W;
      show(((px - M.left) / (W - M.left - M.right)) * hz);
    };
    g.onpointerleave = () => cursor.replaceChildren();
    g.onkeydown = (ev) => {
      const stepBy = ev.shiftKey ? 30 : 1;
      if (ev.key === "ArrowRight") show((at === null ? 0 : at) + stepBy);
      else if (ev.key === "ArrowLeft") show((at === null ? 0 : at) - stepBy);
      else return;
      ev.preventDefault();
    };

    // The legend.
    const leg = $("curve-legend");
    leg.replaceChildren();
    const item = (text, color, kind, dash) => {
      const sw = el("span", { class: "swatch" + (kind ? " " + kind : "") });
      if (kind === "line") {
        sw.style.borderTopColor = color;
        if (dash) sw.style.borderTopStyle = "dashed";
      } else sw.style.background = color;
      leg.append(el("li", {}, sw, text));
    };
    item("median of " + fmt.thousands(res.replications) + " runs" + (state.pins.length ? " (this run)" : ""), C.blue, "line");
    item("middle 50% of runs", "rgba(0,114,178,0.42)");
    item("middle 90% of runs", "rgba(0,114,178,0.16)");
    if (res.daily_fixed) item("middle 90% with the scenario-wide quantities at their medians", C.darkGrey, "line", true);
    if (res.benchmarks.length) item("benchmark: the share wanted by that day", C.vermillion, "diamond");
    if (res.observed && res.observed.length) {
      item("observed: monthly strength, above day 0, as a share of the target", C.black, "dot");
      item("median in the mission area (what the observed counts)", C.black, "line", true);
    }
    state.pins.forEach((p, i) => item("pinned " + (i + 1) + ": " + p.label, p.color, "line", true));
  }

  // --- Pins and the comparison ----------------------------------------------

  function pin() {
    if (!state.result || state.pins.length >= MAX_PINS) return;
    const used = new Set(state.pins.map((p) => p.color));
    const k = PIN_COLORS.findIndex((c) => !used.has(c));
    const r = state.resultRun;
    const label = whatIf(r.strategy, r.sets) || "the scenario as written";
    state.pins.push({ label, strategy: r.strategy, sets: r.sets, result: state.result, color: PIN_COLORS[k], dash: PIN_DASHES[k],
      reps: state.result.replications, seed: state.result.seed });
    showPins();
    drawCurve(state.result);
    $("pin").disabled = state.pins.length >= MAX_PINS;
  }

  function showPins() {
    const ul = $("pins");
    ul.replaceChildren();
    state.pins.forEach((p, i) => {
      const sw = el("span", { class: "swatch" });
      sw.style.borderTopColor = p.color;
      const b = el("button", { type: "button", class: "small", "aria-label": "Unpin run " + (i + 1) }, "unpin");
      b.addEventListener("click", () => {
        state.pins.splice(i, 1);
        showPins();
        if (state.result) drawCurve(state.result);
        $("pin").disabled = false;
      });
      ul.append(el("li", {}, sw, el("span", {}, "Pinned " + (i + 1) + ": " + p.label), b));
    });
    if (!state.pins.length) ul.append(el("li", { class: "help" }, "No run pinned yet: run a what-if, then press “Pin this run”."));
    $("compare-run").disabled = !state.pins.length;
  }

  async function compare() {
    if (!state.pins.length) return;
    const ctrl = new AbortController();
    showError($("compare-error"), null);
    const p = new URLSearchParams();
    if (!state.own) p.set("scenario", state.info.name);
    p.set("reps", $("reps").value);
    p.set("seed", $("seed").value);
    p.set("samples", "false");
    state.pins.forEach((pin, i) => {
      const v = new URLSearchParams();
      v.set("name", "pinned " + (i + 1));
      if (pin.strategy) v.set("strategy", pin.strategy);
      for (const s of pin.sets) v.append("set", s);
      p.append("variant", v.toString());
    });
    busy(true, "Comparing…");
    try {
      const cmp = await call("/api/compare", p, ctrl.signal, (msg) => {
        if (msg.progress) $("progress").value = msg.progress.done / msg.progress.total;
      });
      renderComparison(cmp);
      state.shown.comparisons++;
      busy(false);
    } catch (e) {
      busy(false);
      showError($("compare-error"), e);
    }
  }

  function renderComparison(cmp) {
    const box = $("compare-result");
    box.replaceChildren(el("p", {}, "Each pinned run against the scenario as written, " + fmt.thousands(cmp.replications) +
      " paired runs each, seed " + cmp.seed + ". Differences are the pinned run minus the scenario as written; the 95% intervals " +
      "cover simulation noise only. Days never reached count as the horizon (" + cmp.scenario.horizon + " days)."));
    cmp.strategies.forEach((s, i) => {
      const pinned = state.pins[i];
      const sw = el("span", { class: "swatch" });
      if (pinned) sw.style.borderTopColor = pinned.color;
      box.append(el("h3", {}, "Pinned " + (i + 1) + ": " + (pinned ? pinned.label : s.description)));
      const t = el("table", { "data-variant": String(i + 1) });
      t.append(el("tr", {}, el("th", {}, "measure"), el("th", {}, "as written"), el("th", {}, "pinned run"),
        el("th", {}, "difference"), el("th", {}, "95% interval")));
      for (const d of s.diffs) {
        let interval = fmt.measure(d.unit, d.ci95_low, true) + " to " + fmt.measure(d.unit, d.ci95_high, true);
        if (d.ci95_low === d.ci95_high && d.ci95_low !== null) interval = "same in all pairs";
        t.append(el("tr", { "data-metric": d.metric },
          el("td", {}, d.measure), el("td", {}, fmt.measure(d.unit, d.baseline, false)),
          el("td", {}, fmt.measure(d.unit, d.strategy, false)),
          el("td", { class: "diff", "data-value": JSON.stringify(d.diff) }, fmt.measure(d.unit, d.diff, true)),
          el("td", {}, interval)));
      }
      box.append(t);
    });
  }

  // --- The story ------------------------------------------------------------

  async function tell() {
    if (!state.info) return;
    showError($("story-error"), null);
    const p = settings();
    p.delete("reps");
    p.set("timeline", $("story-rep").value);
    updateCommand();
    const ctrl = new AbortController();
    try {
      const st = await call("/api/story", p, ctrl.signal);
      renderStory(st);
      const q = new URLSearchParams(p);
      q.set("dates", "true");
      q.delete("progress");
      const init = { signal: ctrl.signal };
      if (state.own) {
        init.method = "POST";
        init.body = state.own.text;
        q.delete("scenario");
        q.set("file", state.own.name);
      }
      const resp = await fetch("/api/timeline.svg?" + q.toString(), init);
      if (resp.ok) {
        const img = $("timeline");
        if (img.src) URL.revokeObjectURL(img.src);
        img.src = URL.createObjectURL(await resp.blob());
        img.alt = "Timeline of run " + st.replication + ": each unit's way through the pipeline as coloured bars, and what became of it.";
        img.hidden = false;
      }
      state.shown.stories++;
    } catch (e) {
      showError($("story-error"), e);
    }
  }

  function renderStory(st) {
    const box = $("story-events");
    box.replaceChildren();
    box.append(el("p", { class: "help" }, "Run " + st.replication + " of seed " + st.seed +
      (st.strategy || st.overrides.length ? ", what-if: " + whatIf(st.strategy, st.overrides) : ", the scenario as written") +
      ". By the end, " + fmt.pct(st.final, 0) + " of the target is operational."));
    let last = null;
    for (const e of st.events) {
      const day = Math.floor(e.day + 1e-9);
      if (day !== last) {
        last = day;
        box.append(el("h4", {}, "Day " + day + " · " + fmt.isoDate(e.date)));
      }
      const p = el("p", { "data-what": e.what });
      if (e.name) p.append(el("span", { class: "unit" }, e.name + ": "));
      p.append(e.text);
      box.append(p);
    }
    box.hidden = false;
  }

  // --- Your own scenario ----------------------------------------------------

  async function checkOwn() {
    const text = $("own-text").value;
    const name = state.ownFile || "pasted.toml";
    const box = $("own-errors");
    box.replaceChildren();
    try {
      const resp = await fetch("/api/check?file=" + encodeURIComponent(name), { method: "POST", body: text });
      const body = await resp.json();
      if (!resp.ok) throw new APIError(body);
      state.own = { name, text };
      state.strategy = "";
      state.levers = {};
      state.extras = [];
      state.pins = [];
      showPins();
      showScenario(body);
      fillScenarios();
      box.append(el("p", { class: "help" }, "Loaded: " + body.title + ". Press Run."));
      run();
    } catch (e) {
      state.shown.checks++;
      const div = el("div", { class: "error" }, el("p", {}, "The scenario does not load:"));
      const ul = el("ul");
      const probs = e.problems && e.problems.length ? e.problems : [{ line: 0, message: e.message }];
      for (const pr of probs) {
        const li = el("li", { "data-line": String(pr.line) });
        if (pr.line > 0) {
          const b = el("button", { type: "button" }, "Line " + pr.line + ": " + pr.message);
          b.addEventListener("click", () => selectLine($("own-text"), pr.line));
          li.append(b);
        } else li.append(pr.message);
        ul.append(li);
      }
      div.append(ul);
      box.append(div);
    }
  }

  // selectLine selects line n (from 1) of a text area.
  function selectLine(ta, n) {
    const lines = ta.value.split("\n");
    let from = 0;
    for (let i = 0; i < n - 1 && i < lines.length; i++) from += lines[i].length + 1;
    const to = from + (lines[n - 1] || "").length;
    ta.focus();
    ta.setSelectionRange(from, to);
    const lh = ta.scrollHeight / Math.max(lines.length, 1);
    ta.scrollTop = Math.max(0, (n - 4) * lh);
  }

  // --- Start ----------------------------------------------------------------

  async function choose(name) {
    const info = state.scenarios.find((s) => s.name === name);
    if (!info) return;
    state.own = null;
    state.pins = [];
    showPins();
    showScenario(info);
    fillScenarios();
    $("scenario").value = name;
  }

  async function start() {
    $("run").addEventListener("click", run);
    $("cancel").addEventListener("click", () => state.running && state.running.abort());
    $("pin").addEventListener("click", pin);
    $("compare-run").addEventListener("click", compare);
    $("story-tell").addEventListener("click", tell);
    $("own-check").addEventListener("click", checkOwn);
    $("reset").addEventListener("click", () => {
      state.strategy = "";
      state.levers = {};
      state.extras = [];
      showScenario(state.info);
    });
    $("scenario").addEventListener("change", async () => {
      const v = $("scenario").value;
      if (v === "(own)") return;
      state.strategy = "";
      state.levers = {};
      state.extras = [];
      await choose(v);
      run();
    });
    for (const id of ["reps", "seed", "story-rep"]) {
      $(id).addEventListener("change", updateCommand);
      $(id).addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") (id === "story-rep" ? tell : run)();
      });
    }
    $("own-file").addEventListener("change", async () => {
      const f = $("own-file").files[0];
      if (!f) return;
      state.ownFile = f.name.replace(/[^A-Za-z0-9._ -]/g, "_").slice(0, 100) || "pasted.toml";
      $("own-text").value = await f.text();
    });
    $("own-copy").addEventListener("click", async () => {
      if (!state.info || state.own) return;
      const resp = await fetch("/api/source?scenario=" + encodeURIComponent(state.info.name));
      $("own-text").value = await resp.text();
      state.ownFile = state.info.name + "-mine.toml";
    });
    showPins();

    try {
      const resp = await fetch("/api/scenarios");
      state.scenarios = await resp.json();
    } catch (e) {
      showError($("run-error"), new Error("Cannot reach surge: is surge serve still running?"));
      return;
    }
    const p = new URLSearchParams(location.search);
    const name = p.get("scenario") || "south-sudan-2014";
    const info = state.scenarios.find((s) => s.name === name) || state.scenarios[0];
    state.info = info;
    applyAddress(p);
    await choose(info.name);
    run();
  }

  start();
})();
