/**
 * Text that must never be templated: Ansible's `!unsafe` strings, and everything that came
 * from a host (command output, file contents, certificate fields). The template engine
 * renders an `UnsafeText` as its literal text, whatever braces it contains.
 */
export class UnsafeText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}
