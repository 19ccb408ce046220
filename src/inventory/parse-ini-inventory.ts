/**
 * One INI inventory file into the inventory data, following ansible-core 2.14's `ini` inventory
 * plugin line by line: lines before any section are hosts of `ungrouped`; `[group]` holds host
 * lines, `[group:children]` group names, `[group:vars]` one `name=value` per line; blank lines
 * and lines starting with `#` or `;` are skipped. Every value goes through `literal_eval`, in
 * host lines and in `:vars` sections alike (so `[web:vars] port=8080` is the number 8080 and
 * `x=hello # note` is the text `hello # note`).
 *
 * A group named under `[parent:children]` before its own section is linked when that section
 * comes; a child, or a `[group:vars]`, whose group never gets a `[group]` or `[group:children]`
 * section in the same file is an error, as in Ansible. Where Ansible stops at the first error,
 * certbook records a positioned problem and reads on, so one pass shows every mistake.
 */
import { closest, didYouMean } from '../errors/suggest.js';
import { groupPriority } from './group-priority.js';
import { setHostVars } from './host-var-target.js';
import { type IniLine, lineProblem, parseHostLine, parseIniValue } from './ini-host-line.js';
import { PY_SPACE, pyStrip } from './ini-text.js';
import { groupNameWarning } from './names.js';
import type { InventoryParseContext } from './parse-yaml-inventory.js';

const KINDS = ['hosts', 'children', 'vars'] as const;
type Kind = (typeof KINDS)[number];

// Ansible's patterns, with Python's whitespace and Unicode `\w`.
const SECTION = new RegExp(String.raw`^\[([^:\]${PY_SPACE}]+)(?::([\p{L}\p{N}_]+))?\][${PY_SPACE}]*(?:#.*)?$`, 'u');
const GROUP_NAME = new RegExp(String.raw`^([^:\]${PY_SPACE}]+)[${PY_SPACE}]*(?:#.*)?$`, 'u');

interface Reference {
  group: string;
  line: IniLine;
  col: number;
}

/** A group used before any section declares it (Ansible's `pending_declarations`). */
interface Pending {
  kind: 'vars' | 'children';
  at: Reference;
  /** For `children`: the groups that list it, in order. */
  parents: Reference[];
}

/** "did you mean `children`?" for a typo (`vras`) or a shortening (`child`) of a section type. */
function suggestKind(kind: string): string | undefined {
  const prefixed = KINDS.find((k) => k.startsWith(kind.toLowerCase()) || kind.toLowerCase().startsWith(k));
  return didYouMean(kind, KINDS) ?? (prefixed ? `did you mean \`${prefixed}\`?` : undefined);
}

/** Reads the lines of an INI inventory file (shown as `file`) into `ctx.data`. */
export function parseIniInventory(lines: readonly string[], file: string, ctx: InventoryParseContext): void {
  new IniReader(file, ctx).read(lines);
}

class IniReader {
  private group = 'ungrouped';
  private kind: Kind | 'skip' = 'hosts';
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly file: string,
    private readonly ctx: InventoryParseContext,
  ) {}

  read(lines: readonly string[]): void {
    let meaningful = false;
    lines.forEach((raw, index) => {
      const line: IniLine = { file: this.file, number: index + 1, raw };
      let text = raw;
      if (index === 0 && raw.startsWith('\ufeff')) {
        // Python keeps the mark as part of the first line, and Ansible then misreads it.
        this.ctx.problems.add(
          lineProblem(
            line,
            1,
            'INVENTORY_SHAPE',
            'the file starts with a byte-order mark (U+FEFF), which Ansible reads as part of the first line',
            'save the file as UTF-8 without a BOM',
          ),
        );
        text = raw.slice(1);
      }
      const { text: stripped, offset } = pyStrip(text);
      if (!stripped || stripped.startsWith('#') || stripped.startsWith(';')) return;
      meaningful = true;
      this.line(stripped, offset + raw.length - text.length, line);
    });
    if (!meaningful) {
      this.ctx.problems.add({
        code: 'INVENTORY_SHAPE',
        message: 'the inventory file is empty',
        pos: { file: this.file, line: 1, col: 1 },
        sourceLine: lines[0] ?? '',
        hint: 'list hosts one per line under a `[group]` header',
      });
    }
    this.reportPending();
  }

  private line(text: string, offset: number, line: IniLine): void {
    const section = SECTION.exec(text);
    if (section) {
      this.section(section[1]!, section[2] ?? 'hosts', line, offset + 1);
      return;
    }
    if (text.startsWith('[') && text.endsWith(']')) {
      this.ctx.problems.add(
        lineProblem(
          line,
          offset + 1,
          'INVENTORY_SHAPE',
          `\`${text}\` is not a valid section header`,
          'a header is `[group]`, `[group:children]` or `[group:vars]`, with no spaces and no other `:` or `]`',
        ),
      );
      this.kind = 'skip';
      return;
    }
    if (this.kind === 'hosts') this.hostLine(text, offset, line);
    else if (this.kind === 'vars') this.varLine(text, offset, line);
    else if (this.kind === 'children') this.childLine(text, offset, line);
  }

  private section(name: string, kind: string, line: IniLine, col: number): void {
    if (!(KINDS as readonly string[]).includes(kind)) {
      this.ctx.problems.add(
        lineProblem(
          line,
          col,
          'INVENTORY_SHAPE',
          `section [${name}:${kind}] has an unknown type \`${kind}\``,
          suggestKind(kind) ?? 'a header is `[group]`, `[group:children]` or `[group:vars]`',
        ),
      );
      this.kind = 'skip';
      return;
    }
    const { data } = this.ctx;
    if (!data.groups.has(name)) {
      // `[g:vars]` may come before `[g]`, but some section must declare the group in the end.
      if (kind === 'vars' && !this.pending.has(name)) this.pending.set(name, { kind: 'vars', at: { group: name, line, col }, parents: [] });
      data.addGroup(name, { file: this.file, line: line.number, col: col + 1 });
      const warning = groupNameWarning(name);
      if (warning) this.ctx.warnings.push(lineProblem(line, col + 1, 'INVALID_NAME', warning.message, warning.hint));
    }
    const pending = this.pending.get(name);
    if (pending && kind !== 'vars') {
      if (pending.kind === 'children') this.linkPendingChild(name);
      else this.pending.delete(name);
    }
    this.group = name;
    this.kind = kind as Kind;
  }

  private hostLine(text: string, offset: number, line: IniLine): void {
    const definition = parseHostLine(text, offset, line, this.ctx.problems);
    if (!definition) return;
    for (const host of definition.hosts) {
      const record = this.ctx.data.addHost(host, this.group, definition.port, {
        source: this.ctx.sourcePath,
        pos: definition.pos,
        line: line.raw,
      });
      setHostVars(this.ctx.data, record, definition.vars, this.ctx.warnings, this.ctx.problems);
    }
  }

  private varLine(text: string, offset: number, line: IniLine): void {
    const eq = text.indexOf('=');
    if (eq < 0) {
      this.ctx.problems.add(
        lineProblem(
          line,
          offset + 1,
          'INVENTORY_SHAPE',
          `a [${this.group}:vars] line must be \`name=value\``,
          'write one `name=value` per line; hosts go in a `[group]` section',
        ),
      );
      return;
    }
    const name = pyStrip(text.slice(0, eq)).text;
    const valueText = pyStrip(text.slice(eq + 1)).text;
    const col = offset + 1;
    const value = parseIniValue(name, valueText, line, col, this.ctx.problems);
    if (!value.ok) return;
    const group = this.ctx.data.groups.get(this.group)!;
    if (name === 'ansible_group_priority') {
      const priority = groupPriority(value.value);
      if (priority === undefined) {
        this.ctx.problems.add(
          lineProblem(
            line,
            col,
            'WRONG_TYPE',
            `\`ansible_group_priority\` of group \`${this.group}\` must be an integer`,
            'use a whole number such as 10',
          ),
        );
      } else group.priority = priority;
      return;
    }
    if (typeof value.value === 'string' && new RegExp(`[${PY_SPACE}][#;]`).test(value.value)) {
      this.ctx.warnings.push(
        lineProblem(
          line,
          col,
          'INVENTORY_SHAPE',
          `the value of \`${name}\` keeps the text after \`#\` or \`;\`: in a :vars section a comment only ends a value that is a number, a quoted string, a list or a dict`,
          'put the comment on a line of its own, or quote the value',
        ),
      );
    }
    group.vars.set(name, { value: value.value, origin: { file: this.file, line: line.number, col }, line: line.raw });
  }

  private childLine(text: string, offset: number, line: IniLine): void {
    const m = GROUP_NAME.exec(text);
    const col = offset + 1;
    if (!m) {
      this.ctx.problems.add(
        lineProblem(
          line,
          col,
          'INVENTORY_SHAPE',
          `a [${this.group}:children] line must be one group name`,
          'write one group name per line, without spaces, `:` or `]`; hosts go in a `[group]` section',
        ),
      );
      return;
    }
    const child = m[1]!;
    const reference: Reference = { group: this.group, line, col };
    if (this.ctx.data.groups.has(child)) {
      this.link(reference, child);
      return;
    }
    const pending = this.pending.get(child);
    if (pending) pending.parents.push(reference);
    else this.pending.set(child, { kind: 'children', at: reference, parents: [reference] });
  }

  /** Links a child group that was listed before it was declared (Ansible's `_add_pending_children`). */
  private linkPendingChild(name: string): void {
    const pending = this.pending.get(name)!;
    this.pending.delete(name);
    for (const parent of pending.parents) {
      this.link(parent, name);
      if (this.pending.get(parent.group)?.kind === 'children') this.linkPendingChild(parent.group);
    }
  }

  private link(parent: Reference, child: string): void {
    const { problems, data } = this.ctx;
    if (child === 'all') {
      problems.add(
        lineProblem(
          parent.line,
          parent.col,
          'GROUP_CYCLE',
          `group \`all\` cannot be a child of \`${parent.group}\``,
          '`all` already contains every group',
        ),
      );
      return;
    }
    const result = data.addChild(parent.group, child);
    if (!result.ok) {
      const loop = result.loop.map((g) => `\`${g}\``).join(' contains ');
      problems.add(
        lineProblem(
          parent.line,
          parent.col,
          'GROUP_CYCLE',
          `making \`${child}\` a child of \`${parent.group}\` closes a loop: ${loop}`,
          'remove one of these children entries',
        ),
      );
    }
  }

  /** Every group still undeclared at the end of the file (Ansible reports the first). */
  private reportPending(): void {
    const known = [...this.ctx.data.groups.keys()];
    for (const [name, pending] of this.pending) {
      const { line, col, group } = pending.at;
      const declare = `add a \`[${name}]\` section, even an empty one`;
      // Only a typo of a declared group is worth suggesting; `[x:vars]` alone declares nothing.
      const near =
        name.length > 2
          ? closest(
              name,
              known.filter((g) => g !== name && !this.pending.has(g)),
            )
          : undefined;
      const hint = near ? `did you mean \`${near}\`? Otherwise ${declare}` : declare;
      if (pending.kind === 'vars') {
        this.ctx.problems.add(
          lineProblem(
            line,
            col,
            'INVENTORY_SHAPE',
            `section [${name}:vars] is for group \`${name}\`, which no section of this file declares`,
            `${hint}: Ansible accepts [${name}:vars] only for a group declared by [${name}] or [${name}:children]`,
          ),
        );
      } else {
        const varsOnly = this.ctx.data.groups.has(name) ? ` ([${name}:vars] does not declare it)` : '';
        this.ctx.problems.add(
          lineProblem(
            line,
            col,
            'INVENTORY_SHAPE',
            `[${group}:children] names group \`${name}\`, which no section of this file declares${varsOnly}`,
            `${hint}: Ansible does not create a group from a :children list`,
          ),
        );
      }
    }
  }
}
