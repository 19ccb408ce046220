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
  /** Measure certbook's start-up (`--version`, `--syntax-check`), median of `startupRuns` each. */
  startup: boolean;
  startupRuns: number;
  /** Only the start-up section: no sshd, no fleets, no root needed. */
  startupOnly: boolean;
  /** Build dist/ first (`node scripts/build.mjs --quiet`) so bin/certbook.js runs the bundle. */
  build: boolean;
}

export const USAGE = `npm run bench -- [options]
  --quick              fleets of 60 and 300 hosts, memory at 250 and 500 (~8 minutes)
  --sizes 60,300,500   fleet sizes (default 60,300,500)
  --forks N            hosts at once, the same for every tool (default 20)
  --repeat N           runs of the floor and certbook per size, median kept (default 3)
  --ansible-up-to N    largest fleet ansible-playbook runs on (default 60: it is slow); 0 = never
  --no-ansible         the same as --ansible-up-to 0
  --servers N          servers per fleet, the rest agents (default 3)
  --memory 250,1000    fleet sizes for certbook's peak RSS (in-process SSH server; the target is
                       judged at 1000, 250 shows the growth); "" = skip
  --no-tty             skip the terminal reporter measurement
  --no-html            skip the HTML report measurement (headless chromium)
  --no-merge           skip the report merge measurement (1,000 hosts' shard reports)
  --startup-only       only certbook's start-up: --version and run check-expiry --syntax-check
                       (no sshd, no root; about 30 s)
  --startup-runs N     runs of each start-up command, median kept (default 10)
  --no-startup         skip the start-up measurement
  --no-build           do not run \`node scripts/build.mjs --quiet\` first (bin/certbook.js then runs
                       tsx unless dist/ is already fresh; the start-up targets say which ran)
  --json FILE          where the results go (default bench-results.json)
  --keep               keep each fleet's directory (inventory, outputs) for a look`;

const DEFAULTS: BenchOptions = {
  sizes: [60, 300, 500],
  forks: 20,
  repeat: 3,
  ansibleUpTo: 60,
  servers: 3,
  memorySizes: [250, 1000],
  noopHosts: 10,
  tty: true,
  html: true,
  merge: true,
  json: 'bench-results.json',
  keep: false,
  startup: true,
  startupRuns: 10,
  startupOnly: false,
  build: true,
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
        o.sizes = [60, 300];
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
      case '--startup-only':
        o.startupOnly = true;
        o.startup = true;
        break;
      case '--startup-runs':
        o.startupRuns = positive(value(), flag);
        break;
      case '--no-startup':
        o.startup = false;
        break;
      case '--no-build':
        o.build = false;
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (o.startupOnly && !o.startup) throw new Error('--startup-only and --no-startup contradict each other');
  return o;
}

function positive(text: string, what: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what}: expected a positive whole number, got ${JSON.stringify(text)}`);
  return n;
}
