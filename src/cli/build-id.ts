/** The build id scripts/build-cli.js writes into the bundle: a hash of what it was built from. */
declare const AGENTREADY_BUILD_ID: string | undefined;

/** undefined when the CLI runs unbundled (from src/ or dist/): nothing then names the build, so nothing is cached. */
export const BUILD_ID: string | undefined = typeof AGENTREADY_BUILD_ID === 'string' ? AGENTREADY_BUILD_ID : undefined;
