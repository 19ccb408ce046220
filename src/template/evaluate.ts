/**
 * The expression evaluator: @huggingface/jinja's parse tree, evaluated over plain JavaScript
 * data with Python's semantics. Only variables, template locals, a few globals and the
 * whitelisted attributes of attributes.ts are reachable; every node visited counts against
 * the render's {@link Budget}.
 */

import { isPyNumber, pyFloat } from '../python/py-number.js';
import type {
  BinaryNode,
  CallNode,
  FilterNode,
  LiteralNode,
  MemberNode,
  Node,
  ObjectLiteralNode,
  SliceNode,
  TernaryNode,
  UnaryNode,
} from './ast.js';
import { filterParts, testOf } from './ast.js';
import { getAttribute } from './attributes.js';
import { applyFilter, runTest, takesUndefinedArgs } from './dispatch.js';
import { TemplateError } from './errors.js';
import { type EvalContext, type Frame, NOT_FOUND, observe } from './eval-context.js';
import { GLOBALS } from './globals.js';
import { binaryOp } from './operators.js';
import { negate, positive } from './py-arithmetic.js';
import { truthy } from './py-semantics.js';
import { pyStr } from './py-text.js';
import { resolveVariable } from './resolve.js';
import { Scope } from './scope.js';
import { ONE_ITEM_TUPLE } from './tokens.js';
import {
  asTuple,
  type CallArgs,
  Callable,
  isText,
  type Mapping,
  mappingFrom,
  OMIT,
  setKey,
  textOf,
  typeName,
  Undefined,
} from './values.js';

/** Evaluates an expression to a value; a variable scope used as a value becomes a mapping. */
export function evaluate(ctx: EvalContext, node: Node, frame: Frame): unknown {
  const value = evaluateRaw(ctx, node, frame);
  return value instanceof Scope ? materialize(ctx, value) : value;
}

/** Evaluates, failing on undefined: for operands that are used, not just tested. */
export function evaluateDefined(ctx: EvalContext, node: Node, frame: Frame): unknown {
  const value = evaluate(ctx, node, frame);
  if (value instanceof Undefined) value.fail();
  return value;
}

function evaluateRaw(ctx: EvalContext, node: Node, frame: Frame): unknown {
  ctx.budget.step();
  ctx.budget.enter();
  try {
    return dispatch(ctx, node, frame);
  } finally {
    ctx.budget.leave();
  }
}

function dispatch(ctx: EvalContext, node: Node, frame: Frame): unknown {
  switch (node.type) {
    case 'IntegerLiteral':
    case 'StringLiteral':
      return node.value;
    // `1.0` must stay a float: whole floats are boxed (py-number.ts).
    case 'FloatLiteral':
      return pyFloat(node.value);
    case 'Identifier':
      return identifier(ctx, node.value, frame);
    case 'MemberExpression':
      return member(ctx, node, frame);
    case 'CallExpression':
      return call(ctx, node, frame);
    case 'FilterExpression':
      return filter(ctx, node, frame);
    case 'BinaryExpression':
      return binary(ctx, node, frame);
    case 'UnaryExpression':
      return unary(ctx, node, frame);
    case 'Ternary':
      return ternary(ctx, node, frame);
    case 'SelectExpression': {
      const select = node;
      // `a if c` without else: Ansible renders nothing.
      return truthy(evaluate(ctx, select.test, frame)) ? evaluate(ctx, select.lhs, frame) : '';
    }
    case 'ArrayLiteral':
    case 'TupleLiteral': {
      let items = node.value;
      const last = items.at(-1);
      // `(x,)`: tokens.ts marked the one-item tuple's end.
      if (last?.type === 'StringLiteral' && last.value === ONE_ITEM_TUPLE) items = items.slice(0, -1);
      ctx.budget.checkItems(items.length);
      const values = items.map((item) => evaluateDefined(ctx, item, frame));
      return node.type === 'TupleLiteral' ? asTuple(values) : values;
    }
    case 'ObjectLiteral':
      return objectLiteral(ctx, node, frame);
    default:
      throw new TemplateError(`unsupported expression: ${node.type}`);
  }
}

function identifier(ctx: EvalContext, name: string, frame: Frame): unknown {
  switch (name) {
    case 'true':
    case 'True':
      return true;
    case 'false':
    case 'False':
      return false;
    case 'none':
    case 'None':
      return null;
  }
  const local = frame.lookup(name);
  if (local !== NOT_FOUND) return local;
  const variable = resolveVariable(ctx, frame.scope, name);
  if (variable !== NOT_FOUND) return variable;
  if (name === 'omit') return OMIT;
  return GLOBALS.get(name) ?? new Undefined(name);
}

function member(ctx: EvalContext, node: MemberNode, frame: Frame): unknown {
  const object = evaluateRaw(ctx, node.object, frame);
  if (node.computed && node.property.type === 'SliceExpression') {
    return slice(ctx, object instanceof Scope ? materialize(ctx, object) : object, node.property, frame);
  }
  const key = node.computed ? evaluateDefined(ctx, node.property, frame) : (node.property as LiteralNode<unknown>).value;
  if (object instanceof Scope) {
    const found = isText(key) ? resolveVariable(ctx, object, textOf(key)) : NOT_FOUND;
    return found === NOT_FOUND ? new Undefined(pathOf(node)) : found;
  }
  return observe(
    ctx,
    getAttribute(object, key, node.computed, () => pathOf(node)),
  );
}

/** Reads `key` of a value as `value.key` would, for filters (`map(attribute=…)`, `extract`). */
export function attributeOf(ctx: EvalContext, value: unknown, key: unknown, path: () => string): unknown {
  if (value instanceof Scope) {
    const found = isText(key) ? resolveVariable(ctx, value, textOf(key)) : NOT_FOUND;
    return found === NOT_FOUND ? new Undefined(path()) : found;
  }
  return observe(ctx, getAttribute(value, key, true, path));
}

function call(ctx: EvalContext, node: CallNode, frame: Frame): unknown {
  const callee = evaluate(ctx, node.callee, frame);
  if (callee instanceof Undefined) callee.fail();
  if (!(callee instanceof Callable)) throw new TemplateError(`'${pathOf(node.callee)}' is not callable (it is ${typeName(callee)})`);
  return observe(ctx, callee.call(evaluateArgs(ctx, node.args, frame, false), ctx.budget));
}

/** Evaluates call arguments: positional, `name=value`, `*list` and `**mapping`. */
export function evaluateArgs(ctx: EvalContext, nodes: readonly Node[], frame: Frame, allowUndefined: boolean): CallArgs {
  const args: CallArgs = { positional: [], keywords: {} };
  const one = (n: Node) => (allowUndefined ? evaluate(ctx, n, frame) : evaluateDefined(ctx, n, frame));
  for (const node of nodes) {
    if (node.type === 'KeywordArgumentExpression') {
      const kw = node;
      setKey(args.keywords, kw.key.value, one(kw.value));
    } else if (node.type === 'SpreadExpression') {
      const items = one(node.argument);
      if (!Array.isArray(items)) throw new TemplateError(`*arguments must be a list, not ${typeName(items)}`);
      args.positional.push(...items);
    } else if (node.type === 'KeywordSpreadExpression') {
      const map = one(node.argument);
      if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new TemplateError('**arguments must be a mapping');
      for (const key of Object.keys(map)) setKey(args.keywords, key, (map as Mapping)[key]);
    } else {
      args.positional.push(one(node));
    }
  }
  return args;
}

function filter(ctx: EvalContext, node: FilterNode, frame: Frame): unknown {
  const { name, args } = filterParts(node.filter);
  const operand = evaluate(ctx, node.operand, frame);
  const test = testOf(name);
  const callArgs = evaluateArgs(ctx, args, frame, test ? false : takesUndefinedArgs(name));
  if (test) return runTest(ctx, test.name, operand, callArgs) !== test.negate;
  return observe(ctx, applyFilter(ctx, name, operand, callArgs));
}

function binary(ctx: EvalContext, node: BinaryNode, frame: Frame): unknown {
  const op = node.operator.value;
  const left = evaluateDefined(ctx, node.left, frame);
  if (op === 'and') return truthy(left) ? evaluateDefined(ctx, node.right, frame) : left;
  if (op === 'or') return truthy(left) ? left : evaluateDefined(ctx, node.right, frame);
  return binaryOp(op, left, evaluateDefined(ctx, node.right, frame), ctx.budget);
}

function unary(ctx: EvalContext, node: UnaryNode, frame: Frame): unknown {
  const value = evaluateDefined(ctx, node.argument, frame);
  if (node.operator.value === 'not') return !truthy(value);
  const n = node.operator.value === '-' ? negate(value) : positive(value);
  if (n === undefined) throw new TemplateError(`bad operand type for unary ${node.operator.value}: '${typeName(value)}'`);
  return n;
}

function ternary(ctx: EvalContext, node: TernaryNode, frame: Frame): unknown {
  return truthy(evaluate(ctx, node.condition, frame)) ? evaluate(ctx, node.trueExpr, frame) : evaluate(ctx, node.falseExpr, frame);
}

function objectLiteral(ctx: EvalContext, node: ObjectLiteralNode, frame: Frame): Mapping {
  const entries: Array<[string, unknown]> = [];
  for (const [keyNode, valueNode] of node.value) {
    const key = evaluateDefined(ctx, keyNode, frame);
    if (!isText(key) && !isPyNumber(key)) throw new TemplateError(`mapping keys must be strings or numbers, not ${typeName(key)}`);
    entries.push([isText(key) ? textOf(key) : pyStr(key), evaluateDefined(ctx, valueNode, frame)]);
  }
  return mappingFrom(entries);
}

function slice(ctx: EvalContext, object: unknown, node: SliceNode, frame: Frame): unknown {
  if (object instanceof Undefined) object.fail();
  const bound = (n: Node | undefined): number | undefined => {
    if (!n) return undefined;
    const v = evaluateDefined(ctx, n, frame);
    if (v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new TemplateError('slice indices must be integers or none');
    return v;
  };
  const [start, stop, step] = [bound(node.start), bound(node.stop), bound(node.step) ?? 1];
  if (step === 0) throw new TemplateError('slice step cannot be zero');
  const items = isText(object) ? Array.from(textOf(object)) : object;
  if (!Array.isArray(items)) throw new TemplateError(`cannot slice ${typeName(object)}`);
  const picked = sliceIndices(items.length, start, stop, step).map((i) => items[i]);
  return isText(object) ? picked.join('') : picked;
}

/** Python's slice semantics: clamped bounds, negative indices from the end, any step. */
function sliceIndices(length: number, start: number | undefined, stop: number | undefined, step: number): number[] {
  const clamp = (i: number, low: number, high: number) => Math.min(Math.max(i < 0 ? i + length : i, low), high);
  const out: number[] = [];
  if (step > 0) {
    for (
      let i = start === undefined ? 0 : clamp(start, 0, length), end = stop === undefined ? length : clamp(stop, 0, length);
      i < end;
      i += step
    )
      out.push(i);
  } else {
    for (
      let i = start === undefined ? length - 1 : clamp(start, -1, length - 1), end = stop === undefined ? -1 : clamp(stop, -1, length - 1);
      i > end;
      i += step
    )
      out.push(i);
  }
  return out;
}

/** Every variable of a scope, resolved: what `{{ hostvars['web1'] }}` shows. */
function materialize(ctx: EvalContext, scope: Scope): Mapping {
  const out: Mapping = {};
  for (const name of scope.names()) setKey(out, name, resolveVariable(ctx, scope, name));
  return out;
}

/** A readable path for a node, for undefined-variable errors: `result.stdout`, `hosts[0]`. */
function pathOf(node: Node): string {
  if (node.type === 'Identifier') return node.value;
  if (node.type !== 'MemberExpression') return '(expression)';
  const m = node;
  const base = pathOf(m.object);
  const prop = m.property as LiteralNode<unknown>;
  if (!m.computed) return `${base}.${String(prop.value)}`;
  if (m.property.type === 'StringLiteral') {
    const key = String(prop.value);
    return /^[A-Za-z_]\w*$/.test(key) ? `${base}.${key}` : `${base}['${key}']`;
  }
  if (m.property.type === 'IntegerLiteral') return `${base}[${String(prop.value)}]`;
  return `${base}[${pathOf(m.property)}]`;
}
