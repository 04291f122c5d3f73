"use strict";
// Preloaded into a spawned pack with NODE_OPTIONS="--require bench/cpuProfilePreload.js" and
// BENCH_CPU_PROF=<dir> (`--cpu-prof` itself is not allowed in NODE_OPTIONS): profiles the pack process from
// start to SIGTERM and writes <dir>/<pid>.cpuprofile, which Chrome DevTools or bench/profileSummary.ts read.
const dir = process.env.BENCH_CPU_PROF;
if (dir) {
  const fs = require("fs");
  const path = require("path");
  const inspector = require("inspector");
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: Number(process.env.BENCH_CPU_PROF_INTERVAL_US) || 200 });
  session.post("Profiler.start");
  process.on("SIGTERM", () => {
    session.post("Profiler.stop", (err, result) => {
      if (!err) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      }
      process.exit(0);
    });
  });
}
