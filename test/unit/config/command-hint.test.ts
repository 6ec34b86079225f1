import { afterEach, describe, expect, it } from 'vitest';
import { binLinkBeside, commandHint, invokerFrom, localBinFrom, useConfigFlag, useInvoker } from '../../../src/config/command-hint.js';

describe('invokerFrom: the package manager a npm_config_user_agent names', () => {
  it.each([
    ['npm/10.8.2 node/v20.19.0 linux x64 workspaces/false', 'npm'],
    ['npm/11.0.0 node/v22.12.0 darwin arm64 workspaces/false ci/github-actions', 'npm'],
    ['pnpm/9.12.0 npm/? node/v20.19.0 linux x64', 'pnpm'],
    ['yarn/1.22.22 npm/? node/v20.19.0 linux x64', 'yarn'],
    ['yarn/4.5.0 npm/? node/v20.19.0 linux x64', 'yarn'],
    ['bun/1.1.30 npm/? node/v22.6.0 linux x64', 'bun'],
  ] as const)('%s → %s', (raw, invoker) => {
    expect(invokerFrom(raw)).toBe(invoker);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no version', 'npm'],
    ['another tool', 'cnpm/9.0.0 node/v20.19.0'],
    ['a name inside', 'x npm/10.8.2'],
    ['upper case', 'NPM/10.8.2'],
    ['a prefix of a name', 'npmx/1.0.0'],
    ['garbage', '\u001b[31mpnpm/9 ;rm -rf'],
  ])('%s → none', (_what, raw) => {
    expect(invokerFrom(raw)).toBe('none');
  });
});

describe('commandHint: a command as each package manager runs the project\'s agentready', () => {
  afterEach(() => useInvoker('none'));

  it.each([
    ['npm', 'npx --no-install agentready baseline update'],
    ['pnpm', 'pnpm exec agentready baseline update'],
    ['yarn', 'yarn agentready baseline update'],
    ['bun', 'bunx --no-install agentready baseline update'],
    ['none', 'agentready baseline update'],
  ] as const)('%s', (invoker, line) => {
    useInvoker(invoker);
    expect(commandHint('baseline update')).toBe(line);
  });
});

describe('commandHint: the invoker the cli set', () => {
  afterEach(() => {
    useInvoker('none');
    useConfigFlag('');
  });

  it('is the bare command until the cli sets one, then that one\'s', () => {
    expect(commandHint('validate')).toBe('agentready validate');
    useInvoker(invokerFrom('pnpm/9.12.0 npm/? node/v20.19.0 linux x64'));
    expect(commandHint('eval --resume')).toBe('pnpm exec agentready eval --resume');
  });

  it('started through the project\'s bin link with no package manager (the runbook\'s way to get signals), names that link, which no PATH holds', () => {
    useInvoker('none', localBinFrom('/p/app/node_modules/.bin/agentready', '/p/app'));
    expect(commandHint('eval --resume')).toBe('node_modules/.bin/agentready eval --resume');
    useInvoker('none', localBinFrom('/p/app/node_modules/.bin/agentready', '/p/app/evals'));
    expect(commandHint('eval --resume')).toBe('../node_modules/.bin/agentready eval --resume');
    useInvoker('none', localBinFrom("/p/my app's/node_modules/.bin/agentready", '/p'));
    expect(commandHint('validate')).toBe("'my app'\\''s/node_modules/.bin/agentready' validate");
    // A package manager's own hint comes first (npx runs the same link), and any other script is none.
    useInvoker('npm', localBinFrom('/p/app/node_modules/.bin/agentready', '/p/app'));
    expect(commandHint('validate')).toBe('npx --no-install agentready validate');
    expect(localBinFrom('/p/agentready/bin/agentready.js', '/p')).toBeUndefined();
    expect(localBinFrom('/usr/local/bin/agentready', '/p')).toBeUndefined();
    expect(localBinFrom(undefined, '/p')).toBeUndefined();
  });

  it("finds the bin link beside the package's file, which pnpm's link (a shell script) starts node on", () => {
    expect(binLinkBeside('/p/app/node_modules/agentready-cli/bin/agentready.js')).toBe('/p/app/node_modules/.bin/agentready');
    // A global install's package (its bin is elsewhere: the cli finds no link beside it) and a checkout are asked about only as such.
    expect(binLinkBeside('/usr/local/lib/node_modules/agentready-cli/bin/agentready.js')).toBe('/usr/local/lib/node_modules/.bin/agentready');
    expect(binLinkBeside('/p/agentready/bin/agentready.js')).toBeUndefined();
    expect(binLinkBeside('/p/app/node_modules/.bin/agentready')).toBeUndefined();
    expect(binLinkBeside(undefined)).toBeUndefined();
  });

  it('names the config in use the cli set (`--config <file>`), once: a command naming one itself keeps its own', () => {
    useInvoker('npm');
    useConfigFlag(' --config sub/agentready.config.yaml');
    expect(commandHint('baseline update')).toBe('npx --no-install agentready baseline update --config sub/agentready.config.yaml');
    expect(commandHint('eval --resume 20260101-000000-000-abcd')).toBe('npx --no-install agentready eval --resume 20260101-000000-000-abcd --config sub/agentready.config.yaml');
    expect(commandHint('eval --last-failed --config other.yaml')).toBe('npx --no-install agentready eval --last-failed --config other.yaml');
    useConfigFlag('');
    expect(commandHint('baseline update')).toBe('npx --no-install agentready baseline update');
  });
});

describe('configFlagFor: the --config of a hint to paste, quoted for a shell', () => {
  it('quotes a config path with a space or a quote, as a shell reads it back as one word', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { configFlagFor } = await import('../../../src/config/config-flag.js');
    const root = mkdtempSync(join(tmpdir(), 'ar-flag-'));
    mkdirSync(join(root, "new dir/it's ü"), { recursive: true });
    writeFileSync(join(root, "new dir/it's ü/agentready.config.yaml"), '');
    mkdirSync(join(root, 'plain'));
    writeFileSync(join(root, 'plain/agentready.config.yaml'), '');
    expect(configFlagFor(join(root, "new dir/it's ü/agentready.config.yaml"), root)).toBe(` --config 'new dir/it'\\''s ü/agentready.config.yaml'`);
    expect(configFlagFor(join(root, 'plain/agentready.config.yaml'), root)).toBe(' --config plain/agentready.config.yaml');
  });
});
