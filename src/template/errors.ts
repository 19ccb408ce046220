/**
 * Errors the template engine throws at run time. All of them extend {@link TemplateError}, so
 * the runner can turn any of them into a failed task result with one `instanceof`. Messages
 * name variables, filters and limits, never a variable's value: a value may be a secret.
 */

/** Any problem rendering a template or evaluating a condition. */
export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** The template or expression does not parse; `offset` is where, when it can be told. */
export class TemplateSyntaxError extends TemplateError {
  constructor(
    message: string,
    /** 0-based character offset in the template text, or undefined for the text as a whole. */
    readonly offset: number | undefined,
    /** A likely fix ("did you mean `default`?"), when there is one. */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/**
 * A template used a variable (or an attribute of one) that does not exist, outside an
 * `is defined` / `default(…)` guard, as Ansible's StrictUndefined does.
 */
export class UndefinedVariableError extends TemplateError {
  constructor(
    /** The name, or the path up to the first missing part: `result.stdot`, `hosts[3]`. */
    readonly variable: string,
    /** Why it came up ("has no attribute", "is undefined"); kept short and value-free. */
    detail = 'is undefined',
  ) {
    super(`'${variable}' ${detail}`);
    this.name = 'UndefinedVariableError';
  }
}

/** A variable's value refers back to itself, directly or through others (`a: "{{ b }}"`, `b: "{{ a }}"`). */
export class VariableLoopError extends TemplateError {
  constructor(
    /** The names being resolved, outermost first, ending with the repeated one. */
    readonly chain: readonly string[],
  ) {
    super(`variable loop: ${chain.join(' -> ')}`);
    this.name = 'VariableLoopError';
  }
}

/** Rendering would exceed a safety bound (output size, steps, nesting, lazy-variable depth). */
export class TemplateLimitError extends TemplateError {
  constructor(
    /** Which bound: see {@link TemplateLimits}' keys. */
    readonly limit: string,
    message: string,
  ) {
    super(message);
    this.name = 'TemplateLimitError';
  }
}
