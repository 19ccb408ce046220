/**
 * What a run is asked to do: the command line's decisions, already parsed. The runner never
 * reads argv or the environment itself; the CLI (or a test) fills this in.
 */

import type { Host } from '../connection/host.js';
import type { HostKeyCheckingMode } from '../connection/host-key-check.js';
import type { HostConnectionSettings } from '../connection/settings.js';
import type { CleanupSummary, RunListener } from '../events/run-events.js';
import type { ShardRecord } from '../events/shard-record.js';
import type { TagFilter } from '../playbook/tags.js';

/** Options of one `certbook run`. */
export interface RunOptions {
  /** `--limit`: a host pattern intersected with every play's hosts. */
  limit?: string;
  tags: TagFilter;
  check: boolean;
  diff: boolean;
  /** Hosts worked on at once within a batch (`--forks`). */
  forks: number;
  /** `-e`, already merged (last wins). They beat every other variable. */
  extraVars: Record<string, unknown>;
  verbosity: number;
  /** `--start-at-task`: skip tasks until one with this name. */
  startAtTask?: string;
  /** `--host-key-checking`; undefined lets inventory variables and ssh config decide. */
  hostKeyChecking?: HostKeyCheckingMode;
  /** What the environment says (`ANSIBLE_HOST_KEY_CHECKING=False` means `off`); loses to everything else. */
  defaultHostKeyChecking?: HostKeyCheckingMode;
  /** `-u`, `--private-key`, `-T` (seconds), `-b`, `--become-user`, `--become-method`. */
  remoteUser?: string;
  privateKeyFile?: string;
  connectTimeoutSeconds?: number;
  /** `--ssh-common-args`: OpenSSH options (`-o UserKnownHostsFile=…`, `-J jump`) for every host. */
  sshCommonArgs?: string;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: 'sudo' | 'su';
  /** From `-K`/`-k` prompts or the environment; never logged. */
  becomePassword?: string;
  connectionPassword?: string;
  /** Passphrase for encrypted private keys (`CERTBOOK_SSH_KEY_PASSPHRASE` of the invocation); never logged. */
  keyPassphrase?: string;
  /** `--shard I/N`: which shard this run is (the hosts are already this shard's); recorded in `run_start`. */
  shard?: ShardRecord;
  /** Everyone who wants to hear about the run. */
  listeners: RunListener[];
  /** Aborted on the first SIGINT/SIGTERM: nothing new starts; running commands may finish. */
  signal?: AbortSignal;
  /** Aborted when the grace period is over (or on a second signal): running commands are stopped on the hosts. */
  killSignal?: AbortSignal;
  /** Aborted by a further interrupt: the cleanup of an interrupted run (interrupt-cleanup.ts) is skipped. */
  skipCleanupSignal?: AbortSignal;
  /** How long the cleanup of an interrupted run may take (default 60 s; 0: no cleanup). */
  cleanupTimeoutMs?: number;
  /** Called when that cleanup starts. */
  onCleanupStart?: () => void;
  /**
   * Secret values learnt during the run (become and connection passwords) are added here; the
   * caller shares the same set with its reporters so they mask them too.
   */
  secrets?: Set<string>;
  /** The controller's clock (tests inject a fixed one). */
  now?: () => Date;
  /** Opens a connection; tests may swap it. Defaults to the real SSH/local connection. */
  openHost?: (settings: HostConnectionSettings) => Promise<Host>;
  /** Read `~/.ssh/config` (default) or not (tests). */
  sshConfigFile?: string | false;
  /**
   * The invocation's `HOME` (`~/.ssh/config`, `known_hosts`, default keys); default: the user's
   * home in the password database. The runner never reads its own process's environment.
   */
  home?: string;
  /** The invocation's `SSH_AUTH_SOCK`: the ssh-agent offered to hosts; absent: no agent. */
  agentSocket?: string;
}

/** What the run produced, besides its events. */
export interface RunSummary {
  exitCode: number;
  /** The playbook's path (names the run in `--metrics`). */
  playbook: string;
  interrupted: boolean;
  /** Every host that any play targeted. */
  hosts: string[];
  stats: Record<string, import('../events/run-events.js').HostStats>;
  records: Record<string, Record<string, unknown>[]>;
  /** What the cleanup of an interrupted run did (undefined when it was not interrupted). */
  cleanup?: CleanupSummary;
}
