/**
 * A YAML file read with its positions kept, so every later check can point at the exact
 * line and column of the node it complains about.
 */
import { readFileSync, statSync } from 'node:fs';
import { type Document, isNode, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { ProblemCode } from '../errors/codes.js';
import { fileProblem } from '../errors/fs-error-text.js';
import { type Problem, ProblemList, type SourcePosition } from '../errors/problem.js';
import { ansibleTags } from './ansible-tags.js';
import { checkDocumentShape, MAX_NESTING_DEPTH } from './document-shape.js';
import { unclosedQuoteAt, unclosedQuoteHint } from './unclosed-quote.js';
import { firstInvalidUtf8 } from './utf8.js';

/** Files larger than this are refused rather than parsed (a playbook is never this big). */
export const MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** Alias expansions allowed per document: generous for real files, fatal for alias bombs. */
export const MAX_ALIAS_COUNT = 100;

/** Parsed YAML plus what is needed to quote it back to the user. */
export class SourceFile {
  readonly lines: string[];

  constructor(
    /** The path as the user should see it in messages. */
    readonly path: string,
    readonly text: string,
    readonly doc: Document.Parsed,
    private readonly lineCounter: LineCounter,
  ) {
    this.lines = text.split(/\r?\n/);
  }

  /** The 1-based position of a character offset in this file. */
  positionAt(offset: number): SourcePosition {
    const { line, col } = this.lineCounter.linePos(offset);
    return { file: this.path, line, col };
  }

  /** The position where a node starts; the document start when it has none. */
  positionOf(node: unknown): SourcePosition {
    if (isNode(node) && node.range) return this.positionAt(node.range[0]);
    const contents = this.doc.contents;
    if (contents?.range) return this.positionAt(contents.range[0]);
    return { file: this.path, line: 1, col: 1 };
  }

  /** Builds a problem located at a node (or offset), with the line quoted. */
  problemAt(at: Node | number | unknown, code: ProblemCode, message: string, hint?: string): Problem {
    const pos = typeof at === 'number' ? this.positionAt(at) : this.positionOf(at);
    const problem: Problem = { code, message, pos, sourceLine: this.lines[pos.line - 1] ?? '' };
    if (hint) problem.hint = hint;
    return problem;
  }

  /**
   * The document as plain JavaScript, or undefined when expanding it would exceed the alias
   * budget (reported as ALIAS_BOMB). Each call returns a fresh copy, so aliases never share
   * mutable objects between callers.
   */
  toJS(problems: ProblemList): unknown {
    try {
      return this.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      if (error instanceof ReferenceError && /alias/i.test(error.message)) {
        problems.add(
          this.problemAt(
            this.doc.contents,
            'ALIAS_BOMB',
            'aliases in this document expand beyond the safe limit',
            `at most ${MAX_ALIAS_COUNT} alias expansions are allowed; this looks like a billion-laughs attack`,
          ),
        );
        return undefined;
      }
      // `<<: *a` where `a` is a list or a scalar: the library throws while building the map.
      if (error instanceof Error && /^Merge sources must be/.test(error.message)) {
        problems.add(
          this.problemAt(
            this.doc.contents,
            'YAML_SYNTAX',
            'a merge key `<<` names a value that is not a mapping',
            '`<<: *anchor` can only merge an anchored mapping (or a list of them)',
          ),
        );
        return undefined;
      }
      throw error;
    }
  }
}

/** How many parsed texts {@link parseSource} keeps, and up to what size (2 MB of text at most). */
const KEPT_PARSES = 32;
const KEPT_TEXT_LENGTH = 64 * 1024;

/** The texts parsed last, by shown path and text: what each parse gave and reported. */
const keptParses = new Map<string, { source: SourceFile | undefined; problems: readonly Problem[] }>();

/**
 * Reads and parses a text as Ansible reads YAML (1.1 booleans, merge keys, unique keys). A text
 * parsed a moment ago under the same name is not parsed again: a playbook names the same
 * vars files in each of its plays and imports a task file in several places, and each parse with
 * positions costs milliseconds. The same SourceFile comes back (nothing changes one once
 * parsed; `toJS` gives each caller its own copy) and the same problems are reported again.
 */
export function parseSource(path: string, text: string, problems: ProblemList): SourceFile | undefined {
  if (text.length > KEPT_TEXT_LENGTH) return parseText(path, text, problems);
  const key = `${path}\0${text}`;
  let parsed = keptParses.get(key);
  if (parsed) keptParses.delete(key);
  else {
    const own = new ProblemList();
    parsed = { source: parseText(path, text, own), problems: own.items };
  }
  keptParses.set(key, parsed);
  if (keptParses.size > KEPT_PARSES) keptParses.delete(keptParses.keys().next().value!);
  for (const problem of parsed.problems) problems.add({ ...problem });
  return parsed.source;
}

function parseText(path: string, text: string, problems: ProblemList): SourceFile | undefined {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  // The yaml lexer keeps a stack per open bracket: 100,000 of them cost more memory than the
  // file; refuse before parsing when brackets clearly nest beyond anything the walk allows.
  const deepAt = flowDepthExceeded(text, 4 * MAX_NESTING_DEPTH);
  if (deepAt !== undefined) {
    problems.add(tooDeepBeforeParse(path, text, deepAt));
    return undefined;
  }
  try {
    docs = parseAllDocuments<never>(text, {
      version: '1.1',
      merge: true,
      // Duplicate keys are found by checkDocumentShape: the library's check is quadratic, and
      // a file of a few MB of keys took minutes.
      uniqueKeys: false,
      prettyErrors: false,
      customTags: ansibleTags,
      lineCounter,
    });
  } catch (error) {
    // The CST parser recurses once per block indentation level and can overflow the stack
    // before the composer's own guard; nothing else in it throws RangeError.
    if (!(error instanceof RangeError)) throw error;
    problems.add(tooDeepBeforeParse(path, text));
    return undefined;
  }
  // parseAllDocuments returns an EmptyStream (an array) for an empty file.
  const list = Array.isArray(docs) ? docs : [docs];
  const first = list[0];
  if (!first) {
    // An empty file is an empty document; callers decide whether that is allowed.
    return new SourceFile(path, text, nullDocument(), lineCounter);
  }
  const source = new SourceFile(path, text, first, lineCounter);
  let ok = true;
  for (const doc of list) {
    for (const error of doc.errors) {
      ok = false;
      const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      // The composer recurses per level and reports its own stack overflow as a plain error.
      if (/Maximum call stack size exceeded/.test(message)) {
        problems.add(tooDeep(source, error.pos[0]));
        continue;
      }
      const unclosed = error.code === 'MISSING_CHAR' ? unclosedQuoteAt(doc, message, error.pos[0]) : undefined;
      if (unclosed) {
        problems.add(
          source.problemAt(
            unclosed.offset,
            'YAML_SYNTAX',
            'a quoted string opens here and is never closed',
            unclosedQuoteHint(unclosed.quote),
          ),
        );
        continue;
      }
      const code: ProblemCode = error.code === 'DUPLICATE_KEY' ? 'DUPLICATE_KEY' : 'YAML_SYNTAX';
      problems.add(source.problemAt(error.pos[0], code, message, yamlHint(error.code)));
    }
    if (doc.errors.length > 0) continue;
    for (const issue of checkDocumentShape(doc)) {
      ok = false;
      problems.add(
        issue.kind === 'too-deep'
          ? tooDeep(source, issue.offset)
          : issue.kind === 'alias-cycle'
            ? source.problemAt(
                issue.offset,
                'YAML_SYNTAX',
                'this alias refers to the anchor it is inside',
                'an alias can only repeat a value that is already complete; a value cannot contain itself',
              )
            : source.problemAt(issue.offset, 'DUPLICATE_KEY', 'Map keys must be unique', yamlHint('DUPLICATE_KEY')),
      );
    }
    for (const warning of doc.warnings) {
      if (warning.code !== 'TAG_RESOLVE_FAILED') continue;
      ok = false;
      const message = warning.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      problems.add(
        source.problemAt(
          warning.pos[0],
          'YAML_SYNTAX',
          message,
          /!vault/.test(message) ? 'Ansible Vault values are not supported; pass secrets through the environment or -e @file' : undefined,
        ),
      );
    }
  }
  if (ok && list.length > 1) {
    problems.add(
      source.problemAt(
        list[1]!.contents ?? list[1]!.range[0],
        'MULTIPLE_DOCUMENTS',
        'this file holds more than one YAML document',
        'remove the `---` separator or split the file',
      ),
    );
    ok = false;
  }
  return ok ? source : undefined;
}

/** Reads a file from disk and parses it; missing, unreadable and oversized files are problems. */
export function readSource(path: string, problems: ProblemList, shownAs: string = path): SourceFile | undefined {
  let text: string;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) {
      problems.add({ code: 'FILE_UNREADABLE', message: `${shownAs} is a directory, not a file` });
      return undefined;
    }
    if (stat.size > MAX_SOURCE_BYTES) {
      problems.add({ code: 'FILE_TOO_LARGE', message: `${shownAs} is ${stat.size} bytes; the limit is ${MAX_SOURCE_BYTES}` });
      return undefined;
    }
    const bytes = readFileSync(path);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err instanceof TypeError) {
      const bytes = readFileSync(path);
      const at = firstInvalidUtf8(bytes);
      problems.add({
        code: 'FILE_UNREADABLE',
        message: `${shownAs} is not valid UTF-8 text`,
        ...(at ? { pos: { file: shownAs, ...at }, sourceLine: new TextDecoder().decode(bytes).split(/\r?\n/)[at.line - 1] ?? '' } : {}),
        hint: 'save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)',
      });
    } else {
      problems.add(fileProblem(err, shownAs));
    }
    return undefined;
  }
  return parseSource(shownAs, text, problems);
}

function tooDeep(source: SourceFile, offset: number): Problem {
  return source.problemAt(
    offset,
    'NESTING_TOO_DEEP',
    `lists and mappings here nest more than ${MAX_NESTING_DEPTH} levels deep`,
    'flatten the data; no playbook or inventory needs this depth, and parsing it could exhaust the stack',
  );
}

/** NESTING_TOO_DEEP for a text that could not be parsed at all: at the first over-indented line. */
function tooDeepBeforeParse(path: string, text: string, known?: number): Problem {
  const counter = new LineCounter();
  const lines = text.split('\n');
  let offset = 0;
  let at = 0;
  for (const line of lines) {
    counter.addNewLine(offset);
    if (at === 0 && line.length - line.trimStart().length > MAX_NESTING_DEPTH) at = offset;
    offset += line.length + 1;
  }
  return tooDeep(new SourceFile(path, text, nullDocument(), counter), known ?? at);
}

/** A document holding `null`: the stand-in for a file with no document of its own to quote from. */
function nullDocument(): Document.Parsed {
  const empty = parseAllDocuments('null', { version: '1.1' });
  return (Array.isArray(empty) ? empty[0] : empty) as Document.Parsed;
}

/**
 * The offset where `[`/`{` outside quotes and comments first stand more than `limit` deep
 * (counting the whole file, so a real file never comes near), or undefined.
 */
function flowDepthExceeded(text: string, limit: number): number | undefined {
  // The depth never exceeds the number of brackets opened: counting them with indexOf (native
  // code) clears a real file in microseconds; the walk below ran 7 ms cold on 47 KB of playbook.
  if (count(text, '[', limit) + count(text, '{', limit) <= limit) return undefined;
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote || c === '\n') quote = '';
      else if (c === '\\' && quote === '"') i++;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\n')) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > limit) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/** How many times `char` occurs in `text`, counting no further than `limit` + 1. */
function count(text: string, char: string, limit: number): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1 && n <= limit; i = text.indexOf(char, i + 1)) n++;
  return n;
}

function yamlHint(code: string): string | undefined {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'a key may appear only once in a mapping; remove or rename one of them';
    case 'TAB_AS_INDENT':
      return 'YAML indentation must use spaces, not tabs';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation of this line against the lines above it';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'a value may be missing after the previous key, or a `:` is in the wrong place';
    default:
      return undefined;
  }
}
