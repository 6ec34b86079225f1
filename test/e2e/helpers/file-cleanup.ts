/**
 * A setup file (vitest.config.ts, vitest.frameworks.config.ts): after each test file, what it
 * made with the helpers goes (temp projects, packs, installed projects) and the agents it started
 * stop. vitest runs a setup file again for every test file, also where the files share one module
 * graph (isolate: false), so the hook is registered for each file; one registered by a helper
 * module as it is imported would be registered once per worker.
 */
import { afterAll } from 'vitest';
import { cleanUpInstalled } from './installed-package.js';
import { cleanUpTestFile } from './run-cli.js';

afterAll(() => {
  cleanUpTestFile();
  cleanUpInstalled();
});
