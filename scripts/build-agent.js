// Bundles the agent SDK (`agentready-cli/agent`: src/agent/serve-stdio.ts, what it imports and
// zod) into dist/agent-bundle/serve-stdio.js, the file the package's `./agent` export loads; its
// types stay tsc's dist/agent/serve-stdio.d.ts. Every stdio agent built on the SDK imports it
// before it can answer `initialize`: from tsc's output that was ~110 ES modules (95 of them
// zod's), each resolved, read and compiled apart, and most of the agent's start
// (docs/architecture.md). zod is taken in as a namespace (bundle.js, zodAsNamespace): only the
// parts of it the SDK's schemas use are bundled.
import { bundle } from './bundle.js';

await bundle(
  {
    entryPoints: { 'serve-stdio': 'src/agent/serve-stdio.ts' },
    outdir: 'dist/agent-bundle',
  },
  { zodShaken: true },
);
