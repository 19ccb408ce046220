/**
 * File modes as steps take them (`'0644'`, `'644'`, `'01777'`, `u=rw,g=r,o=`), computed on the
 * controller: a step must know the mode a path WILL have to say whether it changes (and to say
 * so in check mode) before touching anything.
 */

const OCTAL = /^0?[0-7]{3,4}$/;
const CLAUSE = /^([ugoa]*)([-+=])([rwxXst]*)$/;

/** True when `spec` is a symbolic mode (`u=rw,g=r`) rather than an octal one. */
export function isSymbolicMode(spec: string): boolean {
  return !OCTAL.test(spec);
}

const WHO_BITS: Record<string, number> = { u: 0o4700, g: 0o2070, o: 0o1007 };

/**
 * The permission bits (`0o7777`) a path with `current` bits gets from `chmod spec`. Symbolic
 * clauses are applied left to right as chmod applies them; an empty "who" means `a` (certbook
 * never applies the umask to a mode the user wrote out).
 *
 * @throws RangeError when `spec` is neither octal nor symbolic (the schema prevents it).
 */
export function applyMode(spec: string, current: number, isDir: boolean): number {
  if (!isSymbolicMode(spec)) return Number.parseInt(spec, 8) & 0o7777;
  let mode = current & 0o7777;
  for (const clause of spec.split(',')) {
    const m = CLAUSE.exec(clause);
    if (!m) throw new RangeError(`not a file mode: ${spec}`);
    const who = (m[1] || 'a').replace('a', 'ugo');
    const bits = permBits(who, m[3]!, mode, isDir);
    const scope = [...who].reduce((acc, w) => acc | (WHO_BITS[w] ?? 0), 0);
    if (m[2] === '+') mode |= bits;
    else if (m[2] === '-') mode &= ~bits;
    else mode = (mode & ~scope) | bits;
  }
  return mode;
}

/** The bits the letters `perms` stand for, for the classes in `who`. */
function permBits(who: string, perms: string, current: number, isDir: boolean): number {
  let bits = 0;
  for (const w of who) {
    const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0;
    for (const p of perms) {
      if (p === 'r') bits |= 0o4 << shift;
      else if (p === 'w') bits |= 0o2 << shift;
      else if (p === 'x') bits |= 0o1 << shift;
      // X: execute only for directories or when someone may already execute the file.
      else if (p === 'X' && (isDir || (current & 0o111) !== 0)) bits |= 0o1 << shift;
      else if (p === 's' && w === 'u') bits |= 0o4000;
      else if (p === 's' && w === 'g') bits |= 0o2000;
      else if (p === 't' && w === 'o') bits |= 0o1000;
    }
  }
  return bits;
}

/**
 * The `chmod` operand for an exact mode. Five octal digits, because GNU chmod keeps a
 * directory's setuid/setgid bits on `chmod 755` but clears them on `chmod 00755`; busybox reads
 * both the same.
 */
export function chmodOperand(perms: number): string {
  return `0${(perms & 0o7777).toString(8).padStart(4, '0')}`;
}

/**
 * `spec` as chmod must be given it on the host to compute exactly what {@link applyMode}
 * computes: an empty "who" becomes `a`, because chmod would otherwise leave the umask's bits
 * alone and the next run would see a difference again. Octal specs get {@link chmodOperand}.
 */
export function hostChmodSpec(spec: string): string {
  if (!isSymbolicMode(spec)) return chmodOperand(Number.parseInt(spec, 8));
  return spec
    .split(',')
    .map((c) => (/^[-+=]/.test(c) ? `a${c}` : c))
    .join(',');
}
