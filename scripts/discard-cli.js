// `npm run build`'s step when `tsc -b` fails (package.json: `tsc -b … || node scripts/discard-cli.js
// && node scripts/build-cli.js …`): the build stops there, before scripts/build-cli.js, and the
// CLI it built last time (dist/cli-script/main.cjs, which bin/load-cli.js runs, and the ES-module
// bundle it runs without one) would still load, the code of an older build run as if this one had
// made it. Both go, so the CLI fails to load, as a failed build should; the next build that passes
// makes them again. Exits 1, so the build still fails.
import { rmSync } from 'node:fs';

for (const folder of ['dist/cli-script', 'dist/cli-bundle']) rmSync(folder, { recursive: true, force: true });
process.stderr.write('build: tsc failed: removed dist/cli-script and dist/cli-bundle, so that no CLI of an older build runs\n');
process.exit(1);
