// The one owner of "make the folder a report goes to": folders made one at a time, so a folder
// that refuses a mkdir (/proc answers ENOENT) is an error, not Node 20's endless recursive mkdir.
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolderFor } from '../../../src/common/make-folder.js';

describe('makeFolderFor', () => {
  it('makes every missing folder above the file, and none when they exist', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-make-folder-'));
    makeFolderFor(join(dir, 'a/b/c/report.xml'));
    expect(statSync(join(dir, 'a/b/c')).isDirectory()).toBe(true);
    expect(existsSync(join(dir, 'a/b/c/report.xml'))).toBe(false);
    makeFolderFor(join(dir, 'a/b/c/report.xml'));
    makeFolderFor(join(dir, 'top.xml'));
  });

  it('throws the disk\'s error naming the folder it could not make: a file in the way, a folder under /proc', () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentready-make-folder-'));
    writeFileSync(join(dir, 'blocker'), '');
    expect(() => makeFolderFor(join(dir, 'blocker/a/b.xml'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
    expect(() => makeFolderFor('/proc/agentready-none/deeper/j.xml')).toThrow(expect.objectContaining({ code: 'ENOENT', path: '/proc/agentready-none' }));
  });
});
