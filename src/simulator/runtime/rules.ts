/**
 * The one place the runtime reaches the rules half (`src/simulator/node/`).
 */
export type { ServerRuntime } from '../node/server-start.js';
export type { AgentRuntime } from '../node/agent-start.js';
export { writeClusterPki } from '../node/cluster-pki.js';
export { startServer } from '../node/server-start.js';
export { startAgent } from '../node/agent-start.js';
export { certificateRotate } from '../node/certificate-rotate.js';
export { certificateCheck } from '../node/certificate-check.js';
