// Override config for running Mercure's conformance suite (an untouched copy in
// ./current or ./2025) with Debian's Chromium instead of Playwright's downloads.
// Selected by run.sh via `playwright test -c <this file>`; reads:
//   MERCURE_EDITION_DIR  absolute path of the edition directory (testDir)
//   BASE_URL             hub URL, e.g. http://127.0.0.1:8181/.well-known/mercure
//   MERCURE_RESULTS      where to write the JSON report
// Mirrors the suite's own playwright.config.ts (timeouts, baseURL, ignoreHTTPSErrors)
// except: one chromium project with executablePath, no html reporter (it would
// try to serve/open a report), one worker (shared 2-core machine).
const path = require("path");
const editionDir = process.env.MERCURE_EDITION_DIR;
if (!editionDir) throw new Error("MERCURE_EDITION_DIR is not set");

module.exports = {
  testDir: editionDir,
  testMatch: "mercure.spec.ts",
  timeout: 10 * 1000,
  expect: { timeout: 5000 },
  retries: 0,
  workers: 1,
  outputDir: path.join(process.env.MERCURE_OUT_DIR || "/tmp", "test-results"),
  reporter: [
    ["list"],
    ["json", { outputFile: process.env.MERCURE_RESULTS || "/tmp/mercure-results.json" }],
  ],
  use: {
    actionTimeout: 0,
    baseURL: process.env.BASE_URL ?? "https://localhost/.well-known/mercure",
    trace: "off",
    ignoreHTTPSErrors: true,
    browserName: "chromium",
    viewport: { width: 1280, height: 720 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
      args: ["--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage"],
    },
  },
  projects: [{ name: "chromium" }],
};
