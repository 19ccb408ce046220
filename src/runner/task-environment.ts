/**
 * The `environment` keyword: the maps of the play, the enclosing blocks (and imports) and the
 * task, merged outermost first so the innermost wins per variable, each rendered with the
 * task's variables, as ansible-core's `_compute_environment_string` does. Values become text
 * the way Python's `str()` writes them (`True`, `1`, `None`), as Ansible's `env_prefix` does.
 *
 * The result reaches the host as an `env NAME=value … /bin/sh -c CMD` prefix of every command
 * the step runs (connection/remote-command.ts): inside the `sudo`/`su` wrapper under `become`,
 * so the variables survive privilege escalation, and on the delegate under `delegate_to`
 * (rendered with the task host's variables, as in Ansible). Controller-only steps (`debug`,
 * `set_fact`, …) run nothing on a host and see no environment, as Ansible's local actions.
 */
import type { ExecOptions, ExecResult, Host } from '../connection/host.js';
import { pythonStr } from '../python/python-values.js';
import { TemplateError } from '../template/errors.js';
import { plainData } from '../template/mark-unsafe.js';
import { renderValue } from '../template/render.js';
import type { Scope } from '../template/scope.js';
import { environmentOf, type KeywordChain } from './keyword-chain.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The task's merged environment, or undefined when no layer sets one. A layer that does not
 * render to a mapping, or a name that is not a shell variable name, is a TemplateError (the
 * host's task fails with that message, as Ansible's "environment must be a dictionary").
 */
export function taskEnvironment(chain: KeywordChain, scope: Scope): Record<string, string> | undefined {
  const layers = environmentOf(chain);
  if (!layers.length) return undefined;
  const merged: Record<string, string> = {};
  for (const layer of layers) {
    const value = plainData(renderValue(layer, scope));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new TemplateError(`environment must be a mapping, received ${pythonStr(value)}`);
    }
    for (const [name, v] of Object.entries(value)) {
      if (!ENV_NAME.test(name))
        throw new TemplateError(
          `environment: ${JSON.stringify(name)} is not a valid variable name (letters, digits and _, not starting with a digit)`,
        );
      merged[name] = pythonStr(v);
    }
  }
  return merged;
}

/**
 * `host` with `env` exported to every command it runs. A step's own `env` argument (`shell`,
 * `command`) is more specific than the keyword and wins per variable.
 */
export function withEnvironment(host: Host, env: Readonly<Record<string, string>>): Host {
  return {
    name: host.name,
    exec: (command: string, options?: ExecOptions): Promise<ExecResult> =>
      host.exec(command, { ...options, env: { ...env, ...options?.env } }),
    readFile: (path, options) => host.readFile(path, options),
    readFiles: (paths, options) => host.readFiles(paths, options),
    writeFile: (path, data, options) => host.writeFile(path, data, options),
    forwardTcp: (h, port) => host.forwardTcp(h, port),
    close: () => host.close(),
  };
}
