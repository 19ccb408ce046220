/**
 * YAML tags tuned to read files exactly as Ansible (PyYAML, YAML 1.1) reads them.
 *
 * eemeli/yaml's 1.1 schema is close but not identical: it reads a bare `y`/`n` as a boolean
 * (PyYAML keeps them strings, and a host var named `y` must stay `y`) and turns dates into
 * `Date` objects (Ansible users expect the text back). We also accept Ansible's `!unsafe`
 * tag, which marks a string that must never be templated. `!!binary` becomes the text Ansible
 * shows for it (binary-text.ts), never a Buffer.
 */
import { Scalar, type ScalarTag, type Tags } from 'yaml';
import { UnsafeText } from '../python/unsafe-text.js';
import { binaryAsText } from './binary-text.js';
import { pythonNumberTags, pyYamlFloatWriter } from './python-number-tags.js';

const BOOL_TAG = 'tag:yaml.org,2002:bool';

const pyYamlTrue: ScalarTag = {
  identify: (value) => value === true,
  default: true,
  tag: BOOL_TAG,
  test: /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/,
  resolve: () => new Scalar(true),
};

const pyYamlFalse: ScalarTag = {
  identify: (value) => value === false,
  default: true,
  tag: BOOL_TAG,
  test: /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/,
  resolve: () => new Scalar(false),
};

const unsafeTag: ScalarTag = {
  identify: (value) => value instanceof UnsafeText,
  tag: '!unsafe',
  resolve: (text: string) => new UnsafeText(text),
};

/** Replaces the 1.1 schema's boolean, timestamp, number and binary tags with PyYAML's (Ansible's) behaviour. */
export function ansibleTags(tags: Tags): Tags {
  const kept = tags.filter((t) => {
    const tag = typeof t === 'string' ? t : t.tag;
    return tag !== BOOL_TAG && tag !== 'tag:yaml.org,2002:timestamp' && tag !== binaryAsText.tag;
  });
  return [pyYamlTrue, pyYamlFalse, unsafeTag, pyYamlFloatWriter, binaryAsText, ...pythonNumberTags(kept)];
}
