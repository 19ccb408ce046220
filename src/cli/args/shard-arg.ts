/** `--shard I/N` as typed, checked: a {@link Shard} or a problem naming the option. */
import type { Shard } from '../../events/shard-record.js';
import { MAX_SHARDS } from '../../shard/shard-spec.js';
import { badOption, type CliProblem } from './cli-problem.js';

/** Parses `--shard`'s value; a problem naming the option when it is malformed. */
export function parseShard(text: string): Shard | CliProblem {
  const hint = 'give I/N with I from 1 to N, as Jest and Playwright count: --shard 1/3, --shard 2/3, --shard 3/3';
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return badOption('--shard', `--shard ${JSON.stringify(text)} is not I/N`, hint);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) {
    return badOption('--shard', `--shard ${text}: N must be from 1 to ${MAX_SHARDS}`, hint);
  }
  if (index === 0) {
    // Kubernetes' Indexed Job numbers its pods from 0: the likeliest way to get here.
    return badOption(
      '--shard',
      `--shard ${text}: shards count from 1`,
      `an Indexed Job's JOB_COMPLETION_INDEX counts from 0: pass --shard $((JOB_COMPLETION_INDEX + 1))/${count}`,
    );
  }
  if (index > count) return badOption('--shard', `--shard ${text}: there is no shard ${index} of ${count}`, hint);
  return { index, count };
}
