// The guided session's timers: holds, rests between sets (repetitions too), minutes, and the
// breathing pacer. Everything else is the server's: each step is its own page, and the page
// draws each timer with its phases, words and breath pattern (tracking/guided.py,
// templates/jinja2/tracking/timer.jinja). This only counts, announces and paces. The CSP
// forbids inline styles: only classes, `hidden`, text and an SVG attribute change here.
(function () {
  "use strict";

  const TICK_MS = 200; // display refresh; time itself always comes from the clock
  const RING = 326.73; // the ring's circumference (r = 52)
  const LAST_SECONDS = 10; // announced once in holds of more than twice this
  const BREATH_CLASSES = ["is-in", "is-out", "is-full", "is-empty", "breath-4s", "breath-6s"];
  const built = new WeakSet();
  const timers = new Set();

  function clock(seconds) {
    const safe = Math.max(0, seconds);
    return Math.floor(safe / 60) + ":" + String(safe % 60).padStart(2, "0");
  }

  function parsed(json) {
    try {
      const value = JSON.parse(json || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  const buzz = (milliseconds) => navigator.vibrate && navigator.vibrate(milliseconds);

  function setup(box) {
    if (built.has(box)) return;
    built.add(box);
    const phases = parsed(box.dataset.phases);
    if (!phases.length) return;
    const breath = parsed(box.dataset.breath); // [["Breathe in", 4], ["Hold", 4], ...]
    const cycleMs = breath.reduce((sum, part) => sum + part[1] * 1000, 0);
    const names = ["count", "title", "detail", "breath-text", "toggle", "skip", "reset", "live", "ring"];
    const [count, title, detail, breathText, toggle, skip, reset, live, ring] = names.map(
      (name) => box.querySelector("[data-" + name + "]"),
    );
    // breathMs: time breathed before the current run; lock: the screen's wake lock.
    const state = { index: 0, running: false, started: false, finished: false, warned: false };
    Object.assign(state, { endAt: 0, leftMs: phases[0].seconds * 1000, breathMs: 0, runFrom: 0 });
    Object.assign(state, { tickId: 0, lock: null });

    const phase = () => phases[state.index];
    const counted = (current) => current.kind !== "work";
    const leftAt = (now) => (state.running ? Math.max(0, state.endAt - now) : state.leftMs);

    function announce(text) {
      // Emptied first, so the same words are read again when they repeat.
      live.textContent = "";
      window.setTimeout(() => {
        live.textContent = text;
      }, 60);
    }

    // [the breath's part, ms left in it] while a hold or minutes run with a pattern; else null.
    function breathing(now) {
      const current = phase();
      if (!cycleMs || !state.running || !["hold", "minutes"].includes(current.kind)) return null;
      let into = (state.breathMs + now - state.runFrom) % cycleMs;
      for (let index = 0; index < breath.length; index += 1) {
        const length = breath[index][1] * 1000;
        if (into < length) return [index, length - into];
        into -= length;
      }
      return null;
    }

    function breathClasses(pace) {
      if (!pace) return [];
      const [index] = pace;
      const word = breath[index][0];
      const previous = breath[(index + breath.length - 1) % breath.length][0];
      let shape = "is-out";
      if (word === "Breathe in") shape = "is-in";
      else if (word !== "Breathe out") shape = previous === "Breathe in" ? "is-full" : "is-empty";
      return [shape, "breath-" + breath[index][1] + "s"];
    }

    function message(current) {
      if (state.finished) return "Well done. Ease out slowly, then say how it went.";
      if (!counted(current)) return "Do the set, then press Set done.";
      if (!state.started) return "Get into position, then press Start timer.";
      if (!state.running) return "Paused. Resume when you are ready.";
      if (current.kind === "rest" || current.kind === "switch") return "Shake out gently and breathe.";
      return "Keep breathing steadily.";
    }

    function render(now) {
      const current = phase();
      const left = leftAt(now);
      const resting = !state.finished && (current.kind === "rest" || current.kind === "switch");
      count.textContent = state.finished
        ? "0:00"
        : counted(current) ? clock(Math.ceil(left / 1000)) : current.count;
      title.textContent = state.finished ? "Done" : current.title;
      detail.textContent = state.finished ? "" : current.detail;
      detail.hidden = !detail.textContent;
      const used = state.finished || !counted(current) ? 0 : 1 - left / (current.seconds * 1000);
      ring.setAttribute("stroke-dashoffset", (-RING * Math.min(1, Math.max(0, used))).toFixed(2));

      const pace = breathing(now);
      breathText.textContent = pace
        ? breath[pace[0]][0] + " · " + Math.ceil(pace[1] / 1000)
        : message(current);
      const shape = breathClasses(pace);
      BREATH_CLASSES.forEach((name) => box.classList.toggle(name, shape.includes(name)));
      box.classList.toggle("is-running", state.running);
      box.classList.toggle("is-paused", state.started && !state.running && !state.finished);
      box.classList.toggle("is-resting", resting);
      box.classList.toggle("is-finished", state.finished);

      let label = "Start timer";
      if (state.finished) label = "Start again";
      else if (!counted(current)) label = "Set done";
      else if (state.running) label = "Pause";
      else if (state.started) label = "Resume";
      toggle.textContent = label;
      const showSkip = resting && state.started;
      if (!showSkip && document.activeElement === skip) toggle.focus();
      skip.hidden = !showSkip;
      skip.textContent = current.kind === "rest" ? "Skip rest" : "I'm ready";
      if (!state.started && document.activeElement === reset) toggle.focus();
      reset.hidden = !state.started;
    }

    function schedule() {
      window.clearTimeout(state.tickId);
      if (state.running) state.tickId = window.setTimeout(tick, TICK_MS);
    }

    async function wake() {
      if (state.lock || !navigator.wakeLock) return;
      try {
        state.lock = await navigator.wakeLock.request("screen");
        state.lock.addEventListener("release", () => {
          state.lock = null;
        });
      } catch (error) {
        state.lock = null; // not allowed here (hidden tab, low battery)
      }
    }

    function sleep() {
      if (state.lock) state.lock.release().catch(() => {});
      state.lock = null;
    }

    // Into phase `index` at `at` (a phase's end, when catching up after the tab slept).
    function enter(index, at) {
      state.index = index;
      state.warned = false;
      const current = phase();
      state.leftMs = current.seconds * 1000;
      if (!counted(current)) {
        state.running = false; // repetitions wait for "Set done"
        sleep();
      } else if (state.running) {
        state.endAt = at + state.leftMs;
      }
      announce(current.say);
      buzz(100);
    }

    function finish(now) {
      state.running = false;
      state.finished = true;
      window.clearTimeout(state.tickId);
      sleep();
      render(now);
      announce("All done. Say how it went below.");
      buzz(250);
    }

    function tick() {
      if (!state.running) return;
      if (!box.isConnected) {
        pause(true);
        timers.delete(api);
        return;
      }
      const now = Date.now();
      while (state.running && now >= state.endAt) {
        if (state.index >= phases.length - 1) {
          finish(now);
          return;
        }
        enter(state.index + 1, state.endAt);
      }
      const current = phase();
      const long = current.kind !== "rest" && current.seconds > 2 * LAST_SECONDS;
      if (state.running && long && !state.warned && leftAt(now) <= LAST_SECONDS * 1000) {
        state.warned = true;
        announce(LAST_SECONDS + " seconds left.");
      }
      render(now);
      schedule();
    }

    function start(now, quietly) {
      timers.forEach((other) => {
        if (other !== api) other.pause(true);
      });
      const first = !state.started;
      state.running = true;
      state.started = true;
      state.endAt = now + state.leftMs;
      state.runFrom = now;
      if (!quietly) announce(first ? phase().say : "Resumed.");
      wake();
      render(now);
      schedule();
    }

    function pause(silent) {
      if (!state.running) return;
      const now = Date.now();
      state.leftMs = Math.max(0, state.endAt - now);
      state.breathMs += now - state.runFrom;
      state.running = false;
      window.clearTimeout(state.tickId);
      sleep();
      render(now);
      if (!silent) announce("Paused.");
    }

    function clear() {
      window.clearTimeout(state.tickId);
      sleep();
      Object.assign(state, { index: 0, running: false, started: false, finished: false });
      Object.assign(state, { leftMs: phases[0].seconds * 1000, breathMs: 0, warned: false });
    }

    // "Set done" after repetitions, "Skip rest" or "I'm ready" during a pause between holds.
    function advance(now) {
      state.started = true;
      if (state.index >= phases.length - 1) {
        finish(now);
        return;
      }
      enter(state.index + 1, now);
      if (counted(phase())) start(now, true);
      else render(now);
    }

    const api = { pause, refresh: tick, wake: () => state.running && wake() };

    toggle.addEventListener("click", () => {
      const now = Date.now();
      if (state.finished) {
        clear();
        if (counted(phase())) start(now, false);
        else render(now);
      } else if (!counted(phase())) advance(now);
      else if (state.running) pause(false);
      else start(now, false);
    });
    skip.addEventListener("click", () => advance(Date.now()));
    reset.addEventListener("click", () => {
      clear();
      render(Date.now());
      announce("Timer reset.");
      toggle.focus();
    });

    timers.add(api);
    box.hidden = false;
    render(Date.now());
  }

  function enhance(root) {
    const scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("[data-timer]")) setup(scope);
    scope.querySelectorAll("[data-timer]").forEach(setup);
  }

  document.addEventListener("htmx:load", (event) => enhance(event.target));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    timers.forEach((timer) => {
      timer.refresh();
      timer.wake();
    });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => enhance(document));
  } else {
    enhance(document);
  }
})();
