/**
 * The variables a template needs from outside: top-level names it reads, without loop
 * variables, `set` targets, globals, literals, filter and test names, attribute names and
 * keyword-argument names. Names only read under a guard are left out by default, because a
 * template that says `x is defined`, `x | default(…)`, `x if x is defined else …` or
 * `{% if x is defined %}…x…{% endif %}` works whether or not `x` exists. The loader reports
 * the rest as UNDEFINED_VARIABLE when no inventory, play or vars file defines them.
 */
import {
  type BinaryNode,
  type CallNode,
  childrenOf,
  type FilterNode,
  type ForNode,
  filterParts,
  type IfNode,
  type MemberNode,
  type Node,
  type SetNode,
  type TernaryNode,
  testOf,
} from './ast.js';
import { compileExpression, compileTemplate } from './compile.js';
import { GLOBALS } from './globals.js';
import { hasTemplateMarker } from './markers.js';

/** Options for {@link referencedVariables}. */
export interface ReferenceOptions {
  /** `template` (default): text with `{{ }}`; `expression`: a condition (bare or `{{ }}`). */
  kind?: 'template' | 'expression';
  /** Also list names read only under an `is defined` / `default` guard. */
  includeGuarded?: boolean;
}

// `omit` is Ansible's magic placeholder, always defined.
const LITERALS = new Set(['true', 'True', 'false', 'False', 'none', 'None', 'omit']);

/** Free variable names in order of first use; [] when the text does not parse (syntax is checked separately). */
export function referencedVariables(text: string, options: ReferenceOptions = {}): string[] {
  let root: Node;
  try {
    if (options.kind === 'expression' && !hasTemplateMarker(text)) root = compileExpression(text);
    else if (!hasTemplateMarker(text)) return [];
    else root = compileTemplate(text).program;
  } catch {
    return [];
  }
  const walker = new Walker();
  walker.visit(root, new Set(), new Set());
  return [...walker.required, ...(options.includeGuarded ? [...walker.guarded].filter((n) => !walker.required.has(n)) : [])];
}

type Names = Set<string>;

class Walker {
  readonly required = new Set<string>();
  readonly guarded = new Set<string>();

  visit(node: Node, bound: Names, known: Names): void {
    switch (node.type) {
      case 'Identifier':
        return this.name(node.value, bound, known, false);
      case 'MemberExpression':
        return this.member(node, bound, known, false);
      case 'FilterExpression':
        return this.filter(node, bound, known);
      case 'CallExpression':
        return this.call(node, bound, known);
      case 'KeywordArgumentExpression':
        return this.visit(node.value, bound, known);
      case 'Ternary':
        return this.ternary(node, bound, known);
      case 'SelectExpression': {
        const select = node;
        this.visit(select.test, bound, known);
        return this.visit(select.lhs, bound, union(known, definedIf(select.test, true)));
      }
      case 'BinaryExpression':
        return this.binary(node, bound, known);
      case 'If':
        return this.branch(node, bound, known);
      case 'For':
        return this.loop(node, bound, known);
      case 'Set':
        return this.assign(node, bound, known);
      case 'FilterStatement': {
        const n = node as unknown as { body: Node[]; filter: Node };
        this.block(n.body, bound, known);
        return this.filterArgs(n.filter, bound, known);
      }
      case 'Program':
        return this.block((node as unknown as { body: Node[] }).body, bound, known);
      default:
        for (const child of childrenOf(node)) this.visit(child, bound, known);
    }
  }

  private block(nodes: readonly Node[], bound: Names, known: Names): void {
    for (const node of nodes) this.visit(node, bound, known);
  }

  private name(name: string, bound: Names, known: Names, guarded: boolean): void {
    if (bound.has(name) || LITERALS.has(name) || GLOBALS.has(name)) return;
    if (guarded || known.has(name)) this.guarded.add(name);
    else this.required.add(name);
  }

  private member(node: MemberNode, bound: Names, known: Names, guarded: boolean): void {
    this.reference(node.object, bound, known, guarded);
    if (node.computed) this.visit(node.property, bound, known);
  }

  /** A value read only to be tested or defaulted: its root name is guarded, its subscripts are not. */
  private reference(node: Node, bound: Names, known: Names, guarded: boolean): void {
    if (node.type === 'Identifier') this.name(node.value, bound, known, guarded);
    else if (node.type === 'MemberExpression') this.member(node, bound, known, guarded);
    else this.visit(node, bound, known);
  }

  private filter(node: FilterNode, bound: Names, known: Names): void {
    const { name } = filterParts(node.filter);
    const test = testOf(name);
    const guarding = test ? test.name === 'defined' || test.name === 'undefined' : name === 'default' || name === 'd';
    this.reference(node.operand, bound, known, guarding);
    this.filterArgs(node.filter, bound, known);
  }

  private filterArgs(filter: Node, bound: Names, known: Names): void {
    if (filter.type === 'CallExpression') for (const arg of filter.args) this.visit(arg, bound, known);
  }

  private call(node: CallNode, bound: Names, known: Names): void {
    this.visit(node.callee, bound, known);
    for (const arg of node.args) this.visit(arg, bound, known);
  }

  private ternary(node: TernaryNode, bound: Names, known: Names): void {
    this.visit(node.condition, bound, known);
    this.visit(node.trueExpr, bound, union(known, definedIf(node.condition, true)));
    this.visit(node.falseExpr, bound, union(known, definedIf(node.condition, false)));
  }

  private binary(node: BinaryNode, bound: Names, known: Names): void {
    this.visit(node.left, bound, known);
    const op = node.operator.value;
    const extra = op === 'and' ? definedIf(node.left, true) : op === 'or' ? definedIf(node.left, false) : new Set<string>();
    this.visit(node.right, bound, union(known, extra));
  }

  private branch(node: IfNode, bound: Names, known: Names): void {
    this.visit(node.test, bound, known);
    this.block(node.body, bound, union(known, definedIf(node.test, true)));
    this.block(node.alternate, bound, union(known, definedIf(node.test, false)));
  }

  private loop(node: ForNode, bound: Names, known: Names): void {
    const select = node.iterable.type === 'SelectExpression' ? node.iterable : undefined;
    this.visit(select ? select.lhs : node.iterable, bound, known);
    const inner = new Set([...bound, 'loop', ...targetNames(node.loopvar)]);
    if (select) this.visit(select.test, inner, known);
    this.block(node.body, inner, known);
    this.block(node.defaultBlock, bound, known);
  }

  private assign(node: SetNode, bound: Names, known: Names): void {
    if (node.value) this.visit(node.value, bound, known);
    this.block(node.body, bound, known);
    if (node.assignee.type === 'MemberExpression') this.visit(node.assignee.object, bound, known);
    // A set binds for everything after it in the same scope, as in Jinja.
    for (const name of targetNames(node.assignee)) bound.add(name);
  }
}

function targetNames(target: Node): string[] {
  if (target.type === 'Identifier') return [target.value];
  if (target.type === 'TupleLiteral') return (target as unknown as { value: Node[] }).value.flatMap(targetNames);
  return [];
}

function union(a: Names, b: Names): Names {
  return b.size === 0 ? a : new Set([...a, ...b]);
}

/** Names certainly defined when `node` evaluates truthy (`when` true) or falsy (`when` false). */
function definedIf(node: Node, when: boolean): Names {
  if (node.type === 'UnaryExpression' && node.operator.value === 'not') return definedIf(node.argument, !when);
  if (node.type === 'BinaryExpression') {
    const b = node;
    if ((b.operator.value === 'and' && when) || (b.operator.value === 'or' && !when)) {
      return new Set([...definedIf(b.left, when), ...definedIf(b.right, when)]);
    }
    return new Set();
  }
  if (node.type !== 'FilterExpression') return new Set();
  const f = node;
  const test = testOf(filterParts(f.filter).name);
  if (!test || (test.name !== 'defined' && test.name !== 'undefined')) return new Set();
  const assertsDefined = (test.name === 'defined') !== test.negate;
  const root = rootName(f.operand);
  return root !== undefined && assertsDefined === when ? new Set([root]) : new Set();
}

function rootName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.value;
  if (node.type === 'MemberExpression') return rootName(node.object);
  return undefined;
}
