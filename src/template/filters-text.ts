/**
 * Encoding filters: JSON and YAML both ways, base64, POSIX shell quoting, paths, hashes,
 * regular expressions and datetimes. `quote` is the one to use for every value spliced into
 * a shell command: it is Python's `shlex.quote`, exactly.
 */
import { createHash } from 'node:crypto';
import { Document, isPair, isScalar, parse as parseYaml, visit } from 'yaml';
import { ansibleTags } from '../yaml/ansible-tags.js';
import { pyYamlFloatWriter } from '../yaml/python-number-tags.js';
import { formatDateTime, parseDateTime } from './datetime.js';
import { TemplateError } from './errors.js';
import { arg, type FilterSpec, flagArg, intArg, textArg, typeError } from './filter-api.js';
import { plainData } from './mark-unsafe.js';
import { pyJson } from './py-json.js';
import { pyStr } from './py-text.js';
import { pythonEscape, pythonMatchAll, pythonRegex, pythonSearch, pythonSub } from './python-regex.js';
import { type CallArgs, isMapping, isText, textOf } from './values.js';

function text(value: unknown, where: string): string {
  return isText(value) ? textOf(value) : typeError(where, 'a string', value);
}

/** `shlex.quote`: safe words as they are, anything else in single quotes. */
export function shellQuote(value: string): string {
  if (value === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(value) && /^[\x00-\x7f]*$/.test(value)) return value;
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

function yamlOf(value: unknown, nice: boolean, indent: number): string {
  const doc = new Document(toYamlData(value), { customTags: [pyYamlFloatWriter] });
  if (!nice) {
    // PyYAML's default_flow_style=None: collections holding only scalars are written inline.
    visit(doc, {
      Collection: (_key, node) => {
        if (node.items.every((item) => (isPair(item) ? isScalar(item.value) || item.value === null : isScalar(item)))) node.flow = true;
      },
    });
  }
  return doc.toString({ indent, indentSeq: false, lineWidth: 0, flowCollectionPadding: false });
}

function toYamlData(value: unknown): unknown {
  if (value instanceof Date) return formatDateTime(value);
  if (Array.isArray(value)) return value.map(toYamlData);
  if (isMapping(value)) return Object.fromEntries(Object.keys(value).map((k) => [k, toYamlData(value[k])]));
  return plainData(value, true);
}

function fromYaml(source: string): unknown {
  try {
    return parseYaml(source, { version: '1.1', merge: true, customTags: ansibleTags, maxAliasCount: 100 });
  } catch (error) {
    throw new TemplateError(`from_yaml: ${(error as Error).message.split('\n')[0]}`);
  }
}

function regexFlags(args: CallArgs, ignoreAt: number, multiAt: number): { ignorecase: boolean; multiline: boolean } {
  return { ignorecase: flagArg(args, ignoreAt, 'ignorecase', false), multiline: flagArg(args, multiAt, 'multiline', false) };
}

function regexSearch(value: unknown, args: CallArgs): unknown {
  const [pattern, ...refs] = args.positional;
  const found = pythonSearch(
    pythonRegex(text(pattern, 'regex_search'), regexFlags({ positional: [], keywords: args.keywords }, -1, -1)),
    pyStr(value),
    'regex_search',
  );
  if (!found) return null;
  const match = found.all;
  if (refs.length === 0) return match[0];
  return refs.map((ref) => {
    const m = /^\\(?:(\d+)|g<(\w+)>)$/.exec(text(ref, 'regex_search'));
    if (!m) throw new TemplateError("regex_search: group arguments look like '\\1' or '\\g<name>'");
    return (m[1] !== undefined ? match[Number(m[1])] : found.groups?.[m[2]!]) ?? null;
  });
}

function regexFindall(value: unknown, args: CallArgs): unknown[] {
  const regex = pythonRegex(textArg(args, 0, 'regex', '', 'regex_findall'), { ...regexFlags(args, 2, 1), global: true });
  return pythonMatchAll(regex, pyStr(value), 'regex_findall').map((m) =>
    m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : m.slice(1).map((g) => g ?? ''),
  );
}

const HASHES = new Set(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']);

/** The encoding filters, by name. */
export const TEXT_FILTERS: Record<string, FilterSpec> = {
  to_json: {
    fn: (value, args, { budget }) => {
      const indent = arg(args, -1, 'indent');
      return pyJson(
        value,
        {
          indent: indent === undefined || indent === null ? undefined : intArg(args, -1, 'indent', 0, 'to_json'),
          sortKeys: flagArg(args, -1, 'sort_keys', false),
          ensureAscii: flagArg(args, -1, 'ensure_ascii', true),
        },
        budget,
      );
    },
  },
  to_nice_json: {
    fn: (value, args, { budget }) =>
      pyJson(
        value,
        {
          indent: intArg(args, 0, 'indent', 4, 'to_nice_json'),
          sortKeys: flagArg(args, -1, 'sort_keys', true),
          ensureAscii: flagArg(args, -1, 'ensure_ascii', true),
        },
        budget,
      ),
  },
  tojson: {
    fn: (value, _args, { budget }) =>
      pyJson(value, { sortKeys: true }, budget).replace(/[<>&']/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  },
  from_json: {
    fn: (value) => {
      try {
        return JSON.parse(text(value, 'from_json')) as unknown;
      } catch (error) {
        throw new TemplateError(`from_json: ${(error as Error).message}`);
      }
    },
  },
  to_yaml: { fn: (value, args) => yamlOf(value, false, intArg(args, -1, 'indent', 2, 'to_yaml')) },
  to_nice_yaml: { fn: (value, args) => yamlOf(value, true, intArg(args, 0, 'indent', 4, 'to_nice_yaml')) },
  from_yaml: { fn: (value) => fromYaml(text(value, 'from_yaml')) },
  b64encode: { fn: (value, args) => Buffer.from(pyStr(value), encoding(args)).toString('base64') },
  b64decode: { fn: (value, args) => Buffer.from(text(value, 'b64decode'), 'base64').toString(encoding(args)) },
  quote: { fn: (value) => shellQuote(value === null ? '' : pyStr(value)) },
  basename: { fn: (value) => pyStr(value).slice(pyStr(value).lastIndexOf('/') + 1) },
  dirname: {
    fn: (value) => {
      const path = pyStr(value);
      const head = path.slice(0, path.lastIndexOf('/') + 1);
      // posixpath.dirname strips trailing slashes unless the head is all slashes.
      return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
    },
  },
  hash: {
    fn: (value, args) => {
      const algorithm = textArg(args, 0, 'hashtype', 'sha1', 'hash');
      if (!HASHES.has(algorithm)) throw new TemplateError(`hash: unsupported algorithm '${algorithm}'`);
      return createHash(algorithm).update(pyStr(value), 'utf8').digest('hex');
    },
  },
  checksum: { fn: (value) => createHash('sha1').update(pyStr(value), 'utf8').digest('hex') },
  regex_escape: { fn: (value) => pythonEscape(pyStr(value)) },
  regex_search: { fn: regexSearch },
  regex_findall: { fn: regexFindall },
  regex_replace: {
    fn: (value, args, { budget }) => {
      const regex = pythonRegex(textArg(args, 0, 'pattern', '', 'regex_replace'), regexFlags(args, 2, 3));
      const out = pythonSub(
        regex,
        textArg(args, 1, 'replacement', '', 'regex_replace'),
        pyStr(value),
        intArg(args, 4, 'count', 0, 'regex_replace'),
      );
      budget.checkLength(out.length);
      return out;
    },
  },
  to_datetime: {
    fn: (value, args) => parseDateTime(text(value, 'to_datetime'), textArg(args, 0, 'format', '%Y-%m-%d %H:%M:%S', 'to_datetime')),
  },
};

function encoding(args: CallArgs): BufferEncoding {
  const name = textArg(args, 0, 'encoding', 'utf-8', 'b64').toLowerCase().replace(/[-_]/g, '');
  if (name === 'utf8') return 'utf8';
  if (name === 'utf16le' || name === 'utf16') return 'utf16le';
  if (name === 'latin1' || name === 'iso88591') return 'latin1';
  if (name === 'ascii') return 'ascii';
  throw new TemplateError(`b64: unsupported encoding '${name}'`);
}
