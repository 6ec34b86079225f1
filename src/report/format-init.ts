/** What `agentready init` says once it wrote the project: the files, and the next two commands. */
import path from 'node:path';

export function formatInitDone({ adapter, shown, files, sdkMissing }: { adapter: string; shown: string; files: readonly string[]; sdkMissing: boolean }): string {
  const config = shown === '.' ? '' : ` --config ${path.join(shown, 'agentready.config.yaml')}`;
  // The stdio agent imports the SDK by its package name: it must be installed where the project is.
  const install = sdkMissing ? 'First install this package where the project is (agent.mjs imports agentready-cli/agent): npm i -D agentready-cli\n' : '';
  return (
    `Wrote an agentready project for a ${adapter} agent in ${shown}:\n${files.map((file) => `  ${file}`).join('\n')}\n\n` +
    install +
    `Run it: npx --no-install agentready eval${config}\n` +
    `Then replace the rules in support.mjs with your agent, and commit a baseline: npx --no-install agentready baseline update${config}\n`
  );
}
