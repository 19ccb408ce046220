// The node flags the user gave certbook's process, on its command line or in NODE_OPTIONS: what
// certbook sets for itself at start (the heap's growth, the optimizing compiler) gives way to them.
// Plain JavaScript: `bin/certbook.js` reads them before anything is loaded.

/**
 * Whether a flag given on the node command line (`execArgv`) or in NODE_OPTIONS matches `pattern`.
 * @param {RegExp} pattern
 * @param {readonly string[]} execArgv
 * @param {string | undefined} nodeOptions
 * @returns {boolean}
 */
export function userGaveNodeFlag(pattern, execArgv, nodeOptions) {
  return [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].some((arg) => pattern.test(arg));
}
