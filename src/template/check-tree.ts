/**
 * Compile-time checks on a parse tree, as Jinja makes them: an unknown filter or test is an
 * error before anything renders (Jinja's TemplateAssertionError), not on host 37. We also
 * refuse what certbook does not support (macros, call blocks) and trees deeper than the
 * evaluator will walk.
 */

import { didYouMean } from '../errors/suggest.js';
import { childrenOf, filterParts, type Node, testOf } from './ast.js';
import { TemplateSyntaxError } from './errors.js';
import { FILTERS } from './filters.js';
import { TESTS } from './tests.js';

const UNSUPPORTED: Record<string, string> = {
  Macro: 'macros are not supported in certbook templates',
  CallStatement: '`{% call %}` blocks are not supported in certbook templates',
};

/** Throws {@link TemplateSyntaxError} for the first problem in the tree. */
export function checkTree(root: Node, maxDepth: number): void {
  // An explicit stack: a pathological tree must not overflow the JavaScript stack here.
  const stack: Array<[Node, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) throw new TemplateSyntaxError(`the template is nested more than ${maxDepth} levels deep`, undefined);
    checkNode(node);
    for (const child of childrenOf(node)) stack.push([child, depth + 1]);
  }
}

/** Filters that take the name of another filter or test as a string argument, and where. */
const NAMED_ARGUMENT: Record<string, { index: number; kind: 'filter' | 'test' }> = {
  map: { index: 0, kind: 'filter' },
  select: { index: 0, kind: 'test' },
  reject: { index: 0, kind: 'test' },
  selectattr: { index: 1, kind: 'test' },
  rejectattr: { index: 1, kind: 'test' },
};

/**
 * Ansible's lookup plugins read the controller's files, environment, commands and URLs: a
 * template that could do so would be neither sandboxed nor reproducible, so certbook has none.
 * Calling one is refused by name (not as an undefined variable) with what to use instead.
 */
const LOOKUPS = new Set(['lookup', 'query', 'q']);

const LOOKUP_HINT =
  'read a file from the host with the `slurp` step (then `| b64decode`), ' +
  'put values in `vars`, `vars_files` or the inventory, or pass them with `-e`';

function checkNode(node: Node): void {
  const unsupported = UNSUPPORTED[node.type];
  if (unsupported) throw new TemplateSyntaxError(unsupported, undefined);
  if (node.type === 'CallExpression') {
    const callee = node.callee;
    if (callee.type === 'Identifier' && LOOKUPS.has(callee.value)) {
      const name = callee.value;
      throw new TemplateSyntaxError(`\`${name}()\` is not supported: certbook has no lookup plugins`, undefined, LOOKUP_HINT);
    }
  }
  if (node.type !== 'FilterExpression' && node.type !== 'FilterStatement') return;
  const { name, args } = filterParts((node as unknown as { filter: Node }).filter);
  const test = testOf(name);
  if (test) known('test', test.name);
  else known('filter', name);
  // `map('trimm')` and `select('definde')` are as much a typo as `| trimm`.
  const named = NAMED_ARGUMENT[name];
  const literal = named ? args[named.index] : undefined;
  if (named && literal?.type === 'StringLiteral') known(named.kind, literal.value);
}

function known(kind: 'filter' | 'test', name: string): void {
  const registry: ReadonlyMap<string, unknown> = kind === 'filter' ? FILTERS : TESTS;
  if (!registry.has(name)) throw new TemplateSyntaxError(`no ${kind} named '${name}'`, undefined, didYouMean(name, registry.keys()));
}
