/**
 * List and collection filters against ansible-core 2.14's results for the same expressions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TemplateError, UndefinedVariableError } from '../../src/template/errors.js';
import { renderTemplate } from '../../src/template/render.js';

const vars = {
  lst: [{ n: 1, v: 1 }, { n: 2 }],
  hv: { web1: { ip: '10.0.0.1' }, web2: { ip: '10.0.0.2' } },
  nodes: [
    { name: 'b', meta: { rank: 2 } },
    { name: 'A', meta: { rank: 1 } },
  ],
};
const value = (expr: string): unknown => renderTemplate(`{{ ${expr} }}`, vars);

function table(name: string, rows: Array<[string, unknown]>): void {
  test(name, () => {
    for (const [expr, expected] of rows) assert.deepEqual(value(expr), expected, expr);
  });
}

table('join and split', [
  ["[1,2,'a'] | join(',')", '1,2,a'],
  ['[1,2] | join', '12'],
  ["'a,b,,c' | split(',')", ['a', 'b', '', 'c']],
  ["' a  b ' | split", ['a', 'b']],
  ["'a,b,c' | split(',', 1)", ['a', 'b,c']],
  ["nodes | join(', ', attribute='name')", 'b, A'],
]);

table('first, last, min, max', [
  ['[1,2,3] | first', 1],
  ['[1,2,3] | last', 3],
  ["'abc' | first", 'a'],
  ['[3,1,2] | min', 1],
  ['[3,1,2] | max', 3],
  ["['b','A','a'] | min", 'A'],
  ["['a','B','c'] | max", 'c'],
  ["[{'n':2},{'n':1}] | min(attribute='n')", { n: 1 }],
  ["nodes | max(attribute='meta.rank')", { name: 'b', meta: { rank: 2 } }],
]);

table('sort', [
  ["['b','A','c'] | sort", ['A', 'b', 'c']],
  ['[3,1,2] | sort(reverse=true)', [3, 2, 1]],
  ["[{'n':2},{'n':1}] | sort(attribute='n')", [{ n: 1 }, { n: 2 }]],
  ["nodes | sort(attribute='meta.rank') | map(attribute='name') | list", ['A', 'b']],
  ["nodes | sort(attribute='name') | map(attribute='name') | list", ['A', 'b']],
  ["['b','a','B'] | sort(case_sensitive=true)", ['B', 'a', 'b']],
]);

table('unique, list, reverse, sum, flatten, zip', [
  ["[1,2,1,'a','A'] | unique", [1, 2, 'a']],
  ['[1, 1.0, true] | unique', [1]],
  ["['a','A','b'] | unique(case_sensitive=true)", ['a', 'A', 'b']],
  ["'abc' | list", ['a', 'b', 'c']],
  ["{'a':1,'b':2} | list", ['a', 'b']],
  ['[1,2,3] | reverse | list', [3, 2, 1]],
  ['[1,2,3] | map("int") | sum', 6],
  ['[[1],[2,3]] | sum(start=[])', [1, 2, 3]],
  ["[{'a':1},{'a':2}] | sum(attribute='a')", 3],
  ['[[1,2],[3]] | flatten', [1, 2, 3]],
  ['[1,[2,[3,[4]]]] | flatten(levels=1)', [1, 2, [3, [4]]]],
  ["[1,none,'None',2] | flatten", [1, 2]],
  [
    '[1,2] | zip([3,4],[5,6]) | list',
    [
      [1, 3, 5],
      [2, 4, 6],
    ],
  ],
  [
    "[1,2,3] | zip(['a','b']) | list",
    [
      [1, 'a'],
      [2, 'b'],
    ],
  ],
]);

table('set operations keep order', [
  ['[1,2,3] | union([3,4])', [1, 2, 3, 4]],
  ['[1,2,3] | intersect([3,2,9])', [2, 3]],
  ['[1,2,3] | difference([2])', [1, 3]],
  ['[1,2,3] | symmetric_difference([3,4])', [1, 2, 4]],
]);

table('map', [
  ["['a','b'] | map('upper') | list", ['A', 'B']],
  ["['a','b'] | map('regex_replace', 'a', 'x') | list", ['x', 'b']],
  ["[1,2,3] | map('string') | list", ['1', '2', '3']],
  ["lst | map(attribute='v', default=0) | list", [1, 0]],
  ["lst | map(attribute='n') | join(',')", '1,2'],
  ["nodes | map(attribute='meta.rank') | list", [2, 1]],
]);

table('select, reject, selectattr, rejectattr', [
  ["[1,2,3,4] | select('odd') | list", [1, 3]],
  ["[1,2,3,4] | reject('odd') | list", [2, 4]],
  ["[1,2,3,4] | select('>', 2) | list", [3, 4]],
  ["['ab','cd'] | select('match', 'a') | list", ['ab']],
  ["['ab','cd'] | select('search', 'd') | list", ['cd']],
  ["['ab','cd'] | select('in', ['ab']) | list", ['ab']],
  ['[0, 1, "", "x"] | select | list', [1, 'x']],
  ["lst | selectattr('v', 'defined') | list", [{ n: 1, v: 1 }]],
  ["lst | rejectattr('v', 'defined') | list", [{ n: 2 }]],
  ["lst | selectattr('n', 'equalto', 2) | list", [{ n: 2 }]],
  ["lst | selectattr('n', '==', 2) | list", [{ n: 2 }]],
  ["lst | rejectattr('n', 'eq', 2) | list", [{ n: 1, v: 1 }]],
  ["[{'a':{'b':1}}] | selectattr('a.b', 'eq', 1) | list", [{ a: { b: 1 } }]],
  ["[{'v':1},{'v':0}] | selectattr('v') | list", [{ v: 1 }]],
]);

table('extract, dict2items, items2dict, combine, dictsort', [
  ["['web1','web2'] | map('extract', hv, 'ip') | list", ['10.0.0.1', '10.0.0.2']],
  ["'web1' | extract(hv)", { ip: '10.0.0.1' }],
  [
    "{'a':1,'b':2} | dict2items",
    [
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ],
  ],
  ["{'a':1} | dict2items(key_name='k', value_name='v')", [{ k: 'a', v: 1 }]],
  ["[{'key':'a','value':1},{'key':'b','value':2}] | items2dict", { a: 1, b: 2 }],
  ["[{'k':'a','v':1}] | items2dict(key_name='k', value_name='v')", { a: 1 }],
  ["{'a':{'x':1},'b':2} | combine({'a':{'y':2},'c':3})", { a: { y: 2 }, b: 2, c: 3 }],
  ["{'a':{'x':1},'b':2} | combine({'a':{'y':2}}, recursive=true)", { a: { x: 1, y: 2 }, b: 2 }],
  ["{'a':[1]} | combine({'a':[2]}, list_merge='append')", { a: [1, 2] }],
  ["{'a':1} | combine({'b':2}, {'c':3})", { a: 1, b: 2, c: 3 }],
  ["[{'a':1}, {'b':2}] | combine", { a: 1, b: 2 }],
  [
    "{'b':1,'a':2} | dictsort",
    [
      ['a', 2],
      ['b', 1],
    ],
  ],
  [
    "{'b': 2, 'a': 1} | dictsort(by='value', reverse=true)",
    [
      ['b', 2],
      ['a', 1],
    ],
  ],
  ["{'a': 1} | items | list", [['a', 1]]],
]);

table('ranges and slices', [
  ['range(3) | list', [0, 1, 2]],
  ['range(1, 10, 3) | list', [1, 4, 7]],
  ['range(5, 0, -2) | list', [5, 3, 1]],
  ['[1,2,3][1:]', [2, 3]],
  ['[1,2,3][:-1]', [1, 2]],
  ['[1,2,3][::-1]', [3, 2, 1]],
  ["'abcdef'[1:5:2]", 'bd'],
  ['[0,1,2,3,4,5][5:0:-2]', [5, 3, 1]],
]);

test('an empty list has no first or last item: using it is an undefined error, default() still works', () => {
  assert.throws(() => value('[] | first'), UndefinedVariableError);
  assert.throws(() => value('[] | last'), UndefinedVariableError);
  assert.equal(value("[] | first | default('none')"), 'none');
});

test('map(attribute=…) on an item without it fails like Ansible, naming the attribute', () => {
  assert.throws(
    () => value("lst | map(attribute='v') | list"),
    (e: unknown) => e instanceof UndefinedVariableError && e.variable === 'item.v',
  );
});

test('wrong types are template errors, not crashes', () => {
  assert.throws(() => value('5 | dict2items'), TemplateError);
  assert.throws(() => value("[3, 'a'] | max"), TemplateError);
  assert.throws(() => value("5 | join(',')"), TemplateError);
  assert.throws(() => value("{'a': 1} | combine(5)"), TemplateError);
});
