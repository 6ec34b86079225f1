// The files a project reads (projectInputs), as the check before a run names them when an output
// would write over one: the code and data the config and its suites name. The e2e test
// (test/e2e/reporter-destinations.test.ts) runs `eval` over two of them, for the wiring: exit 2,
// the file as it was, nothing run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { projectInputs } from '../../../src/config/project-inputs.js';
import { UsageError } from '../../../src/errors.js';
import { checkOutputsSpareInputs } from '../../../src/report/destinations.js';
import { namesRedactionChanges } from '../../../src/common/redacted-names.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// Returns a project whose agent, tool handler, scorer, payload pack, user simulator, state files and cassette are files of its own.
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-inputs-'));
  made.push(dir);
  const files: Record<string, string> = {
    'agent.mjs': '// the agent\n',
    'tools.mjs': 'export function lookup() { return { ok: true }; }\n',
    'scorers/ok.mjs': 'export default () => ({ pass: true });\n',
    'packs/mine.yaml': 'pack: mine\ncategory: malformed_input\npayloads:\n  - { id: mine-cut, kind: truncate, keep: 0.5 }\n',
    'sim.mjs': '// a user simulator\n',
    'state.json': '{"n": 1}\n',
    'final.json': '{"n": 1}\n',
    'cassettes/s/a.json': '{"recorded": "model calls"}\n',
    's.suite.yaml': 'suite: s\nstate: ./state.json\ntools:\n  - { name: lookup, handler: ./tools.mjs#lookup }\ncases:\n  - { id: a, input: hi, expect: { outcome: completed, custom: [./scorers/ok.mjs], state: ./final.json } }\n',
    'agentready.config.yaml': 'target: { adapter: stdio, command: [node, ./agent.mjs] }\nsuites: [s.suite.yaml]\nadversarial_packs: [packs/*.yaml]\nuser: { command: [node, sim.mjs] }\n',
  };
  writeFiles(dir, files);
  return dir;
}

// Writes each file under `dir`, with its folders.
function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
}

// Returns the message of the UsageError the check throws for one --reporter spec, or undefined.
function refusal(dir: string, inputs: ReturnType<typeof projectInputs>, spec: string): string | undefined {
  try {
    checkOutputsSpareInputs({ specs: [spec], cwd: dir, inputs });
    return undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return error.message;
  }
}

// Expects each `--reporter` spec of `tries` refused as writing over the file named with it.
function expectRefused({ dir, inputs }: { dir: string; inputs: ReturnType<typeof projectInputs> }, tries: ReadonlyArray<[string, string]>): void {
  expect(tries.map(([spec]) => refusal(dir, inputs, spec))).toEqual(tries.map(([spec, over]) => `reporter ${spec.split(':')[0]} would write over ${over}`));
}

describe('projectInputs', () => {
  it("names the agent's script, a tool handler, a scorer, a state file, a payload pack, a cassette (recorded or not) and the user simulator's script", async () => {
    const dir = project();
    const inputs = projectInputs(await loadConfig({ names: namesRedactionChanges, cwd: dir, env: {} }));
    const tries: Array<[string, string]> = [
      ['json:agent.mjs', "agent.mjs, a file the agent's command names"],
      ['markdown:tools.mjs', 'tools.mjs, the handler of tool lookup in suite s'],
      ['junit:scorers/ok.mjs', 'scorers/ok.mjs, the custom scorer ./scorers/ok.mjs of suite s'],
      ['html:packs/mine.yaml', 'packs/mine.yaml, a payload pack'],
      ['json:sim.mjs', "sim.mjs, a file the user simulator's command names"],
      ['json:state.json', 'state.json, a state file of suite s'],
      ['markdown:final.json', 'final.json, a state file of suite s'],
      ['json:cassettes/s/a.json', 'cassettes/s/a.json, a model-call cassette'],
      // One not recorded yet: `--models record` would write it too.
      ['json:cassettes/s/b.json', 'cassettes/s/b.json, a model-call cassette'],
    ];
    expectRefused({ dir, inputs }, tries);
    // Files of its own beside them are the user's to write.
    expect(refusal(dir, inputs, 'json:out/report.json')).toBeUndefined();
    expect(refusal(dir, inputs, 'markdown:cassettes/s/notes.md')).toBeUndefined();
  });

  it("names the files the checkout builds and runs with: package.json, its lockfile, .gitignore and .github/, also above a config in a subfolder up to the checkout's root", async () => {
    const dir = project();
    writeFiles(dir, {
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.github/workflows/agentready.yml': 'on: push\n',
      'package.json': '{"name": "top"}\n',
      'package-lock.json': '{}\n',
      '.gitignore': 'node_modules/\n',
      'app/package.json': '{"name": "app"}\n',
      'app/agentready.config.yaml': 'target: { adapter: module, module: ./agent.mjs }\nsuites: [a.suite.yaml]\n',
      'app/a.suite.yaml': 'suite: a\ntools: []\ncases:\n  - { id: a, input: hi, expect: { outcome: completed } }\n',
      'app/agent.mjs': '// the agent\n',
    });
    const app = join(dir, 'app');
    const inputs = projectInputs(await loadConfig({ names: namesRedactionChanges, cwd: app, env: {} }));
    expectRefused({ dir: app, inputs }, [
      ['json:package.json', 'package.json, a file the project is built or run with'],
      ['json:../package.json', '../package.json, a file the project is built or run with'],
      ['json:../package-lock.json', '../package-lock.json, a file the project is built or run with'],
      ['markdown:../.gitignore', '../.gitignore, a file the project is built or run with'],
      ['junit:../.github/workflows/agentready.yml', "../.github/workflows/agentready.yml, the checkout's .github folder (workflows, CI settings)"],
      ['json:../.github/new.json', "../.github/new.json, the checkout's .github folder (workflows, CI settings)"],
    ]);
    // One not there is the user's to write.
    expect(refusal(app, inputs, 'json:package-lock.json')).toBeUndefined();
  });
});
