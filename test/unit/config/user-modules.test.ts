// Which user module's code is on the stack, by each name Node and tsx give its frames: the cli's
// exit listener names it (`the tool handler module tools.ts called process.exit(0)`).
import { runInThisContext } from 'node:vm';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importingUserModule, userModuleOnStack } from '../../../src/config/user-modules.js';

// A path no other test registers: the registry is the process's.
const FILE = '/agentready-user-modules-test/tools.ts';

/** What userModuleOnStack says when called from code whose frames are named `filename`. */
function calledFrom(filename: string): ReturnType<typeof userModuleOnStack> {
  const call = runInThisContext('(find) => find()', { filename }) as (find: () => unknown) => ReturnType<typeof userModuleOnStack>;
  return call(userModuleOnStack);
}

describe('userModuleOnStack', () => {
  const ended = importingUserModule({ file: FILE, role: 'tool handler' });

  it('finds a module by every name its frames get: path, file URL, tsx query on either, tsx data: URL', () => {
    const named = { file: FILE, role: 'tool handler', importing: true };
    const url = pathToFileURL(FILE).href;
    for (const filename of [
      FILE,
      url,
      `${url}?tsx-namespace=1712345678901`,
      // Node 22 (22.23.5): tsx's CommonJS of a .ts module is named by its path and query.
      `${FILE}?namespace=e2355c6c-e2e9-4e53-bc9f-aa8819f1e63a`,
      `data:text/javascript,code?filePath=${encodeURIComponent(FILE)}`,
    ]) expect(calledFrom(filename), filename).toEqual(named);
  });

  it('does not take another file whose name begins alike', () => {
    for (const filename of [`${FILE}.bak`, `${FILE}x?namespace=1`, `${pathToFileURL(FILE).href}.bak`]) expect(calledFrom(filename), filename).toBeUndefined();
  });

  it('says the import ended once it has', () => {
    ended();
    expect(calledFrom(FILE)).toEqual({ file: FILE, role: 'tool handler', importing: false });
  });
});
