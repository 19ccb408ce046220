#!/usr/bin/env node
// The `certbook` command. certbook ships as TypeScript; tsx compiles it on the fly, scoped to
// this namespace so it never touches other modules (or the user's tsconfig.json).
import { register } from 'tsx/esm/api';

const tsx = register({ namespace: 'certbook', tsconfig: false });
const { runFromProcess } = await tsx.import('../src/cli/process-entry.ts', import.meta.url);
await runFromProcess();
