/**
 * Talks to sudo/su before the command starts: answers the password prompt once, and turns
 * what they print into a {@link BecomeError} when they refuse. Works on the stderr preamble
 * (everything before the start marker), which is all sudo/su ever print.
 */
import { BecomeError, type BecomeFailureKind } from './errors.js';
import type { BecomeOptions } from './host.js';
import type { ExecMarkers } from './remote-command.js';

/** What to do after new preamble text arrived. */
export type BecomeStep = { action: 'wait' } | { action: 'send-password' } | { action: 'fail'; error: BecomeError };

// su has no prompt option and its prompt is localised ("Password: ", "Passwort: "), so a
// trailing "…: " with no newline after it is taken as a prompt.
const GENERIC_PROMPT = /[^\n]*(password|passwort|mot de passe|contraseña|пароль|密码)[^\n]*[:：]\s*$/i;

// A prompt inside a line ("Password: su: Authentication failure"), removed from messages.
const PROMPT_WORDS = /(\[sudo\] )?(password|passwort|mot de passe|contraseña|пароль|密码)( for [^:\n]*)?[:：] ?/gi;

const FAILURES: readonly [RegExp, BecomeFailureKind][] = [
  [/must have a tty|requires a tty|must be run from a terminal|no tty present/i, 'tty required'],
  [/not in the sudoers|is not allowed to|may not run sudo|not allowed to execute/i, 'not allowed'],
  [/incorrect password|authentication failure|sorry, try again/i, 'incorrect password'],
  [/a password is required|no password was provided/i, 'password required'],
];

/** Tracks one exec's become conversation. */
export class BecomeNegotiation {
  /** Preamble length when the password was sent; -1 before. */
  private sentAt = -1;

  constructor(
    private readonly become: BecomeOptions,
    private readonly markers: ExecMarkers,
  ) {}

  /** Decides the next move from the whole stderr preamble so far. */
  step(preamble: string): BecomeStep {
    // Only text after our answer can hold a new prompt; earlier prompts were answered.
    const fresh = this.sentAt < 0 ? preamble : preamble.slice(this.sentAt);
    if (!this.hasPrompt(fresh)) return { action: 'wait' };
    if (this.become.password === undefined) return this.fail('password required', preamble);
    if (this.sentAt >= 0) return this.fail('incorrect password', preamble);
    this.sentAt = preamble.length;
    return { action: 'send-password' };
  }

  /** The error to report when the channel ended before the command started. */
  failure(preamble: string): BecomeError {
    const text = this.clean(preamble);
    const found = FAILURES.find(([re]) => re.test(text));
    let kind: BecomeFailureKind = found?.[1] ?? 'failed';
    if (kind === 'password required' && this.sentAt >= 0) kind = 'incorrect password';
    return new BecomeError(kind, this.become.method, this.become.user, text);
  }

  /** A become error of a known kind (used for timeouts). */
  error(kind: BecomeFailureKind, preamble: string): BecomeError {
    return new BecomeError(kind, this.become.method, this.become.user, this.clean(preamble));
  }

  /** The preamble without markers and prompts, password masked, for messages and stderr. */
  clean(preamble: string): string {
    let text = preamble.split(this.markers.prompt).join('\n');
    text = text
      .split('\n')
      .filter((line) => !line.includes(this.markers.outer))
      .map((line) => line.replace(PROMPT_WORDS, '').trim())
      .filter(Boolean)
      .join('\n');
    const pw = this.become.password;
    if (pw) text = text.split(pw).join('********');
    return text;
  }

  private hasPrompt(text: string): boolean {
    if (this.become.method === 'sudo' && text.includes(this.markers.prompt)) return true;
    return GENERIC_PROMPT.test(text.slice(text.lastIndexOf('\n') + 1));
  }

  private fail(kind: BecomeFailureKind, preamble: string): BecomeStep {
    return { action: 'fail', error: this.error(kind, preamble) };
  }
}
