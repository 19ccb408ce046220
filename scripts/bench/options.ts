/** `npm run bench -- …` flags. */

/** What one benchmark run does. */
export interface BenchOptions {
  sizes: number[];
  forks: number;
  repeat: number;
  ansibleUpTo: number;
  servers: number;
  memorySizes: number[];
  noopHosts: number;
  tty: boolean;
  html: boolean;
  /** `certbook report merge` of 1,000 hosts' shard reports (merge-bench.ts). */
  merge: boolean;
  json: string;
  keep: boolean;
}

export const USAGE = `npm run bench -- [options]
  --quick              fleets of 10 and 100 hosts, memory at 250 and 500 (a few minutes)
  --sizes 10,100,500   fleet sizes (default 10,100,500)
  --forks N            hosts at once, the same for every tool (default 20)
  --repeat N           runs of the floor and certbook per size, median kept (default 3)
  --ansible-up-to N    largest fleet ansible-playbook runs on (default: every size); 0 = never
  --servers N          servers per fleet, the rest agents (default 3)
  --memory 250,500,1000  fleet sizes for certbook's peak RSS (in-process SSH server); "" = skip
  --no-tty             skip the terminal reporter measurement
  --no-html            skip the HTML report measurement (headless chromium)
  --no-merge           skip the report merge measurement (1,000 hosts' shard reports)
  --json FILE          where the results go (default bench-results.json)
  --keep               keep each fleet's directory (inventory, outputs) for a look`;

const DEFAULTS: BenchOptions = {
  sizes: [10, 100, 500],
  forks: 20,
  repeat: 3,
  ansibleUpTo: Infinity,
  servers: 3,
  memorySizes: [250, 500, 1000],
  noopHosts: 10,
  tty: true,
  html: true,
  merge: true,
  json: 'bench-results.json',
  keep: false,
};

/** Parses argv (after the script name); throws with a message on a bad flag. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = { ...DEFAULTS };
  const list = (v: string) => (v.trim() === '' ? [] : v.split(',').map((x) => positive(x, 'size')));
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--quick':
        o.sizes = [10, 100];
        o.memorySizes = [250, 500];
        break;
      case '--sizes':
        o.sizes = list(value());
        break;
      case '--forks':
        o.forks = positive(value(), flag);
        break;
      case '--repeat':
        o.repeat = positive(value(), flag);
        break;
      case '--ansible-up-to':
        o.ansibleUpTo = Number(value());
        break;
      case '--no-ansible':
        o.ansibleUpTo = 0;
        break;
      case '--servers':
        o.servers = positive(value(), flag);
        break;
      case '--memory':
        o.memorySizes = list(value());
        break;
      case '--no-tty':
        o.tty = false;
        break;
      case '--no-html':
        o.html = false;
        break;
      case '--no-merge':
        o.merge = false;
        break;
      case '--json':
        o.json = value();
        break;
      case '--keep':
        o.keep = true;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return o;
}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what}: expected a positive whole number, got ${JSON.stringify(text)}`);
  return n;
}
