// An example of a team's own certbook step (docs/custom-steps.md): counts the lines of a file on
// the host and fails when there are more than `max`. Plain JavaScript, so it loads everywhere.
/** @type {import('certbook/src/steps/custom/load-custom-steps.js').CustomStep} */
export default {
  name: 'line_count',
  summary: 'Count the lines of a file on the host, failing above a maximum',
  schema: {
    type: 'object',
    properties: {
      path: { type: 'string', description: 'The file to count.' },
      max: { type: 'integer', minimum: 0, description: 'Fail when the file has more lines than this.' },
    },
    required: ['path'],
    additionalProperties: false,
  },
  // It only reads, so check mode changes nothing either way.
  supportsCheckMode: true,
  changed: 'Never: the step only reads.',
  returns: { lines: 'how many lines the file has' },
  async run(args, ctx) {
    const r = await ctx.host.exec(`wc -l < ${quote(String(args.path))}`, {
      signal: ctx.signal,
      ...(ctx.become ? { become: ctx.become } : {}),
    });
    if (r.rc !== 0) return { changed: false, failed: true, msg: `cannot read ${args.path}: ${r.stderr.trim()}` };
    const lines = Number.parseInt(r.stdout.trim(), 10);
    const over = args.max !== undefined && lines > Number(args.max);
    return {
      changed: false,
      ...(over ? { failed: true, msg: `${args.path} has ${lines} lines, more than ${args.max}` } : {}),
      data: { lines },
    };
  },
};

function quote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
