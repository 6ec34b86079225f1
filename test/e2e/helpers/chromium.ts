/**
 * launchChromium: a headless Chromium for the browser tests, with nothing to install but
 * `npm ci`. A system Chromium (`chromium` on PATH) is used when there is one; otherwise the
 * one inside the `@sparticuz/chromium` devDependency (Linux x64).
 *
 * That package unpacks its browser into the temp folder and reuses whatever it finds there, so
 * a `chromium` left by another version of it starts and closes at once. We unpack into a
 * folder named after the package's version in node_modules/.cache (kept between test runs,
 * whose temp folder is removed at the end: test/global-setup.ts), first into a private staging
 * folder that is renamed into place when complete, so concurrent test runs never see a
 * half-written browser.
 */
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const execFileAsync = promisify(execFile);

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: systemChromium() ?? (await packagedChromium()), args: ARGS });
}

function systemChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'chromium');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function packagedChromium(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no \`chromium\` on PATH, and @sparticuz/chromium only ships a Linux x64 browser (this is ${process.platform} ${process.arch})`);
  }
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium'); // …/build/cjs/index.cjs
  const packageDir = resolve(entry, '../../..'); // …/node_modules/@sparticuz/chromium
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const cache = resolve(packageDir, '../../.cache');
  mkdirSync(cache, { recursive: true });
  const dir = join(cache, `agentready-sparticuz-chromium-${version}`);
  const executable = join(dir, 'chromium');
  if (existsSync(executable)) return executable;

  // The package unpacks into os.tmpdir(), which follows TMPDIR. It runs in a child process with
  // TMPDIR set to the staging folder: this process's env stays as it is, so a test file that
  // runs here while the unpack is still going (a timed-out beforeAll) makes its temp folders
  // where it always does.
  const staging = mkdtempSync(`${dir}.unpacking-`);
  try {
    await execFileAsync(process.execPath, ['-e', 'require(process.argv[1]).executablePath().catch((e) => { console.error(e); process.exitCode = 1; })', entry], {
      env: { ...process.env, TMPDIR: staging },
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    renameSync(staging, dir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(executable)) throw error; // not a concurrent run that finished first
  }
  return executable;
}
