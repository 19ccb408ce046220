/**
 * `certbook steps` and `certbook steps NAME`: the step reference for terminals, generated only
 * from the step definitions so it cannot drift from what the loader checks. Plain text, at
 * most 100 columns (a long unbreakable word such as a URL may exceed it).
 */
import { type ArgumentRow, argumentRows, argumentRules } from './argument-rows.js';
import { customSteps, findStep, STEPS } from './registry.js';
import type { StepDefinition } from './step.js';
import { pad, wrap } from './text-wrap.js';

/** The terminal width the reference is laid out for. */
export const DOC_WIDTH = 100;
const INDENT = '    ';

/** Every step with its one-line summary, names aligned. */
export function renderStepList(): string {
  const own = customSteps();
  const width = Math.max(...[...STEPS.keys(), ...own.map((s) => s.name)].map((n) => n.length)) + 2;
  const line = (step: StepDefinition): string => `  ${pad(step.name, width)}${step.summary}`;
  const builtIn = `${[...STEPS.values()].map(line).join('\n')}\n`;
  if (own.length === 0) return builtIn;
  return `${builtIn}\nThe project's own steps:\n${own.map((s) => `${line(s)} (${s.custom})`).join('\n')}\n`;
}

/** The full reference of one step; throws for an unknown name (the CLI checks names first). */
export function renderStepReference(name: string): string {
  const step = findStep(name);
  if (!step) throw new Error(`unknown step ${name}`);
  const sections: string[] = [
    `${step.name} - ${step.summary}`,
    section('DESCRIPTION', wrap(step.description, DOC_WIDTH, INDENT)),
    section('ARGUMENTS', argumentTable(argumentRows(step))),
  ];
  const rules = argumentRules(step);
  if (rules.length > 0)
    sections.push(
      section(
        'RULES',
        rules.flatMap((r) => wrap(r, DOC_WIDTH, INDENT)),
      ),
    );
  sections.push(section('FREE FORM', wrap(freeFormText(step), DOC_WIDTH, INDENT)));
  sections.push(section('CHECK MODE', wrap(step.checkMode, DOC_WIDTH, INDENT)));
  sections.push(section('CHANGED', wrap(step.changed, DOC_WIDTH, INDENT)));
  sections.push(section('RETURNS (with register:)', returnsList(step)));
  sections.push(section('EXAMPLES', examples(step)));
  return `${sections.join('\n\n')}\n`;
}

/** What the step's free form does, in one sentence. */
export function freeFormText(step: StepDefinition): string {
  return step.freeForm
    ? `\`${step.name}: TEXT\` is short for \`${step.name}: { ${step.freeForm}: TEXT }\`.`
    : `None: give the arguments as a mapping (\`${step.name}: { … }\`) or, as in Ansible, as \`key=value\` words on one line.`;
}

function section(title: string, lines: string[]): string {
  return [title, ...lines].join('\n');
}

function argumentTable(rows: ArgumentRow[]): string[] {
  if (rows.length === 0) return [`${INDENT}none`];
  const nameWidth = Math.max(4, ...rows.map((r) => r.name.length)) + 2;
  const typeWidth = Math.max(4, ...rows.map((r) => r.type.length)) + 2;
  const header = `  ${pad('NAME', nameWidth)}${pad('TYPE', typeWidth)}${pad('REQUIRED', 11)}DEFAULT`;
  const lines = [header];
  for (const row of rows) {
    lines.push(`  ${pad(row.name, nameWidth)}${pad(row.type, typeWidth)}${pad(row.required, 11)}${row.defaultValue}`.trimEnd());
    lines.push(...wrap(row.description, DOC_WIDTH, INDENT));
    if (row.choices) lines.push(...wrap(`Choices: ${row.choices}.`, DOC_WIDTH, INDENT));
    if (row.range) lines.push(`${INDENT}Range: ${row.range}.`);
    if (row.sensitive) lines.push(`${INDENT}Sensitive: redacted in every report and message.`);
  }
  return lines;
}

function returnsList(step: StepDefinition): string[] {
  const entries = Object.entries(step.returns);
  if (entries.length === 0) return [`${INDENT}nothing`];
  const width = Math.min(36, Math.max(...entries.map(([k]) => k.length)) + 2);
  return entries.flatMap(([field, meaning]) => {
    if (field.length + 2 > width) return [`${INDENT}${field}`, ...wrap(meaning, DOC_WIDTH, INDENT + ' '.repeat(width))];
    const [first = '', ...rest] = wrap(meaning, DOC_WIDTH, INDENT + ' '.repeat(width));
    return [`${INDENT}${pad(field, width)}${first.trimStart()}`, ...rest];
  });
}

function examples(step: StepDefinition): string[] {
  return step.examples.flatMap((example, i) => [
    ...(i > 0 ? [''] : []),
    ...wrap(`# ${example.title}`, DOC_WIDTH, INDENT),
    ...example.yaml
      .trimEnd()
      .split('\n')
      .map((line) => `${INDENT}${line}`),
  ]);
}
