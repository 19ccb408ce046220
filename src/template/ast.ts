/**
 * The shape of @huggingface/jinja's parse tree, as our evaluator and checks read it. The
 * package does not export its AST classes through its `exports` map, so we describe the nodes
 * structurally here; every node carries its class's `type` string.
 */

/** Any node of the tree. */
export interface Node {
  readonly type: string;
}

/** A lexer token kept on operator nodes (`+`, `and`, `not in`, …). */
export interface OperatorToken {
  readonly value: string;
  readonly type: string;
}

/** The whole template: text and tags in order. */
export interface Program extends Node {
  readonly type: 'Program';
  readonly body: Node[];
}
/** `{% if %}…{% elif %}…{% else %}…{% endif %}` (an `elif` is a nested If in `alternate`). */
export interface IfNode extends Node {
  readonly type: 'If';
  readonly test: Node;
  readonly body: Node[];
  readonly alternate: Node[];
}
/** `{% for x in xs [if cond] %}…{% else %}…{% endfor %}`. */
export interface ForNode extends Node {
  readonly type: 'For';
  readonly loopvar: Node;
  readonly iterable: Node;
  readonly body: Node[];
  readonly defaultBlock: Node[];
}
/** `{% set x = v %}`, or a `{% set x %}…{% endset %}` block when `value` is null. */
export interface SetNode extends Node {
  readonly type: 'Set';
  readonly assignee: Node;
  readonly value: Node | null;
  readonly body: Node[];
}
/** `{% filter name %}…{% endfilter %}`. */
export interface FilterStatementNode extends Node {
  readonly type: 'FilterStatement';
  readonly filter: Node;
  readonly body: Node[];
}
/** `a.b` (`computed` false) or `a[b]`. */
export interface MemberNode extends Node {
  readonly type: 'MemberExpression';
  readonly object: Node;
  readonly property: Node;
  readonly computed: boolean;
}
/** `f(args)`; also a filter with arguments (`| name(args)`). */
export interface CallNode extends Node {
  readonly type: 'CallExpression';
  readonly callee: Node;
  readonly args: Node[];
}
/** A name: a variable, or a filter or test name in a filter position. */
export interface IdentifierNode extends Node {
  readonly type: 'Identifier';
  readonly value: string;
}
/** Numbers, strings (template text too), and the item lists of list and tuple literals. */
export interface LiteralNode<T> extends Node {
  readonly value: T;
}
/** `{'k': v}`. */
export interface ObjectLiteralNode extends Node {
  readonly type: 'ObjectLiteral';
  readonly value: Map<Node, Node>;
}
/** `a op b`, including `and`, `or`, `in`, `not in` and `~`. */
export interface BinaryNode extends Node {
  readonly type: 'BinaryExpression';
  readonly operator: OperatorToken;
  readonly left: Node;
  readonly right: Node;
}
/** `operand | filter`, and tests after our rewrite (see {@link TEST_PREFIX}). */
export interface FilterNode extends Node {
  readonly type: 'FilterExpression';
  readonly operand: Node;
  readonly filter: Node;
}
/** `a if c` without `else`, and the `if` filter of a for loop. */
export interface SelectNode extends Node {
  readonly type: 'SelectExpression';
  readonly lhs: Node;
  readonly test: Node;
}
/** `x is test` as the package parses it (we rewrite tests into filters before parsing). */
export interface TestNode extends Node {
  readonly type: 'TestExpression';
  readonly operand: Node;
  readonly negate: boolean;
  readonly test: IdentifierNode;
}
/** `not x`, `-x`, `+x`. */
export interface UnaryNode extends Node {
  readonly type: 'UnaryExpression';
  readonly operator: OperatorToken;
  readonly argument: Node;
}
/** `[start:stop:step]` inside a computed member. */
export interface SliceNode extends Node {
  readonly type: 'SliceExpression';
  readonly start?: Node;
  readonly stop?: Node;
  readonly step?: Node;
}
/** `name=value` in a call. */
export interface KeywordArgNode extends Node {
  readonly type: 'KeywordArgumentExpression';
  readonly key: IdentifierNode;
  readonly value: Node;
}
/** `*list` or `**mapping` in a call. */
export interface SpreadNode extends Node {
  readonly argument: Node;
}
/** `a if c else b`. */
export interface TernaryNode extends Node {
  readonly type: 'Ternary';
  readonly condition: Node;
  readonly trueExpr: Node;
  readonly falseExpr: Node;
}

/**
 * Tests (`x is defined`, `x is match('a')`) are rewritten at the token level into filter
 * calls whose names carry this prefix, because the package's parser takes no test arguments.
 * Lexed identifiers are `\w+`, so no template can spell these names itself.
 */
export const TEST_PREFIX = 'is:';
/** As {@link TEST_PREFIX}, for `is not NAME`. */
export const NEGATED_TEST_PREFIX = 'is!';

/** The test a rewritten filter name stands for, or undefined for an ordinary filter. */
export function testOf(filterName: string): { name: string; negate: boolean } | undefined {
  if (filterName.startsWith(TEST_PREFIX)) return { name: filterName.slice(TEST_PREFIX.length), negate: false };
  if (filterName.startsWith(NEGATED_TEST_PREFIX)) return { name: filterName.slice(NEGATED_TEST_PREFIX.length), negate: true };
  return undefined;
}

/** A filter (or rewritten test) node's name and argument nodes. */
export function filterParts(filter: Node): { name: string; args: Node[] } {
  if (filter.type === 'Identifier') return { name: (filter as IdentifierNode).value, args: [] };
  const call = filter as CallNode;
  return { name: (call.callee as IdentifierNode).value, args: call.args };
}

/** The direct child nodes of a node, in evaluation order (operator tokens excluded). */
export function childrenOf(node: Node): Node[] {
  const n = node as unknown as Record<string, unknown>;
  switch (node.type) {
    case 'Program':
      return n.body as Node[];
    case 'If':
      return [n.test as Node, ...(n.body as Node[]), ...(n.alternate as Node[])];
    case 'For':
      return [n.loopvar as Node, n.iterable as Node, ...(n.body as Node[]), ...(n.defaultBlock as Node[])];
    case 'Set':
      return [n.assignee as Node, ...(n.value ? [n.value as Node] : []), ...(n.body as Node[])];
    case 'FilterStatement':
      return [...(n.body as Node[]), n.filter as Node];
    case 'MemberExpression':
      return [n.object as Node, n.property as Node];
    case 'CallExpression':
      return [n.callee as Node, ...(n.args as Node[])];
    case 'ArrayLiteral':
    case 'TupleLiteral':
      return n.value as Node[];
    case 'ObjectLiteral':
      return [...(n.value as Map<Node, Node>)].flat();
    case 'BinaryExpression':
      return [n.left as Node, n.right as Node];
    case 'FilterExpression':
      return [n.operand as Node, n.filter as Node];
    case 'SelectExpression':
      return [n.lhs as Node, n.test as Node];
    case 'TestExpression':
      return [n.operand as Node];
    case 'UnaryExpression':
    case 'SpreadExpression':
    case 'KeywordSpreadExpression':
      return [n.argument as Node];
    case 'SliceExpression':
      return [n.start, n.stop, n.step].filter((x): x is Node => x !== undefined);
    case 'KeywordArgumentExpression':
      return [n.value as Node];
    case 'Ternary':
      return [n.condition as Node, n.trueExpr as Node, n.falseExpr as Node];
    default:
      return [];
  }
}
