/**
 * INI values through certbook's `literal_eval`, against what ansible-core's own `_parse_value`
 * made of the same text (test/fixtures/inventory-ini-literals, written by Python through the
 * INI corpus's regenerate.sh); and host lines through certbook's `shlex`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { literalEval } from '../../src/inventory/python-literal.js';
import { shlexSplit } from '../../src/inventory/python-shlex.js';
import { pythonJson } from '../../src/python/python-values.js';

const LITERALS = join(import.meta.dirname, '..', 'fixtures', 'inventory-ini-literals');

interface Expected {
  input: string;
  kind: 'value' | 'text' | 'error' | 'unsupported';
  json: string | null;
}

const cases = readFileSync(join(LITERALS, 'expected.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Expected);

describe('literal_eval as the INI plugin uses it', () => {
  it('covers every kind of outcome', () => {
    assert.ok(cases.length >= 100);
    assert.deepEqual([...new Set(cases.map((c) => c.kind))].sort(), ['error', 'text', 'unsupported', 'value']);
  });

  for (const c of cases) {
    it(`${JSON.stringify(c.input)} is ${c.kind}`, () => {
      const result = literalEval(c.input);
      assert.equal(result.kind, c.kind);
      if (result.kind === 'text') assert.equal(JSON.stringify(c.input), c.json);
      if (result.kind !== 'value') return;
      // Whole floats (`5.`, `1e3`) print as floats (`5.0`, `1000.0`), big ints with every digit.
      assert.equal(pythonJson(result.value), c.json);
    });
  }
});

describe('shlex.split(line, comments=True)', () => {
  const words = (line: string) => {
    const r = shlexSplit(line);
    return 'error' in r ? r.error : r.tokens.map((t) => t.text);
  };

  it('splits on blanks and removes quotes anywhere in a word', () => {
    assert.deepEqual(words(`h k="a b" j='c d' m=x"y z"w`), ['h', 'k=a b', 'j=c d', 'm=xy zw']);
  });

  it('starts a comment at # even inside a word, but not inside quotes', () => {
    assert.deepEqual(words('h pass=ab#cd x=1'), ['h', 'pass=ab']);
    assert.deepEqual(words('h pass="ab#cd"'), ['h', 'pass=ab#cd']);
  });

  it('escapes: any character outside quotes, only " and \\ inside double quotes, none inside single', () => {
    assert.deepEqual(words(String.raw`a\ b "c\"d\\e\f" 'g\h'`), ['a b', String.raw`c"d\e\f`, String.raw`g\h`]);
  });

  it("keeps empty quoted words and reports Python's errors", () => {
    assert.deepEqual(words(`h x='' ""`), ['h', 'x=', '']);
    assert.equal(words('h x="abc'), 'No closing quotation');
    assert.equal(words('h x=abc\\'), 'No escaped character');
  });

  it("gives each word's start offset, its opening quote included", () => {
    const r = shlexSplit(`h1  "k"=v  x=1`);
    assert.ok(!('error' in r));
    assert.deepEqual(
      r.tokens.map((t) => t.start),
      [0, 4, 11],
    );
  });
});
