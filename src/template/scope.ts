/**
 * Where templates find their variables: a stack of layers, highest precedence on top, as
 * Ansible layers inventory vars, play vars, vars files, task vars, registered results and
 * extra vars. Each layer says how far its values are trusted:
 *
 * - `template` (inventory, play vars, vars_files, extra vars): a string value that holds
 *   `{{ … }}` is rendered when the variable is referenced (lazily, as Ansible does), and so
 *   are strings nested in its lists and mappings. Rendering recurses through other
 *   variables, with a depth bound and a {@link VariableLoopError} on a self-reference.
 * - `data` (values the runner already rendered: loop items, `set_fact` results): used as they
 *   are, never rendered again.
 * - `unsafe` (facts, registered results, anything read from a host): never rendered, and any
 *   template that touches such a value produces an unsafe result (see mark-unsafe.ts), so
 *   host data stays data however it is copied around. Marking a whole layer unsafe costs
 *   nothing per value; `markUnsafe(value)` does the same for a single value in any layer.
 *
 * {@link UnsafeText} values are never rendered, whatever their layer.
 */

/** Variables by name, as plain data. */
export type Vars = Readonly<Record<string, unknown>>;

/** How a layer's values are treated: see the module documentation. */
export type Trust = 'template' | 'data' | 'unsafe';

/** One source of variables. */
export interface VarLayer {
  readonly vars: Vars;
  readonly trust: Trust;
}

/** An immutable stack of variable layers; `with` makes a new scope sharing the ones below. */
export class Scope {
  private constructor(
    private readonly layer: VarLayer | undefined,
    private readonly below: Scope | undefined,
  ) {}

  /** An empty scope. */
  static readonly EMPTY = new Scope(undefined, undefined);

  /** Builds a scope from layers given lowest precedence first (the order Ansible documents them). */
  static layered(layers: Iterable<VarLayer>): Scope {
    let scope = Scope.EMPTY;
    for (const layer of layers) scope = scope.with(layer.vars, layer.trust);
    return scope;
  }

  /** A scope of plain variables (one `template` layer), or the scope itself. */
  static from(source: Vars | Scope): Scope {
    return source instanceof Scope ? source : Scope.EMPTY.with(source, 'template');
  }

  /** A new scope with `vars` on top: they win over every layer below. O(1). */
  with(vars: Vars, trust: Trust = 'template'): Scope {
    return new Scope({ vars, trust }, this.layer ? this : undefined);
  }

  /** The top-most layer defining `name` (as an own property), if any. */
  layerOf(name: string): VarLayer | undefined {
    for (let s: Scope | undefined = this; s?.layer; s = s.below) {
      if (Object.hasOwn(s.layer.vars, name)) return s.layer;
    }
    return undefined;
  }

  /** Whether any layer defines `name`. */
  has(name: string): boolean {
    return this.layerOf(name) !== undefined;
  }

  /** Every defined name (for "did you mean" hints). */
  names(): string[] {
    const names = new Set<string>();
    for (let s: Scope | undefined = this; s?.layer; s = s.below) {
      for (const name of Object.keys(s.layer.vars)) names.add(name);
    }
    return [...names];
  }
}
