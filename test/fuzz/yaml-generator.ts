/**
 * Inputs for the pathological-YAML tests: hand-built hostile files (too big, too deep, alias
 * bombs, bytes that are not UTF-8) and a seeded, structure-aware generator of whole playbooks
 * and inventories. Each hostile case is a playbook or an inventory so both loaders are covered.
 */

/** Which loader a case is for. */
export type Kind = 'playbook' | 'inventory';

/** One hostile file: its bytes, and what the loader should answer. */
export interface HostileCase {
  name: string;
  kind: Kind;
  bytes: Buffer;
  /** The problem codes accepted (any one of them); empty means the file must load cleanly or be refused with a known code. */
  codes: readonly string[];
  /** Whether the refusal must carry a file:line:col position. */
  positioned: boolean;
  /** What the refusal's message must say, when a code alone could hide a crash caught as a syntax error. */
  message?: RegExp;
}

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

/** Wraps a YAML value as the vars of a one-task playbook. */
function playbookWithVars(vars: string): string {
  return `- hosts: all\n  gather_facts: false\n  vars:\n${vars}\n  tasks:\n    - debug: { msg: hi }\n`;
}

/** Wraps YAML lines (indented four spaces) as an inventory group's vars. */
function inventoryWithVars(vars: string): string {
  return `all:\n  hosts:\n    web1: {}\n  vars:\n${vars}\n`;
}

const indent = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => ' '.repeat(n) + l)
    .join('\n');

/** Billion laughs: nine levels of ten aliases each (10^9 leaves). */
function billionLaughs(): string {
  const lines = ['a0: &a0 "lol"'];
  for (let i = 1; i <= 9; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}

/** Merge-key bomb: each level merges the previous one under ten keys. */
function mergeBomb(): string {
  const lines = ['m0: &m0 { k: v }'];
  for (let i = 1; i <= 9; i++) {
    const keys = Array.from({ length: 10 }, (_, j) => `k${j}: { <<: *m${i - 1} }`).join(', ');
    lines.push(`m${i}: &m${i} { ${keys} }`);
  }
  return lines.join('\n');
}

/** Flow nesting `[[[…]]]` or `{a: {a: …}}` `depth` deep. */
function flowNest(open: string, close: string, depth: number): string {
  return open.repeat(depth) + close.repeat(depth);
}

/** Block nesting `a:\n  a:\n    a: …` `depth` deep. */
function blockNest(depth: number, base: number): string {
  const lines: string[] = [];
  for (let i = 0; i < depth; i++) lines.push(`${' '.repeat(base + i)}a:`);
  lines.push(`${' '.repeat(base + depth)}leaf`);
  return lines.join('\n');
}

/** A file just under `limit` bytes: many small keys. */
function manyKeys(limit: number): string {
  const head = 'all:\n  hosts:\n    web1: {}\n  vars:\n';
  const parts: string[] = [head];
  let size = head.length;
  for (let i = 0; size + 32 < limit; i++) {
    const line = `    k${i}: v\n`;
    parts.push(line);
    size += line.length;
  }
  return parts.join('');
}

/** A file just under `limit` bytes holding one huge string. */
function hugeString(limit: number): string {
  const head = '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: "';
  const tail = '"\n';
  return head + 'x'.repeat(limit - head.length - tail.length - 1024) + tail;
}

/** The hostile cases, for a size limit of `limit` bytes. */
export function hostileCases(limit: number): HostileCase[] {
  const cases: HostileCase[] = [];
  const both = (name: string, value: string, codes: string[], positioned = true): void => {
    cases.push({ name: `${name} (playbook vars)`, kind: 'playbook', bytes: enc(playbookWithVars(indent(value, 4))), codes, positioned });
    cases.push({ name: `${name} (inventory vars)`, kind: 'inventory', bytes: enc(inventoryWithVars(indent(value, 4))), codes, positioned });
  };
  // Size.
  const over = Buffer.alloc(limit + 1, 'x');
  over.write('- hosts: all\n  vars:\n    x: "');
  cases.push({ name: 'over the size limit (playbook)', kind: 'playbook', bytes: over, codes: ['FILE_TOO_LARGE'], positioned: false });
  cases.push({
    name: 'over the size limit (inventory)',
    kind: 'inventory',
    bytes: Buffer.concat([enc('all:\n  vars:\n    x: "'), Buffer.alloc(limit, 'y')]),
    codes: ['FILE_TOO_LARGE'],
    positioned: false,
  });
  cases.push({
    name: 'under the limit: many keys (inventory)',
    kind: 'inventory',
    bytes: enc(manyKeys(Number(process.env.CERTBOOK_FUZZ_UNDER_BYTES ?? 2 * 1024 * 1024))),
    codes: [],
    positioned: false,
  });
  cases.push({
    name: 'just under the limit: one huge string (playbook)',
    kind: 'playbook',
    bytes: enc(hugeString(limit - 100 * 1024)),
    codes: [],
    positioned: false,
  });
  // Nesting.
  both('flow [[[ x100000', `x: ${flowNest('[', ']', 100_000)}`, ['NESTING_TOO_DEEP']);
  both('flow {a: x100000', `x: ${flowNest('{a: ', '}', 100_000)}`, ['NESTING_TOO_DEEP']);
  // 5,000 block levels indent one space each: 12.5 MB, so the size limit answers first.
  cases.push({
    name: 'block nesting x5000 (playbook vars)',
    kind: 'playbook',
    bytes: enc(playbookWithVars(blockNest(5000, 4))),
    codes: ['FILE_TOO_LARGE'],
    positioned: false,
  });
  cases.push({
    name: 'block nesting x3000 (playbook vars)',
    kind: 'playbook',
    bytes: enc(playbookWithVars(blockNest(3000, 4))),
    codes: ['NESTING_TOO_DEEP'],
    positioned: true,
  });
  cases.push({
    name: 'block nesting x3000 (inventory vars)',
    kind: 'inventory',
    bytes: enc(inventoryWithVars(blockNest(3000, 4))),
    codes: ['NESTING_TOO_DEEP'],
    positioned: true,
  });
  cases.push({
    name: 'block nesting x400 (inventory vars)',
    kind: 'inventory',
    bytes: enc(inventoryWithVars(blockNest(400, 4))),
    codes: ['NESTING_TOO_DEEP'],
    positioned: true,
  });
  cases.push({
    name: 'Jinja (((( x10000 in a task arg',
    kind: 'playbook',
    positioned: true,
    codes: ['TEMPLATE_SYNTAX'],
    message: /nested more than \d+ levels/,
    bytes: enc(
      `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: "{{ ${'('.repeat(10_000)}1${')'.repeat(10_000)} }}"\n`,
    ),
  });
  cases.push({
    name: 'Jinja (((( x10000 in when',
    kind: 'playbook',
    positioned: true,
    codes: ['TEMPLATE_SYNTAX'],
    message: /nested more than \d+ levels/,
    bytes: enc(
      `- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: hi }\n      when: ${'('.repeat(10_000)}true${')'.repeat(10_000)}\n`,
    ),
  });
  // Aliases.
  both('billion laughs', billionLaughs(), ['ALIAS_BOMB']);
  both('merge-key bomb', mergeBomb(), ['ALIAS_BOMB']);
  // Bytes that are not UTF-8.
  const bad = (name: string, kind: Kind, bytes: Buffer): void =>
    void cases.push({ name, kind, bytes, codes: ['FILE_UNREADABLE'], positioned: true });
  bad('latin1 é (playbook)', 'playbook', Buffer.concat([enc('- hosts: all\n  vars:\n    x: caf'), Buffer.from([0xe9]), enc('\n')]));
  bad('latin1 é (inventory)', 'inventory', Buffer.concat([enc('all:\n  hosts:\n    caf'), Buffer.from([0xe9]), enc(': {}\n')]));
  bad('lone continuation byte', 'playbook', Buffer.concat([enc('- hosts: all\n  vars:\n    x: '), Buffer.from([0x80]), enc('\n')]));
  bad('overlong encoding of /', 'inventory', Buffer.concat([enc('all:\n  vars:\n    x: '), Buffer.from([0xc0, 0xaf]), enc('\n')]));
  bad('UTF-16LE with BOM', 'playbook', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('- hosts: all\n', 'utf16le')]));
  cases.push({
    name: 'NUL byte',
    kind: 'inventory',
    bytes: Buffer.concat([enc('all:\n  vars:\n    x: a'), Buffer.from([0]), enc('b\n')]),
    codes: [],
    positioned: false,
  });
  return cases;
}

const KEYWORDS = [
  'name',
  'hosts',
  'tasks',
  'vars',
  'when',
  'loop',
  'register',
  'become',
  'gather_facts',
  'handlers',
  'notify',
  'block',
  'rescue',
  'tags',
  'vars_files',
  'import_tasks',
  'serial',
];
const STEPS = ['debug', 'shell', 'command', 'copy', 'file', 'set_fact', 'assert', 'fail', 'wait_for', 'nosuchstep'];
const SCALARS = [
  'x',
  '1',
  '-1',
  '0644',
  'yes',
  'no',
  'null',
  '~',
  '""',
  "''",
  '1e309',
  '"a: b"',
  '[]',
  '{}',
  '!unsafe "{{ x }}"',
  '"é🙂"',
  '"\\u0000"',
];
const TEMPLATES = [
  '{{ x }}',
  '{{ x | default(1) }}',
  '{{ (((x))) }}',
  '{{ x[0].y }}',
  '{% if x %}a{% endif %}',
  '{{',
  '}}',
  '{{ x |}}',
  '{{ range(10) | list }}',
  "{{ 'a' ~ b }}",
];

/** A seeded, structure-aware random playbook or inventory: mostly plausible, sometimes broken. */
export function randomDocument(kind: Kind, random: () => number): Buffer {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const anchors: string[] = [];
  const value = (depth: number): string => {
    const r = random();
    if (r < 0.3) return pick(SCALARS);
    if (r < 0.5) return JSON.stringify(pick(TEMPLATES));
    if (r < 0.55 && anchors.length > 0) return `*${pick(anchors)}`;
    if (depth > 3 || r < 0.7) return pick(SCALARS);
    const anchor = random() < 0.2 ? `&a${anchors.push(`a${anchors.length}`) - 1} ` : '';
    const n = Math.floor(random() * 4);
    if (random() < 0.5) return `${anchor}[${Array.from({ length: n }, () => value(depth + 1)).join(', ')}]`;
    const merge = anchors.length > 0 && random() < 0.2 ? [`<<: *${pick(anchors)}`] : [];
    return `${anchor}{${[...merge, ...Array.from({ length: n }, () => `${pick(KEYWORDS)}: ${value(depth + 1)}`)].join(', ')}}`;
  };
  const lines: string[] = [];
  if (kind === 'playbook') {
    for (let p = 0; p < 1 + Math.floor(random() * 2); p++) {
      lines.push(`- hosts: ${pick(['all', 'web', '"{{ target }}"', '[]'])}`);
      if (random() < 0.5) lines.push(`  vars: ${value(1)}`);
      for (let k = 0; k < Math.floor(random() * 2); k++) lines.push(`  ${pick(KEYWORDS)}: ${value(1)}`);
      lines.push('  tasks:');
      for (let t = 0; t < 1 + Math.floor(random() * 4); t++) {
        lines.push(`    - ${pick(STEPS)}: ${random() < 0.5 ? JSON.stringify(pick(TEMPLATES)) : value(1)}`);
        if (random() < 0.4) lines.push(`      when: ${pick(['x', 'x is defined', '(x', 'a and not b', JSON.stringify(pick(TEMPLATES))])}`);
        if (random() < 0.3) lines.push(`      ${pick(KEYWORDS)}: ${value(1)}`);
      }
    }
  } else {
    lines.push('all:', '  hosts:');
    for (let h = 0; h < 1 + Math.floor(random() * 3); h++)
      lines.push(
        `    ${pick(['web1', 'db[01:03]', 'x[9:1]', '"a b"', '10.0.0.1'])}: ${random() < 0.5 ? '{}' : `{ ansible_port: ${pick(SCALARS)} }`}`,
      );
    lines.push(`  vars: ${value(1)}`);
    if (random() < 0.5) lines.push('  children:', `    ${pick(['web', 'all', 'db'])}: { hosts: { web1: {} } }`);
  }
  const bytes = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  // Sometimes a few random bytes, anywhere.
  if (random() < 0.15) {
    for (let i = 0; i < 1 + Math.floor(random() * 3); i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
  }
  return bytes;
}
