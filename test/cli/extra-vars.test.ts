import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { CliProblem } from '../../src/cli/args/cli-problem.js';
import { type ExtraVarsArg, parseExtraVarsArg } from '../../src/cli/args/extra-vars-arg.js';
import { resolveExtraVars } from '../../src/cli/extra-vars.js';
import { ProblemList } from '../../src/errors/problem.js';
import { parseKv, SplitArgsError } from '../../src/playbook/split-args.js';
import { tempDir } from '../harness/temp-dir.js';
import fixtureJson from './fixtures/parse-kv-ansible.json' with { type: 'json' };

type KvCase = { input: string; result?: Record<string, string>; error?: string };
const fixture = fixtureJson as { cases: KvCase[] };

// Cases run through ansible-core's own parse_kv; certbook must agree on every one.
for (const c of fixture.cases) {
  test(`parse_kv agrees with Ansible on ${JSON.stringify(c.input)}`, () => {
    if (c.error !== undefined) {
      assert.throws(() => parseKv(c.input), SplitArgsError);
      return;
    }
    const { pairs, rawWords } = parseKv(c.input);
    const expected = { ...c.result };
    const raw = expected._raw_params;
    delete expected._raw_params;
    assert.deepEqual(pairs, expected);
    // Ansible joins the non key=value words with spaces into _raw_params.
    assert.equal(rawWords.length > 0 ? rawWords.join(' ') : undefined, raw);
  });
}

function arg(text: string, index = 1): ExtraVarsArg {
  const result = parseExtraVarsArg(text, index);
  assert.ok(result && !('code' in result), `expected ${text} to parse`);
  return result;
}

function problem(text: string): CliProblem {
  const result = parseExtraVarsArg(text, 2);
  assert.ok(result && 'code' in result, `expected ${text} to be refused`);
  assert.equal(result.code, 'BAD_OPTION');
  assert.equal(result.option, '-e #2');
  return result;
}

test('key=value values stay strings; quoted values keep their spaces', () => {
  assert.deepEqual(arg('n=5 flag=true msg="hello world" q=\'it is\''), {
    form: 'key=value',
    index: 1,
    vars: { n: '5', flag: 'true', msg: 'hello world', q: 'it is' },
  });
});

test('YAML and JSON values are typed', () => {
  assert.deepEqual(arg('{"n": 5, "flag": true, "l": [1, "a"]}'), { form: 'yaml', index: 1, vars: { n: 5, flag: true, l: [1, 'a'] } });
  // YAML 1.1, as Ansible reads it: `yes` is a boolean.
  assert.deepEqual(arg('{n: 5, enabled: yes}'), { form: 'yaml', index: 1, vars: { n: 5, enabled: true } });
});

test('@file is kept for later, an empty value is skipped', () => {
  assert.deepEqual(arg('@vars/x.yaml', 3), { form: 'file', index: 3, path: 'vars/x.yaml' });
  assert.equal(parseExtraVarsArg('', 1), undefined);
});

test('refused: words that are not key=value, bad names, unbalanced quotes, non-mappings, paths without @', () => {
  problem('just words');
  problem('a=1 stray');
  problem('bad-name=1');
  problem('1st=1');
  problem('k="open');
  problem('[1, 2]');
  problem('{a: [}');
  problem('{"bad name": 1}');
  problem('/etc/vars.yaml');
  problem('./vars.yaml');
  problem('@');
});

test('refusals never quote the value (it may be a password)', () => {
  for (const text of ['password=hunter2 stray', 'k="hunter2', '{p: hunter2, [}']) {
    const p = problem(text);
    assert.equal(`${p.message} ${p.hint ?? ''}`.includes('hunter2'), false, text);
  }
});

test('merging: last wins per name across key=value, YAML and @file, with origins', () => {
  const dir = tempDir('certbook-ev-');
  writeFileSync(join(dir, 'vars.yaml'), 'b: from-file\nc: [1, 2]\n');
  writeFileSync(join(dir, 'empty.yaml'), '');
  const args = [arg('a=1 b=kv', 1), arg('@vars.yaml', 2), arg('{"a": 3}', 3), arg('@empty.yaml', 4)];
  const problems = new ProblemList();
  const merged = resolveExtraVars(args, problems, { cwd: dir });
  assert.deepEqual(problems.items, []);
  assert.deepEqual(merged.vars, { a: 3, b: 'from-file', c: [1, 2] });
  assert.deepEqual(merged.origins, {
    a: { index: 3, form: 'yaml' },
    b: { index: 2, form: 'file', file: 'vars.yaml' },
    c: { index: 2, form: 'file', file: 'vars.yaml' },
  });
});

test('@file problems are load problems with codes: missing, not a mapping, bad YAML, bad name', () => {
  const dir = tempDir('certbook-ev-');
  writeFileSync(join(dir, 'list.yaml'), '- 1\n');
  writeFileSync(join(dir, 'broken.yaml'), 'a: [\n');
  writeFileSync(join(dir, 'name.yaml'), 'ok: 1\nnot-ok: 2\n');
  const problems = new ProblemList();
  resolveExtraVars(
    ['missing.yaml', 'list.yaml', 'broken.yaml', 'name.yaml'].map((f, i) => arg(`@${f}`, i + 1)),
    problems,
    { cwd: dir },
  );
  assert.deepEqual(
    problems.items.map((p) => p.code),
    ['FILE_NOT_FOUND', 'WRONG_TYPE', 'YAML_SYNTAX', 'INVALID_NAME'],
  );
  assert.equal(problems.items[3]!.pos?.line, 2);
});

test('~/ in @file is the home directory', () => {
  const home = tempDir('certbook-home-');
  writeFileSync(join(home, 'v.yaml'), 'h: 1\n');
  const merged = resolveExtraVars([arg('@~/v.yaml')], new ProblemList(), { cwd: '/', home });
  assert.deepEqual(merged.vars, { h: 1 });
});

test('a variable named __proto__ stays an ordinary key', () => {
  const merged = resolveExtraVars([arg('{"__proto__": {"polluted": 1}}')], new ProblemList(), { cwd: '/' });
  assert.equal(Object.getPrototypeOf(merged.vars), Object.prototype);
  assert.deepEqual(Object.keys(merged.vars), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});
