/**
 * The shape of @huggingface/jinja's parse tree, as our evaluator and checks read it. The
 * package does not export its AST classes through its `exports` map, so we describe the nodes
 * structurally here; every node carries its class's `type` string.
 */

/** What every node has: its class's name. */
export interface NodeBase {
  readonly type: string;
}

/** A lexer token kept on operator nodes (`+`, `and`, `not in`, …). */
export interface OperatorToken {
  readonly value: string;
  readonly type: string;
}

/** The whole template: text and tags in order. */
export interface Program extends NodeBase {
  readonly type: 'Program';
  readonly body: Node[];
}
/** `{% if %}…{% elif %}…{% else %}…{% endif %}` (an `elif` is a nested If in `alternate`). */
export interface IfNode extends NodeBase {
  readonly type: 'If';
  readonly test: Node;
  readonly body: Node[];
  readonly alternate: Node[];
}
/** `{% for x in xs [if cond] %}…{% else %}…{% endfor %}`. */
export interface ForNode extends NodeBase {
  readonly type: 'For';
  readonly loopvar: Node;
  readonly iterable: Node;
  readonly body: Node[];
  readonly defaultBlock: Node[];
}
/** `{% set x = v %}`, or a `{% set x %}…{% endset %}` block when `value` is null. */
export interface SetNode extends NodeBase {
  readonly type: 'Set';
  readonly assignee: Node;
  readonly value: Node | null;
  readonly body: Node[];
}
/** `{% filter name %}…{% endfilter %}`. */
export interface FilterStatementNode extends NodeBase {
  readonly type: 'FilterStatement';
  readonly filter: Node;
  readonly body: Node[];
}
/** `a.b` (`computed` false) or `a[b]`. */
export interface MemberNode extends NodeBase {
  readonly type: 'MemberExpression';
  readonly object: Node;
  readonly property: Node;
  readonly computed: boolean;
}
/** `f(args)`; also a filter with arguments (`| name(args)`). */
export interface CallNode extends NodeBase {
  readonly type: 'CallExpression';
  readonly callee: Node;
  readonly args: Node[];
}
/** A name: a variable, or a filter or test name in a filter position. */
export interface IdentifierNode extends NodeBase {
  readonly type: 'Identifier';
  readonly value: string;
}
/** Numbers, strings (template text too), and the item lists of list and tuple literals. */
export interface LiteralNode<T> extends NodeBase {
  readonly value: T;
}
/** `1`, `1.5` (the package's lexer tells integers from floats). */
export interface NumericLiteralNode extends LiteralNode<number> {
  readonly type: 'NumericLiteral' | 'IntegerLiteral' | 'FloatLiteral';
}
/** `'text'`, and the text between tags. */
export interface StringLiteralNode extends LiteralNode<string> {
  readonly type: 'StringLiteral';
}
/** `[a, b]` and `(a, b)`. */
export interface ListLiteralNode extends LiteralNode<Node[]> {
  readonly type: 'ArrayLiteral' | 'TupleLiteral';
}
/** `{'k': v}`. */
export interface ObjectLiteralNode extends NodeBase {
  readonly type: 'ObjectLiteral';
  readonly value: Map<Node, Node>;
}
/** `a op b`, including `and`, `or`, `in`, `not in` and `~`. */
export interface BinaryNode extends NodeBase {
  readonly type: 'BinaryExpression';
  readonly operator: OperatorToken;
  readonly left: Node;
  readonly right: Node;
}
/** `operand | filter`, and tests after our rewrite (see {@link TEST_PREFIX}). */
export interface FilterNode extends NodeBase {
  readonly type: 'FilterExpression';
  readonly operand: Node;
  readonly filter: Node;
}
/** `a if c` without `else`, and the `if` filter of a for loop. */
export interface SelectNode extends NodeBase {
  readonly type: 'SelectExpression';
  readonly lhs: Node;
  readonly test: Node;
}
/** `x is test` as the package parses it (we rewrite tests into filters before parsing). */
export interface TestNode extends NodeBase {
  readonly type: 'TestExpression';
  readonly operand: Node;
  readonly negate: boolean;
  readonly test: IdentifierNode;
}
/** `not x`, `-x`, `+x`. */
export interface UnaryNode extends NodeBase {
  readonly type: 'UnaryExpression';
  readonly operator: OperatorToken;
  readonly argument: Node;
}
/** `[start:stop:step]` inside a computed member. */
export interface SliceNode extends NodeBase {
  readonly type: 'SliceExpression';
  readonly start?: Node;
  readonly stop?: Node;
  readonly step?: Node;
}
/** `name=value` in a call. */
export interface KeywordArgNode extends NodeBase {
  readonly type: 'KeywordArgumentExpression';
  readonly key: IdentifierNode;
  readonly value: Node;
}
/** `*list` or `**mapping` in a call. */
export interface SpreadNode extends NodeBase {
  readonly type: 'SpreadExpression' | 'KeywordSpreadExpression';
  readonly argument: Node;
}
/** Nodes certbook never looks inside: loop control, comments, and what the sandbox refuses. */
export interface OpaqueNode extends NodeBase {
  readonly type: 'Break' | 'Continue' | 'Comment' | 'Macro' | 'CallStatement';
}

/**
 * Any node of the tree, as a union on `type`: a `switch (node.type)` narrows it to the node's
 * own fields, so the evaluator and the checks read them without casts.
 */
export type Node =
  | Program
  | IfNode
  | ForNode
  | SetNode
  | FilterStatementNode
  | MemberNode
  | CallNode
  | IdentifierNode
  | NumericLiteralNode
  | StringLiteralNode
  | ListLiteralNode
  | ObjectLiteralNode
  | BinaryNode
  | FilterNode
  | SelectNode
  | TestNode
  | UnaryNode
  | SliceNode
  | KeywordArgNode
  | SpreadNode
  | TernaryNode
  | OpaqueNode;
/** `a if c else b`. */
export interface TernaryNode extends NodeBase {
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
  if (filter.type === 'Identifier') return { name: filter.value, args: [] };
  const call = filter as CallNode;
  return { name: (call.callee as IdentifierNode).value, args: call.args };
}

/** The direct child nodes of a node, in evaluation order (operator tokens excluded). */
export function childrenOf(node: Node): Node[] {
  switch (node.type) {
    case 'Program':
      return node.body;
    case 'If':
      return [node.test, ...node.body, ...node.alternate];
    case 'For':
      return [node.loopvar, node.iterable, ...node.body, ...node.defaultBlock];
    case 'Set':
      return [node.assignee, ...(node.value ? [node.value] : []), ...node.body];
    case 'FilterStatement':
      return [...node.body, node.filter];
    case 'MemberExpression':
      return [node.object, node.property];
    case 'CallExpression':
      return [node.callee, ...node.args];
    case 'ArrayLiteral':
    case 'TupleLiteral':
      return node.value;
    case 'ObjectLiteral':
      return [...node.value].flat();
    case 'BinaryExpression':
      return [node.left, node.right];
    case 'FilterExpression':
      return [node.operand, node.filter];
    case 'SelectExpression':
      return [node.lhs, node.test];
    case 'TestExpression':
      return [node.operand];
    case 'UnaryExpression':
    case 'SpreadExpression':
    case 'KeywordSpreadExpression':
      return [node.argument];
    case 'SliceExpression':
      return [node.start, node.stop, node.step].filter((x): x is Node => x !== undefined);
    case 'KeywordArgumentExpression':
      return [node.value];
    case 'Ternary':
      return [node.condition, node.trueExpr, node.falseExpr];
    default:
      return [];
  }
}
