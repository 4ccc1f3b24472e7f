// Guided session: one exercise at a time, with a hold timer and a breathing prompt.
// Progressive enhancement: without JavaScript every step is simply listed one below the other.
// The page's CSP forbids inline styles, so this script only toggles classes, the `hidden`
// attribute and SVG attributes; it never touches element.style.
(function () {
  "use strict";

  const ADVANCE_DELAY_MS = 600; // after an answer is saved, before moving on
  const POINTER_ANSWER_MS = 2000; // an answer counts as a tap when a pointer went down this recently
  let lastPointerAt = 0;
  document.addEventListener("pointerdown", () => {
    lastPointerAt = Date.now();
  }, true);
  const SWITCH_SECONDS = 5; // to change sides (or get ready again when a set has no rest)
  const BREATH_IN_MS = 4000;
  const BREATH_OUT_MS = 6000;
  const TICK_MS = 250; // display refresh; time itself always comes from the clock
  const SVG_NS = "http://www.w3.org/2000/svg";
  const RING_RADIUS = 52;
  const RING_CIRCUMFERENCE = 2 * Math.PI * RING_RADIUS;

  const guides = new WeakMap(); // [data-guided] section -> guide
  const timerBoxes = new WeakMap(); // [data-timer] element -> timer (or null when not timeable)
  const timers = new Set(); // every timer built, so only one runs at a time

  // ---------------------------------------------------------------- helpers

  function toCount(value, fallback) {
    const number = parseInt(value, 10);
    return Number.isFinite(number) && number >= 0 ? number : fallback;
  }

  function isTrue(value) {
    return /^(true|1|yes|on)$/i.test(String(value || "").trim());
  }

  function clock(seconds) {
    const safe = Math.max(0, seconds);
    const minutes = Math.floor(safe / 60);
    return minutes + ":" + String(safe % 60).padStart(2, "0");
  }

  function spoken(seconds) {
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    const parts = [];
    if (minutes) parts.push(minutes === 1 ? "1 minute" : minutes + " minutes");
    if (rest || !minutes) parts.push(rest === 1 ? "1 second" : rest + " seconds");
    return parts.join(" ");
  }

  function make(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG_NS, tag);
    Object.keys(attributes).forEach((name) => node.setAttribute(name, String(attributes[name])));
    return node;
  }

  function prefersReducedMotion() {
    return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function buzz(milliseconds) {
    try {
      if (typeof navigator.vibrate === "function") navigator.vibrate(milliseconds);
    } catch (error) {
      // Vibration is a nicety; some browsers refuse it.
    }
  }

  function setText(node, text) {
    if (node && node.textContent !== text) node.textContent = text;
  }

  // ---------------------------------------------------------------- timer

  // The whole exercise as a list of countdown phases: holds, switches of side and rests.
  function buildPhases(step) {
    const mode = String(step.dataset.mode || "").trim().toLowerCase();
    const amount = toCount(step.dataset.amount, 0);
    if (amount <= 0) return null;
    if (mode === "minutes") {
      return [{ kind: "hold", seconds: amount * 60, set: 1, sets: 1, side: "", minutes: true }];
    }
    if (mode !== "hold") return null;
    const sets = Math.max(1, toCount(step.dataset.sets, 1));
    const rest = toCount(step.dataset.rest, 0);
    const sides = isTrue(step.dataset.perSide) ? ["left", "right"] : [""];
    const phases = [];
    for (let set = 1; set <= sets; set += 1) {
      sides.forEach((side, index) => {
        if (index > 0) phases.push({ kind: "switch", seconds: SWITCH_SECONDS, set, sets, side });
        phases.push({ kind: "hold", seconds: amount, set, sets, side });
      });
      if (set < sets) {
        const next = { set: set + 1, sets, side: sides[0] };
        if (rest > 0) phases.push(Object.assign({ kind: "rest", seconds: rest }, next));
        else phases.push(Object.assign({ kind: "switch", seconds: SWITCH_SECONDS }, next));
      }
    }
    return phases;
  }

  // "set 1 of 2, left side" for the live region; "Set 1 of 2 · left side" on screen.
  function describe(phase, separator) {
    const parts = [];
    if (phase.sets > 1) parts.push("set " + phase.set + " of " + phase.sets);
    if (phase.side) parts.push(phase.side + " side");
    const text = parts.join(separator || ", ");
    return separator ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  function milestonesFor(seconds) {
    const marks = [];
    if (seconds >= 30) marks.push(Math.floor(seconds / 2));
    if (seconds > 120) marks.push(60);
    if (seconds > 15) marks.push(10);
    return marks.filter((mark, index) => mark > 0 && mark < seconds && marks.indexOf(mark) === index);
  }

  function createTimer(step, box) {
    const phases = buildPhases(step);
    if (!phases) return null;
    const minutesMode = Boolean(phases[0].minutes);

    // Build the UI.
    box.replaceChildren();
    const face = make("div", "timer-face");
    const orb = make("div", "timer-orb");
    orb.setAttribute("aria-hidden", "true");
    const ring = svg("svg", { class: "timer-ring", viewBox: "0 0 120 120", "aria-hidden": "true", focusable: "false" });
    ring.appendChild(svg("circle", { class: "timer-ring-track", cx: 60, cy: 60, r: RING_RADIUS }));
    const bar = svg("circle", {
      class: "timer-ring-bar",
      cx: 60,
      cy: 60,
      r: RING_RADIUS,
      transform: "rotate(-90 60 60)",
      "stroke-dasharray": RING_CIRCUMFERENCE.toFixed(2),
      "stroke-dashoffset": "0",
    });
    ring.appendChild(bar);
    const readout = make("div", "timer-readout");
    const count = make("span", "timer-count");
    count.setAttribute("role", "timer");
    count.setAttribute("aria-live", "off");
    const phaseLabel = make("span", "timer-phase");
    readout.append(count, phaseLabel);
    face.append(orb, ring, readout);
    const detail = make("p", "timer-detail");

    const breath = make("p", "timer-breath");
    const breathText = make("span", "timer-breath-text");
    breath.appendChild(breathText);

    const controls = make("div", "timer-controls");
    const toggle = make("button", "button timer-toggle");
    toggle.type = "button";
    const toggleText = make("span", "", "Start");
    toggle.append(toggleText, make("span", "visually-hidden", " timer"));
    const skip = make("button", "button button-quiet timer-skip");
    skip.type = "button";
    skip.hidden = true;
    const skipText = make("span", "", "Skip rest");
    skip.appendChild(skipText);
    const reset = make("button", "button button-quiet timer-reset");
    reset.type = "button";
    reset.append(make("span", "", "Reset"), make("span", "visually-hidden", " timer"));
    controls.append(toggle, skip, reset);

    const live = make("p", "visually-hidden timer-live");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");

    box.append(face, detail, breath, controls, live);
    box.hidden = false;

    const state = {
      index: 0,
      running: false,
      started: false,
      finished: false,
      endAt: 0,
      remainingMs: phases[0].seconds * 1000,
      breathBaseMs: 0,
      runStartedAt: 0,
      announced: new Set(),
      tickId: 0,
      liveId: 0,
      wakeLock: null,
    };

    function phase() {
      return phases[Math.min(state.index, phases.length - 1)];
    }

    function remainingAt(now) {
      return state.running ? Math.max(0, state.endAt - now) : state.remainingMs;
    }

    function announce(message) {
      // Clear first so the same words are read again when they repeat.
      window.clearTimeout(state.liveId);
      live.textContent = "";
      state.liveId = window.setTimeout(() => {
        live.textContent = message;
      }, 60);
    }

    // A short word inside the ring and a detail line below it.
    function phaseText(current) {
      const where = describe(current, " · ");
      const upcoming = where && "Next: " + where.charAt(0).toLowerCase() + where.slice(1);
      if (state.finished) return { title: minutesMode ? "All done" : "All sets done", detail: "" };
      let title = "Hold";
      if (!state.started) title = "Ready";
      else if (!state.running) title = "Paused";
      else if (minutesMode) title = "Keep going";
      else if (current.kind === "rest") title = "Rest";
      else if (current.kind === "switch") title = current.side && current.side !== phases[0].side ? "Switch sides" : "Get ready";
      return { title, detail: current.kind === "hold" ? where : upcoming };
    }

    function announcePhase(now) {
      const current = phase();
      const seconds = Math.ceil(remainingAt(now) / 1000);
      const detail = describe(current);
      if (minutesMode) {
        announce("Timer started, " + spoken(seconds) + ".");
      } else if (current.kind === "hold") {
        announce("Hold started" + (detail ? ": " + detail : "") + ", " + spoken(seconds) + ".");
      } else if (current.kind === "rest") {
        announce("Done: rest " + spoken(seconds) + (detail ? ". Next: " + detail : "") + ".");
      } else if (current.side && current.side !== phases[0].side) {
        announce("Done: switch to the " + current.side + " side, " + spoken(seconds) + ".");
      } else {
        announce("Done: get ready" + (detail ? " for " + detail : "") + ", " + spoken(seconds) + ".");
      }
    }

    function resetMilestones(now) {
      // Marks already behind us (or at the very start) are never announced.
      state.announced = new Set();
      const seconds = Math.ceil(remainingAt(now) / 1000);
      milestonesFor(phase().seconds).forEach((mark) => {
        if (mark >= seconds) state.announced.add(mark);
      });
    }

    function checkMilestones(now) {
      if (phase().kind !== "hold") return;
      const seconds = Math.ceil(remainingAt(now) / 1000);
      let message = "";
      milestonesFor(phase().seconds).forEach((mark) => {
        if (state.announced.has(mark) || seconds > mark) return;
        state.announced.add(mark);
        if (seconds > mark - 2) message = spoken(mark) + " left";
      });
      if (message) announce(message + ".");
    }

    function render(now) {
      const current = phase();
      const remaining = remainingAt(now);
      const totalMs = current.seconds * 1000;
      const resting = current.kind !== "hold" && !state.finished;

      const text = phaseText(current);
      setText(phaseLabel, text.title);
      setText(detail, text.detail);
      detail.hidden = !text.detail;
      setText(count, clock(state.finished ? 0 : Math.ceil(remaining / 1000)));
      // The ring empties clockwise, like a clock hand sweeping from the top; full again when finished.
      const used = state.finished || totalMs <= 0 ? 0 : Math.min(1, Math.max(0, 1 - remaining / totalMs));
      bar.setAttribute("stroke-dashoffset", (-RING_CIRCUMFERENCE * used).toFixed(2));

      box.classList.toggle("is-running", state.running);
      box.classList.toggle("is-paused", state.started && !state.running && !state.finished);
      box.classList.toggle("is-resting", resting);
      box.classList.toggle("timer-finished", state.finished);

      let breathingIn = false;
      let breathingOut = false;
      if (state.running) {
        const breathed = (state.breathBaseMs + (now - state.runStartedAt)) % (BREATH_IN_MS + BREATH_OUT_MS);
        breathingIn = breathed < BREATH_IN_MS;
        breathingOut = !breathingIn;
        setText(breathText, breathingIn ? "Breathe in" : "Breathe out");
      } else if (state.finished) {
        setText(breathText, "Well done. Ease out slowly, then mark how it went.");
      } else if (state.started) {
        setText(breathText, "Paused. Resume when you are ready.");
      } else {
        setText(breathText, "Get into position, then press Start.");
      }
      box.classList.toggle("is-breathing-in", breathingIn);
      box.classList.toggle("is-breathing-out", breathingOut);

      let label = "Start";
      if (state.running) label = "Pause";
      else if (state.finished) label = "Restart";
      else if (state.started) label = "Resume";
      setText(toggleText, label);

      const showSkip = resting;
      if (!showSkip && !skip.hidden && document.activeElement === skip) toggle.focus();
      skip.hidden = !showSkip;
      if (showSkip) setText(skipText, current.kind === "rest" ? "Skip rest" : "I'm ready");
    }

    function schedule(now) {
      window.clearTimeout(state.tickId);
      if (!state.running) return;
      const untilNextSecond = (Math.max(0, state.endAt - now) % 1000) + 15;
      state.tickId = window.setTimeout(tick, Math.min(TICK_MS, untilNextSecond));
    }

    async function holdWakeLock() {
      if (state.wakeLock || !navigator.wakeLock || typeof navigator.wakeLock.request !== "function") return;
      try {
        const lock = await navigator.wakeLock.request("screen");
        if (!state.running) {
          lock.release().catch(() => {});
          return;
        }
        state.wakeLock = lock;
        lock.addEventListener("release", () => {
          if (state.wakeLock === lock) state.wakeLock = null;
        });
      } catch (error) {
        state.wakeLock = null; // not allowed here (hidden tab, insecure context, low battery)
      }
    }

    function dropWakeLock() {
      const lock = state.wakeLock;
      state.wakeLock = null;
      if (lock) lock.release().catch(() => {});
    }

    function finish(now) {
      state.running = false;
      state.finished = true;
      state.index = phases.length - 1;
      state.remainingMs = 0;
      window.clearTimeout(state.tickId);
      dropWakeLock();
      render(now);
      announce(minutesMode ? "Time is up. All done." : "All sets done.");
      buzz(200);
    }

    function tick() {
      state.tickId = 0;
      if (!state.running) return;
      if (!box.isConnected) {
        stop();
        return;
      }
      const now = Date.now();
      let moved = false;
      // Catch up on every phase that ended while the tab was asleep or throttled.
      while (now >= state.endAt) {
        if (state.index >= phases.length - 1) {
          finish(now);
          return;
        }
        state.index += 1;
        state.endAt += phases[state.index].seconds * 1000;
        moved = true;
      }
      if (moved) {
        resetMilestones(now);
        announcePhase(now);
        buzz(100);
      } else {
        checkMilestones(now);
      }
      render(now);
      schedule(now);
    }

    function start() {
      if (state.running) return;
      if (state.finished) clear();
      timers.forEach((other) => {
        if (other !== api) other.pause(true);
      });
      const now = Date.now();
      const firstRun = !state.started;
      state.running = true;
      state.started = true;
      state.endAt = now + state.remainingMs;
      state.runStartedAt = now;
      if (firstRun) {
        resetMilestones(now);
        announcePhase(now);
      } else {
        announce("Resumed, " + spoken(Math.ceil(state.remainingMs / 1000)) + " left.");
      }
      holdWakeLock();
      render(now);
      schedule(now);
    }

    function pause(silent) {
      if (!state.running) return;
      const now = Date.now();
      state.remainingMs = Math.max(0, state.endAt - now);
      state.breathBaseMs += now - state.runStartedAt;
      state.running = false;
      window.clearTimeout(state.tickId);
      dropWakeLock();
      render(now);
      if (!silent) announce("Paused, " + spoken(Math.ceil(state.remainingMs / 1000)) + " left.");
    }

    function clear() {
      window.clearTimeout(state.tickId);
      dropWakeLock();
      state.index = 0;
      state.running = false;
      state.started = false;
      state.finished = false;
      state.remainingMs = phases[0].seconds * 1000;
      state.breathBaseMs = 0;
      state.announced = new Set();
    }

    function stop() {
      clear();
      timers.delete(api);
    }

    function skipPause() {
      const current = phase();
      if (current.kind === "hold" || state.finished || state.index >= phases.length - 1) return;
      const now = Date.now();
      state.index += 1;
      const nextMs = phase().seconds * 1000;
      if (state.running) state.endAt = now + nextMs;
      else state.remainingMs = nextMs;
      state.started = true;
      resetMilestones(now);
      announcePhase(now);
      render(now);
      schedule(now);
    }

    const api = {
      box,
      pause,
      isRunning: () => state.running,
      refresh() {
        if (state.running) tick();
      },
      wake() {
        if (state.running) holdWakeLock();
      },
    };

    toggle.addEventListener("click", () => {
      if (state.running) pause(false);
      else start();
    });
    reset.addEventListener("click", () => {
      clear();
      render(Date.now());
      announce("Timer reset.");
    });
    skip.addEventListener("click", skipPause);

    timers.add(api);
    render(Date.now());
    return api;
  }

  function pauseTimersIn(step) {
    timers.forEach((timer) => {
      if (step.contains(timer.box)) timer.pause(true);
    });
  }

  // ---------------------------------------------------------------- guide

  function createGuide(section) {
    const progress = section.querySelector("[data-guided-progress]");
    const nav = section.querySelector("[data-guided-nav]");
    const prevButton = nav ? nav.querySelector("[data-prev]") : null;
    const nextButton = nav ? nav.querySelector("[data-next]") : null;
    const nextLabel = nextButton ? nextButton.textContent.trim() || "Next exercise" : "Next exercise";
    let steps = [];
    let current = null;
    let currentId = "";
    let currentIndex = 0;
    let advanceId = 0;

    function collect() {
      steps = Array.from(section.querySelectorAll("[data-step]")).filter(
        (step) => step.closest("[data-guided]") === section,
      );
    }

    function buildTimers() {
      steps.forEach((step) => {
        const box = step.querySelector("[data-timer]");
        if (box && !timerBoxes.has(box)) timerBoxes.set(box, createTimer(step, box));
      });
    }

    function isAnswered(step) {
      const answer = step.querySelector("[data-answer]");
      return Boolean(answer && answer.querySelector(".answered"));
    }

    function finishTarget() {
      return document.getElementById("finish");
    }

    function updateChrome() {
      const index = steps.indexOf(current);
      const last = index === steps.length - 1;
      if (progress) {
        progress.textContent = "Exercise " + (index + 1) + " of " + steps.length;
        progress.hidden = false;
      }
      if (nav) nav.hidden = false;
      if (prevButton) prevButton.disabled = index <= 0;
      if (nextButton) {
        const finish = finishTarget();
        nextButton.textContent = last && finish ? "Go to finish" : nextLabel;
        nextButton.disabled = last && !finish;
      }
    }

    function apply() {
      steps.forEach((step) => {
        const on = step === current;
        step.hidden = !on;
        if (on) step.setAttribute("aria-current", "step");
        else {
          step.removeAttribute("aria-current");
          pauseTimersIn(step);
        }
      });
      updateChrome();
    }

    function reveal(target) {
      const rect = target.getBoundingClientRect();
      const viewport = window.innerHeight || document.documentElement.clientHeight;
      if (rect.top < 0 || rect.top > viewport * 0.4) {
        target.scrollIntoView({ block: "start", behavior: prefersReducedMotion() ? "auto" : "smooth" });
      }
    }

    function focusStep(step) {
      const heading = step.querySelector("h2") || step;
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      reveal(step);
    }

    function show(index, moveFocus) {
      const target = steps[Math.max(0, Math.min(index, steps.length - 1))];
      if (!target) return;
      window.clearTimeout(advanceId);
      current = target;
      currentId = target.id || "";
      currentIndex = steps.indexOf(target);
      apply();
      if (moveFocus) focusStep(target);
    }

    function goToFinish() {
      const finish = finishTarget();
      if (!finish) return;
      const focusable = finish.matches("a[href], button, input, select, textarea, [tabindex]");
      if (!focusable) finish.setAttribute("tabindex", "-1");
      finish.focus({ preventScroll: true });
      finish.scrollIntoView({ block: "center", behavior: prefersReducedMotion() ? "auto" : "smooth" });
    }

    function startIndex() {
      const hash = window.location.hash ? window.location.hash.slice(1) : "";
      if (hash) {
        let target = null;
        try {
          target = document.getElementById(decodeURIComponent(hash));
        } catch (error) {
          target = null;
        }
        const step = target ? target.closest("[data-step]") : null;
        if (step && steps.includes(step)) return steps.indexOf(step);
      }
      const open = steps.findIndex((step) => !isAnswered(step));
      return open === -1 ? steps.length - 1 : open;
    }

    // After htmx replaced part of the page: pick up new steps and timers, keep the place.
    function resync() {
      collect();
      buildTimers();
      if (!current || !current.isConnected || !steps.includes(current)) {
        const byId = currentId ? steps.find((step) => step.id === currentId) : null;
        current = byId || steps[Math.min(currentIndex, steps.length - 1)] || null;
      }
      if (current) {
        currentIndex = steps.indexOf(current);
        apply();
      }
    }

    function handleSwap(element) {
      resync();
      const step = element.closest("[data-step]");
      if (!step || !steps.includes(step)) return;
      const inAnswer = element.closest("[data-answer]") || element.matches("[data-step]") || element.querySelector("[data-answer]");
      if (!inAnswer || !isAnswered(step)) return;
      // Arrow keys move through a radio group one answer at a time: only a tap or click
      // moves on by itself; keyboard users go on with the Next button.
      if (Date.now() - lastPointerAt > POINTER_ANSWER_MS) return;
      window.clearTimeout(advanceId);
      advanceId = window.setTimeout(() => {
        if (step !== current) return; // the person already moved on
        const index = steps.indexOf(step);
        if (index < 0 || index >= steps.length - 1) return;
        show(index + 1, true);
      }, ADVANCE_DELAY_MS);
    }

    collect();
    if (!steps.length) return null;
    section.classList.add("is-guided");
    buildTimers();
    show(startIndex(), false);

    if (prevButton) {
      prevButton.addEventListener("click", () => {
        const index = steps.indexOf(current);
        if (index > 0) show(index - 1, true);
      });
    }
    if (nextButton) {
      nextButton.addEventListener("click", () => {
        const index = steps.indexOf(current);
        if (index < steps.length - 1) show(index + 1, true);
        else goToFinish();
      });
    }

    return { handleSwap };
  }

  // ---------------------------------------------------------------- wiring

  function enhance(root) {
    const scope = root && root.querySelectorAll ? root : document;
    const sections = [];
    if (scope.matches && scope.matches("[data-guided]")) sections.push(scope);
    scope.querySelectorAll("[data-guided]").forEach((section) => sections.push(section));
    sections.forEach((section) => {
      if (guides.has(section)) return;
      const guide = createGuide(section);
      if (guide) guides.set(section, guide);
    });
  }

  function onSwap(event) {
    const detail = event.detail || {};
    const candidates = [detail.target, event.target, detail.elt];
    for (const candidate of candidates) {
      if (!(candidate instanceof Element) || !candidate.isConnected) continue;
      const section = candidate.closest("[data-guided]");
      const guide = section ? guides.get(section) : null;
      if (guide) {
        guide.handleSwap(candidate);
        return;
      }
    }
  }

  document.addEventListener("htmx:afterSwap", onSwap);
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
