/** The unit tests alone, for mutation testing (`npm run test:mutation`, see stryker.config.json). */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// Not mergeConfig: it would append to the base's projects, which hold the e2e files too.
const { projects: _projects, ...test } = base.test ?? {};
export default defineConfig({ ...base, test: { ...test, include: ['test/unit/**/*.test.ts'], reporters: ['default'] } });
