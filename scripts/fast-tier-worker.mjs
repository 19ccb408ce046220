/**
 * One worker of `npm run test:fast` (run-fast-tier.mjs): imports the test files it is given, in
 * order, into this one process; node's test runner then runs their tests one file after the other
 * and reports them with the reporter given on node's command line.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

for (const file of process.argv.slice(2)) await import(pathToFileURL(resolve(file)).href);
