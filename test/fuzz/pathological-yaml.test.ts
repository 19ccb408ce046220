/**
 * Hostile input to the playbook and inventory loaders: files over the size limit and just
 * under it, nesting 100,000 deep, alias and merge-key bombs, bytes that are not UTF-8, and a
 * seeded structure-aware generator of whole documents. In-process the loaders must never
 * throw; through the real CLI (`bin/certbook.js` in a child with a 96 MB heap) each hostile
 * file must exit 4 with the file, its line:col where one exists, and a hint.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ProblemList } from '../../src/errors/problem.js';
import { loadInventory } from '../../src/inventory/load-inventory.js';
import { loadPlaybook } from '../../src/playbook/load-playbook.js';
import { MAX_SOURCE_BYTES } from '../../src/yaml/source-file.js';
import { prng } from '../harness/prng.js';
import { tempDir } from '../harness/temp-dir.js';
import { checkProblems } from './problem-checks.js';
import { type HostileCase, hostileCases, type Kind, randomDocument } from './yaml-generator.js';

const dir = tempDir('certbook-pathological-');
const bin = join(import.meta.dirname, '..', '..', 'bin', 'certbook.js');
const SEED = Number(process.env.CERTBOOK_FUZZ_SEED ?? 20261129);
/** Generated documents: the full corpus in `npm test`; `npm run test:fast` sets CERTBOOK_FUZZ_CASES. */
const CASES = Number(process.env.CERTBOOK_FUZZ_CASES ?? 1200);
const cases = hostileCases(MAX_SOURCE_BYTES);
/** Cases that load (or not) without a refusal being required: run in-process only, see below. */
const underLimit = (c: HostileCase): boolean => c.codes.length === 0;

function load(kind: Kind, path: string, problems: ProblemList): void {
  if (kind === 'playbook') loadPlaybook(path, problems);
  else loadInventory([path], problems);
}

function write(c: HostileCase, i: number): string {
  const path = join(dir, `case-${i}.yaml`);
  writeFileSync(path, c.bytes);
  return path;
}

test('each hostile file is refused in-process with its code, a position and a hint, and never throws', () => {
  cases.forEach((c, i) => {
    const path = write(c, i);
    const problems = new ProblemList();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    try {
      load(c.kind, path, problems);
    } catch (error) {
      assert.fail(`${c.name} threw ${(error as Error).stack}`);
    }
    // CPU time, not wall time: the bound catches a blow-up (quadratic keys, say), and must not
    // depend on how busy the machine is (30 s of wall for 3.7 s of work under load there).
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    console.log(
      `in-process ${c.name}: ${Math.round(performance.now() - started)} ms (cpu ${cpuMs} ms), rss ${process.memoryUsage().rss >> 20} MB, ${problems.items.map((p) => p.code).join(',') || 'loaded'}`,
    );
    checkProblems(problems.items, c.name);
    assert.ok(cpuMs < 20_000, `${c.name} took ${cpuMs} ms of CPU`);
    if (underLimit(c)) return;
    const hit = problems.items.find((p) => c.codes.includes(p.code));
    assert.ok(
      hit,
      `${c.name}: expected one of ${c.codes.join('/')}, got ${JSON.stringify(problems.items.map((p) => `${p.code}: ${p.message}`))}`,
    );
    if (c.message) assert.match(hit.message, c.message, `${c.name}: ${hit.code} says "${hit.message}"`);
    if (c.positioned) assert.ok(hit.pos, `${c.name}: ${hit.code} has no position`);
    if (c.positioned && hit.code !== 'YAML_SYNTAX') assert.ok(hit.hint, `${c.name}: ${hit.code} has no hint`);
  });
});

/** Peak RSS in KB of the child, from GNU time when present, else from the child itself. */
function runCertbook(args: string[]): { status: number | null; out: string; peakKb: number } {
  const env = { ...process.env, NODE_OPTIONS: '--max-old-space-size=96', NO_COLOR: '1' };
  const useTime = existsSync('/usr/bin/time');
  const timeFile = join(dir, 'time.txt');
  const result = useTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, process.execPath, bin, ...args], { env, encoding: 'utf8', timeout: 60_000 })
    : spawnSync(
        process.execPath,
        [
          '--import',
          'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss "+process.resourceUsage().maxRSS+"\\n"))',
          bin,
          ...args,
        ],
        { env, encoding: 'utf8', timeout: 60_000 },
      );
  const out = `${result.stdout}${result.stderr}`;
  const peakKb = useTime
    ? Number.parseInt((existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '').trim().split('\n').pop() ?? '0', 10)
    : Number(/maxrss (\d+)/.exec(out)?.[1] ?? 0);
  return { status: result.status, out, peakKb };
}

test('through the CLI with a 96 MB heap each hostile file exits 4 naming file:line:col and a hint', () => {
  cases.forEach((c, i) => {
    if (underLimit(c)) return;
    const path = write(c, 100 + i);
    const args = c.kind === 'playbook' ? ['run', path, '-i', 'localhost,', '--syntax-check'] : ['inventory', '-i', path, '--list'];
    const started = performance.now();
    const { status, out, peakKb } = runCertbook(args);
    console.log(`cli ${c.name}: exit ${status}, ${Math.round(performance.now() - started)} ms, peak RSS ${(peakKb / 1024).toFixed(1)} MB`);
    assert.equal(status, 4, `${c.name}: exit ${status}\n${out.slice(0, 2000)}`);
    assert.ok(
      c.codes.some((code) => out.includes(code)),
      `${c.name}: none of ${c.codes.join('/')} in\n${out.slice(0, 2000)}`,
    );
    if (c.positioned)
      assert.match(out, new RegExp(`${path.replace(/[.]/g, '\\.')}:\\d+:\\d+`), `${c.name}: no file:line:col in\n${out.slice(0, 2000)}`);
    else assert.ok(out.includes(path), `${c.name}: the file is not named in\n${out.slice(0, 2000)}`);
    if (c.codes.includes('NESTING_TOO_DEEP') || c.codes.includes('ALIAS_BOMB') || c.codes.includes('FILE_UNREADABLE')) {
      assert.match(out, /hint|→|flatten|billion|UTF-8/i, `${c.name}: no hint in\n${out.slice(0, 2000)}`);
    }
  });
});

test(`${CASES} generated playbooks and inventories (seed ${SEED}) never throw; problems have known codes and positions`, () => {
  const random = prng(SEED);
  let refused = 0;
  for (let i = 0; i < CASES; i++) {
    const kind: Kind = i % 2 === 0 ? 'playbook' : 'inventory';
    const bytes = randomDocument(kind, random);
    const path = join(dir, `gen-${i % 4}.yaml`);
    writeFileSync(path, bytes);
    const problems = new ProblemList();
    const context = `generated ${kind} ${i} (seed ${SEED})`;
    try {
      load(kind, path, problems);
    } catch (error) {
      assert.fail(`${context} threw ${(error as Error).stack}\n--- input ---\n${bytes.toString('utf8')}`);
    }
    checkProblems(problems.items, context);
    for (const p of problems.items) {
      // Only a file that cannot be read at all (not found, too large) is refused without a position.
      if (!['FILE_NOT_FOUND', 'FILE_TOO_LARGE', 'NO_HOSTS_MATCHED'].includes(p.code) && !p.message.includes('does not exist')) {
        assert.ok(p.pos, `${context}: ${p.code} "${p.message}" has no position\n--- input ---\n${bytes.toString('utf8')}`);
      }
    }
    if (!problems.ok) refused++;
  }
  console.log(`generated: ${CASES} cases, ${refused} refused, ${CASES - refused} loaded`);
  assert.ok(refused > CASES / 10 && refused < CASES, `${refused} of ${CASES} refused: the generator is not exploring both sides`);
});
