// The package root is found from the module's place, whatever its depth: here from src/config/
// (the bundle and dist/ are checked by test/e2e/bundle.test.ts and the e2e runs of init and packs).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT, packageFile, packageRequire } from '../../../src/config/package-root.js';

describe('the package root', () => {
  it('is the checkout: its package.json, templates and payload packs', () => {
    expect(PACKAGE_ROOT).toBe(resolve(import.meta.dirname, '../../..'));
    expect((JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { name: string }).name).toBe('agentready-cli');
    expect(existsSync(packageFile('templates/init'))).toBe(true);
    expect(existsSync(packageFile('fixtures/adversarial/prompt-injection.yaml'))).toBe(true);
  });

  it("requires the package's CommonJS dependencies from its node_modules", () => {
    expect(packageRequire.resolve('yaml')).toBe(packageFile('node_modules/yaml/dist/index.js'));
  });
});
