/**
 * `certbook run --list-hosts / --list-tasks / --list-tags`, printed exactly as
 * ansible-playbook 2.14 prints them (checked against the real tool), so scripts that read
 * that output keep working. The input is a plain shape, independent of the loader's model.
 *
 * One deliberate difference: Ansible prints a play's own tags in Python set order, which
 * changes from run to run; certbook sorts them.
 */

/** One play as listed. */
export interface ListedPlay {
  /** The play's name, or its host pattern when it has none. */
  name: string;
  /** The host pattern as written (`web:&prod`). */
  pattern: string;
  /** The play's own tags. */
  tags: readonly string[];
  /** The hosts the pattern (and `--limit`) selects, for `--list-hosts`. */
  hosts: readonly string[];
  /** The tasks `--tags`/`--skip-tags` select, in run order, each with its inherited tags. */
  tasks: ReadonlyArray<{ name: string; tags: readonly string[] }>;
}

/** A playbook as listed. */
export interface ListedPlaybook {
  /** The playbook path as the user gave it. */
  path: string;
  plays: readonly ListedPlay[];
}

/** Which listings were asked for (any combination). */
export interface ListingRequest {
  hosts: boolean;
  tasks: boolean;
  tags: boolean;
}

/** The listing text, ending with a newline. */
export function formatListing(playbook: ListedPlaybook, request: ListingRequest): string {
  let out = `\nplaybook: ${playbook.path}\n`;
  playbook.plays.forEach((play, index) => {
    out += `${playHeader(play, index, request)}\n`;
    if (request.tasks || request.tags) out += taskSection(play, request);
  });
  return out;
}

function playHeader(play: ListedPlay, index: number, request: ListingRequest): string {
  let msg = `\n  play #${index + 1} (${play.pattern}): ${play.name}\tTAGS: [${[...new Set(play.tags)].sort().join(',')}]`;
  if (request.hosts) {
    msg += `\n    pattern: [${pythonString(play.pattern)}]\n    hosts (${play.hosts.length}):`;
    for (const host of play.hosts) msg += `\n      ${host}`;
  }
  return msg;
}

function taskSection(play: ListedPlay, request: ListingRequest): string {
  let msg = request.tasks ? '    tasks:\n' : '';
  const all = new Set(play.tags);
  for (const task of play.tasks) {
    for (const tag of task.tags) all.add(tag);
    if (request.tasks) msg += `      ${task.name}\tTAGS: [${[...new Set([...play.tags, ...task.tags])].sort().join(', ')}]\n`;
  }
  if (request.tags) msg += `      TASK TAGS: [${[...all].sort().join(', ')}]\n`;
  // Ansible's display() adds a newline only when the text does not already end with one.
  return msg.endsWith('\n') ? msg : `${msg}\n`;
}

/** Python's `repr()` of a str, as it appears inside a printed list. */
export function pythonString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  const body = text
    .replace(/[\\\n\r\t]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)
    .replaceAll(quote, `\\${quote}`);
  return `${quote}${body}${quote}`;
}
