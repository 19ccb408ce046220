/**
 * Stable problem codes. A code never changes meaning once released; tools and tests match on
 * it rather than on prose. Keep the one-line meaning here: `certbook validate --codes` and the
 * README table are generated from this list.
 */
export const PROBLEM_CODES = {
  // Reading files
  FILE_NOT_FOUND: 'a file named on the command line or included from another file does not exist',
  FILE_UNREADABLE: 'a file exists but cannot be read (permissions, a directory, not UTF-8)',
  FILE_TOO_LARGE: 'a file is larger than certbook is willing to parse',
  // YAML
  YAML_SYNTAX: 'the YAML itself does not parse',
  DUPLICATE_KEY: 'a mapping has the same key twice',
  ALIAS_BOMB: 'the document expands aliases beyond the safe limit (a billion-laughs attack)',
  NESTING_TOO_DEEP: 'lists and mappings nest deeper than certbook is willing to parse',
  MULTIPLE_DOCUMENTS: 'a playbook, task file or inventory holds more than one YAML document',
  // Shapes
  WRONG_TYPE: 'a value has the wrong type (a string where a list is expected, …)',
  INVALID_VALUE: 'a value has the right type but is not allowed (out of range, not one of the choices)',
  UNKNOWN_KEYWORD: 'a play or task keyword certbook does not know',
  MISSING_KEYWORD: 'a keyword that must be present is missing (a play without `hosts`)',
  // Steps
  UNKNOWN_STEP: 'a task names a step that does not exist',
  BAD_STEP_FILE: 'a custom step file (steps/, --steps-path, CERTBOOK_STEPS_PATH) cannot be loaded or defines no valid step',
  NO_STEP: 'a task has no step, block or import',
  MULTIPLE_STEPS: 'a task names more than one step',
  UNKNOWN_ARGUMENT: 'a step is given an argument it does not take',
  MISSING_ARGUMENT: 'a step is missing a required argument',
  CONFLICTING_ARGUMENTS: 'a step is given arguments that exclude each other',
  FREE_FORM_NOT_ALLOWED: 'a step that takes no free-form text was given a plain string',
  // Templates
  TEMPLATE_SYNTAX: 'a `{{ … }}` template or a `when:` expression does not parse',
  UNDEFINED_VARIABLE: 'a template uses a variable that is defined nowhere',
  // Playbook structure
  UNKNOWN_HANDLER: '`notify` names a handler that no play defines',
  INCLUDE_CYCLE: 'task files import each other in a loop',
  // Inventory
  INVENTORY_SHAPE: 'an inventory group, host or vars entry has the wrong shape',
  BAD_HOST_RANGE: 'a host range such as `web[01:10]` is malformed',
  GROUP_CYCLE: 'inventory groups contain each other in a loop',
  INVALID_NAME: 'a group or variable name is not allowed',
  HOST_REDEFINED:
    'two inventory files define one host name with different addresses (`ansible_host`, `ansible_port`): they would merge into one host',
  INVENTORY_FORMAT:
    'an inventory source is in a format certbook does not read (a script, TOML, a plugin config, --list output); as a warning, an .ini file a directory source skips',
  INVENTORY_LOOP: 'a symbolic link in an inventory directory leads back to a directory already read, which is not read again (a warning)',
  UNUSED_VARS_FILE: 'a group_vars/ or host_vars/ entry names no group or host of the inventory (a warning)',
  // Patterns and options
  NO_HOSTS_MATCHED: 'a host pattern or `--limit` matches no host',
  BAD_HOST_PATTERN: 'a host pattern is malformed (an empty pattern, a bad `~regex`, a subscript out of range)',
  UNKNOWN_HOST: 'a name that should be an inventory host is not one',
  BAD_OPTION: 'a command-line option is unknown, misspelt or has a bad value',
} as const;

/** A stable problem code. */
export type ProblemCode = keyof typeof PROBLEM_CODES;
