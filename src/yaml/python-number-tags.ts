/**
 * YAML numbers as PyYAML reads and writes them, on src/python/py-number.ts's values: an int
 * keeps every digit (`123456789012345678901234567890` becomes a bigint, not 1.2e+29), a float
 * keeps being a float when its value is whole (`1.0` becomes a {@link PyFloat}, not the int 1),
 * and floats are written as PyYAML writes them (`1.0`, `1.0e+20`, `.inf`, `.nan`).
 */
import { Scalar, type ScalarTag, type Tags } from 'yaml';
import { floatRepr, PyFloat, pyFloat, pyInt } from '../python/py-number.js';

const INT_TAG = 'tag:yaml.org,2002:int';
const FLOAT_TAG = 'tag:yaml.org,2002:float';

/** PyYAML's `represent_float`: repr, lower case, a `.0` before a bare exponent, `.inf`/`.nan`. */
export function pyYamlFloat(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  const text = floatRepr(n);
  return text.includes('.') || !text.includes('e') ? text : text.replace('e', '.0e');
}

/** Writes floats (boxed or not) as PyYAML; put it before the schema's own number tags. */
export const pyYamlFloatWriter: ScalarTag = {
  identify: (value) => value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value)),
  default: true,
  tag: FLOAT_TAG,
  // Only an explicit `!!float 1` reaches this resolve: Python reads it as 1.0.
  resolve: (text: string) => pyFloat(Number.parseFloat(text.replace(/_/g, ''))),
  stringify: (item) => pyYamlFloat(item.value instanceof PyFloat ? item.value.value : Number(item.value)),
};

function floatValue(value: unknown): unknown {
  return typeof value === 'number' ? pyFloat(value) : value;
}

/** The schema's int and float tags, resolving to Python's numbers; other tags as they are. */
export function pythonNumberTags(tags: Tags): Tags {
  return tags.map((t) => {
    if (typeof t === 'string' || !('resolve' in t) || (t.tag !== INT_TAG && t.tag !== FLOAT_TAG)) return t;
    const tag = t as ScalarTag;
    if (tag.tag === INT_TAG) {
      return {
        ...tag,
        resolve: (text, onError, options) => pyInt(tag.resolve(text, onError, { ...options, intAsBigInt: true }) as bigint),
      } satisfies ScalarTag;
    }
    return {
      ...tag,
      resolve: (text, onError, options) => {
        const resolved = tag.resolve(text, onError, options);
        if (resolved instanceof Scalar) {
          resolved.value = floatValue(resolved.value);
          return resolved;
        }
        return floatValue(resolved);
      },
    } satisfies ScalarTag;
  });
}
