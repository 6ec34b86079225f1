// The .env hint names the file only where loading it into agentready's shell would reach the agent,
// and where the agent's own command does not load one already.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Target } from '../../../src/config/schema/index.js';
import { envFileWords, unreadEnvFile } from '../../../src/lifecycle/env-file.js';

const rootDir = mkdtempSync(join(tmpdir(), 'env-file-'));
writeFileSync(join(rootDir, '.env'), 'OPENAI_API_KEY=sk-test\n');
const named = (target: Target) => unreadEnvFile({ rootDir, cwd: rootDir, target });

describe('unreadEnvFile', () => {
  it('names the .env beside the config for an agent agentready starts without loading it', () => {
    expect(named({ adapter: 'module', module: 'agent.mjs' })).toBe('.env');
    expect(named({ adapter: 'stdio', command: ['node', 'agent.mjs'] })).toBe('.env');
    expect(named({ adapter: 'exec', command: ['python', 'agent.py', '--envrc', '.envrc'] })).toBe('.env');
    expect(named({ adapter: 'http', url: 'http://127.0.0.1:8000/', start: { command: ['node', 'server.mjs'] } })).toBe('.env');
  });

  it('names none for an http server agentready does not start: its environment is not the shell that starts agentready', () => {
    expect(named({ adapter: 'http', url: 'http://127.0.0.1:8000/' })).toBeUndefined();
  });

  it("names none when the agent's command loads an env file already", () => {
    const loading = [
      ['node', '--env-file=.env', 'agent.mjs'],
      ['uv', 'run', '--env-file', '.env', 'agent.py'],
      ['npx', 'dotenv', '-e', '.env.local', '--', 'node', 'agent.mjs'],
      ['./node_modules/.bin/dotenv', '--', 'node', 'agent.mjs'],
      ['sh', '-c', 'set -a; . ./.env; exec node agent.mjs'],
    ];
    for (const command of loading) expect(named({ adapter: 'stdio', command }), command.join(' ')).toBeUndefined();
    expect(named({ adapter: 'http', url: 'http://127.0.0.1:8000/', start: { command: ['node', '--env-file=.env', 'server.mjs'] } })).toBeUndefined();
  });
});

describe('envFileWords', () => {
  it('gives a command to paste: the .env sourced by a path the shell reads as one word', () => {
    expect(envFileWords('.env')).toContain('`set -a; . ./.env; set +a`');
    expect(envFileWords('My Projects/agent/.env')).toContain("`set -a; . 'My Projects/agent/.env'; set +a`");
  });
});
