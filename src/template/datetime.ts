/**
 * Just enough of Python's `datetime` for certificate arithmetic in templates, the Ansible idiom
 * `((not_after | to_datetime(fmt)) - (now | to_datetime)).days`. Datetimes are JavaScript
 * `Date`s read as naive UTC; their difference is a {@link TimeDelta}. There is deliberately no
 * `now()`: the runner injects the time as a variable, so runs are reproducible.
 */
import { TemplateError } from './errors.js';

const MS_PER_DAY = 86_400_000;

/** Python's `timedelta`: a signed duration, exposing `days`, `seconds` and `total_seconds()`. */
export class TimeDelta {
  constructor(readonly ms: number) {}

  /** Whole days, rounded down as Python does (-1 day + 23h for minus one hour). */
  get days(): number {
    return Math.floor(this.ms / MS_PER_DAY);
  }

  /** Seconds within the day, 0 ≤ seconds < 86400. */
  get seconds(): number {
    return Math.floor((this.ms - this.days * MS_PER_DAY) / 1000);
  }

  get microseconds(): number {
    return (this.ms - this.days * MS_PER_DAY - this.seconds * 1000) * 1000;
  }

  totalSeconds(): number {
    return this.ms / 1000;
  }

  /** Python's `str(timedelta)`: `2 days, 3:04:05`. */
  toString(): string {
    const s = this.seconds;
    const clock = `${Math.floor(s / 3600)}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
    const micro = this.microseconds ? `.${String(Math.round(this.microseconds)).padStart(6, '0')}` : '';
    const days = this.days;
    if (days === 0) return clock + micro;
    return `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${clock}${micro}`;
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Python's `str(datetime)`: `2025-01-31 12:00:00`. */
export function formatDateTime(date: Date): string {
  const base =
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  return ms ? `${base}.${pad(ms * 1000, 6)}` : base;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** strptime directives we read, each as a regex piece and how to store what it matched. */
const DIRECTIVES: Record<string, [string, (parts: DateParts, text: string) => void]> = {
  Y: [
    '(\\d{4})',
    (p, t) => {
      p.year = Number(t);
    },
  ],
  y: [
    '(\\d{2})',
    (p, t) => {
      p.year = 2000 + Number(t) - (Number(t) >= 69 ? 100 : 0);
    },
  ],
  m: [
    '(\\d{1,2})',
    (p, t) => {
      p.month = Number(t) - 1;
    },
  ],
  d: [
    '(\\d{1,2})',
    (p, t) => {
      p.day = Number(t);
    },
  ],
  H: [
    '(\\d{1,2})',
    (p, t) => {
      p.hour = Number(t);
    },
  ],
  M: [
    '(\\d{1,2})',
    (p, t) => {
      p.minute = Number(t);
    },
  ],
  S: [
    '(\\d{1,2})',
    (p, t) => {
      p.second = Number(t);
    },
  ],
  f: [
    '(\\d{1,6})',
    (p, t) => {
      p.ms = Math.floor(Number(t.padEnd(6, '0')) / 1000);
    },
  ],
  b: [
    '([A-Za-z]{3})',
    (p, t) => {
      p.month = MONTHS.indexOf(t.toLowerCase());
    },
  ],
  Z: ['(UTC|GMT|Z)?', () => undefined],
  z: [
    '([+-]\\d{4}|Z)',
    (p, t) => {
      p.offsetMinutes = utcOffsetMinutes(t);
    },
  ],
};

/** `+0130` → 90, `-0500` → -300, `Z` → 0. */
function utcOffsetMinutes(text: string): number {
  if (text === 'Z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  return sign * (Number(text.slice(1, 3)) * 60 + Number(text.slice(3, 5)));
}

interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  offsetMinutes: number;
}

/**
 * Python's `datetime.strptime(text, format)` for the directives certificates and logs use
 * (`%Y %y %m %d %H %M %S %f %b %Z %z %%`); Ansible's default format is `%Y-%m-%d %H:%M:%S`.
 */
export function parseDateTime(text: string, format = '%Y-%m-%d %H:%M:%S'): Date {
  const setters: Array<(parts: DateParts, text: string) => void> = [];
  let pattern = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      pattern += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/, '\\s+');
      continue;
    }
    const directive = format[++i] ?? '';
    if (directive === '%') {
      pattern += '%';
      continue;
    }
    const known = DIRECTIVES[directive];
    if (!known) throw new TemplateError(`to_datetime: the directive %${directive} is not supported`);
    pattern += known[0];
    setters.push(known[1]);
  }
  const match = new RegExp(`^${pattern}$`).exec(text.trim());
  if (!match) throw new TemplateError(`to_datetime: the text does not match the format '${format}'`);
  const parts: DateParts = { year: 1900, month: 0, day: 1, hour: 0, minute: 0, second: 0, ms: 0, offsetMinutes: 0 };
  setters.forEach((set, index) => {
    const got = match[index + 1];
    if (got !== undefined) set(parts, got);
  });
  const date = new Date(Date.UTC(parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.ms));
  // Date.UTC rolls month 13 or day 32 over; Python refuses them.
  const valid =
    date.getUTCMonth() === parts.month &&
    date.getUTCDate() === parts.day &&
    date.getUTCHours() === parts.hour &&
    date.getUTCMinutes() === parts.minute &&
    date.getUTCSeconds() === parts.second;
  if (!valid) throw new TemplateError(`to_datetime: the text is not a valid date for '${format}'`);
  return new Date(date.getTime() - parts.offsetMinutes * 60_000);
}
