/**
 * Renders template bodies: text, `{{ }}` output, `{% if %}`, `{% for %}` (with `loop.*`,
 * `else`, inline `if` filters, `break`/`continue`), `{% set %}` and `{% filter %}` blocks.
 * Output is built under the render's length bound; a template that is one `{{ expr }}`
 * returns the expression's own value (number, list, …) instead of text.
 */
import type { FilterStatementNode, ForNode, Node, SetNode } from './ast.js';
import { filterParts } from './ast.js';
import { type CompiledTemplate, compileTemplate } from './compile.js';
import { applyFilter } from './dispatch.js';
import { TemplateError } from './errors.js';
import { type EvalContext, Frame, observe } from './eval-context.js';
import { evaluate, evaluateArgs, evaluateDefined } from './evaluate.js';
import { truthy } from './py-semantics.js';
import { outputText, pyStr } from './py-text.js';
import type { Scope } from './scope.js';
import { Callable, isMapping, isText, Namespace, textOf, typeName, Undefined } from './values.js';

class LoopControl {
  constructor(readonly kind: 'break' | 'continue') {}
}

/** Renders a template string in `scope`: its typed value when it is one `{{ expr }}`, else text. */
export function renderText(ctx: EvalContext, text: string, scope: Scope): unknown {
  return renderCompiled(ctx, compileTemplate(text), new Frame(scope));
}

/** Renders a compiled template in a frame. */
function renderCompiled(ctx: EvalContext, compiled: CompiledTemplate, frame: Frame): unknown {
  if (compiled.single) {
    const value = evaluate(ctx, compiled.single, frame);
    if (value instanceof Undefined) value.fail();
    if (value instanceof Callable) pyStr(value);
    return value;
  }
  const out = { text: '' };
  renderBody(ctx, compiled.program.body, frame, out);
  return keepTrailingNewlines(out.text, compiled.trailingNewlines);
}

/** Ansible keeps a template's trailing newlines, which Jinja's `trim_blocks` may have eaten. */
function keepTrailingNewlines(text: string, wanted: number): string {
  let have = 0;
  for (let i = text.length - 1; i >= 0 && text[i] === '\n'; i--) have++;
  return have < wanted ? text + '\n'.repeat(wanted - have) : text;
}

interface Output {
  text: string;
}

function emit(ctx: EvalContext, out: Output, text: string): void {
  ctx.budget.checkLength(out.text.length + text.length);
  out.text += text;
}

function renderBody(ctx: EvalContext, nodes: readonly Node[], frame: Frame, out: Output): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'Comment':
        break;
      case 'StringLiteral':
        emit(ctx, out, node.value);
        break;
      case 'If': {
        const branch = node;
        renderBody(ctx, truthy(evaluate(ctx, branch.test, frame)) ? branch.body : branch.alternate, frame, out);
        break;
      }
      case 'For':
        renderFor(ctx, node, frame, out);
        break;
      case 'Set':
        assign(ctx, node, frame);
        break;
      case 'FilterStatement':
        emit(ctx, out, filterBlock(ctx, node, frame));
        break;
      case 'Break':
        throw new LoopControl('break');
      case 'Continue':
        throw new LoopControl('continue');
      default:
        emit(ctx, out, outputText(observe(ctx, evaluate(ctx, node, frame))));
    }
  }
}

function filterBlock(ctx: EvalContext, node: FilterStatementNode, frame: Frame): string {
  const inner = { text: '' };
  renderBody(ctx, node.body, frame, inner);
  const { name, args } = filterParts(node.filter);
  return outputText(applyFilter(ctx, name, inner.text, evaluateArgs(ctx, args, frame, false)));
}

function renderFor(ctx: EvalContext, node: ForNode, frame: Frame, out: Output): void {
  const select = node.iterable.type === 'SelectExpression' ? node.iterable : undefined;
  const all = iterate(evaluateDefined(ctx, select ? select.lhs : node.iterable, frame));
  const items = select
    ? all.filter((item) => {
        const probe = frame.child();
        bind(node.loopvar, item, probe);
        return truthy(evaluate(ctx, select.test, probe));
      })
    : all;
  for (let i = 0; i < items.length; i++) {
    ctx.budget.step();
    const iteration = frame.child();
    iteration.set('loop', loopInfo(items, i));
    bind(node.loopvar, items[i], iteration);
    try {
      renderBody(ctx, node.body, iteration, out);
    } catch (control) {
      if (!(control instanceof LoopControl)) throw control;
      if (control.kind === 'break') break;
    }
  }
  if (items.length === 0) renderBody(ctx, node.defaultBlock, frame, out);
}

/** What `for` iterates: list items, mapping keys, string characters. */
function iterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (isMapping(value)) return Object.keys(value);
  if (isText(value)) return Array.from(textOf(value));
  throw new TemplateError(`'${typeName(value)}' object is not iterable`);
}

function loopInfo(items: readonly unknown[], i: number): Record<string, unknown> {
  const n = items.length;
  const info: Record<string, unknown> = {
    index: i + 1,
    index0: i,
    revindex: n - i,
    revindex0: n - i - 1,
    first: i === 0,
    last: i === n - 1,
    length: n,
    depth: 1,
    depth0: 0,
    cycle: new Callable('cycle', (args) => args.positional[i % Math.max(1, args.positional.length)] ?? null),
  };
  if (i > 0) info.previtem = items[i - 1];
  if (i < n - 1) info.nextitem = items[i + 1];
  return info;
}

/** Binds a loop or `set` target: a name, or a tuple unpacking a list. */
function bind(target: Node, value: unknown, frame: Frame): void {
  if (target.type === 'Identifier') {
    frame.set(target.value, value);
    return;
  }
  if (target.type !== 'TupleLiteral') throw new TemplateError(`cannot assign to ${target.type}`);
  const names = target.value;
  const values = Array.isArray(value) ? value : isText(value) ? Array.from(textOf(value)) : undefined;
  if (!values || values.length !== names.length) {
    throw new TemplateError(`cannot unpack ${typeName(value)} into ${names.length} names`);
  }
  for (const [i, name] of names.entries()) bind(name, values[i], frame);
}

function assign(ctx: EvalContext, node: SetNode, frame: Frame): void {
  let value: unknown;
  if (node.value) value = evaluate(ctx, node.value, frame);
  else {
    const inner = { text: '' };
    renderBody(ctx, node.body, frame, inner);
    value = inner.text;
  }
  if (node.assignee.type !== 'MemberExpression') {
    bind(node.assignee, value, frame);
    return;
  }
  const target = node.assignee;
  const object = evaluate(ctx, target.object, frame);
  if (!(object instanceof Namespace) || target.property.type !== 'Identifier') {
    throw new TemplateError('only a namespace() accepts attribute assignment');
  }
  object.attrs.set(target.property.value, value);
}
