/**
 * The one place the runtime reaches the rules half (`src/simulator/node/`). TEMPORARY: until
 * the rules land, a minimal stand-in lives in `rules-stand-in.ts` with the agreed signatures;
 * once they land this file re-exports theirs and the stand-in is deleted.
 */
export type { ServerRuntime, AgentRuntime } from './rules-stand-in.js';
export { writeClusterPki, startServer, startAgent, certificateRotate, certificateCheck } from './rules-stand-in.js';
