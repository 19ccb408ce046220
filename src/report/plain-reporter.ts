/**
 * The plain reporter: ansible-playbook's default output without colour, for pipes, logs and CI.
 * Banners, per-host status lines, loop items, `debug` output, -v/-vv/-vvv detail, warnings,
 * `--diff` diffs and the recap come out byte for byte as ansible-core 2.14 prints them; the
 * `publish`ed records follow the recap as aligned tables.
 *
 * Everything printed is redacted (second line of defence), stripped of terminal control
 * characters and cut to a sane line length, because results carry whatever hosts sent.
 */
import { basename } from 'node:path';
import { isCensored, redactText, redactValue, type Secrets } from '../events/redact.js';
import type { RunEvent, RunListener } from '../events/run-events.js';
import { formatCleanup } from './cleanup-text.js';
import { formatDiff } from './diff-text.js';
import { foldsItem, publishLoopLine } from './publish-lines.js';
import { pythonWrap } from './python-textwrap.js';
import { banner, formatRecap } from './recap.js';
import { RecordBook } from './record-book.js';
import { formatRecordTables } from './records-table.js';
import { dumpResult, hostLabel, isVerbose, resultWarnings, warningText } from './result-view.js';
import { capLines, escapeControls, escapeLabel } from './safe-text.js';

/** Where and how the plain reporter writes. */
export interface PlainReporterOptions {
  /** Receives stdout text (whole lines). */
  write: (text: string) => void;
  /** Receives `[WARNING]`/`[ERROR]` lines, which Ansible writes to stderr. Default: `write`. */
  writeError?: (text: string) => void;
  /** The `-v` count. */
  verbosity: number;
  /** Terminal width; banners and warnings follow it like Ansible (never narrower than 80). */
  columns?: number;
  /** Secret values to mask in everything written (a live set is read at each write). */
  secrets?: Secrets;
  /** Longest line written; longer lines are cut with a note. Default {@link DEFAULT_MAX_LINE}. */
  maxLineLength?: number;
}

/** Default longest output line: long enough for any honest result, short of a megabyte of stdout. */
export const DEFAULT_MAX_LINE = 20_000;

type HostResult = Extract<RunEvent, { kind: 'host_result' }>;
type ItemResult = Extract<RunEvent, { kind: 'item_result' }>;

/** Creates a listener that prints a run as ansible-playbook's default callback would. */
export function createPlainReporter(options: PlainReporterOptions): RunListener {
  const printer = new PlainPrinter(options);
  return (event) => printer.on(event);
}

class PlainPrinter {
  private readonly columns: number;
  private readonly secrets: Secrets;
  private readonly records = new RecordBook();
  private readonly warned = new Set<string>();
  /** `task id \0 host` of loop tasks whose items were printed, and the items' diffs waiting for the end. */
  private readonly looped = new Map<string, unknown[]>();
  /** Ids of the tasks announced so far, and the one whose banner was printed last. */
  private readonly announced = new Set<string>();
  private lastBanner: string | undefined;

  constructor(private readonly options: PlainReporterOptions) {
    this.columns = options.columns ?? 80;
    this.secrets = options.secrets ?? [];
  }

  on(event: RunEvent): void {
    switch (event.kind) {
      case 'run_start':
        if (this.options.verbosity > 1) this.runBanner(event.playbook, event.plays);
        return;
      case 'play_start':
        this.out(`\n${this.banner(event.name.trim() ? `PLAY [${escapeLabel(event.name.trim())}]` : 'PLAY')}\n`);
        if (event.hosts.length === 0) this.out('skipping: no hosts matched\n');
        return;
      case 'task_start':
        return this.taskBanner(event.task);
      case 'host_result':
        this.bannerFor(event.task);
        return this.hostResult(event);
      case 'item_result':
        this.bannerFor(event.task);
        return this.itemResult(event);
      case 'included':
        // ansible-playbook prints nothing for an include_role; the role's tasks follow.
        if (event.role !== undefined) return;
        this.out(
          `included: ${escapeLabel(event.file)} for ${event.hosts.map(escapeLabel).join(', ')}${event.item !== undefined ? ` => (item=${escapeLabel(event.item)})` : ''}\n`,
        );
        return;
      case 'retry':
        this.bannerFor(event.task);
        this.out(
          `FAILED - RETRYING: [${escapeLabel(event.host)}]: ${escapeLabel(event.task.name.trim())} (${event.retriesLeft} retries left).\n`,
        );
        return;
      case 'warning':
        return this.warning(warningText(event));
      case 'partition_stopped':
        this.out(
          `\n${this.banner(`PARTITION STOPPED [${escapeLabel(event.partition)}]`)}\n${escapeLabel(event.reason)}; out of the run: ${event.hosts.map(escapeLabel).join(', ')}\n`,
        );
        return;
      case 'records':
        this.records.add(event);
        return;
      case 'play_end':
        return;
      case 'run_end':
        return this.runEnd(event);
    }
  }

  private runBanner(playbook: string, plays: number | undefined): void {
    this.out(`\n${this.banner(`PLAYBOOK: ${escapeLabel(basename(playbook))}`)}\n`);
    if (plays !== undefined) this.out(`${plays} plays in ${escapeLabel(playbook)}\n`);
  }

  /**
   * The task's banner again when the last one printed was another task's: under the free
   * strategy hosts report different tasks in turn, and ansible-playbook's default callback
   * repeats the banner the same way.
   */
  private bannerFor(task: HostResult['task']): void {
    if (this.lastBanner !== task.id && this.announced.has(task.id)) this.taskBanner(task);
  }

  private taskBanner(task: HostResult['task']): void {
    this.announced.add(task.id);
    this.lastBanner = task.id;
    const prefix = task.section === 'handlers' ? 'RUNNING HANDLER' : 'TASK';
    this.out(`\n${this.banner(`${prefix} [${escapeLabel(task.name.trim())}]`)}\n`);
    if (this.options.verbosity >= 2 && task.pos) this.out(`task path: ${escapeLabel(task.pos.file)}:${task.pos.line}\n`);
  }

  private hostResult(event: HostResult): void {
    const result = this.redacted(event.result);
    const key = `${event.task.id}\0${event.host}`;
    const itemDiffs = this.looped.get(key);
    this.looped.delete(key);
    // A loop's own result is not printed (its items were), unless no_log hid the items' results.
    const loop = (itemDiffs !== undefined || Array.isArray(result.results)) && !isCensored(result);
    const label = escapeLabel(hostLabel(event.host, event.delegatedTo));
    const ctx = { step: event.task.step, ran: event.status !== 'skipped', verbosity: this.options.verbosity };
    // Ansible drops a loop's `results` before showing it: every item was shown already.
    const shown = loop ? withoutResults(result) : result;
    const detail = () => (isVerbose(shown, ctx) ? ` => ${dumpResult(shown, ctx)}` : '');
    const folded = loop ? publishLoopLine(event.task.step, event.status, label, result) : undefined;
    if (folded) return this.out(folded);
    switch (event.status) {
      case 'ok':
      case 'changed':
        this.diffs(loop ? (itemDiffs ?? loopDiffs(result)) : [result]);
        this.warnings(result);
        if (!loop) this.out(`${event.status}: [${label}]${detail()}\n`);
        return;
      case 'skipped':
        return this.out(`skipping: [${escapeLabel(event.host)}]${detail()}\n`);
      case 'failed':
        this.warnings(result);
        if (!loop) this.failure(`fatal: [${label}]: FAILED! => ${dumpResult(result, ctx)}\n`, result);
        if (event.ignored) this.out('...ignoring\n');
        return;
      case 'unreachable':
        this.failure(`fatal: [${label}]: UNREACHABLE! => ${dumpResult(shown, ctx)}\n`, shown);
        if (event.ignored) this.out('...ignoring\n');
    }
  }

  private itemResult(event: ItemResult): void {
    const result = this.redacted(event.result);
    const key = `${event.task.id}\0${event.host}`;
    const diffs = this.looped.get(key) ?? [];
    if (foldsItem(event.task.step, event.status) && this.options.verbosity === 0) {
      this.looped.set(key, diffs);
      return;
    }
    this.looped.set(key, diffs);
    // Ansible cannot show a no_log item's label (it prints None); the label may be the secret.
    const item = `(item=${isCensored(result) ? 'None' : escapeLabel(event.label)})`;
    const label = escapeLabel(hostLabel(event.host, event.delegatedTo));
    const ctx = { step: event.task.step, ran: event.status !== 'skipped', verbosity: this.options.verbosity };
    const detail = () => (isVerbose(result, ctx) ? ` => ${dumpResult(result, ctx)}` : '');
    if (event.status !== 'skipped') this.warnings(result);
    switch (event.status) {
      case 'ok':
      case 'changed':
        diffs.push(result);
        return this.out(`${event.status}: [${label}] => ${item}${detail()}\n`);
      case 'skipped':
        // Ansible's trailing space after the label, and the doubled space before ` => `, are kept.
        return this.out(`skipping: [${escapeLabel(event.host)}] => ${item} ${detail()}\n`);
      case 'failed':
      case 'unreachable':
        return this.failure(`failed: [${label}] ${item} => ${dumpResult(result, ctx)}\n`, result);
    }
  }

  /** `--diff` output of changed results that carry a diff (Ansible's `v2_on_file_diff`). */
  private diffs(results: readonly unknown[]): void {
    for (const r of results) {
      const result = r as Record<string, unknown> | undefined;
      if (result?.changed !== true || !result.diff || isCensored(result)) continue;
      const text = formatDiff(result.diff);
      if (text) this.out(text);
    }
  }

  /**
   * A failure line and, when the line cap cut it, the result's `msg` again on a line of its own:
   * keys print in order, so a result with many certificates or a long stdout would otherwise lose
   * the reason it failed (`msg` sorts after `certificates`, `errors`, `stdout`…) to the cut.
   */
  private failure(line: string, result: Record<string, unknown>): void {
    this.out(line);
    if (typeof result.msg === 'string' && result.msg !== '' && this.cuts(line)) this.out(`  msg: ${JSON.stringify(result.msg)}\n`);
  }

  /** Whether {@link safe} would cut a line of `text`. */
  private cuts(text: string): boolean {
    const max = this.options.maxLineLength ?? DEFAULT_MAX_LINE;
    // Escaping and masking change lengths by a bounded factor: only long texts can be cut.
    return text.length > max / 8 && this.safe(text) !== escapeControls(redactText(text, this.secrets));
  }

  private warnings(result: Record<string, unknown>): void {
    for (const message of resultWarnings(result)) this.warning(message);
  }

  /** `[WARNING]: …` wrapped to the terminal like Ansible's `display.warning`, each text once per run. */
  private warning(message: string): void {
    const text = `${pythonWrap(`[WARNING]: ${message}`, Math.max(79, this.columns - 1)).join('\n')}\n`;
    if (this.warned.has(text)) return;
    this.warned.add(text);
    this.err(text);
  }

  private runEnd(event: Extract<RunEvent, { kind: 'run_end' }>): void {
    if (event.interrupted) this.err('[ERROR]: User interrupted execution\n');
    if (event.cleanup) this.out(formatCleanup(event.cleanup, this.columns));
    this.out(formatRecap(event.stats, Object.keys(event.stats), this.columns));
    if (!this.records.empty) this.out(formatRecordTables(this.records.tables(), this.columns));
  }

  private banner(title: string): string {
    return banner(title, this.columns);
  }

  private redacted(result: Record<string, unknown>): Record<string, unknown> {
    return redactValue(result, this.secrets);
  }

  private out(text: string): void {
    this.options.write(this.safe(text));
  }

  private err(text: string): void {
    (this.options.writeError ?? this.options.write)(this.safe(text));
  }

  private safe(text: string): string {
    const clean = escapeControls(redactText(text, this.secrets));
    return capLines(clean, this.options.maxLineLength ?? DEFAULT_MAX_LINE);
  }
}

function withoutResults(result: Record<string, unknown>): Record<string, unknown> {
  const { results: _results, ...rest } = result;
  return rest;
}

/** The per-item results of a loop result that carries them (`results: [...]`). */
function loopDiffs(result: Record<string, unknown>): unknown[] {
  return Array.isArray(result.results) ? result.results : [];
}
