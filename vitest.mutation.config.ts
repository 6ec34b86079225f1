/** The unit tests alone, for mutation testing (`npm run test:mutation`, see stryker.config.json). */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

export default mergeConfig(base, defineConfig({ test: { include: ['test/unit/**/*.test.ts'], reporters: ['default'] } }));
