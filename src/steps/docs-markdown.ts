/**
 * The step reference as Markdown, for the README and the docs folder. Same facts as the
 * terminal reference (`docs.ts`), from the same rows.
 */
import { type ArgumentRow, argumentRows, argumentRules } from './argument-rows.js';
import { freeFormText } from './docs.js';
import { findStep, STEPS } from './registry.js';

/** One step's reference as Markdown, headed `## name`; throws for an unknown name. */
export function renderStepReferenceMarkdown(name: string): string {
  const step = findStep(name);
  if (!step) throw new Error(`unknown step ${name}`);
  const parts = [`## ${step.name}`, `_${step.summary}._`, step.description, '### Arguments', argumentTable(argumentRows(step))];
  const rules = argumentRules(step);
  if (rules.length > 0) parts.push(rules.map((r) => `- ${r}`).join('\n'));
  parts.push(`**Free form.** ${freeFormText(step)}`);
  parts.push(`**Check mode.** ${step.checkMode}`);
  parts.push(`**Changed.** ${step.changed}`);
  parts.push('### Returns', returnsTable(step.returns));
  parts.push('### Examples', ...step.examples.map((e) => `${e.title}:\n\n\`\`\`yaml\n${e.yaml.trimEnd()}\n\`\`\``));
  return `${parts.join('\n\n')}\n`;
}

/** Every step's reference, with a table of contents, as one Markdown document. */
export function renderAllStepsMarkdown(): string {
  const toc = [...STEPS.values()].map((s) => `- [\`${s.name}\`](#${s.name}): ${s.summary}`).join('\n');
  const body = [...STEPS.keys()].map(renderStepReferenceMarkdown).join('\n');
  return `# Steps\n\n${toc}\n\n${body}`;
}

function argumentTable(rows: ArgumentRow[]): string {
  if (rows.length === 0) return 'None.';
  const header = '| Argument | Type | Required | Default | Choices | Sensitive | Description |\n|---|---|---|---|---|---|---|';
  const lines = rows.map((r) => {
    const allowed = [r.choices, r.range].filter(Boolean).join('; ');
    return `| \`${r.name}\` | ${cell(r.type)} | ${r.required} | ${r.defaultValue ? `\`${cell(r.defaultValue)}\`` : ''} | ${cell(allowed)} | ${r.sensitive ? 'yes' : ''} | ${cell(r.description)} |`;
  });
  return [header, ...lines].join('\n');
}

function returnsTable(returns: Record<string, string>): string {
  const entries = Object.entries(returns);
  if (entries.length === 0) return 'Nothing.';
  return ['| Field | Meaning |', '|---|---|', ...entries.map(([k, v]) => `| \`${cell(k)}\` | ${cell(v)} |`)].join('\n');
}

/** Table cells cannot hold a raw pipe or newline. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
