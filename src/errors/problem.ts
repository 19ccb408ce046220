/**
 * Load-time problems: everything wrong with a playbook, task file, inventory or command line
 * that certbook can see before it connects anywhere. Problems are collected, never thrown one
 * at a time, so a user fixes a whole file in one pass.
 */
import type { ProblemCode } from './codes.js';

/** A 1-based place in a source file. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** One thing wrong with the input, with where it is and what to do about it. */
export interface Problem {
  /** Stable, machine-readable identifier (see `codes.ts`); tests and tools match on it. */
  code: ProblemCode;
  /** What is wrong, in one sentence. Never contains a secret value. */
  message: string;
  /** Where it is; absent only for problems that have no place (a missing file given on argv). */
  pos?: SourcePosition;
  /** The offending source line, quoted under the message with a caret. */
  sourceLine?: string;
  /** The likely fix ("did you mean `shell`?"). */
  hint?: string;
}

/** Collects problems from every loader so they can be printed together. */
export class ProblemList {
  readonly items: Problem[] = [];
  private readonly seen = new Set<string>();

  /**
   * Adds a problem; one already here (same code, message and place) is not added again: a file
   * loaded twice (a role listed in two places) has its problems once.
   */
  add(problem: Problem): void {
    const key = JSON.stringify([problem.code, problem.message, problem.pos?.file, problem.pos?.line, problem.pos?.col]);
    if (problem.pos && this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(problem);
  }

  addAll(problems: Iterable<Problem>): void {
    for (const p of problems) this.items.push(p);
  }

  get ok(): boolean {
    return this.items.length === 0;
  }

  /** Throws {@link LoadFailed} when anything was collected; the CLI turns it into exit 4. */
  throwIfAny(): void {
    if (!this.ok) throw new LoadFailed(this.items);
  }
}

/** Thrown once, after collection, when input could not be loaded. Carries every problem. */
export class LoadFailed extends Error {
  constructor(readonly problems: readonly Problem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} found before connecting`);
    this.name = 'LoadFailed';
  }
}
