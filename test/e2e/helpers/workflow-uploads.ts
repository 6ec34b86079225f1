/**
 * The report files a workflow's steps write (`--reporter NAME:FILE` in a run: step or the action's
 * args) that none of its uploads keeps: a file written and never uploaded is lost with the runner.
 */

export interface WorkflowStep {
  run?: string;
  uses?: string;
  'working-directory'?: string;
  with?: Record<string, unknown>;
}

/** Each file as the workspace names it: a step's (or the action's) working-directory comes first. */
export function reportsNotUploaded(steps: readonly WorkflowStep[]): { written: string[]; lost: string[] } {
  const written = steps.flatMap((step) => {
    const command = `${step.run ?? ''} ${String(step.with?.args ?? '')}`;
    const folder = step['working-directory'] ?? (step.uses ? step.with?.['working-directory'] : undefined);
    return [...command.matchAll(/--reporter[= ]['"]?[\w-]+:([^\s'"]+)/g)].map((match) => inFolder(String(folder ?? ''), match[1]!));
  });
  const kept = steps
    .filter((step) => step.uses?.startsWith('actions/upload-artifact@'))
    .flatMap((upload) => String(upload.with?.path ?? '').split('\n').map((line) => line.trim()).filter((line) => line !== ''));
  const keeps = (file: string) => !kept.some((path) => path.startsWith('!') && globMatches(path.slice(1), file)) && kept.some((path) => globMatches(path, file));
  return { written, lost: written.filter((file) => !keeps(file)) };
}

function inFolder(folder: string, file: string): string {
  const joined = folder === '' || folder === '.' ? file : `${folder.replace(/\/+$/, '')}/${file}`;
  return joined.replace(/^\.\//, '');
}

/** Whether upload-artifact's `path` entry (a file, a folder, or a glob with * and **) takes `file`. */
function globMatches(path: string, file: string): boolean {
  const pattern = path.replace(/^\.\//, '').replace(/\/+$/, '');
  const source = pattern.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*\*\/?|\*/g, (star) => (star === '*' ? '[^/]*' : '(?:.*/)?'));
  return new RegExp(`^${source}(?:/.*)?$`).test(file);
}
