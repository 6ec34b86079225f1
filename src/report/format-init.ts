/** What `agentready init` says once it wrote the project: the files, and the next two commands. */
import path from 'node:path';

export function formatInitDone({ adapter, shown, files }: { adapter: string; shown: string; files: readonly string[] }): string {
  const config = shown === '.' ? '' : ` --config ${path.join(shown, 'agentready.config.yaml')}`;
  return (
    `Wrote an agentready project for a ${adapter} agent in ${shown}:\n${files.map((file) => `  ${file}`).join('\n')}\n\n` +
    `Run it: npx --no-install agentready eval${config}\n` +
    'Then replace the rules in support.mjs with your agent, and commit a baseline: npx --no-install agentready baseline update\n'
  );
}
