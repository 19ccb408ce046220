import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAddress } from '../../src/inventory/host-address.js';
import { expandHostRange, MAX_RANGE_HOSTS } from '../../src/inventory/host-range.js';

function hosts(name: string): string[] {
  const r = expandHostRange(name);
  assert.ok('hosts' in r, `${name}: ${'error' in r ? r.error : ''}`);
  return r.hosts;
}

describe('expandHostRange (ansible expand_hostname_range)', () => {
  it('zero-padded numbers', () => assert.deepEqual(hosts('web[08:11]'), ['web08', 'web09', 'web10', 'web11']));
  it('unpadded numbers', () => assert.deepEqual(hosts('n[9:11]x'), ['n9x', 'n10x', 'n11x']));
  it('a missing begin is 0', () => assert.deepEqual(hosts('h[:2]'), ['h0', 'h1', 'h2']));
  it('steps', () => assert.deepEqual(hosts('s[01:10:3]'), ['s01', 's04', 's07', 's10']));
  it('letters, both cases, with a step', () => {
    assert.deepEqual(hosts('[a:c]'), ['a', 'b', 'c']);
    assert.deepEqual(hosts('x[y:B]'), ['xy', 'xz', 'xA', 'xB']);
    assert.deepEqual(hosts('l[a:g:3]'), ['la', 'ld', 'lg']);
  });
  it('several ranges, the first varying slowest', () => {
    assert.deepEqual(hosts('r[1:2]n[a:b]'), ['r1na', 'r1nb', 'r2na', 'r2nb']);
  });
  it('a name without a range is itself', () => assert.deepEqual(hosts('plain'), ['plain']));
  it('refuses bad ranges with a reason', () => {
    for (const bad of ['w[1:2:3:4]', 'w[01:100]', 'w[3:1]', 'w[b:a]', 'w[1:x]', 'w[1:]', 'w[1:5:0]', 'w[1:2']) {
      const r = expandHostRange(bad);
      assert.ok('error' in r, bad);
    }
  });
  it('swaps the first `[` and the first `]` as Ansible does, even out of order', () => {
    assert.deepEqual(hosts('w]1:2[x]'), ['w1x]', 'w2x]']);
  });
  it('refuses a range that names too many hosts', () => {
    const r = expandHostRange(`h[0:${MAX_RANGE_HOSTS}]`);
    assert.ok('error' in r);
  });
});

describe('parseAddress (ansible parse_address)', () => {
  const cases: Array<[string, boolean, string | undefined, number | undefined]> = [
    ['web1', true, 'web1', undefined],
    ['web1:2222', true, 'web1', 2222],
    ['web[1:3]:22', true, 'web[1:3]', 22],
    ['10.0.0.1:22', true, '10.0.0.1', 22],
    ['10.0.[1:3].1', true, '10.0.[1:3].1', undefined],
    ['[::1]:2201', true, '::1', 2201],
    ['fe80::1', true, 'fe80::1', undefined],
    ['2001:db8::[1:3]', true, '2001:db8::[1:3]', undefined],
    ['db.example.com', true, 'db.example.com', undefined],
    ['bad_', true, undefined, undefined],
    ['two words', true, undefined, undefined],
    ['web[1:3]', false, undefined, undefined],
    ['héllo.example', true, 'héllo.example', undefined],
    // Ansible's quirks, kept: its IPv6 pattern anchors only its last alternative, and the
    // port split runs twice.
    ['ab::zz!', true, 'ab::zz!', undefined],
    ['[web:1]:22', true, 'web', 1],
    ['-web', true, undefined, undefined],
    ['a..b', true, undefined, undefined],
  ];
  for (const [text, ranges, host, port] of cases) {
    it(text, () => {
      const r = parseAddress(text, ranges);
      if (host === undefined) assert.equal(r, undefined);
      else assert.deepEqual(r, port === undefined ? { host } : { host, port });
    });
  }
});
