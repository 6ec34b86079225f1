import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { whyUnwritable } from '../../../src/common/writable.js';
import { UsageError } from '../../../src/errors.js';
import { checkReporterOutputs } from '../../../src/report/destinations.js';
import { checkWeeklyOutputs, parseWeeklyOutput } from '../../../src/report/weekly/index.js';

// Returns a temp folder holding `blocker` (a file) and `taken/` (a folder).
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentready-destinations-'));
  writeFileSync(join(dir, 'blocker'), '');
  mkdirSync(join(dir, 'taken'));
  return dir;
}

// Returns the UsageError checkReporterOutputs throws (message and hint), or undefined.
function problem(input: { specs: string[]; otlp?: string }, cwd: string): { message: string; hint: string | undefined } | undefined {
  try {
    checkReporterOutputs({ ...input, cwd });
    return undefined;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { message: error.message, hint: error.hint };
  }
}

describe('checkReporterOutputs', () => {
  it('lets through files in folders that exist or can be made, and creates none of them', () => {
    const dir = workspace();
    expect(problem({ specs: ['junit:out/deep/junit.xml', 'json', 'html:taken/r.html', 'terminal', 'github'], otlp: 'run.otlp.json' }, dir)).toBeUndefined();
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses a folder below a file, naming the reporter as given, its path and the file in the way', () => {
    expect(problem({ specs: ['markdown', 'junit:blocker/x.xml'] }, workspace())).toEqual({
      message: 'reporter junit cannot write blocker/x.xml: blocker is a file, so no folder can be made there',
      hint: 'give a path this process can create, relative to the current folder',
    });
  });

  it('refuses a path that is a folder, or ends like one, suggesting a file in it', () => {
    const dir = workspace();
    expect(problem({ specs: ['html:taken'] }, dir)).toEqual({ message: 'reporter html cannot write taken: it is a folder', hint: 'name a file in it, as --reporter html:taken/agentready-report.html' });
    expect(problem({ specs: ['junit:new/'] }, dir)?.message).toBe('reporter junit cannot write new/: the path names a folder, not a file');
    expect(problem({ specs: [], otlp: 'taken' }, dir)).toEqual({ message: '--otlp cannot write taken: it is a folder', hint: 'name a file in it, as --otlp taken/agentready.otlp.json' });
  });

  it("refuses '-', which Unix tools read as stdout, rather than write a file named '-' (it did: \`--reporter json:- | jq\` got the terminal summary)", () => {
    const dir = workspace();
    expect(problem({ specs: ['json:-'] }, dir)).toEqual({
      message: 'reporter json cannot write to "-": it names a file, and a file named "-" is not stdout',
      hint: 'name a file, as --reporter json:agentready-report.json, and read that (jq . agentready-report.json)',
    });
    expect(problem({ specs: [], otlp: '-' }, dir)?.message).toBe('--otlp cannot write to "-": it names a file, and a file named "-" is not stdout');
    expect(problem({ specs: ['html:-'] }, dir)?.hint).toBe('name a file, as --reporter html:agentready-report.html, and read that');
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('refuses a URL (a collector\'s OTLP/HTTP endpoint), which it would have written as folders named http: and the host, saying "Wrote" it', () => {
    const dir = workspace();
    expect(problem({ specs: [], otlp: 'http://127.0.0.1:4318/v1/traces' }, dir)).toEqual({
      message: '--otlp writes a file, and http://127.0.0.1:4318/v1/traces is a URL: agentready sends nothing over the network',
      hint: "name a file, as --otlp agentready.otlp.json; a Collector reads it with its otlpjsonfile receiver, or POST it to an OTLP/HTTP endpoint: curl -H 'content-type: application/json' --data-binary @agentready.otlp.json http://127.0.0.1:4318/v1/traces",
    });
    expect(problem({ specs: ['junit:https://ci.example/junit'] }, dir)).toEqual({
      message: 'reporter junit writes a file, and https://ci.example/junit is a URL: agentready sends nothing over the network',
      hint: 'name a file, as --reporter junit:agentready-junit.xml',
    });
    expect(existsSync(join(dir, 'http:'))).toBe(false);
    expect(problem({ specs: ['junit:out/c:x.xml'] }, dir)).toBeUndefined();
  });

  it('refuses an empty path (`--otlp ""`), which names the current folder, with a file name as the hint, not a file at the root', () => {
    expect(problem({ specs: [], otlp: '' }, workspace())).toEqual({ message: '--otlp needs a file name, got an empty path', hint: 'name a file, as --otlp agentready.otlp.json' });
  });

  it('refuses two outputs writing one file, a default path included', () => {
    const dir = workspace();
    expect(problem({ specs: ['json:r.json', 'junit:./r.json'] }, dir)?.message).toBe('reporter json and reporter junit would both write ./r.json');
    expect(problem({ specs: ['json', 'json'] }, dir)?.message).toBe('reporter json is given twice for agentready-report.json');
    expect(problem({ specs: ['junit:j.xml', 'junit:./j.xml'] }, dir)).toEqual({ message: 'reporter junit is given twice for ./j.xml', hint: 'give it once, or give each its own path, as --reporter junit:out/agentready-junit.xml' });
    expect(problem({ specs: ['json:r.json'], otlp: 'r.json' }, dir)?.message).toBe('reporter json and --otlp would both write r.json');
    expect(problem({ specs: ['junit:j.xml', 'html:j.xml'] }, dir)).toEqual({ message: 'reporter junit and reporter html would both write j.xml', hint: 'give each its own path, as --reporter html:out/agentready-report.html' });
    expect(problem({ specs: ['json:r.json'], otlp: './r.json' }, dir)?.hint).toBe('give each its own path, as --otlp out/agentready.otlp.json');
  });

  it('refuses a printing reporter given twice (it would print the report twice), not two different ones', () => {
    const dir = workspace();
    expect(problem({ specs: ['terminal', 'json', 'terminal'] }, dir)).toEqual({ message: 'reporter terminal is given twice', hint: 'give it once: it prints, to the terminal or the CI log' });
    expect(problem({ specs: ['github', 'github'] }, dir)?.message).toBe('reporter github is given twice');
    expect(problem({ specs: ['terminal', 'github'] }, dir)).toBeUndefined();
  });

  it('reads the names first: an unknown one is refused before any path is looked at', () => {
    expect(problem({ specs: ['junit:blocker/x.xml', 'xml'] }, workspace())?.message).toBe('unknown reporter "xml"');
  });
});

describe('whyUnwritable', () => {
  it('tells a folder, a file in the way, and a writable path apart', () => {
    const dir = workspace();
    expect(whyUnwritable(join(dir, 'taken'))).toEqual({ kind: 'folder' });
    expect(whyUnwritable(join(dir, 'blocker/a/b.xml'))).toEqual({ kind: 'not_a_folder', at: join(dir, 'blocker') });
    expect(whyUnwritable(join(dir, 'blocker'))).toBeUndefined();
    expect(whyUnwritable(join(dir, 'a/b/c.xml'))).toBeUndefined();
  });
});

describe('a path under /proc or /sys, where nothing can be made', () => {
  // Run as root the permission check lets /proc through; Node 20's recursive mkdir then spun forever at the run's end.
  it('is refused before the run, naming the kernel filesystem, for a reporter and for --otlp', () => {
    const dir = workspace();
    expect(whyUnwritable('/proc/agentready-none/j.xml')).toEqual({ kind: 'kernel_folder', at: '/proc', filesystem: 'proc' });
    expect(whyUnwritable('/proc/agentready-none.xml')).toEqual({ kind: 'kernel_folder', at: '/proc', filesystem: 'proc' });
    expect(whyUnwritable('/sys/agentready-none/j.json')).toEqual({ kind: 'kernel_folder', at: '/sys', filesystem: 'sys' });
    // A file the kernel has there is written as before.
    expect(whyUnwritable('/proc/self/fd/1')?.kind).not.toBe('kernel_folder');
    expect(problem({ specs: ['junit:/proc/x/j.xml'] }, dir)?.message).toBe("reporter junit cannot write /proc/x/j.xml: /proc is on the kernel's proc filesystem, where no file can be made");
    expect(problem({ specs: ['markdown:/sys/x.md'] }, dir)?.message).toBe("reporter markdown cannot write /sys/x.md: /sys is on the kernel's sys filesystem, where no file can be made");
    expect(problem({ specs: [], otlp: '/proc/x/t.jsonl' }, dir)?.message).toMatch(/cannot write \/proc\/x\/t\.jsonl: \/proc is on the kernel's proc filesystem/);
  });
});

describe('checkWeeklyOutputs (agentready report --reporter)', () => {
  // Returns the UsageError checkWeeklyOutputs throws for these specs (message and hint), or undefined.
  function weeklyProblem(specs: string[], cwd: string): { message: string; hint: string | undefined } | undefined {
    try {
      checkWeeklyOutputs(specs.map(parseWeeklyOutput), cwd);
      return undefined;
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      return { message: error.message, hint: error.hint };
    }
  }

  it('refuses two formats writing one file, one format twice, and the terminal twice, as eval does', () => {
    const dir = workspace();
    expect(weeklyProblem(['markdown:w.out', 'html:w.out'], dir)).toEqual({ message: 'reporter markdown and reporter html would both write w.out', hint: 'give each its own path, as --reporter html:out/agentready-weekly.html' });
    expect(weeklyProblem(['json', 'json'], dir)?.message).toBe('reporter json is given twice for agentready-weekly.json');
    expect(weeklyProblem(['terminal', 'terminal'], dir)?.message).toBe('reporter terminal is given twice');
    expect(weeklyProblem(['terminal', 'markdown', 'html', 'json'], dir)).toBeUndefined();
    // A colon with no path: the example names a file of the format's kind, the hint its own default.
    expect(weeklyProblem(['html:'], dir)).toEqual({ message: 'format "html" needs a path after the colon, as in html:out/agentready-weekly.html', hint: 'or give --reporter html alone: it writes agentready-weekly.html in the current folder' });
    expect(weeklyProblem(['html:taken'], dir)?.message).toBe('reporter html cannot write taken: it is a folder');
  });
});
