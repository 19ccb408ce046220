/**
 * Hostile data coming FROM hosts, end to end: the real CLI against the real test sshd. A host
 * prints template syntax, terminal escape sequences, 100 MB floods, and keeps garbage where
 * certificates should be; the run carries the first as text, neutralises the second in every
 * output, caps the third with the controller's memory bounded, and gives each bad certificate
 * file its own clear error next to the good certificate.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import { runCli } from '../cli/run-cli.js';
import { startSshd, type TestSshd } from '../harness/sshd.js';
import { tempDir } from '../harness/temp-dir.js';

const root = join(import.meta.dirname, '..', '..');
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'security');
/** The controller's HOME during the runs: a template that reached `lookup('env', 'HOME')` would print it. */
const HOME_CANARY = '/nonexistent/home-canary-5k2q';

let sshd: TestSshd;
let hostDir: string;
let inventory: string;
let work: string;

before(async () => {
  sshd = await startSshd();
  work = tempDir('certbook-hostile-data-');
  // sshd.dir is readable by the (unprivileged) login user; everything the "host" holds goes there.
  hostDir = join(sshd.dir, 'host');
  mkdirSync(hostDir, { mode: 0o755 });
  writeHostFiles(hostDir);
  inventory = join(work, 'inventory.yaml');
  writeFileSync(
    inventory,
    `${[
      'all:',
      '  hosts:',
      '    target:',
      '      ansible_host: 127.0.0.1',
      `      ansible_port: ${sshd.port}`,
      `      ansible_user: ${sshd.user}`,
      `      ansible_ssh_private_key_file: ${sshd.keyFile}`,
      `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsFile}`,
      '  vars:',
      `    host_dir: ${hostDir}`,
    ].join('\n')}\n`,
  );
});

after(async () => {
  await sshd?.stop();
});

// ---------------------------------------------------------------------------------------------
// 1. Template syntax printed by a host stays text.

/** One line each; a run that templated them would print `t1:49`, `t2:xxx`, the HOME canary, or fail on t4. */
const TEMPLATE_LINES = [
  't1:{{ 7*7 }}',
  't2:{% for x in range(3) %}x{% endfor %}',
  "t3:{{ lookup('env','HOME') }}",
  't4:{{ undefined_var }}',
];
const RENDERED = ['t1:49', 't2:xxx', 't5:49', HOME_CANARY];
/** The same syntax in a JSON file read with slurp (decoded with b64decode | from_json) and in a file name. */
const DERIVED = ['json=t1:{{ 7*7 }}', 'name=t5:{{ 7*7 }}.txt'];

for (const renderer of ['plain', 'json'] as const) {
  test(`host output that looks like templates stays text through debug, set_fact, when, loop and fail_msg (${renderer})`, async () => {
    const files = {
      report: join(work, `tpl-${renderer}.json`),
      events: join(work, `tpl-${renderer}.jsonl`),
      junit: join(work, `tpl-${renderer}.xml`),
    };
    const result = await runCli(
      [
        'run',
        join(fixtures, 'host-templates.yaml'),
        '-i',
        inventory,
        '--renderer',
        renderer,
        '--report',
        files.report,
        '--events',
        files.events,
        '--junit',
        files.junit,
      ],
      { env: { HOME: HOME_CANARY } },
    );
    // The last task is an assert that fails on purpose, to carry the text in fail_msg.
    assert.equal(result.code, 2, result.stdout + result.stderr);
    const artifacts: Record<string, string> = {
      stdout: result.stdout,
      report: readFileSync(files.report, 'utf8'),
      events: readFileSync(files.events, 'utf8'),
      junit: xmlText(readFileSync(files.junit, 'utf8')),
    };
    for (const [name, text] of Object.entries(artifacts)) {
      for (const line of TEMPLATE_LINES) assert.ok(text.includes(line), `${name} lacks the literal ${line}`);
      for (const rendered of RENDERED) assert.ok(!text.includes(rendered), `${name} holds ${rendered}: host data was templated`);
      assert.ok(!/t4:(?!\{\{ undefined_var \}\})/.test(text), `${name}: t4 was rendered`);
      assert.ok(text.includes(`fail_msg=${TEMPLATE_LINES[0]}`), `${name} lacks the fail_msg`);
      // JUnit keeps messages of failures only.
      if (name !== 'junit') for (const line of DERIVED) assert.ok(text.includes(line), `${name} lacks ${line}`);
    }
    // Each flow, as data: registered, set_fact, when (literal matched, rendered did not), loop items.
    const results = hostResults(artifacts.events!);
    assert.equal(results.get('echo it')!.msg, TEMPLATE_LINES.join('\n'));
    assert.equal(results.get('show the fact')!.msg, `fact=${TEMPLATE_LINES.join('|')}`);
    assert.equal(results.get('compared as the literal text')!.msg, 'when-literal-matched');
    assert.equal(results.get('compared as the rendered text')!.skipped, true);
    assert.deepEqual(
      (results.get('each line as a loop item')!.results as Array<{ msg: string }>).map((r) => r.msg),
      TEMPLATE_LINES.map((l) => `item=${l}`),
    );
    assert.equal(results.get('a value decoded from it')!.msg, DERIVED[0]);
    assert.deepEqual(
      (results.get('each name as a loop label')!.results as Array<{ msg: string }>).map((r) => r.msg),
      [DERIVED[1]],
    );
    assert.equal(results.get('fail with it')!.msg, `fail_msg=${TEMPLATE_LINES.join('\n')}`);
    assert.match(artifacts.junit!, /<failure[^>]*fail_msg=t1:\{\{ 7\*7 \}\}/, 'JUnit carries the fail_msg as the failure message');
  });
}

// ---------------------------------------------------------------------------------------------
// 2. Terminal escape sequences printed by a host are neutralised.

/** OSC title, CSI clear and home, C1 CSI (as UTF-8), bidi override, DEL, CR overwrite, BEL. */
const ESCAPES = 'title\x1b]0;pwned\x07 clear\x1b[2J\x1b[H csi\u009b31m bidi\u202etxt.exe del\x7f cr\roverwrite';
/** What no output may hold raw: every character a terminal interprets but tab and newline. */
const INTERPRETED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const ESCAPED_MARK = '\\u001b]0;pwned\\u0007';

test('terminal escapes from stdout, stderr, a file name, a certificate and a message reach no plain or JSON output raw', async () => {
  for (const renderer of ['plain', 'json']) {
    const result = await runCli(['run', join(fixtures, 'host-escapes.yaml'), '-i', inventory, '-v', '--renderer', renderer], {
      env: { HOME: work },
    });
    assert.equal(result.code, 0, result.stdout + result.stderr);
    for (const [name, text] of Object.entries({ stdout: result.stdout, stderr: result.stderr })) {
      const raw = text.match(INTERPRETED);
      assert.equal(raw, null, `${renderer} ${name} holds a raw ${codePoint(raw?.[0])} at ${raw?.index}`);
    }
    // Shown, escaped: not dropped. Stdout, stderr, the file name, the certificate subject, the fail msg.
    assert.ok(
      count(result.stdout, ESCAPED_MARK) >= 6,
      `${renderer}: the escaped sequences are shown (${count(result.stdout, ESCAPED_MARK)})`,
    );
    assert.ok(result.stdout.includes('evil\\u001b]0;pwned\\u0007\\u202ecn'), `${renderer}: the certificate subject is shown escaped`);
    if (renderer === 'plain')
      assert.ok(result.stdout.includes(`(item=${hostDir}/named/f\\u001b]0;pwned\\u0007`), 'the loop label is escaped');
  }
});

test('terminal escapes from hosts reach a real terminal (tty renderer under script(1)) only escaped', async () => {
  const run = await spawnCollect(
    'script',
    [
      '-qec',
      `stty cols 120 rows 40; exec ${process.execPath} bin/certbook.js run ${join(fixtures, 'host-escapes.yaml')} -i ${inventory} -v --renderer tty`,
      '/dev/null',
    ],
    { TERM: 'xterm-256color', CI: undefined, HOME: work },
  );
  assert.equal(run.code, 0, run.stdout);
  const screen = run.stdout
    .replace(/\r\n/g, '\n') // the pty's own line discipline
    .replace(/\x1b\[(?:\?25[lh]|2K|1A|G|\d*m)/g, ''); // what listr2 itself draws: cursor, erase, colour
  const raw = screen.match(INTERPRETED);
  assert.equal(
    raw,
    null,
    `the terminal received a raw ${codePoint(raw?.[0])}: ${JSON.stringify(screen.slice(Math.max(0, (raw?.index ?? 0) - 40), raw?.index))}`,
  );
  assert.ok(screen.includes(ESCAPED_MARK), 'the escaped sequences are shown');
  assert.match(screen, /PLAY RECAP[\s\S]*ok=\d+/);
});

// ---------------------------------------------------------------------------------------------
// 3. 100 MB of output is capped, the run completes, and the controller's memory stays bounded.

const MiB = 1024 * 1024;
/** COMMAND_OUTPUT_LIMIT: what a command keeps of each stream. */
const KEPT = 4 * MiB;
/** The controller under a 128 MB V8 heap must stay under this peak RSS while 3 × 100 MB pass through. */
const MAX_RSS_KB = 512 * 1024;

test('100 MB on stdout (lines, one line) and stderr: cut at the cap, marked, run completes, peak RSS bounded', async () => {
  const files = { report: join(work, 'flood.json'), events: join(work, 'flood.jsonl'), junit: join(work, 'flood.xml') };
  const started = Date.now();
  const flood = await measuredRun([
    join(fixtures, 'host-flood.yaml'),
    '-v',
    '--report',
    files.report,
    '--events',
    files.events,
    '--junit',
    files.junit,
  ]);
  const seconds = (Date.now() - started) / 1000;
  const baseline = await measuredRun([join(fixtures, 'host-flood.yaml'), '-e', 'flood_bytes=10']);
  console.log(
    `flood: 3 × 100 MB in ${seconds.toFixed(1)} s, peak RSS ${Math.round(flood.rssKb / 1024)} MiB (the same run with 10 bytes: ${Math.round(baseline.rssKb / 1024)} MiB); ` +
      `exit ${flood.code}; plain output ${flood.stdout.length} chars; report ${sizeMiB(files.report)} MiB; events ${sizeMiB(files.events)} MiB`,
  );
  assert.equal(flood.code, 0, `the run did not complete: ${flood.stderr.slice(-600)}`);
  assert.ok(flood.rssKb < MAX_RSS_KB, `peak RSS ${flood.rssKb} kB is over ${MAX_RSS_KB} kB`);
  assert.match(flood.stdout, /"msg": "kept 4194304 4194304 4194304"/, 'each stream kept exactly the cap');
  assert.match(flood.stderr, /\[WARNING\]: \[target\]: the output of the command was cut at 4194304 bytes per\s+stream/);
  // The -v lines are one JSON object each: cut for the terminal, with a note of what was hidden.
  assert.equal(count(flood.stdout, 'more characters not shown]'), 3, 'each flooded result line is cut with a marker');
  assert.ok(flood.stdout.length < 256 * 1024, `plain output is ${flood.stdout.length} chars`);
  // Every flooded task has its own cut warning in the events file, and its result holds exactly the cap.
  const events = readFileSync(files.events, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const byTask = new Map<string, { warnings: number; result?: Record<string, string> }>();
  let current = '';
  for (const e of events) {
    if (e.kind === 'task_start') byTask.set((current = (e.task as { name: string }).name), { warnings: 0 });
    if (e.kind === 'warning' && /was cut at 4194304 bytes/.test(e.message as string)) byTask.get(current)!.warnings++;
    if (e.kind === 'host_result') byTask.get(current)!.result = e.result as Record<string, string>;
  }
  for (const [task, stream] of [
    ['100 MB of lines', 'stdout'],
    ['100 MB on one line', 'stdout'],
    ['100 MB on stderr', 'stderr'],
  ] as const) {
    const entry = byTask.get(task)!;
    assert.equal(entry.warnings, 1, `${task}: one cut warning`);
    assert.equal(Buffer.byteLength(entry.result![stream]!), KEPT, `${task}: ${stream} holds the cap`);
  }
  assert.equal(byTask.get('what was kept')!.warnings, 0);
});

// ---------------------------------------------------------------------------------------------
// 4. Bad certificate files: one clear error each, the good certificates still read.

/** Each bad file and what its error must say. */
const CERT_ERRORS: Record<string, RegExp> = {
  'garbage.crt': /not a certificate: no PEM block and not DER/,
  'empty.crt': /the file is empty/,
  'huge.crt': /file is 50000000 bytes, more than the limit of 8388608 bytes/,
  'broken-base64.crt': /PEM block #0 \(CERTIFICATE\): the body is not base64/,
  'key.crt': /no CERTIFICATE block in the PEM text \(found: PRIVATE KEY\)/,
  'dir.crt': /is a directory/,
  'unreadable.crt': /permission denied/,
  'truncated.crt': /has no END line: the file is truncated/,
  'lying-der.crt': /DER input: not a valid X\.509 certificate/,
  'many-blocks.crt': /20000 certificates is more than the limit of 10000/,
  // Read with `wc`/`cat`, these never end: a clear error instead of a run that hangs.
  'fifo.crt': /not a regular file \(a device, FIFO or socket\): not read/,
  'zero.crt': /not a regular file \(a device, FIFO or socket\): not read/,
};

test('garbage, DER, empty, huge, broken, key, directory, unreadable, FIFO and /dev/zero certificate files: a clear error each, good ones still read', {
  timeout: 60_000,
}, async () => {
  const report = join(work, 'certs.json');
  const result = await runCli(['run', join(fixtures, 'host-certificates.yaml'), '-i', inventory, '--report', report], {
    env: { HOME: work },
  });
  // As designed: x509_info fails the task when any file had an error (data still registered);
  // the fixture ignores that once, then lets a lone garbage file fail the host: exit 2.
  assert.equal(result.code, 2, result.stdout + result.stderr);
  assert.match(result.stdout, /target\s+: ok=5\s+changed=0\s+unreachable=0\s+failed=1\s+skipped=0\s+rescued=0\s+ignored=4/);
  const results = hostResults(readFileSync(report, 'utf8'), 'report');
  const read = results.get('read every certificate file')!;
  const errors = read.errors as Array<{ path: string; error: string }>;
  assert.deepEqual(
    errors.map((e) => basename(e.path)).sort(),
    Object.keys(CERT_ERRORS).sort(),
    'one error per bad file, none for the good ones',
  );
  for (const e of errors) assert.match(e.error, CERT_ERRORS[basename(e.path)]!, basename(e.path));
  const certificates = read.certificates as Array<{ path: string; subject: string }>;
  assert.deepEqual(certificates.map((c) => `${basename(c.path)} ${c.subject}`).sort(), ['der.crt CN=good-one', 'good.crt CN=good-one']);
  assert.match(read.msg as string, /^12 problems: /);
  assert.match(results.get('what was read')!.msg as string, /good\.crt.*errors 12/);
  // The same through the file-by-file read (a path with a newline cannot be batched).
  const oneByOne = results.get('read file by file')!;
  assert.deepEqual((oneByOne.errors as Array<{ path: string; error: string }>).map((e) => `${basename(e.path)}: ${e.error}`).sort(), [
    'fifo.crt: not a regular file (a device, FIFO or socket): not read',
    'new\nline.crt: the file is empty',
    'zero.crt: not a regular file (a device, FIFO or socket): not read',
  ]);
  assert.deepEqual(
    (oneByOne.certificates as Array<{ path: string }>).map((c) => basename(c.path)),
    ['good.crt'],
  );
  // slurp reads over SFTP: a FIFO would hang the sftp-server for good, /dev/zero is no file either.
  for (const task of ['slurp a FIFO (SFTP)', 'slurp a link to /dev/zero (SFTP)'])
    assert.match(results.get(task)!.msg as string, /not a regular file/, task);
  assert.equal(results.get('one garbage file alone')!.msg, `${hostDir}/certs/garbage.crt: not a certificate: no PEM block and not DER`);
  // Errors never quote key material.
  const keyBody = readFileSync(join(hostDir, 'certs', 'key.crt'), 'utf8').split('\n')[1]!;
  assert.ok(!result.stdout.includes(keyBody) && !readFileSync(report, 'utf8').includes(keyBody), 'the private key is quoted');
});

// ---------------------------------------------------------------------------------------------
// Helpers

function writeHostFiles(dir: string): void {
  writeFileSync(join(dir, 'templates.txt'), `${TEMPLATE_LINES.join('\n')}\n`, { mode: 0o644 });
  writeFileSync(join(dir, 'templates.json'), JSON.stringify({ a: TEMPLATE_LINES[0] }), { mode: 0o644 });
  mkdirSync(join(dir, 'tpl-named'), { mode: 0o755 });
  writeFileSync(join(dir, 'tpl-named', 't5:{{ 7*7 }}.txt'), '', { mode: 0o644 });
  // A lone 0x9b byte too (the 8-bit C1 CSI): not UTF-8, it must arrive as U+FFFD, not raw.
  writeFileSync(join(dir, 'escapes.txt'), Buffer.concat([Buffer.from(`${ESCAPES} lone`), Buffer.from([0x9b]), Buffer.from('31m\n')]), {
    mode: 0o644,
  });
  mkdirSync(join(dir, 'named'), { mode: 0o755 });
  writeFileSync(join(dir, 'named', 'f\x1b]0;pwned\x07\x1b[2J\u202e\u009b\x7f\rz'), 'x', { mode: 0o644 });
  const certs = join(dir, 'certs');
  mkdirSync(certs, { mode: 0o755 });
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    join(certs, 'key.crt'),
    '-out',
    join(certs, 'good.crt'),
    '-subj',
    '/CN=good-one',
    '-days',
    '30',
  );
  openssl('x509', '-in', join(certs, 'good.crt'), '-outform', 'der', '-out', join(certs, 'der.crt'));
  openssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    '/dev/null',
    '-out',
    join(dir, 'evil.crt'),
    '-utf8',
    '-subj',
    '/CN=evil\x1b]0;pwned\x07\u202ecn',
    '-days',
    '30',
  );
  const good = readFileSync(join(certs, 'good.crt'), 'utf8');
  writeFileSync(join(certs, 'garbage.crt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256)));
  writeFileSync(join(certs, 'empty.crt'), '');
  writeFileSync(join(certs, 'huge.crt'), Buffer.alloc(50_000_000, 0x41));
  writeFileSync(join(certs, 'broken-base64.crt'), good.replace(/\n(.{8})/, '\n!!@@#$%^'));
  writeFileSync(join(certs, 'truncated.crt'), `${good.split('\n').slice(0, 4).join('\n')}\n`);
  // A DER SEQUENCE whose length covers the file but whose content is no certificate.
  writeFileSync(join(certs, 'lying-der.crt'), Buffer.from([0x30, 0x82, 0x00, 0x04, 0x02, 0x01, 0x01, 0x00]));
  writeFileSync(join(certs, 'many-blocks.crt'), '-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n'.repeat(20_000));
  mkdirSync(join(certs, 'dir.crt'));
  execFileSync('mkfifo', ['-m', '644', join(certs, 'fifo.crt')]);
  symlinkSync('/dev/zero', join(certs, 'zero.crt'));
  mkdirSync(join(dir, 'odd'), { mode: 0o755 });
  writeFileSync(join(dir, 'odd', 'new\nline.crt'), '', { mode: 0o644 });
  writeFileSync(join(certs, 'unreadable.crt'), good, { mode: 0o600 }); // root's; the login user is not root
  for (const f of [
    'garbage.crt',
    'empty.crt',
    'huge.crt',
    'broken-base64.crt',
    'truncated.crt',
    'lying-der.crt',
    'many-blocks.crt',
    'key.crt',
    'good.crt',
    'der.crt',
  ]) {
    chmodSync(join(certs, f), 0o644);
  }
}

/** The last result of each task by name, from an events file (`events`) or a report (`report`). */
function hostResults(text: string, form: 'events' | 'report' = 'events'): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (form === 'events') {
    for (const line of text.trim().split('\n')) {
      const e = JSON.parse(line) as { kind: string; task?: { name: string }; result?: Record<string, unknown>; status?: string };
      if (e.kind === 'host_result') out.set(e.task!.name, { ...e.result, ...(e.status === 'skipped' ? { skipped: true } : {}) });
    }
    return out;
  }
  const report = JSON.parse(text) as {
    plays: Array<{ tasks: Array<{ name: string; results: Array<{ result: Record<string, unknown> }> }> }>;
  };
  for (const task of report.plays.flatMap((p) => p.tasks)) out.set(task.name, task.results.at(-1)!.result);
  return out;
}

/** XML text with its entities decoded (enough for what JUnit writes). */
function xmlText(xml: string): string {
  return xml
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** `U+009B`: a control character named so a failure message does not itself act on the terminal. */
function codePoint(ch: string | undefined): string {
  return ch === undefined ? 'nothing' : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

function sizeMiB(file: string): string {
  return existsSync(file) ? (statSync(file).size / MiB).toFixed(1) : 'none';
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** Runs a child in the repo root and collects its output (stdout and stderr as text). */
function spawnCollect(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** `certbook run …` in a child under a 128 MB V8 heap, with its peak RSS as GNU time measures it. */
async function measuredRun(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; rssKb: number }> {
  const run = await spawnCollect(
    '/usr/bin/time',
    ['-f', 'PEAK_RSS_KB=%M', process.execPath, 'bin/certbook.js', 'run', ...args, '-i', inventory],
    { NODE_OPTIONS: '--max-old-space-size=128', HOME: work },
  );
  const peak = /PEAK_RSS_KB=(\d+)/.exec(run.stderr);
  assert.ok(peak, `no peak RSS in: ${run.stderr.slice(-500)}`);
  // GNU time exits with the child's status.
  return { ...run, rssKb: Number(peak[1]) };
}
