/**
 * The one place the runtime reaches the rules half (`src/simulator/node/`).
 */

export type { AgentRuntime } from '../node/agent-start.js';
export { startAgent } from '../node/agent-start.js';
export { certificateCheck } from '../node/certificate-check.js';
export { certificateRotate } from '../node/certificate-rotate.js';
export { writeClusterPki } from '../node/cluster-pki.js';
export type { ServerRuntime } from '../node/server-start.js';
export { startServer } from '../node/server-start.js';
