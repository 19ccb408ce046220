/**
 * Text that must never be templated: Ansible's `!unsafe` strings, and everything that came
 * from a host (command output, file contents, certificate fields). The template engine
 * renders an `UnsafeText` as its literal text, whatever braces it contains.
 *
 * It is ansible-core's `AnsibleUnsafeText` (a Python `str` subclass), so it lives here, at the
 * bottom with the other Python values: the YAML reader (`!unsafe`), the Python repr/str/JSON and
 * the template engine all use it, and none of them may import another for it.
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
